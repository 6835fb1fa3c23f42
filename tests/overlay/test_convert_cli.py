"""`python -m geo.convert` end to end, in a subprocess like a user would run it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from core.vocab import PROVINCE_BOUNDS
from geo import crs as crsmod

from .conftest import INSIDE

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo.convert", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def _vn2000_csv(path: Path) -> Path:
    x, y = crsmod.from_wgs84(([p[0] for p in INSIDE], [p[1] for p in INSIDE]), "EPSG:9209")
    lines = ["Tên,E,N"] + [f"Mốc {i},{e:.3f},{n:.3f}" for i, (e, n) in enumerate(zip(x, y))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_vn2000_csv_to_wgs84_geojson(tmp_path):
    src = _vn2000_csv(tmp_path / "moc.csv")
    out = tmp_path / "out" / "moc.geojson"
    res = _run(str(src), "--from-crs", "EPSG:9209", "--to", str(out))
    assert res.returncode == 0, res.stderr
    assert "moc.csv" in res.stdout and "EPSG:9209" in res.stdout and str(out) in res.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946: WGS 84, no crs member
    coords = np.array([f["geometry"]["coordinates"] for f in doc["features"]])
    minx, miny, maxx, maxy = PROVINCE_BOUNDS
    assert ((coords[:, 0] > minx) & (coords[:, 0] < maxx) & (coords[:, 1] > miny) & (coords[:, 1] < maxy)).all()
    assert np.allclose(coords, np.array(INSIDE), atol=2e-7)
    assert all(len(repr(c).split(".")[-1]) <= 7 for c in coords.ravel())
    assert doc["features"][0]["properties"]["Tên"] == "Mốc 0"


def test_missing_crs_exits_non_zero_with_both_messages(tmp_path):
    src = _vn2000_csv(tmp_path / "moc.csv")
    out = tmp_path / "never.geojson"
    res = _run(str(src), "--to", str(out))
    assert res.returncode == 2
    assert "không tự đoán" in res.stderr and "does not guess" in res.stderr and "--from-crs" in res.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [src]


def test_bad_file_exits_non_zero(tmp_path):
    src = tmp_path / "x.geojson"
    src.write_text("{not json", encoding="utf-8")
    res = _run(str(src), "--to", str(tmp_path / "o.geojson"))
    assert res.returncode == 1 and "malformed" in res.stderr and "không đúng định dạng" in res.stderr
    assert not (tmp_path / "o.geojson").exists()


def test_english_output(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("lon,lat\n106.33,20.94\n", encoding="utf-8")
    res = _run(str(src), "--from-crs", "EPSG:4326", "--to", str(tmp_path / "p.geojson"), "--lang", "en")
    assert res.returncode == 0 and res.stdout.startswith("Read p.csv") and "Wrote" in res.stdout


def _shapefile(folder: Path, crs: str = "EPSG:9209") -> Path:
    """moc-gioi.shp (+ .shx, .dbf, .prj, .cpg) as GDAL writes it: three boundary posts in VN-2000."""
    import geopandas as gpd
    import shapely

    folder.mkdir(parents=True, exist_ok=True)
    wgs = gpd.GeoDataFrame({"ten": ["Mốc Đường Hưng", "Mốc Ninh Giang", "Mốc Chí Linh"], "so": [1, 2, 3]},
                           geometry=[shapely.Point(p) for p in INSIDE], crs="EPSG:4326")
    path = folder / "moc-gioi.shp"
    crsmod.from_wgs84(wgs, crs).to_file(path, driver="ESRI Shapefile", engine="pyogrio", encoding="UTF-8")
    return path


def _ogrinfo(path: Path) -> str:
    res = subprocess.run(["ogrinfo", "-ro", "-al", str(path)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_shp_with_its_siblings_converts_as_gdal_reads_it(tmp_path):
    shp = _shapefile(tmp_path / "in")
    assert {p.suffix for p in shp.parent.iterdir()} >= {".shp", ".shx", ".dbf", ".prj"}
    out = tmp_path / "moc-gioi.geojson"
    res = _run(str(shp), "--to", str(out))  # no --from-crs: the .prj states EPSG:9209
    assert res.returncode == 0, res.stderr
    assert "moc-gioi.shp" in res.stdout and "EPSG:9209" in res.stdout and "ghi trong tệp" in res.stdout
    info = _ogrinfo(out)
    assert "Feature Count: 3" in info and "Geometry: Point" in info
    assert 'ID["EPSG",4326]' in info or "WGS 84" in info
    assert "ten (String) = Mốc Đường Hưng" in info and "ten (String) = Mốc Chí Linh" in info
    doc = json.loads(out.read_text(encoding="utf-8"))
    coords = np.array([f["geometry"]["coordinates"] for f in doc["features"]])
    assert np.allclose(coords, np.array(INSIDE), atol=2e-7)  # through EPSG:6960, back where they were placed


def test_shp_missing_dbf_or_shx_is_refused_naming_the_part(tmp_path):
    shp = _shapefile(tmp_path / "in")
    shp.with_suffix(".dbf").unlink()
    shp.with_suffix(".shx").unlink()
    out = tmp_path / "never.geojson"
    res = _run(str(shp), "--to", str(out))
    assert res.returncode == 1
    assert "thiếu phần .shx, .dbf" in res.stderr and "lacks .shx, .dbf" in res.stderr
    assert "nén" not in res.stderr and "zip" not in res.stderr  # the folder is read: no zip asked for
    assert not out.exists()


def test_a_part_other_than_shp_asks_for_the_shp(tmp_path):
    shp = _shapefile(tmp_path / "in")
    res = _run(str(shp.with_suffix(".dbf")), "--to", str(tmp_path / "o.geojson"))
    assert res.returncode == 1 and "tệp .shp" in res.stderr and "name the .shp file" in res.stderr
