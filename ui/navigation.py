"""The pages' navigation: hidden on a session's first run, in the sidebar from the next.

A session's first run of the map page sends the map alone (ui/first_screen.py); the sidebar's
page links drawn in that run were work in the browser's one thread before the map's frame got
its turn. Hidden (Streamlit's own ``position="hidden"``), they come with the next run, which
the drawn map starts by itself. A session that starts on another page is run again at once
with its links: only the map waits for them.
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core.i18n import DEFAULT_LANG

_SHOWN = "_navigation_shown"


def navigate(pages: Sequence[st.Page], the_map: st.Page, lang: str = DEFAULT_LANG) -> st.Page:
    """The page this run shows (``st.navigation``), its links hidden on the session's first run.

    In another language than Vietnamese the links are ``st.page_link``s carrying ``lang`` in their address:
    Streamlit's own sidebar links have none, so a copied English link opened the page in Vietnamese."""
    first = _SHOWN not in st.session_state
    carry = lang != DEFAULT_LANG
    page = st.navigation(pages, position="hidden" if first or carry else "sidebar")
    st.session_state[_SHOWN] = True
    if first and page is not the_map:
        st.rerun()
    if carry and not first:
        for other in pages:
            if other.visibility != "hidden":
                st.sidebar.page_link(other, label=other.title, query_params={"lang": lang})
        st.sidebar.divider()  # as under Streamlit's own links
    return page
