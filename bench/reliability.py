"""Readers under attack and uploads' memory: figures to read, no assertions.

    .venv/bin/python bench/reliability.py [--fuzz-examples 300] [--upload-mb 45] [--uploads 2] [--skip-fuzz]

Fuzzing: the property tests of tests/fuzz/ run here with more examples; every input is timed (the
same check as in CI: only the project's errors, store unchanged). Printed: inputs per second per
reader, the slowest input and its reader.

Memory: two real Streamlit servers on the same code, started together. Chromium opens the map page
on both; on the "upload" server the same session uploads a GeoJSON of --upload-mb MB (polygons over
Hải Dương), waits until the page says it was read, then the tab is closed. The "idle" server gets the
same visit without an upload. Printed, from /proc/<pid>/status: the upload server's peak RSS during
each upload (VmHWM reset before it) minus its RSS before, and after the tab closed and the server
settled, the RSS of the upload server against the idle one (same run, same visits otherwise).

Measured here (2026-12-01, 2 shared cores under load from other jobs; 45 MB GeoJSON, 50,794 polygons):

    fuzz, 300 examples × 9 readers: 2,700 inputs in 38.2 s = 70.7 inputs/s (CSV import 977/s, XLSX overlay
    35/s); slowest input 1.40 s (a zipped Shapefile of 1,200 members, refused), every other under 0.8 s.

    memory, MB                      peak during upload   left 30 s after the tab closed (upload − idle server)
    before (uploader + session            +533, +404          +496, +491   (sessions 1, 2)
            state kept everything)
    after  (intake, compressed copy,      +475, +498          +130, +186
            session-scoped parse, release)

The peak is the GeoJSON reader itself (json.loads of the whole file for its checks, then GDAL's
read): about +360 MB for this file outside Streamlit. What stays after the release is not the
overlay (tests/overlay/test_panel.py proves it is collected); glibc and pymalloc keep part of the
freed heap, and a second upload reuses some of it (RSS before session 2: 358 MB, was 566 MB).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, _is_local, start_app, wait_for_rerun  # noqa: E402

SETTLE_S = 30.0  # after the tab closes: the server notices, the rerun under way ends, memory is released


def big_geojson(megabytes: float, seed: int = 3) -> tuple[bytes, int]:
    """Small squares scattered over the province with a few attributes, about ``megabytes`` MB."""
    import numpy as np

    rng = np.random.default_rng(seed)
    features = []
    size = 0
    i = 0
    while size < megabytes * 1024 * 1024:
        lon, lat = rng.uniform(106.1, 106.6), rng.uniform(20.65, 21.15)
        angles = np.linspace(0, 2 * np.pi, 24, endpoint=False)  # a 24-sided plot of ~50 m
        ring = [[round(lon + 0.0005 * np.cos(a), 6), round(lat + 0.0005 * np.sin(a), 6)] for a in angles]
        ring.append(ring[0])
        feat = {"type": "Feature", "properties": {"ma_dat": ["ONT", "ODT", "LUC", "CLN"][i % 4], "so_thua": i,
                                                   "ten": f"Thửa đất số {i}", "ghi_chu": "Quy hoạch 2030 " * 8},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}
        text = json.dumps(feat, ensure_ascii=False)
        size += len(text.encode()) + 2
        features.append(text)
        i += 1
    data = ('{"type": "FeatureCollection", "features": [' + ",\n".join(features) + "]}").encode()
    return data, i


def _status(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


def rss(pid: int) -> int:
    return _status(pid)["VmRSS"]


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def _open_map(browser, url: str):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else r.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(MAP_FRAME, timeout=120_000)
    page.frame_locator(MAP_FRAME).locator("path.pm-urban-area").first.wait_for(timeout=120_000)
    wait_for_rerun(page, timeout=120_000)
    return context, page


def _upload(page, path: Path) -> None:
    button = page.get_by_role("button", name="Tải lên lớp dữ liệu…")
    button.click()
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text="Tải lên lớp dữ liệu")
    box.wait_for(timeout=20_000)
    box.locator('input[type="file"]').set_input_files(path, timeout=300_000)  # a path: 45 MB is too big a buffer
    page.get_by_text(f"Đã đọc {path.name}").first.wait_for(timeout=300_000)
    wait_for_rerun(page, timeout=300_000)


def memory(uploads: int, megabytes: float) -> None:
    from playwright.sync_api import sync_playwright

    data, n = big_geojson(megabytes)
    tmp = Path(tempfile.mkdtemp(prefix="bench-reliability-"))
    env = {"PLANMAP_DATA_DIR": str(REPO / "data")}
    idle_proc, idle_url = start_app(tmp / "idle", env)
    up_proc, up_url = start_app(tmp / "upload", env)
    print(f"\nupload: {len(data) / 1048576:.1f} MB GeoJSON, {n:,} polygons; {uploads} sessions, one upload each")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for k in range(1, uploads + 1):
                idle_ctx, _ = _open_map(browser, idle_url)
                ctx, page = _open_map(browser, up_url)
                before = rss(up_proc.pid)
                reset_peak(up_proc.pid)
                t0 = time.perf_counter()
                path = tmp / f"thua-dat-{k}.geojson"
                path.write_bytes(data)
                _upload(page, path)
                took = time.perf_counter() - t0
                peak = _status(up_proc.pid)["VmHWM"]
                during = rss(up_proc.pid)
                ctx.close()
                idle_ctx.close()
                time.sleep(SETTLE_S)
                left_up, left_idle = rss(up_proc.pid), rss(idle_proc.pid)
                print(f"session {k}: upload to drawn {took:5.1f} s | RSS before {before / 1048576:6.0f} MB, "
                      f"peak {peak / 1048576:6.0f} MB (+{(peak - before) / 1048576:.0f}), "
                      f"with the layer shown {during / 1048576:6.0f} MB")
                print(f"           tab closed, {SETTLE_S:.0f} s later: upload server {left_up / 1048576:6.0f} MB, "
                      f"idle server {left_idle / 1048576:6.0f} MB → left by uploads "
                      f"{(left_up - left_idle) / 1048576:+.0f} MB")
            browser.close()
    finally:
        for proc in (idle_proc, up_proc):
            proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fuzz-examples", type=int, default=300, help="examples per fuzz property")
    parser.add_argument("--upload-mb", type=float, default=45.0)
    parser.add_argument("--uploads", type=int, default=2)
    parser.add_argument("--skip-fuzz", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    if not args.skip_fuzz:
        fuzz(args.fuzz_examples)
    if not args.skip_memory:
        memory(args.uploads, args.upload_mb)


def fuzz(examples: int) -> None:
    from tests.fuzz import harness

    print(f"fuzzing every reader, {examples} examples per property")
    results = harness.run_all(examples)
    total = sum(r.count for r in results)
    seconds = sum(r.seconds for r in results)
    for r in results:
        print(f"  {r.name:<34} {r.count:5d} inputs {r.count / max(r.seconds, 1e-9):8.1f}/s  "
              f"slowest {r.slowest:.3f} s ({r.slowest_label})")
    worst = max(results, key=lambda r: r.slowest)
    print(f"all readers: {total} inputs in {seconds:.1f} s = {total / max(seconds, 1e-9):.1f} inputs/s; "
          f"slowest input {worst.slowest:.3f} s ({worst.name}: {worst.slowest_label})")


if __name__ == "__main__":
    main()
