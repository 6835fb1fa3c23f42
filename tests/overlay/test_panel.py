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


def test_a_closed_sessions_overlays_are_freed_with_the_map_pages_references():
    """What the release does when a tab closes: nothing of the session keeps the parsed overlay alive."""
    import gc
    import time
    import weakref

    from geo.overlay_io import read_overlay
    from mapview.overlay import OverlayStyle
    from ui import overlay_panel as panel

    data = (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"ten": "A"}, '
            b'"geometry": {"type": "Point", "coordinates": [106.3, 20.9]}}]}')
    overlay = read_overlay(data, "a.geojson")
    gone = weakref.ref(overlay)
    state = {panel.MAP_OVERLAYS_KEY: [(overlay, OverlayStyle())], "other": 1}
    shelf = panel._Shelf(state)
    shelf[("d", None)] = overlay
    del overlay
    panel._release_shelf(shelf)
    deadline = time.monotonic() + 10
    while gone() is not None and time.monotonic() < deadline:
        time.sleep(0.1)
        gc.collect()
    assert gone() is None and not shelf
    assert panel.MAP_OVERLAYS_KEY not in state and state["other"] == 1
