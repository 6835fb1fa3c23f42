"""The few style rules Streamlit's defaults get wrong for this map, in one place.

- Filter pills: selected is filled, unselected is an outline — told apart at a glance.
- The search box's hint is grey italics, so it does not pass for typed text.
- The map fills the window's height (1280×720 projector: scale bar and credits in view).
- The language button in Streamlit's top bar (ui/lang.py), on every page.
- Phones (≤ 640 px): a one-line title, its two small lines (program, today's units), the map first at most ~60 % of the height (the plan's whole
  extent fits), the sidebar at most 85 % of the width.
Only selectors of Streamlit's stable test ids, ARIA states, our own keyed containers (``st-key-…``) and classes (``pm-…``).
"""
from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from ui.lang import BUTTON_CSS

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

CSS = f"""
<style>
button[data-variant="pills"][aria-pressed="true"] {{
  background: #c62828; border-color: #c62828; color: #fff; font-weight: 600;
}}
button[data-variant="pills"][aria-pressed="true"] p::before {{ content: "✓ "; }}
button[data-variant="pills"][aria-pressed="false"] {{ background: transparent; border: 1px solid #90a4ae; }}
[data-testid="stSidebar"] input::placeholder {{ color: #9e9e9e; font-style: italic; opacity: 1; }}
.pm-title-block h1 {{ font-size: 1.6rem; line-height: 1.3; font-weight: 700; padding: 0; margin: 0; }}
.pm-title-block p, .pm-caption {{ font-size: 0.875rem; color: rgba(49, 51, 63, 0.6); margin: 0; }}
{BUTTON_CSS}
[data-testid="stMainBlockContainer"] {{ padding-top: 3.2rem; }}
{MAP_IFRAME} {{ height: clamp(420px, calc(100vh - 175px), 1100px) !important; }}
@media (max-width: 640px) {{
  .pm-title-block h1 {{ font-size: 1.15rem; }}
  .pm-title-block p {{ font-size: 0.75rem; line-height: 1.3; }}
  {MAP_IFRAME} {{ height: clamp(320px, 62vh, 560px) !important; }}
  [data-testid="stSidebar"] {{ max-width: 85vw; }}
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.4rem; padding-left: 0.6rem; padding-right: 0.6rem; }}
}}
</style>
"""


def apply(markup: str = "") -> None:
    """Add the rules to this page, with ``markup`` (already escaped HTML: the title block) in the same element:
    one element less for the browser to build on the map's first screen."""
    st.html(CSS + markup)


def language_button_style() -> None:
    """The language button's place on the pages without the map's rules (a hidden element)."""
    st.html(f"<style>{BUTTON_CSS}</style>")


def scroll_into_view(key: str, max_width_px: int = 640) -> None:
    """On a narrow screen, bring the keyed container (details opened by a tap) into view.

    A tap on the phone's map opens the details below it, out of sight: the page scrolls to them.
    Wide screens show them beside the map already, so nothing moves there.
    """
    selector = json.dumps(f".st-key-{key}")
    components.html(
        "<script>(function(){var w = window.parent; if (w.innerWidth > %d) return;"
        "var el = w.document.querySelector(%s); if (el) el.scrollIntoView({behavior: 'smooth', block: 'start'});"
        "})();</script>" % (max_width_px, selector), height=0)
