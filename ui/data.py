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
from progress.store import resolve_url
from ui.store import get_store

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


def view_key(as_of: date | None, lang: str) -> ViewKey:
    """This run's key for ``as_of`` (today by default): reads the store's version token (one cheap query)."""
    return ViewKey(str(data_dir()), resolve_url(), as_of or today_vn(), store_version(), lang)


@st.cache_resource(show_spinner=False, max_entries=VIEW_ENTRIES)
def plan_frames(key: ViewKey) -> dict[str, gpd.GeoDataFrame]:
    """Every layer with its status on the key's date and labels in its language, shared by every
    session (never copied per run): do not mutate."""
    state = get_store().state_as_of(key.as_of)
    return {k: decorate(apply_status(v, state), key.lang) for k, v in base_frames(key.directory).items()}


def frames_for(as_of: date | None, lang: str) -> dict[str, gpd.GeoDataFrame]:
    """Every layer with status on ``as_of`` (today by default) and labels in ``lang`` (shared: do not mutate)."""
    return plan_frames(view_key(as_of, lang))
