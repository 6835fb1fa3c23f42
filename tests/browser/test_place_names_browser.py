"""Place names on the web map (from zoom 11) read like a cartographer's: read back from the real app's DOM at
zoom 12 and 13, on a desktop and a phone, no name shown lies over a district's name, a drawn line (railways,
Ring Road V), a map control or past the map's edge (at zoom 12 "KCN Cẩm Điền – Lương Điền", near the left
edge, met a district name and a line); a name with no room is hidden, and its place's dot still names it."""
from __future__ import annotations

import re

import pytest

from layers.registry import load_layer
from mapview.place_labels import SHORTER
from tests.browser.conftest import MAP_FRAME, map_frame, wait_for_rerun
from tests.browser.map_probe import FIND_MAP, on_element
from tests.browser.test_view_sizes_browser import SIZES, _open

pytestmark = pytest.mark.browser

# Everything a place name must keep clear of, as drawn, in the frame's pixels: the names shown (their boxes),
# the district names shown, the map's controls, and every drawn line's path read from its SVG ``d``
# (Leaflet writes "M x y L x y …") through the path's own screen transform, with its stroke's half width.
DRAWN_JS = """() => {
    const m = """ + FIND_MAP + """;
    const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
    const lines = [...document.querySelectorAll('path.pm-railway, path.pm-ring-road')].map(p => {
        const ctm = p.getScreenCTM(), half = parseFloat(getComputedStyle(p).strokeWidth) / 2, parts = [];
        for (const [, op, x, y] of (p.getAttribute('d') || '').matchAll(/([ML])\\s*(-?[\\d.]+)[ ,](-?[\\d.]+)/g)) {
            const q = new DOMPoint(+x, +y).matrixTransform(ctm);
            if (op === 'M') { parts.push([]); }
            parts[parts.length - 1].push([q.x, q.y]);
        }
        return {half: half, parts: parts};
    });
    return {map: rect(m.getContainer()),
            names: [...document.querySelectorAll('.pm-place-label span')].filter(shown).map(e => [e.textContent, rect(e)]),
            hidden: [...document.querySelectorAll('.pm-place-label span')].filter(e => !shown(e)).map(e => e.textContent),
            districts: [...document.querySelectorAll('.pm-district-label span')].filter(shown).map(e => [e.textContent, rect(e)]),
            controls: [...m.getContainer().querySelectorAll('.leaflet-control-container .leaflet-control')].filter(shown).map(rect),
            lines: lines};
}"""

# A place put at a fraction of the map's width and height, at a zoom; the names given time to settle.
PUT_JS = """([name, fx, fy, zoom]) => new Promise(done => {
    const m = """ + FIND_MAP + """;
    let place = null;
    m.eachLayer(l => { if (l instanceof L.CircleMarker && l.feature && l.feature.properties.name === name) { place = l; } });
    m.setView(place.getLatLng(), zoom, {animate: false});
    setTimeout(() => {
        const p = m.latLngToContainerPoint(place.getLatLng()), size = m.getSize();
        m.panBy([p.x - fx * size.x, p.y - fy * size.y], {animate: false});
        setTimeout(done, 800);
    }, 300);
})"""

# Where the walk saw it (near the left edge, by the railway and a district's name), and the crowded city.
VIEWS = {"left edge": ("Khu công nghiệp Cẩm Điền – Lương Điền", 0.12, 0.5),
         "city": ("Thành phố Hải Dương", 0.5, 0.5),
         "ring road": ("Khu công nghiệp Lai Vu", 0.3, 0.4)}


def _overlap(a, b, tol: float = 0.5) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def _segment_meets_box(p, q, box, pad: float) -> bool:
    """Whether segment pq comes within ``pad`` of ``box`` (Liang–Barsky clip to the widened box)."""
    x0, y0, x1, y1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    t0, t1, dx, dy = 0.0, 1.0, q[0] - p[0], q[1] - p[1]
    for pk, qk in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pk == 0:
            if qk < 0:
                return False
            continue
        r = qk / pk
        if pk < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


def _clashes(drawn: dict) -> list[str]:
    """Every shown place name that meets a district name, a line, a control or the map's edge."""
    out, (ml, mt, mr, mb) = [], drawn["map"]
    for text, box in drawn["names"]:
        if box[2] <= ml or box[0] >= mr or box[3] <= mt or box[1] >= mb:
            continue  # a name of a place outside the view: not on screen
        if box[0] < ml - 0.5 or box[1] < mt - 0.5 or box[2] > mr + 0.5 or box[3] > mb + 0.5:
            out.append(f"{text} {box} past the map's edge {drawn['map']}")
        out += [f"{text} {box} over the district name {d} {b}" for d, b in drawn["districts"] if _overlap(box, b)]
        out += [f"{text} {box} under the control {c}" for c in drawn["controls"] if _overlap(box, c)]
        inner = [box[0] + 0.5, box[1] + 0.5, box[2] - 0.5, box[3] - 0.5]
        for line in drawn["lines"]:
            for part in line["parts"]:
                if any(_segment_meets_box(p, q, inner, line["half"]) for p, q in zip(part, part[1:])):
                    out.append(f"{text} {box} across a line")
                    break
    return out


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("zoom", [12, 13])
@pytest.mark.parametrize("view", list(VIEWS))
def test_no_place_name_lies_over_a_district_name_a_line_or_a_control(browser, app, size, zoom, view):
    context, page, frame = _open(browser, app, size)
    try:
        body = frame.locator("body")
        body.evaluate(on_element(PUT_JS), [*VIEWS[view], zoom])
        drawn = body.evaluate(DRAWN_JS)
        assert drawn["lines"] and drawn["districts"], drawn  # the probe reads what it must keep clear of
        (ml, mt, mr, mb) = drawn["map"]
        on_screen = [t for t, b in drawn["names"] if b[0] < mr and b[2] > ml and b[1] < mb and b[3] > mt]
        assert len(on_screen) >= 2, drawn  # names are shown, not all hidden
        assert _clashes(drawn) == []
    finally:
        context.close()


HIDDEN_JS = """() => {
    const m = """ + FIND_MAP + """;
    const box = m.getContainer().getBoundingClientRect();
    let found = null;
    m.eachLayer(l => {
        const span = l._pmPlaceLabel && l._pmPlaceLabel._icon && l._pmPlaceLabel._icon.querySelector('span');
        if (!found && span && getComputedStyle(span).visibility === 'hidden' && l._path) {
            const p = m.latLngToContainerPoint(l.getLatLng());
            if (p.x > 20 && p.y > 20 && p.x < box.width - 20 && p.y < box.height - 20
                && document.elementFromPoint(p.x + box.left, p.y + box.top) === l._path) {
                found = {name: l.feature.properties.name, x: p.x + box.left, y: p.y + box.top};
            }
        }
    });
    return found;
}"""


def test_a_place_whose_name_has_no_room_is_still_named_by_its_dot(browser, app):
    context, page, frame = _open(browser, app, "desktop")
    try:
        body = frame.locator("body")
        body.evaluate(on_element(PUT_JS), [*VIEWS["city"], 12])
        hidden = body.evaluate(HIDDEN_JS)
        assert hidden, "in the crowded city at zoom 12 some name gives way"
        offset = page.locator(MAP_FRAME).bounding_box()
        page.mouse.move(offset["x"] + hidden["x"], offset["y"] + hidden["y"])
        frame.locator(".leaflet-tooltip", has_text=hidden["name"]).first.wait_for(timeout=10_000)
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_names_of_a_linked_view_keep_off_the_toolbars_that_arrive_after_them(browser, app, size):
    """A link's view at zoom 12 is named before the draw and measure toolbars are built (after the first paint):
    on a phone "Cẩm Giang" and "KCN Tân Trường mở rộng" lay under the draw toolbar until the map was moved."""
    context, page, frame = _open(browser, app, size, "?c=20.93,106.22&z=12", ".leaflet-draw-toolbar")
    try:
        page.wait_for_timeout(600)  # the names place themselves a frame after a control arrives
        drawn = frame.locator("body").evaluate(DRAWN_JS)
        assert len(drawn["controls"]) >= 4, drawn  # zoom, measure, draw, edit… are read
        assert _clashes(drawn) == []
    finally:
        context.close()


# The names the map has made, shown or not (below zoom 11 they are hidden; they are made after the paint).
MADE_NAMES_JS = "() => [...document.querySelectorAll('.pm-place-label span')].map(e => e.textContent)"


def _short(name: str) -> str:
    """The name a place's label reads (mapview.place_labels: the start its symbol already says dropped)."""
    for long, short in SHORTER["vi"]:
        if name.startswith(long) and len(name) > len(long):
            return short + name[len(long):]
    return name


def test_a_filter_change_names_the_places_it_shows_and_only_them(page, app):
    """After the class pill IV redraws the province's view (below the names' zoom, where they are made after the
    paint), zooming in shows a class-IV area's name, and no name is left of a class-V area the filter hid."""
    urban = load_layer("urban_areas", app.data_dir)
    placed = urban[urban["placed"]]
    kept = placed[placed["urban_class"] == "IV"].iloc[0]
    gone = placed[placed["urban_class"] == "V"].iloc[0]
    page.goto(app.url)
    frame = map_frame(page)
    wait_for_rerun(page)
    body = frame.locator("body")
    expect_names = (_short(str(kept["name"])), _short(str(gone["name"])))
    page.wait_for_function("([sel, js, names]) => { const d = document.querySelector(sel).contentDocument;"
                           " const made = d.defaultView.eval('(' + js + ')')(); return names.every(n => made.includes(n)); }",
                           arg=[MAP_FRAME, MADE_NAMES_JS, list(expect_names)], timeout=30_000)
    pill = page.get_by_test_id("stSidebar").locator('button[data-variant="pills"]', has_text=re.compile(r"^✓? ?IV$"))
    pill.click()
    n_iv = int((placed["urban_class"] == "IV").sum())
    page.wait_for_function("([sel, n]) => document.querySelector(sel).contentDocument"
                           ".querySelectorAll('path.pm-urban-area').length === n", arg=[MAP_FRAME, n_iv], timeout=30_000)
    body.evaluate(on_element(PUT_JS), [str(kept["name"]), 0.5, 0.5, 12])
    label = frame.locator(".pm-place-label span", has_text=re.compile("^" + re.escape(expect_names[0]) + "$"))
    label.wait_for(state="attached", timeout=10_000)
    assert expect_names[1] not in body.evaluate(MADE_NAMES_JS), "a name is left of a place the filter hid"


# The place names shown (not hidden) on the map.
SHOWN_NAMES_JS = ("() => [...document.querySelectorAll('.pm-place-label span')]"
                  ".filter(e => e.offsetWidth > 0 && getComputedStyle(e).visibility !== 'hidden').map(e => e.textContent)")
PHU_THAI_NAMES = ["Phú Thái", "Kinh Môn", "KCN Phú Thái"]


def _names_shown(page, names: list[str]) -> None:
    """Wait until the map shows every one of ``names``."""
    page.wait_for_function("([sel, js, names]) => { const d = document.querySelector(sel).contentDocument;"
                           " const shown = d.defaultView.eval('(' + js + ')')(); return names.every(n => shown.includes(n)); }",
                           arg=[MAP_FRAME, SHOWN_NAMES_JS, names], timeout=15_000)


def test_a_search_result_zoomed_to_shows_its_names_and_its_link_shows_the_result_picked(browser, app):
    """QA: a search result picked from the province's view zooms to 12 with no place name drawn (their sizes read
    while the names were still hidden for the province's zoom); the same view opened from its link named them.
    The link's page also shows the search's result picked, as the page that made it did."""
    context, page, frame = _open(browser, app, "desktop")
    try:
        search = page.get_by_test_id("stSidebar").get_by_placeholder("Ví dụ: luong dien")
        search.fill("phu thai")
        search.press("Enter")
        result = "Thị trấn Phú Thái — Đô thị đến năm 2030"
        page.get_by_test_id("stSidebar").get_by_text(result).click()
        page.wait_for_url(re.compile(r"z=12"), timeout=30_000)
        wait_for_rerun(page)
        _names_shown(page, PHU_THAI_NAMES)

        again = context.new_page()
        again.goto(page.url)
        map_frame(again, "path.pm-boundary")
        wait_for_rerun(again)
        _names_shown(again, PHU_THAI_NAMES)
        picked = again.get_by_test_id("stSidebar").get_by_role("radio", name=result)
        picked.wait_for(state="attached", timeout=30_000)
        assert picked.is_checked(), "the link's page shows the search's results with none picked"
    finally:
        context.close()


# The selection's ring as drawn: its centre and outer radius, in the frame's pixels (none: null).
RING_JS = """() => {
    const p = document.querySelector('path.pm-selection');
    if (!p) { return null; }
    const r = p.getBoundingClientRect();
    return [(r.left + r.right) / 2, (r.top + r.bottom) / 2, r.width / 2];
}"""


def test_place_names_keep_a_space_from_district_names_and_off_the_selection_ring(browser, app):
    """QA at zoom 13: "KCN Tân Trường mở rộng" touched the district name "Cẩm Giàng" (2 px apart, they read as one
    line), and the selected place's ring, drawn over the names, cut "KCN Tân Trường mở rộng" and "… Lương Điền"."""
    context, page, frame = _open(browser, app, "desktop")
    try:
        search = page.get_by_test_id("stSidebar").get_by_placeholder("Ví dụ: luong dien")
        search.fill("tan truong")
        search.press("Enter")
        page.get_by_test_id("stSidebar").get_by_text("Khu công nghiệp Tân Trường mở rộng — Khu công nghiệp").click()
        page.wait_for_url(re.compile(r"z=12"), timeout=30_000)
        wait_for_rerun(page)
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_url(re.compile(r"z=13"), timeout=30_000)
        page.wait_for_timeout(800)  # the names place themselves a frame after the zoom ends
        body = frame.locator("body")
        drawn, ring = body.evaluate(DRAWN_JS), body.evaluate(RING_JS)
        assert ring and "KCN Tân Trường mở rộng" in [t for t, _ in drawn["names"]], drawn
        close = [f"{t} {b} beside {d} {c}" for t, b in drawn["names"] for d, c in drawn["districts"]
                 if _overlap([b[0] - 5, b[1] - 5, b[2] + 5, b[3] + 5], c)]
        assert close == []
        x, y, r = ring
        cut = [t for t, b in drawn["names"] if (max(b[0] - x, 0, x - b[2]) ** 2 + max(b[1] - y, 0, y - b[3]) ** 2) < r * r]
        assert cut == [], f"under the selection's ring: {cut}"
    finally:
        context.close()
