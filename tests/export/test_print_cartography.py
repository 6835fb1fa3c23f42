"""Issue 10 on the printed map, read back from the files: the title block says which data and what its positions
are worth, the places the map cannot show are named on it, colour means one thing, labels stay in the frame."""
from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_pdf import PdfPages
from PIL import Image

from core.vocab import STATUSES
from export import ExportRequest, build_scene
from export.atlas import atlas_page, locations, render_atlas
from export.data_version import data_version
from export.draw import rendering
from export.snapshot import render_snapshot, snapshot_figure
from layers.base import NEUTRAL_COLOUR
from layers.query import ViewFilter
from progress.latest import latest_per_feature

from tests.export.conftest import REAL

INDICATIVE = {"vi": "Vị trí mang tính minh hoạ, không phải ranh giới pháp lý",
              "en": "Positions are indicative, not a legal boundary"}
UPDATED = {"vi": "Dữ liệu cập nhật {updated}", "en": "Data updated {updated}"}
NOT_ON_MAP = {"vi": "Không có trên bản đồ", "en": "Not on the map"}
LINES_AND_ZONES = ViewFilter(layers=("industrial_zones", "ring_road_v", "railways"))
# status colours nothing else on the page uses ("unknown" grey is also the graticule's, "not started" the district names')
STATUS_PAINTS = {code: term.colour for code, term in STATUSES.items() if code not in ("unknown", "not_started")}


def pdftotext(data: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def words(data: bytes, page: int = 1) -> tuple[list[tuple[str, float, float, float, float]], float, float]:
    """(words with xMin, yMin, xMax, yMax in points from the top left, page width, page height) of one page."""
    html = pdftotext(data, "-bbox", "-f", str(page), "-l", str(page))
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    found = [(m.group(5), *(float(m.group(i)) for i in range(1, 5))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    return found, float(size.group(1)), float(size.group(2))


def flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- 1. title block
@pytest.mark.parametrize("lang,paper", [("vi", "A4"), ("en", "A3")])
def test_title_block_names_the_data_version_and_says_positions_are_indicative(scene_of, lang, paper):
    data = render_snapshot(scene_of(format="pdf", lang=lang, paper=paper))
    text = flat(pdftotext(data, "-layout", "-f", "1", "-l", "1"))
    version = data_version()
    assert re.fullmatch(r"[0-9a-f]{8}", version.version) and version.updated is not None
    # a committee reads a date ("Dữ liệu cập nhật 01/11/2026"); the hash is in the file's metadata only
    updated = {"vi": version.updated.strftime("%d/%m/%Y"), "en": version.updated.isoformat()}[lang]
    assert UPDATED[lang].format(updated=updated) in text and INDICATIVE[lang] in text
    assert version.version not in text
    # what the 2023 plan means today (walk 16, finding 4): the merger, the 2026 classes; the legend's class note
    assert {"vi": "nay thuộc TP Hải Phòng", "en": "part of Hải Phòng city"}[lang] in text
    assert {"vi": "Loại theo Chương trình 2023 (5 loại)", "en": "Classes of the 2023 program (5)"}[lang] in text
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert version.version in info
    found, _w, height = words(data)
    at = [y1 for word, _x0, _y0, _x1, y1 in found if word in ("cập", "updated")]
    assert at and max(at) < height * 0.18   # in the title block, above the map


def test_data_version_follows_the_content_of_the_data(tmp_path, monkeypatch):
    import shutil

    from core import plan as planmod
    folder = tmp_path / "data"
    shutil.copytree(REAL, folder, ignore=shutil.ignore_patterns("admin_2025", "base", "plan_in_force"))
    monkeypatch.setattr(planmod, "selected_dirs", lambda: (folder, folder))
    monkeypatch.setattr("export.data_version.selected_dirs", lambda: (folder, folder))
    first = data_version()
    shutil.copy(folder / "railways.geojson", tmp_path / "copy")
    shutil.copy(tmp_path / "copy", folder / "railways.geojson")   # touched, same bytes: same version
    assert data_version().version == first.version
    with (folder / "railways.geojson").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert data_version().version != first.version


def test_atlas_cover_and_pages_carry_the_data_version(scene_of):
    data = render_atlas(scene_of(format="atlas", view=ViewFilter(layers=("urban_areas",))))
    line = UPDATED["vi"].format(updated=data_version().updated.strftime("%d/%m/%Y"))
    cover, place = flat(pdftotext(data, "-f", "1", "-l", "1")), flat(pdftotext(data, "-f", "3", "-l", "3"))
    assert line in cover and INDICATIVE["vi"] in cover
    assert line in place
    # the cover says what the 2023 plan means today: the 2025 merger, the 2026 classes
    assert "nay thuộc TP Hải Phòng" in cover and "4 loại" in cover


# ---------------------------------------------------------------- 2. the places not on the map
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_map_page_names_the_filtered_places_it_cannot_show(scene_of, lang):
    data = render_snapshot(scene_of(format="pdf", lang=lang))
    page = flat(pdftotext(data, "-f", "1", "-l", "1"))
    assert f"{NOT_ON_MAP[lang]} (1" in page and "Đô thị loại V chưa xác định (1)" in page
    found, width, height = words(data)
    assert all(0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height for _w, x0, y0, x1, y1 in found)


def test_no_line_about_unplaced_places_when_the_filter_has_none(scene_of):
    page = flat(pdftotext(render_snapshot(scene_of(format="pdf", view=LINES_AND_ZONES)), "-f", "1", "-l", "1"))
    assert NOT_ON_MAP["vi"] not in page


@pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present")
@pytest.mark.parametrize("lang, unplaced", [("vi", "Đô thị loại V chưa xác định ({n})"),
                                            ("en", "Class V urban area, not identified ({n})")])
def test_real_print_map_names_both_unplaced_urban_areas(lang, unplaced):
    """In the reader's language: the English print said "Đô thị loại V chưa xác định (1)", a description (the
    data has its English), not a proper name."""
    from layers.registry import load_all
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    day = date(2026, 11, 27)
    scene = build_scene(load_all(REAL), ExportRequest(format="pdf", as_of=day, lang=lang).validate(day),
                        latest_per_feature(reports, day), reports)
    page = flat(pdftotext(render_snapshot(scene), "-f", "1", "-l", "1"))
    assert f"{NOT_ON_MAP[lang]} (2" in page
    assert unplaced.format(n=1) in page and unplaced.format(n=2) in page


# ---------------------------------------------------------------- 3. one meaning per colour
def _pixels(scene_of, **kw) -> np.ndarray:
    png = render_snapshot(scene_of(format="png", dpi=150, view=LINES_AND_ZONES, **kw))
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)


def _count(px: np.ndarray, colour: str) -> int:
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int(np.all(px == rgb, axis=1).sum())


def test_class_colouring_draws_unclassed_features_in_one_neutral_colour(scene_of):
    px = _pixels(scene_of, colour_mode="class")
    assert {code: _count(px, c) for code, c in STATUS_PAINTS.items() if _count(px, c)} == {}
    assert _count(px, NEUTRAL_COLOUR) > 500


def test_status_colouring_colours_every_feature_by_status_and_keys_it(scene_of):
    px = _pixels(scene_of, colour_mode="status")
    assert sum(_count(px, c) for c in STATUS_PAINTS.values()) > 500
    pdf = render_snapshot(scene_of(format="pdf", view=LINES_AND_ZONES, colour_mode="status"))
    assert "Tình trạng\n" in pdftotext(pdf, "-f", "1", "-l", "1")


def test_class_colouring_legend_has_no_status_key_and_its_lines_are_neutral(scene_of):
    scene = scene_of(format="pdf", view=LINES_AND_ZONES, colour_mode="class")
    assert "Tình trạng\n" not in pdftotext(render_snapshot(scene), "-f", "1", "-l", "1")
    lines = [e for _h, entries in scene.legend_sections() for e in entries if e.shape == "line"]
    assert lines and {e.style.colour for e in lines} == {NEUTRAL_COLOUR}
    assert not any("status" in e.label or "tình trạng" in e.label for e in lines)


# ---------------------------------------------------------------- 4. labels inside the map frame
def _straddling(data: bytes, ax_box_pt: tuple[float, float, float, float], near: float = 6.0) -> list[str]:
    """Words that cross the map frame or sit just outside it (closer than ``near`` points): a label set off the
    map. Coordinates (with ° or digits: the frame's tick labels) are meant to be there."""
    x0, y0, x1, y1 = ax_box_pt
    found, _w, _h = words(data)
    out = []
    for word, wx0, wy0, wx1, wy1 in found:
        if "°" in word or any(c.isdigit() for c in word):
            continue
        close = wx0 < x1 + near and wx1 > x0 - near and wy0 < y1 + near and wy1 > y0 - near
        inside = wx0 >= x0 - 0.5 and wx1 <= x1 + 0.5 and wy0 >= y0 - 0.5 and wy1 <= y1 + 0.5
        if close and not inside:
            out.append(word)
    return out


def _page_pdf(fig) -> tuple[bytes, tuple[float, float, float, float]]:
    """The figure as a one-page PDF and its map axes' box in points from the top left."""
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        pdf.savefig(fig)
    bb = fig.axes[0].get_window_extent()
    k, height = 72.0 / fig.dpi, fig.get_figheight() * 72
    return buf.getvalue(), (bb.x0 * k, height - bb.y1 * k, bb.x1 * k, height - bb.y0 * k)


@pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present")
@pytest.mark.parametrize("place", ["Khu công nghiệp Phúc Điền", "Khu công nghiệp Tân Trường"])
def test_atlas_labels_stay_inside_the_map_frame(place):
    """Portrait atlas pages 30–31 of the real data: "Xã Lương Điền" was set across the map's top edge."""
    from layers.registry import load_all
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    day = date(2026, 11, 27)
    scene = build_scene(load_all(REAL), ExportRequest(format="atlas", orientation="portrait", as_of=day).validate(day),
                        latest_per_feature(reports, day), reports)
    recs = locations(scene)
    rec = recs[recs["name"] == place].iloc[0]
    with rendering():
        fig = atlas_page(scene, rec, 30, 59)
        data, box = _page_pdf(fig)
        bb, k, height = fig.axes[1].get_window_extent(), 72.0 / fig.dpi, fig.get_figheight() * 72  # the locator
    assert "Xã Lương Điền" in flat(pdftotext(data))
    assert _straddling(data, box) == []
    # its symbol lies under the locator inset: the label is set beside the inset (leader line), not hidden under it
    lx0, ly0, lx1, ly1 = bb.x0 * k, height - bb.y1 * k, bb.x1 * k, height - bb.y0 * k
    found, _w, _h = words(data)
    assert [wd for wd, x0, y0, x1, y1 in found if x0 < lx1 and x1 > lx0 and y0 < ly1 and y1 > ly0] == []


def test_print_map_labels_stay_inside_the_map_frame(scene_of):
    scene = scene_of(format="pdf", paper="A4")
    with rendering():
        data, box = _page_pdf(snapshot_figure(scene, None))
    assert _straddling(data, box) == []

# District names clear of the symbols as drawn (displaced, full size): tests/export/test_print_labels.py


@pytest.mark.parametrize("lang, expected", [
    ("vi", "Dữ liệu cập nhật {vi} · báo cáo mới nhất 27/11/2026 · Vị trí"),
    ("en", "Data updated {en} · latest report 2026-11-27 · Positions"),
])
def test_the_data_line_dates_the_progress_reports_it_includes(frames, history, lang, expected):
    """An export made after today's reports said "Dữ liệu: bản …, sự kiện mới nhất 01/11/2026" — the plan data's
    newest fact, not the store's: beside "tính đến ngày 02/12/2026" it read as if today's reports were left out."""
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY

    today = pd.DataFrame([("ua-luong-dien", "in_progress", 45.0, TODAY, "UBND xã Lương Điền", "tran.thi.b", "Hôm nay")],
                         columns=["feature_id", "status", "progress_pct", "as_of", "unit", "reported_by", "note"])
    reports = pd.concat([history, today.assign(report_id=len(history) + 1)], ignore_index=True)
    request = ExportRequest(format="pdf", lang=lang, as_of=TODAY).validate(TODAY)
    scene = build_scene(frames, request, latest_per_feature(reports, TODAY), reports, made_on=TODAY)
    text = flat(pdftotext(render_snapshot(scene), "-layout", "-f", "1", "-l", "1"))
    updated = data_version().updated
    assert expected.format(vi=updated.strftime("%d/%m/%Y"), en=updated.isoformat()) in text, text[:600]
    assert "Tính đến ngày 27/11/2026" in text or "As of 2026-11-27" in text  # the as-of date, the line above
    assert "sự kiện mới nhất" not in text and "newest fact" not in text


def test_the_data_line_of_an_earlier_day_dates_the_newest_report_of_that_day(scene_of):
    """As of an earlier day, the newest report counted is that day's newest, not the store's — and a unit's, not
    the seed's first status of 26/10/2019, dated by its source (walk 16, finding 5)."""
    line = scene_of(format="pdf", as_of=date(2025, 11, 27)).data_line()
    assert "báo cáo mới nhất 30/06/2018" in line, line


def test_the_data_line_counts_no_seed_row_as_a_report(frames, history):
    from tests.export.conftest import TODAY

    request = ExportRequest(format="pdf", as_of=TODAY).validate(TODAY)
    line = build_scene(frames, request, None, history[history["reported_by"] == "seed"], made_on=TODAY).data_line()
    assert " · chưa có báo cáo · " in line, line


def test_the_data_line_says_when_no_report_is_counted(frames, history):
    from tests.export.conftest import TODAY

    request = ExportRequest(format="pdf", lang="en", as_of=TODAY).validate(TODAY)
    line = build_scene(frames, request, None, history.iloc[0:0], made_on=TODAY).data_line()
    assert " · no report yet · " in line, line
