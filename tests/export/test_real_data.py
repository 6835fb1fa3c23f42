"""The exports of the real data/ (skipped until the data files are there)."""
from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pyogrio
import pytest
from pptx import Presentation

from export import ExportRequest, build_scene
from export.run import render
from layers.query import ViewFilter
from progress.latest import latest_per_feature

from tests.export.conftest import REAL, pdf_text
from tests.export.tools.pdf_marks import page_marks, symbol_clashes
from tests.export.tools.pdf_words import page_words, turned_clashes, turned_text

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present yet")


@pytest.fixture(scope="module")
def real():
    from layers.registry import load_all
    frames = load_all(REAL)
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    return frames, reports


def _scene(real, **kw):
    frames, reports = real
    day = kw.setdefault("as_of", date.today())
    return build_scene(frames, ExportRequest(**kw).validate(), latest_per_feature(reports, day), reports)


def test_pdf_snapshot_of_the_province(real):
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = render(_scene(real, format="pdf"))
    assert not [w for w in caught if "glyph" in str(w.message).lower()]
    text = pdf_text(data)
    assert len(text) >= 2 and "Nguồn dữ liệu — danh mục đầy đủ" in text[1]   # the map, then the sources
    for name in ("Thành phố Hải Dương", "Xã Lương Điền", "Thành phố Chí Linh", "Xã Đồng Cẩm", "Hải Dương 2030"):
        assert name in text[0], name


def test_atlas_has_the_24_urban_areas(real):
    scene = _scene(real, format="atlas", orientation="portrait", view=ViewFilter(layers=("urban_areas",)))
    pages = pdf_text(render(scene))[2:]   # after the cover and the index
    names = list(scene.frames["urban_areas"]["name"])
    assert len(pages) - 1 == len(names) == 24  # + the 2030 targets page
    pages = pages[:-1]
    for name, page in zip(names, pages):
        assert name in page
    unplaced = [p for p in pages if "Chưa xác định vị trí trên bản đồ" in p]
    assert len(unplaced) == int(scene.frames["urban_areas"].geometry.isna().sum())


def test_slides_tables_split_and_match_the_features(real):
    from export.slides import ROWS_PER_SLIDE
    scene = _scene(real, format="pptx")
    prs = Presentation(io.BytesIO(render(scene)))
    # the feature tables: the slides before the 2030 targets (tests/export/test_targets_export.py), which come
    # just before the appendix of sources
    from export.slides import appendix_chunks
    targets = len(prs.slides) - 1 - len(appendix_chunks(scene))
    tables = [s.table for slide in list(prs.slides)[:targets] for s in slide.shapes if s.has_table]
    rows = [tables[i].cell(r, 1).text for i in range(len(tables)) for r in range(1, len(tables[i].rows))]
    expected = [n for f in scene.frames.values() for n in f["name"]]
    assert rows == expected
    assert all(len(t.rows) - 1 <= ROWS_PER_SLIDE for t in tables)
    # cut every ROWS_PER_SLIDE rows, or sooner where long rows (units listing many communes) fill the slide
    from export.slides import table_chunks
    assert len(tables) == sum(len(table_chunks(scene, k)) for k, f in scene.frames.items() if len(f))
    assert len(tables) >= sum(-(-len(f) // ROWS_PER_SLIDE) for f in scene.frames.values())


def test_geopackage_of_every_layer(real, tmp_path):
    frames, _ = real
    path = tmp_path / "all.gpkg"
    path.write_bytes(render(_scene(real, format="gpkg")))
    tables = [name for name, _ in pyogrio.list_layers(path) if name != "layer_styles"]
    for layer_id, frame in frames.items():  # each layer whole, split by geometry type where it has several
        parts = [t for t in tables if t == layer_id or t.startswith(layer_id + "_")]
        infos = [pyogrio.read_info(path, layer=t) for t in parts]
        assert sum(i["features"] for i in infos) == len(frame)
        assert all(i["crs"] == "EPSG:4326" and i["geometry_type"] != "Unknown" for i in infos)


def test_geojson_status_matches_the_seed(real):
    doc = json.loads(render(_scene(real, format="geojson")))
    by_id = {f["id"]: f["properties"] for f in doc["features"]}
    assert by_id["ua-kinh-mon"]["name"] == "Thị xã Kinh Môn"
    assert by_id["ua-tp-hai-duong"]["status"] == "operating"


@pytest.mark.browser
def test_html_of_the_real_data_offline(real, tmp_path, browser):
    from tests.export.test_html import _open_offline

    scene = _scene(real, format="html")
    path = tmp_path / "map.html"
    path.write_bytes(render(scene))
    context, page, blocked, dialogs = _open_offline(browser, path)
    try:
        page.locator("path.pm-urban-area").first.wait_for(timeout=20_000)
        assert page.locator("path.pm-urban-area").count() == len(scene.placed("urban_areas"))
        assert page.locator("path.pm-industrial-zone").count() == len(scene.placed("industrial_zones"))
        assert blocked == [] and dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_print_legend_of_the_province_drops_no_entry(real, orientation):
    """Every status, class and symbol the map draws is in its legend, on either orientation."""
    from export.draw import rendering
    from export.snapshot import snapshot_figure
    scene = _scene(real, format="pdf", lang="en", colour_mode="status", orientation=orientation)
    with rendering():
        snapshot_figure(scene, None)
    assert scene.legend_layout.unplaced == 0
    labels = {item.lines[0] for item in scene.legend_layout.items}
    assert {"Unknown (no source)", "Symbols"} <= labels


@pytest.fixture(scope="module")
def whole_atlas(real):
    """The atlas of every place, as the command line makes it (portrait), read back by poppler and pypdf (its
    lines' turned names): once for the tests."""
    pdf = render(_scene(real, format="atlas", orientation="portrait"))
    return pdf, page_words(pdf), turned_text(pdf)


@pytest.fixture(scope="module")
def linked_landscape_atlas(real):
    """The atlas of every place in landscape, with the app's public address (so a QR code on every place page),
    as bytes and as poppler and pypdf read it."""
    pdf = render(_scene(real, format="atlas", orientation="landscape", public_base_url="https://quyhoach.example.vn"))
    return pdf, page_words(pdf), turned_text(pdf)


ATLASES = ["whole_atlas", "linked_landscape_atlas"]


def _image_boxes(pdf: bytes) -> list[list[tuple[float, float, float, float]]]:
    """Each page's images (the QR codes) where they are drawn: (x0, y0, x1, y1), points from the top."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        images = page["/Resources"].get("/XObject", {})
        boxes = []

        def visit(op, args, cm, _tm, images=images, boxes=boxes, height=height):
            if op == b"Do" and args[0] in images and images[args[0]].get_object().get("/Subtype") == "/Image":
                a, b, c, d, e, f = cm
                xs, ys = (e, e + a, e + c, e + a + c), (f, f + b, f + d, f + b + d)
                boxes.append((min(xs), height - max(ys), max(xs), height - min(ys)))
        page.extract_text(visitor_operand_before=visit)
        out.append(boxes)
    return out


def test_no_word_of_the_landscape_atlas_is_printed_under_its_qr_codes(linked_landscape_atlas):
    """Landscape, with the app's address: the QR code sits in the facts' column above the footer; no word of the
    facts or the report history runs under it (the history's notes did, on every page with a history)."""
    pdf, pages, _ = linked_landscape_atlas
    images = _image_boxes(pdf)
    assert sum(len(boxes) for boxes in images) > 50   # a QR code on every place page
    under = [(number, text) for number, (page, boxes) in enumerate(zip(pages, images), start=1)
             for x0, y0, x1, y1 in boxes for wx0, wy0, wx1, wy1, text in page.words
             if min(x1, wx1) - max(x0, wx0) > 0.5 and min(y1, wy1) - max(y0, wy0) > 0.5]
    assert not under, under[:12]
    # the history is still there, beside the code: the place pages with reports show their rows
    assert sum(any(text == "Ghi" for *_, text in page.words) for page in pages) > 20


@pytest.mark.parametrize("atlas", ATLASES)
def test_no_word_of_the_atlas_is_printed_over_another(request, atlas):
    """On every page of the whole atlas (titles, facts, history, map labels and ticks, the "not on the map"
    banner, the targets table and note, the footer) no two words' boxes meet by more than 0.5 pt both ways;
    portrait, and landscape with QR codes. The lines' names, set along them, are tested with their turned box as
    the page sets it (tests/export/tools/pdf_words): on the page, their letters there and no other word in it."""
    _, pages, turned = request.getfixturevalue(atlas)
    assert len(pages) > 50
    assert sum(len(names) for names in turned) > 40      # the lines are named on the place pages' maps
    clashes = []
    for number, (page, names) in enumerate(zip(pages, turned), start=1):
        words, problems = turned_clashes(page, names)
        clashes += [(number, problem) for problem in problems]
        for i, (*ra, a) in enumerate(words):
            for *rb, b in words[i + 1:]:
                if (min(ra[2], rb[2]) - max(ra[0], rb[0]) > 0.5 and min(ra[3], rb[3]) - max(ra[1], rb[1]) > 0.5):
                    clashes.append((number, a, b))
    assert not clashes, clashes[:12]


@pytest.mark.parametrize("atlas", ATLASES)
def test_the_atlas_names_its_lines_at_7_pt_clear_of_the_symbols(request, atlas):
    """Every line's name on every page of the whole atlas, as the PDF sets it: at the printed legend's 7 pt or more
    (names shrank to 5.95 pt) and over no point symbol (the Yên Viên – Phả Lại name covered the Chí Linh circle on page
    47, the Lào Cai one a zone's square on page 25); the symbols are read from the page's own paths
    (tests/export/tools/pdf_marks). Crossing another line is allowed where no stretch is clear of them (a line left
    unnamed could not be told from the railways drawn like it)."""
    from export.legend_layout import PRINT_MIN_PT

    pdf, _, turned = request.getfixturevalue(atlas)
    marks = page_marks(pdf)
    assert sum(len(m.symbols) for m in marks) > 500 and sum(len(m.lines) for m in marks) > 100   # the maps' own
    assert sum(len(names) for names in turned) > 40
    small = [(number, t.text, round(t.size, 2)) for number, names in enumerate(turned, start=1) for t in names
             if t.size < PRINT_MIN_PT - 0.01]
    assert not small, small[:12]
    over = [(number, problem) for number, (page, names) in enumerate(zip(marks, turned), start=1)
            for problem in symbol_clashes(page, names)]
    assert not over, over[:12]


@pytest.mark.parametrize("atlas", ATLASES)
def test_no_word_of_the_atlas_crosses_into_the_footer_band(request, atlas):
    """Every word of every page is wholly above the footer's top (FOOTER_TOP_IN) or wholly below it: the
    body (facts, history and its one-line note, the targets note) stops above, the footer lines stay below."""
    from export.furniture import FOOTER_TOP_IN

    _, pages, _ = request.getfixturevalue(atlas)
    crossing = []
    below = 0
    for number, page in enumerate(pages, start=1):
        line = page.height - FOOTER_TOP_IN * 72
        for _x0, y0, _x1, y1, text in page.words:
            if y0 < line - 0.5 and y1 > line + 0.5:
                crossing.append((number, text))
            below += y0 >= line - 0.5
    assert not crossing, crossing[:12]
    assert below > 50 * 10  # the footers are there, below the line


def test_atlas_pages_keep_their_text_above_the_footer(real):
    """The facts and the report history of every place page stop above the page's footer lines (poppler's word
    boxes), the data line included: long keys wrap within their column, and the facts shrink rather than run
    into the footer."""
    import subprocess
    import xml.etree.ElementTree as ET

    scene = _scene(real, format="atlas", orientation="portrait", view=ViewFilter(layers=("urban_areas",)))
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=render(scene), capture_output=True,
                         check=True).stdout.decode()
    ns = "{http://www.w3.org/1999/xhtml}"
    checked = 0
    for page in ET.fromstring(xml.replace("&nbsp;", " ")).iter(f"{ns}page"):
        words = list(page.iter(f"{ns}word"))
        footer = next((w for w in words if w.text == "Trang"), None)
        if footer is None:
            continue
        # the footer's top: its data line ("Dữ liệu: …") above the page number's line
        height = float(page.get("height"))
        top = min(float(w.get("yMin")) for w in words
                  if w is footer or (w.text == "Dữ" and float(w.get("yMin")) > height - 72))
        body = [w for w in words if float(w.get("yMax")) <= top + 0.5 or float(w.get("yMin")) > top - 1.0]
        assert len(body) == len(words), [w.text for w in words if w not in body][:8]
        checked += 1
    assert checked >= 24
