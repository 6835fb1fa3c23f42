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

_SHOWN = "_navigation_shown"


def navigate(pages: Sequence[st.Page], the_map: st.Page) -> st.Page:
    """The page this run shows (``st.navigation``), its links hidden on the session's first run."""
    first = _SHOWN not in st.session_state
    page = st.navigation(pages, position="hidden" if first else "sidebar")
    st.session_state[_SHOWN] = True
    if first and page is not the_map:
        st.rerun()
    return page
