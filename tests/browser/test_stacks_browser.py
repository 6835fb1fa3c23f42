"""No hidden stacks, in a real browser, on the map code itself (the offline HTML the app and the HTML export use).

A fixture stack of nine places on one point, as at the former Lai Cách placeholder: at every zoom
each one is on top at its own position, shows its own tooltip under the mouse and takes the click.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from layers.registry import apply_status, decorate, load_all
from mapview.assets import ensure_static_assets, inline_local_assets
from mapview.build import MapOptions, build_map
from tests.browser.map_probe import DRAWN_PARTS_JS, FIND_MAP, POINT_CLASSES, POINTS_JS, SET_VIEW_JS, hidden_points

pytestmark = pytest.mark.browser

STACK = Point(106.25667, 20.93528)
STACK_SIZE = 9


def _stacked_frames(mini_data):
    """The fixture data with nine points (copies included) on one position, of three layers."""
    frames = {k: decorate(apply_status(v, None)) for k, v in load_all(mini_data).items()}
    urban = frames["urban_areas"]
    placed = urban[urban["placed"]]
    copies = placed.copy()
    copies.index = [f"{fid}-copy" for fid in copies.index]
    copies["id"] = copies.index
    copies["name"] = [f"{name} (bản sao)" for name in copies["name"]]
    urban = gpd.GeoDataFrame(pd.concat([urban, copies]), crs=urban.crs)
    stacked = list(urban[urban["placed"]].index[:STACK_SIZE - 2])
    urban.loc[stacked, "geometry"] = STACK
    frames["urban_areas"] = urban
    for layer in ("industrial_zones", "railways"):  # a zone and a station
        frame = frames[layer]
        first = frame[frame.geometry.geom_type == "Point"].index[0]
        frame.loc[first, "geometry"] = STACK
        stacked.append(first)
    assert len(stacked) == STACK_SIZE
    return frames, stacked


@pytest.fixture
def stack_page(browser, mini_data):
    ensure_static_assets()
    frames, stacked = _stacked_frames(mini_data)
    html = inline_local_assets(build_map(frames, MapOptions()).get_root().render())
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("**/*", lambda route: route.abort())  # nothing at all from the network
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content(html, wait_until="load")
    page.wait_for_selector("path.pm-urban-area")
    names = {fid: str(frame.loc[fid, "name"]) for frame in frames.values() for fid in stacked if fid in frame.index}
    yield page, stacked, names
    assert errors == []
    context.close()


@pytest.mark.parametrize("zoom", [9, 12, 15, 18])
def test_every_stacked_place_is_on_top_hoverable_and_clickable_at_every_zoom(stack_page, zoom):
    page, stacked, names = stack_page
    page.evaluate(SET_VIEW_JS, [STACK.y, STACK.x, zoom])
    page.evaluate("""() => { window.clicked = [];
        const map = """ + FIND_MAP + """;
        map.eachLayer(l => { if (l.feature) { l.on('click', () => window.clicked.push(l.feature.id)); } }); }""")
    points = page.evaluate(POINTS_JS, POINT_CLASSES)
    assert set(stacked) <= set(points)
    assert hidden_points(points) == []
    assert all(points[fid]["inside"] for fid in stacked)
    positions = {(round(points[fid]["x"]), round(points[fid]["y"])) for fid in stacked}
    assert len(positions) == STACK_SIZE  # each at its own spot
    assert page.evaluate(DRAWN_PARTS_JS, "pm-leader") >= STACK_SIZE  # each joined to the true position ...
    assert page.evaluate(DRAWN_PARTS_JS, "pm-leader-home") >= STACK_SIZE  # ... marked by a dot
    for fid in stacked:
        page.mouse.move(points[fid]["x"], points[fid]["y"])
        page.locator(".leaflet-tooltip .pm-tooltip", has_text=names[fid]).wait_for(timeout=5_000)
        page.mouse.click(points[fid]["x"], points[fid]["y"])
        page.mouse.move(5, 5)
    assert page.evaluate("() => window.clicked") == stacked


def test_leader_lines_end_at_the_true_position(stack_page):
    """The leader lines end at the one true position: the home dots are all at the stack's point."""
    page, stacked, _ = stack_page
    page.evaluate(SET_VIEW_JS, [STACK.y, STACK.x, 14])
    homes, ends = page.evaluate("""() => {
        const map = """ + FIND_MAP + """;
        const parts = cls => { const out = [];  // the [from, to] of each line of the layers of class cls
            map.eachLayer(l => { if (l instanceof L.Polyline && String(l.options.className) === cls) {
                l.getLatLngs().forEach(p => out.push(p.map(q => [q.lat, q.lng]))); } });
            return out; };
        return [parts('pm-leader-home'), parts('pm-leader')]; }""")
    assert len(homes) >= STACK_SIZE and len(ends) >= STACK_SIZE
    assert all(a == b for a, b in homes)  # a dot: a line of no length
    stack = (round(STACK.y, 5), round(STACK.x, 5))
    assert {(round(lat, 5), round(lng, 5)) for (lat, lng), _ in homes} >= {stack}
    assert sum((round(lat, 5), round(lng, 5)) == stack for (lat, lng), _ in ends) >= STACK_SIZE  # each line from there
    assert {tuple(home) for home, _ in homes} == {tuple(start) for start, _ in ends}  # a dot where each line starts
