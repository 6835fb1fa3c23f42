"""What goes on an export: the view applied to the layers, the words around it, the legend.

Pure data: every format (snapshot, atlas, slides, HTML, data) starts from one :class:`Scene`,
so they all show the same features, the same status and the same legend.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd

from core.clock import today_vn
from core.i18n import t
from core.plan import current_plan
from core.text import slug
from core.vocab import PROVINCE_BOUNDS, STATUSES, URBAN_CLASSES
from export.request import ExportRequest
from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_legend
from layers.query import apply_view, class_filtered
from layers.registry import LAYERS, apply_status, decorate, get_layer

# Extra words of the exports (kept here, beside the only code that uses them).
WORDS: dict[str, tuple[str, str]] = {
    "layers_shown": ("Lớp", "Layers"),
    "made_on": ("Lập ngày", "Made on"),
    "sources": ("Nguồn dữ liệu", "Data sources"),
    "progress_store": ("tiến độ: báo cáo của các đơn vị", "progress: reports of the responsible units"),
    "basemap_credit": ("nền: © những người đóng góp OpenStreetMap", "basemap: © OpenStreetMap contributors"),
    "classes": ("Loại đô thị", "Urban classes"),
    "statuses": ("Tình trạng", "Statuses"),
    "unit": ("Đơn vị phụ trách", "Responsible unit"),
    "reported_by": ("Người báo cáo", "Reported by"),
    "history": ("Lịch sử báo cáo", "Report history"),
    "no_history": ("Chưa có báo cáo nào đến ngày này.", "No report up to this date."),
    "open_in_app": ("Mở trong ứng dụng", "Open in the app"),
    "atlas_title": ("Tập bản đồ tiến độ", "Progress atlas"),
    "progress_table": ("Tiến độ", "Progress"),
    "page": ("Trang", "Page"),
    "not_placed_map": ("Chưa xác định vị trí trên bản đồ", "Not placed on the map"),
    "north": ("B", "N"),
    "grid_degrees": ("Kinh độ, vĩ độ (WGS 84)", "Longitude, latitude (WGS 84)"),
    "grid_metres": ("VN-2000 / TM-3 105°30′ (EPSG:9209), mét", "VN-2000 / TM-3 105°30′ (EPSG:9209), metres"),
    "projection": ("Phép chiếu: VN-2000 / TM-3 105°30′ (EPSG:9209)", "Projection: VN-2000 / TM-3 105°30′ (EPSG:9209)"),
    "whole_province": ("Toàn tỉnh", "Whole province"),
    "filtered": ("Lọc", "Filter"),
    "search_for": ("Tìm", "Search"),
    "location_count": ("địa điểm", "locations"),
    "date": ("Ngày", "Date"),
    "extent": ("Phạm vi", "Extent"),
    "not_placed_why": ("Chưa có nguồn nào cho biết vị trí: trang này chỉ có thông tin, không có điểm trên bản đồ.",
                       "No source gives its position: this page has its facts, not a point on the map."),
    "same_spot": ("Cùng vị trí với", "At the same spot as"),
    "cover": ("Bìa và bản đồ tổng quan", "Cover and overview map"),
    "index": ("Mục lục địa điểm", "Index of places"),
    "overview": ("Bản đồ tổng quan", "Overview map"),
}


def w(key: str, lang: str) -> str:
    pair = WORDS.get(key)
    if pair is None:
        return t(key, lang)
    return pair[1] if lang == "en" else pair[0]


def nfc(text) -> str:
    """Text as composed Unicode (one code point per Vietnamese letter: extractable, searchable)."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def fmt_date(d: date | None, lang: str) -> str:
    if d is None or (not isinstance(d, date) and pd.isna(d)):
        return "—"
    if isinstance(d, pd.Timestamp):
        d = d.date()
    return d.strftime("%d/%m/%Y") if lang != "en" else d.strftime("%d %b %Y")


def fmt_pct(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return f"{float(value):.0f}%"


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(nfc(v) for v in value if v)
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return nfc(value)


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
        return StyleContext(colour_mode=self.request.colour_mode, lang=self.lang)  # type: ignore[arg-type]

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
        from urllib.parse import urlencode

        from layers.registry import LAYER_IDS
        view = req.view
        params: dict[str, str] = {}
        if req.lang == "en":
            params["lang"] = "en"
        if tuple(view.layers) != LAYER_IDS:
            params["layers"] = ",".join(view.layers)
        if set(view.classes) != set(URBAN_CLASSES):
            params["cls"] = ",".join(view.classes)
        if set(view.statuses) != set(STATUSES):
            params["st"] = ",".join(view.statuses)
        if view.query:
            params["q"] = view.query
        if req.as_of:
            params["asof"] = req.as_of.isoformat()
        if req.colour_mode != "class":
            params["colour"] = req.colour_mode
        return f"{req.public_base_url}/" + (f"?{urlencode(params)}" if params else "")

    def made_line(self) -> str:
        return f"{w('made_on', self.lang)} {fmt_date(self.made_on, self.lang)}"

    # ---------------------------------------------------------------- geometry
    def placed(self, layer_id: str) -> gpd.GeoDataFrame:
        frame = self.frames[layer_id]
        return frame[frame.geometry.notna() & ~frame.geometry.is_empty]

    def all_placed(self) -> gpd.GeoDataFrame:
        parts = [self.placed(k) for k in self.frames]
        parts = [p for p in parts if len(p)]
        if not parts:
            return gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
        return gpd.GeoDataFrame(pd.concat(parts), crs="EPSG:4326")

    def extent(self) -> tuple[float, float, float, float]:
        """The lon/lat box to show: the request's, else the visible features (inside the province)."""
        if self.request.extent is not None:
            return self.request.extent
        placed = self.all_placed()
        from export.overlays import bounds_of
        boxes = [tuple(placed.total_bounds)] if not placed.empty else []
        user = bounds_of(self.overlays)
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
    def styles_of(self, layer_id: str) -> list[tuple[Style, str]]:
        """(style, geometry kind) of every placed feature of a layer, as drawn."""
        spec = get_layer(layer_id)
        out = []
        for _, row in self.placed(layer_id).iterrows():
            out.append((spec.style_of(row.to_dict(), self.ctx), _kind(row.geometry)))
        return out

    def legend_sections(self) -> list[tuple[str, list[LegendEntry]]]:
        """The legend of what is actually on the map: per layer, then the statuses shown."""
        sections: list[tuple[str, list[LegendEntry]]] = []
        for spec in self.specs:
            styles = self.styles_of(spec.id)
            if not styles:
                continue
            legend = spec.legend(self.ctx)
            radii = {e.style.radius for e in legend if e.shape == "circle"}
            entries = [e for e in legend if _entry_shown(e, styles, radii)]
            if entries:
                sections.append((spec.title(self.lang), entries))
        statuses = self.statuses_shown()
        if statuses:
            by_label = {e.label: e for e in status_legend(self.ctx)}
            entries = [by_label[STATUSES[s].label(self.lang)] for s in STATUSES if s in statuses]
            sections.append((t("status", self.lang), entries))
        from export.overlays import legend_sections
        sections += legend_sections(self.overlays, self.lang)  # the user's layers last, as on the map
        return sections

    def statuses_shown(self) -> set[str]:
        """Statuses whose colour is on the map (features coloured by class, or in fixed colours, show none)."""
        found: set[str] = set()
        for layer_id, frame in self.frames.items():
            spec, placed = get_layer(layer_id), self.placed(layer_id)
            if "status" in placed.columns and len(placed):
                shown = [spec.shows_status(row.to_dict(), self.ctx) for _, row in placed.iterrows()]
                found |= set(placed.loc[shown, "status"].fillna("unknown"))
        return found

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


RECORD_COLUMNS = ["id", "name", "layer", "layer_title", "urban_class", "urban_class_label", "district",
                  "status", "status_label", "progress_pct", "status_as_of", "unit", "note", "source",
                  "location_precision", "lon", "lat",
                  # the legal basis today (urban areas; issue 13): codes, and labels in the export's language
                  "in_provincial_plan", "in_provincial_plan_label", "class_provincial_plan", "class_2026",
                  "class_2026_label", "placed"]


def feature_record(fid: str, row: pd.Series, spec: LayerSpec, lang: str) -> dict:
    geom = row.geometry
    placed = geom is not None and not geom.is_empty
    point = geom.representative_point() if placed else None
    district = text_of(row.get("districts_label")) or text_of(row.get("district"))
    unit = text_of(row.get("unit")) or text_of(row.get("unit_2025")) or district
    as_of = row.get("status_as_of")
    return {
        "id": fid,
        "name": text_of(row.get("name")),
        "layer": spec.id,
        "layer_title": spec.title(lang),
        "urban_class": text_of(row.get(spec.class_field or "")),
        "urban_class_label": text_of(row.get(spec.class_label_field or "")),
        "district": district,
        "status": text_of(row.get("status")) or "unknown",
        "status_label": text_of(row.get("status_label")),
        "progress_pct": None if pd.isna(row.get("progress_pct")) else float(row.get("progress_pct")),
        "status_as_of": as_of if isinstance(as_of, date) else None,
        "unit": unit,
        "note": text_of(row.get("note")),
        "source": text_of(row.get("source")),
        "location_precision": text_of(row.get("location_precision_label")) or text_of(row.get("location_precision")),
        "lon": round(point.x, 6) if point is not None else None,
        "lat": round(point.y, 6) if point is not None else None,
        **{key: text_of(row.get(key)) for key in ("in_provincial_plan", "in_provincial_plan_label",
                                                  "class_provincial_plan", "class_2026", "class_2026_label")},
        "placed": placed,
    }


def _kind(geom) -> str:
    gt = geom.geom_type
    if "Polygon" in gt:
        return "area"
    if "Line" in gt:
        return "line"
    return "circle"


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


def build_scene(base_frames: Mapping[str, gpd.GeoDataFrame], request: ExportRequest,
                state: pd.DataFrame | None = None, history: pd.DataFrame | None = None,
                made_on: date | None = None) -> Scene:
    """Apply the request's view and the status state (as from ``ProgressStore.state_as_of``) to the layers.

    ``history`` holds reports (``feature_id, as_of, status, progress_pct, unit, reported_by, note`` …);
    only those dated on or before the as-of date are kept.
    """
    day = request.day
    if state is not None and not state.empty and "as_of" in state.columns:
        state = state.copy()
        state["as_of"] = pd.to_datetime(state["as_of"]).dt.date
        state = state[state["as_of"] <= day]
    with_status: dict[str, gpd.GeoDataFrame] = {}
    extra = _state_extras(state)
    for spec in LAYERS:
        frame = base_frames.get(spec.id)
        if frame is None or spec.id not in request.view.layers:
            continue
        framed = apply_status(frame, state)
        if extra is not None:
            framed = framed.drop(columns=[c for c in extra.columns if c in framed.columns]).join(extra, how="left")
        with_status[spec.id] = framed
    view = request.view
    shown = apply_view(with_status, view)
    if view.query:
        from core.text import matches
        shown = {k: f[[matches(view.query, n, a if isinstance(a, str) else None)
                       for n, a in zip(f["name"], f.get("name_in_program", pd.Series([None] * len(f), index=f.index)))]]
                 for k, f in shown.items()}
    frames = {k: decorate(f, request.lang) for k, f in shown.items()}
    if request.features is not None:
        wanted = set(request.features)
        frames = {k: f[f.index.astype(str).isin(wanted)] for k, f in frames.items()}
    hist = _history_until(history, day)
    return Scene(request=request, frames=frames, history=hist, made_on=made_on or today_vn())


def _state_extras(state: pd.DataFrame | None) -> pd.DataFrame | None:
    if state is None or state.empty:
        return None
    cols = [c for c in ("unit", "note", "reported_by", "reported_at") if c in state.columns]
    if not cols:
        return None
    return state.set_index("feature_id")[cols]


def _history_until(history: pd.DataFrame | None, day: date) -> pd.DataFrame:
    cols = ["feature_id", "as_of", "status", "progress_pct", "unit", "reported_by", "note", "corrects_report_id"]
    if history is None or history.empty:
        return pd.DataFrame(columns=cols)
    h = history.copy()
    for c in cols:
        if c not in h.columns:
            h[c] = None
    h["as_of"] = pd.to_datetime(h["as_of"]).dt.date
    h = h[h["as_of"] <= day]
    sort = [c for c in ("as_of", "reported_at", "report_id") if c in h.columns]
    return h.sort_values(sort, kind="stable").reset_index(drop=True)


def file_stem(request: ExportRequest, layer_titles: list[str] | None = None) -> str:
    """An ASCII file name by content and date, e.g. ``ban-do-quy-hoach-hai-duong-2026-11-27``.

    File names are ASCII on purpose (they survive e-mail, Zalo, zip on Windows and URLs
    unchanged); every text *inside* the file keeps its Vietnamese diacritics.
    """
    vi = request.lang != "en"
    if request.title:
        stem = slug(request.title)
    else:
        place = current_plan().file_slug  # "hai-duong"
        stem = {
            "snapshot": f"ban-do-quy-hoach-{place}" if vi else f"{place}-planning-map",
            "atlas": f"tap-ban-do-tien-do-{place}" if vi else f"{place}-progress-atlas",
            "slides": f"trinh-chieu-quy-hoach-{place}" if vi else f"{place}-planning-slides",
            "html": f"ban-do-tuong-tac-{place}" if vi else f"{place}-interactive-map",
            "data": f"du-lieu-quy-hoach-{place}" if vi else f"{place}-planning-data",
        }[request.family]
        from layers.registry import LAYER_IDS
        if set(request.view.layers) != set(LAYER_IDS) and len(request.view.layers) <= 2:
            stem += "-" + "-".join(slug(get_layer(x).title(request.lang)) for x in request.view.layers)
    stem = (stem or "ban-do")[:80].strip("-")
    return "-".join([stem, *picture_options(request), request.day.isoformat()])


def picture_options(request: ExportRequest) -> list[str]:
    """File-name parts for the options that change the picture: extent, colours, paper and orientation.

    Two exports that look different never share a name (an A3 does not overwrite the A4)."""
    vi = request.lang != "en"
    parts = []
    if request.extent_label:
        parts.append(slug(request.extent_label)[:40].strip("-"))
    elif request.extent is not None:
        parts.append("khung-nhin" if vi else "view")
    if request.family in ("snapshot", "atlas", "slides", "html") and request.colour_mode == "status":
        parts.append("theo-tinh-trang" if vi else "by-status")
    if request.family in ("snapshot", "atlas"):
        parts.append(request.paper.lower())
        parts.append({"landscape": "ngang", "portrait": "doc"}[request.orientation] if vi else request.orientation)
    return [p for p in parts if p]


def file_name(request: ExportRequest) -> str:
    return f"{file_stem(request)}.{request.extension}"
