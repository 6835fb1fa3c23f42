"""Label–value facts shown as compact lines; data stays text, web addresses become links."""
from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from core.text import md_escape, md_linkify


def show_facts(rows: Iterable[tuple[str, str]]) -> None:
    st.markdown("  \n".join(f"**{md_escape(label)}:** {md_linkify(value)}" for label, value in rows))
