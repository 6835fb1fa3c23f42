"""Building a :class:`~export.scene.Scene`: the request's view and the status on its date applied to the layers."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import geopandas as gpd
import pandas as pd

from core.clock import today_vn
from core.text import matches
from export.request import ExportRequest
from export.scene import Scene
from layers.query import apply_view
from layers.columns import with_columns
from layers.registry import LAYERS, apply_status, decorate, status_columns


def build_scene(base_frames: Mapping[str, gpd.GeoDataFrame], request: ExportRequest,
                state: pd.DataFrame | None = None, history: pd.DataFrame | None = None,
                made_on: date | None = None) -> Scene:
    """Apply the request's view and the status state (as from ``ProgressStore.state_as_of``) to the layers.

    ``history`` holds reports (``feature_id, as_of, status, progress_pct, unit, reported_by, note`` …);
    only those dated on or before the as-of date are kept.
    """
    day = request.day
    if state is not None and not state.empty and "as_of" in state.columns:
        state = state.copy()
        state["as_of"] = pd.to_datetime(state["as_of"]).dt.date
        state = state[state["as_of"] <= day]
    with_status: dict[str, gpd.GeoDataFrame] = {}
    extra = _state_extras(state)
    current = state.set_index("feature_id") if state is not None and not state.empty else None
    for spec in LAYERS:
        frame = base_frames.get(spec.id)
        if frame is None or spec.id not in request.view.layers:
            continue
        with_status[spec.id] = _with_state(frame, state, current, extra)
    view = request.view
    shown = apply_view(with_status, view)
    if view.query:
        shown = {k: f[_matching(f, view.query)] for k, f in shown.items()}
    frames = {k: decorate(f, request.lang) for k, f in shown.items()}
    if request.features is not None:
        wanted = set(request.features)
        frames = {k: f[f.index.astype(str).isin(wanted)] for k, f in frames.items()}
    hist = _history_until(history, day)
    return Scene(request=request, frames=frames, history=hist, made_on=made_on or today_vn())


def _matching(frame: gpd.GeoDataFrame, query: str) -> pd.Series:
    """Rows whose name (or name in the program) matches ``query`` — a boolean mask, so a layer with no
    match keeps its columns (a bare empty list would select no column at all)."""
    also = frame.get("name_in_program", pd.Series([None] * len(frame), index=frame.index))
    found = [matches(query, name, other if isinstance(other, str) else None) for name, other in zip(frame["name"], also)]
    return pd.Series(found, index=frame.index, dtype=bool)


def _with_state(frame: gpd.GeoDataFrame, state: pd.DataFrame | None, current: pd.DataFrame | None,
                extra: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """``_joined(apply_status(frame, state), extra)``: with one report per feature, the status and the extra
    columns set in one step (``current``: the state indexed by feature id, indexed once for every layer)."""
    if current is None or extra is None or not extra.index.is_unique:
        framed = apply_status(frame, state)
        return framed if extra is None else _joined(framed, extra)
    kept = frame.drop(columns=[c for c in extra.columns if c in frame.columns])  # a new frame, set in place
    status = status_columns(frame.index, current)
    for name in [name for name in status if name in kept.columns]:
        kept[name] = status.pop(name)
    return with_columns(kept, {**status, **_extra_columns(extra, frame.index)})


def _joined(frame: gpd.GeoDataFrame, extra: pd.DataFrame) -> gpd.GeoDataFrame:
    """``frame`` with ``extra``'s columns (replacing its own of those names), matched on the index: the
    left join, set in one step when ``extra`` has one row per feature (a merge costs milliseconds a layer)."""
    out = frame.drop(columns=[c for c in extra.columns if c in frame.columns])
    if not extra.index.is_unique:
        return out.join(extra, how="left")
    return with_columns(out, _extra_columns(extra, out.index))


def _extra_columns(extra: pd.DataFrame, index: pd.Index) -> dict[str, pd.Series]:
    return {column: extra[column].reindex(index) for column in extra.columns}


def _state_extras(state: pd.DataFrame | None) -> pd.DataFrame | None:
    if state is None or state.empty:
        return None
    cols = [c for c in ("unit", "note", "reported_by", "reported_at") if c in state.columns]
    if not cols:
        return None
    return state.set_index("feature_id")[cols]


def _history_until(history: pd.DataFrame | None, day: date) -> pd.DataFrame:
    cols = ["feature_id", "as_of", "status", "progress_pct", "unit", "reported_by", "note", "corrects_report_id"]
    if history is None or history.empty:
        return pd.DataFrame(columns=cols)
    h = history.copy()
    for c in cols:
        if c not in h.columns:
            h[c] = None
    h["as_of"] = pd.to_datetime(h["as_of"]).dt.date
    h = h[h["as_of"] <= day]
    sort = [c for c in ("as_of", "reported_at", "report_id") if c in h.columns]
    return h.sort_values(sort, kind="stable").reset_index(drop=True)
