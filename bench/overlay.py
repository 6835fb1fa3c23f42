"""Time from upload to drawn for big overlays: our renderer vs naive folium, same data, same run.

    .venv/bin/python bench/overlay.py [--sizes 1000 10000 50000] [--runs 3]

For each size, small polygons (squares of 20–80 m, 8 categories) scattered over
Hải Dương are written as a GeoPackage in VN-2000 / TM-3 (EPSG:9209), then:

* ours:  geo.overlay_io.read_overlay → mapview.overlay.add_overlay (one constant-style
         layer per category, canvas above 2,000 features) → page HTML;
* naive: geopandas read + to_crs → one folium.GeoJson with a style_function picking the
         category colour per feature, same popup fields → page HTML.

Both pages load Leaflet inlined from our static folder (no CDN, all non-local requests
aborted) and are served by a local http.server; Chromium (Debian's, headless) reports
``performance.now()`` two animation frames after the map script ran, i.e. after paint.
"python" is read + build + render to HTML, "browser" is navigation start → painted,
"total" is their sum. Medians over --runs. No assertions: figures to read.

Measured here (2026-11-27, 2 shared cores, load 3–7, median of 3, seconds):

     polygons | ours py  browser  total | naive py  browser  total | × total  × browser
        1,000 |    0.07     0.28   0.35 |     0.19     0.24   0.44 |     1.3        0.9
       10,000 |    0.20     0.61   0.88 |     1.58     1.73   3.31 |     3.8        2.8
       50,000 |    1.53     1.66   3.19 |     9.88    20.56  29.07 |     9.1       12.4

In the running app (Streamlit + streamlit-folium), a 50,000-polygon GeoPackage in EPSG:9209
went from upload to drawn in 5.4 s (11 MB upload, parse, build, websocket, draw).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402

from geo import crs as crsmod  # noqa: E402
from geo.overlay_io import Limits, read_overlay  # noqa: E402
from mapview.assets import inline_local_assets, make_offline_map  # noqa: E402
from mapview.overlay import PALETTE, OverlayStyle, add_overlay  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
CENTER, ZOOM = (20.94, 106.33), 10
CATEGORIES = ("ONT", "ODT", "SKK", "LUC", "CLN", "DGT", "TMD", "DTL")  # land-use codes, as a zoning plan has
DRAWN_JS = ("<script>requestAnimationFrame(function(){requestAnimationFrame(function(){"
            "window.__drawn = performance.now();});});</script>")
LIMITS = Limits(max_features=200_000)


def make_gpkg(n: int, folder: Path, seed: int = 7) -> bytes:
    rng = np.random.default_rng(seed)
    lon = rng.uniform(106.08, 106.62, n)
    lat = rng.uniform(20.62, 21.18, n)
    x, y = crsmod.from_wgs84((lon, lat), "EPSG:9209")
    size = rng.uniform(20, 80, n)
    polys = shapely.box(x, y, x + size, y + size * rng.uniform(0.6, 1.4, n))
    gdf = gpd.GeoDataFrame({
        "ma_dat": rng.choice(CATEGORIES, n),
        "so_thua": np.arange(1, n + 1),
        "ten": [f"Thửa {i}" for i in range(1, n + 1)],
    }, geometry=polys, crs="EPSG:9209")
    path = folder / f"zoning_{n}.gpkg"
    gdf.to_file(path, driver="GPKG")
    return path.read_bytes()


def build_ours(data: bytes, name: str) -> str:
    overlay = read_overlay(data, name, limits=LIMITS)
    m = make_offline_map(location=CENTER, zoom_start=ZOOM)
    add_overlay(m, overlay, OverlayStyle(by="ma_dat"), "vi")
    return m.get_root().render()


def build_naive(data: bytes, name: str, folder: Path) -> str:
    path = folder / ("naive_" + name)
    path.write_bytes(data)
    gdf = gpd.read_file(path).to_crs("EPSG:4326")
    colours = {c: PALETTE[i] for i, c in enumerate(CATEGORIES)}
    m = make_offline_map(location=CENTER, zoom_start=ZOOM)
    folium.GeoJson(
        gdf,
        style_function=lambda f: {"color": colours[f["properties"]["ma_dat"]], "fillColor": colours[f["properties"]["ma_dat"]],
                                  "weight": 1.5, "fillOpacity": 0.35},
        popup=folium.GeoJsonPopup(fields=["ma_dat", "so_thua", "ten"]),
    ).add_to(m)
    return m.get_root().render()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def browser_seconds(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__drawn !== undefined", polling=50, timeout=180_000)
    ms = page.evaluate("() => window.__drawn")
    context.close()
    return ms / 1000


def _mark_drawn(html: str) -> str:
    """Stamp the time two frames after the last map script (folium puts its scripts after </body>)."""
    cut = html.rfind("</html>")
    return html[:cut] + DRAWN_JS + html[cut:] if cut >= 0 else html + DRAWN_JS


def measure(kind: str, data: bytes, name: str, folder: Path, browser, base: str, run: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    html = build_ours(data, name) if kind == "ours" else build_naive(data, name, folder)
    html = _mark_drawn(inline_local_assets(html))
    python_s = time.perf_counter() - t0
    page = f"{kind}_{name}_{run}.html"
    (folder / page).write_text(html, encoding="utf-8")
    browser_s = browser_seconds(browser, f"{base}/{page}")
    (folder / page).unlink()
    return python_s, browser_s


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-overlay-"))
    server, base = serve(folder)
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for n in args.sizes:
                data = make_gpkg(n, folder)
                name = f"zoning_{n}.gpkg"
                res = {"ours": [], "naive": []}
                for run in range(args.runs):
                    for kind in ("ours", "naive"):  # interleaved: both see the same machine state
                        res[kind].append(measure(kind, data, name, folder, browser, base, run))
                med = {k: (statistics.median(p for p, _ in v), statistics.median(b for _, b in v),
                           statistics.median(p + b for p, b in v)) for k, v in res.items()}
                rows.append((n, med))
                print(f"… {n:>6} polygons: ours {med['ours'][2]:.2f} s, naive {med['naive'][2]:.2f} s", flush=True)
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)

    print()
    print(f"Median of {args.runs} runs; python = read + build + HTML, browser = navigation → painted (Chromium headless)")
    head = f"{'polygons':>9} | {'ours py':>8} {'ours br':>8} {'ours tot':>8} | {'naive py':>8} {'naive br':>8} " \
           f"{'naive tot':>9} | {'× total':>7} {'× browser':>9}"
    print(head)
    print("-" * len(head))
    for n, med in rows:
        o, v = med["ours"], med["naive"]
        print(f"{n:>9,} | {o[0]:>8.2f} {o[1]:>8.2f} {o[2]:>8.2f} | {v[0]:>8.2f} {v[1]:>8.2f} {v[2]:>9.2f} | "
              f"{v[2] / o[2]:>7.1f} {v[1] / o[1]:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
