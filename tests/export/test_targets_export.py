"""The 2030 targets in the exports (issue 13): a slide LibreOffice reads, a page of the atlas poppler reads,
and the legal basis of each urban area in the data files GDAL and Excel users open."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date

import pytest
from pptx import Presentation

from export.atlas import render_atlas
from export.data import render_data
from export.slides import render_slides
from export.targets import states_for
from progress import ProgressStore, auth
from progress import indicators as ind
from progress.targets import load_targets
from tests.export.conftest import REAL, TODAY

TARGETS = load_targets()


@pytest.fixture
def no_store(monkeypatch, tmp_path):
    """No PLANMAP_DB_URL and no default database: the exports read the public first figures alone."""
    monkeypatch.delenv("PLANMAP_DB_URL", raising=False)
    monkeypatch.setattr("export.targets.DEFAULT_SQLITE", tmp_path / "absent.sqlite")


@pytest.fixture
def store_url(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'planmap.sqlite'}"
    monkeypatch.setenv("PLANMAP_DB_URL", url)
    store = ProgressStore(url)
    store.migrate()
    admin = auth.create_user(store, "quan-tri", "mat-khau-rat-dai-1", "admin", "*")
    for year, value in ((2023, 40.0), (2024, 45.0)):
        ind.add_indicator_report(store, ind.IndicatorIn("urbanisation", year, value, as_of=date(2025, 1, 10)),
                                 admin, TARGETS)
    store.dispose()
    return url


def _slide_text(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += ["\t".join(c.text for c in row.cells) for row in shape.table.rows]
    return "\n".join(out)


def test_the_deck_ends_with_one_targets_slide_from_the_store(scene_of, store_url, tmp_path):
    from export.slides import appendix_chunks
    scene = scene_of(format="pptx")
    data = render_slides(scene, fetcher=None)
    prs = Presentation(io.BytesIO(data))
    appendix = len(appendix_chunks(scene))  # the sources in full close the deck, after the targets
    number = len(prs.slides) - appendix  # the targets slide's number (1-based)
    targets_slide = prs.slides[number - 1]
    assert all("Nguồn dữ liệu — danh mục đầy đủ" in _slide_text(s) for s in list(prs.slides)[number:])
    text = _slide_text(targets_slide)
    assert "Chỉ tiêu đến năm 2030 của Chương trình (§II.2)" in text
    assert "Tỷ lệ đô thị hóa\t> 60 %\t45 %\t2024\tĐúng hướng" in text  # a unit's figures, judged by the trend
    assert "Tăng trưởng GRDP bình quân\t> 9 %/năm\t10,2 %/năm (ước)\t2024\tĐúng hướng" in text
    assert "Số liệu: kho báo cáo" in text
    tables = [s.table for s in targets_slide.shapes if s.has_table]
    assert len(tables) == 1 and len(tables[0].rows) == len(TARGETS) + 1
    assert sum("Chỉ tiêu đến năm 2030" in _slide_text(s) for s in prs.slides) == 1
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    src = tmp_path / "deck.pptx"
    src.write_bytes(data)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "deck.pdf"
    last = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Chỉ tiêu đến năm 2030" in last and "Tăng trưởng GRDP bình quân" in last and "Đúng hướng" in last
    subprocess.run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", "60", "-png",
                    str(pdf), str(tmp_path / "slide")], check=True)


def test_the_atlas_ends_with_the_targets_page_in_english(scene_of, no_store, tmp_path):
    data = render_atlas(scene_of(format="atlas", lang="en"))
    path = tmp_path / "atlas.pdf"
    path.write_bytes(data)
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(path)], capture_output=True,
                                                                     text=True).stdout.splitlines()
                     if line.startswith("Pages:")))
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "The program's 2030 targets (§II.2)" in last
    assert "Average GRDP growth" in last and "10.2 %/year (estimate)" in last and "On track" in last
    assert "Urbanisation rate" in last and "Unknown" in last  # no public figure: it stays unknown
    assert "public first figures only" in last


def test_without_a_store_the_public_figures_are_used_and_said(scene_of, no_store):
    states, origin = states_for(scene_of(format="pptx"))
    assert "chỉ số liệu công khai ban đầu" in origin
    by_id = {s.target.id: s for s in states}
    assert by_id["grdp_growth"].assessment.latest_value == 10.2 and by_id["urbanisation"].assessment.verdict == "unknown"


@pytest.fixture
def real_scene(no_store):
    from export import ExportRequest, build_scene
    from layers.registry import load_all

    def make(**kw):
        return build_scene(load_all(REAL), ExportRequest(as_of=TODAY, **kw).validate(TODAY), None, None, made_on=TODAY)
    return make


def test_data_exports_carry_the_legal_basis_of_each_urban_area(real_scene, tmp_path):
    doc = json.loads(render_data(real_scene(format="geojson")))
    props = {f["id"]: f["properties"] for f in doc["features"]}
    kinh_mon = props["ua-kinh-mon"]
    assert (kinh_mon["in_provincial_plan"], kinh_mon["class_provincial_plan"], kinh_mon["class_2026"]) == ("yes", "III", "II")
    assert "suy ra" in kinh_mon["class_2026_label"]  # always labelled as derived
    assert props["ua-luong-dien"]["in_provincial_plan"] == "unknown"
    gpkg = tmp_path / "plan.gpkg"
    gpkg.write_bytes(render_data(real_scene(format="gpkg")))
    info = subprocess.run(["ogrinfo", "-ro", "-al", "-where", "id = 'ua-kinh-mon'", str(gpkg)], check=True,
                          capture_output=True, text=True).stdout
    assert "in_provincial_plan (String) = yes" in info and "class_2026 (String) = II" in info
    rows = list(csv.DictReader(io.StringIO(render_data(real_scene(format="csv", lang="en")).decode("utf-8-sig"))))
    row = next(r for r in rows if r["ID"] == "ua-kinh-mon")
    assert row["Provincial plan (QĐ 1639/QĐ-TTg)"] == "In the provincial plan"
    assert row["Urban class since 1 Jan 2026"].startswith("Class II") or "II" in row["Urban class since 1 Jan 2026"]
