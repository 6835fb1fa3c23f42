"""Which data a printed map shows: a short content hash of the plan's data files.

The version is the first 8 hex digits of SHA-256 over plan.toml and every layer file and table (path and
bytes, in a fixed order, the seed reports ``progress.csv`` included): it changes whenever a file's content
changes and never when a file is only touched or copied, so two prints with the same id show the same data.
The seed reports' newest date is not printed beside it: the store's reports are newer, and the export dates
those it counts itself (``Scene.reports_line``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.plan import PLAN_FILE, selected_dirs
from layers.registry import LAYERS

SEED_REPORTS = "progress.csv"


@dataclass(frozen=True)
class DataVersion:
    version: str            # 8 hex digits of the content hash


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
    for path, _mtime, _size in stamps:
        p = Path(path)
        digest.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return DataVersion(digest.hexdigest()[:8])
