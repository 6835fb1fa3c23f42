"""The map's view at a desktop's and a phone's size, in the real app: a link's view wins, the first view
fits the province in the part of the map the controls leave free, the map is painted edge to edge,
hover boxes stay inside the map, and the plan's places are named once the map is zoomed in."""
from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, map_frame, wait_for_rerun
from tests.browser.map_probe import FIND_MAP, SET_VIEW_JS, on_element

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
LINK_VIEW = (20.9, 106.3, 12.0)  # a place inside the province, closer than the first view

VIEW_JS = "() => { const m = " + FIND_MAP + "; const c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }"

# Whether the map's container is painted all over: Leaflet knows its true size, and the base is drawn over the
# whole of it (the province's districts inside the grey mask of the land around it, whose outer edge lies far
# beyond the province: seen inside the map, a band of bare background where nothing is drawn).
PAINT_JS = """() => {
    const m = """ + FIND_MAP + """;
    const box = m.getContainer().getBoundingClientRect();
    const r = m.getContainer().querySelector('path.pm-outside').getBoundingClientRect();
    const size = m.getSize();
    return {covered: r.left <= box.left + 1 && r.top <= box.top + 1 && r.right >= box.right - 1 && r.bottom >= box.bottom - 1,
            mask: [r.left, r.top, r.right, r.bottom].map(Math.round), size: [size.x, size.y],
            box: [Math.round(box.width), Math.round(box.height)]};
}"""


def _open(browser, app, size: str | tuple[int, int], query: str = "", drawn: str = "path.pm-urban-area"):
    """A new page of the app at ``size`` (a name in SIZES, or width and height), its map drawn (``drawn`` seen,
    see conftest.map_frame) and settled."""
    width, height = SIZES[size] if isinstance(size, str) else size
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else route.abort())
    page = context.new_page()
    page.goto(app.url + "/" + query)
    frame = map_frame(page, drawn)
    wait_for_rerun(page)
    page.wait_for_timeout(1500)  # any refit of the first load (a frame resize, a late fit) has run by now
    return context, page, frame


@pytest.mark.parametrize("size", list(SIZES))
def test_a_link_with_a_view_opens_that_view_painted_edge_to_edge(browser, app, size):
    lat, lng, zoom = LINK_VIEW
    context, page, frame = _open(browser, app, size, f"?c={lat},{lng}&z={zoom:g}")
    try:
        shown = frame.locator("body").evaluate(VIEW_JS)
        assert shown[2] == zoom, f"the link asks for zoom {zoom}, the map shows {shown}"
        pixel = 360 / 256 / 2 ** zoom  # degrees of longitude in a pixel: a frame of odd size centres to half of one
        assert abs(shown[0] - lat) < pixel and abs(shown[1] - lng) < pixel, shown
        paint = frame.locator("body").evaluate(PAINT_JS)
        assert paint["size"] == paint["box"], paint
        assert paint["covered"], paint
    finally:
        context.close()


# The province's box on screen, the map's box and each control's box (in the frame's pixels).
BOXES_JS = """(box) => {
    const m = """ + FIND_MAP + """;
    const nw = m.latLngToContainerPoint([box[3], box[0]]), se = m.latLngToContainerPoint([box[1], box[2]]);
    const map = m.getContainer().getBoundingClientRect();
    const controls = [...m.getContainer().querySelectorAll('.leaflet-control-container .leaflet-control')]
        .map(c => c.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0)
        .map(r => ({l: r.left - map.left, t: r.top - map.top, r: r.right - map.left, b: r.bottom - map.top}));
    return {province: {l: nw.x, t: nw.y, r: se.x, b: se.y}, width: map.width, height: map.height, controls: controls};
}"""


def _free_area(province: dict, controls: list[dict], width: float, height: float) -> dict:
    """The part of the map beside the controls that the province keeps clear of: each control cuts the map
    from the side it lies on (a control the province overlaps leaves no free area: the test fails)."""
    free = {"l": 0.0, "t": 0.0, "r": width, "b": height}
    for c in controls:
        if c["r"] <= province["l"]:
            free["l"] = max(free["l"], c["r"])
        elif c["l"] >= province["r"]:
            free["r"] = min(free["r"], c["l"])
        elif c["b"] <= province["t"]:
            free["t"] = max(free["t"], c["b"])
        elif c["t"] >= province["b"]:
            free["b"] = min(free["b"], c["t"])
        else:
            raise AssertionError(f"a control {c} lies over the province {province}")
    return free


def assert_province_fitted(frame) -> None:
    """The province is whole inside the map, clear of its controls, and fills most of the room they leave."""
    from mapview.base_layer import province_box

    boxes = frame.locator("body").evaluate(on_element(BOXES_JS), list(province_box()))
    p = boxes["province"]
    assert p["l"] >= 0 and p["t"] >= 0 and p["r"] <= boxes["width"] and p["b"] <= boxes["height"], boxes
    free = _free_area(p, boxes["controls"], boxes["width"], boxes["height"])
    share = max((p["r"] - p["l"]) / (free["r"] - free["l"]), (p["b"] - p["t"]) / (free["b"] - free["t"]))
    assert share >= 0.6, (share, boxes, free)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_first_view_shows_the_province_large_beside_the_controls(browser, app, size):
    context, page, frame = _open(browser, app, size)
    try:
        assert_province_fitted(frame)
    finally:
        context.close()


# A place put at a given pixel of the map (at a zoom where it stands alone), and where it is drawn then.
PLACE_AT_JS = """([name, x, y, zoom]) => new Promise(done => {
    const m = """ + FIND_MAP + """;
    let place = null;
    m.eachLayer(l => { if (l instanceof L.CircleMarker && l.feature && l.feature.properties.name === name) { place = l; } });
    m.setView(place.getLatLng(), zoom, {animate: false});
    setTimeout(() => {  // the spread of stacked places has laid out the new zoom
        const p = m.latLngToContainerPoint(place.getLatLng());
        m.panBy([p.x - x, p.y - y], {animate: false});
        setTimeout(() => {
            const q = m.latLngToContainerPoint(place.getLatLng()), box = m.getContainer().getBoundingClientRect();
            done({x: q.x + box.left, y: q.y + box.top, on_top: document.elementFromPoint(q.x + box.left, q.y + box.top) === place._path});
        }, 100);
    }, 300);
})"""

TOOLTIP_JS = """() => {
    const m = """ + FIND_MAP + """;
    const tips = [...document.querySelectorAll('.leaflet-tooltip')].filter(t => t.textContent);
    const box = m.getContainer().getBoundingClientRect();
    const controls = [...m.getContainer().querySelectorAll('.leaflet-control-container .leaflet-control')]
        .map(c => c.getBoundingClientRect()).filter(r => r.width > 0).map(r => [r.left, r.top, r.right, r.bottom]);
    return {box: [box.left, box.top, box.right, box.bottom], controls: controls,
            tips: tips.map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }),
            text: tips.map(t => t.textContent)};
}"""

TOOLTIP_PLACE = "Khu công nghiệp Tân Trường"  # the walk's cut box: "g nghiệp Tân Trường"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("where", ["left edge", "right of the centre", "right edge"])
def test_a_hover_box_stays_whole_inside_the_map(browser, app, size, where):
    context, page, frame = _open(browser, app, size)
    try:
        width, height = frame.locator("body").evaluate("() => [innerWidth, innerHeight]")
        x = {"left edge": 75, "right of the centre": width / 2 + 15, "right edge": width - 30}[where]
        at = frame.locator("body").evaluate(on_element(PLACE_AT_JS), [TOOLTIP_PLACE, x, height * 0.4, 13])
        assert at["on_top"], at  # nothing else under the mouse there
        offset = page.locator(MAP_FRAME).bounding_box()
        page.mouse.move(offset["x"] + at["x"], offset["y"] + at["y"])
        frame.locator(".leaflet-tooltip").first.wait_for(timeout=10_000)
        shown = frame.locator("body").evaluate(TOOLTIP_JS)
        assert len(shown["tips"]) == 1 and TOOLTIP_PLACE in shown["text"][0], shown
        (left, top, right, bottom), (bl, bt, br, bb) = shown["tips"][0], shown["box"]
        assert bl <= left and right <= br and bt <= top and bottom <= bb, shown
        # and not under a control (they float over tooltips): the walk's name hid under the drawing toolbar
        assert all(cr <= left or cl >= right or cb <= top or ct >= bottom for cl, ct, cr, cb in shown["controls"]), shown
    finally:
        context.close()


# The place names shown (not hidden by the zoom, nor for want of room) and inside the map.
PLACE_LABELS_JS = """() => {
    const m = """ + FIND_MAP + """;
    const box = m.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('.pm-place-label span')].filter(e => getComputedStyle(e).visibility !== 'hidden')
        .map(e => [e.textContent, e.getBoundingClientRect()])
        .filter(([_, r]) => r.width > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
        .map(([text, _]) => text);
}"""


def _place(app, name: str):
    from layers.registry import load_layer

    urban = load_layer("urban_areas", app.data_dir)
    return urban[urban["name"] == name].geometry.iloc[0]


@pytest.mark.parametrize("size", list(SIZES))
def test_the_plans_places_are_named_from_zoom_11(browser, app, size):
    point = _place(app, "Đô thị Hưng Đạo")
    context, page, frame = _open(browser, app, size)
    try:
        body = frame.locator("body")
        body.evaluate(on_element(SET_VIEW_JS), [point.y, point.x, 9])
        assert body.evaluate(PLACE_LABELS_JS) == []  # the whole province: no names over its symbols
        body.evaluate(on_element(SET_VIEW_JS), [point.y, point.x, 11])
        frame.locator(".pm-place-label span", has_text="Hưng Đạo").first.wait_for(state="visible", timeout=10_000)
        names = body.evaluate(PLACE_LABELS_JS)
        assert "Hưng Đạo" in names, names  # "Đô thị Hưng Đạo": its symbol says it is an urban area
        assert any(name.startswith("KCN ") for name in names), names  # an industrial zone nearby, "KCN …"
        assert not any("<" in name for name in names)
    finally:
        context.close()


def _switch_to_english(page) -> None:
    """Click the interface's English choice, opening the folded sidebar first when it is folded (a phone)."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.count() and expand.first.is_visible():
        expand.first.click()
        page.wait_for_timeout(500)  # the sidebar slides in
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).first.click()
    page.locator("h1", has_text="Hải Dương 2030 planning map").wait_for(timeout=30_000)
    wait_for_rerun(page)


@pytest.mark.parametrize("moved", [False, True])
def test_switching_the_language_on_a_phone_keeps_the_view(browser, app, moved):
    """On a phone, switching EN/VI zoomed the map out (walk 16)."""
    context, page, frame = _open(browser, app, "phone")
    try:
        if moved:
            frame.locator(".leaflet-control-zoom-in").click()
            page.wait_for_timeout(600)  # the zoom animation, then 'moveend'
        before = frame.locator("body").evaluate(VIEW_JS)
        _switch_to_english(page)
        frame = map_frame(page)
        page.wait_for_timeout(1500)  # any refit of the new map has run by now
        after = frame.locator("body").evaluate(VIEW_JS)
        pixel = 360 / 256 / 2 ** before[2]
        assert after[2] == before[2] and abs(after[0] - before[0]) < pixel and abs(after[1] - before[1]) < pixel, (before, after)
    finally:
        context.close()
