"""The interactive HTML opens in headless Chromium with every request but the file itself blocked."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from export.html import render_html
from layers.query import ViewFilter

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def test_file_references_nothing_outside_itself(scene_of):
    page = render_html(scene_of(format="html")).decode("utf-8")
    assert not re.search(r'<(script|img)[^>]+src="(?!data:)', page)
    assert not re.search(r'<link[^>]+href="(?!data:)', page)
    assert "<img src=x onerror" not in page  # the hostile name is never markup
    assert "Bản đồ quy hoạch Hải Dương 2030" in page


def test_a_title_with_template_syntax_is_printed_not_evaluated(scene_of):
    page = render_html(scene_of(format="html", title="Quy hoạch {{ 7*7 }} {% raw %}")).decode("utf-8")
    assert "Quy hoạch {{ 7*7 }} {% raw %}" in page and "Quy hoạch 49" not in page


def _open_offline(browser, path: Path):
    url = path.resolve().as_uri()
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    blocked: list[str] = []
    dialogs: list[str] = []

    def guard(route):
        if route.request.url == url:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    return context, page, blocked, dialogs


@pytest.mark.browser
def test_html_shows_every_feature_offline_and_runs_no_injected_code(browser, scene_of, tmp_path):
    scene = scene_of(format="html")
    path = tmp_path / "ban-do.html"
    path.write_bytes(render_html(scene))
    context, page, blocked, dialogs = _open_offline(browser, path)
    try:
        page.locator("path.pm-urban-area").first.wait_for(timeout=20_000)
        placed_urban = int(scene.placed("urban_areas").shape[0])
        assert page.locator("path.pm-urban-area").count() == placed_urban == 5
        assert page.locator("path.pm-industrial-zone").count() == 2
        assert page.locator("path.pm-ring-road").count() == 1
        assert page.locator(".pm-legend").inner_text().count("Đô thị loại") >= 4
        assert "Bản đồ quy hoạch Hải Dương 2030" in page.locator(".pm-export-title").inner_text()
        # hover every urban area: tooltips show names as text; nothing runs
        seen = []
        for i in range(placed_urban):
            marker = page.locator("path.pm-urban-area").nth(i)
            marker.dispatch_event("mouseover")
            page.wait_for_timeout(50)
            seen += page.locator(".leaflet-tooltip").all_inner_texts()
            marker.dispatch_event("mouseout")
        tooltips = " ".join(seen)
        assert "<img src=x onerror=alert(1)>Thử" in tooltips and "Lương Điền" in tooltips
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], .leaflet-tooltip img').length") == 0
        assert dialogs == []
        assert blocked == []  # nothing was even attempted
    finally:
        context.close()


@pytest.mark.browser
def test_html_follows_the_view(browser, scene_of, tmp_path):
    scene = scene_of(format="html", lang="en", view=ViewFilter(layers=("urban_areas",), classes=("V",)))
    path = tmp_path / "map.html"
    path.write_bytes(render_html(scene))
    context, page, blocked, dialogs = _open_offline(browser, path)
    try:
        page.locator("path.pm-urban-area").first.wait_for(timeout=20_000)
        assert page.locator("path.pm-urban-area").count() == 2
        assert page.locator("path.pm-ring-road").count() == 0
        assert "Legend" in page.locator(".pm-legend").inner_text()
        assert dialogs == []  # nothing ran that opened a dialog
        assert blocked == []  # no request left the file (none was even attempted, so none was aborted)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_says_its_language_and_lists_every_source(scene_of, lang):
    from export.sources import full_sources
    scene = scene_of(format="html", lang=lang)
    page = render_html(scene).decode("utf-8")
    assert re.search(rf'<html lang="{lang}">', page)
    import html as _html
    for source in full_sources(scene):
        assert _html.escape(source) in page
    assert "<script>alert(2)</script>" not in page          # a hostile source is text, not markup


@pytest.mark.browser
def test_title_panel_folds_away_from_the_map(browser, scene_of, tmp_path):
    path = tmp_path / "map.html"
    path.write_bytes(render_html(scene_of(format="html")))
    context, page, blocked, dialogs = _open_offline(browser, path)
    try:
        panel = page.locator("details.pm-export-title")
        panel.wait_for(timeout=20_000)
        tall = panel.bounding_box()["height"]
        panel.locator("summary").first.click()
        assert page.evaluate("document.querySelector('details.pm-export-title').open") is False
        assert panel.bounding_box()["height"] < tall / 2
        assert blocked == [] and dialogs == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_open_title_panel_hides_no_place(browser, frames, history, tmp_path, lang):
    """The file opens with its title panel unfolded: every place of the view is drawn clear of it, even
    one in the north-west corner of the view (where the panel is, as Chí Linh is in the province)."""
    from shapely.geometry import Point

    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY
    from tests.export.test_html_details import marker_position
    urban = frames["urban_areas"].copy()
    bounds = [frame.geometry.dropna().total_bounds for frame in frames.values()]
    urban.loc["ua-dong-cam", "geometry"] = Point(min(b[0] for b in bounds), max(b[3] for b in bounds))
    scene = build_scene({**frames, "urban_areas": urban}, ExportRequest(format="html", lang=lang).validate(TODAY),
                        latest_per_feature(history, TODAY), history, made_on=TODAY)
    path = tmp_path / "map.html"
    path.write_bytes(render_html(scene))
    context, page, blocked, dialogs = _open_offline(browser, path)
    try:
        page.locator("path.pm-urban-area").first.wait_for(timeout=20_000)
        page.wait_for_timeout(500)   # the map's fit is animated: let it rest
        assert page.evaluate("document.querySelector('details.pm-export-title').open") is True
        panel = page.locator("details.pm-export-title").bounding_box()
        ids = [str(fid) for layer_id in scene.frames for fid, row in scene.placed(layer_id).iterrows()
               if row.geometry.geom_type == "Point"]
        assert len(ids) >= 6
        for fid in ids:
            at = marker_position(page, fid)
            inside = (panel["x"] <= at["x"] <= panel["x"] + panel["width"]
                      and panel["y"] <= at["y"] <= panel["y"] + panel["height"])
            assert not inside, (fid, at, panel)
            assert 0 <= at["x"] <= 1200 and 0 <= at["y"] <= 800, (fid, at)   # and on the screen
    finally:
        context.close()


@pytest.mark.skipif(__import__("importlib").util.find_spec("mapview.base_layer") is None,
                    reason="the base layer of the web map comes with the map branch (mapview.base_layer)")
@pytest.mark.browser
def test_html_draws_the_districts_offline(browser, scene_of, tmp_path):
    path = tmp_path / "map.html"
    path.write_bytes(render_html(scene_of(format="html")))
    context, page, blocked, _ = _open_offline(browser, path)
    try:
        page.locator(".pm-boundary").first.wait_for(timeout=20_000)
        assert page.locator(".pm-boundary").count() >= 12
        assert blocked == []
    finally:
        context.close()
