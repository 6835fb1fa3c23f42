"""Sidebar block for the user's own layers, and downloads of drawn shapes (Streamlit; composes geo/ and mapview/).

    overlays = overlay_sidebar(lang)            # in the map page's sidebar
    for overlay, style in overlays:             # in the map builder
        legend = add_overlay(m, overlay, style, lang)
    add_measure_and_draw(m, lang)
    out = st_folium(m, ..., returned_objects=[..., "all_drawings"])
    drawings_panel(out.get("all_drawings"), lang)

The uploader is only an intake: a file it receives is taken into this session's list (compressed,
about a fifth of a GeoJSON's size), Streamlit's own copy is dropped and the uploader is emptied, so
one upload is held once. Parsed overlays live in a session-scoped resource, keyed by the file's
SHA-256 and the chosen CRS, so reruns (every pan of the map) never parse again; it is released when
the layer is removed or the browser tab goes (Streamlit keeps a closed tab's session for a while
and, in 1.67, never shuts it down after that: https://github.com/streamlit/streamlit/issues/12506).
After a reconnect the list is parsed again from the compressed copies.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import threading
import time
import weakref
import zlib

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core.clock import today_vn
from core.errors import CRSError, ImportRejected, PlanMapError
from core.i18n import Strings
from core.text import md_escape
from geo.crs import CHOICES_BY_CODE, CRS_CHOICES
from geo.overlay_io import LIMITS, UPLOAD_TYPES, Overlay, read_overlay
from mapview.overlay import DEFAULT_COLOUR, OverlayStyle
from mapview.tools import describe_drawings, drawings_to_geojson, drawings_to_gpkg
from ui.lang import language_stable
from ui.memory import release_freed_memory
from ui.uploader import dropzone_css

log = logging.getLogger(__name__)

UPLOADER_KEY = "pm_overlay_files"  # + "_<round>": a new, empty uploader after each intake
ROUND_KEY = "pm_overlay_upload_round"
# {digest: {"name", "packed" (zlib), "crs"}}: the user's files in plain session state, which, unlike
# the uploader's own state, survives a visit to another page.
LOADED_KEY = "pm_overlay_loaded"
NOTICES_KEY = "pm_overlay_notices"  # (key, name) of the last intake, e.g. a duplicate ignored
MAP_OVERLAYS_KEY = "_overlays"  # what the map page drew, read by the export page
RELEASE_WAIT_S = 120.0  # at most this long for a rerun under way at disconnect to let go

TEXT = Strings({
    "title": ("Dữ liệu riêng", "Your data"),
    "upload": ("Tải lên lớp dữ liệu", "Upload a layer"),
    "duplicate": ("{name}: tệp này đã được tải lên, bỏ qua bản trùng.",
                  "{name}: this file is already loaded; the copy is ignored."),
    "formats": ("GeoJSON, KML/KMZ, GeoPackage, Shapefile nén .zip, CSV/XLSX có cột tọa độ (lon/lat, kinh độ/vĩ độ, "
                "x/y, E/N)",
                "GeoJSON, KML/KMZ, GeoPackage, zipped Shapefile, CSV/XLSX with coordinate columns (lon/lat, x/y, "
                "E/N)"),
    "choose_crs": ("Hệ tọa độ của dữ liệu", "The data's coordinate system"),
    "choose_crs_placeholder": ("Chọn hệ tọa độ…", "Choose a coordinate system…"),
    "crs_help": ("Dữ liệu đo đạc ở Hải Dương thường dùng VN-2000 / TM-3 105°30′ (EPSG:9209). Tọa độ GPS/Google Maps "
                 "là WGS 84.",
                 "Survey data in Hải Dương usually uses VN-2000 / TM-3 105°30′ (EPSG:9209). GPS / Google Maps "
                 "coordinates are WGS 84."),
    "show": ("Hiển thị", "Show"),
    "remove": ("Gỡ lớp này", "Remove this layer"),
    "style": ("Tô màu", "Colour"),
    "single": ("Một màu", "One colour"),
    "by_attr": ("Theo thuộc tính", "By attribute"),
    "colour": ("Màu", "Colour"),
    "attribute": ("Thuộc tính", "Attribute"),
    "drawings": ("Hình đã vẽ", "Drawn shapes"),
    "draw_hint": ("Dùng thanh công cụ bên trái bản đồ để đo hoặc vẽ điểm, đường, vùng; hình vẽ hiện ở đây để tải "
                  "về.",
                  "Use the toolbar on the left of the map to measure or draw points, lines and polygons; drawn "
                  "shapes appear here for download."),
    "dl_wgs84": ("Tải GeoJSON (WGS 84)", "Download GeoJSON (WGS 84)"),
    "dl_vn2000": ("Tải GeoJSON (VN-2000, EPSG:9209)", "Download GeoJSON (VN-2000, EPSG:9209)"),
    "dl_gpkg": ("Tải GeoPackage (VN-2000)", "Download GeoPackage (VN-2000)"),
    "vn2000_note": ("Tệp GeoJSON VN-2000 ghi hệ tọa độ trong thành phần «crs» (QGIS, ArcGIS đọc được) nhưng không "
                    "theo chuẩn RFC 7946 vốn chỉ dùng WGS 84; GeoPackage lưu hệ tọa độ theo chuẩn. Chiều dài và "
                    "diện tích tính trong EPSG:9209.",
                    "The VN-2000 GeoJSON names its CRS in a 'crs' member (QGIS and ArcGIS read it) but is not RFC "
                    "7946, which allows WGS 84 only; the GeoPackage stores its CRS in the standard way. Lengths and "
                    "areas are computed in EPSG:9209."),
})



class _Shelf(dict):
    """This session's parsed overlays: {(digest, declared_crs): Overlay | PlanMapError}."""

    def __init__(self, session_state) -> None:
        super().__init__()
        self.session_state = session_state  # to drop the map page's references with ours


def _alive(released: list[weakref.ref]) -> list:
    return [o for o in (ref() for ref in released) if o is not None]


def _drop_map_references(session_state, released: list[weakref.ref]) -> None:
    """Remove the map page's list of drawn overlays if it holds released ones (not a reconnected run's)."""
    try:
        drawn = session_state[MAP_OVERLAYS_KEY] if MAP_OVERLAYS_KEY in session_state else []
        alive = _alive(released)
        if any(overlay is old for overlay, _ in drawn for old in alive):
            del session_state[MAP_OVERLAYS_KEY]
    except Exception:  # noqa: BLE001 - a session already gone has nothing left to drop
        log.debug("session state already gone", exc_info=True)


def _release_shelf(shelf: _Shelf) -> None:
    """The session disconnected: drop its parsed overlays and hand the memory back.

    A rerun under way when the tab closed still holds its overlays, and may store them in session
    state again as it finishes: a watcher drops those references until the overlays are really gone
    (or ``RELEASE_WAIT_S`` passed), then hands the memory back once.
    """
    released = [weakref.ref(v) for v in shelf.values() if isinstance(v, Overlay)]
    shelf.clear()
    if not released or shelf.session_state is None:
        return
    state = shelf.session_state

    def watch() -> None:
        deadline = time.monotonic() + RELEASE_WAIT_S
        while True:
            _drop_map_references(state, released)
            gc.collect()
            if not _alive(released) or time.monotonic() > deadline:
                break
            time.sleep(1.0)
        release_freed_memory()

    threading.Thread(target=watch, name="overlay-release", daemon=True).start()


@st.cache_resource(scope="session", show_spinner=False, on_release=_release_shelf)
def _shelf() -> _Shelf:
    ctx = get_script_run_ctx()
    return _Shelf(ctx.session_state if ctx is not None else None)


def _parse(entry: dict, digest: str, declared: str | None) -> Overlay | PlanMapError:
    """Parse once per (file content, CRS) per session; errors are remembered too."""
    shelf = _shelf()
    key = (digest, declared)
    if key not in shelf:
        try:
            shelf[key] = read_overlay(zlib.decompress(entry["packed"]), entry["name"], declared_crs=declared)
        except PlanMapError as exc:
            shelf[key] = exc
    return shelf[key]


def _forget_upload(file_id: str) -> None:
    """Drop Streamlit's copy of an uploaded file once ours is kept (else the server holds it twice,
    and after the tab closes forever: see the module docstring)."""
    ctx = get_script_run_ctx()
    try:
        ctx.uploaded_file_mgr.remove_file(ctx.session_id, file_id)
    except Exception:  # noqa: BLE001 - an internal of Streamlit: if it moves, only memory is lost
        log.debug("could not drop the uploaded file", exc_info=True)


def _take_uploads(files) -> None:
    """Move what the uploader received into the session's list, then start over with an empty uploader."""
    ss = st.session_state
    loaded: dict[str, dict] = ss.setdefault(LOADED_KEY, {})
    notices = []
    for f in files:
        data = f.getvalue()
        digest = hashlib.sha256(data).hexdigest()[:16]
        if digest in loaded:  # the same file twice: one layer, one set of widgets
            notices.append(("duplicate", f.name))
        else:
            loaded[digest] = {"name": f.name, "packed": zlib.compress(data, 1), "crs": None}
        _forget_upload(f.file_id)
    ss[NOTICES_KEY] = notices
    ss[ROUND_KEY] = ss.get(ROUND_KEY, 0) + 1
    st.rerun()


def _remove(digest: str) -> None:
    st.session_state[LOADED_KEY].pop(digest, None)
    shelf = _shelf()
    for key in [k for k in shelf if k[0] == digest]:
        del shelf[key]
    st.session_state.pop(MAP_OVERLAYS_KEY, None)  # the map page writes it again on this rerun
    release_freed_memory()


def _show_error(exc: PlanMapError, lang: str) -> None:
    msg = exc.message(lang)
    problems = getattr(exc, "problems", [])[1:] if isinstance(exc, ImportRejected) else []
    if problems:
        msg += "\n" + "\n".join(f"- {p.get(lang) if hasattr(p, 'get') else p}" for p in problems[:10])
    st.error(msg)


def _crs_select(digest: str, lang: str, required: bool) -> str | None:
    codes = [c.code for c in CRS_CHOICES]
    return language_stable(
        st.selectbox, f"pm_overlay_crs_{digest}", lang, TEXT.t("choose_crs", lang), codes,
        index=None, placeholder=TEXT.t("choose_crs_placeholder", lang),
        format_func=lambda c: CHOICES_BY_CODE[c].label(lang), help=TEXT.t("crs_help", lang),
    )


def _style_picker(overlay: Overlay, digest: str, lang: str) -> OverlayStyle:
    attrs = overlay.attribute_columns
    modes = ["single", "by_attr"] if attrs else ["single"]
    mode = language_stable(st.radio, f"pm_overlay_mode_{digest}", lang, TEXT.t("style", lang), modes, horizontal=True,
                           format_func=lambda m: TEXT.t(m, lang))
    if mode == "by_attr":
        by = st.selectbox(TEXT.t("attribute", lang), attrs, key=f"pm_overlay_by_{digest}")
        return OverlayStyle(by=by)
    colour = st.color_picker(TEXT.t("colour", lang), DEFAULT_COLOUR, key=f"pm_overlay_colour_{digest}")
    return OverlayStyle(colour=colour)


def uploader_style(lang: str) -> str:
    """The style of this block's uploader (ui.uploader), for the page's rules: no element of its own each rerun."""
    return dropzone_css(UPLOADER_KEY, lang, many=True)


def overlay_sidebar(lang: str | None = None) -> list[tuple[Overlay, OverlayStyle]]:
    """The sidebar block: upload, CRS when needed, style; returns [(overlay, style)] to draw."""
    lang = lang or st.query_params.get("lang", "vi")
    sb = st.sidebar
    active: list[tuple[Overlay, OverlayStyle]] = []
    with sb:
        st.subheader(TEXT.t("title", lang))
        # In a popover, the uploader's code loads when it is opened, not with every map page.
        with st.popover(TEXT.t("upload", lang) + "…", icon=":material/upload_file:", width="stretch"):
            files = st.file_uploader(
                TEXT.t("upload", lang), type=list(UPLOAD_TYPES), accept_multiple_files=True,
                key=f"{UPLOADER_KEY}_{st.session_state.get(ROUND_KEY, 0)}",
                help=TEXT.t("formats", lang) + " — " + LIMITS.describe(lang),
            )
            limits = LIMITS.describe(lang)
            st.caption(limits[:1].upper() + limits[1:])  # not str.capitalize(): it writes "50 mb"
        if files:
            _take_uploads(files)
        for key, name in st.session_state.get(NOTICES_KEY, []):
            st.caption(TEXT.t(key, lang, name=name))
        keep = set()
        for digest, loaded in list(st.session_state.get(LOADED_KEY, {}).items()):
            crs_key = f"pm_overlay_crs_{digest}"
            if crs_key not in st.session_state and loaded.get("crs"):
                st.session_state[crs_key] = loaded["crs"]  # chosen before a visit to another page
            declared = st.session_state.get(crs_key)
            loaded["crs"] = declared
            with st.container(border=True):
                st.markdown(f"**{md_escape(loaded['name'])}**")
                if st.button(TEXT.t("remove", lang), key=f"pm_overlay_remove_{digest}"):
                    _remove(digest)
                    st.rerun()
                result = _parse(loaded, digest, declared)
                keep.add((digest, declared))
                if isinstance(result, CRSError) or (isinstance(result, Overlay)
                                                    and result.report.crs_origin == "declared"):
                    if isinstance(result, CRSError):
                        st.warning(result.message(lang))
                    chosen = _crs_select(digest, lang, required=isinstance(result, CRSError))
                    if chosen != declared:
                        st.rerun()
                    if isinstance(result, CRSError):
                        continue
                if isinstance(result, PlanMapError):
                    _show_error(result, lang)
                    continue
                st.caption(result.report.summary(lang))
                for w in result.report.warnings:
                    st.warning(w.get(lang))
                if st.checkbox(TEXT.t("show", lang), value=True, key=f"pm_overlay_show_{digest}"):
                    active.append((result, _style_picker(result, digest, lang)))
        shelf = _shelf()
        for key in [k for k in shelf if k not in keep]:  # a CRS no longer chosen
            del shelf[key]
    return active


def drawings_panel(drawings, lang: str | None = None) -> None:
    """A table of drawn shapes (length, area in EPSG:9209) and downloads in WGS 84 or VN-2000."""
    lang = lang or st.query_params.get("lang", "vi")
    st.subheader(TEXT.t("drawings", lang))
    rows = describe_drawings(drawings, lang) if drawings else []
    if not rows:
        st.caption(TEXT.t("draw_hint", lang))
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    c1, c2, c3 = st.columns(3)
    stamp = today_vn().isoformat()  # named by content and date, like every export
    try:
        c1.download_button(TEXT.t("dl_wgs84", lang), drawings_to_geojson(drawings, "EPSG:4326"),
                           file_name=f"hinh-ve-wgs84-{stamp}.geojson", mime="application/geo+json", key="pm_dl_wgs84")
        c2.download_button(TEXT.t("dl_vn2000", lang), drawings_to_geojson(drawings, "EPSG:9209"),
                           file_name=f"hinh-ve-vn2000-epsg9209-{stamp}.geojson", mime="application/geo+json",
                           key="pm_dl_vn2000")
        c3.download_button(TEXT.t("dl_gpkg", lang), drawings_to_gpkg(drawings, "EPSG:9209"),
                           file_name=f"hinh-ve-vn2000-epsg9209-{stamp}.gpkg", mime="application/geopackage+sqlite3",
                           key="pm_dl_gpkg")
    except PlanMapError as exc:
        st.error(exc.message(lang))
        return
    st.caption(TEXT.t("vn2000_note", lang))
