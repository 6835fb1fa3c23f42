"""The app frame: page setup, language switch, navigation between pages."""
from __future__ import annotations

import gc

import streamlit as st

from core.i18n import t
from core.plan import current_plan
from mapview.assets import ensure_static_assets
from ui import dashboard, export_panel, first_screen, map_page, page_runs, report, targets
from ui.navigation import navigate
from ui.guard import guarded
from ui.help_names import name_help_buttons
from ui.lang import carry_in_address, current_lang_state, language_button, language_switch
from ui.page_style import language_button_style


@st.cache_resource(show_spinner=False)
def _assets_ready() -> bool:
    """Once per server: copy the map's static files, then freeze the heap.

    By the first run geopandas, pyproj, folium and SQLAlchemy are imported: millions of
    long-lived objects that every full garbage collection would walk again while the
    server is answering a page load. gc.freeze() moves them out of the collector's sight.
    """
    ensure_static_assets()
    gc.freeze()
    return True


def _to(page: st.Page):
    """A hidden page that leads to ``page`` with the link's view: the map is the default page, served at "/",
    and links of earlier versions ("/map?…") met Streamlit's English "Page not found"."""
    def lead_on() -> None:
        st.switch_page(page, query_params=st.query_params.to_dict())
    return lead_on


def frame_language(is_map: bool) -> None:
    """The sidebar's language switch and the help buttons' names in that language (not on the map's first
    screen, which has no widgets: ui/first_screen.py), and on every page but the map (which writes its whole
    view, lang included, into its address) the language into the address: Streamlit's sidebar links drop it."""
    if not first_screen.map_alone():
        language_switch()
        name_help_buttons(st.session_state["lang"])
    if not is_map:
        carry_in_address(st.session_state["lang"])


def frame_language_button(is_map: bool) -> None:
    """The language button, one tap from the main area (a phone's sidebar is closed), drawn after the page:
    placed in the top bar by its style, it must not come before the page's elements in their order (the map
    would move in it between the first screen, which has no widgets, and the next run, and be built anew)."""
    if first_screen.map_alone():
        return
    language_button()
    if not is_map:
        language_button_style()  # the map page's own rules place it there (ui/page_style.py)


def main() -> None:
    plan = current_plan()  # the plan this run shows (PLANMAP_PLAN_DIR), read before any widget lists its layers
    st.set_page_config(page_title=plan.title[0], page_icon="🗺️", layout="wide")
    _assets_ready()
    lang = current_lang_state()
    the_map = st.Page(guarded(map_page.render), title=t("map_page", lang), url_path="ban-do", default=True)
    page = navigate([
        the_map,
        st.Page(guarded(_to(the_map)), title=t("map_page", lang), url_path="map", visibility="hidden"),
        st.Page(guarded(dashboard.render), title=t("dashboard_page", lang), url_path="dashboard"),
        st.Page(guarded(report.render), title=t("report_page", lang), url_path="report"),
        st.Page(guarded(targets.render), title=t("targets_page", lang), url_path="targets"),
        st.Page(guarded(export_panel.render), title=t("export_page", lang), url_path="export"),
    ], the_map, lang)
    first_screen.begin_run(page is the_map)
    page_runs.begin_run(page is the_map)
    frame_language(page is the_map)
    page.run()
    frame_language_button(page is the_map)
