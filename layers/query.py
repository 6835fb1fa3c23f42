"""What the user asked to see: layer toggles, class and status filters, name search, summaries."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from core.text import matches
from core.vocab import STATUSES, URBAN_CLASSES
from layers import registry
from layers.registry import get_layer


@dataclass(frozen=True)
class ViewFilter:
    """A view of the plan; every field survives in the URL (see ui/url_state.py). By default: everything."""

    layers: tuple[str, ...] = field(default_factory=lambda: registry.LAYER_IDS)
    classes: tuple[str, ...] = field(default_factory=lambda: tuple(URBAN_CLASSES))
    statuses: tuple[str, ...] = field(default_factory=lambda: tuple(STATUSES))
    query: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


def filter_layer(frame: gpd.GeoDataFrame, layer_id: str, view: ViewFilter) -> gpd.GeoDataFrame:
    """The features of one layer that ``view`` shows (status must already be applied)."""
    if layer_id not in view.layers:
        return frame.iloc[0:0]
    keep = np.ones(len(frame), dtype=bool)  # Series.isin's answers, from sets (a few dozen rows: no Series each)
    class_field = get_layer(layer_id).class_field
    if class_field and class_field in frame.columns:
        keep &= _isin(frame[class_field], set(view.classes))
    if "status" in frame.columns:
        statuses = set(view.statuses)
        keep &= _isin(frame["status"], statuses, missing="unknown" in statuses)
    if keep.all():  # the whole layer (most views): a new frame on the same data, not every row taken again
        return frame.copy(deep=False)
    return frame[keep]


def _isin(values: pd.Series, allowed: set, missing: bool = False) -> np.ndarray:
    """``values.isin(allowed)`` of a column of strings; a missing value counts as ``missing``."""
    return np.fromiter(((v in allowed) if isinstance(v, str) else (missing if pd.isna(v) else v in allowed)
                        for v in values), dtype=bool, count=len(values))


def apply_view(frames: Mapping[str, gpd.GeoDataFrame], view: ViewFilter) -> dict[str, gpd.GeoDataFrame]:
    return {layer_id: filter_layer(frame, layer_id, view) for layer_id, frame in frames.items()}


def search(frames: Mapping[str, gpd.GeoDataFrame], query: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """Features whose name (or program spelling, or 2025 unit) matches ``query``, ignoring diacritics and case.

    Returns (layer id, feature id, name) tuples: name matches first (prefix before infix), then features found
    by the name of their 2025 unit (``unit_2025``, e.g. "xã Cẩm Giàng" finds Lương Điền), those spelled exactly
    as typed first — folding makes "Cẩm Giàng" and "Cẩm Giang", two different units, look alike.
    """
    hits: list[tuple[int, str, str, str]] = []
    for layer_id, frame in frames.items():
        alt = _column(frame, "name_in_program")
        units = _column(frame, "unit_2025")
        for fid, name, alias, unit in zip(frame.index, frame["name"], alt, units):
            alias = alias if isinstance(alias, str) else None
            unit = unit if isinstance(unit, str) else None
            if matches(query, name, alias):
                rank = 0 if matches(query, (name or "")[: len(query) + 2]) else 1
            elif unit and matches(query, unit):
                rank = 2 if _spelled_in(query, unit) else 3
            else:
                continue
            hits.append((rank, layer_id, str(fid), name))
    hits.sort(key=lambda h: (h[0], h[3]))
    return [(layer_id, fid, name) for _, layer_id, fid, name in hits[:limit]]


def _column(frame: gpd.GeoDataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame.columns else pd.Series(None, index=frame.index, dtype=object)


def _spelled_in(query: str, text: str) -> bool:
    """Every word of ``query`` is in ``text`` with its diacritics (case ignored, Unicode-normalised)."""
    haystack = unicodedata.normalize("NFC", text).casefold()
    return all(word in haystack for word in unicodedata.normalize("NFC", query).casefold().split())


def class_filtered(layer_ids: Iterable[str]) -> bool:
    """True when one of these layers has a class the map's class filter applies to."""
    return any(get_layer(x).class_field for x in layer_ids if x in registry.LAYER_IDS)


def counts(frames: Mapping[str, gpd.GeoDataFrame], lang: str = "vi") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(features per class, features per status) for what the filters show; every row always present."""
    classed = [frame[column] for column, frame in ((get_layer(k).class_field, f) for k, f in frames.items())
               if column and column in frame.columns]
    classes = pd.concat(classed, ignore_index=True) if classed else pd.Series(dtype=str)
    per_class = pd.DataFrame({
        "code": list(URBAN_CLASSES),
        "label": [t.label(lang) for t in URBAN_CLASSES.values()],
        "count": [int((classes == c).sum()) if len(classes) else 0 for c in URBAN_CLASSES],
    })
    reported = [f["status"].fillna("unknown") for f in frames.values() if len(f) and "status" in f]
    statuses = pd.concat(reported, ignore_index=True) if reported else pd.Series(dtype=str)
    per_status = pd.DataFrame({
        "code": list(STATUSES),
        "label": [t.label(lang) for t in STATUSES.values()],
        "count": [int((statuses == c).sum()) if len(statuses) else 0 for c in STATUSES],
    })
    return per_class, per_status


def colocated(frames: Mapping[str, gpd.GeoDataFrame], feature_id: str,
              within_deg: float = 0.0005) -> list[tuple[str, str, str]]:
    """Other point features at (nearly) the same position as ``feature_id`` (about 50 m).

    Placeholders put several features on one point (a district centre); the map can only
    show the top one, so the details list the others.
    """
    target = None
    for frame in frames.values():
        if feature_id in frame.index:
            target = frame.loc[feature_id].geometry
    if target is None or target.is_empty or target.geom_type != "Point":
        return []
    out = []
    for layer_id, frame in frames.items():
        for fid, geom in zip(frame.index, frame.geometry):
            if fid != feature_id and geom is not None and geom.geom_type == "Point" and geom.distance(target) <= within_deg:
                out.append((layer_id, str(fid), str(frame.loc[fid, "name"])))
    return out
