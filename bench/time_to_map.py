"""Time from navigation to every feature drawn: the app vs a bare streamlit-folium page, same run.

    .venv/bin/python bench/time_to_map.py [--runs 5] [--also /work/main]

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

Also the browser's main-thread CPU from the first websocket message the page receives to that painted
frame (a Chromium trace of each run: the thread time of the renderer main thread's tasks, which the map's
frame shares with the page): what the page makes the browser do before the map is on screen, far steadier
than wall time on a loaded machine. ``--also DIR`` measures another checkout's app (e.g. /work/main) in the
same run, interleaved with the other two, so a change is compared with its baseline on the same machine
state.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import (CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, _is_local,  # noqa: E402
                                    start_app, wait_for_rerun)

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
        performance.mark('pm-painted');
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


# A user-timing mark at the first websocket message the page receives (Streamlit's first answer).
FIRST_MESSAGE_MARK = """() => {
    if (window !== window.top) { return; }
    const Native = window.WebSocket;
    let seen = false;
    window.WebSocket = function (...args) {
        const ws = new Native(...args);
        ws.addEventListener('message', () => { if (!seen) { seen = true; performance.mark('pm-ws-first'); } });
        return ws;
    };
    window.WebSocket.prototype = Native.prototype;
    Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
}"""

TRACE_CATEGORIES = ["toplevel", "blink.user_timing"]


def main_thread_cpu_ms(trace: bytes) -> float | None:
    """CPU milliseconds the renderer's main thread spent in its tasks between the marks pm-ws-first and
    pm-painted (each task's thread time, ``tdur``, in the share of it inside the window): unlike the
    tasks' wall time, it does not grow when other processes take the machine's cores."""
    events = json.loads(trace)
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    marks = {e["name"]: e["ts"] for e in events if e.get("name") in ("pm-ws-first", "pm-painted") and "ts" in e}
    if len(marks) < 2:
        return None
    start, end = marks["pm-ws-first"], marks["pm-painted"]
    main_threads = {(e["pid"], e["tid"]) for e in events
                    if e.get("ph") == "M" and e.get("name") == "thread_name"
                    and e.get("args", {}).get("name") == "CrRendererMain"}
    cpu = 0.0
    for e in events:
        if (e.get("ph") == "X" and e.get("name") == "ThreadControllerImpl::RunTask"
                and (e["pid"], e["tid"]) in main_threads and e.get("dur")):
            inside = min(end, e["ts"] + e["dur"]) - max(start, e["ts"])
            if inside > 0:
                cpu += e.get("tdur", e["dur"]) * inside / e["dur"]
    return cpu / 1000


def time_to_drawn(browser, url: str, count: int) -> tuple[float, float, float, float | None]:
    """Seconds from navigation to the first frame painted with ``count`` features in a visible map, the
    seconds until a polling page script saw them, the map frame's milliseconds from its Leaflet
    script received to that frame painted (the frame's own work), and the main thread's busy
    CPU milliseconds from the first websocket message to that frame painted."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else r.abort())
    page = context.new_page()
    page.add_init_script(f"({FIRST_MESSAGE_MARK})()")
    page.add_init_script(f"({PAINTED_AT})({json.dumps([MAP_FRAME, count])})")
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="commit")
    painted, polled = painted_and_polled(page, count)
    leaflet_ms = page.evaluate("() => window.__pmLeaflet")
    cpu_ms = main_thread_cpu_ms(browser.stop_tracing())
    # Let this page's server finish its run before the next measurement starts, so one page's
    # leftover work (the rest of the script, session teardown) is not charged to the other.
    wait_for_rerun(page)
    context.close()
    time.sleep(SETTLE_S)
    return painted, polled, painted * 1000 - leaflet_ms, cpu_ms


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


def start_checkout(repo: Path, tmp_path: Path) -> tuple[subprocess.Popen, str]:
    """Another checkout's app (``--also``), run from its own folder with its own code and data."""
    return start_app(tmp_path, {"PLANMAP_DATA_DIR": str(repo / "data")}, repo=repo, log=tmp_path / "server.log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--also", type=Path, help="another checkout (e.g. /work/main) measured in the same run")
    args = parser.parse_args()
    data_dir = REPO / "data"
    count = expected_paths(data_dir)
    tmp = Path(tempfile.mkdtemp())
    servers = {"app": start_app(tmp / "app", {"PLANMAP_DATA_DIR": str(data_dir)}),
               "bare": start_app(tmp / "bare", {"PLANMAP_DATA_DIR": str(data_dir)}, script="bench/bare_map_app.py")}
    counts = {"app": count, "bare": count}
    if args.also:
        servers["also"] = start_checkout(args.also.resolve(), tmp / "also")
        counts["also"] = expected_paths(args.also.resolve() / "data")
    runs: dict[str, list] = {name: [] for name in servers}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (_, url) in servers.items():  # warm every server's caches once
                time_to_drawn(browser, url, counts[name])
            for _ in range(args.runs):  # interleaved so machine noise hits all alike
                for name, (_, url) in servers.items():
                    runs[name].append(time_to_drawn(browser, url, counts[name]))
            pan_messages = messages_while_panning(browser, servers["app"][1])
            browser.close()
    finally:
        for proc, _ in servers.values():
            proc.kill()
    app_times, app_polled, app_frame, app_busy = zip(*runs["app"])
    bare_times, bare_polled, bare_frame, bare_busy = zip(*runs["bare"])
    print(f"features drawn per page: {count}; runs: {args.runs}")
    _ratio_lines("time to map (first frame painted with every feature)", app_times, bare_times)
    _ratio_lines("seen by a page script polling every 20 ms (earlier runs' measure)", app_polled, bare_polled)
    print(f"map frame, Leaflet received → painted with every feature (median): app {statistics.median(app_frame):.0f} ms, "
          f"bare {statistics.median(bare_frame):.0f} ms")
    busy = {name: [b for *_, b in runs[name] if b is not None] for name in runs}
    print("browser main-thread CPU, first websocket message → map painted (median ms): " + ", ".join(
        f"{name} {statistics.median(values):.0f} (all: {', '.join(f'{v:.0f}' for v in values)})"
        for name, values in busy.items() if values))
    if args.also:
        also_times, also_polled, also_frame, _ = zip(*runs["also"])
        _ratio_lines(f"time to map, {args.also} (as --also)", also_times, bare_times)
        _ratio_lines(f"time to map, this checkout vs {args.also}", app_times, also_times)
    print(f"websocket messages sent while panning and zooming: {pan_messages}  (goal 0 = no rerun)")
    code, sent = payload_bytes()
    print(f"map payload, four layers and base: {code / 1024:.1f} KB  (goal ≤ 150 KB); "
          f"all the map component is sent, stylesheets included: {sent / 1024:.1f} KB")


if __name__ == "__main__":
    main()
