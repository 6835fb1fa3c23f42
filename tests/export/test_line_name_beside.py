"""A line's name sits beside its line, never with the line drawn along through its text (QA: the dotted Yên Viên –
Phả Lại – Hạ Long – Cái Lân railway through its two-row name). Read back from the PDF: the names' turned boxes as
the page sets them (tests/export/tools/pdf_words) and the lines as it strokes them (tests/export/tools/pdf_marks),
on A4 and A3, both orientations. A name may cross another line where it must (test_line_names) — across it, which a
line running along inside the name's box is not."""
from __future__ import annotations

import math

import pytest

from tests.export.conftest import REAL
from tests.export.test_line_names import _scene, real  # noqa: F401  (real: the module's fixture of the real data)
from tests.export.tools.pdf_marks import page_marks
from tests.export.tools.pdf_words import turned_text
from tests.export.tools.print_page import print_pdf

pytestmark = pytest.mark.skipif(not (REAL / "railways.geojson").exists(), reason="data/ not present yet")
ALONG_DEG = 20.0     # a stretch of line inside a name's box this near the name's direction runs along through it
ALONG_PT = 6.0       # … and this long (a line crossing a name's corner at a slant is not running through it)


def _runs_along(footprint, angle: float, line, width: float) -> float:
    """The length of ``line`` inside ``footprint`` running within ALONG_DEG of ``angle`` (PDF degrees; y down here)."""
    inside = line.intersection(footprint.buffer(width / 2))
    parts = getattr(inside, "geoms", [inside])
    total = 0.0
    for part in parts:
        coords = list(getattr(part, "coords", []))
        for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
            seg = math.hypot(x1 - x0, y1 - y0)
            if seg == 0:
                continue
            turn = abs((math.degrees(math.atan2(-(y1 - y0), x1 - x0)) - angle + 90) % 180 - 90)
            if turn <= ALONG_DEG:
                total += seg
    return total


@pytest.mark.parametrize("paper, orientation", [("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape"),
                                                ("A3", "portrait")])
def test_no_line_runs_along_through_a_line_s_name(real, paper, orientation):
    fig, pdf = print_pdf(_scene(real, paper=paper, orientation=orientation))
    marks, turned = page_marks(pdf)[0], turned_text(pdf)[0]
    yen_vien = [t for t in turned if "Yên" in t.text and "Cái" in t.text]
    assert len(yen_vien) == 1, [t.text for t in turned]       # the railway QA saw is named here, turned
    assert marks.lines
    problems = [(t.text, round(_runs_along(t.footprint, t.angle, line, width), 1))
                for t in turned for line, width in marks.lines
                if _runs_along(t.footprint, t.angle, line, width) > ALONG_PT]
    assert not problems, problems


def test_the_check_catches_a_name_moved_onto_its_line(real):
    """The Yên Viên name of the A3 print, moved from beside its line onto it, runs along it: the check above bites."""
    from shapely.affinity import translate
    from shapely.ops import nearest_points

    fig, pdf = print_pdf(_scene(real, paper="A3", orientation="landscape"))
    marks, turned = page_marks(pdf)[0], turned_text(pdf)[0]
    name = next(t for t in turned if "Yên" in t.text and "Cái" in t.text)
    middle = name.footprint.centroid
    line, width = min(marks.lines, key=lambda lw: lw[0].distance(middle))
    assert _runs_along(name.footprint, name.angle, line, width) == 0.0      # beside it, as printed
    on = nearest_points(line, middle)[0]
    moved = translate(name.footprint, on.x - middle.x, on.y - middle.y)
    assert _runs_along(moved, name.angle, line, width) > 3 * ALONG_PT
