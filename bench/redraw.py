"""Widget change → map redrawn in the browser: the app (layers swapped in the mounted map) vs baselines.

    .venv/bin/python bench/redraw.py [--runs 6] [--change colour|filter|select] [--baseline-repo DIR]

``--change colour`` (default) clicks the colour switch (class ↔ status) and times, on the page's own
clock, from the click to every urban area drawn in its new colour in a visible map frame — the
server's rerun, the message, and the browser's redraw. ``--change filter`` clicks the class pill
"IV" (on, off, on …: the map shows the 7 class-IV areas, then all of them) and times from the click
to the map frame drawing a different number of urban areas. ``--change select`` clicks an urban area on the map
(the first and the last drawn, in turn) and times to both its details shown beside the map and the map's selection
ring moved to it. Baselines, in the same invocation and
alternating with the app: for the colour, bench/remount_map_app.py, the same map sent whole through
st_folium as the app did before, which remounts the map frame at each change; with
``--baseline-repo`` (e.g. /work/main), the app of that checkout, changed the same way (row "base").
Also says whether the map was remounted (a mark set in the map's document is gone). Goal: ≤ 300 ms,
no remount.

Each row is split where the time goes (medians, on the page's clock; marks set by an init script): *server*,
from the click to the last websocket message before the map frame gets its new arguments (the rerun and its
deltas); *page*, from there to the frame receiving them (Streamlit's React render of the rerun's elements,
whose commit posts the component's arguments); *frame*, the frame's handling of that message (streamlit-folium
evaluating the layers' JS, Leaflet adding them, our synchronous ``layeradd`` handlers); *paint*, from there to
the new set seen drawn (layout, paint, the after-draw timers that ran first; polled every 10 ms). Also the
size of the layers' JS the frame evaluated (streamlit-folium's ``feature_group`` argument).
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, _is_local, map_frame, start_app, wait_for_rerun  # noqa: E402

# What the map shows: the urban areas' fills (colour change) and how many are drawn (filter change).
FILLS = """() => { const f = [...document.querySelectorAll(%r)].find(f => f.getBoundingClientRect().height > 100);
    const d = f && f.contentDocument; if (!d) return null;
    const p = [...d.querySelectorAll('path.pm-urban-area')];
    const ring = d.querySelector('path.pm-selection'), named = document.querySelector('.st-key-pm_details strong');
    return p.length ? {fills: p.map(x => x.getAttribute('fill')).sort().join(), count: p.length,
                       selected: [ring && ring.getAttribute('d'), named && named.textContent],
                       marked: d.defaultView.__pm_mark === 1} : null; }""" % MAP_FRAME
# Redrawn: what the change shows differs from before (every part of it, for a list).
REDRAWN = """(arg) => { const now = (%s)(); if (!now) return false;
    const v = now[arg.what], done = Array.isArray(v) ? v.every((x, i) => x !== arg.before[i]) : v !== arg.before;
    return done ? [performance.now(), now.marked] : false; }""" % FILLS
SIDEBAR = '[data-testid="stSidebar"]'
# Marks for the split: each websocket message's arrival (top page); each component render message's arrival in
# a frame (a capturing listener, before the frame's own) and the end of its handling (a listener added once the
# frame's script has added its own, so called after it).
SPLIT_MARKS = """(() => {
  if (window === window.top) {
    const WS = window.WebSocket, ws = window.__pm_ws = [];
    window.WebSocket = function (...a) {
      const s = new WS(...a); s.addEventListener('message', () => ws.push(performance.now())); return s; };
    window.WebSocket.prototype = WS.prototype; Object.assign(window.WebSocket, WS);
  } else {
    const clock = window.top.performance, log = window.__pm_render = [];
    const render = e => e.data && e.data.type === 'streamlit:render';
    window.addEventListener('message', e => { if (render(e)) { log.push([clock.now(), null]); } }, true);
    window.addEventListener('load', () => window.addEventListener('message', e => {  // after the frame's own
      if (render(e) && log.length) { log[log.length - 1][1] = clock.now(); } }));
  }
})();"""
SPLIT = """(t0) => { const f = [...document.querySelectorAll(%r)].find(f => f.getBoundingClientRect().height > 100);
    const w = f.contentWindow, r = (w.__pm_render || []).filter(x => x[0] > t0 && x[1] !== null).pop();
    if (!r) return null;
    const ws = window.__pm_ws.filter(t => t > t0 && t <= r[0]);
    const fg = (w.__GLOBAL_DATA__ && w.__GLOBAL_DATA__.last_feature_group) || '';
    return {last_ws: ws.length ? ws[ws.length - 1] : t0, got: r[0], handled: r[1], js: fg.length}; }""" % MAP_FRAME
PARTS = ("server", "page", "frame", "paint")


def _colour_target(page, i: int):
    radio = page.locator(f'{SIDEBAR} [data-testid="stRadio"]', has_text="Tô màu")  # the app says "Tô màu theo", the baseline "Tô màu đô thị theo"
    return radio.get_by_text(["Tình trạng", "Loại đô thị"][i % 2], exact=True)


def _filter_target(page, i: int):
    """The class pill "IV" (its label is "✓ IV" while selected, by the page's style)."""
    return page.locator(f'{SIDEBAR} button[data-variant="pills"]', has_text=re.compile(r"^✓? ?IV$"))


def _select_target(page, i: int):
    """The first or the last urban area drawn on the map (a click there selects it)."""
    areas = page.frame_locator(MAP_FRAME).locator("path.pm-urban-area")
    return areas.first if i % 2 == 0 else areas.last


# Each change: the control it clicks, what of the map (and page) it changes, how the click is made (on the page's
# clock; a Leaflet path gets its click as the tests give it, dispatched, since the legend may cover it).
CLICK = "el => { window.__pm_t0 = performance.now(); el.click(); }"
CLICK_IN_MAP = ("el => { window.top.__pm_t0 = window.top.performance.now();"
                " el.dispatchEvent(new MouseEvent('click', {bubbles: true})); }")
CHANGES = {"colour": (_colour_target, "fills", CLICK), "filter": (_filter_target, "count", CLICK),
           "select": (_select_target, "selected", CLICK_IN_MAP)}


class Redraw(NamedTuple):
    """One change: seconds from the click to the map redrawn, whether it was remounted, and the split (seconds
    per part of :data:`PARTS`, None if the frame got no render message: remounted) and the layers' JS size."""
    seconds: float
    remounted: bool
    split: tuple[float, ...] | None
    js_chars: int | None


def _split(page, t0: float, done: float) -> tuple[tuple[float, ...] | None, int | None]:
    marks = page.evaluate(SPLIT, t0)
    if marks is None:
        return None, None
    points = (t0, marks["last_ws"], marks["got"], marks["handled"], max(done, marks["handled"]))
    return tuple((b - a) / 1000 for a, b in zip(points, points[1:])), marks["js"]


def redraws(browser, url: str, runs: int, change: str = "colour") -> list[Redraw]:
    """Each of ``runs`` changes (colour or filter) on one page, timed and split."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.add_init_script(SPLIT_MARKS)
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else r.abort())
    page = context.new_page()
    page.goto(url)
    map_frame(page)
    wait_for_rerun(page)
    out = []
    target_of, what, click = CHANGES[change]
    for i in range(runs):
        page.frame_locator(MAP_FRAME).locator("body").evaluate("() => { window.__pm_mark = 1; }")
        before = page.evaluate(FILLS)[what]
        target = target_of(page, i)
        target.wait_for(timeout=60_000)
        target.evaluate(click)
        done, marked = page.wait_for_function(REDRAWN, arg={"what": what, "before": before}, timeout=60_000,
                                              polling=10).json_value()
        t0 = page.evaluate("window.__pm_t0")
        out.append(Redraw((done - t0) / 1000, not marked, *_split(page, t0, done)))
        wait_for_rerun(page)
        page.wait_for_timeout(500)
    context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--change", choices=tuple(CHANGES), default="colour")
    parser.add_argument("--baseline-repo", type=Path, help="also time the app of this checkout (e.g. /work/main)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="planmap-redraw-"))
    env = {"PLANMAP_DATA_DIR": str(REPO / "data")}
    servers = {"app": start_app(tmp / "app", env, log=tmp / "app.log")}
    if args.baseline_repo is not None:
        servers["base"] = start_app(tmp / "base", env, log=tmp / "base.log", repo=args.baseline_repo)
    if args.change == "colour":  # the remounting page has no filters
        servers["remount"] = start_app(tmp / "remount", env, script="bench/remount_map_app.py", log=tmp / "remount.log")
    results: dict[str, list[Redraw]] = {name: [] for name in servers}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(2):  # alternate so machine noise falls on all of them
                for name, (_, url) in servers.items():
                    results[name] += redraws(browser, url, args.runs // 2, args.change)
            browser.close()
    finally:
        for proc, _ in servers.values():
            proc.kill()
    print(f"change: {args.change}")
    for name, runs in results.items():
        times = [r.seconds for r in runs]
        print(f"{name:<8} click → map redrawn: median {statistics.median(times) * 1000:4.0f} ms, max {max(times) * 1000:4.0f} ms"
              f"  ({', '.join(f'{t * 1000:.0f}' for t in times)});  remounted {sum(r.remounted for r in runs)}/{len(runs)}")
        splits = [r.split for r in runs if r.split is not None]
        if splits:
            parts = ", ".join(f"{part} {statistics.median(s[i] for s in splits) * 1000:.0f}" for i, part in enumerate(PARTS))
            print(f"{'':<8} split (medians, ms): {parts};  layers' JS {max((r.js_chars or 0 for r in runs), default=0):,} chars")
    for name in results:
        if name != "app":
            ratio = statistics.median(r.seconds for r in results["app"]) / statistics.median(r.seconds for r in results[name])
            print(f"ratio app / {name}: {ratio:.2f}")
    print("goal: app ≤ 300 ms, remounted 0")


if __name__ == "__main__":
    main()
