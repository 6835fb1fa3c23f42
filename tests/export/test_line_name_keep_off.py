"""A line's name keeps off the leader lines of displaced symbols and, on an atlas page, off the ring round the
page's own place (issue 10): a name over a leader line hides which symbol is whose, one across the ring which place
the page is about. Read back from the PDF: the names' turned boxes and words (tests/export/tools/pdf_words), the
leader lines' strokes (tests/export/tools/pdf_marks); the ring where the page draws it."""
from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from shapely.geometry import Point, box

from export import ExportRequest, build_scene
from export.draw import LEADER_PT, RING_COLOUR, rendering
from export.label_boxes import line_samples, page_points
from export.line_names import place_line_names
from export.name_clear import line_segments
from export.symbols import LEADER_COLOUR
from layers.base import Style
from progress.latest import latest_per_feature
from tests.export.conftest import REAL
from tests.export.test_line_names import real  # noqa: F401  (the module's fixture of the real data)
from tests.export.tools.pdf_marks import page_marks
from tests.export.tools.pdf_words import page_words, turned_text

LEADER_RGB = tuple(int(LEADER_COLOUR[i:i + 2], 16) / 255 for i in (1, 3, 5))


def _pdf(fig) -> bytes:
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        pdf.savefig(fig)
    return buf.getvalue()


def _leaders(pdf: bytes) -> list:
    """The leader lines the page strokes: two-point lines of the leader colour, as thin as drawn."""
    return [s.line for s in page_marks(pdf)[0].strokes
            if len(s.line.coords) == 2 and s.width <= LEADER_PT * 1.5 and np.allclose(s.colour, LEADER_RGB, atol=0.01)]


def test_a_line_s_name_is_set_clear_of_the_leader_lines_across_it():
    """A line crossed by leader lines all along its western part: its name goes where none crosses."""
    with rendering():
        fig = Figure(figsize=(6, 3), dpi=72)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 432)
        ax.set_ylim(0, 216)                      # a data unit is a point
        line = np.array([[20.0, 100.0], [412.0, 100.0]])
        ax.plot(line[:, 0], line[:, 1], linewidth=3, color="#546e7a")
        leaders = [np.array([[x, 80.0], [x + 6.0, 124.0]]) for x in range(30, 300, 24)]
        for xy in leaders:
            ax.plot(xy[:, 0], xy[:, 1], linewidth=LEADER_PT, color=LEADER_COLOUR)
        points = page_points(ax)
        names = place_line_names(ax, [("Đường sắt thử nghiệm", Style("#546e7a", weight=4, dash="4 6"), [line])], 7.5,
                                 symbols=np.zeros((0, 4)), samples=[line_samples(ax, [line])], fixed=np.zeros((0, 4)),
                                 keep_off=line_segments([points(xy) for xy in leaders], LEADER_PT / 2))
        pdf = _pdf(fig)
    assert len(names) == 1
    page = page_words(pdf)[0]
    words = [box(x0, y0, x1, y1) for x0, y0, x1, y1, text in page.words if text in {"Đường", "sắt", "thử", "nghiệm"}]
    assert len(words) == 4                                    # the name, level, as poppler reads it
    drawn = _leaders(pdf)
    assert len(drawn) == len(leaders)
    assert not [w for w in words for leader in drawn if w.intersects(leader)]


def _atlas_page(real, orientation: str, place: str):
    """An atlas page of the real data (its figure and its PDF), as the atlas draws it."""
    import export.atlas as atlas
    frames, reports = real
    day = date(2026, 11, 27)
    scene = build_scene(frames, ExportRequest(format="atlas", orientation=orientation, as_of=day).validate(day),
                        latest_per_feature(reports, day), reports)
    recs = atlas.locations(scene)
    rec = recs[recs["name"] == place].iloc[0]
    with rendering():
        fig = atlas.atlas_page(scene, rec, 1, len(recs))
        return fig, _pdf(fig)


def _over_leaders(pdf: bytes) -> list[str]:
    """The lines' names (turned, read row by row from the PDF) that a leader line runs under."""
    leaders = _leaders(pdf)
    assert leaders
    return [t.text for t in turned_text(pdf)[0] for row in (t.rows or [t.footprint]) for leader in leaders
            if row.intersects(leader)]


real_data = pytest.mark.skipif(not (REAL / "railways.geojson").exists(), reason="data/ not present yet")


@real_data
@pytest.mark.parametrize("orientation,place", [("portrait", "Ga Hải Dương Nam (ga Gia Lộc)"),
                                               ("landscape", "Ga Hải Dương")])
def test_an_atlas_page_s_line_names_keep_off_its_ring(real, orientation, place):
    """Atlas pages 54 (portrait) and 51 (landscape): the new line's name began on the station's ring, the existing
    line's name ended on it."""
    fig, pdf = _atlas_page(real, orientation, place)
    to_pt, height = 72.0 / fig.dpi, fig.get_figheight() * 72
    ring = next(ln for ln in fig.axes[0].lines if ln.get_markeredgecolor() == RING_COLOUR)
    cx, cy = fig.axes[0].transData.transform(np.asarray(ring.get_xydata())[0]) * to_pt
    outer = (ring.get_markersize() + ring.get_markeredgewidth()) / 2
    names = turned_text(pdf)[0]
    assert names                                              # the lines are named, turned along them
    disc = Point(cx, height - cy).buffer(outer)               # the ring and what it rings, in poppler's y down
    assert not [t.text for t in names if t.footprint.intersection(disc).area > 0.5]
    assert not _over_leaders(pdf)


@real_data
@pytest.mark.parametrize("orientation,place", [
    ("landscape", "Đường vành đai 5 vùng Thủ đô — đoạn qua tỉnh Hải Dương"), ("landscape", "Thị trấn Gia Lộc"),
    ("portrait", "Khu kinh tế chuyên biệt Bình Giang – Thanh Miện"), ("portrait", "Đô thị loại V chưa xác định (2)")])
def test_no_leader_line_runs_under_a_line_s_name_on_an_atlas_page(real, orientation, place):
    """A label's leader line was drawn under the new line's name (the name is set first; the label chose a spot
    whose leader crossed it): the leader lines of the labels and of the displaced symbols keep off the names."""
    _, pdf = _atlas_page(real, orientation, place)
    assert not _over_leaders(pdf)


@real_data
@pytest.mark.parametrize("district,orientation", [("Chí Linh", "landscape"), ("Chí Linh", "portrait"),
                                                  ("Ninh Giang", "portrait")])
def test_no_leader_line_runs_under_a_line_s_name_on_a_district_print(real, district, orientation):
    from export.extent import district_extent
    from tests.export.tools.print_page import print_pdf
    frames, reports = real
    day = date(2026, 11, 27)
    extent, label = district_extent(district)
    scene = build_scene(frames, ExportRequest(format="pdf", orientation=orientation, extent=extent, extent_label=label,
                                              as_of=day).validate(day), latest_per_feature(reports, day), reports)
    _, pdf = print_pdf(scene)
    assert not _over_leaders(pdf)
