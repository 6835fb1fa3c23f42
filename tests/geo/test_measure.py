import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from geo.measure import area_ha, format_ha, format_km, length_km


def test_length_of_a_tenth_of_a_degree_of_longitude_at_21n():
    # 0.1° of longitude at 21°N ≈ 10.39 km on the ellipsoid.
    line = gpd.GeoSeries([LineString([(106.3, 21.0), (106.4, 21.0)])], crs="EPSG:4326")
    assert length_km(line).iloc[0] == pytest.approx(10.39, abs=0.02)


def test_area_of_a_small_box_in_hectares():
    # 0.01° × 0.01° near 20.9°N ≈ 1.04 km × 1.11 km ≈ 115 ha.
    square = gpd.GeoSeries([box(106.3, 20.9, 106.31, 20.91)], crs="EPSG:4326")
    assert area_ha(square).iloc[0] == pytest.approx(115.6, rel=0.01)
    assert area_ha(gpd.GeoSeries([Point(106.3, 20.9)], crs="EPSG:4326")).iloc[0] == 0


def test_formats_show_units_and_dash_for_unknown():
    assert format_km(52.71) == "52.7 km"
    assert format_ha(5300) == "5,300 ha"
    assert format_km(None) == "—"
