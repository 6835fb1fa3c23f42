"""Labels of the real print map as drawn: district names clear of every symbol where it is drawn, place labels
beside their own symbol where places share a point.

Read from the figure's artists after drawing, in display pixels: the symbols as drawn (after the spreading of
places that share a point), their leader lines, the place labels and the district names.
"""
from __future__ import annotations

import io
import subprocess
from datetime import date

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Polygon, RegularPolygon
from matplotlib.text import Annotation, Text

from export import ExportRequest, build_scene
from export.base_layer import LABEL_COLOUR
from export.draw import rendering
from export.groups import ArtistGroup
from export.snapshot import snapshot_figure
from progress.latest import latest_per_feature

from tests.export.conftest import REAL

real_data = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present")


class Page:
    """One drawn print map: its symbols, leader lines, place labels and district names (display pixels), and
    the words of its PDF."""

    def __init__(self, fig) -> None:
        buf = io.BytesIO()
        with PdfPages(buf) as pdf:
            pdf.savefig(fig)
        self.words = " ".join(subprocess.run(["pdftotext", "-", "-"], input=buf.getvalue(), capture_output=True,
                                             check=True).stdout.decode().split())
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        self.ax = ax = fig.axes[0]
        groups = [g for g in ax.get_children() if isinstance(g, ArtistGroup)]
        points = [c for g in groups if g.get_gid().endswith("-points") for c in g.children]
        self.symbols = [p for p in points if isinstance(p, (Circle, Polygon, RegularPolygon))]
        self.leaders = [ln for ln in points if isinstance(ln, Line2D) and len(ln.get_xdata()) == 2]
        self.lines = [ln for g in groups if g.get_gid().endswith("-lines") for ln in g.children
                      if isinstance(ln, Line2D)]   # the rail, Ring Road V
        base = next(g for g in groups if g.get_gid() == "base-geography")
        self.districts = {t.get_text(): t.get_window_extent(renderer) for t in base.children
                          if hasattr(t, "get_text") and t.get_color() == LABEL_COLOUR}
        self.labels = [a for a in ax.texts if isinstance(a, Annotation) and a.get_color() != "white"]
        self.label_boxes = {a.get_text(): Text.get_window_extent(a, renderer) for a in self.labels}  # text only
        self.label_leaders = [a.arrow_patch for a in self.labels if a.arrow_patch is not None]
        self.frame = ax.get_window_extent(renderer)
        self.px_per_pt = fig.dpi / 72.0

    def centre(self, patch) -> np.ndarray:
        """A symbol's drawn centre (display)."""
        if isinstance(patch, Circle):
            xy = patch.center
        elif isinstance(patch, RegularPolygon):
            xy = patch.xy
        else:
            xy = np.asarray(patch.get_xy())[:4].mean(axis=0)
        return self.ax.transData.transform(xy)

    def touches_symbol(self, box, patch) -> bool:
        """Whether the box meets the symbol's drawn shape, outline included."""
        pad = patch.get_linewidth() * self.px_per_pt / 2
        path = patch.get_path().transformed(patch.get_transform())
        return path.intersects_bbox(box.expanded(1, 1).padded(pad), filled=True)

    def touches_line(self, box, line) -> bool:
        path = line.get_path().transformed(line.get_transform())
        return path.intersects_bbox(box.padded(line.get_linewidth() * self.px_per_pt / 2), filled=False)

    def gap(self, box, patch) -> float:
        """Distance from the box to the symbol's drawn edge (display pixels, 0 when they meet)."""
        extent = patch.get_window_extent()
        if isinstance(patch, Polygon):  # a square: box to box
            dx = max(0.0, extent.x0 - box.x1, box.x0 - extent.x1)
            dy = max(0.0, extent.y0 - box.y1, box.y0 - extent.y1)
            return float(np.hypot(dx, dy))
        cx, cy = self.centre(patch)
        nx, ny = np.clip(cx, box.x0, box.x1), np.clip(cy, box.y0, box.y1)
        return max(0.0, float(np.hypot(cx - nx, cy - ny)) - extent.width / 2)


def real_page(fmt: str = "png", paper: str = "A4", orientation: str = "landscape") -> Page:
    from layers.registry import load_all
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    day = date(2026, 11, 27)
    request = ExportRequest(format=fmt, paper=paper, orientation=orientation, as_of=day).validate(day)
    scene = build_scene(load_all(REAL), request, latest_per_feature(reports, day), reports)
    with rendering():
        page = Page(snapshot_figure(scene, None))
    page.numbered = [name for _, name in scene.map_drawn.labels.numbered]
    return page


@real_data
@pytest.mark.parametrize("fmt,paper", [("png", "A4"), ("pdf", "A4"), ("pdf", "A3")])
def test_district_names_keep_clear_of_every_drawn_symbol_leader_label_and_the_frame(fmt, paper):
    """"Hải Dương" sat under the class I city's disc: the names avoided the places' true positions, while the
    disc is drawn spread off the point it shares with the station, and bigger than the check assumed. Then it sat
    on the railway: the names keep off the drawn lines too."""
    page = real_page(fmt, paper)
    assert len(page.lines) >= 2
    named = {"Hải Dương", "Chí Linh", "Nam Sách", "Cẩm Giàng", "Bình Giang"}
    assert named <= set(page.districts) and all(name in page.words for name in named)
    for name, box in page.districts.items():
        assert page.frame.x0 <= box.x0 and box.x1 <= page.frame.x1, name
        assert page.frame.y0 <= box.y0 and box.y1 <= page.frame.y1, name
        under = [s for s in page.symbols if page.touches_symbol(box, s)]
        assert not under, (name, [page.centre(s).round() for s in under])
        assert not [ln for ln in page.leaders if page.touches_line(box, ln)], name
        assert not [ln for ln in page.lines if page.touches_line(box, ln)], name   # nor the rail, the ring road
        assert not [t for t, b in page.label_boxes.items() if b.overlaps(box)], name
        assert not [a for a in page.label_leaders if a.get_path().intersects_bbox(box, filled=False)], name
        assert not [n for n, b in page.districts.items() if n != name and b.overlaps(box)], name


@real_data
def test_labels_of_places_sharing_a_point_sit_beside_their_own_symbol():
    """Phú Thái's town, zone and station share one point: they are drawn spread round it, each with a leader
    line to it, and each name is nearer its own symbol than any other (the town's name was set beside the
    station's diamond, a long leader line back to its own disc)."""
    page = real_page()
    spread = [ln for ln in page.leaders if not np.allclose(*np.asarray(ln.get_xydata()))]
    assert len(spread) >= 8                                   # the shared points' symbols, each with its leader
    ends = [page.ax.transData.transform(np.asarray(ln.get_xydata())[1]) for ln in spread]
    checked = [_beside_own_symbol(page, label) for label in page.labels
               if any(np.hypot(*(page.ax.transData.transform(label.xy) - end)) < 0.5 for end in ends)]
    assert {"Ga Phú Thái", "Thị trấn Tứ Kỳ", "Ga Tứ Kỳ", "Thành phố Hải Dương"} <= set(checked)
    # Thị trấn Phú Thái's room beside its disc is where the Hà Nội – Hải Phòng railway's name goes (that line's one
    # stretch clear of every symbol); it was numbered, its name in the key: it is named on the map, on two rows
    # between the railway's name and the labels to its west, nearer its own disc than any other symbol
    assert "Thị trấn Phú Thái" in checked and "Thị trấn Phú Thái" not in page.numbered


def _beside_own_symbol(page: Page, label, margin: float = 0.0) -> str:
    """A label (its text, rows joined), checked to lie nearer its own symbol than any other (by ``margin``, display
    pixels)."""
    anchor = page.ax.transData.transform(label.xy)
    own = next(s for s in page.symbols if np.hypot(*(page.centre(s) - anchor)) < 0.5)
    box = page.label_boxes[label.get_text()]
    others = {round(page.gap(box, s), 1): s for s in page.symbols if s is not own}
    nearest = min(others)
    # nearer its own symbol; where symbols crowd, a leader line may tie it to its own from a spot as near
    # (2 pt to spare) another — never one beside another symbol (the leader line is thin, the text is not)
    spare = 2 * page.px_per_pt if label.arrow_patch is not None and not margin else 0.0
    assert page.gap(box, own) + margin < nearest + spare, (
        label.get_text(), page.gap(box, own), nearest, page.centre(others[nearest]).round())
    return " ".join(label.get_text().split())


@real_data
@pytest.mark.parametrize("paper,orientation", [("A4", "portrait"), ("A3", "landscape")])
def test_a_place_with_no_room_is_named_beside_its_own_symbol_or_numbered(paper, orientation):
    """A place with no room at its ring's spots tries spots slid along its symbol's sides and its name on two rows
    before it is numbered, and takes one only plainly nearer its own symbol than any other, as drawn: on the A4
    portrait print Thị trấn Phú Thái's one spot free of labels lay over Xã Cộng Hòa's disc, corner to corner with
    its own, and read as Cộng Hòa's, and on A3 'Khu công nghiệp / Gia Lộc III', drawn narrower than measured, came
    nearer another zone than its own. Where no spot is plainly its own (Phú Thái on A4 portrait: Thành phố Hải
    Dương's label, Cộng Hòa's disc and the railway's name round it) the place is numbered."""
    page = real_page("pdf", paper, orientation)
    two_rows = [label for label in page.labels if "\n" in label.get_text()]
    for label in two_rows:
        _beside_own_symbol(page, label, margin=page.px_per_pt)
    named = {" ".join(label.get_text().split()) for label in page.labels}
    assert not named & set(page.numbered)
    assert "Thị trấn Phú Thái" in named | set(page.numbered)
    if paper == "A3":
        assert "Thị trấn Phú Thái" in named and two_rows   # 'Khu công nghiệp / Hưng Đạo' (numbered before)


def real_slide_maps(only: tuple[str | None, ...] = (None,)) -> list[Page]:
    """The slides' map pictures of the real data (the whole province, or one layer's map), as drawn."""
    import export.slides as slides
    from layers.registry import load_all
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    day = date(2026, 11, 27)
    scene = build_scene(load_all(REAL), ExportRequest(format="pptx", as_of=day).validate(day),
                        latest_per_feature(reports, day), reports)
    pages = []
    real_png = slides.png_bytes

    def keep(fig, *args, **kw):
        pages.append(Page(fig))
        return real_png(fig, *args, **kw)
    try:
        slides.png_bytes = keep
        for layers in only:
            slides.map_picture(scene, None if layers is None else [layers], None)
    finally:
        slides.png_bytes = real_png
    return pages


@real_data
def test_district_names_on_the_slides_keep_clear_of_the_place_symbols_and_labels():
    """The slides' maps named the districts at their own points, under the place symbols (on the province slide
    "Hải Dương" sat on the city's disc, on the zones' slide "Nam Sách" on a faint town): they now give way to
    every symbol where it is drawn (the other layers' faint ones too), its leader line, the place labels and each
    other, as on the print map (export.draw.draw_map)."""
    checked = 0
    for page in real_slide_maps((None, "urban_areas", "industrial_zones")):
        assert len(page.districts) >= 8
        for name, box in page.districts.items():   # the other layers' faint symbols too
            under = [s for s in page.symbols if page.touches_symbol(box, s)]
            assert not under, (name, [page.centre(s).round() for s in under])
            assert not [ln for ln in page.leaders if page.touches_line(box, ln)], name
            assert not [t for t, b in page.label_boxes.items() if b.overlaps(box)], name
            assert not [n for n, b in page.districts.items() if n != name and b.overlaps(box)], name
            checked += 1
    assert checked >= 24
