"""The interface language: Vietnamese by default, English by a switch, kept in the URL."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from core.i18n import DEFAULT_LANG, LANGS, t

LANG_LABELS = {"vi": "Tiếng Việt", "en": "English"}
LANG_SHORT = {"vi": "VI", "en": "EN"}
BUTTON_KEY = "pm_lang_button"
# The button sits in Streamlit's top bar, left of its menu, at every width: one tap from the main area (a
# phone's sidebar is closed), taking no room from the map. Its keyed container: Streamlit's ``st-key-…`` class.
BUTTON_CSS = (f".st-key-{BUTTON_KEY} {{ position: fixed; top: 0.65rem; right: 3.4rem; z-index: 999991; width: auto; }}"
              f".st-key-{BUTTON_KEY} button {{ min-height: 2rem; padding: 0.1rem 0.6rem; font-weight: 600; }}")


def current_lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def current_lang_state() -> str:
    """This run's language, kept in session state for the switch (drawn later in the run, or not at all)."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = current_lang()
    return st.session_state["lang"]


def language_switch() -> str:
    """A sidebar radio that sets the language for every page; returns it."""
    current_lang_state()
    st.sidebar.radio("Ngôn ngữ / Language", LANGS, key="lang", format_func=LANG_LABELS.get, horizontal=True)
    return st.session_state["lang"]


def _switch_to(lang: str) -> None:
    st.session_state["lang"] = lang  # before the run draws the sidebar's radio: it shows the new language


def language_button() -> None:
    """A compact button that switches to the other language ("EN" in Vietnamese, "VI" in English)."""
    other = "en" if current_lang_state() == "vi" else "vi"
    st.button(LANG_SHORT[other], key=BUTTON_KEY, on_click=_switch_to, args=(other,),
              help=t("switch_language", current_lang_state()))


def carry_in_address(lang: str) -> None:
    """Write the language into the page's address (``lang=en``; none for Vietnamese, the default), so a link
    copied from any page opens in the language it was read in. Streamlit's sidebar links drop the query;
    the map page writes its whole view itself (ui/url_state.py) and must not be given a second writer."""
    if lang == DEFAULT_LANG:
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang


_MEMO_KEY = "_language_stable_values"
_DEFAULT_ARGS = ("index", "default", "value")


def language_stable(widget: Callable[..., Any], key: str, lang: str, *args: Any, **kwargs: Any) -> Any:
    """Call a choice widget (radio, pills, selectbox, multiselect) whose option labels follow the
    language, keeping its choice when the language changes.

    Streamlit matches such a widget's value by the label it shows: after a switch to English
    the old "Loại đô thị" matches no option and the choice is silently cleared. The value of the
    previous run, remembered here, is put back before the widget is drawn.
    """
    if restore_choice(key, lang):
        for name in _DEFAULT_ARGS:  # a default beside a value set in session state makes Streamlit warn
            kwargs.pop(name, None)
    value = widget(*args, key=key, **kwargs)
    st.session_state[_MEMO_KEY][key] = (lang, value)
    return value


def restore_choice(key: str, lang: str) -> bool:
    """Put back the choice a :func:`language_stable` widget made in another language (whether it did): for a page
    that reads the choice before it draws the widget."""
    memo: dict[str, tuple[str, Any]] = st.session_state.setdefault(_MEMO_KEY, {})
    if key in memo and memo[key][0] != lang:
        st.session_state[key] = memo[key][1]
        return True
    return False
