"""The planner's first visit, in a real browser at the sizes people use: a desktop, a projector
(1280×720) and a phone (390×844). Filters, legend, viewports and links as a person meets them.
"""
from __future__ import annotations

import re

import pytest

from layers.registry import load_layer
from tests.browser.conftest import MAP_FRAME, REPO, _is_local, map_frame, wait_for_rerun

pytestmark = pytest.mark.browser
SHOTS = REPO / "var" / "screenshots"


def _context_page(browser, width: int, height: int, mobile: bool = False):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
    context.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
    return context, context.new_page()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _frame_of(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _placed(data_dir, urban_class: str | None = None) -> int:
    urban = load_layer("urban_areas", data_dir)
    urban = urban[urban["placed"]]
    return int((urban["urban_class"] == urban_class).sum()) if urban_class else len(urban)


def _pill(page, label: str):
    return page.get_by_test_id("stSidebar").locator('button[data-variant="pills"]', has_text=re.compile(f"^✓? ?{label}$"))


def _legend_box(page) -> dict:
    return _frame_of(page).evaluate("""() => {
        const r = document.querySelector('.pm-legend').getBoundingClientRect();
        const m = document.querySelector('.leaflet-container').getBoundingClientRect();
        const d = document.querySelector('.pm-legend > details');
        return {share: (r.width * r.height) / (m.width * m.height), open: d.open,
                cut: [...document.querySelectorAll('.pm-legend-body')].some(b =>
                    getComputedStyle(b).overflow === 'hidden' && (b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1))};
    }""")


def test_one_click_on_iv_shows_the_seven_class_iv_areas_and_all_resets(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    everything = _placed(app.data_dir)
    assert frame.locator("path.pm-urban-area").count() == everything  # first visit: no pill selected = all
    assert _pill(page, "IV").get_attribute("aria-pressed") == "false"
    search = page.get_by_test_id("stSidebar").get_by_placeholder("Ví dụ: luong dien")
    hint = search.evaluate("e => { const s = getComputedStyle(e, '::placeholder'); return [s.fontStyle, s.color]; }")
    typed = search.evaluate("e => getComputedStyle(e).color")
    assert hint[0] == "italic" and hint[1] != typed  # a hint, not typed text
    _pill(page, "IV").click()
    wait_for_rerun(page)
    frame = map_frame(page)
    page.wait_for_function("""([sel, n]) => document.querySelector(sel).contentDocument
        .querySelectorAll('path.pm-urban-area').length === n""", arg=[MAP_FRAME, _placed(app.data_dir, "IV")], timeout=30_000)
    assert frame.locator("path.pm-urban-area").count() == _placed(app.data_dir, "IV") == 7
    pressed, unpressed = _pill(page, "IV"), _pill(page, "V")
    assert pressed.get_attribute("aria-pressed") == "true"
    colours = [b.evaluate("b => getComputedStyle(b).backgroundColor") for b in (pressed, unpressed)]
    assert colours[0] != colours[1] and colours[1] in ("rgba(0, 0, 0, 0)", "transparent")  # filled vs outline
    _pill(page, "V").click()  # a second click adds
    wait_for_rerun(page)
    page.wait_for_function("""([sel, n]) => document.querySelector(sel).contentDocument
        .querySelectorAll('path.pm-urban-area').length === n""",
        arg=[MAP_FRAME, _placed(app.data_dir, "IV") + _placed(app.data_dir, "V")], timeout=30_000)
    assert "Bản đồ đang hiện" in page.get_by_test_id("stSidebar").inner_text()  # the result, beside the filter
    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Tất cả")).first.click()
    wait_for_rerun(page)
    page.wait_for_function("""([sel, n]) => document.querySelector(sel).contentDocument
        .querySelectorAll('path.pm-urban-area').length === n""", arg=[MAP_FRAME, everything], timeout=30_000)


def test_projector_the_map_fills_the_height_and_the_legend_serves_it(browser, app):
    context, page = _context_page(browser, 1280, 720)
    try:
        page.goto(app.url + "/?colour=status")
        map_frame(page)
        wait_for_rerun(page)
        page.wait_for_timeout(800)
        _shot(page, "map-1280x720")
        box = page.locator(MAP_FRAME).bounding_box()
        assert box["y"] + box["height"] <= 720 and box["height"] >= 500  # the map fills the window's height
        scale = _frame_of(page).evaluate(
            "() => { const r = document.querySelector('.leaflet-control-scale').getBoundingClientRect();"
            " return [r.bottom, window.innerHeight]; }")
        assert 0 < scale[0] <= scale[1]  # the scale bar is in view
        legend = _legend_box(page)
        assert legend["open"] and legend["share"] <= 0.2 and not legend["cut"]
        # Clicks on the legend's body reach the map under it; only its title (the fold) takes them.
        under = _frame_of(page).evaluate("""() => {
            const body = document.querySelector('.pm-legend-row').getBoundingClientRect();
            const hit = document.elementFromPoint(body.x + body.width / 2, body.y + body.height / 2);
            const title = document.querySelector('.pm-legend-title').getBoundingClientRect();
            const top = document.elementFromPoint(title.x + 5, title.y + title.height / 2);
            return [!!hit.closest('.pm-legend'), !!hit.closest('.leaflet-container'), !!top.closest('.pm-legend')];
        }""")
        assert under == [False, True, True]
        # Only what is drawn: the status key lists no status that no feature has.
        frame = page.frame_locator(MAP_FRAME)
        listed = frame.locator(".pm-legend-section").first.locator(".pm-legend-row").all_inner_texts()
        assert listed and "Hoàn thành" not in listed
    finally:
        context.close()


def test_phone_map_first_legend_folded_details_in_view_after_a_tap(browser, app):
    context, page = _context_page(browser, 390, 844, mobile=True)
    try:
        page.goto(app.url)
        frame = map_frame(page)
        wait_for_rerun(page)
        page.wait_for_timeout(800)
        _shot(page, "map-390x844")
        box = page.locator(MAP_FRAME).bounding_box()
        # A short title with its two small lines (the program; the 2025 merger and 2026 classes: walk 16,
        # findings 4 and 18), then the map, all of it in view.
        assert box["y"] < 180 and box["y"] + box["height"] <= 844
        legend = _legend_box(page)
        assert not legend["open"] and legend["share"] <= 0.2
        # The plan's extent fits: every placed urban area is inside the map's frame.
        inside = _frame_of(page).evaluate("""() => { const m = document.querySelector('.leaflet-container').getBoundingClientRect();
            return [...document.querySelectorAll('path.pm-urban-area')].every(p => { const r = p.getBoundingClientRect();
              return r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom; }); }""")
        assert inside
        marker = frame.locator("path.pm-urban-area").last
        marker.dispatch_event("mouseover")
        name = frame.locator(".pm-tooltip td").first.inner_text()
        marker.dispatch_event("click")
        wait_for_rerun(page)
        heading = page.locator(".st-key-pm_details strong", has_text=name).first
        heading.wait_for(timeout=30_000)
        page.wait_for_function("""(n) => { const el = [...document.querySelectorAll('.st-key-pm_details strong')]
            .find(e => e.textContent === n); if (!el) return false; const r = el.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight; }""", arg=name, timeout=15_000)
        _shot(page, "map-390x844-details")
    finally:
        context.close()


def test_a_link_opens_at_its_centre_and_zoom_and_moving_updates_it(page, app):
    page.goto(app.url + "/?c=20.95000,106.40000&z=12")
    map_frame(page)
    wait_for_rerun(page)
    page.wait_for_timeout(500)
    zoom, centre = _frame_of(page).evaluate("() => [window.map.getZoom(), window.map.getCenter()]")
    assert zoom == 12 and abs(centre["lat"] - 20.95) < 1e-3 and abs(centre["lng"] - 106.4) < 1e-3
    _frame_of(page).evaluate("() => window.map.setView([21.0, 106.3], 11, {animate: false})")
    page.wait_for_url(re.compile(r"[?&]c=21\.00000%2C106\.30000&z=11"), timeout=10_000)
    # A sidebar change reruns the app: the link keeps the view.
    page.get_by_test_id("stSidebar").get_by_text("Đường sắt", exact=True).click()
    wait_for_rerun(page)
    page.wait_for_url(re.compile(r"[?&]layers="), timeout=30_000)
    assert "z=11" in page.url and "c=21.00000%2C106.30000" in page.url


def test_a_past_date_is_stamped_on_the_map(page, app):
    page.goto(app.url + "/?asof=2025-06-01")
    frame = map_frame(page)
    stamp = frame.locator(".pm-date-stamp")
    stamp.wait_for(timeout=30_000)
    assert stamp.inner_text() == "Bản đồ tình trạng tại ngày 01/06/2025 — không phải hôm nay"


def test_phone_dashboard_chart_legend_is_whole_and_no_bar_is_a_dash(browser, app):
    """F7: at 390×844 the stacked chart's two-column legend was wider than the chart ("Chuẩn bị đầu t",
    "Chưa rõ (chưa" cut off) and the features in no district had a bar labelled "—"."""
    context, page = _context_page(browser, 390, 844, mobile=True)
    try:
        page.goto(app.url + "/dashboard")
        chart = page.get_by_test_id("stVegaLiteChart").last  # features by district and status
        chart.locator(".role-legend-label text").first.wait_for(timeout=60_000)
        wait_for_rerun(page)
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        _shot(page, "dashboard-390x844-district-chart")
        seen = chart.evaluate("""e => { const box = e.getBoundingClientRect();
            const texts = sel => [...e.querySelectorAll(sel)].map(t => ({text: t.textContent,
                                                                         right: t.getBoundingClientRect().right}));
            return {right: Math.min(box.right, window.innerWidth), legend: texts('.role-legend-label text'),
                    rows: texts('.role-axis-label text').map(t => t.text)}; }""")
        labels = [t["text"] for t in seen["legend"]]
        assert "Chuẩn bị đầu tư" in labels and "Chưa rõ (chưa có nguồn)" in labels, labels
        cut = [t["text"] for t in seen["legend"] if t["right"] > seen["right"] + 0.5]
        assert not cut, cut
        assert "Chưa rõ huyện" in seen["rows"] and "—" not in seen["rows"], seen["rows"]
    finally:
        context.close()
