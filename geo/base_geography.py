"""The map's base geography: the province and its 12 district-level units of 2019–2025.

Read from the plan's ``[region] base_districts`` file — here ``data/base/districts_2019_2025.geojson`` (built by ``scripts/build_base_geography.py``
from dvhcvn's extract of gis.chinhphu.vn, GPL-3.0 — see ``data/base/README.md``). The same frame
feeds the web map, every export and the tests, so the districts look alike everywhere.
"""
from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import shapely

from core.errors import DataError
from core.plan import current_plan
from core.vocab import REGION_BOUNDS
from geo.loaders import read_feature_collection

BASE_DIR = Path(__file__).resolve().parent.parent / "data" / "base"   # the project's own plan's reference geography
DISTRICTS_FILE = "districts_2019_2025.geojson"
_REQUIRED = ("id", "district_code", "name", "full_name", "type", "source")
# The commune-level units formed on 1 July 2025 over the former province, as points at their seats
# (built by scripts/build_admin_2025.py; see data/SOURCES.md).
ADMIN_2025_DIR = BASE_DIR.parent / "admin_2025"
COMMUNES_2025_FILE = "communes_2025.geojson"
_COMMUNES_REQUIRED = ("id", "name", "type", "formed_from", "source", "location_precision")


@functools.lru_cache(maxsize=4)
def _districts(path: str, stamp: float) -> gpd.GeoDataFrame:
    frame = read_feature_collection(Path(path), _REQUIRED, REGION_BOUNDS)
    frame["label_point"] = frame.geometry.representative_point()
    return frame


def districts_path(base_dir: Path | None = None) -> Path:
    """``base_dir``'s districts file, else the one the selected plan names."""
    if base_dir is not None:
        return Path(base_dir) / DISTRICTS_FILE
    plan = current_plan()
    if plan.base_districts is None:
        raise DataError(f"Kế hoạch {plan.folder} không nêu ranh giới huyện ([region] base_districts).",
                        f"The plan {plan.folder} names no district boundaries ([region] base_districts).")
    return plan.base_districts


def load_districts(base_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The districts (index: ``district-<GSO code>``; ``name``, ``full_name``, ``type``, ``label_point``).

    Cached until the file changes; returns a copy the caller may modify.
    """
    path = districts_path(base_dir)
    return _districts(str(path), path.stat().st_mtime).copy()


def province_outline(base_dir: Path | None = None) -> shapely.Geometry:
    """The former province as one polygon: the union of its districts (shared borders dissolve).

    Cached until the file changes: the union costs ~25 ms, and every map and export needs it.
    """
    path = districts_path(base_dir)
    return _outline(str(path), path.stat().st_mtime)


@functools.lru_cache(maxsize=4)
def _outline(path: str, stamp: float) -> shapely.Geometry:
    return shapely.union_all(list(_districts(path, stamp).geometry))


def outside_mask(base_dir: Path | None = None, margin_deg: float = 1.0) -> shapely.Geometry:
    """A box around the province with the province cut out: the light fill that sets it apart."""
    outline = province_outline(base_dir)
    minx, miny, maxx, maxy = outline.bounds
    box = shapely.box(minx - margin_deg, miny - margin_deg, maxx + margin_deg, maxy + margin_deg)
    return shapely.geometry.polygon.orient(box.difference(outline), 1.0)


def communes_2025_path(admin_dir: Path | None = None) -> Path:
    """The 2025 communes file (in ``admin_dir``, by default ``ADMIN_2025_DIR`` as it is at call time)."""
    return Path(admin_dir or ADMIN_2025_DIR) / COMMUNES_2025_FILE


def communes_2025_available(admin_dir: Path | None = None) -> bool:
    return communes_2025_path(admin_dir).exists()


@functools.lru_cache(maxsize=4)
def _communes_2025(path: str, stamp: float) -> gpd.GeoDataFrame:
    return read_feature_collection(Path(path), _COMMUNES_REQUIRED, REGION_BOUNDS)


def load_communes_2025(admin_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The 2025 communes and wards (index: ``id``; ``name``, ``type``, ``formed_from`` …), a reference
    for orientation, not a plan layer. Cached until the file changes; returns a copy."""
    path = communes_2025_path(admin_dir)
    stamp = path.stat().st_mtime if path.exists() else 0.0  # missing: the reader's DataError names the file
    return _communes_2025(str(path), stamp).copy()
