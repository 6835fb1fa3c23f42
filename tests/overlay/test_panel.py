"""The Streamlit panel renders in both languages (AppTest; uploads are covered by the browser test)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _script(lang):
    from ui.overlay_panel import drawings_panel, overlay_sidebar

    overlays = overlay_sidebar(lang)
    assert overlays == []
    drawings_panel([{"type": "Feature", "properties": {},
                     "geometry": {"type": "LineString", "coordinates": [[106.30, 20.90], [106.31, 20.90]]}}], lang)


@pytest.mark.parametrize("lang,word", [("vi", "Dữ liệu riêng"), ("en", "Your data")])
def test_panel_renders(lang, word):
    at = AppTest.from_function(_script, kwargs={"lang": lang}, default_timeout=30).run()
    assert not at.exception
    assert any(word in s.value for s in at.sidebar.subheader)
    assert len(at.get("download_button")) == 3
