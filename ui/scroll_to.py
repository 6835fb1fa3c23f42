"""Bring a part of the page into view after a click elsewhere on it (the to-do list's "Báo cáo" → the form).

Streamlit has no call that scrolls the page, and a rerun keeps the reader where they were: a click on a button
far above the form changed the form off-screen and looked like it did nothing. A small fixed script scrolls the
container with a given key into view. It carries only that key (a constant of the code, JSON-quoted) and a click
counter, so each click runs it again; no data or user text is ever put in it.
"""
from __future__ import annotations

import json

import streamlit as st

PENDING_KEY = "planmap_scroll_pending"  # (container key, click number) still to scroll to on the next run
COUNT_KEY = "planmap_scroll_count"

SCRIPT = """<script>(() => {
  const selector = %(selector)s;  // click %(n)d
  let tries = 0;
  const go = () => {
    const el = document.querySelector(selector);
    if (el && el.offsetParent !== null && el.getBoundingClientRect().height > 0) {
      el.style.scrollMarginTop = "4rem";  // clear of Streamlit's fixed top bar
      el.scrollIntoView({block: "start", behavior: "smooth"});
    } else if (++tries < 120) {
      requestAnimationFrame(go);  // the container may come a moment after this script
    }
  };
  go();
})();</script>"""


def scroll_on_next_run(key: str) -> None:
    """Ask the next run of the page to bring the container ``key`` into view (call before ``st.rerun``)."""
    count = st.session_state.get(COUNT_KEY, 0) + 1
    st.session_state[COUNT_KEY] = count
    st.session_state[PENDING_KEY] = (key, count)


def script(key: str, count: int) -> str:
    """The script that scrolls to the container ``key`` (Streamlit gives it the class ``st-key-<key>``)."""
    return SCRIPT % {"selector": json.dumps(f".st-key-{key}"), "n": int(count)}


def scroll_if_asked() -> None:
    """Add the pending scroll's script to this run (in the sidebar: nothing to see, the main area keeps its layout)."""
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None:
        st.sidebar.html(script(*pending), unsafe_allow_javascript=True)
