"""Fixtures for the dataset tests: the project's data files and (optionally) the reference boundaries.

The reference folder is outside the project (``../shared/reference`` or ``$PLANMAP_REFERENCE_DIR``);
tests that need it skip with a clear reason when it is absent (a fresh checkout has no ``../shared``).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("PLANMAP_DATA_DIR") or REPO / "data")  # env: check another copy of the datasets

GEOJSON_FILES = (
    "urban_areas.geojson",
    "industrial_zones.geojson",
    "ring_road_v.geojson",
    "railways.geojson",
    "railway_stations.geojson",
)


def reference_dir() -> Path:
    env = os.environ.get("PLANMAP_REFERENCE_DIR")
    return Path(env) if env else REPO.parent / "shared" / "reference"


def program_text_path() -> Path:
    """The program's own text (``../shared/seed/``, beside the reference folder), which some checks quote."""
    return reference_dir().parent / "seed" / "chuong-trinh-hanh-dong-2023.txt"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not (DATA / "urban_areas.geojson").exists():
        pytest.skip("data/urban_areas.geojson is missing: the datasets have not been built")
    return DATA


@pytest.fixture(scope="session")
def collections(data_dir) -> dict[str, dict]:
    """Every GeoJSON file of data/, parsed, by file name."""
    return {name: json.loads((data_dir / name).read_text(encoding="utf-8")) for name in GEOJSON_FILES}


@pytest.fixture(scope="session")
def features(collections) -> list[tuple[str, dict]]:
    """(file name, feature) for every feature of every file."""
    return [(name, f) for name, fc in collections.items() for f in fc["features"]]


@pytest.fixture(scope="session")
def by_id(features) -> dict[str, dict]:
    return {f["properties"]["id"]: f for _, f in features}


@pytest.fixture(scope="session")
def urban(collections) -> list[dict]:
    return collections["urban_areas.geojson"]["features"]


@pytest.fixture(scope="session")
def districts_ref():
    """The 12 district polygons of 2023 (reference data, for checking only), in EPSG:9209."""
    path = reference_dir() / "haiduong_districts.geojson"
    if not path.exists():
        pytest.skip(f"reference boundaries not found at {path} (set PLANMAP_REFERENCE_DIR to check placements)")
    import geopandas as gpd

    frame = gpd.read_file(path)
    return frame.to_crs("EPSG:9209").set_index("name")
