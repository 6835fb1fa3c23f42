"""The app frame: page setup, language switch, navigation between pages."""
from __future__ import annotations

import streamlit as st

from core.i18n import t
from mapview.assets import ensure_static_assets
from ui import map_page
from ui.lang import language_switch


@st.cache_resource(show_spinner=False)
def _assets_ready() -> bool:
    ensure_static_assets()
    return True


def _optional_page(module: str, title: str, url_path: str):
    """A page whose module may not be installed in this build; skipped if missing."""
    try:
        mod = __import__(f"ui.{module}", fromlist=["render"])
    except ImportError:
        return None
    return st.Page(mod.render, title=title, url_path=url_path)


def main() -> None:
    st.set_page_config(page_title="Quy hoạch Hải Dương 2030", page_icon="🗺️", layout="wide")
    _assets_ready()
    lang = language_switch()
    pages = [st.Page(map_page.render, title=t("map_page", lang), url_path="map", default=True)]
    for module, key, path in (("dashboard", "dashboard_page", "dashboard"), ("report", "report_page", "report"),
                              ("export_panel", "export_page", "export")):
        page = _optional_page(module, t(key, lang), path)
        if page is not None:
            pages.append(page)
    st.navigation(pages).run()
