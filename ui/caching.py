"""What a map-page rerun would otherwise redo, computed once per view and shared by every session.

A rerun (every widget change, of every user) asks for the same few views: the same layers,
date, language, colour and filters give the same frames, counts and map. Each is kept in a
server-wide table (ui/memo.py) keyed by everything it depends on — including the store's version
token (``ui.data.store_version``, read once per run), so a report written through any server changes
the key and shows at that server's next run; nothing stale is served. Bounded in entries so memory
stays bounded however many views are asked for; the objects are shared, never copied per session,
and must not be mutated.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from layers.query import ViewFilter, apply_view, counts
from ui.data import VIEW_ENTRIES, ViewKey, plan_frames
from ui.map_component import RenderedMap
from ui.memo import shared_table

MAP_ENTRIES = 32  # rendered maps of the plan's layers: ~0.1–0.3 MB each
OVERLAY_MAP_ENTRIES = 4  # maps with a user's own layers: up to tens of MB each, and seen by one session only
OVERLAY_MAP_TTL_S = 3600


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


@dataclasses.dataclass(frozen=True)
class ShownView:
    """One view's filtered frames, the features they show (the rendered map's key) and the summary's counts."""

    key: Hashable  # (view key, frozen filter): what it was made from
    frames: Mapping[str, gpd.GeoDataFrame]
    ids: Hashable
    per_class: pd.DataFrame
    per_status: pd.DataFrame
    urban_total: int
    all_total: int


def shown_ids(shown: Mapping[str, gpd.GeoDataFrame]) -> Hashable:
    """The features a view shows, layer by layer: the map's key, so filters that show the same features
    (or a search typed beside them) share one rendered map."""
    return tuple((layer_id, tuple(map(str, frame.index))) for layer_id, frame in shown.items())


def shown_view(key: ViewKey, view_filter: ViewFilter) -> ShownView:
    """What ``view_filter`` shows of the key's frames (shared: do not mutate)."""
    memo_key = (key, freeze(view_filter))
    return shared_table("shown_views", VIEW_ENTRIES).get_or_make(memo_key, lambda: _make_view(memo_key, view_filter))


def _make_view(memo_key: tuple[ViewKey, Hashable], view_filter: ViewFilter) -> ShownView:
    key = memo_key[0]
    frames = apply_view(plan_frames(key), view_filter)
    per_class, per_status = counts(frames, key.lang)
    return ShownView(memo_key, frames, shown_ids(frames), per_class, per_status,
                     int(per_class["count"].sum()), int(per_status["count"].sum()))


def shown_frames(key: ViewKey, view_filter: ViewFilter) -> Mapping[str, gpd.GeoDataFrame]:
    """The frames ``view_filter`` shows (shared: do not mutate)."""
    return shown_view(key, view_filter).frames


def summary_counts(key: ViewKey, view_filter: ViewFilter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The summary's (per class, per status) counts of the shown frames."""
    view = shown_view(key, view_filter)
    return view.per_class, view.per_status


def rendered_map(key: Hashable, render: Callable[[], RenderedMap], with_overlays: bool = False) -> RenderedMap:
    """The rendered map for ``key`` (every input of ``render``, hashable), rendered on first request only."""
    table = (shared_table("overlay_maps", OVERLAY_MAP_ENTRIES, OVERLAY_MAP_TTL_S) if with_overlays
             else shared_table("plan_maps", MAP_ENTRIES))
    return table.get_or_make(key, render)
