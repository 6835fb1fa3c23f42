"""The user's own layers (overlays) on every export: what they are, their legend, sources, bounds and tables.

An overlay is ``(geo.overlay_io.Overlay, layers.overlay_style.OverlayStyle)`` — what the map page keeps in
``st.session_state["_overlays"]``. Colours, categories (``by`` an attribute, the same palette, the same
"other" folding) and the path style come from ``layers.overlay_style``, which the web map reads too;
``export.overlay_draw`` draws them on printed maps.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.text import slug
from export.words import w
from layers.base import LegendEntry
from layers.overlay_style import SHAPES, OverlayStyle, category_groups, path_style


def user_data_label(lang: str) -> str:
    return w("user_data", lang)


def normalise(overlays) -> tuple:
    """``overlays`` as a tuple of (Overlay, OverlayStyle) pairs; a bare Overlay gets the default style."""
    out = []
    for item in overlays or ():
        if isinstance(item, (tuple, list)):
            overlay, style = (tuple(item) + (None,))[:2]
        else:
            overlay, style = item, None
        out.append((overlay, style or OverlayStyle()))
    return tuple(out)


def file_name_of(overlay) -> str:
    report = getattr(overlay, "report", None)
    return str(getattr(report, "filename", None) or overlay.name)


def key_of(overlays) -> tuple:
    """What identifies the overlays of a request (for equality: 'is that file still what is asked?')."""
    return tuple((getattr(o, "digest", None) or id(o), o.name, s) for o, s in overlays)


@dataclass(frozen=True)
class Group:
    label: str
    colour: str
    index: np.ndarray      # positions in the overlay's GeoDataFrame


def groups_of(overlay, style: OverlayStyle, lang: str) -> list[Group]:
    """The overlay's categories as drawn on the map (same labels, order and palette: layers.overlay_style)."""
    return [Group(label, colour, np.flatnonzero(mask))
            for label, colour, mask in category_groups(overlay.gdf, overlay.name, style, lang) if mask.any()]


def legend_entries(overlay, style: OverlayStyle, lang: str) -> list[LegendEntry]:
    family = overlay.family
    return [LegendEntry(label=g.label, style=path_style(family, g.colour, style), shape=SHAPES[family])
            for g in groups_of(overlay, style, lang)]


def legend_sections(overlays, lang: str) -> list[tuple[str, list[LegendEntry]]]:
    """One legend section per overlay, headed by its name (as on the map)."""
    return [(overlay.name, legend_entries(overlay, style, lang)) for overlay, style in overlays
            if len(overlay.gdf)]


def sources_text(overlays, lang: str) -> str | None:
    """'Dữ liệu người dùng: a.csv, b.geojson' (None without overlays)."""
    names = []
    for overlay, _ in overlays:
        name = file_name_of(overlay)
        if name not in names:
            names.append(name)
    return f"{user_data_label(lang)}: {', '.join(names)}" if names else None


def bounds_of(overlays) -> tuple[float, float, float, float] | None:
    boxes = [overlay.gdf.total_bounds for overlay, _ in overlays if len(overlay.gdf)]
    if not boxes:
        return None
    b = np.array(boxes, dtype=float)
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


# ---------------------------------------------------------------------------- data exports
RESERVED = {"fid", "geom", "geometry"}


def attribute_frame(overlay):
    """The overlay's attributes with names safe for a GeoPackage/spreadsheet (unique, case-insensitive)."""
    gdf = overlay.gdf
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    seen: set[str] = set()
    rename = {}
    for c in cols:
        name = str(c).strip() or "field"
        base, n = name, 1
        while name.lower() in seen or name.lower() in RESERVED:
            n += 1
            name = f"{base}_{n}"
        seen.add(name.lower())
        rename[c] = name
    return gdf[cols].rename(columns=rename)


def table_names(overlays: Sequence, taken: Sequence[str] = ()) -> list[str]:
    """ASCII table names ``overlay_<file>`` (unique; never a plan layer's id)."""
    used = {t.lower() for t in taken}
    names = []
    for overlay, _ in overlays:
        base = "overlay_" + (slug(overlay.name).replace("-", "_")[:40] or "data")
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name.lower())
        names.append(name)
    return names
