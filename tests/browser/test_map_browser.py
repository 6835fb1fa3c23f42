"""What a planner sees in a real browser, with no internet."""
from __future__ import annotations

import re

import pytest

from layers.registry import load_layer
from tests.browser.conftest import MAP_FRAME, map_frame, wait_for_rerun

pytestmark = pytest.mark.browser


def _placed_count(data_dir, layer_id: str, css: str | None = None) -> int:
    frame = load_layer(layer_id, data_dir)
    frame = frame[frame["placed"]]
    if css == "pm-railway":
        frame = frame[~frame.get("line_id", frame["name"].map(lambda _: None)).map(lambda v: isinstance(v, str))]
    return len(frame)


def _sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def test_every_placed_urban_area_and_each_layer_is_drawn_offline(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    assert frame.locator("path.pm-urban-area").count() == _placed_count(app.data_dir, "urban_areas")
    assert frame.locator("path.pm-industrial-zone").count() == _placed_count(app.data_dir, "industrial_zones")
    assert frame.locator("path.pm-ring-road").count() == 1
    assert frame.locator("path.pm-railway").count() == _placed_count(app.data_dir, "railways", "pm-railway")
    assert frame.locator(".pm-legend").is_visible()
    # Nothing outside this machine was reached; tiles were refused and the map drew anyway.
    assert all("127.0.0.1" not in url for url in page.blocked_requests)


def test_turning_a_layer_off_removes_it(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    assert frame.locator("path.pm-ring-road").count() == 1
    _sidebar(page).get_by_text("Đường vành đai 5 vùng Thủ đô").click()
    wait_for_rerun(page)
    frame = map_frame(page)
    frame.locator("path.pm-ring-road").first.wait_for(state="detached", timeout=30_000)
    assert frame.locator("path.pm-ring-road").count() == 0
    assert frame.locator("path.pm-urban-area").count() > 0
    page.wait_for_url(re.compile(r"[?&]layers="), timeout=30_000)


def test_clicking_a_marker_opens_its_details(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    marker = frame.locator("path.pm-urban-area").last
    # Events go to the marker itself: the legend may cover it at this window size.
    marker.dispatch_event("mouseover")
    tooltip = frame.locator(".pm-tooltip td").first
    tooltip.wait_for(timeout=10_000)
    name = tooltip.inner_text()
    marker.dispatch_event("click")
    wait_for_rerun(page)
    details = page.locator('[data-testid="stMarkdownContainer"] strong', has_text=name)
    details.first.wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"[?&]sel=ua-"), timeout=30_000)


def test_english_switch_changes_the_labels(page, app):
    page.goto(app.url)
    map_frame(page)
    assert page.locator("h1").first.inner_text() == "Bản đồ quy hoạch Hải Dương 2030"
    _sidebar(page).get_by_text("English").click()
    page.locator("h1", has_text="Hải Dương 2030 planning map").wait_for(timeout=30_000)
    assert _sidebar(page).get_by_text("Railways").is_visible()
    frame = map_frame(page)
    frame.locator(".pm-legend", has_text="Legend").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"[?&]lang=en"), timeout=30_000)


def test_choices_survive_the_language_switch(page, app):
    """Streamlit matches a choice by its label; switching language must not clear the user's choices."""
    page.goto(app.url + "/?colour=status&st=in_progress,delayed&asof=2025-06-01")
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    wait_for_rerun(page)
    _sidebar(page).get_by_text("English", exact=True).click()
    page.locator("h1", has_text="Hải Dương 2030 planning map").wait_for(timeout=30_000)
    wait_for_rerun(page)
    colour = _sidebar(page).locator('[data-testid="stRadio"]', has_text="Colour by")
    assert colour.get_by_role("radio", name="Status").is_checked()
    assert not colour.get_by_role("radio", name="Urban class").is_checked()
    page.wait_for_url(re.compile(r"colour=status"), timeout=30_000)
    _sidebar(page).get_by_role("button", name="As of: 2025-06-01").wait_for(timeout=30_000)  # ISO for English
    page.wait_for_url(re.compile(r"st=in_progress(%2C|,)delayed"), timeout=30_000)


def test_deep_link_restores_the_view(page, app):
    page.goto(app.url + "/?lang=en&layers=urban_areas,railways&sel=" + app.sample_id)
    frame = map_frame(page)
    page.locator("h1", has_text="Hải Dương 2030 planning map").wait_for(timeout=30_000)
    assert frame.locator("path.pm-ring-road").count() == 0
    assert frame.locator("path.pm-railway").count() > 0
    page.locator('[data-testid="stMarkdownContainer"] strong', has_text=app.sample_name).first.wait_for(timeout=30_000)
    assert frame.locator("path.pm-selection").count() == 1


def test_the_as_of_date_is_picked_in_its_popover_and_kept_in_the_link(page, app):
    page.goto(app.url)
    map_frame(page)
    _sidebar(page).get_by_role("button", name=re.compile("Tính đến ngày")).click()
    day = page.locator('[data-testid="stDateInput"] [data-type="day"]')
    day.click()
    page.keyboard.type("01062025")
    page.locator("h1").first.click()  # the date is taken when the field loses focus
    wait_for_rerun(page)
    _sidebar(page).get_by_role("button", name="Tính đến ngày: 01/06/2025").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"asof=2025-06-01"), timeout=30_000)
    map_frame(page)


def test_zoom_and_pan_survive_a_sidebar_change(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    start = page.frame_locator(MAP_FRAME).locator("body").evaluate("() => window.map.getZoom()")
    for _ in range(2):
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(600)  # the zoom animation, then 'moveend'
    zoomed = frame.locator("body").evaluate("() => [window.map.getZoom(), window.map.getCenter().lat]")
    assert zoomed[0] >= start + 2
    _sidebar(page).get_by_text("Đường sắt", exact=True).click()  # rebuilds the map
    wait_for_rerun(page)
    frame = map_frame(page)
    assert frame.locator("path.pm-railway").count() == 0
    after = frame.locator("body").evaluate("() => [window.map.getZoom(), window.map.getCenter().lat]")
    assert after[0] == zoomed[0] and abs(after[1] - zoomed[1]) < 1e-6


def test_drawing_toolbar_speaks_the_interface_language(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    assert frame.locator("a.leaflet-draw-draw-polygon").get_attribute("title") == "Vẽ vùng"
    assert frame.locator("a.leaflet-draw-edit-remove").get_attribute("title") in ("Xóa hình đã vẽ", "Chưa có hình để xóa")
    _sidebar(page).get_by_text("English", exact=True).click()
    page.locator("h1", has_text="Hải Dương 2030 planning map").wait_for(timeout=30_000)
    wait_for_rerun(page)
    frame = map_frame(page)
    frame.locator('a.leaflet-draw-draw-polygon[title="Draw a polygon"]').wait_for(timeout=30_000)


def test_coming_back_from_another_page_keeps_the_view(page, app):
    page.goto(app.url)
    map_frame(page)
    _sidebar(page).get_by_text("Đường sắt", exact=True).click()
    wait_for_rerun(page)
    _sidebar(page).get_by_role("link", name="Tiến độ", exact=True).click()
    wait_for_rerun(page)
    _sidebar(page).get_by_role("link", name="Bản đồ", exact=True).click()
    wait_for_rerun(page)
    frame = map_frame(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not _sidebar(page).get_by_role("checkbox", name="Đường sắt").is_checked()
    assert frame.locator("path.pm-railway").count() == 0 and frame.locator("path.pm-urban-area").count() > 0
