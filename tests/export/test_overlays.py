"""The user's own layers (overlays) on every export: drawn and in the legend as on the map, in the data
files as their own tables/rows, named in the sources; from the CLI and the export page."""
from __future__ import annotations

import csv
import io
import json

import numpy as np
import pyogrio
import pytest
import shapely
from openpyxl import load_workbook

from export import ExportRequest
from export.data import render_csv, render_geojson, render_xlsx
from export.gpkg import render_gpkg
from export.html import render_html
from export.snapshot import render_snapshot
from geo import crs as crsmod
from geo.overlay_io import read_overlay
from mapview.overlay import OverlayStyle

from tests.export.conftest import MINI, pdf_text

# Places in the province (lon, lat): Hải Dương city centre, Chí Linh, Ninh Giang.
INSIDE = [(106.3147, 20.9373), (106.3951, 21.1313), (106.3936, 20.7314)]
GREEN = "#00ff00"   # a colour the plan never uses: its pixels on a PNG are the overlay's


def _square(lon: float, lat: float, size_m: float = 1500.0) -> shapely.Polygon:
    x, y = crsmod.from_wgs84(([lon], [lat]), "EPSG:9209")
    box = shapely.box(x[0], y[0], x[0] + size_m, y[0] + size_m)
    return shapely.transform(box, lambda c: np.column_stack(crsmod.to_wgs84((c[:, 0], c[:, 1]), "EPSG:9209")))


def vn2000_csv() -> bytes:
    """Survey marks in VN-2000 / TM-3 105°30′ (EPSG:9209), as a surveyor sends them: no CRS in the file."""
    x, y = crsmod.from_wgs84(([p[0] for p in INSIDE], [p[1] for p in INSIDE]), "EPSG:9209")
    lines = ["Tên,E,N,Ghi chú"] + [f"Mốc {i},{e:.3f},{n:.3f},=HYPERLINK(\"x\")" for i, (e, n) in enumerate(zip(x, y))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def zones_geojson() -> bytes:
    feats = [{"type": "Feature", "properties": {"name": f"Khu {i}", "zone": z, "fid": i},
              "geometry": shapely.geometry.mapping(_square(lon + 0.01 * i, lat))}
             for i, ((lon, lat), z) in enumerate(zip(INSIDE, ["Nhà ở", "Công nghiệp", "Nhà ở"]))]
    return json.dumps({"type": "FeatureCollection", "features": feats}).encode("utf-8")


@pytest.fixture(scope="module")
def marks():
    return read_overlay(vn2000_csv(), "moc-khao-sat.csv", "EPSG:9209")


@pytest.fixture(scope="module")
def zones():
    return read_overlay(zones_geojson(), "phan-khu <b>.geojson")


@pytest.fixture
def with_overlays(scene_of, marks, zones):
    def make(**kw):
        kw.setdefault("overlays", ((zones, OverlayStyle(by="zone")), (marks, OverlayStyle(colour=GREEN))))
        return scene_of(**kw)
    return make


# ---------------------------------------------------------------- the request
def test_request_compares_overlays_by_file_and_style(marks, zones):
    a = ExportRequest(overlays=[(marks, OverlayStyle())])
    assert a.overlays[0][0] is marks and isinstance(a.overlays, tuple)
    assert a == ExportRequest(overlays=((marks, OverlayStyle()),))
    assert a != ExportRequest(overlays=((marks, OverlayStyle(colour=GREEN)),))
    assert a != ExportRequest() and a != a.with_(overlays=((zones, None),))
    assert a.with_(dpi=300).overlays == a.overlays
    assert ExportRequest().overlays == ()


def test_scene_legend_and_sources_name_the_users_layers(with_overlays):
    scene = with_overlays(format="pdf")
    sections = dict(scene.legend_sections())
    assert [e.label for e in sections["phan-khu <b>"]] == ["Nhà ở", "Công nghiệp"]   # by zone, commonest first
    assert [e.label for e in sections["moc-khao-sat"]] == ["moc-khao-sat"]
    assert sections["moc-khao-sat"][0].style.colour == GREEN and sections["moc-khao-sat"][0].shape == "circle"
    assert [e.style.colour for e in sections["phan-khu <b>"]] == ["#e41a1c", "#377eb8"]  # the map's palette
    from export.sources import full_sources, short_line
    assert "Dữ liệu người dùng: phan-khu <b>.geojson, moc-khao-sat.csv" in full_sources(scene)
    assert "Dữ liệu người dùng: phan-khu <b>.geojson, moc-khao-sat.csv" in short_line(scene, "full_list_pdf")
    assert "User data: phan-khu <b>.geojson" in short_line(with_overlays(format="pdf", lang="en"), "full_list_pdf")


# ---------------------------------------------------------------- printed
def test_pdf_snapshot_has_the_overlays_legend_and_source(with_overlays):
    text = pdf_text(render_snapshot(with_overlays(format="pdf")))[0]
    flat = " ".join(text.split())
    for label in ("phan-khu <b>", "Nhà ở", "Công nghiệp", "moc-khao-sat"):
        assert label in text
    assert "Dữ liệu người dùng: phan-khu <b>.geojson, moc-khao-sat.csv" in flat
    assert "Lương Điền" in text  # the plan is still there


def _green_pixels(png: bytes) -> int:
    from PIL import Image
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int(((img[..., 0] < 60) & (img[..., 1] > 200) & (img[..., 2] < 60)).sum())


def test_png_draws_the_overlay_in_its_colour(scene_of, with_overlays, marks):
    without = _green_pixels(render_snapshot(scene_of(format="png", dpi=150)))
    only_marks = _green_pixels(render_snapshot(scene_of(format="png", dpi=150,
                                                        overlays=((marks, OverlayStyle(colour=GREEN)),))))
    assert without == 0 and only_marks > 3 * 30  # three marks (and the legend's)


def test_atlas_and_slides_carry_the_overlays(with_overlays):
    from pptx import Presentation

    from export.atlas import render_atlas
    from export.slides import render_slides

    scene = with_overlays(format="atlas", orientation="portrait")
    pages = pdf_text(render_atlas(scene))[2:]   # after the cover and the index
    assert len(pages) == len(scene.rows()) + 1  # + the 2030 targets page
    prs = Presentation(io.BytesIO(render_slides(with_overlays(format="pptx", dpi=150))))
    texts = [" ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame) for slide in prs.slides]
    map_slides = [t for t in texts if "Chú giải" in t]
    assert map_slides and all("moc-khao-sat" in t and "Công nghiệp" in t for t in map_slides)
    assert all("Dữ liệu người dùng: phan-khu <b>.geojson" in t for t in map_slides)


def test_big_overlay_is_simplified_for_drawing(scene_of):
    import geopandas as gpd

    from export.overlay_draw import _Projected

    lon, lat = INSIDE[0]
    x, y = crsmod.from_wgs84(([lon], [lat]), "EPSG:9209")
    angles = np.linspace(0, 2 * np.pi, 400, endpoint=False)
    circles = [shapely.Polygon(np.column_stack([x[0] + i * 300 + 100 * np.cos(angles),
                                                y[0] + 100 * np.sin(angles)])) for i in range(100)]
    wgs = crsmod.to_wgs84(gpd.GeoSeries(circles, crs="EPSG:9209"))
    overlay = type("O", (), {"gdf": gpd.GeoDataFrame(geometry=wgs, crs="EPSG:4326"), "name": "c"})()
    proj = _Projected(overlay)
    pos = np.arange(100)
    simple = proj.simplified(pos, 5.0)
    before, after = shapely.get_num_coordinates(proj.geoms).sum(), shapely.get_num_coordinates(simple).sum()
    assert before > 40_000 and after < before / 4
    assert shapely.area(simple).sum() == pytest.approx(shapely.area(proj.geoms).sum(), rel=0.05)
    assert (shapely.get_num_coordinates(proj.simplified(pos, 0.0)) == 400 + 1).all()  # no tolerance: as is


# ---------------------------------------------------------------- data
def test_geopackage_has_one_table_per_overlay(with_overlays, scene_of, tmp_path):
    path = tmp_path / "out.gpkg"
    path.write_bytes(render_gpkg(with_overlays(format="gpkg")))
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"urban_areas", "industrial_zones_points", "industrial_zones_areas", "ring_road_v",
                           "railways_lines", "railways_points", "layer_styles",
                           "overlay_phan_khu_b", "overlay_moc_khao_sat"}
    info = pyogrio.read_info(path, layer="overlay_moc_khao_sat")
    assert info["features"] == 3 and info["crs"] == "EPSG:4326"
    marks = pyogrio.read_dataframe(path, layer="overlay_moc_khao_sat")
    assert list(marks["Tên"]) == ["Mốc 0", "Mốc 1", "Mốc 2"]
    assert np.allclose(np.column_stack([marks.geometry.x, marks.geometry.y]), INSIDE, atol=1e-6)
    zones = pyogrio.read_dataframe(path, layer="overlay_phan_khu_b")
    assert len(zones) == 3 and set(zones.geometry.geom_type) == {"Polygon"} and "fid_2" in zones.columns
    # the plan's tables are exactly as without overlays
    plain = tmp_path / "plain.gpkg"
    plain.write_bytes(render_gpkg(scene_of(format="gpkg")))
    a = pyogrio.read_dataframe(path, layer="urban_areas")
    b = pyogrio.read_dataframe(plain, layer="urban_areas")
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))


def test_geojson_csv_xlsx_carry_the_overlays_beside_the_plan(with_overlays, scene_of):
    doc = json.loads(render_geojson(with_overlays(format="geojson")))
    plain = json.loads(render_geojson(scene_of(format="geojson")))
    plan = [f for f in doc["features"] if not f["properties"]["layer"].startswith("overlay_")]
    assert plan == plain["features"]
    marks = [f for f in doc["features"] if f["properties"]["layer"] == "overlay_moc_khao_sat"]
    assert [f["properties"]["Tên"] for f in marks] == ["Mốc 0", "Mốc 1", "Mốc 2"]
    assert marks[0]["properties"]["source"] == "Dữ liệu người dùng: moc-khao-sat.csv"
    assert "Dữ liệu người dùng" in doc["description"]

    rows = list(csv.DictReader(io.StringIO(render_csv(with_overlays(format="csv")).decode("utf-8-sig"))))
    mine = [r for r in rows if r["Lớp"] == "moc-khao-sat"]
    assert [r["Tên"] for r in mine] == ["Mốc 0", "Mốc 1", "Mốc 2"]
    assert mine[0]["moc-khao-sat: Ghi chú"].startswith("'=")  # beside the plan's own note column; no formula
    assert float(mine[0]["Kinh độ"]) == pytest.approx(INSIDE[0][0], abs=1e-5)
    assert len(rows) == 11 + 3 + 3

    wb = load_workbook(io.BytesIO(render_xlsx(with_overlays(format="xlsx"))))
    assert wb.sheetnames[1:] == ["phan-khu <b>", "moc-khao-sat"]
    ws = wb["moc-khao-sat"]
    header = [c.value for c in ws[1]]
    assert header == ["Tên", "Ghi chú", "Kinh độ", "Vĩ độ", "E (VN-2000, EPSG:9209)", "N (VN-2000, EPSG:9209)"]
    x, y = crsmod.from_wgs84(([INSIDE[0][0]], [INSIDE[0][1]]), "EPSG:9209")
    assert ws.cell(2, 5).value == pytest.approx(x[0], abs=0.01) and ws.cell(2, 6).value == pytest.approx(y[0], abs=0.01)
    assert ws.max_row == 4 and ws.cell(2, 1).value == "Mốc 0"
    assert ws.cell(2, header.index("Ghi chú") + 1).data_type == "s"


# ---------------------------------------------------------------- interactive
def test_html_names_the_file_escaped(with_overlays):
    page = render_html(with_overlays(format="html")).decode("utf-8")
    assert "Dữ liệu người dùng: phan-khu &lt;b&gt;.geojson" in page
    assert "phan-khu <b>" not in page


@pytest.mark.browser
def test_html_draws_overlay_paths_offline(browser, with_overlays, tmp_path):
    path = tmp_path / "ban-do.html"
    path.write_bytes(render_html(with_overlays(format="html")))
    url = path.resolve().as_uri()
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    blocked: list[str] = []
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else (blocked.append(r.request.url),
                                                                                 r.abort()))
    page = context.new_page()
    try:
        page.goto(url)
        page.locator("path.pm-overlay").first.wait_for(timeout=20_000)
        assert page.locator("path.pm-overlay").count() == 6     # 3 zones + 3 marks
        assert page.locator("path.pm-urban-area").count() == 5  # the plan too
        # only the legend's first section starts open (mapview.legend): the user's layer opens at its heading
        page.locator(".pm-legend-heading", has_text="phan-khu <b>").click()
        legend = page.locator(".pm-legend").inner_text()
        assert "moc-khao-sat" in legend and "Công nghiệp" in legend and "Nhà ở" in legend
        assert "Dữ liệu người dùng: phan-khu <b>.geojson" in page.locator(".pm-export-title").inner_text()
        assert blocked == []
    finally:
        context.close()


# ---------------------------------------------------------------- command line
@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(MINI))
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    (tmp_path / "moc.csv").write_bytes(vn2000_csv())
    return tmp_path


def test_cli_vn2000_csv_overlay_with_its_crs(env, capsys):
    from export.cli import main

    out = env / "out.pdf"
    assert main(["--format", "pdf", "--out", str(out), "--overlay", str(env / "moc.csv"),
                 "--overlay-crs", "EPSG:9209", "--dpi", "150"]) == 0, capsys.readouterr().err
    text = pdf_text(out.read_bytes())[0]
    assert "moc" in text and "Dữ liệu người dùng: moc.csv" in " ".join(text.split())
    gpkg = env / "out.gpkg"
    assert main(["--format", "gpkg", "--out", str(gpkg), "--overlay-crs", "EPSG:9209",
                 "--overlay", str(env / "moc.csv")]) == 0   # a default CRS before the files
    assert pyogrio.read_info(gpkg, layer="overlay_moc")["features"] == 3


@pytest.mark.parametrize("extra, vi, en", [
    ([], "Tệp không ghi hệ tọa độ", "does not state its coordinate system"),
    (["--overlay-crs", "EPSG:4326"], "là mét, không phải độ", "are metres, not degrees"),
])
def test_cli_overlay_refused_writes_nothing(env, capsys, extra, vi, en):
    from export.cli import main

    out = env / "never.pdf"
    assert main(["--format", "pdf", "--out", str(out), "--overlay", str(env / "moc.csv"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: moc.csv: ") and vi in err and en in err
    assert "--overlay-crs EPSG:9209" in err
    assert not out.exists() and sorted(p.name for p in env.iterdir()) == ["moc.csv"]


def test_cli_bad_or_missing_overlay_file(env, capsys):
    from export.cli import main

    (env / "hong.geojson").write_text("{not json", encoding="utf-8")
    out = env / "never.png"
    assert main(["--format", "png", "--out", str(out), "--overlay", str(env / "hong.geojson")]) == 2
    err = capsys.readouterr().err
    assert "không đúng định dạng" in err and "malformed" in err
    assert main(["--format", "png", "--out", str(out), "--overlay", str(env / "khong-co.csv")]) != 0
    err = capsys.readouterr().err
    assert "Không đọc được tệp dữ liệu riêng" in err and "Could not read the overlay file" in err
    assert not out.exists()


# ---------------------------------------------------------------- the export page
SCRIPT = """
from ui.export_panel import render
render()
"""


@pytest.fixture
def app(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PLANMAP_DATA_DIR", str(MINI))
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    return AppTest.from_string(SCRIPT, default_timeout=120)


def test_export_page_includes_the_map_pages_overlays(app, marks, zones):
    app.session_state["_overlays"] = [(marks, OverlayStyle(colour=GREEN)), (zones, OverlayStyle(by="zone"))]
    app.run()
    assert not app.exception
    box = app.checkbox(key="export_overlays")
    assert box.label == "Kèm dữ liệu riêng (2 lớp)" and box.value is True
    app.selectbox(key="export_format").set_value("geojson").run()
    app.button(key="export_make").click().run()
    assert not app.exception
    doc = json.loads(app.session_state["_export_result"]["data"])
    layers = {f["properties"]["layer"] for f in doc["features"]}
    assert {"overlay_moc_khao_sat", "overlay_phan_khu_b", "urban_areas"} <= layers
    # unticked: the file made before no longer matches, and the next one is the plan alone
    app.checkbox(key="export_overlays").uncheck().run()
    assert not app.get("download_button")
    app.button(key="export_make").click().run()
    doc = json.loads(app.session_state["_export_result"]["data"])
    assert not any(f["properties"]["layer"].startswith("overlay_") for f in doc["features"])


def test_export_page_without_overlays_has_no_checkbox(app):
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert not [c for c in app.checkbox if c.key == "export_overlays"]


def test_export_page_in_english(app, marks):
    app.query_params["lang"] = "en"
    app.session_state["_overlays"] = [(marks, OverlayStyle())]
    app.run()
    assert app.checkbox(key="export_overlays").label == "Include your data (1 layer)"


# ---------------------------------------------------------------- one style, screen and paper
def test_screen_and_paper_draw_an_overlay_in_one_style(with_overlays, marks, zones):
    """An uploaded file prints as it shows: the map's legend and the print legend hold the same styles
    (both read layers.overlay_style), and printed points are filled as on screen (0.8), not paler."""
    import folium

    from export.overlays import legend_entries
    from layers.overlay_style import POINT_FILL_OPACITY
    from mapview.overlay import add_overlay

    for overlay, style in ((marks, OverlayStyle(colour=GREEN)), (zones, OverlayStyle(by="zone"))):
        screen = add_overlay(folium.Map(tiles=None), overlay, style, "vi")
        paper = legend_entries(overlay, style, "vi")
        assert [(e.label, e.style, e.shape) for e in screen] == [(e.label, e.style, e.shape) for e in paper]
    assert POINT_FILL_OPACITY == 0.8
    svg = render_snapshot(with_overlays(format="svg"), "svg", fetcher=None).decode("utf-8")
    import re
    assert set(re.findall(r"fill: #00ff00; fill-opacity: ([0-9.]+)", svg)) == {"0.8"}
