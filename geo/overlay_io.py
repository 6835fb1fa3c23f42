"""Read a user's own layer (GeoJSON, KML/KMZ, GeoPackage, zipped Shapefile, CSV/XLSX) into WGS 84.

``read_overlay(data, filename, declared_crs=None)`` returns an :class:`Overlay`
(a WGS 84 GeoDataFrame plus a report of what was read) or raises:

* ``CRSError`` — the file states no coordinate system and none was declared
  (the UI then asks the user; we never guess), or the declared one cannot fit;
* ``ImportRejected`` — the file was refused as a whole (limits, archive
  safety, missing Shapefile parts, mixed geometry types…), ``problems`` says why;
* ``DataError`` — the content is malformed.

Decisions:

* Mixed geometry families (points with lines or polygons) are **refused**, with
  the count of each, rather than silently split: an overlay is one layer with
  one style and one legend entry. Single and multi parts of one family
  (Polygon + MultiPolygon) are fine.
* Invalid geometries are **repaired** with ``shapely.make_valid`` (keeping only
  the parts of the layer's family) and counted in the report.
* Empty or missing geometries are dropped and counted; a file with none left is refused.
* All work happens in a temporary folder removed on success and on failure;
  nothing is written anywhere else.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from core import archive, tables
from core.archive import malformed as _malformed
from core.errors import CRSError, DataError, ImportRejected, PlanMapError
from core.bilingual import Text
from core.vocab import WGS84
from geo import crs as crsmod

log = logging.getLogger(__name__)


def vn_int(n: int) -> str:
    """12345 → '12.345' (Vietnamese thousands separator)."""
    return f"{int(n):,}".replace(",", ".")


# ---------------------------------------------------------------- limits
@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024          # the uploaded file
    max_unzipped_bytes: int = 250 * 1024 * 1024     # all members of an archive together
    max_ratio: float = 100.0                        # uncompressed / compressed, per archive
    max_members: int = 1000                         # entries in an archive
    max_features: int = 100_000                     # features (or CSV/XLSX rows)
    max_columns: int = 1000                         # CSV/XLSX columns (GeoPackage allows 2,000, DBF 255)

    @property
    def archive(self) -> archive.ArchiveLimits:
        return archive.ArchiveLimits(self.max_unzipped_bytes, self.max_ratio, self.max_members)

    @property
    def table(self) -> tables.TableLimits:
        return tables.TableLimits(max_rows=self.max_features, max_columns=self.max_columns, archive=self.archive)

    def describe(self, lang: str = "vi") -> str:
        mb = lambda n: f"{n / 1024 / 1024:.0f} MB"  # noqa: E731
        if lang == "en":
            return (f"at most {mb(self.max_file_bytes)} per file, {self.max_features:,} features, "
                    f"archives up to {mb(self.max_unzipped_bytes)} unpacked")
        return (f"tối đa {mb(self.max_file_bytes)} mỗi tệp, {vn_int(self.max_features)} đối tượng"
                + f", tệp nén giải nén tối đa {mb(self.max_unzipped_bytes)}")


LIMITS = Limits()

FORMATS = {  # extension → (format code, vi, en)
    ".geojson": ("geojson", "GeoJSON", "GeoJSON"),
    ".json": ("geojson", "GeoJSON", "GeoJSON"),
    ".kml": ("kml", "KML", "KML"),
    ".kmz": ("kmz", "KMZ (KML nén)", "KMZ (zipped KML)"),
    ".gpkg": ("gpkg", "GeoPackage", "GeoPackage"),
    ".zip": ("shapefile", "Shapefile (nén .zip)", "Shapefile (zipped)"),
    ".csv": ("csv", "CSV có cột tọa độ", "CSV with coordinate columns"),
    ".txt": ("csv", "CSV có cột tọa độ", "CSV with coordinate columns"),
    ".xlsx": ("xlsx", "Excel (.xlsx) có cột tọa độ", "Excel (.xlsx) with coordinate columns"),
}
UPLOAD_TYPES = ("geojson", "json", "kml", "kmz", "gpkg", "zip", "csv", "txt", "xlsx")

FAMILIES = {
    "Point": "point", "MultiPoint": "point",
    "LineString": "line", "MultiLineString": "line", "LinearRing": "line",
    "Polygon": "polygon", "MultiPolygon": "polygon",
}
FAMILY_LABELS = {"point": ("điểm", "points"), "line": ("đường", "lines"), "polygon": ("vùng", "polygons"),
                 "collection": ("tập hợp hình (GeometryCollection)", "geometry collections")}

# Coordinate column names, compared lower-case without diacritics, spaces, '_' or '-'.
X_NAMES = {
    "lonlat": ("lon", "long", "lng", "longitude", "kinhdo", "kd"),
    "xy": ("x", "toadox", "coordx"),
    "en": ("e", "east", "easting", "dongdo"),
}
Y_NAMES = {
    "lonlat": ("lat", "latitude", "vido", "vd"),
    "xy": ("y", "toadoy", "coordy"),
    "en": ("n", "north", "northing", "bacdo"),
}


# ---------------------------------------------------------------- results
Msg = Text  # a reader's warning: the one bilingual text type


@dataclass
class ImportReport:
    filename: str
    format: str
    format_label: tuple[str, str]
    source_crs: str
    crs_origin: str  # "file" | "declared" | "standard" (KML, GeoJSON without crs member)
    feature_count: int
    geometry_family: str
    repaired: int = 0
    dropped_empty: int = 0
    inside_share: float = 1.0
    suggested_crs: str | None = None
    warnings: list[Msg] = field(default_factory=list)

    def summary(self, lang: str = "vi") -> str:
        fam = FAMILY_LABELS.get(self.geometry_family, (self.geometry_family,) * 2)
        fmt = self.format_label[1] if lang == "en" else self.format_label[0]
        crs_label = crsmod.choice_label(self.source_crs, lang)
        origin = {
            "file": ("ghi trong tệp", "stated in the file"),
            "declared": ("do người dùng chọn", "chosen by the user"),
            "standard": ("mặc định của định dạng", "the format's standard"),
        }[self.crs_origin]
        if lang == "en":
            text = (f"Read {self.filename} ({fmt}): {self.feature_count:,} {fam[1]}, "
                    f"coordinate system {crs_label} ({origin[1]}), converted to WGS 84.")
            if self.repaired:
                text += f" {self.repaired:,} invalid geometries repaired."
            if self.dropped_empty:
                text += f" {self.dropped_empty:,} features without geometry skipped."
            return text
        text = (f"Đã đọc {self.filename} ({fmt}): {vn_int(self.feature_count)} {fam[0]}, "
                f"hệ tọa độ {crs_label} ({origin[0]}), đã chuyển sang WGS 84.")
        if self.repaired:
            text += f" Đã sửa {self.repaired} hình học không hợp lệ."
        if self.dropped_empty:
            text += f" Bỏ qua {self.dropped_empty} đối tượng không có hình học."
        return text

    def lines(self, lang: str = "vi") -> list[str]:
        return [self.summary(lang)] + [w.get(lang) for w in self.warnings]


@dataclass
class Overlay:
    name: str
    gdf: object  # geopandas.GeoDataFrame in EPSG:4326
    report: ImportReport
    digest: str

    @property
    def family(self) -> str:
        return self.report.geometry_family

    @property
    def bounds(self) -> list[list[float]]:
        """[[south, west], [north, east]] for folium's fit_bounds."""
        minx, miny, maxx, maxy = (float(v) for v in self.gdf.total_bounds)
        return [[miny, minx], [maxy, maxx]]

    @property
    def attribute_columns(self) -> list[str]:
        return [c for c in self.gdf.columns if c != self.gdf.geometry.name]


# ---------------------------------------------------------------- errors
def _reject(vi: str, en: str, problems: list | None = None) -> ImportRejected:
    return ImportRejected(vi, en, problems=problems or [Msg(vi, en)])


def _open_zip(data: bytes, filename: str, limits: Limits):
    zf = archive.open_checked(data, filename, limits.archive)
    return zf, zf.infolist()


# ---------------------------------------------------------------- readers
def _read_vector(path: Path, filename: str, layer=None):
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pyogrio.read_dataframe(path, layer=layer)
    except PlanMapError:
        raise
    except Exception as exc:  # pyogrio/GDAL errors of every kind mean "malformed" here
        raise _malformed(filename, exc) from exc


def _count(path: Path, filename: str, layer=None) -> int:
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            n = pyogrio.read_info(path, layer=layer, force_feature_count=True)["features"]
    except Exception as exc:
        raise _malformed(filename, exc) from exc
    return int(n)


def _check_count(n: int, filename: str, limits: Limits) -> None:
    if n > limits.max_features:
        raise _reject(
            f"Tệp {filename} có {vn_int(n)} đối tượng, vượt giới hạn {vn_int(limits.max_features)}.",
            f"{filename} holds {n:,} features, over the limit of {limits.max_features:,}.",
        )


def _list_layers(path: Path, filename: str) -> list[str]:
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:
        raise _malformed(filename, exc) from exc
    return [str(row[0]) for row in layers]


def _crs_of(gdf, warns: list[Msg] | None = None) -> str | None:
    """The file's CRS as an EPSG code, "?<name>" when unrecognised, None when absent."""
    if gdf.crs is None:
        return None
    code, bound, exact = crsmod.identify(gdf.crs)
    if code is None:
        return "?" + gdf.crs.name
    if warns is not None and bound:
        warns.append(Msg(
            f"Tệp tự ghi tham số chuyển đổi (TOWGS84) cho «{gdf.crs.name}»; chương trình dùng phép chuyển "
            f"đổi chuẩn EPSG:6960 cho {code} thay cho tham số đó.",
            f"The file carries its own TOWGS84 parameters for '{gdf.crs.name}'; the standard EPSG:6960 "
            f"transformation for {code} is used instead.",
        ))
    elif warns is not None and not exact and gdf.crs.name != get_name(code):
        warns.append(Msg(f"Hệ tọa độ trong tệp «{gdf.crs.name}» được nhận là {code}.",
                         f"The file's coordinate system '{gdf.crs.name}' was identified as {code}."))
    return code


def get_name(code: str) -> str:
    try:
        return crsmod.get_crs(code).name
    except PlanMapError:
        return code


def _read_geojson(data: bytes, filename: str, tmp: Path, limits: Limits, warns: list[Msg]):
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _malformed(filename, f"JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("type") not in (
        "FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString",
        "Polygon", "MultiPolygon", "GeometryCollection",
    ):
        raise _malformed(filename, "not a GeoJSON object (missing 'type')")
    feats = f = None
    if doc["type"] == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise _malformed(filename, "'features' is not a list")
        _check_count(len(feats), filename, limits)
        if not feats:
            raise _reject(f"Tệp {filename} không có đối tượng nào.", f"{filename} holds no features.")
        for i, f in enumerate(feats):
            if not isinstance(f, dict) or f.get("type") != "Feature":
                raise _malformed(filename, f"feature {i + 1} is not a GeoJSON Feature")
    has_crs_member = isinstance(doc.get("crs"), dict)
    doc = feats = f = None  # the parsed document is ~10× the file: gone before GDAL reads it again
    path = tmp / "data.geojson"
    path.write_bytes(data)
    gdf = _read_vector(path, filename)
    file_crs = _crs_of(gdf, warns) if has_crs_member else WGS84
    return gdf, file_crs, ("file" if has_crs_member else "standard")


def _read_kml(path: Path, filename: str, limits: Limits):
    import pandas as pd

    layers = _list_layers(path, filename)
    frames = []
    total = 0
    for name in layers:
        total += _count(path, filename, name)
        _check_count(total, filename, limits)
        gdf = _read_vector(path, filename, layer=name)
        if len(gdf):
            frames.append(gdf)
    if not frames:
        raise _reject(f"Tệp {filename} không có đối tượng nào.", f"{filename} holds no features.")
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=WGS84)
    return gdf


def _read_gpkg(path: Path, filename: str, limits: Limits, warns: list[Msg]):
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:
        raise _malformed(filename, exc) from exc
    spatial = [str(name) for name, gtype in layers if gtype]
    if not spatial:
        raise _reject(f"Tệp {filename} không có lớp dữ liệu không gian nào.",
                      f"{filename} holds no spatial layer.")
    layer = spatial[0]
    if len(spatial) > 1:
        warns.append(Msg(
            f"Tệp có {len(spatial)} lớp; đã đọc lớp «{layer}» (các lớp khác: {', '.join(spatial[1:5])}).",
            f"The file holds {len(spatial)} layers; read layer '{layer}' (others: {', '.join(spatial[1:5])}).",
        ))
    _check_count(_count(path, filename, layer), filename, limits)
    gdf = _read_vector(path, filename, layer=layer)
    return gdf, _crs_of(gdf, warns)


def _read_shapefile_zip(data: bytes, filename: str, tmp: Path, limits: Limits, warns: list[Msg]):
    zf, infos = _open_zip(data, filename, limits)
    with zf:
        shp = [i for i in infos if i.filename.lower().endswith(".shp") and not i.is_dir()
               and "__macosx" not in i.filename.lower()]
        if not shp:
            inner = [i.filename for i in infos if Path(i.filename).suffix.lower() in (".geojson", ".kml", ".gpkg")]
            raise _reject(
                f"Tệp nén {filename} không chứa Shapefile (.shp)."
                + (f" Hãy tải trực tiếp tệp {inner[0]}." if inner else ""),
                f"The archive {filename} holds no Shapefile (.shp)."
                + (f" Upload {inner[0]} directly instead." if inner else ""),
            )
        if len(shp) > 1:
            names = ", ".join(i.filename for i in shp[:5])
            raise _reject(
                f"Tệp nén {filename} có {len(shp)} Shapefile ({names}); mỗi lần hãy tải một lớp.",
                f"The archive {filename} holds {len(shp)} Shapefiles ({names}); upload one layer at a time.",
            )
        stem = shp[0].filename[:-4]
        by_lower = {i.filename.lower(): i for i in infos}
        parts = {}
        missing = []
        for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            info = by_lower.get((stem + ext).lower())
            if info is None and ext in (".shx", ".dbf"):
                missing.append(ext)
            elif info is not None:
                parts[ext] = info
        if missing:
            raise _reject(
                f"Shapefile trong {filename} thiếu phần {', '.join(missing)} (cần đủ .shp, .shx, .dbf; nên có .prj).",
                f"The Shapefile in {filename} lacks {', '.join(missing)} (.shp, .shx and .dbf are required; "
                f".prj is recommended).",
                problems=[Msg(f"thiếu {m}", f"missing {m}") for m in missing],
            )
        files = archive.extract(zf, list(parts.values()), tmp / "unzipped", filename, limits.archive)
    shp_path = next(p for p in files if p.suffix.lower() == ".shp")
    _check_count(_count(shp_path, filename), filename, limits)
    gdf = _read_vector(shp_path, filename)
    return gdf, (_crs_of(gdf, warns) if ".prj" in parts else None)


def _read_kmz(data: bytes, filename: str, tmp: Path, limits: Limits):
    zf, infos = _open_zip(data, filename, limits)
    with zf:
        kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
        if not kmls:
            raise _reject(f"Tệp KMZ {filename} không chứa tệp .kml.", f"The KMZ {filename} holds no .kml file.")
        main = next((i for i in kmls if i.filename.lower() == "doc.kml"), kmls[0])
        files = archive.extract(zf, [main], tmp / "unzipped", filename, limits.archive)
    return _read_kml(files[0], filename, limits)


# ---------------------------------------------------------------- tables
def _norm(name: str) -> str:
    text = unicodedata.normalize("NFD", str(name)).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\s_\-\.\(\)\[\]]+", "", text.lower())


def find_coordinate_columns(columns) -> tuple[str, str, str] | None:
    """(x column, y column, kind) where kind is 'lonlat' | 'xy' | 'en', or None."""
    normed = {_norm(c): c for c in columns}
    for kind in ("lonlat", "en", "xy"):
        xs = [normed[n] for n in X_NAMES[kind] if n in normed]
        ys = [normed[n] for n in Y_NAMES[kind] if n in normed]
        if xs and ys:
            return xs[0], ys[0], kind
    # names such as "Kinh độ (°)" or "X (m)": strip units in parentheses handled by _norm; try prefixes
    for kind in ("lonlat", "en", "xy"):
        xs = [orig for n, orig in normed.items() if any(n == p or n.startswith(p) and len(p) > 2 for p in X_NAMES[kind])]
        ys = [orig for n, orig in normed.items() if any(n == p or n.startswith(p) and len(p) > 2 for p in Y_NAMES[kind])]
        if xs and ys:
            return xs[0], ys[0], kind
    return None


def _read_table(data: bytes, filename: str, fmt: str, limits: Limits) -> pd.DataFrame:
    """Rows of a CSV/XLSX as text-or-number cells, indexed by their row number in the file."""
    table = tables.read_table(data, filename, fmt, limits.table)
    if not table.rows:
        raise _reject(f"Tệp {filename} không có dòng dữ liệu nào.", f"{filename} has no data rows.")
    columns = [name or f"Unnamed: {i}" for i, name in enumerate(table.header)]
    df = pd.DataFrame([cells for _, cells in table.rows], columns=columns, index=[n for n, _ in table.rows])
    if fmt == "csv":
        df = df.fillna("")
    unnamed_empty = [c for c, name in zip(columns, table.header) if not name and df[c].map(tables.is_blank).all()]
    return df.drop(columns=unnamed_empty).infer_objects()


def _to_number(series: pd.Series) -> pd.Series:
    if series.dtype.kind in "fi":
        return series.astype(float)
    text = series.astype(str).str.strip().str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    # Vietnamese decimal comma ("586127,35") when there is no dot
    text = text.where(text.str.contains(r"\.", regex=True), text.str.replace(",", ".", regex=False))
    return pd.to_numeric(text, errors="coerce")


def _table_to_points(df: pd.DataFrame, filename: str, warns: list[Msg]):
    import geopandas as gpd

    found = find_coordinate_columns(df.columns)
    if found is None:
        raise _reject(
            f"Không tìm thấy cột tọa độ trong {filename}. Cần một cặp cột: lon/lat, kinh độ/vĩ độ, x/y hoặc E/N. "
            f"Các cột hiện có: {', '.join(map(str, df.columns[:12]))}.",
            f"No coordinate columns found in {filename}. Needed: a pair named lon/lat, longitude/latitude, "
            f"x/y or E/N. Columns present: {', '.join(map(str, df.columns[:12]))}.",
        )
    xcol, ycol, kind = found
    xs, ys = _to_number(df[xcol]), _to_number(df[ycol])
    bad = ~(np.isfinite(xs.to_numpy(dtype=float)) & np.isfinite(ys.to_numpy(dtype=float)))
    if bad.any():
        rows = [int(i) for i in df.index[bad][:10]]  # the row numbers of the file
        raise _reject(
            f"{int(bad.sum())} dòng trong {filename} có tọa độ trống hoặc không phải số (dòng {', '.join(map(str, rows))}).",
            f"{int(bad.sum())} rows of {filename} have empty or non-numeric coordinates (lines {', '.join(map(str, rows))}).",
            problems=[Msg(f"dòng {r}", f"line {r}") for r in rows],
        )
    x, y = xs.to_numpy(dtype=float), ys.to_numpy(dtype=float)
    # Vietnamese surveying convention: X is northing, Y is easting. Swap when the values say so.
    if kind == "xy" and np.median(x) > 1_000_000 and np.median(y) < 1_000_000:
        x, y = y, x
        warns.append(Msg(
            f"Cột «{xcol}» được hiểu là tọa độ Bắc (N) và «{ycol}» là tọa độ Đông (E), theo quy ước trắc địa Việt Nam.",
            f"Column '{xcol}' was read as northing and '{ycol}' as easting (Vietnamese surveying convention).",
        ))
    attrs = df.drop(columns=[xcol, ycol])
    return gpd.GeoDataFrame(attrs, geometry=shapely.points(x, y), crs=None), kind


# ---------------------------------------------------------------- geometry checks
def _clean_geometries(gdf, filename: str):
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    dropped = int(missing.sum())
    if dropped:
        gdf = gdf.loc[~missing].copy()
        geoms = np.asarray(gdf.geometry.values, dtype=object)
    if len(gdf) == 0:
        raise _reject(f"Tệp {filename} không có đối tượng nào có hình học.",
                      f"{filename} holds no feature with a geometry.")
    types = pd.Series(shapely.get_type_id(geoms))
    names = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
             5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}
    fams = types.map(lambda t: FAMILIES.get(names.get(t, ""), "collection"))
    counts = fams.value_counts().to_dict()
    if len(counts) > 1 or "collection" in counts:
        parts_vi = ", ".join(f"{n} {FAMILY_LABELS[f][0]}" for f, n in counts.items())
        parts_en = ", ".join(f"{n} {FAMILY_LABELS[f][1]}" for f, n in counts.items())
        raise _reject(
            f"Tệp {filename} trộn nhiều loại hình học ({parts_vi}). Mỗi lớp chỉ được một loại: "
            f"hãy tách điểm, đường và vùng thành các tệp riêng.",
            f"{filename} mixes geometry types ({parts_en}). A layer holds one type: "
            f"split points, lines and polygons into separate files.",
            problems=[Msg(f"{n} {FAMILY_LABELS[f][0]}", f"{n} {FAMILY_LABELS[f][1]}") for f, n in counts.items()],
        )
    family = next(iter(counts))
    coords = shapely.get_coordinates(geoms)
    if coords.size and not np.isfinite(coords).all():
        raise _malformed(filename, "non-finite coordinates")
    invalid = ~shapely.is_valid(geoms)
    repaired = int(invalid.sum())
    if repaired:
        fixed = shapely.make_valid(geoms[invalid])
        fixed = np.array([_keep_family(g, family) for g in fixed], dtype=object)
        geoms = geoms.copy()
        geoms[invalid] = fixed
        gdf = gdf.copy()
        gdf[gdf.geometry.name] = gdf.geometry.__class__(geoms, index=gdf.index, crs=gdf.crs)
        empty = shapely.is_empty(geoms) | shapely.is_missing(geoms)
        if empty.any():
            dropped += int(empty.sum())
            gdf = gdf.loc[~empty].copy()
    return gdf, family, repaired, dropped


def _keep_family(geom, family: str):
    if geom is None or geom.geom_type != "GeometryCollection":
        return geom
    parts = [p for p in shapely.get_parts(geom) if FAMILIES.get(p.geom_type) == family]
    if not parts:
        return shapely.Point()  # empty → dropped
    if family == "polygon":
        return shapely.union_all(parts)
    if family == "line":
        return shapely.MultiLineString([q for p in parts for q in shapely.get_parts(p)])
    return shapely.MultiPoint([q for p in parts for q in shapely.get_parts(p)])


def _json_safe(gdf):
    """Attribute columns as JSON-friendly values (dates → ISO text, bytes dropped, NaN → None)."""
    for i, col in enumerate(gdf.columns):  # by position: a name is not always unique
        if col == gdf.geometry.name:
            continue
        s = gdf.iloc[:, i]
        if s.dtype.kind in "mM" or str(s.dtype).startswith("datetime"):
            gdf.isetitem(i, s.astype(str).where(s.notna(), None))
        elif s.dtype == object:
            gdf.isetitem(i, s.map(lambda v: v.isoformat() if hasattr(v, "isoformat")
                                  else (None if isinstance(v, (bytes, bytearray)) else v)))
    return gdf


# ---------------------------------------------------------------- main entry
def detect_format(filename: str) -> tuple[str, str, str]:
    ext = Path(filename).suffix.lower()
    if ext in (".shp", ".shx", ".dbf", ".prj"):
        raise _reject(
            "Shapefile gồm nhiều tệp: hãy nén .shp, .shx, .dbf (và .prj) thành một tệp .zip rồi tải lên.",
            "A Shapefile is several files: zip .shp, .shx, .dbf (and .prj) into one .zip and upload that.",
        )
    if ext not in FORMATS:
        raise _reject(
            f"Không hỗ trợ định dạng «{ext or filename}». Chấp nhận: GeoJSON, KML/KMZ, GeoPackage, "
            f"Shapefile nén .zip, CSV/XLSX có cột tọa độ.",
            f"Format '{ext or filename}' is not supported. Accepted: GeoJSON, KML/KMZ, GeoPackage, "
            f"zipped Shapefile, CSV/XLSX with coordinate columns.",
        )
    return FORMATS[ext]


def read_overlay(data: bytes, filename: str, declared_crs: str | None = None, limits: Limits = LIMITS) -> Overlay:
    """Read one uploaded file into a WGS 84 :class:`Overlay`; raise a bilingual PlanMapError otherwise.

    A failure no reader foresaw (a library's own exception) is logged here and becomes a DataError:
    what reaches the page is always a message, never a traceback.
    """
    filename = Path(str(filename).replace("\\", "/")).name or "tệp"
    try:
        return _read_overlay(data, filename, declared_crs, limits)
    except PlanMapError:
        raise
    except Exception as exc:  # noqa: BLE001 - see the docstring
        log.warning("unforeseen error reading %s", filename, exc_info=True)
        raise _malformed(filename, f"{type(exc).__name__}: {exc}") from exc


def _read_overlay(data: bytes, filename: str, declared_crs: str | None, limits: Limits) -> Overlay:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DataError("Không có nội dung tệp.", "No file content.")
    data = bytes(data)
    if len(data) > limits.max_file_bytes:
        raise _reject(
            f"Tệp {filename} nặng {len(data) / 1048576:.1f} MB, vượt giới hạn {limits.max_file_bytes / 1048576:.0f} MB.",
            f"{filename} is {len(data) / 1048576:.1f} MB, over the limit of {limits.max_file_bytes / 1048576:.0f} MB.",
        )
    if not data:
        raise DataError(f"Tệp {filename} rỗng.", f"{filename} is empty.")
    fmt, label_vi, label_en = detect_format(filename)
    declared = crsmod.normalize_code(declared_crs) if declared_crs else None
    if declared:
        crsmod.get_crs(declared)
    warns: list[Msg] = []
    tmp = Path(tempfile.mkdtemp(prefix="overlay-"))
    try:
        if fmt == "geojson":
            gdf, file_crs, origin = _read_geojson(data, filename, tmp, limits, warns)
        elif fmt == "kml":
            path = tmp / "data.kml"
            path.write_bytes(data)
            gdf, file_crs, origin = _read_kml(path, filename, limits), WGS84, "standard"
        elif fmt == "kmz":
            gdf, file_crs, origin = _read_kmz(data, filename, tmp, limits), WGS84, "standard"
        elif fmt == "gpkg":
            path = tmp / "data.gpkg"
            path.write_bytes(data)
            gdf, file_crs = _read_gpkg(path, filename, limits, warns)
            origin = "file"
        elif fmt == "shapefile":
            gdf, file_crs = _read_shapefile_zip(data, filename, tmp, limits, warns)
            origin = "file"
        else:  # csv / xlsx
            df = _read_table(data, filename, fmt, limits)
            gdf, _ = _table_to_points(df, filename, warns)
            file_crs, origin = None, "file"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    tables.refuse_duplicate_columns([str(c) for c in gdf.columns], filename)  # which one would a popup show?
    _check_count(len(gdf), filename, limits)
    gdf, family, repaired, dropped = _clean_geometries(gdf, filename)
    minx, miny, maxx, maxy = gdf.total_bounds
    looks_geographic = max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90

    # Which CRS the coordinates are in.
    if file_crs and file_crs.startswith("?"):
        name = file_crs[1:]
        if not declared:
            raise CRSError(
                f"Không nhận ra hệ tọa độ ghi trong tệp ({name}). Hãy chọn hệ tọa độ của dữ liệu.",
                f"The coordinate system stated in the file ({name}) is not recognised. Choose the data's system.",
            )
        warns.append(Msg(f"Hệ tọa độ trong tệp ({name}) không nhận ra được; dùng {declared} theo lựa chọn.",
                         f"The file's coordinate system ({name}) is not recognised; using the chosen {declared}."))
        file_crs = None
    if fmt == "geojson" and origin == "standard" and not looks_geographic:
        # RFC 7946 says WGS 84, but these numbers are metres: the exporter left out the crs member.
        if not declared:
            raise CRSError(
                f"Tọa độ trong {filename} không phải kinh độ/vĩ độ (giá trị tới {max(abs(maxx), abs(maxy)):,.0f}) "
                f"và tệp không ghi hệ tọa độ. Hãy chọn hệ tọa độ (thường là EPSG:9209 ở Hải Dương).",
                f"The coordinates in {filename} are not longitude/latitude (values up to "
                f"{max(abs(maxx), abs(maxy)):,.0f}) and the file states no coordinate system. "
                f"Choose one (usually EPSG:9209 in Hải Dương).",
            )
        file_crs = None
    if file_crs:
        source, origin = file_crs, origin
        if declared and declared != file_crs:
            warns.append(Msg(
                f"Tệp ghi hệ tọa độ {file_crs}; dùng hệ này thay cho {declared} đã chọn.",
                f"The file states {file_crs}; that is used instead of the chosen {declared}.",
            ))
    elif declared:
        source, origin = declared, "declared"
    else:
        raise crsmod.missing_crs_error()

    src_crs = crsmod.get_crs(source)
    if src_crs.is_geographic and not looks_geographic:
        suggestion = crsmod.suggest_crs(*_sample_xy(gdf))
        raise CRSError(
            f"Tọa độ trong {filename} là mét, không phải độ, nên không thể là {crsmod.choice_label(source, 'vi')}."
            + (f" {suggestion} sẽ đặt dữ liệu trong tỉnh." if suggestion else ""),
            f"The coordinates in {filename} are metres, not degrees, so they cannot be "
            f"{crsmod.choice_label(source, 'en')}." + (f" {suggestion} would place them in the province." if suggestion else ""),
        )

    sx, sy = _sample_xy(gdf)
    out = crsmod.to_wgs84(gdf, source)
    ocoords = shapely.get_coordinates(np.asarray(out.geometry.values, dtype=object))
    if ocoords.size and not np.isfinite(ocoords).all():
        raise CRSError(
            f"Không thể chuyển tọa độ của {filename} từ {source} sang WGS 84: giá trị nằm ngoài phạm vi của hệ tọa độ này.",
            f"The coordinates of {filename} cannot be converted from {source} to WGS 84: values lie outside that system.",
        )
    reps = shapely.point_on_surface(np.asarray(out.geometry.values, dtype=object)) if family == "polygon" \
        else shapely.centroid(np.asarray(out.geometry.values, dtype=object))
    rx, ry = shapely.get_x(reps), shapely.get_y(reps)
    share = float(np.mean(crsmod.inside_province(rx, ry))) if len(rx) else 0.0
    suggestion = None
    if share < 0.5:
        suggestion = crsmod.suggest_crs(sx, sy, exclude=[source])
        hint_vi = f" — {crsmod.choice_label(suggestion, 'vi')} sẽ đặt dữ liệu trong tỉnh" if suggestion else ""
        hint_en = f" — {crsmod.choice_label(suggestion, 'en')} would put it inside" if suggestion else ""
        warns.append(Msg(
            f"{(1 - share):.0%} đối tượng nằm ngoài tỉnh Hải Dương với hệ tọa độ {source}{hint_vi}. "
            f"Hãy kiểm tra lại hệ tọa độ.",
            f"{(1 - share):.0%} of the features lie outside Hải Dương province with {source}{hint_en}. "
            f"Check the coordinate system.",
        ))
    if repaired:
        warns.append(Msg(f"Đã sửa {repaired} hình học không hợp lệ (make_valid).",
                         f"{repaired} invalid geometries were repaired (make_valid)."))
    out = _json_safe(out.reset_index(drop=True))
    report = ImportReport(
        filename=filename, format=fmt, format_label=(label_vi, label_en), source_crs=source, crs_origin=origin,
        feature_count=len(out), geometry_family=family, repaired=repaired, dropped_empty=dropped,
        inside_share=share, suggested_crs=suggestion, warnings=warns,
    )
    digest = hashlib.sha256(data + (declared or "").encode()).hexdigest()[:16]
    return Overlay(name=Path(filename).stem, gdf=out, report=report, digest=digest)


def _sample_xy(gdf, n: int = 2000):
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if len(geoms) > n:
        geoms = geoms[np.linspace(0, len(geoms) - 1, n).astype(int)]
    coords = shapely.get_coordinates(shapely.centroid(geoms))
    return coords[:, 0], coords[:, 1]
