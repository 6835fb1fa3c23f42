"""Cached access to the plan's layers and their status for the Streamlit pages.

Layers change only when a data file changes, statuses only when a report is
added: both are cached so a rerun (every widget change) does no I/O. A view's
frames are keyed by the store's version token, read once per run, so a report
written through any server shows at this server's next run (see ui/caching.py).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import streamlit as st

from core.clock import today_vn
from layers.registry import apply_status, configured_data_dir, decorate, load_all
from progress.cycle import feature_states, store_todo
from progress.db import resolve_url
from ui.memo import shared_table
from ui.store import get_refs, get_store

data_dir = configured_data_dir
VIEW_ENTRIES = 64  # distinct (date, language) views kept; each holds the plan's few hundred features


@st.cache_data(show_spinner=False, max_entries=4)
def base_frames(directory: str) -> dict[str, gpd.GeoDataFrame]:
    return load_all(Path(directory))


# A version read is remembered against the SQLite files' (inode, size, mtime) only once they are this old:
# file times come from the kernel's coarse clock (a few ms), so a second commit within the same tick
# could leave a younger signature unchanged.
SETTLED_NS = 200_000_000
_SQLITE_FILES = ("", "-wal", "-journal")


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        return None
    return Path(url[len("sqlite:///"):].split("?", 1)[0]).expanduser()


def _signature(path: Path) -> tuple | None:
    """The database files' (inode, size, mtime): it changes with every commit, from any process."""
    out = []
    for suffix in _SQLITE_FILES:
        try:
            st_ = os.stat(f"{path}{suffix}")
        except FileNotFoundError:
            out.append(None)
            continue
        except OSError:
            return None
        out.append((st_.st_ino, st_.st_size, st_.st_mtime_ns))
    return tuple(out)


class _VersionMemo:
    """The last version token read per SQLite store and the files' signature at that moment.

    While the signature is unchanged no commit has happened (through this server or any other process
    on the file), so the token is still right and no query is needed. PostgreSQL stores are asked
    every time (one cheap query per rerun): only the server knows when another app server wrote.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[tuple, int]] = {}
        self._lock = threading.Lock()

    def read(self, url: str, query) -> int:
        path = _sqlite_path(url)
        signature = _signature(path) if path is not None else None
        if signature is not None:
            with self._lock:
                seen = self._seen.get(url)
            if seen is not None and seen[0] == signature:
                return seen[1]
        version = query()  # after the stat: it sees every commit the signature reflects, and maybe more
        if signature is not None:
            newest = max((part[2] for part in signature if part is not None), default=0)
            if time.time_ns() - newest >= SETTLED_NS:
                with self._lock:
                    self._seen[url] = (signature, version)
        return version


_VERSIONS = _VersionMemo()


def store_version() -> int:
    """The store's version token: queried only when the store may have changed since the last read."""
    return _VERSIONS.read(resolve_url(), lambda: get_store().version())


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


def cycle_states(store: str, today: date, version: int) -> dict[str, str]:
    """Per feature, where it stands in the reporting cycle collected today (progress.cycle); shared: do not
    mutate."""
    return shared_table("cycle_states", 8).get_or_make(("cycle", store, today, version), lambda: _cycle_states(today))


def _cycle_states(today: date) -> dict[str, str]:
    _, todo = store_todo(get_store(), get_refs(), today)
    return feature_states(todo)


def plan_frames(key: ViewKey) -> dict[str, gpd.GeoDataFrame]:
    """Every layer with its status on the key's date, its reporting-cycle state today (the map's "reporting"
    colours) and labels in its language, shared by every session (never copied per run): do not mutate."""
    return shared_table("plan_frames", VIEW_ENTRIES).get_or_make(key, lambda: _plan_frames(key))


def _plan_frames(key: ViewKey) -> dict[str, gpd.GeoDataFrame]:
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
