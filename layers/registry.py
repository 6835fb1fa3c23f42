"""The registry of layers: everything that draws, lists or exports iterates ``LAYERS``.

The layers are the ``[[layers]]`` tables of the plan's plan.toml (layers/plan_layers.py): adding a layer means
adding its data file and a table, no code. ``LAYERS`` and ``LAYER_IDS`` follow the plan selected for the process
(``PLANMAP_PLAN_DIR``); ``configure(plan_dir)`` switches plans in a running process (tests).
"""
from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import pandas as pd

from core import plan as plan_selection
from core.errors import DataError
from core.features import FeatureRef
from core.i18n import t
from core.plan import Plan, current_plan, on_configure, rebind
from core.urban_classes_2026 import class_2026
from core.vocab import LOCATION_PRECISION, STATUSES, term_label
from geo.loaders import read_feature_collection
from geo.measure import area_ha, length_km
from layers.base import LayerSpec
from layers.columns import with_columns
from layers.plan_layers import layer_specs

DATA_DIR = plan_selection.DEFAULT_DIR  # the project's own plan folder, data/


def configured_data_dir() -> Path:
    """The folder of the selected plan's data files (``PLANMAP_PLAN_DIR``, or its alias ``PLANMAP_DATA_DIR``)."""
    return plan_selection.data_dir()


def configure(plan_dir: Path | None = None, data_dir: Path | None = None) -> Plan:
    """Show the plan in ``plan_dir`` (None: the one the environment names) in this process, layers included."""
    return plan_selection.configure(plan_dir, data_dir)


def _published(plan: Plan) -> dict[str, tuple]:
    layers = layer_specs(plan)
    return {"LAYERS": layers, "LAYER_IDS": type(layers)(spec.id for spec in layers)}


def _switch(plan: Plan) -> None:
    _load_cached.cache_clear()
    rebind(__name__, _published(plan))


_initial = _published(current_plan())
LAYERS: tuple[LayerSpec, ...] = _initial["LAYERS"]
LAYER_IDS: tuple[str, ...] = _initial["LAYER_IDS"]
on_configure(_switch)


def get_layer(layer_id: str) -> LayerSpec:
    for spec in LAYERS:
        if spec.id == layer_id:
            return spec
    raise DataError(f"Không có lớp bản đồ '{layer_id}'.", f"No map layer '{layer_id}'.")


def layer_for_mode(colour_mode: str) -> LayerSpec | None:
    """The first layer that shows something of its own in ``colour_mode`` (plan.toml ``modes``), if any."""
    return next((spec for spec in LAYERS if colour_mode in spec.colour_modes), None)


@functools.lru_cache(maxsize=32)
def _load_cached(layer_id: str, data_dir: str, stamp: tuple[float, ...]) -> gpd.GeoDataFrame:
    spec = get_layer(layer_id)
    bounds = current_plan().region_bounds
    parts = [read_feature_collection(Path(data_dir) / name, spec.required, bounds) for name in spec.files
             if (Path(data_dir) / name).exists() or name not in spec.optional_files]
    frame = gpd.GeoDataFrame(pd.concat(parts), crs="EPSG:4326") if len(parts) > 1 else parts[0]
    if frame.index.has_duplicates:
        dup = frame.index[frame.index.duplicated()][0]
        raise DataError(f"Lớp {spec.title_vi}: mã '{dup}' bị trùng giữa các tệp.",
                        f"Layer {spec.title_en}: id '{dup}' appears in more than one file.")
    frame["layer"] = spec.id
    frame["placed"] = frame.geometry.notna() & ~frame.geometry.is_empty
    placed = frame[frame["placed"]]
    frame["length_km"] = length_km(placed).reindex(frame.index)
    frame["area_ha_measured"] = area_ha(placed).reindex(frame.index)
    if "districts" not in frame.columns:
        frame["districts"] = [[d] if isinstance(d, str) else [] for d in frame.get("district", [None] * len(frame))]
    for table in spec.tables:
        frame = _join_table(frame, Path(data_dir) / table, spec)
    derive_from = current_plan().class_2026_from
    if derive_from and derive_from in frame.columns:
        frame["class_2026"] = frame[derive_from].map(lambda c: class_2026(c) if isinstance(c, str) else None)
    return frame


def _join_table(frame: gpd.GeoDataFrame, path: Path, spec: LayerSpec) -> gpd.GeoDataFrame:
    """Join a CSV keyed by ``feature_id`` (absent in a plan folder that has none: nothing to join)."""
    if not path.exists():
        return frame
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8").set_index("feature_id")
    stray = sorted(set(table.index) - set(frame.index))
    if stray:
        raise DataError(f"Tệp {path.name}: mã '{stray[0]}' không có trong lớp {spec.title_vi}.",
                        f"File {path.name}: id '{stray[0]}' is not in layer {spec.title_en}.")
    table = table.replace("", None)
    return frame.join(table[[c for c in table.columns if c not in frame.columns]])


def load_layer(layer_id: str, data_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The validated features of one layer (cached until a data file changes). Returns a copy."""
    spec = get_layer(layer_id)
    data_dir = Path(data_dir or configured_data_dir())
    stamp = tuple((Path(data_dir) / n).stat().st_mtime if (Path(data_dir) / n).exists() else 0.0
                  for n in spec.files + spec.tables)
    return _load_cached(layer_id, str(data_dir), stamp).copy()


def load_all(data_dir: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Every layer of the plan, by id, in draw order (``data_dir``: another folder of the same files)."""
    current_plan()  # the layers of the plan selected now, should the environment have named another
    return {spec.id: load_layer(spec.id, data_dir) for spec in LAYERS}


def feature_refs(data_dir: Path | None = None) -> dict[str, FeatureRef]:
    """Every feature id with its layer, name and districts — what the progress store needs."""
    refs: dict[str, FeatureRef] = {}
    for layer_id, frame in load_all(data_dir).items():
        for fid, row in frame.iterrows():
            districts = tuple(d for d in (row.get("districts") or []) if d)
            district = row.get("district") if isinstance(row.get("district"), str) else None
            refs[str(fid)] = FeatureRef(str(fid), layer_id, str(row["name"]), district, districts)
    return refs


def apply_status(frame: gpd.GeoDataFrame, state: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """Overlay the store's state (one row per feature) on a layer; unreported features are 'unknown'."""
    if state is None or state.empty:
        out = frame.copy()
        out["status"] = "unknown"
        out["progress_pct"] = pd.NA
        out["status_as_of"] = pd.NA
        return out
    return with_columns(frame, status_columns(frame.index, state.set_index("feature_id")))


def status_columns(index: pd.Index, current: pd.DataFrame) -> dict[str, pd.Series]:
    """The columns :func:`apply_status` sets, on ``index``, from the state indexed by feature id (``current``)."""
    return {"status": current["status"].reindex(index).fillna("unknown"),
            "progress_pct": current["progress_pct"].reindex(index),
            "status_as_of": current["as_of"].reindex(index)}


def decorate(frame: gpd.GeoDataFrame, lang: str = "vi") -> gpd.GeoDataFrame:
    """Add the human labels (in ``lang``) that tooltips, details and tables show."""
    return with_columns(frame, label_columns(frame, lang))


def label_columns(frame: gpd.GeoDataFrame, lang: str = "vi") -> dict[str, pd.Series]:
    """The columns :func:`decorate` adds, in order: each label read from the frame's own columns."""
    def label(column: str, table) -> pd.Series:
        values = frame[column] if column in frame.columns else pd.Series([None] * len(frame), index=frame.index)
        return values.map(lambda v: term_label(table, v if isinstance(v, str) else None, lang))

    out = {"status_label": label("status", STATUSES).fillna(STATUSES["unknown"].label(lang))}
    plan = current_plan()
    for vocabulary in plan.vocabularies.values():
        out[vocabulary.label_column] = label(vocabulary.field, vocabulary.terms)
    out["location_precision_label"] = label("location_precision", LOCATION_PRECISION)
    out["class_2026_label"] = label("class_2026", plan.terms(plan.class_vocabulary)).map(
        lambda cls: t("class_2026_derived", lang).format(cls=cls) if isinstance(cls, str) else None)
    out["districts_label"] = frame["districts"].map(lambda ds: ", ".join(ds) if isinstance(ds, (list, tuple)) else None)
    return out
