"""What goes on an export: the features shown, the words around them, the legend.

Pure data: every format (snapshot, atlas, slides, HTML, data) starts from one :class:`Scene`
(made by ``export.scene_build.build_scene``), so they all show the same features, the same status
and the same legend.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pandas.core.dtypes.cast import maybe_box_native

from core.i18n import t
from core.plan import current_plan
from core.vocab import PROVINCE_BOUNDS, STATUSES, URBAN_CLASSES
from export import overlays as user_layers
from export.data_version import data_version
from export.records import RECORD_COLUMNS, feature_record
from export.request import ExportRequest
from export.words import fmt_date, nfc, w
from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_legend
from layers.query import class_filtered
from layers.registry import get_layer
from mapview.view_link import MapView, app_link
from progress.dashboard import real_reports

# Positions a source gives for the place itself (a town's own coordinate): the only ones not called indicative.
SURVEYED_PRECISIONS = frozenset({"city/town centre (Wikipedia coordinate)", "town centre (GeoNames coordinate)"})


@dataclass
class Scene:
    """The features an export shows (filtered, with status and labels) and everything said about them."""

    request: ExportRequest
    frames: dict[str, gpd.GeoDataFrame]           # layer id → visible features (decorated), in registry order
    history: pd.DataFrame                          # every report up to the as-of date (may be empty)
    made_on: date = field(default_factory=date.today)

    # ---------------------------------------------------------------- words
    @property
    def lang(self) -> str:
        return self.request.lang

    @property
    def ctx(self) -> StyleContext:
        return StyleContext(colour_mode=self.request.colour_mode, lang=self.lang,  # type: ignore[arg-type]
                            one_meaning=True)  # class mode: unclassed features neutral (layers.base.NEUTRAL_COLOUR)

    @property
    def specs(self) -> list[LayerSpec]:
        return [get_layer(layer_id) for layer_id in self.frames]

    def title(self) -> str:
        return nfc(self.request.title) if self.request.title else t("app_title", self.lang)

    def subtitle_lines(self) -> list[str]:
        if self.request.subtitle:
            return [nfc(line) for line in self.request.subtitle.splitlines() if line.strip()]
        lang = self.lang
        layers = ", ".join(spec.title(lang) for spec in self.specs)
        second = f"{w('layers_shown', lang)}: {layers} · {t('as_of', lang)} {fmt_date(self.request.day, lang)}"
        if self.request.extent_label:
            second += f" · {w('extent', lang)}: {nfc(self.request.extent_label)}"
        return [t("program_name", lang), second + self.filter_text()]

    def units_line(self) -> str | None:
        """What the plan means under today's units and law (plan.toml ``units_today``: the 2025 merger into
        TP Hải Phòng, the four classes since 2026), for every title block; None if the plan says nothing."""
        words = current_plan().text("units_today")
        return nfc(words.get(self.lang)) if words else None

    def dates_line(self) -> str:
        """"Dữ liệu cập nhật … · báo cáo mới nhất …": the data's date and the newest report counted."""
        return f"{self.updated_line()} · {self.reports_line()}"

    def filter_text(self) -> str:
        view, lang = self.request.view, self.lang
        parts = []
        if class_filtered(view.layers) and set(view.classes) != set(URBAN_CLASSES):
            parts.append(f"{t('urban_class', lang)}: {', '.join(view.classes) or '—'}")
        if set(view.statuses) != set(STATUSES):
            parts.append(f"{t('status', lang)}: {', '.join(STATUSES[s].label(lang) for s in view.statuses) or '—'}")
        if view.query:
            parts.append(f"{w('search_for', lang)}: “{nfc(view.query)}”")
        return (" · " + w("filtered", lang) + " — " + "; ".join(parts)) if parts else ""

    @property
    def overlays(self) -> tuple:
        """The user's own layers on this export: ((Overlay, OverlayStyle), …), drawn over the plan."""
        return self.request.overlays

    def view_link(self) -> str | None:
        """The app link that opens the exported view (layers, filters, date, colours, language), if configured."""
        req = self.request
        if not req.public_base_url:
            return None
        return app_link(req.public_base_url, MapView(lang=req.lang, filter=req.view, colour_mode=req.colour_mode,
                                                     as_of=req.as_of))

    def made_line(self) -> str:
        return f"{w('made_on', self.lang)} {fmt_date(self.made_on, self.lang)}"

    def bottom_lines(self, chars: int) -> list[str]:
        """The printed map's last lines, ``chars`` wide: projection and date made, then the places not on the
        map — on the same line when it has room (the legend beside the map keeps its height), else below."""
        first = f"{w('projection', self.lang)} · {self.made_line()}"
        unplaced = self.unplaced_line()
        if unplaced is None:
            return [first]
        if len(first) + 3 + len(unplaced) <= chars:
            return [f"{first} · {unplaced}"]
        return [first] + textwrap.wrap(unplaced, chars)

    def updated_line(self, version=None) -> str:
        """"Dữ liệu cập nhật dd/mm/yyyy" (the data's date, export.data_version); the version hash where there is none."""
        version = version or data_version()
        if version.updated is None:
            return w("data_version", self.lang).format(version=version.version)
        return w("data_updated", self.lang).format(updated=fmt_date(version.updated, self.lang))

    def data_metadata(self) -> str:
        """The data's version for a file's metadata (PDF Keywords, PNG text): the content hash and its date."""
        version = data_version()
        return f"planmap data {version.version}" + (f" ({version.updated.isoformat()})" if version.updated else "")

    def data_line(self) -> str:
        """The title block's last line: the data's date (``export.data_version``; the hash is in the metadata), the progress
        reports counted (up to the as-of date, and the newest one's date — not the plan data's newest fact, which
        beside a later as-of date read as if the latest reports were left out) and, where the map draws positions
        or boundaries that are not surveyed, that they are indicative."""
        line = getattr(self, "_data_line", None)
        if line is None:  # once per scene: the atlas writes it on every page
            lang, version = self.lang, data_version()
            parts = [self.updated_line(version), self.reports_line()]
            if self.draws_indicative():
                parts.append(w("indicative", lang))
            line = self._data_line = " · ".join(parts)
        return line

    def reports_line(self) -> str:
        """The date of the newest progress report the export counts (every one dated up to its as-of date, the
        seed's first statuses left out: their dates are their sources', not a report's)."""
        dates = real_reports(self.history)["as_of"].dropna() if "as_of" in self.history else ()
        if not len(dates):
            return w("no_reports_until", self.lang)
        return w("reports_until", self.lang).format(newest=fmt_date(max(dates), self.lang))

    def draws_indicative(self) -> bool:
        """Whether the map draws a position or a line/area not surveyed on the ground: every precision but a
        town's own published coordinate, every schematic route or area — and the district boundaries of the
        base geography (reference outlines 2019–2025), drawn under every map that shows a feature."""
        for layer_id in self.frames:
            placed = self.placed(layer_id)
            if len(placed) and (placed.geometry.geom_type != "Point").any():
                return True
            precisions = placed.get("location_precision", pd.Series(dtype=object)).fillna("")
            if any(p not in SURVEYED_PRECISIONS for p in precisions):
                return True
        return False

    def unplaced(self) -> list[str]:
        """Names of the filtered places the map cannot show (no source gives a position), in layer order; in
        English their English names where they have one ("Class V urban area, not identified (1)": a description,
        not a proper name the map shows)."""
        names = []
        for layer_id, frame in self.frames.items():
            if len(self.placed(layer_id)) == len(frame):   # every feature placed (the scene knows it already)
                continue
            for _, row in frame.loc[~has_place(frame)].iterrows():
                english = row.get("name_en") if self.lang == "en" else None
                names.append(nfc(english if isinstance(english, str) and english else row["name"]))
        return names

    def unplaced_line(self, most: int = 6) -> str | None:
        """The map page's line naming the places of the filter that are not on it (or saying where they are
        listed, when more than ``most``); None when every place is drawn."""
        names = self.unplaced()
        if not names:
            return None
        if len(names) > most:
            return w("not_on_map_many", self.lang).format(n=len(names))
        return w("not_on_map", self.lang).format(n=len(names), names="; ".join(names))

    # ---------------------------------------------------------------- geometry
    def placed(self, layer_id: str) -> gpd.GeoDataFrame:
        """The layer's features that have a place (once per scene: the page, its legend, its extent and
        the projection all ask, and a GeoDataFrame mask costs a few milliseconds each time)."""
        def make() -> gpd.GeoDataFrame:
            frame = self.frames[layer_id]
            placed = has_place(frame)
            return frame if bool(placed.all()) else frame[placed]  # no copy when every feature has a place
        return self._memo("placed", layer_id, make)

    def in_view(self, layer_id: str) -> gpd.GeoDataFrame:
        """The placed features of a layer that the page shows: all of them, or those touching the chosen extent
        (so a district's map lists in its legend only what is drawn on it)."""
        def make() -> gpd.GeoDataFrame:
            placed = self.placed(layer_id)
            if self.request.extent is None or placed.empty:
                return placed
            minx, miny, maxx, maxy = self.request.extent
            return placed[placed.intersects(shapely.box(minx, miny, maxx, maxy))]
        return self._memo("in_view", layer_id, make)

    def extent(self) -> tuple[float, float, float, float]:
        """The lon/lat box to show: the request's, else the visible features (inside the province)."""
        if self.request.extent is not None:
            return self.request.extent
        # each layer's box, combined below (the box of all_placed(), without concatenating the layers)
        boxes = [tuple(part.total_bounds) for part in (self.placed(k) for k in self.frames) if len(part)]
        user = user_layers.bounds_of(self.overlays)
        if user is not None:
            boxes.append(user)
        if not boxes:
            return PROVINCE_BOUNDS
        minx, miny = min(b[0] for b in boxes), min(b[1] for b in boxes)
        maxx, maxy = max(b[2] for b in boxes), max(b[3] for b in boxes)
        pminx, pminy, pmaxx, pmaxy = PROVINCE_BOUNDS
        minx, miny, maxx, maxy = max(minx, pminx), max(miny, pminy), min(maxx, pmaxx), min(maxy, pmaxy)
        if minx > maxx or miny > maxy:  # nothing inside the province (user data placed elsewhere)
            return PROVINCE_BOUNDS
        if maxx - minx < 0.02:
            minx, maxx = minx - 0.05, maxx + 0.05
        if maxy - miny < 0.02:
            miny, maxy = miny - 0.05, maxy + 0.05
        return (minx, miny, maxx, maxy)

    # ---------------------------------------------------------------- legend
    def _memo(self, name: str, layer_id: str, make):
        """``make()`` once per layer while its frame and the request stay the same objects: every map of a
        deck (and the legend's height, then the legend) asks for the same layer's styles again."""
        memo = self.__dict__.setdefault("_memo_by_layer", {})
        frame, found = self.frames.get(layer_id), memo.get((name, layer_id))
        if found is None or found[0] is not frame or found[1] is not self.request:
            found = memo[(name, layer_id)] = (frame, self.request, make())
        return found[2]

    def rows_in_view(self, layer_id: str) -> list[dict]:
        """The properties of each feature of :meth:`in_view` (its styles, its statuses and its drawing read
        them; do not change them)."""
        return self._memo("rows", layer_id, lambda: row_dicts(self.in_view(layer_id)))

    def styles_of(self, layer_id: str) -> list[tuple[Style, str]]:
        """(style, geometry kind) of every placed feature of a layer, as drawn."""
        def make() -> list[tuple[Style, str]]:
            spec = get_layer(layer_id)
            return [(spec.style_of(props, self.ctx), _kind(props["geometry"])) for props in self.rows_in_view(layer_id)]
        return list(self._memo("styles", layer_id, make))

    def legend_sections(self) -> list[tuple[str, list[LegendEntry]]]:
        """The legend of what is actually on the map: per layer, then the statuses shown."""
        sections: list[tuple[str, list[LegendEntry]]] = []
        for spec in self.specs:
            styles = self.styles_of(spec.id)
            if not styles:
                continue
            legend = spec.legend(self.ctx)
            radii = {e.style.radius for e in legend if e.shape == "circle"}
            entries = [_as_drawn(e, styles) for e in legend if _entry_shown(e, styles, radii)]
            if entries:
                sections.append((spec.title(self.lang), entries))
        statuses = self.statuses_shown()
        if statuses:
            by_label = {e.label: e for e in status_legend(self.ctx)}
            entries = [by_label[STATUSES[s].label(self.lang)] for s in STATUSES if s in statuses]
            sections.append((t("status", self.lang), entries))
        sections += user_layers.legend_sections(self.overlays, self.lang)  # the user's layers last, as on the map
        return sections

    def statuses_shown(self) -> set[str]:
        """Statuses whose colour is on the map (features coloured by class, or in fixed colours, show none)."""
        found: set[str] = set()
        for layer_id in self.frames:
            found |= self._memo("statuses", layer_id, lambda layer_id=layer_id: self._statuses_of(layer_id))
        return found

    def _statuses_of(self, layer_id: str) -> frozenset[str]:
        spec, placed = get_layer(layer_id), self.in_view(layer_id)
        if "status" not in placed.columns or not len(placed):
            return frozenset()
        shown = [spec.shows_status(props, self.ctx) for props in self.rows_in_view(layer_id)]
        return frozenset(placed.loc[shown, "status"].fillna("unknown"))

    # ---------------------------------------------------------------- tables
    def rows(self, layer_id: str | None = None) -> pd.DataFrame:
        """One row per visible feature (placed or not) with the columns tables and data files show."""
        records = []
        for lid, frame in self.frames.items():
            if layer_id is not None and lid != layer_id:
                continue
            spec = get_layer(lid)
            for fid, row in frame.iterrows():
                records.append(feature_record(str(fid), row, spec, self.lang))
        return pd.DataFrame.from_records(records, columns=RECORD_COLUMNS)

    def history_of(self, feature_id: str) -> pd.DataFrame:
        if self.history.empty:
            return self.history
        return self.history[self.history["feature_id"] == feature_id]


def has_place(frame: gpd.GeoDataFrame) -> np.ndarray:
    """Which features have a geometry that is not empty: ``frame.geometry.notna() & ~frame.geometry.is_empty``, from
    the geometries' array at once (each GeoSeries operation builds a Series: most of a millisecond a layer)."""
    geoms = np.asarray(frame.geometry.array)
    return ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))


def row_dicts(frame: pd.DataFrame) -> list[dict]:
    """``[row.to_dict() for _, row in frame.iterrows()]`` — the same values, boxed as ``Series.to_dict`` boxes
    them — without building a Series per row (a layer's styles are read per feature, several times an export)."""
    columns = list(frame.columns)
    return [{c: maybe_box_native(v) for c, v in zip(columns, row)} for row in frame.values]


def _kind(geom) -> str:
    gt = geom.geom_type
    if "Polygon" in gt:
        return "area"
    if "Line" in gt:
        return "line"
    return "circle"


def _as_drawn(entry: LegendEntry, styles: list[tuple[Style, str]]) -> LegendEntry:
    """A line entry in the style its lines are drawn with — colour, width and dashes — when they share one
    colour (Ring Road V: the dashed blue of its status, not the legend's neutral grey). Lines drawn in
    several colours keep the neutral entry; the status section says what the colours mean."""
    if entry.shape != "line":
        return entry
    drawn = [style for style, kind in styles if kind == "line" and bool(style.dash) == bool(entry.style.dash)]
    if len({style.colour for style in drawn}) != 1:
        return entry
    return replace(entry, style=max(drawn, key=lambda style: style.weight))


def _entry_shown(entry: LegendEntry, styles: list[tuple[Style, str]], key_radii: set[int] = frozenset()) -> bool:
    """A legend entry is shown when some feature is drawn like it: same shape, dashing and marker size.

    Where the layer's sizes are proportional (a drawn radius matches none of its legend's), its
    circle entries are a size key and all shown.
    """
    if entry.shape == "circle" and entry.style.radius and any(
            kind == "circle" and style.radius and style.radius not in key_radii for style, kind in styles):
        return True
    for style, kind in styles:
        if kind != entry.shape:
            continue
        if bool(style.dash) != bool(entry.style.dash):
            continue
        if entry.shape == "circle" and entry.style.radius and style.radius != entry.style.radius:
            continue
        return True
    return False



