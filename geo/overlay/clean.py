"""Geometry cleaning: drop empty features, refuse mixed families, repair invalid shapes, JSON-safe attributes.

Mixed families (points with lines or polygons) are refused, with the count of each, rather than
silently split: an overlay is one layer with one style and one legend entry. Single and multi
parts of one family (Polygon + MultiPolygon) are fine. Invalid geometries are repaired with
``shapely.make_valid``, keeping only the parts of the layer's family.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from core.archive import malformed
from core.bilingual import Text

from .model import FAMILY_LABELS, reject

FAMILIES = {
    "Point": "point", "MultiPoint": "point",
    "LineString": "line", "MultiLineString": "line", "LinearRing": "line",
    "Polygon": "polygon", "MultiPolygon": "polygon",
}
_TYPE_NAMES = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
               5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}


def _family_of(geoms: np.ndarray, filename: str) -> str:
    """The one geometry family of ``geoms``; ImportRejected counting each family when they mix."""
    fams = pd.Series(shapely.get_type_id(geoms)).map(lambda t: FAMILIES.get(_TYPE_NAMES.get(t, ""), "collection"))
    counts = fams.value_counts().to_dict()
    if len(counts) > 1 or "collection" in counts:
        parts = [Text(f"{n} {FAMILY_LABELS[f][0]}", f"{n} {FAMILY_LABELS[f][1]}") for f, n in counts.items()]
        raise reject(
            f"Tệp {filename} trộn nhiều loại hình học ({', '.join(p.vi for p in parts)}). Mỗi lớp chỉ được một loại: "
            f"hãy tách điểm, đường và vùng thành các tệp riêng.",
            f"{filename} mixes geometry types ({', '.join(p.en for p in parts)}). A layer holds one type: "
            f"split points, lines and polygons into separate files.",
            problems=parts,
        )
    return next(iter(counts))


def clean_geometries(gdf, filename: str):
    """(cleaned frame, family, repaired count, dropped count); refuses a file with no geometry left."""
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    dropped = int(missing.sum())
    if dropped:
        gdf = gdf.loc[~missing].copy()
        geoms = np.asarray(gdf.geometry.values, dtype=object)
    if len(gdf) == 0:
        raise reject(f"Tệp {filename} không có đối tượng nào có hình học.",
                     f"{filename} holds no feature with a geometry.")
    family = _family_of(geoms, filename)
    coords = shapely.get_coordinates(geoms)
    if coords.size and not np.isfinite(coords).all():
        raise malformed(filename, "non-finite coordinates")
    invalid = ~shapely.is_valid(geoms)
    repaired = int(invalid.sum())
    if repaired:
        fixed = shapely.make_valid(geoms[invalid])
        fixed = np.array([keep_family(g, family) for g in fixed], dtype=object)
        geoms = geoms.copy()
        geoms[invalid] = fixed
        gdf = gdf.copy()
        gdf[gdf.geometry.name] = gdf.geometry.__class__(geoms, index=gdf.index, crs=gdf.crs)
        empty = shapely.is_empty(geoms) | shapely.is_missing(geoms)
        if empty.any():
            dropped += int(empty.sum())
            gdf = gdf.loc[~empty].copy()
    return gdf, family, repaired, dropped


def keep_family(geom, family: str):
    """The parts of a repaired GeometryCollection that belong to ``family`` (an empty point when none)."""
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


def json_safe(gdf):
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
