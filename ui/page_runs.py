"""Whether the map page's widget state can be trusted: not once another page's run has begun.

Streamlit keeps a page's widget values both on the server and in the browser. When another page's
run ends, the server forgets the map's widgets. When the map reruns before that (the user came
straight back, or the map's last report of its view landed just as the user left), the server
still holds them, but the browser dropped them as it changed page: it showed the checkboxes
unticked and the next run read every layer off. Either way the map page sets its widgets again,
from the view it last showed, and a value set this way is sent to the browser with the widget.
"""
from __future__ import annotations

import streamlit as st

_STALE = "_map_widgets_stale"


def begin_run(is_map_page: bool) -> None:
    """Called at the start of every run, before the page draws anything."""
    if not is_map_page:
        st.session_state[_STALE] = True


def map_widgets_stale() -> bool:
    """Whether another page's run has begun since the map page last drew its widgets."""
    return bool(st.session_state.get(_STALE))


def map_widgets_drawn() -> None:
    """The map page has sent its widgets with the values it set."""
    st.session_state.pop(_STALE, None)
