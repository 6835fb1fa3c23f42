"""The importer: every format read into WGS 84, every bad file refused with a bilingual message."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pandas as pd
import pytest
import shapely

from core.errors import CRSError, DataError, ImportRejected, PlanMapError
from core.vocab import PROVINCE_BOUNDS
from geo import crs as crsmod
from geo.overlay_io import LIMITS, Limits, find_coordinate_columns, read_overlay, read_overlay_path

from .conftest import INSIDE, feature, frame, geojson_bytes, shapefile_zip, square_wgs84, write_bytes, zip_of


def _inside(gdf) -> bool:
    minx, miny, maxx, maxy = gdf.total_bounds
    return (PROVINCE_BOUNDS[0] <= minx and maxx <= PROVINCE_BOUNDS[2]
            and PROVINCE_BOUNDS[1] <= miny and maxy <= PROVINCE_BOUNDS[3])


def _close_to(gdf, expected, tol_m: float = 0.01) -> None:
    # normalize: a Shapefile stores rings clockwise, so vertex order may differ
    got = shapely.get_coordinates(shapely.normalize(np.asarray(gdf.geometry.values, dtype=object)))
    exp = shapely.get_coordinates(shapely.normalize(np.asarray(expected.geometry.values, dtype=object)))
    assert got.shape == exp.shape
    d = np.hypot((got[:, 0] - exp[:, 0]) * 104_000, (got[:, 1] - exp[:, 1]) * 110_700)
    assert d.max() < tol_m


def _bilingual(exc: PlanMapError) -> None:
    assert exc.vi and exc.en and exc.vi != exc.en


# ------------------------------------------------------------------ formats that work
def test_geojson_plain_is_wgs84():
    src = frame(3)
    ov = read_overlay(src.to_json().encode(), "khu.geojson")
    assert ov.report.source_crs == "EPSG:4326" and ov.report.crs_origin == "standard"
    assert ov.report.feature_count == 3 and ov.family == "polygon"
    _close_to(ov.gdf, src)
    assert ov.gdf.crs.to_epsg() == 4326


def test_geojson_with_crs_member_9209_is_converted():
    wgs = frame(3)
    vn = crsmod.from_wgs84(wgs, "EPSG:9209")
    data = geojson_bytes(json.loads(vn.to_json())["features"], "urn:ogc:def:crs:EPSG::9209")
    ov = read_overlay(data, "vn2000.geojson")
    assert ov.report.source_crs == "EPSG:9209" and ov.report.crs_origin == "file"
    _close_to(ov.gdf, wgs)


def test_geojson_in_metres_without_crs_member_asks_then_accepts_declared():
    vn = crsmod.from_wgs84(frame(2), "EPSG:9209")
    data = geojson_bytes(json.loads(vn.to_json())["features"])  # no crs member, as some exporters write
    with pytest.raises(CRSError) as err:
        read_overlay(data, "metres.geojson")
    _bilingual(err.value)
    ov = read_overlay(data, "metres.geojson", declared_crs="EPSG:9209")
    assert _inside(ov.gdf)


def test_gpkg_in_9209(tmp_path):
    wgs = frame(3)
    data = write_bytes(crsmod.from_wgs84(wgs, "EPSG:9209"), tmp_path, "q.gpkg", "GPKG")
    ov = read_overlay(data, "quy_hoach.gpkg")
    assert ov.report.source_crs == "EPSG:9209"
    _close_to(ov.gdf, wgs)


def test_shapefile_zip_with_prj_in_nested_folder(tmp_path):
    wgs = frame(3)
    data = shapefile_zip(crsmod.from_wgs84(wgs, "EPSG:9209"), tmp_path, prefix="ranh_gioi/")
    ov = read_overlay(data, "ranh_gioi.zip")
    assert ov.report.format == "shapefile" and ov.report.source_crs == "EPSG:9209"
    _close_to(ov.gdf, wgs)


def test_shp_on_disk_reads_with_its_siblings_like_the_zip(tmp_path):
    vn = frame(3, "EPSG:9209")
    folder = tmp_path / "disk"
    folder.mkdir()
    vn.to_file(folder / "parcels.shp")
    (folder / "parcels.dbf").rename(folder / "parcels.DBF")  # Windows copies change the case of a part
    ov = read_overlay_path(folder / "parcels.shp")
    zipped = read_overlay(shapefile_zip(vn, tmp_path), "parcels.zip")
    assert ov.report.source_crs == "EPSG:9209" and ov.report.crs_origin == "file" and ov.report.format == "shp"
    assert list(ov.gdf["name"]) == list(vn["name"])
    _close_to(ov.gdf, zipped.gdf, tol_m=0.001)
    with pytest.raises(ImportRejected) as err:  # an upload is one file: there a .shp still asks for a zip
        read_overlay((folder / "parcels.shp").read_bytes(), "parcels.shp")
    assert ".zip" in err.value.vi and ".zip" in err.value.en


def test_shp_on_disk_without_dbf_names_the_missing_part(tmp_path):
    frame(2).to_file(tmp_path / "moc.shp")
    (tmp_path / "moc.dbf").unlink()
    with pytest.raises(ImportRejected) as err:
        read_overlay_path(tmp_path / "moc.shp")
    _bilingual(err.value)
    assert "thiếu phần .dbf" in err.value.vi and "lacks .dbf" in err.value.en
    assert [p.en for p in err.value.problems] == ["missing .dbf"]


def test_shapefile_without_prj_needs_a_declared_crs(tmp_path):
    wgs = frame(3)
    data = shapefile_zip(crsmod.from_wgs84(wgs, "EPSG:9209"), tmp_path, drop=(".prj",))
    with pytest.raises(CRSError) as err:
        read_overlay(data, "no_prj.zip")
    assert "EPSG:9209" in err.value.en and "không tự đoán" in err.value.vi
    ov = read_overlay(data, "no_prj.zip", declared_crs="EPSG:9209")
    assert ov.report.crs_origin == "declared"
    _close_to(ov.gdf, wgs)


ESRI_PRJ = ('PROJCS["VN_2000_TM3_105_30",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",'
            '6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
            'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
            'PARAMETER["Central_Meridian",105.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],'
            'UNIT["Meter",1.0]]')
# A surveyor's .prj with its own TOWGS84 (EPSG:6960's numbers with the signs copied unchanged).
BOUND_PRJ = ('PROJCS["VN-2000 / Hai Duong",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,'
             '298.257223563],TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,'
             '0.252906278]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
             'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105.5],PARAMETER["scale_factor",0.9999],'
             'PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]')


@pytest.mark.parametrize("prj,warned", [(ESRI_PRJ, False), (BOUND_PRJ, True)])
def test_shapefile_prj_variants_are_identified_as_9209_and_use_epsg_6960(tmp_path, prj, warned):
    wgs = frame(3)
    data = shapefile_zip(crsmod.from_wgs84(wgs, "EPSG:9209"), tmp_path, prj=prj)
    ov = read_overlay(data, "esri.zip")
    assert ov.report.source_crs == "EPSG:9209"
    _close_to(ov.gdf, wgs)  # 1 cm: the file's own TOWGS84 (≈ 0.75 m off) was not used
    assert any("TOWGS84" in w.en and "EPSG:6960" in w.en for w in ov.report.warnings) == warned


def test_geojson_crs84_member_is_wgs84():
    src = frame(2)
    data = geojson_bytes(json.loads(src.to_json())["features"], "urn:ogc:def:crs:OGC:1.3:CRS84")
    ov = read_overlay(data, "crs84.geojson")
    assert ov.report.source_crs == "EPSG:4326"
    _close_to(ov.gdf, src)


def test_kml_and_kmz(tmp_path):
    src = frame(3, kind="point")
    kml = write_bytes(src, tmp_path, "d.kml", "KML")
    ov = read_overlay(kml, "diem.kml")
    assert ov.report.source_crs == "EPSG:4326" and ov.family == "point" and ov.report.feature_count == 3
    kmz = zip_of({"doc.kml": kml})
    ov2 = read_overlay(kmz, "diem.kmz")
    assert ov2.report.feature_count == 3 and _inside(ov2.gdf)


def test_csv_vn2000_xy_in_surveying_order_is_swapped_and_reported():
    x, y = crsmod.from_wgs84(([p[0] for p in INSIDE], [p[1] for p in INSIDE]), "EPSG:9209")
    rows = "\n".join(f"Điểm {i},{n:.3f},{e:.3f}" for i, (e, n) in enumerate(zip(x, y)))
    data = ("Tên,X,Y\n" + rows + "\n").encode()
    ov = read_overlay(data, "moc.csv", declared_crs="EPSG:9209")
    assert ov.family == "point" and ov.report.feature_count == 3
    got = shapely.get_coordinates(np.asarray(ov.gdf.geometry.values, dtype=object))
    assert np.allclose(got, np.array(INSIDE), atol=1e-6)
    assert any("Bắc" in w.vi and "northing" in w.en for w in ov.report.warnings)
    assert list(ov.gdf.columns[:1]) == ["Tên"]


@pytest.mark.parametrize("header,sep", [("kinh độ;vĩ độ", ";"), ("Longitude,Latitude", ","), ("LON\tLAT", "\t"),
                                        ("E,N", ","), ("lng,lat", ",")])
def test_csv_column_names_are_recognised(header, sep):
    xcol, ycol = header.split(sep)
    if xcol == "E":
        x, y = crsmod.from_wgs84(([106.33], [20.94]), "EPSG:9209")
        line, declared = f"{x[0]:.2f}{sep}{y[0]:.2f}", "EPSG:9209"
    else:
        line, declared = f"106.33{sep}20.94", "EPSG:4326"
    ov = read_overlay(f"{header}{sep}ghi chú\n{line}{sep}a\n".encode(), "p.csv", declared_crs=declared)
    assert _inside(ov.gdf)


def test_csv_vietnamese_decimal_comma_and_cp1258():
    text = "tên;kinh độ;vĩ độ\nTrường;106,33;20,94\n"
    ov = read_overlay(text.encode("utf-8"), "a.csv", declared_crs="EPSG:4326")
    assert _inside(ov.gdf)
    # An old Excel CSV in the Windows code page: "Đ", "ư", "ơ", "ê", "ă" are single bytes there.
    names = ["Đông Hưng", "Cơ khí Tân", "Thăng Long"]
    legacy = ("tên;lon;lat\n" + "".join(f"{n};106,3{i};20,94\n" for i, n in enumerate(names))).encode("cp1258")
    assert legacy != legacy.decode("cp1258").encode("utf-8")  # not the UTF-8 bytes: the test can fail
    ov2 = read_overlay(legacy, "b.csv", declared_crs="EPSG:4326")
    assert list(ov2.gdf["tên"]) == names and _inside(ov2.gdf)


def test_xlsx(tmp_path):
    df = pd.DataFrame({"Tên": ["A", "B"], "Kinh độ": [106.31, 106.40], "Vĩ độ": [20.93, 21.13]})
    path = tmp_path / "a.xlsx"
    df.to_excel(path, index=False)
    ov = read_overlay(path.read_bytes(), "a.xlsx", declared_crs="EPSG:4326")
    assert ov.report.feature_count == 2 and _inside(ov.gdf)


def test_find_coordinate_columns():
    assert find_coordinate_columns(["Tên", "Kinh độ", "Vĩ độ"]) == ("Kinh độ", "Vĩ độ", "lonlat")
    assert find_coordinate_columns(["id", "X", "Y"]) == ("X", "Y", "xy")
    assert find_coordinate_columns(["Easting", "Northing"]) == ("Easting", "Northing", "en")
    assert find_coordinate_columns(["a", "b"]) is None


# ------------------------------------------------------------------ CRS questions and warnings
def test_csv_without_crs_raises_crs_error_and_never_guesses():
    with pytest.raises(CRSError) as err:
        read_overlay(b"lon,lat\n106.33,20.94\n", "p.csv")
    _bilingual(err.value)


def test_metres_declared_as_degrees_is_refused_with_suggestion():
    x, y = crsmod.from_wgs84(([106.33], [20.94]), "EPSG:9209")
    with pytest.raises(CRSError) as err:
        read_overlay(f"x,y\n{x[0]},{y[0]}\n".encode(), "p.csv", declared_crs="EPSG:4326")
    assert "EPSG:9209" in err.value.en


def test_outside_province_warns_and_suggests_the_crs_that_fits():
    x, y = crsmod.from_wgs84(([106.33, 106.4], [20.94, 21.0]), "EPSG:9209")
    data = f"E,N\n{x[0]},{y[0]}\n{x[1]},{y[1]}\n".encode()
    ov = read_overlay(data, "p.csv", declared_crs="EPSG:3405")  # wrong zone: lands ~55 km west
    assert ov.report.inside_share == 0 and ov.report.suggested_crs == "EPSG:9209"
    assert any("EPSG:9209" in w.en and "outside" in w.en and "ngoài tỉnh" in w.vi for w in ov.report.warnings)


def test_file_crs_wins_over_declared_with_a_warning(tmp_path):
    data = write_bytes(frame(2), tmp_path, "q.gpkg", "GPKG")
    ov = read_overlay(data, "q.gpkg", declared_crs="EPSG:9209")
    assert ov.report.source_crs == "EPSG:4326"
    assert any("EPSG:9209" in w.en for w in ov.report.warnings)


# ------------------------------------------------------------------ bad files
def test_malformed_json():
    with pytest.raises(DataError) as err:
        read_overlay(b'{"type": "FeatureCollection", "features": [', "x.geojson")
    _bilingual(err.value)


def test_json_that_is_not_geojson():
    with pytest.raises(DataError):
        read_overlay(b'{"hello": 1}', "x.geojson")
    with pytest.raises(DataError):
        read_overlay(b'{"type": "FeatureCollection", "features": [1, 2]}', "x.geojson")


def test_empty_file_and_empty_collection():
    with pytest.raises(DataError):
        read_overlay(b"", "x.geojson")
    with pytest.raises(ImportRejected):
        read_overlay(geojson_bytes([]), "x.geojson")


def test_unsupported_and_lone_shapefile_parts():
    with pytest.raises(ImportRejected) as err:
        read_overlay(b"abc", "x.dwg")
    assert "GeoJSON" in err.value.en
    with pytest.raises(ImportRejected) as err:
        read_overlay(b"abc", "parcels.shp")
    assert ".zip" in err.value.vi


@pytest.mark.parametrize("missing", [".shx", ".dbf"])
def test_shapefile_missing_parts(tmp_path, missing):
    data = shapefile_zip(frame(3), tmp_path, drop=(missing,))
    with pytest.raises(ImportRejected) as err:
        read_overlay(data, "p.zip")
    assert missing in err.value.vi and missing in err.value.en


def test_zip_without_shapefile_and_with_two():
    with pytest.raises(ImportRejected):
        read_overlay(zip_of({"readme.txt": b"hi"}), "p.zip")
    with pytest.raises(ImportRejected) as err:
        read_overlay(zip_of({f"{n}.{e}": b"x" for n in "ab" for e in ("shp", "shx", "dbf")}), "p.zip")
    assert "2" in err.value.en


def test_not_a_zip():
    with pytest.raises(DataError):
        read_overlay(b"PK\x03\x04 not really", "p.zip")


@pytest.mark.parametrize("evil", ["../evil.shp", "/etc/evil.shp", "a/../../evil.shp", "C:/evil.shp"])
def test_zip_slip_is_refused_and_nothing_is_written(tmp_path, clean_tmp, evil):
    stem = evil[:-4]
    data = zip_of({evil: b"x", stem + ".shx": b"x", stem + ".dbf": b"x"})
    with pytest.raises(ImportRejected) as err:
        read_overlay(data, "p.zip")
    assert "outside its folder" in err.value.en and "ngoài thư mục" in err.value.vi
    assert not (tmp_path / "evil.shp").exists() and not list(clean_tmp.iterdir())


def test_zip_symlink_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("link.shp")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(ImportRejected):
        read_overlay(buf.getvalue(), "p.zip")


def test_zip_bomb_ratio_is_refused():
    data = zip_of({"a.shp": b"\0" * (3 * 1024 * 1024), "a.shx": b"", "a.dbf": b""})
    assert len(data) < 50_000
    with pytest.raises(ImportRejected) as err:
        read_overlay(data, "bomb.zip")
    assert "zip bomb" in err.value.en and f"{LIMITS.max_ratio:.0f}:1" in err.value.en


def test_zip_total_size_limit_is_refused():
    rnd = np.random.default_rng(0).bytes(300_000)  # incompressible: the ratio check does not fire
    data = zip_of({"a.shp": rnd, "a.shx": b"", "a.dbf": b""})
    with pytest.raises(ImportRejected) as err:
        read_overlay(data, "big.zip", limits=Limits(max_unzipped_bytes=200_000))
    assert "unpacks to" in err.value.en


def test_kmz_bomb_and_xlsx_bomb_use_the_same_checks():
    bomb = zip_of({"doc.kml": b" " * (3 * 1024 * 1024)})
    with pytest.raises(ImportRejected):
        read_overlay(bomb, "b.kmz")
    with pytest.raises(ImportRejected):
        read_overlay(bomb, "b.xlsx")


def test_file_size_limit_is_stated():
    with pytest.raises(ImportRejected) as err:
        read_overlay(b"x" * 2000, "a.geojson", limits=Limits(max_file_bytes=1000))
    assert "over the limit" in err.value.en and "vượt giới hạn" in err.value.vi
    assert LIMITS.max_file_bytes == 50 * 1024 * 1024 and "50 MB" in LIMITS.describe("en")


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
def test_feature_count_limit(tmp_path, fmt):
    src = frame(6, kind="point")
    if fmt == "geojson":
        data, name = src.to_json().encode(), "a.geojson"
    elif fmt == "csv":
        data, name = ("lon,lat\n" + "\n".join(f"{p.x},{p.y}" for p in src.geometry) + "\n").encode(), "a.csv"
    else:
        data, name = write_bytes(src, tmp_path, "a.gpkg", "GPKG"), "a.gpkg"
    with pytest.raises(ImportRejected) as err:
        read_overlay(data, name, declared_crs="EPSG:4326", limits=Limits(max_features=5))
    # a table is refused as soon as its 6th row is read, so it says "more than 5", not how many
    assert ("more than 5" if fmt == "csv" else "6") in err.value.en and "limit of 5" in err.value.en


def test_mixed_geometry_types_are_refused_with_counts():
    poly = json.loads(shapely.to_geojson(square_wgs84(*INSIDE[0])))
    data = geojson_bytes([feature(poly), feature(poly), feature({"type": "Point", "coordinates": list(INSIDE[1])})])
    with pytest.raises(ImportRejected) as err:
        read_overlay(data, "mixed.geojson")
    assert "2 polygons" in err.value.en and "1 points" in err.value.en and "vùng" in err.value.vi
    assert len(err.value.problems) == 2


def test_single_and_multi_parts_of_one_family_are_fine():
    sq = square_wgs84(*INSIDE[0])
    multi = shapely.MultiPolygon([square_wgs84(*INSIDE[1]), square_wgs84(*INSIDE[2])])
    data = geojson_bytes([feature(json.loads(shapely.to_geojson(g))) for g in (sq, multi)])
    assert read_overlay(data, "ok.geojson").family == "polygon"


def test_invalid_geometries_are_repaired_and_counted():
    lon, lat = INSIDE[0]
    d = 0.001
    bowtie = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat + d], [lon + d, lat], [lon, lat + d], [lon, lat]]]}
    good = json.loads(shapely.to_geojson(square_wgs84(*INSIDE[1])))
    ov = read_overlay(geojson_bytes([feature(bowtie, name="x"), feature(good, name="y")]), "bad.geojson")
    assert ov.report.repaired == 1
    assert shapely.is_valid(np.asarray(ov.gdf.geometry.values, dtype=object)).all()
    assert set(ov.gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert "1 invalid" in ov.report.summary("en") and "Đã sửa 1" in ov.report.summary("vi")


def test_null_geometries_are_dropped_and_counted():
    good = json.loads(shapely.to_geojson(square_wgs84(*INSIDE[1])))
    ov = read_overlay(geojson_bytes([feature(good), {"type": "Feature", "properties": {}, "geometry": None}]), "n.geojson")
    assert ov.report.feature_count == 1 and ov.report.dropped_empty == 1


def test_csv_without_coordinate_columns_and_with_bad_values():
    with pytest.raises(ImportRejected) as err:
        read_overlay(b"a,b\n1,2\n", "p.csv", declared_crs="EPSG:4326")
    assert "lon/lat" in err.value.en
    with pytest.raises(ImportRejected) as err:
        read_overlay(b"lon,lat\n106.3,20.9\nabc,20.9\n,\n106.3,\n", "p.csv", declared_crs="EPSG:4326")
    # a wholly blank line is skipped; the others are named by their line in the file
    assert "lines 3, 5" in err.value.en


def test_temp_folder_is_always_cleaned(tmp_path, clean_tmp):
    read_overlay(shapefile_zip(frame(3), tmp_path), "ok.zip")
    with pytest.raises(PlanMapError):
        read_overlay(shapefile_zip(frame(3), tmp_path, drop=(".prj",)), "no_prj.zip")
    with pytest.raises(PlanMapError):
        read_overlay(b"garbage", "x.gpkg")
    assert list(clean_tmp.iterdir()) == []


def test_report_summary_in_both_languages():
    ov = read_overlay(frame(3).to_json().encode(), "khu.geojson")
    assert ov.report.summary("vi").startswith("Đã đọc khu.geojson (GeoJSON): 3 vùng")
    assert ov.report.summary("en").startswith("Read khu.geojson (GeoJSON): 3 polygons")


def test_a_path_that_is_not_there_is_said_so(tmp_path):
    for name in ("nothing.shp", "nothing.geojson"):
        with pytest.raises(DataError) as err:
            read_overlay_path(tmp_path / name)
        assert "Không tìm thấy tệp" in err.value.vi and "File not found" in err.value.en
