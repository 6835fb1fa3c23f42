"""What a planner sees in a real browser, with no internet."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from layers.registry import load_layer
from tests.browser.conftest import MAP_FRAME, _is_local, map_frame, wait_for_rerun
from tests.browser.map_probe import DRAWN_PARTS_JS, PARTS_IN_JS, on_element

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
    # The filters come after the map in the run (ui/map_page.py): later than the title.
    expect(_sidebar(page).get_by_text("Railways")).to_be_visible(timeout=30_000)
    frame = map_frame(page)
    frame.locator(".pm-legend", has_text="Legend").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"[?&]lang=en"), timeout=30_000)


@pytest.mark.parametrize("link, heading", [("Progress", "Progress"), ("Export", "Export")])
def test_the_other_pages_carry_english_in_their_address(page, browser, app, link, heading):
    """F6: switched to English, the Progress and Export pages opened from the sidebar had no lang=en in their
    address, nor had the sidebar's links; a copied link opened them in Vietnamese."""
    page.goto(app.url)
    map_frame(page)
    _sidebar(page).get_by_text("English", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]lang=en"), timeout=30_000)
    wait_for_rerun(page)
    target = _sidebar(page).get_by_role("link", name=link, exact=True)
    # The link itself, as copied with the browser's "Copy link": Streamlit's own sidebar links had no lang=en.
    expect(target).to_have_attribute("href", re.compile(r"[?&]lang=en(&|$)"), timeout=30_000)
    target.click()
    page.get_by_test_id("stMain").get_by_role("heading", name=re.compile(heading)).first.wait_for(timeout=60_000)
    page.wait_for_url(re.compile(r"[?&]lang=en"), timeout=30_000)  # the page's address, as copied
    copied = page.url
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
    try:
        other = context.new_page()
        other.goto(copied)
        other.get_by_test_id("stMain").get_by_role("heading", name=re.compile(heading)).first.wait_for(timeout=60_000)
        wait_for_rerun(other)
        english = other.get_by_test_id("stSidebar").get_by_role("radio", name="English")
        assert english.is_checked()
    finally:
        context.close()
    _sidebar(page).get_by_text("Tiếng Việt", exact=True).click()  # and back: the default needs no lang
    page.wait_for_url(lambda url: "lang=" not in url, timeout=30_000)


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


def test_a_link_of_an_earlier_version_to_map_opens_the_map_with_its_view(page, app):
    """The map is served at "/"; a link to "/map" (the targets table's, before session 7) opened
    Streamlit's English "Page not found" over it and lost the link's view."""
    page.goto(app.url + "/map?lang=en&layers=urban_areas,railways&sel=" + app.sample_id)
    frame = map_frame(page)
    page.locator("h1", has_text="Hải Dương 2030 planning map").wait_for(timeout=30_000)
    page.locator('[data-testid="stMarkdownContainer"] strong', has_text=app.sample_name).first.wait_for(timeout=30_000)
    assert frame.locator("path.pm-ring-road").count() == 0 and frame.locator("path.pm-selection").count() == 1
    wait_for_rerun(page)
    assert page.get_by_text("Page not found").count() == 0


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


@pytest.mark.parametrize("suffix, words", [
    ("/", ("Đo khoảng cách và diện tích", "Đo mới", "Điểm cuối", "Chiều dài đường đo", " m", " km", "Xong")),
    ("/?lang=en", ("Measure distances and areas", "Create a new measurement", "Last point", "Path distance",
                   " Meters", " Kilometers", "Finish measurement"))])
def test_the_measure_tool_speaks_the_interface_language(page, app, suffix, words):
    """leaflet-measure ships no Vietnamese: its panel and readouts were English on the Vietnamese page."""
    page.goto(app.url + suffix)
    frame = map_frame(page)
    toggle = frame.locator("a.leaflet-control-measure-toggle")
    toggle.wait_for(timeout=20_000)  # built after the map's first paint
    assert toggle.get_attribute("title") == words[0]
    frame.locator(".leaflet-control-measure").hover()  # opens its panel (the toggle gives way to it)
    start = frame.locator(".leaflet-control-measure .js-start")
    assert start.inner_text().strip() == words[1]
    start.click()
    box = frame.locator(".leaflet-container").bounding_box()
    for dx in (0.35, 0.65):  # two points across the map: kilometres apart at the province view
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * 0.85)
        page.wait_for_timeout(300)
    panel = frame.locator(".leaflet-control-measure .js-results").inner_text()
    assert words[2] in panel and words[3] in panel and words[4] in panel and words[5] in panel, panel
    assert frame.locator(".leaflet-control-measure .js-finish").inner_text().strip() == words[6]


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


def test_base_draws_the_12_districts_and_their_names_under_the_plan(page, app):
    from geo.base_geography import load_districts

    page.goto(app.url)
    frame = map_frame(page)
    assert frame.locator("path.pm-boundary").count() == 12
    assert frame.locator("path.pm-outside").count() == 1
    labels = frame.locator(".pm-district-label")
    assert sorted(labels.all_inner_texts()) == sorted(load_districts()["name"])
    # Quiet: the base never takes the mouse, and it lies under the plan's layers.
    styles = frame.locator("path.pm-boundary").first.evaluate(
        "e => [getComputedStyle(e).pointerEvents, getComputedStyle(e.closest('.leaflet-pane')).zIndex]")
    assert styles[0] == "none" and int(styles[1]) < 400
    assert labels.first.evaluate("e => getComputedStyle(e).pointerEvents") == "none"
    _sidebar(page).get_by_text("Ranh giới hành chính (2019–2025)").click()
    wait_for_rerun(page)
    frame = map_frame(page)
    frame.locator("path.pm-boundary").first.wait_for(state="detached", timeout=30_000)
    assert frame.locator(".pm-district-label").count() == 0
    page.wait_for_url(re.compile(r"[?&]bnd=0"), timeout=30_000)


# In the map's frame: each district name's box, the circle markers that reach into it (outline included), and
# whether the box's middle and ends lie in the district it names (Leaflet's own geometry, hit-tested by the browser).
_NAME_CLASHES = """() => {
    const names = [...document.querySelectorAll('.pm-district-label span')];
    const discs = [...document.querySelectorAll('path.leaflet-interactive')].filter(p => /a[\\d.]+,[\\d.]+ 0 1,0/.test(p.getAttribute('d') || ''))
        .map(p => { const b = p.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2, b.width / 2]; });
    return names.map(n => {
        const b = n.getBoundingClientRect();
        const hits = discs.filter(([x, y, r]) => {
            const nx = Math.max(b.left, Math.min(x, b.right)), ny = Math.max(b.top, Math.min(y, b.bottom));
            return Math.hypot(x - nx, y - ny) < r;
        }).length;
        return [n.textContent, hits, n.dataset.pmMoved || null];
    });
}"""


def test_district_names_give_way_to_the_plans_symbols_at_every_zoom(page, app):
    """On the first view most of the twelve names lay under a town's disc, and "Hải Dương" under the class I one."""
    page.set_viewport_size({"width": 1500, "height": 1000})
    page.goto(app.url)
    frame = map_frame(page)
    frame.locator(".pm-district-label span[data-pm-moved]").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    container = frame.locator(".leaflet-container")
    placed = container.evaluate(_NAME_CLASHES.replace("() =>", "(_) =>"))
    assert len(placed) == 12
    assert [name for name, hits, moved in placed if hits and moved == "1"] == []  # a moved name is clear
    at_home = container.evaluate("(_) => { document.querySelectorAll('.pm-district-label span').forEach(s => "
                                 "{ s.dataset.was = s.style.transform; s.style.transform = ''; }); "
                                 "return (" + _NAME_CLASHES + ")(); }")
    container.evaluate("(_) => document.querySelectorAll('.pm-district-label span').forEach(s => "
                       "{ s.style.transform = s.dataset.was; })")
    clashing = [name for name, hits, _ in placed if hits]
    assert clashing in ([], ["Hải Dương"]) and len([name for name, hits, _ in at_home if hits]) > 2  # its district: a few px
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(1500)
    assert [name for name, hits, _ in container.evaluate(_NAME_CLASHES.replace("() =>", "(_) =>")) if hits] == []


# Names whose box holds a point of the railway or Ring Road V as drawn (sampled every pixel along each path).
_NAMES_ON_LINES = """(_) => {
    const points = [];
    document.querySelectorAll('path.pm-railway, path.pm-ring-road').forEach(p => {
        const m = p.getScreenCTM(), length = p.getTotalLength();
        for (let s = 0; s <= length; s += 1) {
            const q = p.getPointAtLength(s);
            points.push([m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]);
        }
    });
    return [...document.querySelectorAll('.pm-district-label span')].filter(n => { const b = n.getBoundingClientRect();
        return points.some(([x, y]) => x > b.left && x < b.right && y > b.top && y < b.bottom); }).map(n => n.textContent);
}"""


def test_district_names_keep_off_the_railway_and_ring_road_where_there_is_room(page, app):
    """One zoom step in, five names lay across the railway or Ring Road V (single-part lines were not seen
    as obstacles); where a district has room, its name now sits clear of them."""
    page.set_viewport_size({"width": 1500, "height": 1000})
    page.goto(app.url)
    frame = map_frame(page)
    frame.locator(".pm-district-label span[data-pm-moved]").first.wait_for(timeout=30_000)
    container = frame.locator(".leaflet-container")
    assert frame.locator("path.pm-railway").count() and frame.locator("path.pm-ring-road").count()
    for _ in range(2):
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(1500)
        assert container.evaluate(_NAMES_ON_LINES) == []
        assert [name for name, hits, _ in container.evaluate(_NAME_CLASHES.replace("() =>", "(_) =>")) if hits] == []


def test_background_is_off_by_default_and_offline_it_says_so_and_credits_nothing(page, app):
    page.goto(app.url)
    frame = map_frame(page)
    toggle = _sidebar(page).get_by_role("checkbox", name=re.compile("Nền bản đồ OpenStreetMap"))
    assert not toggle.is_checked()
    attribution = frame.locator(".leaflet-control-attribution")
    assert "OpenStreetMap" not in attribution.inner_text()
    assert not any("openstreetmap" in url for url in page.blocked_requests)  # not even tried
    _sidebar(page).get_by_text(re.compile("Nền bản đồ OpenStreetMap")).click()
    wait_for_rerun(page)
    frame = map_frame(page)
    notice = frame.locator(".pm-tiles-notice")
    notice.wait_for(timeout=30_000)
    assert "Không tải được nền OpenStreetMap" in notice.inner_text()
    assert any("tile.openstreetmap.org" in url for url in page.blocked_requests)
    assert "OpenStreetMap" not in frame.locator(".leaflet-control-attribution").inner_text()
    page.wait_for_url(re.compile(r"[?&]base=1"), timeout=30_000)


def _stacks(data_dir) -> list[list[str]]:
    """Groups of point features that share one position in the data (to ~1 m), biggest first."""
    groups: dict[tuple[float, float], list[str]] = {}
    for layer_id in ("urban_areas", "industrial_zones", "railways"):
        frame = load_layer(layer_id, data_dir)
        points = frame[frame["placed"] & (frame.geometry.geom_type == "Point")]
        for fid, geom in zip(points.index, points.geometry):
            groups.setdefault((round(geom.x, 5), round(geom.y, 5)), []).append(str(fid))
    return sorted((g for g in groups.values() if len(g) > 1), key=len, reverse=True)


def test_every_point_is_reachable_at_every_zoom_and_each_stacked_place_hovers_and_clicks(page, app):
    """No hidden stacks with the project's data: at the first view, zoomed in, and at the closest zoom
    on the biggest stack, every point is on top at its own spot; each place of that stack shows its
    tooltip under the mouse and opens its details on click."""
    from tests.browser.map_probe import POINT_CLASSES, POINTS_JS, RESTORE_CONTROLS_JS, SET_VIEW_JS, hidden_points

    points_js, set_view_js = on_element(POINTS_JS), on_element(SET_VIEW_JS)

    stacks = _stacks(app.data_dir)
    names = {}
    for layer_id in ("urban_areas", "industrial_zones", "railways"):
        names.update(load_layer(layer_id, app.data_dir)["name"].astype(str).to_dict())
    page.goto(app.url)
    frame = map_frame(page)
    body = frame.locator("body")
    first = body.evaluate(points_js, POINT_CLASSES)
    assert set(first) >= {fid for g in stacks for fid in g}
    assert hidden_points(first) == []
    centre = body.evaluate("() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]")
    body.evaluate(set_view_js, [centre[0], centre[1], centre[2] + 2])
    assert hidden_points(body.evaluate(points_js, POINT_CLASSES)) == []
    if not stacks:
        return
    biggest = stacks[0]
    frames = {i: load_layer(i, app.data_dir) for i in ("urban_areas", "industrial_zones", "railways")}
    geom = next(f.loc[biggest[0]].geometry for f in frames.values() if biggest[0] in f.index)
    for zoom in (14, 18):
        body.evaluate(set_view_js, [geom.y, geom.x, zoom])
        points = body.evaluate(points_js, POINT_CLASSES)
        assert hidden_points(points) == [] and all(points[fid]["inside"] for fid in biggest)
    box = page.locator(MAP_FRAME).bounding_box()
    live = page.frame_locator(MAP_FRAME)  # at zoom 18 most of the plan is off screen: no map_frame() wait
    for fid in biggest:
        points = live.locator("body").evaluate(points_js, POINT_CLASSES)
        x, y = box["x"] + points[fid]["x"], box["y"] + points[fid]["y"]
        page.mouse.move(x, y)
        # The ring of the place selected before must not take this one's hover (it is not interactive).
        live.locator(".leaflet-tooltip .pm-tooltip", has_text=names[fid]).wait_for(timeout=10_000)
        page.mouse.click(x, y)
        wait_for_rerun(page)
        page.locator('[data-testid="stMarkdownContainer"] strong', has_text=names[fid]).first.wait_for(timeout=30_000)
        page.wait_for_url(re.compile(rf"[?&]sel={re.escape(fid)}"), timeout=30_000)
        ring = live.locator("path.pm-selection")
        ring.wait_for(timeout=30_000)
        page.wait_for_timeout(300)
        r = ring.bounding_box()
        assert abs(box["x"] + points[fid]["x"] - (r["x"] + r["width"] / 2)) < 3  # the ring is on the spread point
        assert abs(box["y"] + points[fid]["y"] - (r["y"] + r["height"] / 2)) < 3
    live.locator("body").evaluate(RESTORE_CONTROLS_JS)


def test_approximate_positions_are_drawn_as_dashed_rings(page, app):
    from core.vocab import precision_grade
    from layers.symbols import PRECISION_DASH

    expected = placeholders = 0
    for layer_id in ("urban_areas", "industrial_zones", "railways"):
        frame = load_layer(layer_id, app.data_dir)
        points = frame[frame["placed"] & (frame.geometry.geom_type == "Point")]
        grades = points["location_precision"].map(precision_grade)
        expected += int((grades != "exact").sum())
        placeholders += int((grades == "placeholder").sum())
    page.goto(app.url)
    frame = map_frame(page)
    rings = frame.locator("path.pm-approximate")   # every point not at an exact position: dashed or dotted
    assert rings.count() == expected
    dotted = frame.locator("path.pm-placeholder")
    assert dotted.count() == placeholders
    if placeholders:
        assert dotted.first.get_attribute("stroke-dasharray") == PRECISION_DASH["placeholder"]
        frame.locator(".pm-legend", has_text="Vị trí tạm đặt").wait_for(timeout=10_000)
    if expected > placeholders:
        dashed = frame.locator("path.pm-approximate:not(.pm-placeholder)")
        assert dashed.first.get_attribute("stroke-dasharray") == PRECISION_DASH["approximate"]
    solid = frame.locator("path.pm-urban-area:not(.pm-approximate)").first
    assert solid.get_attribute("stroke-dasharray") is None
    frame.locator(".pm-legend", has_text="Vị trí gần đúng").wait_for(timeout=10_000)


def test_communes_2025_reference_layer_shows_seats_names_and_what_they_were_formed_from(page, app):
    from geo.base_geography import communes_2025_available, load_communes_2025
    from mapview.communes import formed_from_text

    if not communes_2025_available():
        pytest.skip("data/admin_2025/communes_2025.geojson not installed")
    communes = load_communes_2025()
    page.goto(app.url)
    frame = map_frame(page)
    assert frame.locator("path.pm-commune-2025").count() == 0  # off by default
    _sidebar(page).get_by_text("Xã, phường từ 01/07/2025").click()
    wait_for_rerun(page)
    page.wait_for_url(re.compile(r"[?&]c25=1"), timeout=30_000)
    frame = map_frame(page)
    seats = frame.locator("path.pm-commune-2025")
    seats.first.wait_for(timeout=30_000)
    assert seats.count() == len(communes)
    labels = frame.locator(".pm-commune-label")
    assert labels.count() == len(communes) and not labels.first.is_visible()  # too crowded at the first view
    first = communes.iloc[0]
    frame.locator("body").evaluate(
        "(_, v) => window.map.setView([v[0], v[1]], 13, {animate: false})", [first.geometry.y, first.geometry.x])
    frame.locator(".pm-commune-label", has_text=str(first["name"])).first.wait_for(state="visible", timeout=10_000)
    # The seat shows its name and the former units it was formed from (data as text, never HTML).
    seat = next(s for s in seats.all() if s.evaluate("e => e.getBoundingClientRect().width > 0 && "
                                                    "e.getBoundingClientRect().left > 300"))
    seat.dispatch_event("mouseover")
    tooltip = frame.locator(".pm-tooltip", has_text="Hình thành từ")
    tooltip.first.wait_for(timeout=10_000)
    text = tooltip.first.inner_text()
    assert any(str(row["name"]) in text and formed_from_text(row["formed_from"])[:20] in text
               for _, row in communes.iterrows())


# From the page's start, once per frame the browser paints: what the map's frame holds at the first one with the plan drawn.
_AT_FIRST_PAINT = """(sel) => { window.__pmAtFirstPaint = null; (function tick(){
    const f = document.querySelector(sel), d = f && f.contentDocument;
    if (d && d.querySelector('path.pm-urban-area')) {
        window.__pmAtFirstPaint = {tools: !!d.querySelector('.leaflet-draw, .leaflet-control-measure'),
                                   legend: !!d.querySelector('.pm-legend'), leaders: """ + PARTS_IN_JS + """(d, 'pm-leader'),
                                   names: d.querySelectorAll('.pm-place-label').length};
        return;
    }
    window.requestAnimationFrame(tick); })(); }"""


def test_the_map_is_painted_before_its_toolbars_are_built_and_they_follow(page, app):
    page.add_init_script(f"document.addEventListener('DOMContentLoaded', () => ({_AT_FIRST_PAINT})({MAP_FRAME!r}))")
    page.goto(app.url)
    first = page.wait_for_function("() => window.__pmAtFirstPaint", timeout=60_000).json_value()
    assert (first["tools"], first["legend"]) == (False, True), first
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-control-measure").wait_for(timeout=10_000)
    frame.locator("a.leaflet-draw-draw-polygon").wait_for(timeout=10_000)
    assert frame.locator(".leaflet-draw-toolbar").count() >= 1 and frame.locator(".leaflet-control-measure").count() == 1


def test_the_first_picture_of_the_map_already_has_its_stacked_points_spread(page, app):
    """Places sharing a position are drawn apart with their leader lines from the map's first picture on:
    not drawn on top of each other first and moved a frame later."""
    if not _stacks(app.data_dir):
        pytest.skip("no points share a position in this data")
    page.add_init_script(f"document.addEventListener('DOMContentLoaded', () => ({_AT_FIRST_PAINT})({MAP_FRAME!r}))")
    page.goto(app.url)
    first = page.wait_for_function("() => window.__pmAtFirstPaint", timeout=60_000).json_value()
    frame = map_frame(page)
    wait_for_rerun(page)
    settled = frame.locator("body").evaluate(on_element(DRAWN_PARTS_JS), "pm-leader")
    assert settled >= sum(len(g) for g in _stacks(app.data_dir))  # every stacked place has its line ...
    assert first["leaders"] == settled  # ... and had it in the first picture


@pytest.mark.parametrize("query, in_first_picture", [("", False), ("?c=20.9,106.3&z=12", True)])
def test_place_names_hidden_at_the_first_view_come_after_its_first_paint(page, app, query, in_first_picture):
    """The place names, hidden below zoom 11, are made once the first picture is painted (not on its way);
    a link that opens zoomed in, where they show, has them in its first picture."""
    page.add_init_script(f"document.addEventListener('DOMContentLoaded', () => ({_AT_FIRST_PAINT})({MAP_FRAME!r}))")
    page.goto(app.url + "/" + query)
    first = page.wait_for_function("() => window.__pmAtFirstPaint", timeout=60_000).json_value()
    frame = map_frame(page)
    names = frame.locator(".pm-place-label")
    names.first.wait_for(state="attached", timeout=10_000)  # made once painted
    assert (first["names"] > 0) == in_first_picture, first
    if not in_first_picture:
        assert not names.first.is_visible()  # the first view is the whole province: hidden until zoom 11


# Polls from the page's start: when the map first has its features drawn and when the search box first exists.
_FIRST_SEEN = """(sel) => { window.__pmSeen = {}; const t = setInterval(() => {
    const f = document.querySelector(sel), s = window.__pmSeen;
    if (!s.map && f && f.contentDocument && f.contentDocument.querySelector('path.pm-urban-area')) s.map = performance.now();
    if (!s.search && document.querySelector('[data-testid="stSidebar"] [data-testid="stTextInputField"]')) s.search = performance.now();
    if (s.map && s.search) clearInterval(t);
}, 5); }"""


def test_a_new_visit_draws_the_map_first_and_the_filters_follow_without_a_click(page, app):
    page.add_init_script(f"document.addEventListener('DOMContentLoaded', () => ({_FIRST_SEEN})({MAP_FRAME!r}))")
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    page.goto(app.url + "/?lang=en")
    _sidebar(page).get_by_test_id("stTextInputField").wait_for(timeout=60_000)  # no click, no key
    page.get_by_role("heading", name="Details").wait_for(timeout=30_000)
    seen = page.wait_for_function("() => window.__pmSeen.map && window.__pmSeen.search && window.__pmSeen").json_value()
    assert seen["map"] < seen["search"], seen
    wait_for_rerun(page)
    settled = len(sent)
    page.wait_for_timeout(2500)
    assert len(sent) == settled, "the map reports once; nothing reruns on its own after that"
    assert _sidebar(page).get_by_text("The filters are loading").count() == 0
