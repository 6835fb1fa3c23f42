"""A colour change reruns the map alone, a filter change only what the filters choose; the rest of the page stays
as it was and still agrees with the map.

What the server sends is read off the page's websocket (Streamlit's ForwardMsg protobufs): a restyle must
not re-send the sidebar's filters or the details and summary, while a filter change, which they depend on,
re-sends them (so the count below would catch a restyle that reran them) but not the search box, the date,
the reference layers, the overlays or the header.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from layers.registry import load_layer
from tests.browser.conftest import MAP_FRAME, map_frame, wait_for_rerun

pytestmark = pytest.mark.browser

FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
SIDEBAR = 1  # the root container of a delta's path: 0 the main area, 1 the sidebar
URBAN_FILLS = "() => [...document.querySelectorAll('path.pm-urban-area')].map(p => p.getAttribute('fill')).sort().join()"
# Counts the map frames ever put in the page: a remount (a new frame) would count twice.
COUNT_MAP_FRAMES = ("document.addEventListener('DOMContentLoaded', () => { window.__pmFrames = 0; new MutationObserver("
                    "records => { for (const r of records) for (const n of r.addedNodes) { if (n.nodeType === 1) "
                    "window.__pmFrames += [n, ...n.querySelectorAll('iframe')].filter(e => e.matches(%r)).length; } })"
                    ".observe(document.body, {childList: true, subtree: true}); })" % MAP_FRAME)
FILLS_CHANGED = ("(before) => new Promise(r => { const f = () => { const now = [...document.querySelectorAll("
                 "'path.pm-urban-area')].map(p => p.getAttribute('fill')).sort().join(); now && now !== before ? r(true)"
                 " : setTimeout(f, 50); }; f(); })")


class Wire:
    """The ForwardMsgs the page receives, as the browser gets them."""

    def __init__(self, page) -> None:
        self.messages: list[ForwardMsg] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            self.messages.append(msg)

    def run_of(self, page, action) -> list[ForwardMsg]:
        """The messages of the run(s) ``action`` starts, up to the one that finishes the page."""
        self.messages.clear()
        action()
        for _ in range(600):  # bounded: at most 600 × 100 ms
            if any(m.WhichOneof("type") == "script_finished" and m.script_finished in FINISHED
                   for m in self.messages):
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError("the run never finished")
        wait_for_rerun(page)
        return list(self.messages)


def _placed(paths: list[ForwardMsg], root: int) -> list[ForwardMsg]:
    return [m for m in paths if m.metadata.delta_path and m.metadata.delta_path[0] == root]


def _texts(messages: list[ForwardMsg]) -> set[str]:
    """The headings and Markdown among the elements sent."""
    out = set()
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            element = m.delta.new_element
            if element.WhichOneof("type") in ("heading", "markdown"):
                out.add(getattr(element, element.WhichOneof("type")).body)
    return out


def test_a_colour_change_reruns_the_map_alone_and_the_page_still_agrees(page, app):
    urban = load_layer("urban_areas", app.data_dir)
    place = urban[urban["placed"]].iloc[0]
    wire = Wire(page)
    page.add_init_script(COUNT_MAP_FRAMES)
    page.goto(f"{app.url}/?lang=en&sel={place['id']}")
    frame = map_frame(page)
    wait_for_rerun(page)
    details = page.locator('[data-testid="stMarkdownContainer"] strong', has_text=str(place["name"]))
    details.first.wait_for(timeout=60_000)
    summary = page.get_by_role("heading", name="Summary")
    expect(summary).to_be_visible(timeout=30_000)
    before = frame.locator("body").evaluate(URBAN_FILLS)

    colour = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]', has_text="Colour by")
    run = wire.run_of(page, lambda: colour.get_by_text("Status", exact=True).click())

    # What the user sees: the map restyled, its legend, the address, and the same details and summary.
    page.frame_locator(MAP_FRAME).locator("body").evaluate(FILLS_CHANGED, before)
    expect(frame.locator(".pm-legend .pm-legend-heading").first).to_have_text("Status", timeout=30_000)
    page.wait_for_url(re.compile(r"colour=status"), timeout=30_000)
    assert f"sel={place['id']}" in page.url and "lang=en" in page.url
    assert colour.get_by_role("radio", name="Status").is_checked()
    expect(details.first).to_be_visible()
    expect(summary).to_be_visible()
    assert page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').count() > 3  # the filters stayed
    assert page.evaluate("window.__pmFrames") == 1, "the map was mounted again (first screen, whole page, restyle)"
    # What was sent: the map (main area) and the colour choice, in its own place of the sidebar; nothing else.
    assert _placed(run, 0), "the map was not sent again"
    sidebar = _placed(run, SIDEBAR)
    assert len({tuple(m.metadata.delta_path[:2]) for m in sidebar}) == 1, "other sidebar elements were re-sent"
    assert not {"Details", "Summary"} & _texts(run), "the details or the summary were re-sent"

    # A layer turned off, which the summary depends on, reruns the filters and what they choose: measured the same
    # way, it re-sends the filters, the colour choice and the result line, and the summary.
    layer = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').nth(1)
    run = wire.run_of(page, lambda: layer.locator("label").click())
    assert len({tuple(m.metadata.delta_path[:2]) for m in _placed(run, SIDEBAR)}) >= 3
    assert "Summary" in _texts(run)


def _sent(messages: list[ForwardMsg]) -> tuple[set[str], set[str]]:
    """The user keys of the widgets sent (Streamlit ends a widget's id with "-<key>"), and the kinds of element."""
    keys, kinds = set(), set()
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            element = m.delta.new_element
            kind = element.WhichOneof("type")
            kinds.add(kind)
            widget_id = getattr(getattr(element, kind), "id", "")
            if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
                keys.add(widget_id.rsplit("-", 1)[1])
    return keys, kinds


def test_a_filter_change_reruns_what_the_filters_choose_and_they_all_agree(page, app):
    """One click on the class pill IV hides the selected class-V place: the map shows the seven class-IV areas,
    its details close, the address loses the place and gains the filter, the result line and the summary count
    the same places; the filters, the map, the details and the summary are sent again, not the search box, the
    date, the reference layers, the overlays or the header, and the map frame is not mounted again."""
    urban = load_layer("urban_areas", app.data_dir)
    placed = urban[urban["placed"]]
    place = placed[placed["urban_class"] == "V"].iloc[0]
    wire = Wire(page)
    page.add_init_script(COUNT_MAP_FRAMES)
    page.goto(f"{app.url}/?lang=en&sel={place['id']}")
    map_frame(page)
    wait_for_rerun(page)
    details = page.locator(".st-key-pm_details")
    expect(details).to_contain_text(str(place["name"]), timeout=60_000)
    sidebar = page.get_by_test_id("stSidebar")
    pill = sidebar.locator('button[data-variant="pills"]', has_text=re.compile(r"^✓? ?IV$"))
    expect(sidebar.get_by_role("button", name="All").first).to_be_disabled(timeout=30_000)

    run = wire.run_of(page, pill.click)

    n_iv = int((placed["urban_class"] == "IV").sum())
    page.wait_for_function("([sel, n]) => document.querySelector(sel).contentDocument"
                           ".querySelectorAll('path.pm-urban-area').length === n", arg=[MAP_FRAME, n_iv], timeout=30_000)
    page.wait_for_url(re.compile(r"cls=IV"), timeout=30_000)
    assert "sel=" not in page.url and "lang=en" in page.url
    expect(details).to_contain_text("Click a feature on the map to see its details.")
    expect(details).not_to_contain_text(str(place["name"]))
    expect(pill).to_have_attribute("aria-pressed", "true")
    expect(sidebar.get_by_role("button", name="All").first).to_be_enabled()  # the filters were drawn anew
    result = re.search(r"The map shows (\d+) features, (\d+) of them urban areas\.", sidebar.inner_text())
    summary = re.search(r"counts the (\d+) urban areas shown; the status table counts all (\d+) features",
                        page.get_by_test_id("stMain").inner_text())
    assert result and summary, "the result line or the summary's note is missing"
    assert int(result[2]) == int(summary[1]) == n_iv and int(result[1]) == int(summary[2])
    assert page.evaluate("window.__pmFrames") == 1, "the map was mounted again"

    keys, kinds = _sent(run)
    assert {"classes", "statuses", "layer_urban_areas", "classes_all"} <= keys, "the filters were not sent again"
    assert "component_instance" in kinds, "the map was not sent again"
    assert {"Details", "Summary"} <= _texts(run), "the details or the summary were not sent again"
    assert not {"query", "as_of", "lang", "boundaries", "basemap", "pm_lang_button"} & keys, \
        "the search box, the date, the language or the reference layers were sent again"
    assert not {"file_uploader", "html"} & kinds, "the overlays' uploader or the header were sent again"


@pytest.mark.parametrize("change", ["colour", "filter", "select"])
def test_a_change_after_a_report_from_elsewhere_shows_it_in_the_details(page, tmp_path, change):
    """Another official's report lands between two changes: the colour change, which reruns the map alone, the
    filter change, which reruns what the filters choose, or a place sharing the selected one's spot picked in
    the details, which reruns them and the map, sees the store's new version and reruns the whole page, so the
    details beside the map show the new report (a fragment-only rerun would have drawn the map by it while the
    details kept the old one)."""
    from datetime import date

    from progress.rules import ReportIn
    from progress.store import ProgressStore
    from tests.browser.conftest import REPO, start_app

    db = f"sqlite:///{tmp_path / 'planmap.sqlite'}"
    proc, url = start_app(tmp_path, {"PLANMAP_DB_URL": db, "PLANMAP_TODAY": "2026-12-01",
                                     "PLANMAP_DATA_DIR": str(REPO / "data")})
    try:
        urban = load_layer("urban_areas", REPO / "data")
        placed = urban[urban["placed"]]
        place = (placed if change == "colour" else placed[placed["urban_class"] == "IV"]).iloc[0]
        if change == "select":
            place = urban.loc["ua-tt-lai-cach"]  # the industrial zones placed on its point share its spot
        page.goto(f"{url}/?sel={place['id']}")
        map_frame(page)
        wait_for_rerun(page)
        details = page.locator(".st-key-pm_details")
        expect(details).to_contain_text(str(place["name"]), timeout=60_000)
        expect(details).not_to_contain_text("37%")
        reported = str(place["id"])
        if change == "select":  # the report is of the place picked next
            same_spot = details.locator('[class*="st-key-same_spot_"]').first
            reported = re.search(r"st-key-same_spot_(\S+)", same_spot.get_attribute("class"))[1]
        # The summary counts the places under way (the table by status): one more once the report shows.
        under_way = page.get_by_test_id("stMain").locator("tr", has_text="Đang triển khai").locator("td").last
        count = int(under_way.inner_text()) if under_way.count() else 0

        ProgressStore(db).append_validated(
            [ReportIn(reported, "in_progress", 37, as_of=date(2026, 11, 30), note="báo cáo từ nơi khác")],
            "can-bo-khac")
        sidebar = page.get_by_test_id("stSidebar")
        if change == "colour":
            sidebar.locator('[data-testid="stRadio"]').get_by_text("Tình trạng", exact=True).click()
        elif change == "filter":  # the place is of class IV: it stays on the map and in the details
            sidebar.locator('button[data-variant="pills"]', has_text=re.compile(r"^✓? ?IV$")).click()
        else:
            same_spot.locator("button").click()
        expect(details).to_contain_text("37%", timeout=30_000)
        expect(details).to_contain_text("báo cáo từ nơi khác")
        expect(under_way).to_have_text(str(count + 1), timeout=30_000)
        if change == "colour":
            expect(page.frame_locator(MAP_FRAME).locator(".pm-legend .pm-legend-heading").first).to_have_text(
                "Tình trạng", timeout=30_000)
    finally:
        proc.kill()


def test_a_shape_drawn_on_the_map_is_listed_below_it_by_a_map_only_rerun(page, app):
    """Drawing reruns the map's fragment: the shape is listed with its downloads under the map, and neither the
    sidebar's filters nor the details and summary are sent again, nor the map mounted again."""
    wire = Wire(page)
    page.add_init_script(COUNT_MAP_FRAMES)
    page.goto(app.url)
    frame = map_frame(page)
    wait_for_rerun(page)
    expect(page.get_by_role("heading", name="Tổng hợp")).to_be_visible(timeout=60_000)
    tool = frame.locator("a.leaflet-draw-draw-marker")
    tool.wait_for(timeout=30_000)
    box = page.locator(MAP_FRAME).bounding_box()

    def draw() -> None:
        tool.click()
        page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)

    run = wire.run_of(page, draw)
    expect(page.get_by_role("button", name="Tải GeoJSON (WGS 84)")).to_be_visible(timeout=30_000)
    assert page.evaluate("window.__pmFrames") == 1, "the map was mounted again"
    assert len({tuple(m.metadata.delta_path[:2]) for m in _placed(run, SIDEBAR)}) <= 1, "the sidebar was re-sent"
    assert not {"Thông tin chi tiết", "Tổng hợp"} & _texts(run), "the details or the summary were re-sent"


def _finished(messages: list[ForwardMsg]) -> set[int]:
    """How the runs of ``messages`` ended: ForwardMsg.FINISHED_SUCCESSFULLY for a whole run of the page,
    FINISHED_FRAGMENT_RUN_SUCCESSFULLY for a run of fragments alone (FINISHED_EARLY_FOR_RERUN: cut short by the
    next)."""
    return {m.script_finished for m in messages if m.WhichOneof("type") == "script_finished"}


def _assert_fragments_alone(run: list[ForwardMsg], map_sent: bool) -> None:
    """The run re-sent the details, the map if ``map_sent`` (else not), and nothing the selection does not
    change."""
    assert ForwardMsg.FINISHED_SUCCESSFULLY not in _finished(run), "the whole page ran again"
    assert ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY in _finished(run)
    keys, kinds = _sent(run)
    assert ("component_instance" in kinds) == map_sent, "the map was (not) sent again"
    assert "Details" in _texts(run), "the details were not sent again"
    assert "Summary" not in _texts(run), "the summary was re-sent"
    assert not {"query", "as_of", "classes", "statuses", "layer_urban_areas", "boundaries"} & keys, \
        "the sidebar's search, date, filters or reference layers were re-sent"
    assert "html" not in kinds, "the header was re-sent"


def test_a_click_on_a_place_shows_its_details_and_reruns_only_them_and_the_map(page, app):
    """A click on a place: its details open beside the map, the map rings it, the address names it (a link that
    opens it again), and the page's run is of the details' and the map's fragments alone (no header, sidebar or
    summary sent again), with the map frame not mounted again. Then a place sharing its spot, picked in the
    details, is shown the same way."""
    wire = Wire(page)
    page.add_init_script(COUNT_MAP_FRAMES)
    page.goto(f"{app.url}/?lang=en")
    frame = map_frame(page)
    wait_for_rerun(page)
    expect(page.get_by_role("heading", name="Summary")).to_be_visible(timeout=60_000)
    details = page.locator(".st-key-pm_details")
    expect(details).to_contain_text("Click a feature on the map to see its details.")
    assert frame.locator("path.pm-selection").count() == 0
    urban = load_layer("urban_areas", app.data_dir)
    stacked = urban.loc["ua-tt-lai-cach"]  # the industrial zones placed on its point share its spot
    marker = frame.locator("path.pm-urban-area").last
    marker.dispatch_event("mouseover")  # events to the marker itself: the legend may cover it
    name = frame.locator(".pm-tooltip td").first
    name.wait_for(timeout=10_000)
    name = name.inner_text()

    run = wire.run_of(page, lambda: marker.dispatch_event("click"))

    expect(details.locator("strong", has_text=name)).to_be_visible(timeout=30_000)
    expect(frame.locator("path.pm-selection")).to_have_count(1, timeout=30_000)
    page.wait_for_url(re.compile(r"[?&]sel=ua-"), timeout=30_000)
    assert "lang=en" in page.url
    _assert_fragments_alone(run, map_sent=False)  # the map rings the place itself (mapview/selection_ring.py)
    ring = frame.locator("path.pm-selection").bounding_box()
    spot = marker.bounding_box()
    assert abs((ring["x"] + ring["width"] / 2) - (spot["x"] + spot["width"] / 2)) < 2
    assert abs((ring["y"] + ring["height"] / 2) - (spot["y"] + spot["height"] / 2)) < 2
    link = page.url
    # A second place clicked: the ring moves to it (one ring), the details follow.
    first = frame.locator("path.pm-urban-area").first
    marker.dispatch_event("mouseout")
    first.dispatch_event("mouseover")
    tooltip = frame.locator(".pm-tooltip td").first
    expect(tooltip).not_to_have_text(name, timeout=10_000)
    other = tooltip.inner_text()
    run = wire.run_of(page, lambda: first.dispatch_event("click"))
    expect(details.locator("strong", has_text=other)).to_be_visible(timeout=30_000)
    expect(frame.locator("path.pm-selection")).to_have_count(1)
    _assert_fragments_alone(run, map_sent=False)
    # A restyle brings the page's own ring of the same place, and the map's goes: one ring still.
    colour = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]', has_text="Colour by")
    wire.run_of(page, lambda: colour.get_by_text("Status", exact=True).click())
    expect(frame.locator(".pm-legend .pm-legend-heading").first).to_have_text("Status", timeout=30_000)
    expect(frame.locator("path.pm-selection")).to_have_count(1)
    page.wait_for_url(re.compile(r"[?&]sel=ua-"), timeout=30_000)
    assert page.evaluate("window.__pmFrames") == 1, "the map was mounted again"

    # A place listed as sharing the selected place's spot, picked in the details: the same, for that place.
    page.goto(f"{app.url}/?lang=en&sel=ua-tt-lai-cach")
    frame = map_frame(page)
    wait_for_rerun(page)
    expect(details.locator("strong", has_text=str(stacked["name"]))).to_be_visible(timeout=60_000)
    same_spot = details.locator('[class*="st-key-same_spot_"] button').first
    other = same_spot.inner_text().split(" — ")[0]
    run = wire.run_of(page, same_spot.click)
    expect(details.locator("strong", has_text=other)).to_be_visible(timeout=30_000)
    page.wait_for_url(re.compile(r"[?&]sel=iz-"), timeout=30_000)
    _assert_fragments_alone(run, map_sent=True)  # the page rings it
    expect(frame.locator("path.pm-selection")).to_have_count(1)
    assert page.evaluate("window.__pmFrames") == 1, "the map was mounted again"

    # The first click's address opens that place again.
    page.goto(link)
    map_frame(page)
    expect(details.locator("strong", has_text=name)).to_be_visible(timeout=60_000)
