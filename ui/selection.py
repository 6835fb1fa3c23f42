"""Selecting a place on the map page reruns only what the selection changes: the details and the map's ring.

A click on a place on the map, or on a place the details list as sharing its spot, is seen in its widget's
callback, the one place Streamlit lets a rerun name the fragments it runs (``st.rerun(keys)``): the details'
(ui/map_page.py, which also puts the place in the address's ``sel``) and, for a place picked in them, the map's
(its selection ring; at a click on the map, the map rings the place itself: mapview/selection_ring.py), not the
whole page (header, sidebar, summary) as a click did before. After the page's first screen
(ui/first_screen.py), which has no fragments yet, the click's own rerun is of the whole page and shows it.
"""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ui import first_screen

MAP_FRAGMENT = "pm_map_part"
DETAILS_FRAGMENT = "pm_details_part"
_LAST_CLICK = "_last_click"
SCROLL_TO_DETAILS = "_scroll_to_details"  # a tap opened them: a phone scrolls to them (ui.page_style)


def clicked_place(value: Mapping | None) -> str | None:
    """The id of the place the map's report says was clicked last (None for a drawn shape or no click)."""
    drawing = (value or {}).get("last_active_drawing") or {}
    found = (drawing.get("properties") or {}).get("id")
    return str(found) if found else None


def select(feature_id: str, ringed: bool = False) -> None:
    """A widget callback: select ``feature_id`` and rerun the details and the map alone (the details alone when
    the map has ``ringed`` it itself: mapview/selection_ring.py)."""
    st.session_state["selected"] = feature_id
    if not first_screen.map_alone():  # the fragments are there to be named
        st.rerun([DETAILS_FRAGMENT] if ringed else [MAP_FRAGMENT, DETAILS_FRAGMENT])


def on_map_report(value: Mapping | None) -> None:
    """The map's callback: a click on a place other than the last one clicked selects it; anything else (a shape
    drawn, the map saying it has drawn) reruns the map's fragment as usual."""
    clicked = clicked_place(value)
    if clicked and clicked != st.session_state.get(_LAST_CLICK):
        st.session_state[_LAST_CLICK] = clicked
        st.session_state[SCROLL_TO_DETAILS] = True
        select(clicked, ringed=True)
