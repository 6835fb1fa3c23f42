"""What a map-page rerun would otherwise redo, computed once per view and shared by every session.

A rerun (every widget change, of every user) asks for the same few views: the same layers,
date, language, colour and filters give the same frames, counts and map. Each is kept in a
server-wide cache keyed by everything it depends on — including the store's version token
(``ProgressStore.version``, read once per run), so a report written through any server changes
the key and shows at that server's next run; nothing stale is served. Bounded by
``max_entries`` so memory stays bounded however many views are asked for; the objects are shared,
never copied per session, and must not be mutated.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from layers.query import ViewFilter, apply_view, counts
from ui.data import VIEW_ENTRIES, ViewKey, plan_frames
from ui.map_component import RenderedMap

MAP_ENTRIES = 32  # rendered maps of the plan's layers: ~0.1–0.3 MB each
OVERLAY_MAP_ENTRIES = 4  # maps with a user's own layers: up to tens of MB each, and seen by one session only


def freeze(value: Any) -> Hashable:
    """A hashable, order-stable key for dataclasses, mappings and sequences of plain values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(freeze(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [freeze(v) for v in value]
        return tuple(sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items)
    return value


@st.cache_resource(show_spinner=False, max_entries=VIEW_ENTRIES)
def _shown(key: ViewKey, filter_key: Hashable, _view_filter: ViewFilter) -> dict[str, gpd.GeoDataFrame]:
    return apply_view(plan_frames(key), _view_filter)


def shown_frames(key: ViewKey, view_filter: ViewFilter) -> dict[str, gpd.GeoDataFrame]:
    """The frames ``view_filter`` shows (shared: do not mutate)."""
    return _shown(key, freeze(view_filter), view_filter)


def shown_ids(shown: Mapping[str, gpd.GeoDataFrame]) -> Hashable:
    """The features a view shows, layer by layer: the map's key, so filters that show the same features
    (or a search typed beside them) share one rendered map."""
    return tuple((layer_id, tuple(map(str, frame.index))) for layer_id, frame in shown.items())


@st.cache_resource(show_spinner=False, max_entries=VIEW_ENTRIES)
def _counts(key: ViewKey, filter_key: Hashable, _view_filter: ViewFilter) -> tuple[pd.DataFrame, pd.DataFrame]:
    return counts(shown_frames(key, _view_filter), key.lang)


def summary_counts(key: ViewKey, view_filter: ViewFilter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The summary's (per class, per status) counts of the shown frames."""
    return _counts(key, freeze(view_filter), view_filter)


@st.cache_resource(show_spinner=False, max_entries=MAP_ENTRIES)
def _plan_map(key: Hashable, _render: Callable[[], RenderedMap]) -> RenderedMap:
    return _render()


@st.cache_resource(show_spinner=False, max_entries=OVERLAY_MAP_ENTRIES, ttl=3600)
def _overlay_map(key: Hashable, _render: Callable[[], RenderedMap]) -> RenderedMap:
    return _render()


def rendered_map(key: Hashable, render: Callable[[], RenderedMap], with_overlays: bool = False) -> RenderedMap:
    """The rendered map for ``key`` (every input of ``render``, frozen), rendered on first request only."""
    return (_overlay_map if with_overlays else _plan_map)(freeze(key), render)
