"""Cached access to the plan's layers and their status for the Streamlit pages.

Layers change only when a data file changes, statuses only when a report is
added: both are cached so a rerun (every widget change) does no I/O. A view's
frames are keyed by the store's version token, read once per run, so a report
written through any server shows at this server's next run (see ui/caching.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import streamlit as st

from core.clock import today_vn
from layers.registry import apply_status, configured_data_dir, decorate, load_all
from progress.cycle import feature_states, store_todo
from progress.db import resolve_url
from ui.store import get_refs, get_store

data_dir = configured_data_dir
VIEW_ENTRIES = 64  # distinct (date, language) views kept; each holds the plan's few hundred features


@st.cache_data(show_spinner=False, max_entries=4)
def base_frames(directory: str) -> dict[str, gpd.GeoDataFrame]:
    return load_all(Path(directory))


def store_version() -> int:
    return get_store().version()


@dataclass(frozen=True)
class ViewKey:
    """Everything the plan's frames for one view depend on."""

    directory: str
    store: str  # the store's URL: two stores may well have the same version token
    as_of: date
    version: int
    lang: str
    today: date  # the reporting cycle's states depend on the day


def view_key(as_of: date | None, lang: str) -> ViewKey:
    """This run's key for ``as_of`` (today by default): reads the store's version token (one cheap query)."""
    today = today_vn()
    return ViewKey(str(data_dir()), resolve_url(), as_of or today, store_version(), lang, today)


@st.cache_data(show_spinner=False, max_entries=8)
def cycle_states(store: str, today: date, version: int) -> dict[str, str]:
    """Per feature, where it stands in the reporting cycle collected today (progress.cycle)."""
    _, todo = store_todo(get_store(), get_refs(), today)
    return feature_states(todo)


@st.cache_resource(show_spinner=False, max_entries=VIEW_ENTRIES)
def plan_frames(key: ViewKey) -> dict[str, gpd.GeoDataFrame]:
    """Every layer with its status on the key's date, its reporting-cycle state today (the map's "reporting"
    colours) and labels in its language, shared by every session (never copied per run): do not mutate."""
    state = get_store().state_as_of(key.as_of)
    cycle = cycle_states(key.store, key.today, key.version)
    out = {}
    for layer_id, frame in base_frames(key.directory).items():
        frame = decorate(apply_status(frame, state), key.lang)
        frame["cycle_state"] = frame.index.map(lambda fid: cycle.get(str(fid)))
        out[layer_id] = frame
    return out


def frames_for(as_of: date | None, lang: str) -> dict[str, gpd.GeoDataFrame]:
    """Every layer with status on ``as_of`` (today by default), its reporting-cycle state today and labels in
    ``lang`` (shared: do not mutate)."""
    return plan_frames(view_key(as_of, lang))
