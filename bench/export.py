"""Time every export of the whole province, each beside a baseline measured in the same run.

    .venv/bin/python bench/export.py [--data-dir data] [--repeat 3] [--only PDF] [--cpu] [--best] [--no-cache]

Baselines: what the same output costs with nothing on it — a bare matplotlib figure of the
same size saved at the same dpi (snapshots; the PDF also against as many bare pages as it has, and
its map page alone against one bare page, also with other features over the same extent; and its first export in a new process, before any cache
of the process is filled, against the first bare pages of a new process), the same number of bare pages (atlas), a deck of
the same number of slides with bare pictures of the same pixel size (slides), and writing the
same rows with pandas/pyogrio without our tables (data). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

# Goals of issue 10, as times the baseline measured in the same run.
GOALS = {"png": 2.0, "pdf": 3.0, "atlas": 3.0, "pptx": 3.0}


def timed_pair(fn, base, repeat: int, clock=time.perf_counter, stat=statistics.median) -> tuple[float, float]:
    """(time of ``fn``, time of ``base``), their runs taken in turn, so that a shared machine's load weighs on
    both alike; each called once first (imports, font cache, projections)."""
    fn()
    base()
    runs: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for call, out in ((fn, runs[0]), (base, runs[1])):
            start = clock()
            call()
            out.append(clock() - start)
    return stat(runs[0]), stat(runs[1])


def bare_figure(size_in, dpi: int, fmt: str, pages: int = 1) -> None:
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    buf = io.BytesIO()
    if pages > 1:
        with PdfPages(buf) as pdf:
            for _ in range(pages):
                fig = Figure(figsize=size_in, dpi=dpi)
                fig.add_subplot().plot([0, 1], [0, 1])
                pdf.savefig(fig)
        return
    fig = Figure(figsize=size_in, dpi=dpi)
    fig.add_subplot().plot([0, 1], [0, 1])
    fig.savefig(buf, format=fmt, dpi=dpi)


def bare_deck(slides: int, pictures: int, size_in, dpi: int) -> None:
    from matplotlib.figure import Figure
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    png = io.BytesIO()
    fig = Figure(figsize=size_in, dpi=dpi)
    fig.add_subplot().plot([0, 1], [0, 1])
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        if i < pictures:
            png = io.BytesIO()
            fig.savefig(png, format="png", dpi=dpi)
            png.seek(0)
            slide.shapes.add_picture(png, Inches(0.3), Inches(0.9))
    prs.save(io.BytesIO())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="only the exports whose label contains this text")
    parser.add_argument("--cpu", action="store_true",
                        help="time this process's CPU, not the wall clock (export and baseline alike): "
                             "steadier on a shared, loaded machine")
    parser.add_argument("--best", action="store_true",
                        help="the fastest of the repeats, not their median (export and baseline alike): on a machine "
                             "shared with other work, the run least slowed by it")
    parser.add_argument("--no-cache", action="store_true",
                        help="draw every page, never find it in export.render_cache: what a page costs the first time "
                             "its content is asked for (a rerun of the same export is otherwise found, not drawn)")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    stat = min if args.best else statistics.median

    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from export.run import render
    from export.snapshot import render_snapshot
    from export.slides import MAP_H, MAP_W, expected_slide_count
    from layers.query import ViewFilter
    from layers.registry import load_all

    if args.no_cache:
        try:
            from export import render_cache
            render_cache.enabled = False
        except ImportError:   # a checkout without the cache
            pass
    data_dir = args.data_dir if (args.data_dir / "urban_areas.geojson").exists() else REPO / "tests/fixtures/mini_data"
    frames = load_all(data_dir)
    reports = pd.read_csv(data_dir / "progress.csv", dtype={"feature_id": str})
    today = date.today()
    state = latest_per_feature(reports, today)
    counts = {k: len(v) for k, v in frames.items()}
    print(f"data: {data_dir} — {sum(counts.values())} features {counts}; status from progress.csv "
          f"({len(reports)} rows); {'fastest' if args.best else 'median'} of {args.repeat} after a warm-up")

    def scene(**kw):
        return build_scene(frames, ExportRequest(**kw).validate(), state, reports)

    a4 = ExportRequest(paper="A4", orientation="landscape").page_inches()
    a4p = ExportRequest(paper="A4", orientation="portrait").page_inches()
    urban = ViewFilter(layers=("urban_areas",))
    full_extent = scene(format="pdf", dpi=300).extent()
    other = ViewFilter(layers=tuple(k for k in frames if k != "urban_areas") or tuple(frames))
    n_atlas = len(frames["urban_areas"])
    deck = scene(format="pptx", dpi=200)
    pdf_pages = _page_count(render(scene(format="pdf", dpi=300)))
    cases = [
        # snapshots drawn every time (never found in export.render_cache): what an export never made costs;
        # the rows "asked again" below show what the page cache gives a repeated export
        ("PNG A4 300 dpi", "png", lambda: _drawn(lambda: render(scene(format="png", dpi=300))),
         "bare A4 figure, PNG 300 dpi", lambda: bare_figure(a4, 300, "png")),
        ("PNG A3 300 dpi", None, lambda: _drawn(lambda: render(scene(format="png", dpi=300, paper="A3"))),
         "bare A3 figure, PNG 300 dpi", lambda: bare_figure(ExportRequest(paper="A3").page_inches(), 300, "png")),
        ("PDF A4 (vector, + sources pages)", "pdf", lambda: _drawn(lambda: render(scene(format="pdf", dpi=300))),
         "bare A4 figure, PDF", lambda: bare_figure(a4, 300, "pdf")),
        (f"PDF A4 (vector, + sources: {pdf_pages} pages)", "pdf",
         lambda: _drawn(lambda: render(scene(format="pdf", dpi=300))),
         f"{pdf_pages} bare A4 PDF pages", lambda: bare_figure(a4, 300, "pdf", pages=pdf_pages)),
        ("PDF A4 map page alone (vector)", "pdf",
         lambda: _drawn(lambda: render_snapshot(scene(format="pdf", dpi=300), sources=False)),
         "bare A4 figure, PDF", lambda: bare_figure(a4, 300, "pdf")),
        ("PDF A4 map page alone, asked again", None,
         lambda: render_snapshot(scene(format="pdf", dpi=300), sources=False),
         "bare A4 figure, PDF", lambda: bare_figure(a4, 300, "pdf")),
        ("PNG A4 300 dpi, asked again", None, lambda: render(scene(format="png", dpi=300)),
         "bare A4 figure, PNG 300 dpi", lambda: bare_figure(a4, 300, "png")),
        # the same page with other features, over the same extent: what the process caches (text layouts,
        # halo outlines, the base geography) cannot make it look faster than an export that was never made;
        # drawn every time (never found in export.render_cache)
        ("PDF A4 map page, other filter, same extent", "pdf",
         lambda: _drawn(lambda: render_snapshot(scene(format="pdf", dpi=300, view=other, extent=full_extent),
                                                sources=False)),
         "bare A4 figure, PDF", lambda: bare_figure(a4, 300, "pdf")),
        ("SVG A4 (vector)", None, lambda: render(scene(format="svg", dpi=300)),
         "bare A4 figure, SVG", lambda: bare_figure(a4, 300, "svg")),
        (f"atlas, {n_atlas} urban areas, A4 PDF", None,
         lambda: render(scene(format="atlas", view=urban, orientation="portrait")),
         f"{n_atlas} bare A4 PDF pages", lambda: bare_figure(a4p, 100, "pdf", pages=n_atlas)),
        (f"atlas, every location ({sum(counts.values())}), A4 PDF", "atlas",
         lambda: render(scene(format="atlas", orientation="portrait")),
         f"{sum(counts.values())} bare A4 PDF pages", lambda: bare_figure(a4p, 100, "pdf", pages=sum(counts.values()))),
        (f"PPTX 16:9, {expected_slide_count(deck)} slides, 200 dpi maps", "pptx", lambda: render(deck),
         f"{expected_slide_count(deck)} slides, {2 + len(frames)} bare pictures same px",
         lambda: bare_deck(expected_slide_count(deck), 1 + len(frames), (MAP_W, MAP_H), 200)),
        ("HTML single file (inlined Leaflet)", None, lambda: render(scene(format="html")),
         "folium map with Leaflet only, rendered", lambda: _bare_html()),
        ("GeoPackage", None, lambda: render(scene(format="gpkg")),
         "pyogrio write of the raw layers", lambda: _bare_gpkg(frames)),
        ("GeoJSON", None, lambda: render(scene(format="geojson")), "GeoDataFrame.to_json of raw layers",
         lambda: [f.to_json() for f in frames.values()]),
        ("CSV", None, lambda: render(scene(format="csv")), "DataFrame.to_csv of raw layers",
         lambda: [pd.DataFrame(f.drop(columns="geometry")).to_csv() for f in frames.values()]),
        ("XLSX", None, lambda: render(scene(format="xlsx")), "DataFrame.to_excel of raw layers",
         lambda: _bare_xlsx(frames)),
    ]
    print(f"{'export':44} {'time':>8} {'baseline':>9}  {'×':>5}  {'goal':>6}  baseline is")
    for label, key, fn, base_label, base in cases:
        if args.only and args.only not in label:
            continue
        took, ref = timed_pair(fn, base, args.repeat, clock, stat)
        _line(label, key, took, ref, base_label)
    cold = "PDF A4, first export of a new process (cold)"
    if not args.only or args.only in cold:
        # the caches a process fills (font cuts, text layouts, glyph bitmaps) cold: each in a new interpreter,
        # data loaded and modules imported before the clock starts, the first call timed
        took, ref = (min(runs) for runs in zip(*[
            (_first_call(data_dir, args.cpu, "render(scene(format='pdf', dpi=300))"),
             _first_call(data_dir, args.cpu, f"bare_figure({tuple(a4)}, 300, 'pdf', pages={pdf_pages})"))
            for _ in range(3)]))
        _line(cold, "pdf", took, ref, f"{pdf_pages} bare A4 PDF pages, first of a new process")


def _drawn(call):
    """``call()`` with every page drawn, none found in export.render_cache (a checkout without one: as it is)."""
    try:
        from export import render_cache
    except ImportError:
        return call()
    before, render_cache.enabled = render_cache.enabled, False
    try:
        return call()
    finally:
        render_cache.enabled = before


def _line(label: str, key: str | None, took: float, ref: float, base_label: str) -> None:
    ratio = took / ref if ref else float("nan")
    goal = f"≤{GOALS[key]:.0f}× {'ok' if ratio <= GOALS[key] else 'over'}" if key in GOALS else ""
    print(f"{label:44} {took:7.2f}s {ref:8.2f}s  {ratio:5.1f}  {goal:>6}  {base_label}", flush=True)


def _first_call(data_dir: Path, cpu: bool, call: str) -> float:
    """Seconds the first ``call`` takes in a new interpreter (CPU time with ``cpu``)."""
    import subprocess

    code = f"""
import sys, time
sys.path.insert(0, {str(REPO)!r})
from datetime import date
import pandas as pd
from bench.export import bare_figure
from export import ExportRequest, build_scene
from export.run import render
from layers.registry import load_all
from progress.latest import latest_per_feature
frames = load_all({str(data_dir)!r})
reports = pd.read_csv({str(data_dir / "progress.csv")!r}, dtype={{"feature_id": str}})
state = latest_per_feature(reports, date.today())
scene = lambda **kw: build_scene(frames, ExportRequest(**kw).validate(), state, reports)
clock = time.process_time if {cpu} else time.perf_counter
start = clock()
{call}
print(clock() - start)
"""
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True
                                ).stdout.split()[-1])


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _bare_html() -> None:
    from mapview.assets import inline_local_assets, make_offline_map
    inline_local_assets(make_offline_map(location=(20.94, 106.36), zoom_start=10).get_root().render())


def _bare_gpkg(frames) -> None:
    import os
    import tempfile

    import pyogrio
    with tempfile.TemporaryDirectory() as d:
        for k, f in frames.items():
            pyogrio.write_dataframe(f[["name", "geometry"]], os.path.join(d, "x.gpkg"), layer=k,
                                    geometry_type="Unknown", append=os.path.exists(os.path.join(d, "x.gpkg")))


def _bare_xlsx(frames) -> None:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for k, f in frames.items():
            pd.DataFrame(f.drop(columns="geometry")).astype(str).to_excel(xl, sheet_name=k[:31])


if __name__ == "__main__":
    main()
