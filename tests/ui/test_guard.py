"""The page guard: an unforeseen error shows a short message in the user's language, never a traceback."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _page(lang: str, kind: str) -> None:
    import streamlit as st

    from core.errors import DataError
    from ui.guard import guarded

    st.session_state["lang"] = lang

    def render() -> None:
        st.write("trước lỗi / before the error")
        if kind == "ours":
            raise DataError("Tệp hỏng.", "The file is broken.")
        if kind == "rerun":
            if not st.session_state.get("rerun_done"):
                st.session_state["rerun_done"] = True
                st.rerun()
            st.write("sau rerun / after the rerun")
            return
        open("/srv/planmap/secret/config.toml")  # FileNotFoundError naming a server path

    guarded(render)()


@pytest.mark.parametrize("lang,words", [("vi", "lỗi ngoài dự kiến"), ("en", "unexpected error")])
def test_an_unforeseen_error_shows_a_message_and_an_incident_code_only(lang, words, caplog):
    at = AppTest.from_function(_page, kwargs={"lang": lang, "kind": "bug"}, default_timeout=30).run()
    assert not at.exception
    assert len(at.error) == 1 and words in at.error[0].value
    shown = " ".join(str(e.value) for e in at.markdown) + at.error[0].value
    assert "/srv/planmap" not in shown and "Traceback" not in shown and "FileNotFoundError" not in shown
    code = at.error[0].value.rsplit(" ", 1)[-1].rstrip(".")
    # the details are in the server's log, under the code the user was given
    logged = [r for r in caplog.records if r.name == "planmap.pages"]
    assert logged and code in logged[0].getMessage() and logged[0].exc_info[0] is FileNotFoundError


def test_our_own_errors_show_their_message_in_the_users_language():
    at = AppTest.from_function(_page, kwargs={"lang": "en", "kind": "ours"}, default_timeout=30).run()
    assert not at.exception and [e.value for e in at.error] == ["The file is broken."]


def test_rerun_passes_through_the_guard():
    at = AppTest.from_function(_page, kwargs={"lang": "vi", "kind": "rerun"}, default_timeout=30).run()
    assert not at.exception and not at.error
    assert any("sau rerun" in str(m.value) for m in at.markdown)


def test_production_config_hides_error_details():
    import tomllib

    from tests.conftest import REPO

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_every_page_of_the_app_is_guarded():
    from ui import app

    source = (app.__file__ and open(app.__file__, encoding="utf-8").read())
    pages = source.count("st.Page(")
    assert pages >= 4 and source.count("st.Page(guarded(") == pages
