"""The exported HTML, clicked as a user would, offline in headless Chromium: a click on a place opens
the same details as the app (status, progress, source, precision, history); places on one spot are
spread apart and each can be clicked; text from the data never becomes markup."""
from __future__ import annotations

from pathlib import Path

import pytest

from export import ExportRequest, build_scene
from progress.latest import latest_per_feature
from export.html import render_html
from tests.browser.map_probe import DRAWN_PARTS_JS
from tests.export.conftest import TODAY
from tests.export.test_html import _open_offline

pytestmark = pytest.mark.browser

FIND_MAP = "Object.values(window).find(v => v instanceof L.Map)"


def marker_position(page, feature_id: str) -> dict:
    """Where the place's marker (or a point of its line/area) is drawn on the page, in CSS pixels."""
    return page.evaluate("""([fid]) => {
        const map = %s; let found = null;
        map.eachLayer(l => { if (!found && l.feature && l.feature.properties && l.feature.properties.id === fid) found = l; });
        if (!found) return null;
        const vertices = found.getLatLngs ? found.getLatLngs().flat(3) : [];   // a line: one of its vertices
        const at = found.getLatLng ? found.getLatLng() : vertices[Math.floor(vertices.length / 2)];
        const p = map.latLngToContainerPoint(at), box = map.getContainer().getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""" % FIND_MAP, [feature_id])


def click_place(page, feature_id: str) -> str:
    """Click where the place is drawn, once the spread layout has settled; the popup's text."""
    # Settled: no zoom animation running (positions do not move during one, then jump at its end, when the
    # first view is refitted below the title panel) and the same position twice in a row.
    page.wait_for_function(f"() => !({FIND_MAP})._animatingZoom", timeout=10_000)
    at, before = marker_position(page, feature_id), None
    for _ in range(30):
        if at == before and not page.evaluate(f"() => ({FIND_MAP})._animatingZoom"):
            break
        page.wait_for_timeout(150)
        before, at = at, marker_position(page, feature_id)
    assert at is not None, feature_id
    page.mouse.click(at["x"], at["y"])
    popup = page.locator(".pm-details-popup .pm-details")
    popup.wait_for(timeout=5_000)
    assert popup.get_attribute("data-id") == feature_id, popup.inner_text()[:200]
    box, before = popup.bounding_box(), None
    for _ in range(20):  # the map pans the popup into view (animated): wait until it rests
        if box == before:
            break
        page.wait_for_timeout(100)
        before, box = box, popup.bounding_box()
    return popup.inner_text()


def _page(browser, scene, tmp_path: Path):
    path = tmp_path / "map.html"
    path.write_bytes(render_html(scene))
    context, page, blocked, dialogs = _open_offline(browser, path)
    page.locator("path.pm-urban-area").first.wait_for(timeout=20_000)
    return context, page, blocked, dialogs


def test_a_click_opens_the_places_details_with_its_history(browser, scene_of, tmp_path):
    context, page, blocked, dialogs = _page(browser, scene_of(format="html", lang="en"), tmp_path)
    try:
        text = click_place(page, "ua-hai-duong")
        assert text.startswith("Hải Dương")
        for label in ("Status", "Progress", "Source", "Location precision", "Report history"):
            assert label in text, label
        assert "Completed" in text and "100%" in text                       # the latest report, as the app says
        assert "city/town centre" in text and "§III.4" in text              # precision and source
        rows = page.locator(".pm-details-history tr")
        assert rows.count() == 1 + 3                                        # header + every report to date
        assert "2019-10-26" in rows.nth(1).inner_text()                    # newest first
        # a note with markup in it is shown as written
        assert "<b>đậm</b>" in text and page.locator(".pm-details b").count() == 0
        # the popup is clear of the title panel (drawn above the map): its name can be read
        name_box = page.locator(".pm-details-name").bounding_box()
        assert name_box["y"] > page.locator("details.pm-export-title").bounding_box()["y"] + \
            page.locator("details.pm-export-title").bounding_box()["height"]
        page.screenshot(path=str(tmp_path / "popup.png"))
        assert blocked == [] and dialogs == []
    finally:
        context.close()


def test_a_hostile_name_is_text_in_the_popup(browser, scene_of, tmp_path):
    context, page, blocked, dialogs = _page(browser, scene_of(format="html"), tmp_path)
    try:
        text = click_place(page, "ua-xss")
        assert text.startswith("<img src=x onerror=alert(1)>Thử")
        assert page.locator(".pm-details img, img[src='x']").count() == 0
        assert page.evaluate("document.querySelectorAll('.pm-details *').length") == \
            page.evaluate("document.querySelectorAll('.pm-details div, .pm-details table, .pm-details tr, "
                          ".pm-details th, .pm-details td, .pm-details h4, .pm-details a, .pm-details tbody').length")
        assert "Chưa có báo cáo nào" in text                                # no report: said, not left blank
        page.wait_for_timeout(300)
        assert dialogs == [] and blocked == []
    finally:
        context.close()


def test_a_line_opens_its_details_too(browser, scene_of, tmp_path):
    context, page, blocked, dialogs = _page(browser, scene_of(format="html", lang="en"), tmp_path)
    try:
        text = click_place(page, "rr5-hai-duong")
        assert "Status" in text and "Report history" in text and "2026-01-08" in text
    finally:
        context.close()


def test_places_on_one_spot_are_spread_and_each_opens(browser, frames, history, tmp_path):
    stacked = dict(frames)
    urban = frames["urban_areas"].copy()
    urban.loc["ua-dong-cam", "geometry"] = urban.loc["ua-luong-dien", "geometry"]   # a shared placeholder point
    stacked["urban_areas"] = urban
    scene = build_scene(stacked, ExportRequest(format="html", as_of=TODAY).validate(TODAY),
                        latest_per_feature(history, TODAY), history, made_on=TODAY)
    context, page, blocked, dialogs = _page(browser, scene, tmp_path)
    try:
        page.locator("path.pm-leader").first.wait_for(state="attached", timeout=5_000)
        a, b = marker_position(page, "ua-luong-dien"), marker_position(page, "ua-dong-cam")
        assert abs(a["x"] - b["x"]) + abs(a["y"] - b["y"]) > 8                # drawn apart, not on top of each other
        assert page.evaluate(DRAWN_PARTS_JS, "pm-leader") >= 2             # each linked to the true position
        home = page.evaluate(f"(() => {{ const m = {FIND_MAP}; return [m.getCenter(), m.getZoom()]; }})()")
        assert click_place(page, "ua-luong-dien").startswith("Lương Điền")
        page.locator(".leaflet-popup-close-button").click()
        page.locator(".pm-details").wait_for(state="detached", timeout=5_000)
        # the popup panned the map to fit; back to the first view, as a user would pan back
        page.evaluate(f"([c, z]) => {FIND_MAP}.setView(c, z, {{animate: false}})", home)
        text = click_place(page, "ua-dong-cam")
        assert text.startswith(str(urban.loc["ua-dong-cam", "name"]))
        # the popup lists what else is on the spot; its button opens that place
        same = page.locator(".pm-details-same button")
        assert same.count() == 1 and same.inner_text() == "Lương Điền"
        same.click()
        page.wait_for_function("document.querySelector('.pm-details') && "
                               "document.querySelector('.pm-details').dataset.id === 'ua-luong-dien'", timeout=5_000)
        page.screenshot(path=str(tmp_path / "stacked.png"))
        assert blocked == [] and dialogs == []
    finally:
        context.close()


def test_the_title_panel_folds_and_the_page_says_its_language(browser, scene_of, tmp_path):
    context, page, blocked, dialogs = _page(browser, scene_of(format="html", lang="en"), tmp_path)
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        panel = page.locator("details.pm-export-title")
        tall = panel.bounding_box()["height"]
        panel.locator("summary").first.click()
        assert panel.bounding_box()["height"] < tall / 2
        # folded, the map under it takes clicks again
        assert click_place(page, "ua-hai-duong").startswith("Hải Dương")
    finally:
        context.close()
