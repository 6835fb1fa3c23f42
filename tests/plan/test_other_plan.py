"""Another program, no code change: the made-up Hồ Xanh plan folder through the map, the store and every export.

Each format is read back the way its users read it (poppler, GDAL, LibreOffice's formats through their Python
readers, a parser for SVG/HTML), and must show Hồ Xanh's layers and none of Hải Dương's.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import numpy as np
import pytest
from openpyxl import load_workbook
from PIL import Image

from core.errors import DataError
from progress import auth, seed as seeding
from tests.plan.conftest import REPO, without_layer

DAY = date(2025, 6, 1)
WELLS = {"well-cay-da": "Giếng Cây Đa", "well-bai-soi": "Giếng Bãi Sỏi"}
CANALS = {"canal-chinh": "Kênh Chính Hồ Xanh", "canal-nhanh": "Kênh Nhánh Đồng Lúa"}
HAI_DUONG_WORDS = ("Hải Dương", "Đô thị", "Đường sắt", "Khu công nghiệp")


def _frames(lang="vi", state=None):
    from layers.registry import apply_status, decorate, load_all

    return {k: decorate(apply_status(f, state), lang) for k, f in load_all().items()}


def _js(text: str) -> str:
    """``text`` as folium writes it inside the page's JSON (non-ASCII escaped)."""
    return json.dumps(text)[1:-1]


@pytest.fixture
def store(ho_xanh, tmp_path):
    from layers.registry import feature_refs
    from progress import ProgressStore

    s = ProgressStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    s.migrate()
    seeding.ensure_seeded(s, feature_refs(), ho_xanh / "progress.csv")
    yield s
    s.dispose()


def test_the_registry_and_every_module_that_imported_it_show_the_other_plan(ho_xanh):
    import export.request
    import ui.url_state
    from core import vocab
    from core.i18n import t
    from layers import registry
    from layers.query import ViewFilter

    assert registry.LAYER_IDS == ("canals", "wells")  # by draw order
    assert export.request.LAYER_IDS == ("canals", "wells") and ui.url_state.LAYER_IDS == ("canals", "wells")
    assert ViewFilter().layers == ("canals", "wells") and ViewFilter().classes == ("large", "small")
    assert vocab.PROVINCE_BOUNDS == (104.9, 18.9, 105.3, 19.3) and vocab.REPORT_DEADLINE_MONTH_DAY == (6, 30)
    assert t("app_title", "en") == "Hồ Xanh district plan map" and t("urban_class") == "Cỡ giếng"
    wells = registry.get_layer("wells")
    assert wells.title("en") == "Water wells" and wells.css_class == "pm-well"


def test_the_map_draws_the_plan_layers_styled_by_its_vocabulary(ho_xanh):
    from mapview.build import MapOptions, build_map

    html = build_map(_frames(), MapOptions(basemap=False)).get_root().render()
    classes = {c for names in re.findall(r'"className": "([a-z -]+)"', html) for c in names.split()}
    assert {"pm-well", "pm-canal"} <= classes
    assert _js("Giếng nước") in html and _js("Kênh tưới") in html and _js("Giếng lớn") in html
    assert '"fillColor": "#0d47a1"' in html            # a large well in its class colour
    assert '"dashArray": "8 5"' in html                # the indicative canal
    assert not any(_js(word) in html for word in HAI_DUONG_WORDS)
    # The first view fits the plan's extent, not Hải Dương's.
    assert "[18.95, 104.95], [19.25, 105.25]" in html


def test_the_store_knows_the_plan_features_only(ho_xanh, store):
    from layers.registry import feature_refs
    from progress import ReportIn
    from progress.rules import report_cycle

    refs = feature_refs()
    assert set(refs) == set(WELLS) | set(CANALS) and refs["well-cay-da"].layer == "wells"
    admin = auth.create_user(store, "quan-tri", "mat-khau-rat-dai-1", "admin", "*")
    store.add_report(ReportIn("canal-nhanh", "preparing", 5, as_of=DAY), admin, refs)
    state = store.state_as_of(DAY).set_index("feature_id")
    assert state.loc["well-cay-da", "status"] == "completed"      # seeded from the plan's progress.csv
    assert state.loc["canal-nhanh", "status"] == "preparing"
    assert store.state_as_of(date(2025, 3, 31)).set_index("feature_id").index.tolist() == ["well-cay-da"]
    with pytest.raises(DataError) as refused:
        store.add_report(ReportIn("ua-hai-duong", "completed", 100, as_of=DAY), admin, refs)
    assert "ua-hai-duong" in refused.value.vi and "ua-hai-duong" in refused.value.en
    assert report_cycle(date(2025, 7, 1)) == (date(2025, 6, 30), date(2026, 6, 30))  # the plan's own deadline


@pytest.fixture
def exported(ho_xanh, store, tmp_path):
    """export(format, **request) → the file's path, exported from the Hồ Xanh plan with the store's status."""
    from export import ExportRequest
    from export.run import run_export
    from layers.registry import load_all

    def export(fmt: str, **kw):
        request = ExportRequest(format=fmt, as_of=DAY, dpi=kw.pop("dpi", 150), **kw)
        result = run_export(request, load_all(), store.state_as_of(DAY), store.audit_trail(), today=date(2025, 6, 2))
        path = tmp_path / result.filename
        path.write_bytes(result.data)
        return path
    return export


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _near(img: np.ndarray, hex_colour: str, tolerance: int = 40) -> int:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(img[..., :3].astype(int) - rgb).sum(axis=2) < tolerance).sum())


@pytest.mark.parametrize("fmt, words", [
    ("pdf", ["Bản đồ kế hoạch huyện Hồ Xanh", "Lớp: Kênh tưới, Giếng nước", "Giếng lớn", "Giếng Cây Đa"]),
    ("atlas", ["Tập bản đồ tiến độ — Bản đồ kế hoạch huyện Hồ Xanh", "Kênh Chính Hồ Xanh", "Giếng Bãi Sỏi",
               "Đang triển khai / thi công", "Cỡ giếng"]),
])
def test_pdf_exports_name_the_plan_and_its_features(exported, fmt, words):
    path = exported(fmt)
    assert "ho-xanh" in path.name and "hai-duong" not in path.name
    text = _pdf_text(path)
    assert [word for word in words if word not in text] == []
    assert not any(word in text for word in HAI_DUONG_WORDS)


def test_png_shows_the_wells_in_their_class_colours_and_the_canal_in_its_status(exported):
    path = exported("png")
    img = np.asarray(Image.open(path).convert("RGB"))
    assert _near(img, "#0d47a1") > 30        # the large well (class colour)
    assert _near(img, "#4fc3f7") > 10        # the small well
    # coloured by class, the canal (no class) is neutral: colour tells one thing on paper (issue 10) ...
    assert _near(img, "#fb8c00", tolerance=12) == 0
    by_status = np.asarray(Image.open(exported("png", colour_mode="status")).convert("RGB"))
    assert _near(by_status, "#fb8c00") > 30  # ... coloured by status, the main canal is in progress (status colour)


def test_svg_keeps_the_plan_words_as_text(exported):
    root = ET.fromstring(exported("svg").read_bytes())
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    assert "Bản đồ kế hoạch huyện Hồ Xanh" in texts and "Giếng Cây Đa" in texts
    assert not any(word in texts for word in HAI_DUONG_WORDS)


def test_slides_list_the_plan_layers(exported):
    from pptx import Presentation

    deck = Presentation(str(exported("pptx")))
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert "Giếng nước" in text and "Kênh tưới" in text
    assert not any(word in text for word in HAI_DUONG_WORDS)


def test_html_page_carries_the_plan(exported):
    page = exported("html").read_text(encoding="utf-8")
    assert "<title>Bản đồ kế hoạch huyện Hồ Xanh" in page
    assert "Giếng Cây Đa" in page or _js("Giếng Cây Đa") in page
    assert not any(word in page or _js(word) in page for word in HAI_DUONG_WORDS)


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_gdal_reads_every_feature_of_the_plan(exported, fmt):
    path = exported(fmt)
    info = subprocess.run(["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True).stdout
    full = subprocess.run(["ogrinfo", "-ro", "-al", str(path)], capture_output=True, text=True, check=True).stdout
    # Per layer: its name, then its count; QGIS's own ``layer_styles`` table (export.qgis_style) holds no feature.
    names = [line.split(":")[1].strip() for line in info.splitlines() if line.startswith("Layer name")]
    counts = [int(line.split(":")[1]) for line in info.splitlines() if line.startswith("Feature Count")]
    counts = [n for name, n in zip(names, counts) if name != "layer_styles"] if names else counts
    assert sum(counts) == 4
    assert all(name in full for name in {**WELLS, **CANALS}.values())
    if fmt == "gpkg":
        assert {"wells", "canals"} <= {line.split(":")[1].strip() for line in info.splitlines()
                                      if line.startswith("Layer name")}


def test_tables_list_the_plan_features_with_their_class_words(exported):
    rows = list(csv.reader(io.StringIO(exported("csv").read_bytes().decode("utf-8-sig"))))
    assert "Cỡ giếng" in rows[0]
    names = {row[1] for row in rows[1:]}
    assert names == set(WELLS.values()) | set(CANALS.values())
    assert any("Giếng lớn" in row for row in rows)
    sheet = load_workbook(exported("xlsx"), read_only=True).worksheets[0]
    cells = {str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None}
    assert set(WELLS.values()) | set(CANALS.values()) | {"Giếng lớn", "Cỡ giếng"} <= cells


def test_removing_a_layer_table_removes_the_layer_everywhere(ho_xanh, use_plan, store, exported, tmp_path):
    from export import ExportError, ExportRequest
    from layers import registry
    from layers.query import ViewFilter
    from layers.registry import feature_refs
    from mapview.build import MapOptions, build_map
    from progress import ReportIn

    without_layer(ho_xanh, "canals")
    use_plan(ho_xanh)
    assert registry.LAYER_IDS == ("wells",)
    assert set(feature_refs()) == set(WELLS)
    admin = auth.create_user(store, "quan-tri", "mat-khau-rat-dai-1", "admin", "*")
    with pytest.raises(DataError):  # the store takes no new report on a feature of a removed layer
        store.add_report(ReportIn("canal-nhanh", "preparing", 5, as_of=DAY), admin, feature_refs())
    assert "canal-chinh" in set(store.audit_trail()["feature_id"])  # ... and loses none it has
    html = build_map(_frames(), MapOptions(basemap=False)).get_root().render()
    assert "pm-canal" not in html and _js("Kênh tưới") not in html and "pm-well" in html
    path = exported("geojson")
    names = {f["properties"]["name"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    assert names == set(WELLS.values())
    assert "Kênh" not in _pdf_text(exported("pdf"))
    with pytest.raises(ExportError) as refused:
        ExportRequest(format="csv", view=ViewFilter(layers=("canals",))).validate()
    assert "canals" in refused.value.vi and "No such map layer" in refused.value.en


def test_the_command_line_takes_the_plan_from_the_environment(tmp_path):
    """Per process: ``PLANMAP_PLAN_DIR`` alone selects the plan for ``python -m export``."""
    out = tmp_path / "wells.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANMAP_")}
    env.update(PLANMAP_PLAN_DIR=str(REPO / "tests" / "fixtures" / "plan_ho_xanh"), PLANMAP_OFFLINE="1",
               PLANMAP_DB_URL=f"sqlite:///{tmp_path / 'cli.sqlite'}")
    done = subprocess.run([sys.executable, "-m", "export", "--format", "csv", "--out", str(out), "--as-of", "2025-06-01"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = out.read_bytes().decode("utf-8-sig")
    assert "Giếng Cây Đa" in text and "Hoàn thành" in text and "Kênh Chính Hồ Xanh" in text
    assert not any(word in text for word in HAI_DUONG_WORDS)


def test_every_format_exports_the_other_plan(exported):
    """Adding a format is adding a record: each one runs on another plan with no code change."""
    import zipfile

    from export.formats import FORMATS

    for name, record in FORMATS.items():
        path = exported(name)
        assert path.suffix == f".{record.extension}" and path.stat().st_size > 200, name
        if name == "qgz":  # the QGIS project carries the plan's own layers and its GeoPackage
            with zipfile.ZipFile(path) as archive:
                project = next(n for n in archive.namelist() if n.endswith(".qgs"))
                xml = archive.read(project).decode("utf-8")
                assert any(n.endswith(".gpkg") for n in archive.namelist())
            assert "Giếng nước" in xml and "Kênh tưới" in xml and "urban_areas" not in xml
