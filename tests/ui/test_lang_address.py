"""The language in the address of every page (F6): an English page's copied link opens in English."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _other_page() -> None:
    """A page other than the map, as ui/app.py frames it: the sidebar switch, then the language into the address."""
    import streamlit as st

    from ui.app import frame_language

    frame_language(is_map=False)
    st.header("Trang" if st.session_state["lang"] == "vi" else "Page")


def test_the_english_switch_puts_the_language_into_the_address_and_vietnamese_takes_it_out():
    at = AppTest.from_function(_other_page, default_timeout=30).run()
    assert "lang" not in at.query_params  # Vietnamese, the default: the link stays short
    at.radio(key="lang").set_value("en").run()
    assert at.query_params["lang"] == "en"
    at.radio(key="lang").set_value("vi").run()
    assert "lang" not in at.query_params


def test_a_link_that_arrives_in_english_keeps_its_language_and_the_rest_of_its_address():
    at = AppTest.from_function(_other_page, default_timeout=30)
    at.query_params["lang"] = "en"
    at.query_params["asof"] = "2026-11-30"
    at.run()
    assert at.header[0].value == "Page"
    assert (at.query_params["lang"], at.query_params["asof"]) == ("en", "2026-11-30")
