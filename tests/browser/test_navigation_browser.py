"""The page frame in a real browser, on a laptop (1366×768) and a phone (390×844): the language is one tap
from the main area, and the title's lines (the program, what the plan means today) are on screen at both
sizes, with nothing wider than the window (walk 16, findings 4 and 18)."""
from __future__ import annotations

import pytest

from tests.browser.conftest import REPO, _is_local, map_frame

pytestmark = pytest.mark.browser
SHOTS = REPO / "var" / "screenshots"

PROGRAM = {"vi": "Chương trình hành động thực hiện Nghị quyết 30-NQ/TW",
           "en": "Action program implementing Resolution 30-NQ/TW"}
UNITS_TODAY = {"vi": "Tỉnh Hải Dương nay thuộc TP Hải Phòng (từ 01/07/2025",
               "en": "Hải Dương province is part of Hải Phòng city since 1 July 2025"}
HEADING = {"vi": "Bản đồ quy hoạch Hải Dương 2030", "en": "Hải Dương 2030 planning map"}


def _in_view(page, locator) -> bool:
    """Whether the element is on screen, inside the window's width, and not covered at its centre."""
    box = locator.bounding_box()
    size = page.viewport_size
    if not box or box["width"] == 0 or box["x"] < 0 or box["x"] + box["width"] > size["width"] + 0.5 \
            or box["y"] < 0 or box["y"] + box["height"] > size["height"]:
        return False
    return locator.evaluate("""e => { const r = e.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return e === top || e.contains(top); }""")


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _title_line(page, text: str):
    return page.locator(".pm-title-block p", has_text=text)


@pytest.mark.parametrize("width, height, phone", [(1366, 768, False), (390, 844, True)], ids=["laptop", "phone"])
def test_one_tap_switches_the_language_and_the_titles_lines_stay_in_view(browser, app, width, height, phone):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    context.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
    page = context.new_page()
    try:
        page.goto(app.url)
        map_frame(page)
        button = page.get_by_role("button", name="EN", exact=True)
        button.wait_for(timeout=60_000)
        for lang in ("vi", "en"):
            assert page.locator(".pm-title-block h1").inner_text() == HEADING[lang]
            for line in (PROGRAM[lang], UNITS_TODAY[lang]):
                assert _in_view(page, _title_line(page, line)), f"{line!r} on screen ({width}×{height})"
            assert _no_sideways_scroll(page)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"navigation-{lang}-{width}.png"))
            if lang == "vi":
                assert _in_view(page, button), "the button is in the main area's view, not covered"
                if phone:
                    assert page.get_by_test_id("stSidebar").evaluate("e => e.getBoundingClientRect().right <= 1"), \
                        "the phone's sidebar stays closed: nothing to open first"
                    button.tap()
                else:
                    button.click()
                page.locator(".pm-title-block h1", has_text=HEADING["en"]).wait_for(timeout=30_000)
        back = page.get_by_role("button", name="VI", exact=True)
        assert _in_view(page, back), "and one tap back"
        assert "lang=en" in page.url, "a link copied now opens in English"
    finally:
        context.close()
