"""Code run in child processes by the concurrency tests (importable by multiprocessing 'spawn')."""
from __future__ import annotations

import time
from datetime import date

from progress import ProgressStore, ReportIn, User, seed as seeding

from .fake_refs import REFS


def add_many(url: str, name: str, n: int, barrier, times=None) -> None:
    store = ProgressStore(url)
    user = User(name=name, role="admin", scope=frozenset({"*"}))
    ids = list(REFS)
    barrier.wait(timeout=60)
    start = time.time()
    for i in range(n):
        store.add_report(
            ReportIn(ids[i % len(ids)], "in_progress", i % 101, date(2026, 1, 1 + i % 28), note=f"{name}-{i}"),
            user, REFS,
        )
    if times is not None:
        times.put((name, start, time.time()))
    store.dispose()


def migrate_and_seed(url: str, seed_path: str, barrier) -> None:
    store = ProgressStore(url)
    barrier.wait(timeout=60)
    store.migrate()
    seeding.ensure_seeded(store, REFS, seed_path)
    store.dispose()
