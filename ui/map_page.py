"""The map page: sidebar → filters → map → details → summary, in that order."""
from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from core.clock import today_vn
from core.i18n import date_field_format, format_date, t
from core.text import md_escape, md_table
from core.vocab import STATUSES, URBAN_CLASSES
from geo.measure import format_ha, format_km
from layers.base import flag
from layers.query import colocated, search
from layers.registry import LAYERS, get_layer
from mapview.build import MapOptions, build_map, selection_highlight, view_for_bounds
from ui import progress_details, url_state
from ui.caching import rendered_map, shown_frames, shown_ids, summary_counts
from ui.data import plan_frames, view_key
from ui.facts import show_facts
from ui.lang import current_lang, language_stable
from ui.map_component import highlight_js, render_map, show_map
from ui.overlay_panel import drawings_panel, overlay_sidebar

MAP_KEY = "plan_map"
MAP_RETURNS = ("last_active_drawing", "all_drawings")
EARLIEST_AS_OF = date(2000, 1, 1)
# Detail fields whose label is another interface string.
FIELD_LABELS = {"program_name": "name_in_program", "districts_label": "districts"}


def _seed_widgets() -> None:
    """Give the sidebar's widgets their values before they are drawn.

    From the link on the first visit; after the user comes back from another page (Streamlit
    forgets a page's widget state once another page has run), from the view the map last showed.
    """
    ss = st.session_state
    last: url_state.MapView | None = ss.get(url_state.LAST_VIEW_KEY)
    if last is not None and all(key in ss for key in url_state.WIDGET_KEYS):
        return
    view = last or url_state.parse(st.query_params.to_dict())
    values = url_state.to_widget_state(view, today_vn())
    # A link may carry any date: keep it within what the date box accepts (no future, not before 2000).
    values["as_of"] = min(max(values["as_of"], EARLIEST_AS_OF), today_vn())
    for key, value in values.items():
        if key not in ss:
            ss[key] = value
    if last is None:
        ss["selected"] = view.selected


def _sidebar(lang: str, frames: dict[str, gpd.GeoDataFrame]) -> url_state.MapView:
    sb = st.sidebar
    sb.text_input(t("search", lang), key="query", help=t("search_help", lang), placeholder="luong dien")
    query = st.session_state["query"].strip()
    if query:
        hits = search(frames, query)
        if hits:
            labels = {fid: f"{name} — {get_layer(layer).title(lang)}" for layer, fid, name in hits}
            choice = sb.radio(t("search", lang), list(labels), format_func=labels.get, key="search_choice",
                              label_visibility="collapsed", index=None)
            if choice and choice != st.session_state.get("_last_search_choice"):
                st.session_state["selected"] = choice
                st.session_state["_zoom_to_selection"] = True
                st.session_state["_last_search_choice"] = choice
        else:
            sb.caption(t("no_match", lang))

    sb.subheader(t("layers", lang))
    for spec in LAYERS:
        sb.checkbox(spec.title(lang), key=f"layer_{spec.id}")
    sb.pills(t("urban_class", lang), list(URBAN_CLASSES), key="classes", selection_mode="multi",
             help=", ".join(term.label(lang) for term in URBAN_CLASSES.values()))
    language_stable(sb.pills, "statuses", lang, t("status", lang), list(STATUSES), selection_mode="multi",
                    format_func=lambda c: STATUSES[c].label(lang))
    language_stable(sb.radio, "colour_mode", lang, t("colour_by", lang), url_state.COLOUR_MODES, horizontal=True,
                    format_func=lambda m: t("urban_class", lang) if m == "class" else t("status", lang))
    # The date picker's code loads only when its popover opens; the button shows the date in force.
    with sb.popover(f"{t('as_of', lang)}: {format_date(st.session_state['as_of'], lang)}", icon=":material/event:",
                    width="stretch", help=t("as_of_help", lang)):
        st.date_input(t("as_of", lang), key="as_of", min_value=EARLIEST_AS_OF, max_value=today_vn(),
                      format=date_field_format(lang))
    sb.checkbox(t("basemap", lang), key="basemap")
    st.session_state["_overlays"] = overlay_sidebar(lang)

    return url_state.from_widget_state(st.session_state, lang, today_vn())


def _newly_added_overlay():
    """The last overlay added since the previous run, if any (each is zoomed to once)."""
    seen = st.session_state.setdefault("_overlays_seen", set())
    fresh = [overlay for overlay, _ in st.session_state.get("_overlays", []) if overlay.digest not in seen]
    seen.update(overlay.digest for overlay in fresh)
    return fresh[-1] if fresh else None


def _find(frames: dict[str, gpd.GeoDataFrame], feature_id: str | None):
    if not feature_id:
        return None, None
    for layer_id, frame in frames.items():
        if feature_id in frame.index:
            return get_layer(layer_id), frame.loc[feature_id]
    return None, None


def _value_text(field: str, row: pd.Series, lang: str) -> str | None:
    value = row.get(field)
    if field == "length_km":
        return format_km(value) if row.get("placed") and value else None
    if field == "area_ha":
        return t("unknown", lang) if value is None or pd.isna(value) else format_ha(value)
    if field == "progress_pct":
        return None if value is None or pd.isna(value) else f"{float(value):.0f}%"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _details(frames: dict[str, gpd.GeoDataFrame], lang: str, as_of: date | None) -> None:
    st.subheader(t("details", lang))
    spec, row = _find(frames, st.session_state.get("selected"))
    if row is None:
        st.caption(t("click_hint", lang))
        return
    st.markdown(f"**{md_escape(str(row['name']))}**  \n{md_escape(spec.title(lang))}")
    if not flag(row, "placed"):
        st.warning(t("not_placed", lang) + " — " + t("not_identified", lang))
    if flag(row, "indicative"):
        st.info(t("indicative", lang))
    rows = []
    for field in spec.detail_fields:
        if field in ("name", "status_label", "progress_pct"):  # status is shown from the store below
            continue
        text = _value_text(field, row, lang)
        if text:
            rows.append((t(FIELD_LABELS.get(field, field.removesuffix("_label")), lang), text))
    show_facts(rows)
    others = colocated(frames, str(row["id"]))
    if others:
        st.caption(t("same_spot", lang))
        for layer_id, fid, name in others:
            if st.button(f"{name} — {get_layer(layer_id).title(lang)}", key=f"same_spot_{fid}"):
                st.session_state["selected"] = fid
                st.rerun()
    progress_details.render(str(row["id"]), lang, as_of)


def _summary(shown: dict[str, gpd.GeoDataFrame], lang: str, as_of: date,
             per_class: pd.DataFrame, per_status: pd.DataFrame) -> None:
    """Counts as Markdown (no extra code for the browser to fetch); the full table on request."""
    st.subheader(t("summary", lang))
    st.caption(t("summary_note", lang).format(date=format_date(as_of, lang), urban=int(per_class["count"].sum()),
                                               all=int(per_status["count"].sum())))
    left, right = st.columns(2)
    for column, frame, heading in ((left, per_class, "urban_class"), (right, per_status, "status")):
        rows = [[label, int(n)] for label, n in zip(frame["label"], frame["count"])]
        column.markdown(md_table([t(heading, lang), t("count", lang)], rows + [[t("total", lang), int(frame["count"].sum())]]))
    if not st.toggle(t("show_feature_table", lang), key="show_feature_table"):
        return
    st.subheader(t("visible_features", lang))
    rows = []
    for layer_id, frame in shown.items():
        spec = get_layer(layer_id)
        for fid, row in frame.iterrows():
            rows.append({
                t("name", lang): row["name"],
                t("layer", lang): spec.title(lang),
                t("urban_class", lang): row.get("urban_class") if isinstance(row.get("urban_class"), str) else "",
                t("district", lang): row.get("districts_label") or "",
                t("status", lang): row.get("status_label"),
                t("progress", lang): _value_text("progress_pct", row, lang) or "—",  # no source gives a figure
                t("location_precision", lang): row.get("location_precision_label") or "",
                t("feature_id", lang): fid,  # the code report files use
            })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render() -> None:
    lang = current_lang()
    _seed_widgets()
    # The date widget's value for this run is already in session state: one load serves the whole run.
    key = view_key(st.session_state["as_of"], lang)
    all_frames = plan_frames(key)
    view = _sidebar(lang, all_frames)
    shown = shown_frames(key, view.filter)

    st.title(t("app_title", lang))
    st.caption(t("program_name", lang))
    map_col, detail_col = st.columns([2.6, 1], gap="medium")
    with map_col:
        options = MapOptions(lang=lang, colour_mode=view.colour_mode, basemap=view.basemap)
        overlays = st.session_state.get("_overlays", [])
        rendered = rendered_map(  # built and rendered once per view for every session (ui/caching.py)
            (key, shown_ids(shown), options, [(overlay.digest, style) for overlay, style in overlays]),
            lambda: render_map(build_map(shown, options, overlays=overlays, tools=True, keep_view=True),
                               MAP_KEY, MAP_RETURNS), with_overlays=bool(overlays))
        _, row = _find(all_frames, view.selected)
        highlight, center, zoom = None, None, None
        if row is not None and row.get("placed"):
            highlight = selection_highlight(row.geometry)
            if st.session_state.pop("_zoom_to_selection", False):
                c = row.geometry.centroid
                center, zoom = (c.y, c.x), 12
        newest = _newly_added_overlay()
        if newest is not None:  # show the user's new layer where it is, not under the plan's markers
            center, zoom = view_for_bounds(newest.bounds)
        out = show_map(rendered, MAP_KEY, extra_js=highlight_js(highlight), center=center, zoom=zoom)
        clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("id")
        if clicked and clicked != st.session_state.get("_last_click"):
            st.session_state["_last_click"] = clicked
            st.session_state["selected"] = clicked
            st.rerun()
        drawings_panel((out or {}).get("all_drawings"), lang)
    with detail_col:
        _details(all_frames, lang, view.as_of)
    _summary(shown, lang, view.as_of or today_vn(), *summary_counts(key, view.filter))
    st.session_state[url_state.LAST_VIEW_KEY] = view
    st.query_params.from_dict(url_state.to_params(view))
