"""Data files read back with the software their users use: pyogrio, json, Excel's CSV rules, openpyxl."""
from __future__ import annotations

import csv
import io
import json

import pyogrio
import pytest
from openpyxl import load_workbook

from export.data import render_csv, render_geojson, render_xlsx
from export.gpkg import render_gpkg
from layers.query import ViewFilter


def test_geojson_has_visible_features_with_status(scene_of):
    doc = json.loads(render_geojson(scene_of(format="geojson")).decode("utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 11
    by_id = {f["id"]: f for f in doc["features"]}
    hd = by_id["ua-hai-duong"]["properties"]
    assert hd["name"] == "Hải Dương" and hd["status"] == "completed" and hd["status_label"] == "Hoàn thành"
    assert hd["progress_pct"] == 100.0 and hd["status_as_of"] == "2019-10-26"
    assert hd["unit"] == "UBND thành phố Hải Dương"
    assert by_id["ua-luong-dien"]["properties"]["name"] == "Lương Điền"
    assert by_id["ua-v-unidentified-1"]["geometry"] is None  # listed, not placed
    assert by_id["ua-chi-linh"]["properties"]["status"] == "unknown"  # its only report is in the future
    assert "Lương Điền".encode() in render_geojson(scene_of(format="geojson"))  # UTF-8, not \\u escapes


def test_geojson_follows_the_filters(scene_of):
    doc = json.loads(render_geojson(scene_of(format="geojson", view=ViewFilter(layers=("urban_areas",),
                                                                                 classes=("V",)))))
    assert sorted(f["properties"]["name"] for f in doc["features"]) == [
        "Lương Điền", "Đô thị loại V chưa xác định (1)", "Đồng Cẩm"]
    doc = json.loads(render_geojson(scene_of(format="geojson", view=ViewFilter(query="luong dien"))))
    assert [f["properties"]["name"] for f in doc["features"]] == ["Lương Điền"]


def test_geopackage_reads_back_with_pyogrio(scene_of, tmp_path):
    path = tmp_path / "out.gpkg"
    path.write_bytes(render_gpkg(scene_of(format="gpkg")))
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert set(layers) == {"urban_areas", "industrial_zones_points", "industrial_zones_areas", "ring_road_v",
                           "railways_lines", "railways_points", "layer_styles"}
    urban = pyogrio.read_dataframe(path, layer="urban_areas")
    assert len(urban) == 6 and urban.crs.to_epsg() == 4326
    assert "Lương Điền" in set(urban["name"])
    assert urban.set_index("id").loc["ua-hai-duong", "status_label"] == "Hoàn thành"
    assert set(pyogrio.read_dataframe(path, layer="railways_lines").geometry.geom_type) == {"LineString"}
    assert set(pyogrio.read_dataframe(path, layer="railways_points").geometry.geom_type) == {"Point"}
    info = pyogrio.read_info(path, layer="urban_areas")
    assert info["features"] == 6 and info["crs"] == "EPSG:4326"


def test_csv_opens_in_excel_with_diacritics(scene_of):
    data = render_csv(scene_of(format="csv"))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:6] == ["Mã", "Tên", "Lớp", "Loại đô thị", "Huyện (2023)", "Tình trạng"]
    assert "Đơn vị phụ trách" in header and "Kinh độ" in header and "Vĩ độ" in header
    assert len(rows) == 1 + 11
    names = [r[1] for r in rows[1:]]
    assert "Lương Điền" in names and "Đồng Cẩm" in names
    notes = {r[0]: r[header.index("Ghi chú")] for r in rows[1:]}
    assert notes["ua-luong-dien"] == "Lập quy hoạch"


def test_csv_guards_formulas(scene_of):
    from datetime import date
    rows = list(csv.reader(io.StringIO(render_csv(scene_of(format="csv", as_of=date(2018, 7, 1))).decode("utf-8-sig"))))
    header = rows[0]
    note = {r[0]: r[header.index("Ghi chú")] for r in rows[1:]}["ua-hai-duong"]
    assert note.startswith("Đang thi công =SUM(A1)")  # not at the start: harmless and kept
    assert not any(cell.startswith("=") for r in rows for cell in r)


def test_xlsx_columns_and_diacritics(scene_of, tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(render_xlsx(scene_of(format="xlsx", lang="en")))
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header[:6] == ["ID", "Name", "Layer", "Urban class", "District (2023)", "Status"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(values) == 11
    by_id = {v[0]: v for v in values}
    assert by_id["ua-luong-dien"][1] == "Lương Điền"
    assert by_id["ua-luong-dien"][header.index("Status")] == "In progress / under construction"
    assert by_id["ua-hai-duong"][header.index("Progress (%)")] == pytest.approx(100)
