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
