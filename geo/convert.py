"""Command line: any supported file → RFC 7946 GeoJSON in WGS 84.

    python -m geo.convert FILE [--from-crs EPSG:9209] --to OUT.geojson [--lang en]

FILE may be a ``.shp`` with its ``.shx``/``.dbf`` (and ``.prj``) beside it, as GDAL reads it.

Prints what it read and wrote. On error prints the Vietnamese and English
message and exits non-zero (2: coordinate system needed, 1: file refused);
nothing is written then.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely

from core.errors import CRSError, PlanMapError
from core.text import vn_int
from geo.crs import CRS_CHOICES
from geo.overlay_io import read_overlay_path

DECIMALS = 7  # ≈ 1 cm at this latitude; RFC 7946 §11.2 recommends no more


def to_geojson_bytes(gdf, decimals: int = DECIMALS, crs_member: str | None = None) -> bytes:
    """A FeatureCollection from a GeoDataFrame whose coordinates are already in the wanted CRS.

    ``crs_member`` (e.g. "EPSG:9209") adds the legacy 2008 ``crs`` member: such a file
    is *not* RFC 7946 (which is WGS 84 only) but GIS software reads the CRS from it.
    """
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    rounded = shapely.transform(geoms, lambda c: np.round(c, decimals))
    props = gdf.drop(columns=[gdf.geometry.name])
    props = props.astype(object).where(props.notna(), None)
    features = []
    for geom, (_, row) in zip(rounded, props.iterrows()):
        features.append({
            "type": "Feature",
            "properties": {str(k): _plain(v) for k, v in row.items()},
            "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None,
        })
    doc: dict = {"type": "FeatureCollection"}
    if crs_member:
        code = crs_member.split(":")[-1]
        doc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{code}"}}
    doc["features"] = features
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _plain(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def convert(src: Path, out: Path, from_crs: str | None = None, lang: str = "vi") -> str:
    """Read ``src``, write WGS 84 GeoJSON to ``out`` atomically, return the printed summary."""
    overlay = read_overlay_path(src, declared_crs=from_crs)
    payload = to_geojson_bytes(overlay.gdf)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".convert-", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    lines = overlay.report.lines(lang)
    wrote = (f"Wrote {out} — RFC 7946 GeoJSON, WGS 84 (EPSG:4326), {overlay.report.feature_count} features, "
             f"{DECIMALS} decimals, {len(payload):,} bytes." if lang == "en" else
             f"Đã ghi {out} — GeoJSON RFC 7946, WGS 84 (EPSG:4326), {overlay.report.feature_count} đối tượng, "
             f"{DECIMALS} chữ số thập phân, {vn_int(len(payload))} byte.")
    return "\n".join(lines + [wrote])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo.convert",
        description="Chuyển tệp dữ liệu (GeoJSON, KML/KMZ, GeoPackage, Shapefile .shp hoặc .zip, CSV/XLSX) sang GeoJSON WGS 84. "
                    "/ Convert a data file to WGS 84 GeoJSON.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--from-crs", dest="from_crs", default=None,
                        help="hệ tọa độ của dữ liệu nếu tệp không ghi, ví dụ EPSG:9209 / the data's CRS if the file states none")
    parser.add_argument("--to", dest="out", type=Path, required=True, help="tệp GeoJSON kết quả / output GeoJSON")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    try:
        if not args.file.is_file():
            raise PlanMapError(f"Không tìm thấy tệp {args.file}.", f"File not found: {args.file}.")
        print(convert(args.file, args.out, args.from_crs, args.lang))
    except PlanMapError as exc:
        print(exc.vi, file=sys.stderr)
        if exc.en != exc.vi:
            print(exc.en, file=sys.stderr)
        for problem in getattr(exc, "problems", [])[1:]:
            print(f"  - {getattr(problem, 'vi', problem)} / {getattr(problem, 'en', problem)}", file=sys.stderr)
        if isinstance(exc, CRSError):
            print("Chọn bằng --from-crs / choose with --from-crs: "
                  + ", ".join(c.code for c in CRS_CHOICES), file=sys.stderr)
            return 2
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
