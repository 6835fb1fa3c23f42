"""Time from navigation to every feature drawn: the app vs a bare streamlit-folium page, same run.

    .venv/bin/python bench/time_to_map.py [--runs 5]

Prints the median for both, their ratio (goal ≤ 1.0, issue 15) with a 90 % bootstrap interval
over the paired runs (a ratio whose interval holds 1.0 is not told apart from the bare page by
this run: run more), how long each map's frame works
from its Leaflet script received to the plan painted (the frame's own work: far steadier than the whole
time on a loaded machine), the websocket messages the
browser sent while panning and zooming the app's map (goal 0: no script rerun),
and the size of the map payload: the four layers and the base geography (goal ≤ 150 KB).

Time to map is the first frame the browser paints with every feature an SVG path in a visible map:
an animation-frame callback of the page sees them, and a message it posts arrives once that
frame's style, layout and paint are done (PAINTED_AT). A page script that polls for the features
instead (DRAWN_AT, every 20 ms, the measure of earlier runs, printed too) shares its thread with
the map's frame, so it also waits for whatever the frame does after its first paint (the app
places its district names and builds its toolbars then: measured 60 ms median after the first
frame with every feature, the bare page 0 ms): it says when the page's scripts get a turn, not
when the map is on screen. Both are read in the page (performance.now(), the browser's own
clock, so Playwright's round trips are not counted), from a fresh browser context each time
(nothing cached), both servers started with the same .streamlit/config.toml; runs alternate
app/bare so the machine's noise falls on both, and each page's server finishes its run before
the next measurement starts.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, _is_local, start_app, wait_for_rerun  # noqa: E402

SETTLE_S = 1.0


def expected_paths(data_dir: Path) -> int:
    total = 0
    for path in data_dir.glob("*.geojson"):
        total += sum(1 for f in json.loads(path.read_text(encoding="utf-8"))["features"] if f.get("geometry"))
    return total


# Polled by a page script (the measure of earlier runs): the first moment every feature is an SVG path
# inside a visible map, in ms since navigation started.
DRAWN_AT = """([sel, n]) => {
    const f = document.querySelector(sel);
    const ready = f && f.contentDocument && f.getBoundingClientRect().height > 100 &&
                  f.contentDocument.querySelectorAll('path.leaflet-interactive').length >= n;
    return ready ? performance.now() : false;
}"""


# From the page's start, at every animation frame: whether the map's frame holds every feature in a visible
# map. The first frame that does is painted when the message posted from its callback arrives: that task
# is queued behind the frame's own style, layout and paint, ahead of timers the map's frame sets from its
# own callbacks of that frame (the top document's callbacks run first). Also when the map's frame had
# received its Leaflet script (resource timing): from there to the paint is the frame's own work.
PAINTED_AT = """([sel, n]) => {
    if (window !== window.top) { return; }
    const channel = new MessageChannel();
    let frameWindow = null;
    channel.port1.onmessage = () => {
        window.__pmPainted = performance.now();
        const script = frameWindow.performance.getEntriesByType('resource').find(e => /leaflet[^/]*[.]js$/.test(e.name));
        window.__pmLeaflet = script ? script.responseEnd + frameWindow.performance.timeOrigin - performance.timeOrigin : null;
    };
    (function frame(){
        const f = document.querySelector(sel), doc = f && f.contentDocument;
        if (doc && f.getBoundingClientRect().height > 100 && doc.querySelectorAll('path.leaflet-interactive').length >= n) {
            frameWindow = f.contentWindow;
            channel.port2.postMessage(0);
            return;
        }
        requestAnimationFrame(frame);
    })();
}"""


def time_to_drawn(browser, url: str, count: int) -> tuple[float, float, float]:
    """Seconds from navigation to the first frame painted with ``count`` features in a visible map, the
    seconds until a polling page script saw them, and the map frame's milliseconds from its Leaflet
    script received to that frame painted (the frame's own work)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else r.abort())
    page = context.new_page()
    page.add_init_script(f"({PAINTED_AT})({json.dumps([MAP_FRAME, count])})")
    page.goto(url, wait_until="commit")
    painted, polled = painted_and_polled(page, count)
    leaflet_ms = page.evaluate("() => window.__pmLeaflet")
    # Let this page's server finish its run before the next measurement starts, so one page's
    # leftover work (the rest of the script, session teardown) is not charged to the other.
    wait_for_rerun(page)
    context.close()
    time.sleep(SETTLE_S)
    return painted, polled, painted * 1000 - leaflet_ms


def painted_and_polled(page, count: int, selector: str = MAP_FRAME) -> tuple[float, float]:
    """Seconds from navigation to the first frame painted with every feature (PAINTED_AT, set up before the
    page loaded) and to a script polling every 20 ms seeing them (DRAWN_AT)."""
    polled = page.wait_for_function(DRAWN_AT, arg=[selector, count], timeout=60_000, polling=20).json_value()
    painted = page.wait_for_function("() => window.__pmPainted", timeout=10_000).json_value()
    return painted / 1000, polled / 1000


def messages_while_panning(browser, url: str) -> int:
    """Websocket frames the page sends while the user pans and zooms (each rerun needs one)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else r.abort())
    page = context.new_page()
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append("x")))
    page.goto(url)
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    page.frame_locator(MAP_FRAME).locator("path.pm-urban-area").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    before = len(sent)
    box = page.locator(MAP_FRAME).bounding_box()
    cx, cy = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 120, cy + 80, steps=10)
    page.mouse.up()
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(2500)
    context.close()
    return len(sent) - before


def ratio_interval(app: list[float], bare: list[float], level: float = 0.9,
                   resamples: int = 2000) -> tuple[float, float]:
    """Bootstrap interval of median(app) / median(bare), resampling the interleaved pairs together
    (one pair shared the machine's state of its moment)."""
    pairs = list(zip(app, bare))
    rng = random.Random(15)  # the same figures give the same interval
    ratios = sorted(statistics.median(a for a, _ in sample) / statistics.median(b for _, b in sample)
                    for sample in ([rng.choice(pairs) for _ in pairs] for _ in range(resamples)))
    cut = int(resamples * (1 - level) / 2)
    return ratios[cut], ratios[-cut - 1]


def _ratio_lines(title: str, app: list[float], bare: list[float]) -> None:
    app_median, bare_median = statistics.median(app), statistics.median(bare)
    low, high = ratio_interval(list(app), list(bare))
    print(f"{title}:")
    print(f"  app   median {app_median:.2f} s  (all: {', '.join(f'{t:.2f}' for t in app)})")
    print(f"  bare  median {bare_median:.2f} s  (all: {', '.join(f'{t:.2f}' for t in bare)})")
    print(f"  ratio app / bare: {app_median / bare_median:.2f}  (90 % interval {low:.2f}–{high:.2f}; goal ≤ 1.0)")


def payload_bytes() -> tuple[int, int]:
    """The map's code (four layers and base) and everything the app's map component is sent for it: the
    frame (its header holds the stylesheets inline) and the plan's layers."""
    from streamlit_folium import _get_map_string

    from layers.registry import apply_status, decorate, load_all
    from mapview.build import build_map
    from ui.map_component import render_map

    frames = {k: decorate(apply_status(v, None)) for k, v in load_all().items()}
    m = build_map(frames)
    m.get_root().render()
    rendered = render_map(build_map(frames), "plan_map")
    sent = json.dumps(dict(rendered.frame), ensure_ascii=False) + rendered.layers_js
    return len(_get_map_string(m).encode("utf-8")), len(sent.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data_dir = REPO / "data"
    count = expected_paths(data_dir)
    tmp = Path(tempfile.mkdtemp())
    app_proc, app_url = start_app(tmp / "app", {"PLANMAP_DATA_DIR": str(data_dir)})
    bare_proc, bare_url = start_app(tmp / "bare", {"PLANMAP_DATA_DIR": str(data_dir)}, script="bench/bare_map_app.py")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            time_to_drawn(browser, app_url, count)  # warm both servers' caches once
            time_to_drawn(browser, bare_url, count)
            app_runs, bare_runs = [], []
            for _ in range(args.runs):  # interleaved so machine noise hits both alike
                app_runs.append(time_to_drawn(browser, app_url, count))
                bare_runs.append(time_to_drawn(browser, bare_url, count))
            pan_messages = messages_while_panning(browser, app_url)
            browser.close()
    finally:
        app_proc.kill()
        bare_proc.kill()
    app_times, app_polled, app_frame = zip(*app_runs)
    bare_times, bare_polled, bare_frame = zip(*bare_runs)
    print(f"features drawn per page: {count}; runs: {args.runs}")
    _ratio_lines("time to map (first frame painted with every feature)", app_times, bare_times)
    _ratio_lines("seen by a page script polling every 20 ms (earlier runs' measure)", app_polled, bare_polled)
    print(f"map frame, Leaflet received → painted with every feature (median): app {statistics.median(app_frame):.0f} ms, "
          f"bare {statistics.median(bare_frame):.0f} ms")
    print(f"websocket messages sent while panning and zooming: {pan_messages}  (goal 0 = no rerun)")
    code, sent = payload_bytes()
    print(f"map payload, four layers and base: {code / 1024:.1f} KB  (goal ≤ 150 KB); "
          f"all the map component is sent, stylesheets included: {sent / 1024:.1f} KB")


if __name__ == "__main__":
    main()
