"""The map page: sidebar → filters → map → details → summary; a new visit gets the map first (ui/first_screen.py).

Under load, Streamlit's cost per element was most of a rerun (bench/load.py), so a change reruns only what
depends on it, in nested fragments:

- the filtered part (:func:`_filtered_part`): the filters, the result line beside them, the map, the details
  and the summary; a filter reruns them, not the search, the date, the reference layers, the overlays or the
  header; the map is sent first, the filters last (the browser gives the map its layers sooner);
- inside it, the map and the colour choice (:func:`_map_and_colour`): a restyle reruns only them;
- and the details (:func:`_details_part`): a click on a place on the map reruns them alone (the map rings it
  itself), a place picked in them reruns them and the map (ui/selection.py).

The other widgets rerun the whole page.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import NamedTuple

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core.clock import today_vn
from core.i18n import format_date, t
from core.plan import current_plan
from core.text import md_escape, md_table
from core.vocab import STATUSES, URBAN_CLASSES
from geo.base_geography import communes_2025_available, load_communes_2025
from layers.query import search
from layers.registry import LAYERS, get_layer
from mapview.build import MapOptions, build_map, selection_highlight, view_for_bounds
from mapview.click_report import CLICK_REPORT_JS
from mapview.drawn_signal import DRAWN_SIGNAL_JS
from mapview.fill_frame import FillFrame
from mapview.selection_ring import CLICK_RING_JS
from mapview.stamp import DateStamp
from ui import first_screen, page_runs, page_style, plain_text, plan_comparison, selection, url_state
from ui.caching import ShownView, rendered_map, shown_view
from ui.data import VIEW_ENTRIES, ViewKey, plan_frames, view_key
from ui.date_field import as_of_input, clamp
from ui.page_style import scroll_into_view
from ui.guard import guarded
from ui.lang import current_lang, language_stable, restore_choice
from ui.map_component import highlight_js, render_map, show_map
from ui.memo import shared_table
from ui.overlay_panel import drawings_panel, overlay_sidebar, uploader_style
from ui.place_details import details, find, value_text

MAP_KEY = "plan_map"
MAP_RETURNS = ("last_active_drawing", "all_drawings")
EARLIEST_AS_OF = date(2000, 1, 1)
# Whether the last whole run drew the plan comparison (colour mode "plan"), which the fragment does not draw.
PLAN_SHOWN_KEY = "_pm_plan_comparison_shown"
_PICK_FROM_VIEW = "_pm_search_from_view"  # the widgets were set from a view this run: the search shows its place


class SidebarSlots(NamedTuple):
    """The sidebar's places that the fragments fill: made by the whole run, so that they keep their order."""
    filters: DeltaGenerator
    colour: DeltaGenerator
    result: DeltaGenerator


def _starting_values() -> dict | None:
    """The values the sidebar's widgets start from, or None while they hold their own.

    From the link on the first visit; once another page has begun to run, from the view the map
    last showed (ui/page_runs.py: its widget state is then gone, or held by the server alone).
    """
    ss = st.session_state
    last: url_state.MapView | None = ss.get(url_state.LAST_VIEW_KEY)
    if last is not None and not page_runs.map_widgets_stale() and all(key in ss for key in url_state.WIDGET_KEYS):
        return None
    view = last or url_state.parse(st.query_params.to_dict())
    values = url_state.to_widget_state(view, today_vn())
    # A link may carry any date: keep it within what the date box accepts (no future, not before 2000).
    values["as_of"] = clamp(values["as_of"], EARLIEST_AS_OF)
    if last is None:
        values["selected"] = view.selected
    return values


def _seed_widgets(values: dict | None) -> None:
    """Give the sidebar's widgets their values in the run that draws them (set a run earlier, Streamlit
    brings a seeded value back once another page has cleared the widget). After another page's run every
    one is set, even one the server still holds: a value set this run travels to the browser with its
    widget. Otherwise only the missing ones: the rest hold what the user has just chosen."""
    ss, every = st.session_state, page_runs.map_widgets_stale()
    for key, value in (values or {}).items():
        if every or key not in ss or key == "selected":
            ss[key] = value
    if values is not None:  # the search's results, drawn from the same view, show its place picked (_sidebar)
        ss[_PICK_FROM_VIEW] = True


def _clear(key: str) -> None:
    st.session_state[key] = []


def _all_button(container, key: str, lang: str) -> None:
    """The "all" reset beside a filter: no pill selected shows every one (greyed when that is already so)."""
    container.button(t("filter_all", lang), key=f"{key}_all", on_click=_clear, args=(key,), type="tertiary",
                     icon=":material/select_all:", disabled=not st.session_state.get(key))


def _class_help(lang: str) -> str:
    """The class filter's help: its classes (the plan's words, escaped), that they are the 2023 program's, and
    that since 2026 there are four, each place's derived in its details."""
    names = ", ".join(md_escape(term.label(lang)) for term in URBAN_CLASSES.values())
    note_2026 = " " + t("class_filter_2026", lang) if current_plan().class_2026_from else ""
    return (f"{names}. {t('class_filter_program', lang, n=len(URBAN_CLASSES))}{note_2026} "
            f"{t('filter_all_help', lang)}")


def _sidebar(lang: str, frames: dict[str, gpd.GeoDataFrame]) -> SidebarSlots:
    """The sidebar's widgets but the filters and the colour choice, and the places of those (drawn by the
    fragments, so that changing them reruns only what depends on them)."""
    sb, from_view = st.sidebar, st.session_state.pop(_PICK_FROM_VIEW, False)
    sb.text_input(t("search", lang), key="query", help=t("search_help", lang), placeholder=t("search_hint", lang))
    query = st.session_state["query"].strip()
    if query:
        hits = search(frames, query)
        if hits:
            labels = {fid: f"{name} — {get_layer(layer).title(lang)}" for layer, fid, name in hits}
            if from_view:
                _pick_the_selected(labels)
            choice = sb.radio(t("search", lang), list(labels), format_func=labels.get, key="search_choice",
                              label_visibility="collapsed", index=None)
            if choice and choice != st.session_state.get("_last_search_choice"):
                st.session_state["selected"] = choice
                st.session_state["_zoom_to_selection"] = True
                st.session_state["_last_search_choice"] = choice
        else:
            sb.caption(t("no_match", lang))

    slots = SidebarSlots(filters=sb.container(), colour=sb.container(), result=sb.container())
    # The date picker's code loads only when its popover opens; the button shows the date in force.
    with sb.popover(f"{t('as_of', lang)}: {format_date(st.session_state['as_of'], lang)}", icon=":material/event:",
                    width="stretch", help=t("as_of_help", lang)):
        as_of_input(t("as_of", lang), "as_of", lang, earliest=EARLIEST_AS_OF)
    _reference_toggles(sb, lang)
    st.session_state["_overlays"] = overlay_sidebar(lang)
    return slots


def _pick_the_selected(results: dict[str, str]) -> None:
    """When the widgets start from a view (a link, a return from another page), its selected place, if the search
    found it, shows as the result picked, as on the page that made the view: picked there, it is not picked anew
    (the view's own centre and zoom stand)."""
    ss = st.session_state
    ss["search_choice"] = ss["_last_search_choice"] = ss.get("selected") if ss.get("selected") in results else None


def _filters(slot: DeltaGenerator, lang: str) -> None:
    """The layers' checkboxes, the class and status pills and their "all" resets, in their sidebar place."""
    slot.subheader(t("layers", lang))
    for spec in LAYERS:
        slot.checkbox(spec.title(lang), key=f"layer_{spec.id}")
    slot.pills(t("urban_class", lang), list(URBAN_CLASSES), key="classes", selection_mode="multi",
               help=_class_help(lang))
    _all_button(slot, "classes", lang)
    language_stable(slot.pills, "statuses", lang, t("status", lang), list(STATUSES), selection_mode="multi",
                    format_func=lambda c: STATUSES[c].label(lang), help=t("filter_all_help", lang))
    _all_button(slot, "statuses", lang)


def _colour_choice(slot: DeltaGenerator, lang: str) -> str:
    return language_stable(slot.radio, "colour_mode", lang, t("colour_by", lang), url_state.COLOUR_MODES,
                           horizontal=True, format_func=lambda m: t(f"colour_{m}", lang))


def _reference_toggles(sb, lang: str) -> None:
    """The base under the plan: district boundaries (on), the 2025 communes, the optional OSM background."""
    sb.subheader(t("reference_layers", lang))
    sb.checkbox(t("boundaries", lang), key="boundaries")
    available = communes_2025_available()
    sb.checkbox(t("communes_2025", lang), key="communes_2025", disabled=not available,
                help=t("communes_2025_help", lang) if available else t("communes_2025_missing", lang))
    sb.checkbox(t("basemap", lang), key="basemap", help=t("basemap_help", lang))


def _newly_added_overlay():
    """The last overlay added since the previous run, if any (each is zoomed to once)."""
    seen = st.session_state.setdefault("_overlays_seen", set())
    fresh = [overlay for overlay, _ in st.session_state.get("_overlays", []) if overlay.digest not in seen]
    seen.update(overlay.digest for overlay in fresh)
    return fresh[-1] if fresh else None


def _summary(view: ShownView, lang: str, as_of: date) -> None:
    """Counts as Markdown (no extra code for the browser to fetch); the full table on request."""
    st.subheader(t("summary", lang))
    st.caption(t("summary_note", lang).format(date=format_date(as_of, lang), urban=view.urban_total,
                                               all=view.all_total))
    left, right = st.columns(2)
    for column, table in zip((left, right), _count_tables(view, lang)):
        column.markdown(table)
    if not st.toggle(t("show_feature_table", lang), key="show_feature_table"):
        return
    st.subheader(t("visible_features", lang))
    rows = []
    for layer_id, frame in view.frames.items():
        spec = get_layer(layer_id)
        for fid, row in frame.iterrows():
            rows.append({
                t("name", lang): row["name"],
                t("layer", lang): spec.title(lang),
                t("urban_class", lang): row.get("urban_class") if isinstance(row.get("urban_class"), str) else "",
                t("district", lang): row.get("districts_label") or "",
                t("status", lang): row.get("status_label"),
                t("progress", lang): value_text("progress_pct", row, lang) or "—",  # no source gives a figure
                t("location_precision", lang): row.get("location_precision_label") or "",
                t("feature_id", lang): fid,  # the code report files use
            })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _count_tables(view: ShownView, lang: str) -> tuple[str, str]:
    """The summary's two count tables as Markdown, made once per view (shared by every rerun showing it)."""
    def make() -> tuple[str, str]:
        tables = []
        for frame, heading in ((view.per_class, "urban_class"), (view.per_status, "status")):
            rows = [[label, int(n)] for label, n in zip(frame["label"], frame["count"])]
            tables.append(md_table([t(heading, lang), t("count", lang)],
                                   rows + [[t("total", lang), int(frame["count"].sum())]]))
        return tables[0], tables[1]

    return shared_table("count_tables", VIEW_ENTRIES).get_or_make((view.key, lang), make)


def _plan_map(shown: dict[str, gpd.GeoDataFrame], options: MapOptions, overlays: list, with_communes: bool,
              as_of: date | None) -> folium.Map:
    """The page's map: the plan over its base, sized to the window, stamped when it shows a past date."""
    fmap = build_map(shown, options, overlays=overlays, tools=True, keep_view=True,
                     communes_2025=load_communes_2025() if with_communes else None)
    FillFrame().add_to(fmap)  # the page sizes the frame to the window (ui.page_style)
    if as_of is not None:  # looking back: say so on the map itself
        DateStamp(t("past_stamp", options.lang).format(date=format_date(as_of, options.lang))).add_to(fmap)
    return fmap


def _show_plan_map(key, view: url_state.MapView, shown_now: ShownView) -> dict | None:
    """The map itself: rendered once per view for every session, sent with this run's selection and zoom."""
    shown = shown_now.frames
    options = MapOptions(lang=view.lang, colour_mode=view.colour_mode, basemap=view.basemap,
                         boundaries=view.boundaries)
    overlays = st.session_state.get("_overlays", [])
    with_communes = view.communes_2025 and communes_2025_available()
    rendered = rendered_map(  # built and rendered once per view for every session (ui/caching.py)
        (key, shown_now.ids, options, with_communes, tuple((overlay.digest, style) for overlay, style in overlays)),
        lambda: render_map(_plan_map(shown, options, overlays, with_communes, view.as_of),
                           MAP_KEY, MAP_RETURNS), with_overlays=bool(overlays))
    _, row = find(shown, view.selected)
    highlight, center, zoom = None, None, None
    if row is not None and row.get("placed"):
        highlight = selection_highlight(row.geometry, str(row["id"]))
        if st.session_state.pop("_zoom_to_selection", False):
            c = row.geometry.centroid
            center, zoom = (c.y, c.x), 12
    newest = _newly_added_overlay()
    if newest is not None:  # show the user's new layer where it is, not under the plan's markers
        center, zoom = view_for_bounds(newest.bounds)
    return show_map(rendered, MAP_KEY, extra_js=highlight_js(highlight) + DRAWN_SIGNAL_JS + CLICK_REPORT_JS + CLICK_RING_JS,
                    center=center, zoom=zoom, on_report=selection.on_map_report)


def _looking_where_the_link_says(view: url_state.MapView) -> url_state.MapView:
    """``view`` with the centre and zoom the link holds (the map writes them there as it moves: keep_view)."""
    return view.with_(map_at=url_state.parse(st.query_params.to_dict()).map_at)


def _header() -> None:
    """The page's style and title block: the same on every run."""
    lang = current_lang()
    units_today = current_plan().text("units_today")  # the 2025 merger, the 2026 classes (data/plan.toml)
    page_style.apply(uploader_style(lang) + plain_text.title_markup(t("app_title", lang), t("program_name", lang),
                                             units_today.get(lang) if units_today else ""))


def _columns() -> tuple:
    """The page's two columns (map, details), in the same place on every run, so that the map does not move."""
    return st.columns([2.6, 1], gap="medium")


def _first_screen(values: dict) -> None:
    """The session's first run: the map of the link's view alone, and nothing stored (the next run starts
    the widgets from the same values, as a first run did before)."""
    lang = current_lang()
    plain_text.caption(t("filters_loading", lang), st.sidebar)
    view = _looking_where_the_link_says(url_state.from_widget_state(values, lang, today_vn()))
    key = view_key(values["as_of"], lang)
    _header()
    with st.container():  # where the next runs' fragments put it (a fragment is a container): not moved
        map_col, _ = _columns()
        with map_col, st.container():
            _show_plan_map(key, view, shown_view(key, view.filter))


def _fragment_only_run() -> bool:
    """Whether this run reruns fragments alone (a widget inside one changed), not the whole page."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


# True while a fragment that has checked the data runs the fragments inside it (ui/map_page's nesting).
_DATA_CHECKED: ContextVar[bool] = ContextVar("pm_data_checked", default=False)


def _stale_fragment_run(key: ViewKey, lang: str) -> bool:
    """Whether this run reruns fragments alone while the data behind the page changed since the whole run that
    made ``key`` (a report from anyone, a new day): it then asks for the whole page, so that nothing on it shows
    the old data. Once per run: a fragment run inside one that has checked (:func:`_checked`) is not checked
    again (each check reads the store's version)."""
    return _fragment_only_run() and not _DATA_CHECKED.get() and view_key(st.session_state["as_of"], lang) != key


@contextmanager
def _checked() -> Iterator[None]:
    """Run the fragments inside this one as checked by it (:func:`_stale_fragment_run`)."""
    token = _DATA_CHECKED.set(True)
    try:
        yield
    finally:
        _DATA_CHECKED.reset(token)


def _map_and_colour(colour_slot: DeltaGenerator, key: ViewKey) -> None:
    """The colour choice (in its sidebar place), the map and the drawings' table; the view they show goes into
    the address and the session (``url_state.LAST_VIEW_KEY``, which the rest of the page reads).

    A fragment (:data:`_map_fragment`) inside the filtered part: changing the colour, or drawing on the map,
    reruns this alone, with the arguments of the filtered part's last run. The rest of the page does not
    depend on the colour, except
    the plan comparison (colour "plan"); when that would come or go, or when the data behind the page changed
    (a new report, a new day), the whole page reruns, so the details and the summary never disagree with the
    map. A place picked in the details reruns this and them (ui/selection.py)."""
    lang = current_lang()
    restore_choice("colour_mode", lang)  # its widget is drawn after the map (as the filters are)
    view = _looking_where_the_link_says(url_state.from_widget_state(st.session_state, lang, today_vn()))
    plan_changed = (view.colour_mode == "plan") != st.session_state.get(PLAN_SHOWN_KEY)
    if (_fragment_only_run() and plan_changed) or _stale_fragment_run(key, lang):
        st.rerun()
    st.session_state[url_state.LAST_VIEW_KEY] = view  # now: a run cut short by a page change keeps it
    out = _show_plan_map(key, view, shown_view(key, view.filter))
    _colour_choice(colour_slot, lang)
    drawings_panel((out or {}).get("all_drawings"), lang)
    st.query_params.from_dict(url_state.to_params(view))


# Guarded inside: Streamlit would show an error raised in a fragment as a traceback before the page's guard saw it.
_map_fragment = st.fragment(guarded(_map_and_colour), key=selection.MAP_FRAGMENT)


def _details_part(shown_now: ShownView, key: ViewKey) -> None:
    """The selected place's details, beside the map.

    A fragment (:data:`_details_fragment`) inside the filtered part, which a selection reruns alone or with the
    map (ui/selection.py); when the data behind the page changed, the whole page reruns instead."""
    lang = current_lang()
    if _stale_fragment_run(key, lang):
        st.rerun()
    view = st.session_state[url_state.LAST_VIEW_KEY]
    with st.container(key="pm_details"):
        details(shown_now.frames, lang, view.as_of)
        if st.session_state.pop(selection.SCROLL_TO_DETAILS, False):
            scroll_into_view("pm_details")
    selected = st.session_state.get("selected")
    if selected != view.selected:  # picked on the map, which has not run (ui/selection.py): the view and link say so
        view = _looking_where_the_link_says(view.with_(selected=selected))
        st.session_state[url_state.LAST_VIEW_KEY] = view
        st.query_params.from_dict(url_state.to_params(view))


_details_fragment = st.fragment(guarded(_details_part), key=selection.DETAILS_FRAGMENT)


def _filtered_part(slots: SidebarSlots, key: ViewKey) -> None:
    """The filters (in their sidebar place) and what they choose: the result line, the map, the details, the
    summary; the view goes into the session (``url_state.LAST_VIEW_KEY``) and, by the map, into the address.

    A fragment (:data:`_filtered_fragment`): a filter change reruns this alone, with the arguments of the last
    whole run, so the details and the summary are drawn from the same filtered places as the map; a selected
    place that a filter hides closes its details. When the data behind the page changed (a new report, a new
    day), the whole page reruns instead."""
    lang = current_lang()
    if _stale_fragment_run(key, lang):
        st.rerun()
    restore_choice("statuses", lang)  # its widget is drawn after the map, the view read now
    view = url_state.from_widget_state(st.session_state, lang, today_vn())
    shown_now = shown_view(key, view.filter)
    if view.selected and find(shown_now.frames, view.selected)[1] is None:  # its layer hidden or filtered out
        st.session_state["selected"] = None
        view = view.with_(selected=None)
    st.session_state[url_state.LAST_VIEW_KEY] = view  # now: a run cut short by a page change keeps it
    map_col, detail_col = _columns()
    with _checked():
        with map_col:
            _map_fragment(slots.colour, key)
        with detail_col:
            _details_fragment(shown_now, key)
    _summary(shown_now, lang, view.as_of or today_vn())
    # The map first: the browser renders a run's elements in the order they come, and gives the map its new
    # layers only once it has rendered those before it (bench/redraw.py's "page" part). The filters' widgets
    # hold the values read above; their places in the sidebar keep them where they were.
    _filters(slots.filters, lang)
    slots.result.caption(t("result_line", lang).format(all=shown_now.all_total, urban=shown_now.urban_total))


_filtered_fragment = st.fragment(guarded(_filtered_part))


def render() -> None:
    values = _starting_values()
    if first_screen.map_alone() and values is not None:
        _first_screen(values)
        return
    _seed_widgets(values)
    lang = current_lang()
    # The date widget's value for this run is already in session state: one load serves the whole run.
    key = view_key(st.session_state["as_of"], lang)
    all_frames = plan_frames(key)
    slots = _sidebar(lang, all_frames)
    _header()
    _filtered_fragment(slots, key)
    page_runs.map_widgets_drawn()
    view = st.session_state.get(url_state.LAST_VIEW_KEY)  # what the map has shown (none if the part failed)
    st.session_state[PLAN_SHOWN_KEY] = view is not None and view.colour_mode == "plan"
    if st.session_state[PLAN_SHOWN_KEY]:
        plan_comparison.render(all_frames, lang)
