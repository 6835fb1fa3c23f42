"""A filter or colour change redraws the plan's layers inside the mounted map (no new map frame)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MAP_FRAME, map_frame, wait_for_rerun

pytestmark = pytest.mark.browser

# Marks the map's document; a remounted map is a new document without the mark.
MARK = "() => { window.__pm_mark = 'mounted-once'; return true; }"
STILL_MARKED = "() => window.__pm_mark === 'mounted-once'"
URBAN_FILLS = "() => [...document.querySelectorAll('path.pm-urban-area')].map(p => p.getAttribute('fill')).sort().join()"


def _sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def test_colour_change_restyles_the_mounted_map(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    wait_for_rerun(page)  # the first run is over: what is mounted now stays
    body = frame.locator("body")
    body.evaluate(MARK)
    before = body.evaluate(URBAN_FILLS)
    colour = _sidebar(page).locator('[data-testid="stRadio"]', has_text="Tô màu theo")
    colour.get_by_text("Tình trạng", exact=True).click()
    wait_for_rerun(page)
    page.frame_locator(MAP_FRAME).locator("body").evaluate(
        "(before) => new Promise(r => { const f = () => { const now = [...document.querySelectorAll('path.pm-urban-area')]"
        ".map(p => p.getAttribute('fill')).sort().join(); now && now !== before ? r(true) : setTimeout(f, 50); }; f(); })",
        before)
    assert page.locator(MAP_FRAME).count() == 1
    assert body.evaluate(STILL_MARKED), "the map was remounted"
    # The new legend comes with the new layers, possibly a task after their paths: wait for it as a user would.
    expect(frame.locator(".pm-legend .pm-legend-heading").first).to_have_text("Tình trạng", timeout=30_000)
    assert frame.locator(".pm-legend").count() == 1  # the old legend went with the old layers


def test_turning_a_layer_off_keeps_the_mounted_map(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    wait_for_rerun(page)  # the first run is over: what is mounted now stays
    body = frame.locator("body")
    body.evaluate(MARK)
    _sidebar(page).get_by_text("Đường vành đai 5 vùng Thủ đô").click()
    wait_for_rerun(page)
    frame.locator("path.pm-ring-road").first.wait_for(state="detached", timeout=30_000)
    assert frame.locator("path.pm-urban-area").count() > 0
    assert body.evaluate(STILL_MARKED), "the map was remounted"
