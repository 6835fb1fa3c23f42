import json

import pytest

from core.errors import CRSError, DataError
from geo.loaders import read_feature_collection
from core.vocab import PROVINCE_BOUNDS


def _write(tmp_path, features, **extra):
    path = tmp_path / "layer.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def _point(fid="a", lon=106.3, lat=20.9, **props):
    base = {"id": fid, "name": "Hải Dương", "source": "§III.4", "location_precision": "town centre"}
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def test_reads_valid_file_with_ids_as_index_and_null_geometry(tmp_path):
    unplaced = _point("b")
    unplaced["geometry"] = None
    frame = read_feature_collection(_write(tmp_path, [_point("a"), unplaced]))
    assert list(frame.index) == ["a", "b"]
    assert frame.loc["a", "name"] == "Hải Dương"
    assert frame.loc["b"].geometry is None
    assert frame.crs.to_epsg() == 4326


@pytest.mark.parametrize("content, needle", [
    ("not json", "JSON"),
    ('{"type": "Feature"}', "FeatureCollection"),
])
def test_malformed_files_are_rejected_naming_the_file(tmp_path, content, needle):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_feature_collection(path)
    assert "bad.geojson" in info.value.vi and needle in info.value.vi


def test_declared_projected_crs_is_refused(tmp_path):
    path = _write(tmp_path, [_point()], crs={"type": "name", "properties": {"name": "EPSG:9209"}})
    with pytest.raises(CRSError) as info:
        read_feature_collection(path)
    assert "WGS84" in info.value.vi and "EPSG:9209" in info.value.en


def test_missing_property_names_feature_and_property(tmp_path):
    feature = _point("ua-x")
    del feature["properties"]["source"]
    with pytest.raises(DataError) as info:
        read_feature_collection(_write(tmp_path, [feature]))
    assert "ua-x" in info.value.vi and "source" in info.value.vi


def test_duplicate_ids_are_refused(tmp_path):
    with pytest.raises(DataError, match="trùng"):
        read_feature_collection(_write(tmp_path, [_point("a"), _point("a")]))


def test_invalid_geometry_is_refused(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[106.1, 20.8], [106.2, 20.9], [106.2, 20.8], [106.1, 20.9], [106.1, 20.8]]]}
    feature = _point("z")
    feature["geometry"] = bowtie
    with pytest.raises(DataError) as info:
        read_feature_collection(_write(tmp_path, [feature]))
    assert "không hợp lệ" in info.value.vi and "invalid" in info.value.en


def test_more_than_six_decimals_is_refused(tmp_path):
    with pytest.raises(DataError, match="6"):
        read_feature_collection(_write(tmp_path, [_point(lon=106.1234567)]))


def test_swapped_lat_lon_is_caught_as_outside_the_province(tmp_path):
    with pytest.raises(DataError) as info:
        read_feature_collection(_write(tmp_path, [_point(lon=20.9, lat=106.3)]), bounds=PROVINCE_BOUNDS)
    assert "ngoài phạm vi" in info.value.vi
