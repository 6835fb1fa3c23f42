"""The store's version token as the map page reads it (ui.data.store_version): no query while the
SQLite files are unchanged, a new token as soon as another process (another app server) commits a report."""
from __future__ import annotations

import os
import time
from datetime import date

from progress import ProgressStore, ReportIn
from ui import data


def _stores(tmp_path):
    url = f"sqlite:///{tmp_path / 'planmap.sqlite'}"
    mine, other = ProgressStore(url), ProgressStore(url)  # two servers on one database file
    mine.migrate()
    return url, mine, other


def _settle(tmp_path) -> None:
    """Age the database files past the coarse-clock margin, as minutes of quiet would."""
    old = time.time_ns() - 10 * data.SETTLED_NS
    for suffix in ("", "-wal"):
        path = tmp_path / f"planmap.sqlite{suffix}"
        if path.exists():
            os.utime(path, ns=(old, old))


def test_an_unchanged_store_is_not_asked_again_and_a_commit_elsewhere_is_seen_at_once(tmp_path):
    url, mine, other = _stores(tmp_path)
    memo, queries = data._VersionMemo(), []

    def read() -> int:
        queries.append(1)
        return mine.version()

    _settle(tmp_path)
    first = memo.read(url, read)
    assert memo.read(url, read) == first and memo.read(url, read) == first
    assert len(queries) == 1  # the reruns that follow cost a stat, no query

    other.append_validated([ReportIn("ua-hai-duong", "completed", 100, date(2025, 3, 1))], "tester")
    second = memo.read(url, read)  # the very next read, no settling in between
    assert second != first and len(queries) == 2
    other.append_validated([ReportIn("ua-hai-duong", "in_progress", 50, date(2025, 4, 1))], "tester")
    assert memo.read(url, read) not in (first, second)


def test_a_version_read_while_the_files_are_fresh_is_not_trusted_later(tmp_path):
    """Two commits within one tick of the kernel's file clock can leave the same signature: a token read
    right after a commit is asked again next time."""
    url, mine, _ = _stores(tmp_path)
    memo, queries = data._VersionMemo(), []
    read = lambda: queries.append(1) or mine.version()  # noqa: E731
    memo.read(url, read)
    memo.read(url, read)
    assert len(queries) == 2


def test_other_databases_are_asked_every_time():
    memo, queries = data._VersionMemo(), []
    for _ in range(3):
        memo.read("postgresql+psycopg://app@db/planmap", lambda: queries.append(1) or 7)
    assert len(queries) == 3
