"""How a user's own layer looks, on screen and on paper: its colours, categories and path style.

One place for both readers — ``mapview.overlay`` (the web map) and ``export.overlays`` (every
printed export) — so an uploaded file prints as it shows: same palette, same "other" folding,
same stroke and fill (points filled nearly solid, so the chosen colour reads as that colour).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.bilingual import Text
from layers.base import Style

# Palette as data: ColorBrewer Set1/Dark2-like, distinguishable on the plan's own colours.
PALETTE: tuple[str, ...] = (
    "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628",
    "#f781bf", "#1b9e77", "#d95f02", "#7570b3", "#66a61e", "#e6ab02",
)
DEFAULT_COLOUR = "#d7301f"
STROKE_OPACITY = 0.9
POINT_FILL_OPACITY = 0.8      # points are small: filled nearly solid
MAX_CATEGORIES = 12           # beyond: the 11 most common + "other"
OTHER = Text("Khác", "Other")
EMPTY = Text("(trống)", "(empty)")
OTHER_KEY = "__other__"

SHAPES = {"point": "circle", "line": "line", "polygon": "area"}  # overlay family → layers.base legend shape


@dataclass(frozen=True)
class OverlayStyle:
    """Single colour, or one colour per category of ``by`` (an attribute name)."""

    colour: str = DEFAULT_COLOUR
    by: str | None = None
    palette: tuple[str, ...] = PALETTE
    fill_opacity: float = 0.35
    weight: float = 1.5
    radius: float = 6.0  # points


def path_style(family: str, colour: str, style: OverlayStyle) -> Style:
    """The drawn style of one category of an overlay of ``family`` (point, line, polygon)."""
    fill = {"line": 0.0, "point": max(style.fill_opacity, POINT_FILL_OPACITY)}.get(family, style.fill_opacity)
    return Style(colour=colour, fill_colour=colour if family != "line" else None,
                 radius=int(style.radius) if family == "point" else 0,
                 weight=style.weight if family != "point" else 1,
                 fill_opacity=fill, opacity=STROKE_OPACITY)


def _value(v) -> str | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def categories_of(gdf, by: str, lang: str = "vi", max_categories: int = MAX_CATEGORIES) -> list[tuple[str, object]]:
    """[(label, key)] of ``by``'s categories, most common first; rare ones fold into "other"."""
    counts = gdf[by].map(_value).value_counts(dropna=False)
    keys = list(counts.index)
    if len(keys) > max_categories:
        keys = keys[: max_categories - 1] + [OTHER_KEY]
    out = []
    for k in keys:
        if k == OTHER_KEY:
            out.append((OTHER.get(lang), k))
        elif k is None or (isinstance(k, float) and math.isnan(k)):
            out.append((EMPTY.get(lang), None))
        else:
            out.append((str(k), k))
    return out


def category_groups(gdf, name: str, style: OverlayStyle, lang: str) -> list[tuple[str, str, np.ndarray]]:
    """[(label, colour, boolean mask over ``gdf``)]: one per category of ``style.by``, else one named ``name``."""
    if style.by and style.by in gdf.columns:
        cats = categories_of(gdf, style.by, lang)
        listed = {k for _, k in cats if k != OTHER_KEY}
        keys = gdf[style.by].map(_value).map(lambda v: v if v in listed else OTHER_KEY).to_numpy(dtype=object)
        return [(label, style.palette[i % len(style.palette)], keys == key) for i, (label, key) in enumerate(cats)]
    return [(name, style.colour, np.ones(len(gdf), dtype=bool))]
