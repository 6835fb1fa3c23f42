"""Issue 9 in every printed export: the base geography under the plan, stacked places displaced,
approximate positions marked, the legend saying so — read back with poppler, an XML parser and pixels."""
from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation

from export import ExportRequest, build_scene
from export.atlas import render_atlas
from export.base_layer import BASE_GID, DISTRICT_LINE, OUTSIDE_FILL, PROVINCE_LINE
from export.draw import rendering
from export.slides import render_slides
from export.snapshot import render_snapshot, snapshot_figure
from layers.query import ViewFilter

from tests.export.conftest import TODAY

SVG = "{http://www.w3.org/2000/svg}"
WHOLE_PROVINCE = (106.0, 20.6, 106.65, 21.25)
# District names no feature of the mini data carries: found in a file only if the base drew them.
BASE_ONLY_NAMES = ("Ninh Giang", "Thanh Miện", "Kinh Môn", "Bình Giang")
STACK = ("ua-hai-duong", "ua-chi-linh", "ua-luong-dien", "ua-dong-cam")


def pdftotext(data: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.fixture
def stacked_scene(frames, history):
    """Four urban areas put on one district-centre placeholder, as the real data had at Lai Cách."""
    from progress.latest import latest_per_feature

    def make(**kw):
        moved = {k: f.copy() for k, f in frames.items()}
        ua = moved["urban_areas"]
        for fid in STACK:
            ua.loc[fid, "geometry"] = ua.loc["ua-hai-duong", "geometry"]
            ua.loc[fid, "location_precision"] = "district centre placeholder"
        kw.setdefault("as_of", TODAY)
        request = ExportRequest(**kw).validate(TODAY)
        return build_scene(moved, request, latest_per_feature(history, TODAY), history, made_on=TODAY)
    return make


# ---------------------------------------------------------------------------- base geography
def test_svg_has_the_base_in_its_own_group_under_the_plan(scene_of):
    svg = render_snapshot(scene_of(format="svg", extent=WHOLE_PROVINCE))
    root = ET.fromstring(svg)
    ids = [g.get("id") for g in root.iter(f"{SVG}g")]
    assert BASE_GID in ids
    base = next(g for g in root.iter(f"{SVG}g") if g.get("id") == BASE_GID)
    names = {"".join(t.itertext()).strip() for t in base.iter(f"{SVG}text")}
    assert set(BASE_ONLY_NAMES) <= names
    assert len(list(base.iter(f"{SVG}path"))) >= 3            # outside fill, district lines, province outline
    # under everything: the base group comes before every layer's group in document order
    assert ids.index(BASE_GID) < min(ids.index(g) for g in ids if g and g.startswith(("urban_areas", "railways")))
    # each layer in its own group, named by layer id and kind
    for gid in ("urban_areas-points", "railways-lines", "ring_road_v-lines", "industrial_zones-areas"):
        assert gid in ids, gid


def test_pdf_has_the_district_names_as_text(scene_of):
    text = pdftotext(render_snapshot(scene_of(format="pdf", extent=WHOLE_PROVINCE)))
    for name in BASE_ONLY_NAMES:
        assert name in text, name


def test_png_shows_the_boundaries_in_grey_and_the_outside_fill(scene_of):
    img = np.asarray(Image.open(io.BytesIO(render_snapshot(scene_of(format="png", dpi=150,
                                                                     extent=WHOLE_PROVINCE)))).convert("RGB"))

    def count(hex_colour: str, tol: int = 6) -> int:
        rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(img.astype(int) - rgb).max(axis=2) <= tol).sum())
    assert count(OUTSIDE_FILL, 2) > 50_000          # the light fill outside the province: a large area
    assert count(DISTRICT_LINE, 10) + count(PROVINCE_LINE, 10) > 2_000  # thin grey lines, many pixels long


def test_atlas_and_slides_have_the_base(scene_of):
    atlas = pdftotext(render_atlas(scene_of(format="atlas", orientation="portrait", extent=WHOLE_PROVINCE,
                                            features=("ua-hai-duong",))))
    assert "Gia Lộc" in atlas or "Cẩm Giàng" in atlas     # neighbours of the city on its page
    prs = Presentation(io.BytesIO(render_slides(scene_of(format="pptx", extent=WHOLE_PROVINCE), fetcher=None)))
    pictures = [s for s in prs.slides[1].shapes if s.shape_type == 13]
    img = np.asarray(Image.open(io.BytesIO(pictures[0].image.blob)).convert("RGB"))
    rgb = np.array([int(OUTSIDE_FILL[i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(img.astype(int) - rgb).max(axis=2) <= 2).sum() > 20_000


# ---------------------------------------------------------------------------- displaced stacks
def _drawn_point_symbols(fig):
    """(centre, radius) in display pixels of every point symbol drawn, from the figure's own artists."""
    out = []
    for ax in fig.axes:
        for artist in ax.get_children():
            gid = artist.get_gid() or ""
            if not gid.endswith("-points"):
                continue
            for child in artist.get_children():
                if hasattr(child, "get_path") and child.__class__.__name__ != "Line2D":
                    ext = child.get_window_extent()
                    out.append(((ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2, max(ext.width, ext.height) / 2))
    return out


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_stacked_places_are_displaced_and_no_two_symbols_overlap(stacked_scene, paper):
    scene = stacked_scene(format="png", paper=paper, dpi=150)
    with rendering():
        fig = snapshot_figure(scene, None)
        fig.canvas.draw()
        symbols = _drawn_point_symbols(fig)
    assert len(symbols) >= 6
    for i, (x1, y1, r1) in enumerate(symbols):
        for x2, y2, r2 in symbols[i + 1:]:
            # squares and diamonds: their circumscribed radius over-counts, so allow the square's corner
            assert np.hypot(x1 - x2, y1 - y2) >= (r1 + r2) * 0.70, "two symbols overlap"
    # the four stacked areas are drawn apart, each with a leader line to the shared true position
    leaders = [c for ax in fig.axes for a in ax.get_children() if (a.get_gid() or "") == "urban_areas-points"
               for c in a.get_children() if c.__class__.__name__ == "Line2D" and len(c.get_xdata()) == 2]
    assert len(leaders) >= len(STACK)


def test_displacement_itself_leaves_no_overlap():
    from export.symbols import Mark, displace, overlapping_pairs
    from layers.base import Style

    marks = [Mark(f"f{i}", "urban_areas", f"n{i}", 0.0 if i < 9 else 30.0 * i, 0.0, Style("#000", "#fff", radius=8),
                  "o", 6.0 + (i % 3) * 4, False, 1.0) for i in range(14)]
    moved = displace(marks, lambda x, y: (x, y))
    assert moved >= 9
    xy = np.array([[m.x + m.dx_pt, m.y + m.dy_pt] for m in marks])
    assert not overlapping_pairs(xy, np.array([m.half_pt for m in marks]))
    # deterministic: the same input gives the same drawing
    again = [Mark(m.fid, m.layer_id, m.name, m.x, m.y, m.style, m.marker, m.half_pt, False, 1.0) for m in marks]
    displace(again, lambda x, y: (x, y))
    assert [(a.dx_pt, a.dy_pt) for a in again] == [(m.dx_pt, m.dy_pt) for m in marks]


# ---------------------------------------------------------------------------- approximate + legend
@pytest.mark.parametrize("lang, placeholder, approximate, displaced", [
    ("vi", "Vị trí tạm đặt", "Vị trí gần đúng", "Nhiều địa điểm cùng một vị trí"),
    ("en", "Placeholder position", "Approximate position", "Places at one position"),
])
def test_legend_says_what_the_symbols_mean(stacked_scene, scene_of, lang, placeholder, approximate, displaced):
    text = " ".join(pdftotext(render_snapshot(stacked_scene(format="pdf", lang=lang))).split())
    # the stack is four placeholders; the mini data's other places are exact: one precision entry, no other
    assert placeholder in text and displaced in text and approximate not in text
    plain = " ".join(pdftotext(render_snapshot(scene_of(format="pdf", lang=lang))).split())
    # the mini data has two commune centres (approximate) and no placeholder: that entry only
    assert approximate in plain and placeholder not in plain


def test_approximate_positions_are_drawn_dashed_and_pale(stacked_scene):
    scene = stacked_scene(format="png", dpi=150)
    with rendering():
        fig = snapshot_figure(scene, None)
        group = next(a for ax in fig.axes for a in ax.get_children() if (a.get_gid() or "") == "urban_areas-points")
        patches = [c for c in group.get_children() if c.__class__.__name__ != "Line2D"]
        dashed = [p for p in patches if p.get_linestyle() not in ("-", "solid")]
        assert len(dashed) == len(STACK)
        assert all(p.get_facecolor()[3] < 0.5 for p in dashed)      # nearly hollow
        assert all(p.get_facecolor()[3] == 1.0 for p in patches if p not in dashed)


def test_legend_entries_never_overlap_on_the_page(stacked_scene):
    data = render_snapshot(stacked_scene(format="pdf", paper="A4", orientation="portrait"))
    boxes = _word_boxes(data)
    legend = [b for b in boxes if b[4] in ("Chú", "giải")]
    assert legend, "no legend"
    lines = _lines(boxes)
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            assert not _cross(a, b), (a, b)


def test_slides_legend_has_the_symbols(stacked_scene):
    prs = Presentation(io.BytesIO(render_slides(stacked_scene(format="pptx"), fetcher=None)))
    words = " ".join(s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame)
    assert "Vị trí tạm đặt" in words and "Nhiều địa điểm cùng một vị trí" in words


def test_only_zones_layer_shows_zone_sizes(scene_of):
    text = " ".join(pdftotext(render_snapshot(scene_of(format="pdf", view=ViewFilter(layers=("industrial_zones",)))
                                               )).split())
    assert "KCN 100 ha" in text and "Đô thị loại" not in text


# ---------------------------------------------------------------------------- helpers
def _word_boxes(data: bytes) -> list[tuple[float, float, float, float, str]]:
    """Words of the first page (the map) with their boxes."""
    root = ET.fromstring(pdftotext(data, "-bbox", "-l", "1").replace("&nbsp;", " "))
    return [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
            for w in root.iter("{http://www.w3.org/1999/xhtml}word")]


def _lines(boxes):
    """Words grouped into text lines (same baseline, touching)."""
    rows: dict[tuple[int, int], list] = {}
    for b in boxes:
        rows.setdefault((round(b[1] * 2), round(b[3] * 2)), []).append(b)
    out = []
    for row in rows.values():
        row.sort()
        start = row[0]
        x1 = start[2]
        for b in row[1:]:
            if b[0] - x1 > 8:
                out.append((start[0], start[1], x1, start[3]))
                start = b
            x1 = max(x1, b[2])
        out.append((start[0], start[1], x1, start[3]))
    return out


def _cross(a, b, slack: float = 0.6) -> bool:
    """Two text lines overlap: more than a third of a line (boxes of adjacent lines touch by ascent/descent)."""
    tall = min(a[3] - a[1], b[3] - b[1])
    return (min(a[2], b[2]) - max(a[0], b[0]) > slack) and (min(a[3], b[3]) - max(a[1], b[1]) > tall / 3)


def test_points_sharing_a_position_are_found_as_pair_by_pair_tests_find_them():
    """The marks at one position (start of the displacement) are the groups a pair-by-pair distance test
    finds: the same groups, in id order, on the same rings."""
    from export.symbols import _spread_coincident

    def pairwise(pts, half, ids):  # the displacement's first step, one distance at a time
        drawn, seen = pts.copy(), set()
        for i in range(len(pts)):
            if i in seen:
                continue
            same = [j for j in range(len(pts)) if j not in seen and np.hypot(*(pts[j] - pts[i])) < 0.5]
            seen.update(same)
            if len(same) < 2:
                continue
            same.sort(key=lambda j: ids[j])
            radius = max(half[same].max() + 1.5, (2 * half[same] + 1.5).sum() / (2 * np.pi))
            for k, j in enumerate(same):
                angle = np.pi / 2 - 2 * np.pi * k / len(same)
                drawn[j] = pts[i] + radius * np.array([np.cos(angle), np.sin(angle)])
        return drawn

    rng = np.random.default_rng(7)
    pts = np.column_stack([rng.integers(0, 12, 80) * 3.0, rng.integers(0, 6, 80) * 3.0])
    pts[::7] += 0.3                      # near, not at, a shared point: within half a point counts as shared
    half = rng.uniform(2, 8, 80)
    ids = [f"f{(i * 37) % 80:02d}" for i in range(80)]
    got = _spread_coincident(pts, half, ids)
    assert not np.array_equal(got, pts)  # there are shared points
    assert np.allclose(got, pairwise(pts, half, ids), rtol=0, atol=1e-9)
