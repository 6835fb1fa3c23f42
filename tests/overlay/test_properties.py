"""Property: whatever bytes arrive, the importer answers with an Overlay or one of our own errors."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import CRSError, DataError, ImportRejected
from geo.overlay_io import Limits, Overlay, read_overlay

OURS = (DataError, ImportRejected, CRSError)
SMALL = Limits(max_file_bytes=200_000, max_features=200)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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


def _check(data: bytes, name: str, declared=None) -> None:
    try:
        result = read_overlay(data, name, declared_crs=declared, limits=SMALL)
    except OURS as exc:
        assert exc.vi and exc.en
    else:
        assert isinstance(result, Overlay) and len(result.gdf) > 0


@SETTINGS
@given(doc=collection, declared=st.sampled_from([None, "EPSG:4326", "EPSG:9209"]))
def test_structured_geojson_never_crashes(doc, declared):
    _check(json.dumps(doc, allow_nan=True).encode(), "x.geojson", declared)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_as_geojson_never_crash(data):
    _check(data, "x.geojson")


@SETTINGS
@given(data=st.binary(max_size=400), name=st.sampled_from(["x.zip", "x.kmz", "x.gpkg", "x.kml", "x.xlsx"]))
def test_random_bytes_in_binary_formats_never_crash(data, name):
    _check(data, name, "EPSG:9209")


header = st.sampled_from(["lon,lat", "x,y", "X;Y", "E\tN", "kinh độ,vĩ độ", "a,b", "lon", "", "lat,lon,lat"])
cell = st.one_of(st.text(max_size=8), numbers.map(str), st.sampled_from(["", "106,3", "20.9", "1e400", "NaN"]))
rows = st.lists(st.lists(cell, max_size=4), max_size=6)


@SETTINGS
@given(head=header, body=rows, sep=st.sampled_from([",", ";", "\t"]),
       declared=st.sampled_from([None, "EPSG:4326", "EPSG:9209", "EPSG:3405"]))
def test_malformed_csv_never_crashes(head, body, sep, declared):
    text = head + "\n" + "\n".join(sep.join(r) for r in body)
    _check(text.encode("utf-8"), "x.csv", declared)


@SETTINGS
@given(data=st.binary(max_size=300), declared=st.sampled_from([None, "EPSG:4326"]))
def test_random_bytes_as_csv_never_crash(data, declared):
    _check(data, "x.csv", declared)
