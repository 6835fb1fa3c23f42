"""Server-wide, bounded memo tables for what every rerun would otherwise recompute.

``st.cache_resource`` hashes each argument with Streamlit's own hasher (pickling dataclasses,
walking tuples of hundreds of feature ids) on every call: measured with py-spy under
bench/load.py, about a tenth of a map-page rerun's server time went to building cache keys.
Here a key is any hashable Python value and a lookup is one dict access under a lock.

The tables live inside one ``st.cache_resource`` entry, so ``st.cache_resource.clear()`` (tests,
the admin's "clear cache") empties them too. A value is built once per key even when several
sessions ask at the same moment (a per-key lock), and must be treated as read-only: it is shared.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")


class SharedLRU:
    """A thread-safe least-recently-used map of at most ``entries`` values, each kept at most ``ttl_s``."""

    def __init__(self, entries: int, ttl_s: float | None = None) -> None:
        self._entries = entries
        self._ttl_s = ttl_s
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def _fresh(self, key: Hashable) -> tuple[bool, Any]:
        hit = self._data.get(key)
        if hit is None:
            return False, None
        made_at, value = hit
        if self._ttl_s is not None and time.monotonic() - made_at > self._ttl_s:
            del self._data[key]
            return False, None
        self._data.move_to_end(key)
        return True, value

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for ``key``, made by ``make()`` on first request (once, whoever else is waiting)."""
        with self._lock:
            found, value = self._fresh(key)
            if found:
                return value
            building = self._building.setdefault(key, threading.Lock())
        with building:  # a slow build blocks only those who want the same key
            with self._lock:
                found, value = self._fresh(key)
                if found:
                    return value
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._building.pop(key, None)
                raise
            with self._lock:
                self._data[key] = (time.monotonic(), value)
                self._data.move_to_end(key)
                while len(self._data) > self._entries:
                    self._data.popitem(last=False)
                self._building.pop(key, None)
            return value

    def __len__(self) -> int:
        return len(self._data)


@st.cache_resource(show_spinner=False)
def _tables() -> dict[str, SharedLRU]:
    return {}


_TABLES_LOCK = threading.Lock()


def shared_table(name: str, entries: int, ttl_s: float | None = None) -> SharedLRU:
    """The server's table ``name`` (made on first use with ``entries`` and ``ttl_s``)."""
    tables = _tables()
    table = tables.get(name)
    if table is None:
        with _TABLES_LOCK:
            table = tables.setdefault(name, SharedLRU(entries, ttl_s))
    return table
