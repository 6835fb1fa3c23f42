"""A window resized or a phone turned before the map has been moved: the province's first view is fitted again
to the new size; a view the user chose (moved) or a link's view is kept as it is. A tap that moves nothing (on
an empty spot, as when reading a place) does not count as choosing a view."""
from __future__ import annotations

import pytest

from tests.browser.test_view_sizes_browser import LINK_VIEW, VIEW_JS, _open, assert_province_fitted

pytestmark = pytest.mark.browser

# (from, to): a desktop window made smaller and larger, and a phone turned from portrait to landscape.
RESIZES = {"desktop smaller": ((1366, 768), (800, 600)), "desktop larger": ((800, 600), (1366, 768)),
           "phone turned": ((390, 844), (844, 390))}


def _resize(page, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_timeout(2000)  # the page lays out again, the frame and the map follow


def _tap_empty_spot(page, frame) -> None:
    """A click on the map above the province (the grey land round it): nothing there, the map does not move."""
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 30)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("tapped", [False, True], ids=["untouched", "tapped"])
@pytest.mark.parametrize("change", list(RESIZES))
def test_an_unmoved_first_view_is_fitted_again_to_the_new_size(browser, app, change, tapped):
    before, after = RESIZES[change]
    context, page, frame = _open(browser, app, before)
    try:
        body = frame.locator("body")
        if tapped:
            start = body.evaluate(VIEW_JS)
            _tap_empty_spot(page, frame)
            assert body.evaluate(VIEW_JS) == start  # the tap moved nothing
        _resize(page, after)
        assert_province_fitted(frame)  # as a first load at this size shows it
    finally:
        context.close()


def _drag(page, frame) -> None:
    """The user pans the map: a mouse drag from the middle of the map."""
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 6):
        page.mouse.move(x + 12 * k, y + 8 * k)
    page.mouse.up()
    page.wait_for_timeout(800)


@pytest.mark.parametrize("chosen", ["panned", "linked"])
@pytest.mark.parametrize("change", list(RESIZES))
def test_a_chosen_view_is_kept_when_the_window_changes(browser, app, change, chosen):
    before, after = RESIZES[change]
    lat, lng, zoom = LINK_VIEW
    context, page, frame = _open(browser, app, before, f"?c={lat},{lng}&z={zoom:g}" if chosen == "linked" else "")
    try:
        body = frame.locator("body")
        if chosen == "panned":
            start = body.evaluate(VIEW_JS)
            _drag(page, frame)
            assert body.evaluate(VIEW_JS) != start  # the drag moved the map
        view = body.evaluate(VIEW_JS)
        _resize(page, after)
        kept = body.evaluate(VIEW_JS)
        pixel = 360 / 256 / 2 ** view[2]
        assert kept[2] == view[2] and abs(kept[0] - view[0]) < pixel and abs(kept[1] - view[1]) < pixel, (view, kept)
    finally:
        context.close()
