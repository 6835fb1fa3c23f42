"""Each line of a printed map is named on the map, along itself, and in the legend (walk 16, finding 9: the existing
Hà Nội–Hải Phòng railway and the new standard-gauge line were one grey, unlabelled); leader lines keep off the
graticule and the number key is readable (finding 12). Read back from the PDF with poppler (pdftotext -bbox).

A rotated name comes out of pdftotext as glyph fragments, not words: its box is read from the page's content
(tests/export/tools/pdf_words), its letters are looked for inside it, and every other word on the page must stay out
of it."""
from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from export import ExportRequest, build_scene
from export.furniture import graticule_lines
from export.legend_layout import PRINT_MIN_PT
from export.line_names import line_name, line_sections, lines_in_view, short_forms
from layers.base import NEUTRAL_COLOUR
from progress.latest import latest_per_feature
from tests.export.conftest import REAL
from tests.export.tools.pdf_marks import page_marks, symbol_clashes
from tests.export.tools.pdf_words import QUARTER_TOL, Turned, page_words, turned_clashes, turned_text
from tests.export.tools.print_page import box_pt, legend_axes, print_page, print_pdf

pytestmark = pytest.mark.skipif(not (REAL / "railways.geojson").exists(), reason="data/ not present yet")


@pytest.fixture(scope="module")
def real():
    from layers.registry import load_all
    return load_all(REAL), pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})


def _scene(real, **options):
    frames, reports = real
    request = ExportRequest(format="pdf", as_of=date.today(), **options).validate()
    return build_scene(frames, request, latest_per_feature(reports, date.today()), reports)


CASES = [dict(paper="A4", orientation="landscape"), dict(paper="A4", orientation="portrait"),
         dict(paper="A4", orientation="landscape", lang="en"), dict(paper="A4", orientation="portrait", lang="en"),
         dict(paper="A4", orientation="portrait", colour_mode="status"),
         dict(paper="A4", orientation="landscape", district="Cẩm Giàng")]


@pytest.mark.parametrize("options", CASES, ids=["a4-landscape", "a4-portrait", "a4-landscape-en", "a4-portrait-en",
                                                "a4-portrait-status", "cam-giang"])
def test_every_line_is_named_along_it_inside_the_frame_clear_of_the_symbols_and_in_the_legend(real, options):
    """Every line in view is named once on the map (its name, or a short form of it: export.line_names.short_forms),
    at 7 pt or more, inside the frame, where the page sets it, over no symbol as the PDF draws them (the railways are
    drawn alike on a class-coloured print: one left unnamed cannot be told from the others; a name may cross another
    line where no stretch is clear of it); every line has its legend entry."""
    options = dict(options)
    district = options.pop("district", None)
    if district:
        from export.extent import district_extent
        extent, label = district_extent(district)
        options.update(extent=extent, extent_label=label)
    scene = _scene(real, **options)
    fig, pdf = print_pdf(scene)
    page, turned = page_words(pdf)[0], turned_text(pdf)[0]
    pw, ph, words = page.width, page.height, page.words
    expected = [name for _, name, _ in lines_in_view(scene)]
    assert len(expected) >= (2 if district else 4)      # the three railways and Ring Road V on the province
    if scene.lang == "en":
        assert any("standard-gauge" in name for name in expected)
    else:
        assert any("tuyến hiện có" in name for name in expected) and any("khổ tiêu chuẩn" in name for name in expected)

    for x0, y0, x1, y1, text in words:                  # no word off the page
        assert 0 <= x0 and x1 <= pw and 0 <= y0 and y1 <= ph, text

    names = scene.map_drawn.line_names
    forms = {form: name for name in expected for _, form in short_forms(name)}
    assert len(forms) == sum(len(short_forms(name)) for name in expected)   # a short form names one line only
    named = [forms.get(" ".join(n.text.split())) for n in names]
    assert None not in named and sorted(named) == sorted(expected), [n.text for n in names]   # each line, once
    assert not symbol_clashes(page_marks(pdf)[0], turned), symbol_clashes(page_marks(pdf)[0], turned)
    assert min(t.size for t in turned) >= PRINT_MIN_PT - 0.01
    fx0, fy0, fx1, fy1 = box_pt(fig, fig.axes[0])
    frame = box(fx0, ph - fy1, fx1, ph - fy0)
    for name in names:
        rect = Polygon([(x, ph - y) for x, y in name.corners()])     # in pdftotext's coordinates
        assert frame.contains(rect), name.text
        # the page sets it where the placer put it: its turned box, read from the PDF, around the same centre
        if abs((name.angle + 45) % 90 - 45) <= QUARTER_TOL:      # a name along a level line poppler reads as words
            turned.append(Turned(name.text, name.angle, rect))
            continue
        read = [t for t in turned if t.text.replace(" ", "").replace("\n", "") == name.text.replace(" ", "").replace("\n", "")]
        assert len(read) == 1 and read[0].footprint.centroid.distance(rect.centroid) < 2.0, name.text
        assert abs(read[0].angle - name.angle) < 0.5, name.text
    assert len(turned) == len(names)
    # its letters are in its box; no other word of the page reaches into it (no label, district name or number
    # over a line's name), nor another line's name
    _, problems = turned_clashes(page, turned)
    assert not problems, problems

    # the legend: an entry per line, named as on the map, drawn as a line; its words in the legend's box
    entries = [item.entry for item in scene.legend_layout.items if item.entry is not None]
    lx0, ly0, lx1, ly1 = box_pt(fig, legend_axes(fig, scene.lang))
    legend_words = Counter(t for x0, y0, x1, y1, t in words
                           if lx0 - 1 <= x0 and x1 <= lx1 + 1 and ph - ly1 - 1 <= y0 and y1 <= ph - ly0 + 1)
    for name in expected:
        assert [e.shape for e in entries if e.label == name] == ["line"], name
        assert not Counter(name.split()) - legend_words, name


def test_each_line_entry_is_drawn_in_its_line_s_style(real):
    """Status colouring: each line's entry in its own status colour and dashes; class colouring: all neutral (colour
    then means class), each line's own dash pattern tells them apart (tests/export/test_line_looks.py)."""
    for mode in ("status", "class"):
        scene = _scene(real, paper="A4", orientation="landscape", colour_mode=mode)
        sections = line_sections(scene.legend_sections(), scene)
        entries = {e.label: e for _, es in sections for e in es if e.shape == "line"}
        for layer_id, name, style in lines_in_view(scene):
            assert entries[name].style == style
            assert (style.colour == NEUTRAL_COLOUR) == (mode == "class"), (mode, name, style.colour)
        # the pattern's meaning stays, once, as the note under the lines' entries
        notes = [e.label for _, es in sections for e in es if e.shape == "text"]
        assert any("sơ đồ" in note for note in notes)


def test_a_line_is_named_without_its_section_qualifier():
    props = {"name": "Đường vành đai 5 vùng Thủ đô — đoạn qua tỉnh Hải Dương",
             "name_en": "Ring Road V (Capital Region) — Hải Dương section"}
    assert line_name(props, "vi") == "Đường vành đai 5 vùng Thủ đô"
    assert line_name(props, "en") == "Ring Road V (Capital Region)"
    props = {"name": "Đường sắt Lào Cai – Hà Nội – Hải Phòng (khổ tiêu chuẩn, đoạn qua Hải Dương)",
             "name_en": "Lào Cai – Hà Nội – Hải Phòng standard-gauge railway (Hải Dương section)"}
    assert line_name(props, "vi") == "Đường sắt Lào Cai – Hà Nội – Hải Phòng (khổ tiêu chuẩn)"
    assert line_name(props, "en") == "Lào Cai – Hà Nội – Hải Phòng standard-gauge railway"


def _near_grid(p: np.ndarray, grid: list[np.ndarray], within: float = 1.5) -> bool:
    """Whether the point ``p`` (page points) lies within ``within`` of one of the grid polylines."""
    for line in grid:
        a, b = line[:-1], line[1:]
        ab = b - a
        u = np.clip(((p - a) * ab).sum(1) / np.maximum((ab * ab).sum(1), 1e-9), 0, 1)
        if (np.hypot(*(p - a - u[:, None] * ab).T) < within).any():
            return True
    return False


@pytest.mark.parametrize("district", ["Cẩm Giàng", "Bình Giang"])
def test_no_leader_line_runs_along_a_grid_line(real, district):
    """District print, A4 landscape: a leader seen along a meridian or parallel is taken for the grid."""
    from export.extent import district_extent
    extent, label = district_extent(district)
    scene = _scene(real, paper="A4", orientation="landscape", extent=extent, extent_label=label)
    fig, _, _ = print_page(scene)
    ax = fig.axes[0]
    to_pt = 72.0 / fig.dpi
    limits = (*ax.get_xlim(), *ax.get_ylim())
    grid = [ax.transData.transform(np.column_stack(xy)) * to_pt for xy in graticule_lines(limits, "degrees").values()]
    assert grid
    leaders = scene.map_drawn.labels.leaders
    assert leaders
    for x0, y0, x1, y1 in leaders:
        points = [np.array([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]) for t in (0.4, 0.6, 0.8)]
        assert not all(_near_grid(p, grid) for p in points), (x0, y0, x1, y1)


def test_number_key_is_set_at_7_pt_or_more_on_a4_landscape(real):
    scene = _scene(real, paper="A4", orientation="landscape")
    words = print_page(scene)[1].words
    assert scene.legend_layout.unplaced == 0                      # no entry lost
    numbered = scene.map_drawn.labels.numbered
    assert numbered
    heading = next(i for i in range(len(words) - 2) if [t for *_, t in words[i:i + 3]] == ["Chú", "dẫn", "số"])
    key = [wd for wd in words[heading + 3:] if wd[0] >= words[heading][0] - 1]
    assert key
    # DejaVu Sans at 7 pt: words ~8.1 pt tall in pdftotext's boxes (6 pt: 7.0)
    assert min(y1 - y0 for _, y0, _, y1, _ in key[:20]) >= 7.0 * 1.1
