"""Build the map's base geography (data/base/) from the dvhcvn district boundaries.

The 12 district-level units of Hải Dương as they were from 2019-12-01 to 2025-06-30 (the units the 2023
program names), simplified for the web with shapely's coverage simplification so that neighbouring
districts keep one shared border (no slivers, no gaps), and coordinates rounded to 4 decimals (~11 m,
finer than the simplification). Run again, the output is byte-identical (tests check it):

    .venv/bin/python scripts/build_base_geography.py [SOURCE.geojson]

SOURCE defaults to ../shared/reference/haiduong_districts.geojson (repository daohoangson/dvhcvn,
data/gis/30.json, extracted by its author from gis.chinhphu.vn; GPL-3.0). See data/base/README.md.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "haiduong_districts.geojson"
OUT = ROOT / "data" / "base" / "districts_2019_2025.geojson"
TOLERANCE_DEG = 0.0012   # ≈ 120 m: invisible at the province's zoom (10–13), a fifth of the payload
DECIMALS = 4
KEEP = ("district_code", "name", "full_name", "type")


def _rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(c, DECIMALS) for c in coords]
    return [_rounded(c) for c in coords]


def build(source: Path = DEFAULT_SOURCE) -> dict:
    """The simplified FeatureCollection, polygons wound counter-clockwise (RFC 7946 §3.1.6)."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    features.sort(key=lambda f: f["properties"]["district_code"])
    geoms = [shapely.make_valid(shape(f["geometry"])) for f in features]
    simplified = shapely.coverage_simplify(geoms, TOLERANCE_DEG, simplify_boundary=True)
    out = []
    for feature, geom in zip(features, simplified):
        geom = shapely.set_precision(geom, 10 ** -DECIMALS)
        if geom.geom_type == "Polygon":
            geom = orient(geom, 1.0)
        else:
            geom = shapely.MultiPolygon([orient(p, 1.0) for p in geom.geoms])
        geometry = mapping(geom)
        geometry = {"type": geometry["type"], "coordinates": _rounded(json.loads(json.dumps(geometry["coordinates"])))}
        props = {"id": f"district-{feature['properties']['district_code']}"}
        props.update({k: feature["properties"][k] for k in KEEP})
        props["source"] = "daohoangson/dvhcvn data/gis/30.json (gis.chinhphu.vn), GPL-3.0"
        props["valid"] = "2019-12-01/2025-06-30"
        out.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection",
            "name": "Hải Dương — đơn vị hành chính cấp huyện 2019–2025 (district-level units)",
            "features": out}


def dumps(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dumps(build(source)), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
