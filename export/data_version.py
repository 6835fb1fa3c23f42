"""Which data a printed map shows: a short content hash of the plan's data files.

The version is the first 8 hex digits of SHA-256 over plan.toml and every layer file and table (path and
bytes, in a fixed order, the seed reports ``progress.csv`` included): it changes whenever a file's content
changes and never when a file is only touched or copied, so two prints with the same id show the same data.
The title block gives a date, not the hash (a committee reads a date): the seed reports' newest date, the day the
compiler last checked the sources ("Dữ liệu cập nhật 01/11/2026"); the hash goes in the file's metadata. The
store's reports are dated apart (``Scene.reports_line``: "báo cáo mới nhất …").
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from core.plan import PLAN_FILE, selected_dirs
from layers.registry import LAYERS

SEED_REPORTS = "progress.csv"


@dataclass(frozen=True)
class DataVersion:
    version: str            # 8 hex digits of the content hash (in a file's metadata: the title block gives the date)
    updated: date | None = None   # when the data was last compiled: the newest date of its seed reports


def _newest_seed_date(data: bytes) -> date | None:
    """The newest ``as_of`` of the seed reports (``progress.csv``): the day the compiler last checked the sources
    (SOURCES.md: an undated source gets the collection date), so the day the data was last brought up to date."""
    try:
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        days = [date.fromisoformat(r["as_of"][:10]) for r in rows if (r.get("as_of") or "").strip()]
    except (ValueError, KeyError, UnicodeDecodeError):
        return None
    return max(days) if days else None


def data_version() -> DataVersion:
    """The version of the data the app shows now (the configured plan and data folders)."""
    plan_dir, data_dir = selected_dirs()
    names = sorted({n for spec in LAYERS for n in spec.files + spec.tables} | {SEED_REPORTS})
    files = [plan_dir / PLAN_FILE] + [data_dir / n for n in names]
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file())
    return _version(stamps)


@lru_cache(maxsize=8)
def _version(stamps: tuple[tuple[str, int, int], ...]) -> DataVersion:
    """Hashed once per set of file stamps (an export must not read every file again)."""
    digest = hashlib.sha256()
    updated = None
    for path, _mtime, _size in stamps:
        p = Path(path)
        data = p.read_bytes()
        digest.update(p.name.encode() + b"\0" + data + b"\0")
        if p.name == SEED_REPORTS:
            updated = _newest_seed_date(data)
    return DataVersion(digest.hexdigest()[:8], updated)
