"""One reader per format, in one dispatch table: ``READERS[format code](source) → Read``.

A reader turns the file into a GeoDataFrame in the file's own coordinates and says which CRS the
file states (an EPSG code, "?name" when unrecognised, None when it states none) and where that
came from ("file", or "standard" where the format fixes it: KML, GeoJSON without a crs member).
Choosing the CRS, cleaning and reprojecting happen after, the same for every format.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from core import archive
from core.archive import malformed
from core.bilingual import Text
from core.vocab import WGS84

from . import points, shapefile
from .model import Limits, reject
from .vector import check_count, count_features, crs_of, list_layers, no_features, read_vector

NOT_JSON = Text("tệp không phải JSON hợp lệ (thiếu dấu phẩy, ngoặc, hoặc tệp bị cắt ngang) — hãy xuất lại tệp "
                "GeoJSON từ chương trình đã tạo ra nó",
                "it is not valid JSON (a missing comma or bracket, or a file cut short) — export the GeoJSON "
                "again from the program that made it")
NOT_GEOJSON = Text("tệp là JSON nhưng không phải GeoJSON (cần «type»: FeatureCollection, Feature hoặc một hình)",
                   "it is JSON but not GeoJSON (it needs a “type”: FeatureCollection, Feature or a geometry)")

GEOJSON_TYPES = ("FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString",
                 "Polygon", "MultiPolygon", "GeometryCollection")


@dataclass
class Source:
    """One file to read: its bytes (or, for a Shapefile on disk, its parts), a private temporary folder."""

    data: bytes
    filename: str
    fmt: str
    tmp: Path
    limits: Limits
    warns: list[Text] = field(default_factory=list)
    parts: dict[str, Path] | None = None

    def saved(self, name: str) -> Path:
        """The bytes written to ``name`` in the temporary folder, for GDAL to open."""
        path = self.tmp / name
        path.write_bytes(self.data)
        return path


class Read(NamedTuple):
    gdf: object        # GeoDataFrame in the file's coordinates
    file_crs: str | None
    origin: str        # "file" | "standard"


def read_geojson(src: Source) -> Read:
    """Checked as JSON first (structure, feature count) so GDAL never sees a non-GeoJSON document."""
    filename = src.filename
    try:
        doc = json.loads(src.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise malformed(filename, f"JSON: {exc}", NOT_JSON) from exc
    if not isinstance(doc, dict) or doc.get("type") not in GEOJSON_TYPES:
        raise malformed(filename, "not a GeoJSON object (missing 'type')", NOT_GEOJSON)
    feats = f = None
    if doc["type"] == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise malformed(filename, "'features' is not a list", NOT_GEOJSON)
        check_count(len(feats), filename, src.limits)
        if not feats:
            raise no_features(filename)
        for i, f in enumerate(feats):
            if not isinstance(f, dict) or f.get("type") != "Feature":
                raise malformed(filename, f"feature {i + 1} is not a GeoJSON Feature", NOT_GEOJSON)
    has_crs_member = isinstance(doc.get("crs"), dict)
    doc = feats = f = None  # the parsed document is ~10× the file: gone before GDAL reads it again
    gdf = read_vector(src.saved("data.geojson"), filename)
    if has_crs_member:
        return Read(gdf, crs_of(gdf, src.warns), "file")
    return Read(gdf, WGS84, "standard")


def _kml_layers(path: Path, src: Source) -> Read:
    """Every folder (layer) of a KML, counted before it is read; KML is WGS 84 by definition."""
    import geopandas as gpd
    import pandas as pd

    frames, total = [], 0
    for name, _ in list_layers(path, src.filename):
        total += count_features(path, src.filename, name)
        check_count(total, src.filename, src.limits)
        gdf = read_vector(path, src.filename, layer=name)
        if len(gdf):
            frames.append(gdf)
    if not frames:
        raise no_features(src.filename)
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=WGS84)
    return Read(gdf, WGS84, "standard")


def read_kml(src: Source) -> Read:
    return _kml_layers(src.saved("data.kml"), src)


def read_kmz(src: Source) -> Read:
    """The KMZ's doc.kml (else its first .kml), unpacked after the archive checks."""
    filename = src.filename
    with archive.open_checked(src.data, filename, src.limits.archive) as zf:
        kmls = [i for i in zf.infolist() if i.filename.lower().endswith(".kml")]
        if not kmls:
            raise reject(f"Tệp KMZ {filename} không chứa tệp .kml.", f"The KMZ {filename} holds no .kml file.")
        main = next((i for i in kmls if i.filename.lower() == "doc.kml"), kmls[0])
        files = archive.extract(zf, [main], src.tmp / "unzipped", filename, src.limits.archive)
    return _kml_layers(files[0], src)


def read_gpkg(src: Source) -> Read:
    """The first spatial layer of a GeoPackage (the others are named in a warning)."""
    filename = src.filename
    path = src.saved("data.gpkg")
    spatial = [name for name, gtype in list_layers(path, filename) if gtype]
    if not spatial:
        raise reject(f"Tệp {filename} không có lớp dữ liệu không gian nào.", f"{filename} holds no spatial layer.")
    layer = spatial[0]
    if len(spatial) > 1:
        src.warns.append(Text(
            f"Tệp có {len(spatial)} lớp; đã đọc lớp «{layer}» (các lớp khác: {', '.join(spatial[1:5])}).",
            f"The file holds {len(spatial)} layers; read layer '{layer}' (others: {', '.join(spatial[1:5])}).",
        ))
    check_count(count_features(path, filename, layer), filename, src.limits)
    gdf = read_vector(path, filename, layer=layer)
    return Read(gdf, crs_of(gdf, src.warns), "file")


def read_shapefile_zip(src: Source) -> Read:
    return Read(*shapefile.read_zip(src.data, src.filename, src.tmp, src.limits, src.warns))


def read_shapefile_folder(src: Source) -> Read:
    return Read(*shapefile.read_folder(src.parts or {}, src.filename, src.tmp, src.limits, src.warns))


def read_table_points(src: Source) -> Read:
    """CSV/XLSX rows with coordinate columns: a table never states its CRS."""
    df = points.table_frame(src.data, src.filename, src.fmt, src.limits)
    gdf, _ = points.table_to_points(df, src.filename, src.warns)
    return Read(gdf, None, "file")


READERS: dict[str, Callable[[Source], Read]] = {
    "geojson": read_geojson,
    "kml": read_kml,
    "kmz": read_kmz,
    "gpkg": read_gpkg,
    "shapefile": read_shapefile_zip,
    "shp": read_shapefile_folder,
    "csv": read_table_points,
    "xlsx": read_table_points,
}
