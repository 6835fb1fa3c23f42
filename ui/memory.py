"""Hand memory back after a big upload is gone: collect its cycles, then ask glibc to return free pages.

CPython frees a 45 MB GeoJSON's objects, but glibc keeps the pages in its arenas, so the server's
RSS stays where the upload took it (measured with bench/reliability.py). ``malloc_trim(0)`` returns
them to the system. Off glibc (musl, macOS) only the collection runs.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

log = logging.getLogger(__name__)


def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def release_freed_memory() -> None:
    """Collect garbage and return freed heap pages to the operating system (where glibc allows)."""
    gc.collect()
    if _TRIM is not None:
        try:
            _TRIM(0)
        except OSError:  # pragma: no cover - a libc without a usable malloc_trim
            log.debug("malloc_trim failed", exc_info=True)
