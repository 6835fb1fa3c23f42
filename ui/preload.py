"""Start loading the map's component code before the sidebar's widgets ask for theirs.

The browser fetches the code of each kind of element the first time one arrives, at most six files at
a time. The map page's sidebar comes first (its widgets pull ~25 files: radio, text input, checkbox,
pills, buttons), so the component code the map needs waited behind all of them: a resource timeline
of bench/time_to_map.py put ~0.4 s between the map's element arriving and its frame being requested,
against ~0.03 s on the bare page. An invisible component at the top of the sidebar (the browser draws
the sidebar before the main area), on a session's first run only, puts that code at the head of the queue.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

CONTAINER_KEY = "pm_preload"  # hidden by ui/page_style.py
_DONE_KEY = "_pm_component_preloaded"
_COMPONENT = components.declare_component("planmap_preload", path=str(Path(__file__).parent / "component_preload"))


def preload_component_code() -> None:
    """The hidden container every run (the page's elements keep their places), the component the first run."""
    with st.sidebar.container(key=CONTAINER_KEY):
        if not st.session_state.get(_DONE_KEY):
            st.session_state[_DONE_KEY] = True
            _COMPONENT(key="pm_preload_component", default=None)
