"""The atlas and print tests' reader of turned text (tests/export/tools/pdf_words) finds what it is there to find: a
line's name set at an angle that runs into a place label or off the page, read back from a PDF as poppler and pypdf
read it; and passes a name that is clear."""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pytest

from export.draw import rendering
from tests.export.tools.pdf_words import page_words, turned_clashes, turned_text

NAME = "Đường sắt Hà Nội – Hải Phòng"


def _read(*texts: tuple[float, float, str, float]):
    """A 4 × 3 in page with each (x, y, text, angle) set at 7 pt (figure fractions), read back."""
    with rendering():
        fig = plt.figure(figsize=(4, 3))
        for x, y, text, angle in texts:
            fig.text(x, y, text, fontsize=7, rotation=angle, rotation_mode="anchor", fontstyle="italic")
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf")
        plt.close(fig)
    pdf = buf.getvalue()
    return page_words(pdf)[0], turned_text(pdf)[0]


def test_a_clear_turned_name_is_read_whole_with_its_angle():
    page, turned = _read((0.1, 0.2, NAME, 30.0), (0.1, 0.85, "Thành phố Hải Dương", 0.0))
    assert [(t.text.replace(" ", ""), round(t.angle)) for t in turned] == [(NAME.replace(" ", ""), 30)]
    # its box as long and as tall as matplotlib measures the name set level
    with rendering():
        fig = plt.figure(figsize=(4, 3))
        extent = fig.text(0, 0, NAME, fontsize=7, fontstyle="italic").get_window_extent(fig.canvas.get_renderer())
        width, height = extent.width * 72 / fig.dpi, extent.height * 72 / fig.dpi
        plt.close(fig)
    corners = list(turned[0].footprint.exterior.coords)
    sides = sorted(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 for (x0, y0), (x1, y1) in zip(corners, corners[1:]))
    assert abs(sides[-1] - width) < 0.05 * width and abs(sides[0] - height) < 0.2 * height, (sides, width, height)
    upright, problems = turned_clashes(page, turned)
    assert not problems
    assert [t for *_, t in upright] == ["Thành", "phố", "Hải", "Dương"]   # the fragments are the name's


@pytest.mark.parametrize("label", [(0.35, 0.37, "Xã Cẩm Điền", 0.0), (0.24, 0.305, "Xã", 0.0)],
                         ids=["across", "short word whose centre is inside"])
def test_a_label_over_a_turned_name_is_found(label):
    page, turned = _read((0.1, 0.2, NAME, 30.0), label)
    _, problems = turned_clashes(page, turned)
    assert problems and all("Xã" in p or "words over it" in p for p in problems), problems


def test_a_turned_name_running_off_the_page_is_found():
    page, turned = _read((0.7, 0.5, NAME, 20.0))
    _, problems = turned_clashes(page, turned)
    assert any("off the page" in p for p in problems), problems


def test_two_turned_names_that_cross_are_found():
    page, turned = _read((0.1, 0.2, NAME, 30.0), (0.1, 0.6, "Đường vành đai 5 vùng Thủ đô", -30.0))
    _, problems = turned_clashes(page, turned)
    assert any("meets" in p for p in problems), problems
