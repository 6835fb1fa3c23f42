"""F5: Streamlit's help buttons are named "Help for …" in English; the page renames them in its language
(the renaming itself runs in the browser: tests/browser/test_report_browser.py)."""
from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from ui.app import frame_language

    frame_language(is_map=False)
    st.text_input("Ghi chú", help="Tối đa 2000 ký tự.")


def _names(at: AppTest):
    scripts = [h.value for h in at.sidebar.html if "pmHelpNames" in h.value]
    assert len(scripts) == 1, scripts
    return json.loads(re.search(r"window\.pmHelpNames = (.*?);\n", scripts[0]).group(1))


def test_a_vietnamese_page_renames_the_help_buttons_and_an_english_one_leaves_them():
    at = AppTest.from_function(_page, default_timeout=30).run()
    assert not at.exception, at.exception
    assert _names(at) == {"prefix": "Trợ giúp: ", "alone": "Trợ giúp"}
    at.radio(key="lang").set_value("en").run()
    assert _names(at) is None  # Streamlit's "Help for …" is the English page's own word
