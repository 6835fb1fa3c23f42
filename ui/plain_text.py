"""The map page's first-screen words (its title, the program's name, "filters loading") as plain HTML.

``st.title`` and ``st.caption`` are drawn by Streamlit's markdown renderer (a heading with its
anchor link, parsed in the browser). On the map's first screen that work shares the browser's one
thread with the map's frame: measured in the browser, the time from the first websocket message
to the map's frame being created fell from ~280 to ~200 ms without it (the bare streamlit-folium
page: ~160). The words are escaped: a plan's title never runs as markup. Their style is in
ui/page_style.py.
"""
from __future__ import annotations

from html import escape

import streamlit as st

TITLE_CLASS = "pm-title-block"
CAPTION_CLASS = "pm-caption"


def title_markup(title: str, *lines: str) -> str:
    """``title`` as the page's one heading, each of ``lines`` under it in caption style (empty ones left out)."""
    below = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    return f'<div class="{TITLE_CLASS}"><h1>{escape(title)}</h1>{below}</div>'


def caption_markup(text: str) -> str:
    return f'<p class="{CAPTION_CLASS}">{escape(text)}</p>'


def caption(text: str, container=st) -> None:
    """A caption without markdown (``container``: ``st`` or ``st.sidebar``)."""
    container.html(caption_markup(text))
