"""The shortcuts that make printed exports faster draw what matplotlib's own path draws.

Text in PNG (cached layouts and glyph bitmaps), text laid out from the cache, PDF halos written once
per file, the atlas's reused page figure, the PNG writer (RGB for an opaque page) and the base
geography cut to each map's view must leave the picture as it was: these tests compare pixels.
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from export.base_layer import base_paths, base_paths_in, draw_base
from export.draw import RC, rendering
from export.figure import new_figure, png_bytes
from export.labels import halo_annotate
from export.words import nfc


def _text_figure(dpi: int):
    """A page of the kinds of text the exports set: plain, bold, rotated, with a halo, Vietnamese."""
    fig = new_figure((4, 3), dpi=dpi)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    fig.text(0.05, 0.95, nfc("Bản đồ quy hoạch Hải Dương 2030"), fontsize=13, fontweight="bold", va="top")
    names = ["Thị trấn Nam Sách", "Khu công nghiệp Đại An", "Xã Quang Minh", "Ga Cẩm Giàng"]
    for i, name in enumerate(names):
        halo_annotate(ax, nfc(name), (1 + i * 2.1, 2 + i * 1.7), xytext=(3.3 * i, 1.7), textcoords="offset points",
                      fontsize=6.5, zorder=6)
    ax.text(9.5, 5, "21°00′B", rotation=90, fontsize=6)
    ax.text(0.3, 9.3, "1:406 000 — 7,5 km", rotation=17, fontsize=7)
    return fig


def _pixels(fig) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_png_text_is_drawn_as_matplotlib_draws_it_first_time_and_again():
    with rc_context(RC):  # matplotlib's own text path, our settings
        own = _pixels(_text_figure(300))
    with rendering():
        first = _pixels(_text_figure(300))
        again = _pixels(_text_figure(300))  # layouts and glyph bitmaps now come from the caches
    assert np.array_equal(own, first)
    assert np.array_equal(own, again)


def test_an_opaque_png_page_is_rgb_with_the_same_pixels_and_metadata():
    with rendering():
        fig = _text_figure(150)
        ours = Image.open(io.BytesIO(png_bytes(fig, {"Title": "Hải Dương", "Software": "planmap"})))
        buf = io.BytesIO()
        _text_figure(150).savefig(buf, format="png", dpi=150,
                                  metadata={"Title": "Hải Dương", "Software": "planmap"})
    theirs = Image.open(buf)
    assert ours.mode == "RGB"
    assert ours.size == theirs.size
    assert np.array_equal(np.asarray(ours), np.asarray(theirs.convert("RGB")))
    assert ours.info["Title"] == "Hải Dương" and ours.info["Software"] == "planmap"
    assert round(ours.info["dpi"][0]) == 150


def _base_pixels(limits, paths) -> np.ndarray:
    import export.base_layer as base_layer

    fig = new_figure((4, 3), dpi=150)
    ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    real = base_layer.base_paths_in
    base_layer.base_paths_in = lambda _limits: paths
    try:
        draw_base(ax, limits, labels=False)
        with rendering():
            return _pixels(fig)
    finally:
        base_layer.base_paths_in = real


def test_the_base_cut_to_a_zoomed_view_draws_the_same_map():
    _outside, districts, border = base_paths()
    (x0, y0), (x1, y1) = border.get_extents().p0, border.get_extents().p1
    cx, cy = x0 + (x1 - x0) * 0.45, y0 + (y1 - y0) * 0.55
    limits = (cx - 4000, cx + 4000, cy - 3000, cy + 3000)  # a few kilometres, as on an atlas page
    cut = base_paths_in(limits)
    assert sum(len(p.vertices) for p in cut[1]) < sum(len(p.vertices) for p in districts) / 3  # it was cut
    full = _base_pixels(limits, base_paths())
    clipped = _base_pixels(limits, cut)
    diff = np.abs(full.astype(int) - clipped.astype(int)).max(axis=2)
    assert diff.max() <= 48 and (diff > 0).mean() < 0.0005  # anti-aliasing only, on a handful of pixels


def test_a_view_of_the_whole_province_keeps_the_whole_base():
    _outside, _districts, border = base_paths()
    (x0, y0), (x1, y1) = border.get_extents().p0, border.get_extents().p1
    assert base_paths_in((x0 - 10, x1 + 10, y0 - 10, y1 + 10)) == base_paths()


def _pdf_pages(pages) -> bytes:
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return buf.getvalue()


def _raster(data: bytes, tmp_path, name: str, dpi: int = 150) -> list[np.ndarray]:
    import subprocess

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp_path / name)], check=True)
    return [np.asarray(Image.open(p).convert("RGB"), dtype=int) for p in sorted(tmp_path.glob(f"{name}-*.png"))]


def _bbox_words(data: bytes, tmp_path) -> list[str]:
    import re
    import subprocess

    path = tmp_path / "words.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.findall(r"<word .*?</word>", out)


def test_pdf_halos_written_once_draw_what_matplotlib_draws(tmp_path):
    """Three pages with the same haloed labels: each halo's outline is one form XObject for the file,
    the pages rasterise to the pixels of matplotlib's own path and pdftotext reads each label once."""
    from pypdf import PdfReader

    with rc_context(RC):
        own = _pdf_pages([_text_figure(100) for _ in range(3)])
    with rendering():
        ours = _pdf_pages([_text_figure(100) for _ in range(3)])
    forms = {name for page in PdfReader(io.BytesIO(ours)).pages
             for name, ob in page["/Resources"].get("/XObject", {}).items() if ob.get_object()["/Subtype"] == "/Form"}
    assert len(forms) == 4  # four labels, three pages: four outlines written
    assert len(ours) < len(own)
    assert _bbox_words(ours, tmp_path) == _bbox_words(own, tmp_path)
    for mine, theirs in zip(_raster(ours, tmp_path, "ours"), _raster(own, tmp_path, "own"), strict=True):
        assert mine.shape == theirs.shape
        assert np.abs(mine - theirs).max() <= 8  # coordinates rounded alike: at most a shade on an edge


def test_text_laid_out_again_from_the_cache_sits_where_matplotlib_puts_it():
    """One string in many alignments, rotations and sizes, drawn twice: the second time every layout
    comes from the cache, and both pictures are matplotlib's own."""
    def figure():
        fig = new_figure((4, 3), dpi=120)
        for i, (ha, va, rot) in enumerate([("left", "bottom", 0), ("center", "top", 0), ("right", "center", 90),
                                           ("left", "baseline", 17), ("center", "center_baseline", 0)]):
            fig.text(0.5, 0.1 + i * 0.18, nfc("Xã Lương Điền"), ha=ha, va=va, rotation=rot, fontsize=6 + i)
            fig.text(0.2, 0.1 + i * 0.18, nfc("Xã Lương Điền\nhai dòng"), ha=ha, va=va, fontsize=6 + i)
        return fig

    with rc_context(RC):
        own = _pixels(figure())
    with rendering():
        first = _pixels(figure())
        again = _pixels(figure())
    assert np.array_equal(own, first)
    assert np.array_equal(own, again)


def test_atlas_pages_on_a_reused_figure_are_the_pages_of_new_figures(scene_of, tmp_path):
    """The atlas draws every place on one figure it empties between pages: each page (a point, an area,
    a line, one with a QR code after one without) is what a new figure for it draws, word for word and
    pixel for pixel."""
    from export.atlas import PlacePages, atlas_page, locations

    scene = scene_of(format="atlas", orientation="portrait", public_base_url="https://quyhoach.example.vn")
    plain = scene_of(format="atlas", orientation="portrait")
    recs = locations(scene).reset_index(drop=True)
    picked = [recs.index[recs["layer"] == layer][0] for layer in ("urban_areas", "industrial_zones", "ring_road_v")]
    order = [(plain, picked[0]), (scene, picked[1]), (plain, picked[2]), (scene, picked[0])]
    with rendering():
        new = _pdf_pages([atlas_page(sc, recs.loc[i], n + 1, 9) for n, (sc, i) in enumerate(order)])
        pages = PlacePages(scene.request.page_inches())
        reused = _pdf_pages(atlas_page(sc, recs.loc[i], n + 1, 9, pages) for n, (sc, i) in enumerate(order))
    assert _bbox_words(reused, tmp_path) == _bbox_words(new, tmp_path)
    for mine, theirs in zip(_raster(reused, tmp_path, "reused", 100), _raster(new, tmp_path, "new", 100), strict=True):
        assert np.array_equal(mine, theirs)


def test_a_leader_line_ends_where_matplotlib_ends_it():
    """A displaced label's leader, clipped at the label's box by the fast test, is the same path as
    matplotlib's own clip gives (same vertices), in every direction from its symbol."""
    from matplotlib.backends.backend_agg import RendererAgg

    from export import fast_leaders

    def leaders():
        fig = new_figure((4, 3), dpi=150)
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        notes = [halo_annotate(ax, nfc("Khu công nghiệp Đại An"), (5, 5), xytext=(dx, dy), textcoords="offset points",
                               fontsize=6.5, arrowprops={"arrowstyle": "-", "linewidth": 0.4, "shrinkA": 0,
                                                         "shrinkB": 3.5})
                 for dx, dy in [(30, 20), (-80, -25), (5, -40), (-20, 35), (40, -3), (-110, -2), (-30, 45), (-30, -50)]]
        renderer = RendererAgg(600, 450, 150)
        for note in notes:
            note.update_positions(renderer)
        return [note.arrow_patch._get_path_in_displaycoord()[0][0].vertices for note in notes]

    with rc_context(RC):
        own = leaders()
    with fast_leaders.installed():
        ours = leaders()
    assert len(own) == 8
    for a, b in zip(own, ours):
        assert np.array_equal(a, b)


def test_leader_lines_drawn_at_once_end_where_each_arrow_would_end_and_are_drawn_once(tmp_path):
    """The place labels' leader lines, drawn as one path, run between the points matplotlib's arrow of each label
    runs between (cut at the label's padded box, shortened at its symbol; within a hundredth of a pixel of its
    bisection), in every direction, a label over its own point included; the labels' texts no longer draw their
    arrows (each leader is drawn once), and what is drawn is the same picture as each annotation drawing its own."""
    from matplotlib.backends.backend_agg import RendererAgg

    from export.fast_leaders import LeaderLines, _segment

    offsets = [(30, 20), (-80, -25), (5, -40), (-20, 35), (40, -3), (-110, -2), (-30, 45), (-30, -50), (-4, -2)]

    def page(batched: bool):
        fig = new_figure((4, 3), dpi=150)
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        leaders = LeaderLines(zorder=5.995)
        if batched:
            ax.add_artist(leaders)
        for i, (dx, dy) in enumerate(offsets):
            note = halo_annotate(ax, nfc("Khu công nghiệp Đại An"), (5, 1 + i), xytext=(dx, dy), fontsize=6.5,
                                 textcoords="offset points", ha="left", va="bottom", annotation_clip=True, zorder=6,
                                 arrowprops={"arrowstyle": "-", "linewidth": 0.4, "color": "#455a64", "shrinkA": 0,
                                             "shrinkB": 3.5})
            if batched:
                leaders.add(note)
        return fig, leaders

    with rendering():
        fig, leaders = page(True)
        renderer = RendererAgg(600, 450, 150)
        for note in leaders.notes:
            note.update_positions(renderer)
            theirs = note.arrow_patch
            theirs._dpi_cor = renderer.points_to_pixels(1.0)
            path = theirs._get_path_in_displaycoord()[0][0].vertices
            ours = np.reshape(_segment(theirs, renderer.points_to_pixels(1.0)), (2, 2))
            assert np.abs(ours - path[[0, -1]]).max() < 0.02, (note.xyann, ours, path[[0, -1]])
        assert len(leaders.notes) == len(offsets)
        (batched,), (own,) = (_raster(_pdf_pages([page(b)[0]]), tmp_path, f"leaders-{b}") for b in (True, False))
        words = " ".join(w.rsplit(">", 2)[-2].split("<")[0] for w in _bbox_words(_pdf_pages([page(True)[0]]), tmp_path))
    assert words.count(nfc("Khu công nghiệp Đại An")) == len(offsets)   # every label still text, read whole
    diff = np.abs(batched - own).max(axis=2)
    assert diff.max() <= 96 and (diff > 8).mean() < 0.001   # antialiasing where a leader meets a halo


def test_labels_are_drawn_as_matplotlib_annotations_draw_them():
    """Haloed labels at a point plus an offset in points — well inside the frame, a hair inside and outside
    its edge (matplotlib's own inside test decides those), far outside (not drawn), one with a leader line —
    give the same PDF, SVG and PNG as ``ax.annotate`` makes them."""
    from export import fast_labels
    from export.labels import HALO

    # (the frame is 23 points a unit: 0.01 is a quarter point, 0.065 a point and a half, 0.15 three and a half)
    spots = [(5.0, 5.0), (0.01, 4.0), (-0.01, 6.0), (-0.065, 7.0), (-0.15, 8.0), (10.0, 9.99), (4.0, -3.0), (7.0, 2.0)]

    def figure(annotate):
        fig = new_figure((4, 3), dpi=150)
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        for i, xy in enumerate(spots):
            kw = dict(xytext=(3.0 + i, -2.5), textcoords="offset points", fontsize=6.5, ha="left", va="bottom",
                      annotation_clip=True, parse_math=False)
            annotate(ax, nfc("Xã Lương Điền"), xy, color="white", zorder=5.99, path_effects=HALO, **kw)
            leader = {"arrowprops": {"arrowstyle": "-", "linewidth": 0.4, "shrinkA": 0, "shrinkB": 2}} if i == 7 else {}
            annotate(ax, nfc("Xã Lương Điền"), xy, color="#212121", zorder=6, **kw, **leader)
        return fig

    def output(fmt, annotate):
        with rendering():
            if fmt == "png":
                return _pixels(figure(annotate))
            buf = io.BytesIO()
            figure(annotate).savefig(buf, format=fmt, metadata={"CreationDate": None} if fmt == "pdf" else {"Date": None})
            return buf.getvalue()

    def theirs(ax, text, xy, **kw):
        return ax.annotate(text, xy, **kw)

    drawn = output("pdf", fast_labels.annotate)
    assert drawn == output("pdf", theirs)
    assert output("svg", fast_labels.annotate) == output("svg", theirs)
    assert np.array_equal(output("png", fast_labels.annotate), output("png", theirs))
    assert drawn != output("pdf", lambda ax, text, xy, **kw: None)  # the labels are on the page


def test_a_pdf_whose_halos_come_from_the_process_cache_is_the_pdf_made_without_it():
    """The halos' outlines (operators and box) are kept between files: a file made with them cached is the
    same file, byte for byte, as one made from scratch, and another export's label (the same name, larger)
    gets its own outline."""
    from export import fast_halos

    def pdf(fig) -> bytes:
        buf = io.BytesIO()
        with rendering():
            fig.savefig(buf, format="pdf", metadata={"CreationDate": None})
        return buf.getvalue()

    fast_halos._OPS.clear()
    cold = pdf(_text_figure(100))
    assert fast_halos._OPS  # the outlines are kept
    assert pdf(_text_figure(100)) == cold

    def larger():  # a name of _text_figure's, larger, alone on its page
        fig = new_figure((4, 3), dpi=100)
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        halo_annotate(ax, nfc("Ga Cẩm Giàng"), (0.5, 0.5), fontsize=8.5, zorder=6)
        return fig

    fast_halos._OPS.clear()
    fresh = pdf(larger())
    fast_halos._OPS.clear()
    pdf(_text_figure(100))  # the cache holds the name at its first size
    assert pdf(larger()) == fresh


def test_halo_xobjects_copied_from_the_process_cache_are_the_bytes_matplotlib_writes(monkeypatch):
    """A marker's form XObject (a halo outline, a plain marker) is compressed once per process and copied into
    later files: a file made with the bodies cached is, byte for byte, the file matplotlib's own
    ``writeMarkers`` writes."""
    from matplotlib.backends import backend_pdf

    from export import fast_halos

    def pdf() -> bytes:
        buf = io.BytesIO()
        with rendering():
            fig = _text_figure(100)
            fig.axes[0].plot([2, 8], [5, 5], marker="o")  # a plain marker too
            fig.savefig(buf, format="pdf", metadata={"CreationDate": None})
        return buf.getvalue()

    fast_halos._BODIES.clear()
    cold = pdf()
    assert len(fast_halos._BODIES) == 5            # one body per label's halo, one for the marker
    warm = pdf()
    with monkeypatch.context() as m:
        m.setattr(fast_halos, "write_markers", backend_pdf.PdfFile.writeMarkers)
        theirs = pdf()
    assert cold == warm == theirs
    for key in fast_halos._BODIES:                 # the cached bodies are what the next file holds
        fast_halos._BODIES[key] = b"x"
    assert pdf() != theirs
    fast_halos._BODIES.clear()
