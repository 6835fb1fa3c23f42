"""Each line of a printed map has its own look, and the legend draws it as the map does (issue 10).

On a class-coloured print colour means urban class, so every line is drawn in one neutral colour: the three railways
were one grey dash, and their three legend entries the same grey dash — the legend could not say which line on the map
is which. Each railway now has its own dash pattern (data/plan.toml); in status colouring its colour says its status
too. Read back from the PDF's own strokes (tests/export/tools/pdf_marks): their colours and dash patterns, on the map
and in the legend."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from export.line_names import lines_in_view
from layers.base import NEUTRAL_COLOUR
from tests.export.conftest import REAL
from tests.export.test_line_names import _scene, real  # noqa: F401  (real: the module's fixture of the real data)
from tests.export.tools.pdf_marks import LINE_MIN_W, page_marks
from tests.export.tools.print_page import box_pt, legend_axes, print_pdf

pytestmark = pytest.mark.skipif(not (REAL / "railways.geojson").exists(), reason="data/ not present yet")


def _looks_in(strokes, fig, ax, height: float) -> set[tuple]:
    """The looks (colour, dashes in line widths) of the map's lines (strokes two points wide or more) wholly inside
    ``ax`` (poppler's y down)."""
    x0, y0, x1, y1 = box_pt(fig, ax)
    return {s.look() for s in strokes if s.width >= LINE_MIN_W
            and x0 - 1 <= s.line.bounds[0] and s.line.bounds[2] <= x1 + 1
            and height - y1 - 1 <= s.line.bounds[1] and s.line.bounds[3] <= height - y0 + 1}


def _rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 2) for i in (1, 3, 5))


@pytest.mark.parametrize("mode", ["class", "status"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_line_has_its_own_look_and_the_legend_draws_it_as_the_map_does(real, mode, lang):
    scene = _scene(real, paper="A4", orientation="landscape", colour_mode=mode, lang=lang)
    fig, pdf = print_pdf(scene)
    marks = page_marks(pdf)[0]
    height = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.height)
    lines = lines_in_view(scene)
    assert len(lines) == 4                                        # the three railways and Ring Road V
    on_map = _looks_in(marks.strokes, fig, fig.axes[0], height)
    in_legend = _looks_in(marks.strokes, fig, legend_axes(fig, lang), height)
    assert len(on_map) == len(lines), on_map                     # no two lines drawn alike
    assert in_legend == on_map                                   # the legend draws each as the map does
    colours = {colour for colour, _ in on_map}
    if mode == "class":                                          # colour means class: every line neutral
        assert colours == {_rgb(NEUTRAL_COLOUR)}
    else:                                                        # each in its status colour, as before
        assert colours == {_rgb(style.colour) for _, _, style in lines}
    # each entry is the one of its line: named as the line, in the line's style
    entries = {item.entry.label: item.entry for item in scene.legend_layout.items if item.entry is not None}
    for _, name, style in lines:
        assert entries[name].shape == "line" and entries[name].style == style, name


def test_a_slide_s_legend_draws_each_railway_s_own_pattern(real, tmp_path):
    """A slide's legend is slide shapes with preset dashes: each railway's entry keeps a pattern of its own."""
    from pptx import Presentation

    from export.slides import _slide_symbol
    from layers.base import LegendEntry, StyleContext
    from layers.registry import get_layer

    frames, _ = real
    rails, spec = frames["railways"], get_layer("railways")
    lines = rails[rails.geometry.geom_type.str.contains("Line")]
    assert len(lines) == 3
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    ctx = StyleContext("class", one_meaning=True)
    for n, (_, row) in enumerate(lines.iterrows()):
        _slide_symbol(slide, LegendEntry(row["name"], spec.style_of(row.to_dict(), ctx), "line"), 1.0, 1.0 + n, 0.6, 7.5)
    prs.save(tmp_path / "legend.pptx")
    shapes = Presentation(tmp_path / "legend.pptx").slides[0].shapes
    assert len({shape.line.dash_style for shape in shapes}) == 3
