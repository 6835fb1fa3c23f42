"""A session's first view of the map page: the map alone, the rest of the page once it is drawn.

Measured with bench/time_to_map.py, the map page's first screen was ~50 elements whose
rendering (and ~30 files of widget code) kept the browser's one thread busy while the map's
frame waited: the map appeared ~1.6× later than on a bare streamlit-folium page. Sent alone,
it starts at once; the map reports when it has drawn (mapview/drawn_signal.py) and the next run
draws everything else. Any run after the first is whole, so a page whose map never reports
still gets its sidebar at the user's first click.
"""
from __future__ import annotations

import streamlit as st

_STATE = "_map_first_screen"  # absent: the map page not run yet; "alone": this run; "whole": every later run


def begin_run(is_map_page: bool) -> None:
    """Called once per run, before the page draws anything."""
    if is_map_page:
        st.session_state[_STATE] = "alone" if _STATE not in st.session_state else "whole"


def map_alone() -> bool:
    """Whether this run sends the map page's map alone."""
    return st.session_state.get(_STATE) == "alone"
