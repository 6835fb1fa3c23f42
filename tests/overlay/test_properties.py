"""Properties of the importer: every input gets the answer its kind calls for — our own bilingual error
where our checks decide it, a clean WGS 84 Overlay for valid input — and never a library's exception."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import shapely

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import CRSError, DataError, ImportRejected
from geo import crs as crsmod
from geo.overlay.readers import GEOJSON_TYPES
from geo.overlay_io import Limits, Overlay, read_overlay

OURS = (DataError, ImportRejected, CRSError)
SMALL = Limits(max_file_bytes=200_000, max_features=200)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID = settings(SETTINGS, max_examples=60)

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=105.5, max_value=107, allow_nan=False),
    st.floats(min_value=20.3, max_value=21.5, allow_nan=False),
    st.integers(min_value=-10**20, max_value=10**20),
)
junk = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=8))
position = st.one_of(st.lists(numbers, min_size=0, max_size=4), junk)
ring = st.lists(position, max_size=6)
coords = st.one_of(position, st.lists(position, max_size=5), st.lists(ring, max_size=3),
                   st.lists(st.lists(ring, max_size=2), max_size=2), junk)
geom_type = st.sampled_from(["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                             "GeometryCollection", "Feature", "Nonsense", ""])
geometry = st.one_of(st.none(), junk, st.fixed_dictionaries({"type": geom_type, "coordinates": coords}))
props = st.one_of(st.none(), junk, st.dictionaries(st.text(max_size=6), junk, max_size=3))
feature = st.one_of(junk, st.fixed_dictionaries(
    {"type": st.sampled_from(["Feature", "feature", "Point"]), "geometry": geometry, "properties": props}))
crs_member = st.one_of(st.none(), st.text(max_size=10), st.fixed_dictionaries(
    {"type": st.just("name"), "properties": st.fixed_dictionaries(
        {"name": st.sampled_from(["urn:ogc:def:crs:EPSG::9209", "EPSG:4326", "urn:ogc:def:crs:EPSG::999999", "x"])})}))
collection = st.fixed_dictionaries(
    {"type": st.sampled_from(["FeatureCollection", "Feature", "Polygon", "Topology"]),
     "features": st.one_of(st.lists(feature, max_size=5), junk)},
    optional={"crs": crs_member, "geometry": geometry},
)


def _outcome(data: bytes, name: str, declared=None):
    """The Overlay, or our own error (with both languages); any other exception fails the test."""
    try:
        return read_overlay(data, name, declared_crs=declared, limits=SMALL)
    except OURS as exc:
        assert exc.vi and exc.en
        return exc


def _clean(result) -> None:
    """What an accepted file must be: WGS 84, finite, valid, non-empty geometries of one family."""
    assert isinstance(result, Overlay), result
    geoms = np.asarray(result.gdf.geometry.values, dtype=object)
    assert len(geoms) > 0 and result.gdf.crs.to_epsg() == 4326
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert np.isfinite(shapely.get_coordinates(geoms)).all()
    assert {g.geom_type.replace("Multi", "") for g in geoms} <= {"Point", "LineString", "Polygon"}


def _expected_geojson(doc: dict):
    """The error our own checks give before GDAL reads the file; None when GDAL's reading decides."""
    if doc["type"] not in GEOJSON_TYPES:
        return DataError
    if doc["type"] == "FeatureCollection":
        feats = doc["features"]
        if not isinstance(feats, list):
            return DataError
        if not feats:
            return ImportRejected
        if any(not isinstance(f, dict) or f.get("type") != "Feature" for f in feats):
            return DataError
    return None


@SETTINGS
@given(doc=collection, declared=st.sampled_from([None, "EPSG:4326", "EPSG:9209"]))
def test_structured_geojson_gets_the_answer_its_structure_calls_for(doc, declared):
    result = _outcome(json.dumps(doc, allow_nan=True).encode(), "x.geojson", declared)
    expected = _expected_geojson(doc)
    if expected is not None:
        assert type(result) is expected, (expected, result)
    elif isinstance(result, Overlay):
        _clean(result)
        assert len(result.gdf) <= (len(doc["features"]) if doc["type"] == "FeatureCollection" else 1)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_as_geojson_are_malformed(data):
    assert type(_outcome(data, "x.geojson")) is DataError


@SETTINGS
@given(data=st.binary(max_size=400), name=st.sampled_from(["x.zip", "x.kmz", "x.gpkg", "x.kml", "x.xlsx"]))
def test_random_bytes_in_binary_formats_are_malformed(data, name):
    result = _outcome(data, name, "EPSG:9209")
    if name in ("x.zip", "x.kmz") and zipfile.is_zipfile(io.BytesIO(data)):  # a real (empty) archive: no layer in it
        assert type(result) in (DataError, ImportRejected), result
    else:
        assert type(result) is DataError, result


def test_an_empty_archive_is_refused_for_holding_no_layer():
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    assert type(_outcome(empty.getvalue(), "x.zip")) is ImportRejected
    assert type(_outcome(empty.getvalue(), "x.kmz")) is ImportRejected


header = st.sampled_from(["lon,lat", "x,y", "X;Y", "E\tN", "kinh độ,vĩ độ", "a,b", "lon", "", "lat,lon,lat"])
cell = st.one_of(st.text(max_size=8), numbers.map(str), st.sampled_from(["", "106,3", "20.9", "1e400", "NaN"]))
rows = st.lists(st.lists(cell, max_size=4), max_size=6)


@SETTINGS
@given(head=header, body=rows, sep=st.sampled_from([",", ";", "\t"]),
       declared=st.sampled_from([None, "EPSG:4326", "EPSG:9209", "EPSG:3405"]))
def test_malformed_csv_gets_the_answer_its_content_calls_for(head, body, sep, declared):
    text = head + "\n" + "\n".join(sep.join(r) for r in body)
    result = _outcome(text.encode("utf-8"), "x.csv", declared)
    if "\x00" in text:
        assert type(result) is DataError  # binary content, not a text CSV
    elif head in ("a,b", "lon", "lat,lon,lat"):
        assert type(result) is ImportRejected  # no coordinate pair, no data row, or two columns "lat"
    elif declared is None:
        assert not isinstance(result, Overlay)  # a table states no CRS: never guessed
    if isinstance(result, Overlay):
        _clean(result)


@SETTINGS
@given(data=st.binary(max_size=300), declared=st.sampled_from([None, "EPSG:4326"]))
def test_random_bytes_as_csv_are_refused(data, declared):
    result = _outcome(data, "x.csv", declared)
    if not data or b"\x00" in data:
        assert type(result) is DataError
    else:
        assert type(result) in (DataError, ImportRejected), result


# ------------------------------------------------------------------ valid input is accepted
place = st.tuples(st.floats(min_value=106.2, max_value=106.5), st.floats(min_value=20.75, max_value=21.1))
places = st.lists(place, min_size=1, max_size=6)
name_text = st.text(alphabet="abcĐđăâêôơưàảãáạ ", max_size=12)


@VALID
@given(pts=places, names=st.lists(name_text, min_size=6, max_size=6), polygons=st.booleans(),
       vn2000=st.booleans())
def test_valid_geojson_is_accepted_where_it_was_placed(pts, names, polygons, vn2000):
    lon, lat = np.array(pts).T
    geoms = [shapely.Point(p).buffer(0.001, 4) if polygons else shapely.Point(p) for p in pts]
    feats = []
    for geom, name in zip(geoms, names):
        if vn2000:
            geom = shapely.transform(geom, lambda c: np.column_stack(crsmod.from_wgs84((c[:, 0], c[:, 1]), "EPSG:9209")))
        feats.append({"type": "Feature", "properties": {"ten": name}, "geometry": json.loads(shapely.to_geojson(geom))})
    doc = {"type": "FeatureCollection", "features": feats}
    if vn2000:
        doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::9209"}}
    result = _outcome(json.dumps(doc).encode(), "khu.geojson")
    _clean(result)
    assert result.report.source_crs == ("EPSG:9209" if vn2000 else "EPSG:4326")
    assert list(result.gdf["ten"]) == names[:len(pts)] and result.family == ("polygon" if polygons else "point")
    centre = shapely.get_coordinates(shapely.centroid(np.asarray(result.gdf.geometry.values, dtype=object)))
    assert np.allclose(centre, np.column_stack([lon, lat]), atol=1e-6)


@VALID
@given(pts=places, names=st.lists(name_text.filter(lambda s: s.strip()), min_size=6, max_size=6),
       style=st.sampled_from([(",", "lon,lat", "."), (";", "kinh độ;vĩ độ", ","), ("\t", "Longitude\tLatitude", ",")]))
def test_valid_csv_is_accepted_where_it_was_placed(pts, names, style):
    sep, head, decimal = style
    lines = [f"tên{sep}{head}"] + [
        sep.join([name, f"{x:.7f}".replace(".", decimal), f"{y:.7f}".replace(".", decimal)])
        for name, (x, y) in zip(names, pts)]
    result = _outcome(("\n".join(lines) + "\n").encode("utf-8"), "diem.csv", "EPSG:4326")
    _clean(result)
    assert result.report.feature_count == len(pts) and result.family == "point"
    assert list(result.gdf["tên"]) == [n.lstrip() for n in names[:len(pts)]]  # csv: skipinitialspace
    assert np.allclose(shapely.get_coordinates(np.asarray(result.gdf.geometry.values, dtype=object)),
                       np.array(pts), atol=1e-6)
