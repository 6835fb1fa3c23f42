"""A legend's section (its heading and its entries) is read in one column: a landscape print map's "Đường sắt" heading
sat at the foot of the first column, its first railway under it and the other two atop the second, where they read as
the "Ký hiệu" section's. Each section whole in one column when it fits, else its heading again, marked "(tiếp)" /
"(cont.)", atop the column it runs on into. Read back from the PDF with poppler (pdftotext -bbox)."""
from __future__ import annotations

import io
from datetime import date

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from export import ExportRequest, build_scene
from export.draw import rendering
from export.legend_draw import draw_legend
from export.words import w
from layers.base import LegendEntry, Style
from progress.latest import latest_per_feature
from tests.export.conftest import REAL
from tests.export.tools.pdf_words import page_words
from tests.export.tools.print_page import box_pt, legend_axes, print_pdf


def _columns(words, legend_box, page_h: float, starts: list[float]) -> list[list[str]]:
    """The legend's lines as printed, column by column, top to bottom: its words (pdftotext's, y down) inside the
    legend's box (page points, y up), each in the column whose start (points from the box's left) it is past."""
    lx0, ly0, lx1, ly1 = legend_box
    rows: dict[tuple[int, float], list[tuple[float, str]]] = {}
    for x0, y0, x1, y1, text in words:
        if lx0 - 2 <= x0 and x1 <= lx1 + 2 and page_h - ly1 - 2 <= y0 and y1 <= page_h - ly0 + 2:
            col = max(i for i, s in enumerate(starts) if x0 - lx0 >= s - 0.5)
            rows.setdefault((col, round(y0)), []).append((x0, text))
    out: list[list[str]] = [[] for _ in starts]
    for (col, _y), row in sorted(rows.items()):
        out[col].append(" ".join(t for _, t in sorted(row)))
    return out


def _split_sections(columns: list[list[str]], headings: list[str], more: str) -> list[str]:
    """The headings whose lines run on from one column into the next: the section's heading, not marked ``more``,
    is in one column and the lines after it, up to the next heading, go on at the next column's top."""
    split = []
    current = None
    for col in columns:
        for n, line in enumerate(col):
            if line in headings:
                current = line
            elif line == f"{current} {more}" and n == 0:
                current = None            # marked: the reader knows it goes on
            elif n == 0 and current is not None:
                split.append(current)
    return split


@pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present yet")
@pytest.mark.parametrize("lang, mode", [("vi", "class"), ("en", "status")])
def test_each_section_of_a_landscape_legend_is_in_one_column(lang, mode):
    from layers.registry import load_all
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    scene = build_scene(load_all(REAL), ExportRequest(format="pdf", paper="A4", orientation="landscape", lang=lang,
                                                      colour_mode=mode, as_of=date.today()).validate(),
                        latest_per_feature(reports, date.today()), reports)
    fig, pdf = print_pdf(scene)
    page = page_words(pdf)[0]
    layout = scene.legend_layout
    starts = sorted({round(item.x, 1) for item in layout.items})
    assert len(starts) == 2      # two columns
    more = w("legend_more", lang)
    headings = [item.lines[0] for item in layout.items if item.kind == "heading" and not item.lines[-1].endswith(more)]
    columns = _columns(page.words, box_pt(fig, legend_axes(fig, lang)), page.height, starts)
    assert all(columns) and sum(line in headings for col in columns for line in col) == len(headings) >= 4, columns
    assert not _split_sections(columns, headings, more), columns


def test_a_section_taller_than_a_column_goes_on_under_its_heading_marked_cont():
    """A section that fits no column is split; the next column starts with its heading again, "(cont.)"."""
    entries = [LegendEntry(f"Entry number {n}", Style("#1565c0", radius=6), "point") for n in range(14)]
    sections = [("Urban areas", entries[:3]), ("Industrial zones", entries[3:])]
    with rendering():
        fig = plt.figure(figsize=(4, 2.2))
        ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
        layout = draw_legend(ax, sections, "Legend", fontsize=8, ncol=2, floor=7, more="(cont.)")
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf")
        plt.close(fig)
    assert layout.unplaced == 0
    page = page_words(buf.getvalue())[0]
    starts = sorted({round(item.x, 1) for item in layout.items})
    box = (0.05 * 4 * 72, 0.05 * 2.2 * 72, 0.95 * 4 * 72, 0.95 * 2.2 * 72)
    columns = _columns(page.words, box, page.height, starts)
    assert columns[1][0] == "Industrial zones (cont.)", columns
    assert not _split_sections(columns, ["Urban areas", "Industrial zones"], "(cont.)")
    # without the mark the same columns are read as a split section (the check finds what it is there for)
    unmarked = [columns[0], columns[1][1:]]
    assert _split_sections(unmarked, ["Urban areas", "Industrial zones"], "(cont.)") == ["Industrial zones"]
