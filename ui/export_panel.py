"""The export page: choose a format and options, make the file, download it.

Only composes ``export`` (which does the work, without streamlit). The view to export starts
as the map page's current view (its session state, else the link's query parameters).
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core.clock import today_vn
from core.i18n import Strings, format_number, t
from core.text import md_escape
from core.vocab import STATUSES, URBAN_CLASSES
from export import ExportError, ExportRequest, run_export
from export.extent import EXTENT_KINDS, district_extent, district_names, feature_extent, kind_label, \
    province_extent, view_extent
from export.formats import FORMATS, has_crs_choice, has_extent
from export.request import COLOUR_MODES, DPI_RANGE, public_base_url
from layers.query import ViewFilter
from layers.registry import LAYER_IDS, LAYERS, get_layer
from ui import url_state
from ui.data import base_frames, data_dir
from ui.date_field import as_of_input
from ui.lang import current_lang, language_stable
from ui.store import get_store

TEXT = Strings({
    "colour_fallback": ("Bản xuất tô màu theo tình trạng: cách tô “Báo cáo kỳ này” chỉ có trên bản đồ web.",
                        "The export is coloured by status: “Reporting this cycle” exists only on the web map."),
    "intro": ("Xuất bản đồ đang xem để in, trình chiếu hoặc chia sẻ. Tên tệp gồm nội dung và ngày.",
              "Export the map you are looking at for print, slides or sharing. File names carry content and date."),
    "format": ("Định dạng", "Format"),
    "paper": ("Khổ giấy", "Paper"),
    "orientation": ("Hướng giấy", "Orientation"),
    "landscape": ("Ngang", "Landscape"),
    "portrait": ("Dọc", "Portrait"),
    "dpi": ("Độ phân giải (dpi)", "Resolution (dpi)"),
    "ticks": ("Lưới tọa độ", "Coordinate ticks"),
    "degrees": ("Kinh độ, vĩ độ", "Longitude, latitude"),
    "metres": ("VN-2000 (mét)", "VN-2000 (metres)"),
    "title": ("Tiêu đề", "Title"),
    "subtitle": ("Phụ đề (để trống: tên Chương trình, các lớp và ngày)",
                 "Subtitle (empty: program name, layers and date)"),
    "basemap": ("Nền bản đồ OpenStreetMap (nếu có mạng)", "OpenStreetMap basemap (when online)"),
    "make": ("Tạo tệp", "Make the file"),
    "making": ("Đang tạo tệp…", "Making the file…"),
    "done": ("Đã tạo xong", "Done"),
    "failed": ("Không tạo được tệp", "Could not make the file"),
    "download": ("Tải về", "Download"),
    "view_from_map": ("Theo bản đồ đang xem", "As on the map"),
    "filters": ("Bộ lọc từ bản đồ", "Filters from the map"),
    "features_made": ("{n} đối tượng · {s} giây · {size}", "{n} features · {s} s · {size}"),
    "overlays": ("Kèm dữ liệu riêng ({n} lớp)", "Include your data ({n} layers)"),
    "overlays_one": ("Kèm dữ liệu riêng (1 lớp)", "Include your data (1 layer)"),
    "overlays_help": ("Các lớp bạn đã tải lên ở trang bản đồ, cùng màu và chú giải như trên bản đồ: {names}",
                      "The layers you uploaded on the map page, in the same colours and legend as on the map: "
                      "{names}"),
    "extent": ("Phạm vi bản đồ", "Map extent"),
    "extent_help": ("Mặc định: khung nhìn trên trang bản đồ (nếu có), nếu không thì các đối tượng đang lọc.",
                    "Default: the map page's current view (when known), else the filtered features."),
    "district": ("Huyện, thị xã, thành phố (2019–2025)", "District (2019–2025)"),
    "stale": ("Các lựa chọn đã thay đổi: bấm “Tạo tệp” để tạo lại.",
              "The options have changed: press “Make the file” again."),
})
RESULT_KEY = "_export_result"



def _status(day: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(state on ``day``, every report) from the app's progress store."""
    store = get_store()
    return store.state_as_of(day), store.audit_trail()


def current_view() -> url_state.MapView:
    """The map page's view: its widgets' session state when present, else the link's parameters.

    Streamlit forgets a page's widget state once another page has run, so the view read on
    arrival is kept (``url_state.LAST_VIEW_KEY``, which the map page also keeps) for the reruns
    that follow on this page.
    """
    ss = st.session_state
    if any(f"layer_{spec.id}" in ss for spec in LAYERS):
        link = url_state.parse(st.query_params.to_dict())
        last: url_state.MapView | None = ss.get(url_state.LAST_VIEW_KEY)
        if link.map_at is None and last is not None:  # a page change dropped c/z: the map's last run knows them
            link = link.with_(map_at=last.map_at)
        view = url_state.from_widget_state(ss, current_lang(), today_vn(), base=link)
        ss[url_state.LAST_VIEW_KEY] = view
        return view
    return ss.get(url_state.LAST_VIEW_KEY) or url_state.parse(st.query_params.to_dict())


def map_overlays() -> list:
    """The map page's active overlays: [(geo.overlay_io.Overlay, mapview.overlay.OverlayStyle)]."""
    items = st.session_state.get("_overlays", []) or []
    return [item for item in items if isinstance(item, (tuple, list)) and len(item) == 2
            and getattr(item[0], "gdf", None) is not None]


MAP_VIEW_KEY = "_map_centre_zoom"   # (lat, lon, zoom) set by a caller that knows the map's view better than its link


def map_centre_zoom(view: url_state.MapView) -> tuple[float, float, float] | None:
    """Where the map page's map looks: the centre and zoom (``c``/``z``) in this page's own address first.

    Panning and zooming never rerun the app: mapview.keep_view writes the view into the address of
    every page, so this page's link holds the view on screen, while ``view`` (the map's last run) may
    hold the zoom of before the user zoomed in. A page change drops the address's ``c``/``z`` for the
    first run of this page only; the view read then is the map's last run, until the next rerun.
    """
    return (st.session_state.get(MAP_VIEW_KEY) or url_state.parse(st.query_params.to_dict()).map_at
            or view.map_at)


def extent_choice(lang: str, view: url_state.MapView) -> tuple[str, str | None]:
    """The extent widgets: (kind, district name or None)."""
    # "The map's view" is always offered: the first run after a page change may not know it yet (see
    # map_centre_zoom), and an option that appears on the next run would reset the choice made before it.
    kinds = [k for k in EXTENT_KINDS if k != "selected" or view.selected]
    kind = language_stable(st.selectbox, "export_extent", lang, TEXT.t("extent", lang), kinds,
                           format_func=lambda k: kind_label(k, lang), help=TEXT.t("extent_help", lang))
    district = None
    if kind == "district":
        district = st.selectbox(TEXT.t("district", lang), district_names(), key="export_district")
    return kind, district


def extent_of(kind: str, district: str | None, view: url_state.MapView, frames) -> tuple:
    """(lon/lat box or None, its name or None) of the chosen extent; ExportError when it cannot be made."""
    if kind == "view":
        at = map_centre_zoom(view)
        if at is None:  # a map never moved since a bare link: it shows the province (mapview.build's first view)
            return province_extent(), None
        return view_extent(*at), None
    if kind == "province":
        return province_extent(), kind_label("province", current_lang())
    if kind == "district" and district:
        return district_extent(district)
    if kind == "selected" and view.selected:
        return feature_extent(frames, view.selected)
    return None, None


def _size_text(n: int, lang: str) -> str:
    return f"{format_number(n / 1_000_000, lang, 1)} MB" if n >= 1_000_000 else f"{format_number(max(n // 1000, 1), lang)} kB"


def render() -> None:
    lang = current_lang()
    view = current_view()
    st.title(t("export_page", lang))
    st.caption(TEXT.t("intro", lang))

    left, right = st.columns([1, 1], gap="large")
    with left:
        fmt = language_stable(st.selectbox, "export_format", lang, TEXT.t("format", lang), list(FORMATS),
                              format_func=lambda f: FORMATS[f].label.get(lang))
        record = FORMATS[fmt]
        layers = language_stable(st.multiselect, "export_layers", lang, t("layers", lang), LAYER_IDS,
                                 default=list(view.filter.layers), format_func=lambda i: get_layer(i).title(lang),
                                 help=TEXT.t("view_from_map", lang))
        as_of = as_of_input(t("as_of", lang), "export_as_of", lang, default=view.as_of)
        notes = []
        if set(view.filter.classes) != set(URBAN_CLASSES):
            notes.append(f"{t('urban_class', lang)}: {', '.join(view.filter.classes) or '—'}")
        if set(view.filter.statuses) != set(STATUSES):
            notes.append(f"{t('status', lang)}: " + ", ".join(STATUSES[s].label(lang) for s in view.filter.statuses))
        if view.filter.query:
            notes.append(f"{t('search', lang)}: {view.filter.query}")
        if notes:
            st.caption(f"{TEXT.t('filters', lang)} — " + "; ".join(notes))
        extent_kind, district = extent_choice(lang, view) if has_extent(record) else ("filter", None)
    with right:
        paper = orientation = None
        dpi = 200
        if record.drawn:
            if record.paged:
                c1, c2 = st.columns(2)
                paper = c1.radio(TEXT.t("paper", lang), ["A4", "A3"], key="export_paper", horizontal=True)
                orientation = language_stable(c2.radio, f"export_orientation_{record.orientation == 'portrait'}", lang,
                                              TEXT.t("orientation", lang), ["landscape", "portrait"], horizontal=True,
                                              index=["landscape", "portrait"].index(record.orientation),
                                              format_func=lambda o: TEXT.t(o, lang))
            dpi = st.slider(TEXT.t("dpi", lang), DPI_RANGE[0], DPI_RANGE[1], 200, step=50, key="export_dpi")
        ticks = "degrees"
        basemap = False
        if has_crs_choice(record):
            ticks = language_stable(st.radio, "export_ticks", lang, TEXT.t("ticks", lang), ["degrees", "metres"],
                                    horizontal=True, format_func=lambda m: TEXT.t(m, lang))
        if record.pictured:
            basemap = st.checkbox(TEXT.t("basemap", lang), value=False, key="export_basemap")
        overlays = map_overlays()
        include = False
        if overlays:
            n = len(overlays)
            label = TEXT.t("overlays_one", lang) if n == 1 else TEXT.t("overlays", lang, n=n)
            include = st.checkbox(label, value=True, key="export_overlays",
                                  help=TEXT.t("overlays_help", lang,
                                              names=", ".join(md_escape(o.name) for o, _ in overlays)))  # help is Markdown
        title = subtitle = ""
        if has_extent(record):
            title = st.text_input(TEXT.t("title", lang), placeholder=t("app_title", lang), key="export_title", max_chars=120)
            subtitle = st.text_area(TEXT.t("subtitle", lang), key="export_subtitle", max_chars=400, height=68)

    colour_mode = view.colour_mode
    if colour_mode not in COLOUR_MODES:  # "reporting this cycle" is a screen view of today, not a printed map
        colour_mode = "status"
        st.caption(TEXT.t("colour_fallback", lang))
    try:
        extent, extent_label = extent_of(extent_kind, district, view, base_frames(str(data_dir())))
    except ExportError as err:
        st.error(err.message(lang))
        return
    request = ExportRequest(
        format=fmt, extent=extent, extent_label=extent_label, view=ViewFilter(layers=tuple(x for x in LAYER_IDS if x in layers), classes=view.filter.classes,
                                    statuses=view.filter.statuses, query=view.filter.query),
        as_of=None if as_of == today_vn() else as_of, lang=lang, colour_mode=colour_mode,
        paper=paper or "A4", orientation=orientation or "landscape", dpi=int(dpi), title=title.strip() or None,
        subtitle=subtitle.strip() or None, ticks=ticks, basemap=basemap, public_base_url=public_base_url(),
        overlays=tuple(overlays) if include else ())

    if st.button(TEXT.t("make", lang), type="primary", key="export_make"):
        st.session_state.pop(RESULT_KEY, None)
        with st.status(TEXT.t("making", lang), expanded=True) as status:
            bar = st.progress(0.0)
            try:
                request.validate()
                frames = base_frames(str(data_dir()))
                state, history = _status(request.day)
                result = run_export(request, frames, state, history,
                                    progress=lambda f, msg: bar.progress(min(max(f, 0.0), 1.0), text=msg or None))
            except ExportError as err:
                status.update(label=TEXT.t("failed", lang), state="error")
                st.error(err.message(lang))
            else:
                bar.progress(1.0)
                status.update(label=TEXT.t("done", lang), state="complete", expanded=False)
                st.session_state[RESULT_KEY] = {"data": result.data, "filename": result.filename,
                                                "mime": result.mime, "features": result.features,
                                                "seconds": result.seconds, "format": fmt, "request": request}
    result = st.session_state.get(RESULT_KEY)
    if result and result.get("request") != request:  # options changed since: that file is not what is asked
        st.info(TEXT.t("stale", lang))
    elif result:
        st.download_button(f"{TEXT.t('download', lang)} {result['filename']}", result["data"],
                           file_name=result["filename"], mime=result["mime"], key="export_download",
                           type="primary", on_click="ignore", icon=":material/download:")
        st.caption(TEXT.t("features_made", lang, n=result["features"], s=format_number(result["seconds"], lang, 1),
                          size=_size_text(len(result["data"]), lang)))
