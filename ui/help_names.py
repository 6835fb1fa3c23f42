"""The accessible name of Streamlit's help buttons in the page's language.

Streamlit names each field's "?" button "Help for <label>" in English whatever the page's language, so a
screen reader reads English in the Vietnamese interface; there is no option to change it. A small fixed
script renames them "Trợ giúp: <label>" as they appear. The label is read from the button's own attribute
and written back with setAttribute: it is never parsed as HTML, and no data or user text is put in the script
(only the prefix of this module, JSON-quoted). In English the script leaves Streamlit's names alone.
"""
from __future__ import annotations

import json

import streamlit as st

from core.i18n import Strings

TEXT = Strings({
    "help_for": ("Trợ giúp: ", "Help for "),
    "help": ("Trợ giúp", "Help"),
})
STREAMLIT_PREFIX, STREAMLIT_ALONE = "Help for ", "Help"

SCRIPT = """<script>(() => {
  window.pmHelpNames = %(names)s;
  const rename = () => {
    const names = window.pmHelpNames;
    window.pmHelpPending = false;
    if (!names) return;
    document.querySelectorAll('[data-testid="stTooltipIcon"] button[aria-label]').forEach((button) => {
      const name = button.getAttribute("aria-label");
      if (name.startsWith(%(streamlit_prefix)s)) {
        button.setAttribute("aria-label", names.prefix + name.slice(%(streamlit_prefix)s.length));
      } else if (name === %(streamlit_alone)s) {
        button.setAttribute("aria-label", names.alone);
      }
    });
  };
  rename();
  if (!window.pmHelpObserver) {  // once per page: later runs only change the words above
    window.pmHelpObserver = new MutationObserver(() => {
      if (!window.pmHelpPending) { window.pmHelpPending = true; requestAnimationFrame(rename); }
    });
    window.pmHelpObserver.observe(document.body, {subtree: true, childList: true, attributes: true,
                                                  attributeFilter: ["aria-label"]});
  }
})();</script>"""


def script(lang: str) -> str:
    """The page's script for ``lang`` (no renaming where Streamlit's words are the page's)."""
    words = TEXT.words(lang)
    names = None if words["help_for"] == STREAMLIT_PREFIX else {"prefix": words["help_for"], "alone": words["help"]}
    return SCRIPT % {"names": json.dumps(names, ensure_ascii=False), "streamlit_prefix": json.dumps(STREAMLIT_PREFIX),
                     "streamlit_alone": json.dumps(STREAMLIT_ALONE)}


def name_help_buttons(lang: str) -> None:
    """Add the renaming script to this page, in the sidebar (nothing to see; the main area keeps its layout)."""
    st.sidebar.html(script(lang), unsafe_allow_javascript=True)
