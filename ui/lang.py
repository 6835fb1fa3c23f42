"""The interface language: Vietnamese by default, English by a switch, kept in the URL."""
from __future__ import annotations

import streamlit as st

from core.i18n import DEFAULT_LANG, LANGS

LANG_LABELS = {"vi": "Tiếng Việt", "en": "English"}


def current_lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def language_switch() -> str:
    """A sidebar radio that sets the language for every page; returns it."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = current_lang()
    st.sidebar.radio("Ngôn ngữ / Language", LANGS, key="lang", format_func=LANG_LABELS.get, horizontal=True)
    return st.session_state["lang"]
