"""A bounded cache of finished map pages (PDF, PNG, SVG bytes), keyed on everything that changes the picture.

Officials export the same map again and again (a rerun, a second download, a colleague's same request): a page
takes a third of a second (PDF) to most of a second (PNG 300 dpi) to draw, while its bytes can be found again
in a millisecond. The key is a digest of the page's *content*, never of object identities: the request (format,
filters, extent, paper, dpi, language, as-of date — today's, when it asks for today —, colour mode, title,
overlays with their features), every feature drawn with its status and properties, the reports counted, the
date made, the data's version and the selected plan and base geography files. Any change to one of them is another key, so a stale page cannot be
served; a page with a basemap is never cached (its tiles come from a fetcher whose content the key cannot see).

A PDF's only time-dependent byte is its ``/CreationDate``: a page found again gets the time of the call, in
the same format and length, as if it had been drawn now. Bounded in entries and bytes (least recently used go).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from matplotlib.backends.backend_pdf import _datetime_to_pdf

from core.plan import selected_dirs
from export.base_layer import districts_path
from export.data_version import data_version
from export.scene import Scene

MAX_ENTRIES = 16
MAX_BYTES = 64 * 1024 * 1024
# what a render leaves on its scene, for callers that read it after (tests, the export page)
_NOTES = ("basemap_drawn", "scale_denominator", "legend_layout")

_LOCK = threading.Lock()
_PAGES: OrderedDict[bytes, tuple[bytes, bytes | None, dict]] = OrderedDict()
enabled = True   # bench/export.py --no-cache: the cost of a page drawn every time


def cached_page(scene: Scene, fmt: str, sources: bool, draw: Callable[[datetime], bytes]) -> bytes:
    """``draw(now)`` (the page's bytes, a PDF dated ``now``), or the same page drawn before for the same content."""
    now = datetime.today()
    key = page_key(scene, fmt, sources) if enabled else None
    if key is None:
        return draw(now)
    with _LOCK:
        found = _PAGES.get(key)
        if found is not None:
            _PAGES.move_to_end(key)
    if found is not None:
        data, stamp, notes = found
        restamped = _restamped(data, stamp, now)
        if restamped is not None:
            for name, value in notes.items():
                setattr(scene, name, value)
            return restamped
    data = draw(now)
    stamp = _stamp(now) if dated(fmt) else None
    if stamp is not None and data.count(stamp) != 1:
        return data   # the date is not where we can set it again: not cached
    notes = {name: getattr(scene, name) for name in _NOTES if hasattr(scene, name)}
    _store(key, (data, stamp, notes))
    return data


def dated(fmt: str) -> bool:
    """Whether the file carries the time it was made (a PDF, unless SOURCE_DATE_EPOCH pins its date)."""
    return fmt == "pdf" and not os.getenv("SOURCE_DATE_EPOCH")


def page_key(scene: Scene, fmt: str, sources: bool) -> bytes | None:
    """The digest of everything the page shows, or None for a page that must be drawn (a basemap's tiles)."""
    req = scene.request
    if req.basemap:
        return None
    plan_dir, data_dir = selected_dirs()
    base = districts_path()
    stamp = base.stat().st_mtime_ns if base.is_file() else None
    try:
        content = pickle.dumps((fmt, sources, req, req.day, scene.frames, scene.history, scene.made_on, data_version(),
                                str(plan_dir), str(data_dir), str(base), stamp,
                                os.getenv("SOURCE_DATE_EPOCH")), protocol=5)
    except Exception:   # something in the request that cannot be written down: draw it
        return None
    return hashlib.blake2b(content, digest_size=32).digest()


def clear() -> None:
    with _LOCK:
        _PAGES.clear()


def _store(key: bytes, entry: tuple[bytes, bytes | None, dict]) -> None:
    if len(entry[0]) > MAX_BYTES // 4:
        return
    with _LOCK:
        _PAGES[key] = entry
        _PAGES.move_to_end(key)
        while len(_PAGES) > MAX_ENTRIES or sum(len(e[0]) for e in _PAGES.values()) > MAX_BYTES:
            _PAGES.popitem(last=False)


def _stamp(now: datetime) -> bytes:
    return b"(" + _datetime_to_pdf(now).encode("ascii") + b")"


def _restamped(data: bytes, stamp: bytes | None, now: datetime) -> bytes | None:
    if stamp is None:
        return data
    new = _stamp(now)
    if len(new) != len(stamp):   # the offsets of the file's objects would move: draw it again
        return None
    return data.replace(stamp, new, 1)
