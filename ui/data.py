"""Cached access to the plan's layers and their status for the Streamlit pages.

Layers change only when a data file changes, statuses only when a report is
added: both are cached so a rerun (every widget change) does no I/O.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from core.clock import today_vn
from layers.registry import apply_status, configured_data_dir, decorate, load_all
from progress.cycle import feature_states, store_todo
from ui.store import get_refs, get_store

data_dir = configured_data_dir


@st.cache_data(show_spinner=False, max_entries=4)
def base_frames(directory: str) -> dict[str, gpd.GeoDataFrame]:
    return load_all(Path(directory))


def store_version() -> int:
    return get_store().version()


@st.cache_data(show_spinner=False, max_entries=64)
def status_state(as_of: date, version: int) -> pd.DataFrame:
    """The store's state on ``as_of``; ``version`` keys the cache so a new report shows at once."""
    return get_store().state_as_of(as_of)


@st.cache_data(show_spinner=False, max_entries=8)
def cycle_states(today: date, version: int) -> dict[str, str]:
    """Per feature, where it stands in the reporting cycle collected today (progress.cycle)."""
    _, todo = store_todo(get_store(), get_refs(), today)
    return feature_states(todo)


@st.cache_data(show_spinner=False, max_entries=64)
def decorated_frames(directory: str, as_of: date, version: int, lang: str, today: date) -> dict[str, gpd.GeoDataFrame]:
    state = status_state(as_of, version)
    cycle = cycle_states(today, version)
    out = {}
    for layer_id, frame in base_frames(directory).items():
        frame = decorate(apply_status(frame, state), lang)
        frame["cycle_state"] = frame.index.map(lambda fid: cycle.get(str(fid)))  # the map's "reporting" colours
        out[layer_id] = frame
    return out


def frames_for(as_of: date | None, lang: str) -> dict[str, gpd.GeoDataFrame]:
    """Every layer with status on ``as_of`` (today by default), its reporting-cycle state today and labels in ``lang``."""
    today = today_vn()
    return decorated_frames(str(data_dir()), as_of or today, store_version(), lang, today)
