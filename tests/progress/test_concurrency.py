"""Must hold: concurrent writers lose nothing; a killed import leaves the store exactly as before."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from progress import ProgressStore, ReportIn

from ._workers import add_many
from .conftest import report

REPO = Path(__file__).resolve().parents[2]
FAKE = Path(__file__).resolve().parent / "fake_registry"
N = 150


def cli_env(db_url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update({"PLANMAP_DB_URL": db_url, "PYTHONPATH": os.pathsep.join([str(FAKE), str(REPO)]),
                "PLANMAP_SEED_CSV": str(REPO / "tests" / "progress" / "no-seed.csv"), "PYTHONIOENCODING": "utf-8"})
    env.update(extra)
    return env


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(store, refs, admin):
    before = store.count()
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    times = ctx.Queue()
    procs = [ctx.Process(target=add_many, args=(store.url, name, N, barrier, times)) for name in ("hai-duong", "chi-linh")]
    for p in procs:
        p.start()
    spans = dict((name, (start, end)) for name, start, end in (times.get(timeout=180) for _ in procs))
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0, 0]
    trail = store.audit_trail()
    assert store.count() == before + 2 * N
    notes = set(trail.note)
    assert all(f"{who}-{i}" in notes for who in ("hai-duong", "chi-linh") for i in range(N))
    assert trail.report_id.is_unique
    # The two writers really ran at the same time (released together by the barrier).
    (a0, a1), (b0, b1) = spans["hai-duong"], spans["chi-linh"]
    assert a0 < b1 and b0 < a1


@pytest.mark.slow
def test_a_killed_import_leaves_the_store_as_before(store, refs, admin, tmp_path):
    store.add_report(report(status="preparing", pct=0, as_of=date(2024, 1, 1)), admin, refs)
    store.add_report(report("iz-tan-truong", "operating", 100, date(2023, 6, 1)), admin, refs)
    before = store.audit_trail()
    version = store.version()

    rows = ["feature_id,status,progress_pct,as_of,note,source"]
    ids = list(refs)
    rows += [f"{ids[i % len(ids)]},in_progress,{i % 100},2026-01-{1 + i % 28:02d},dòng {i}," for i in range(2000)]
    big = tmp_path / "lon.csv"
    big.write_text("\n".join(rows) + "\n", encoding="utf-8")
    marker = tmp_path / "in-transaction"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.progress._paused_cli", str(marker), "import", str(big), "--as", admin.name],
        cwd=tmp_path, env=cli_env(store.url),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never reached its transaction"
        time.sleep(0.05)
    # The rows are inserted but not committed: kill the process right here.
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    after = ProgressStore(store.url)
    try:
        assert after.version() == version
        assert after.audit_trail().equals(before)
        # The store is usable at once: no lock left behind by the dead writer.
        new_id = after.add_report(report("urban-gia-loc"), admin, refs)
        assert after.count() == len(before) + 1 and new_id > 0
    finally:
        after.dispose()


def test_a_failed_import_changes_nothing(store, refs, admin):
    from progress import importer
    from core.errors import ImportRejected

    store.add_report(report(), admin, refs)
    before = store.audit_trail()
    text = "feature_id,status,progress_pct,as_of,note,source\n" + "".join(
        f"urban-ke-sat,in_progress,{i},2026-01-01,,\n" for i in range(500)
    ) + "urban-ke-sat,in_progress,101,2026-01-01,,\n"
    pv = importer.preview(text.encode(), "x.csv", admin, refs, today=date(2026, 11, 27))
    with pytest.raises(ImportRejected):
        importer.commit(store, pv)
    assert store.audit_trail().equals(before)


def test_a_database_error_mid_import_rolls_back_every_row(store, refs, admin, monkeypatch):
    """Rows are written in one transaction: if the database refuses one, none stays."""
    store.add_report(report(), admin, refs)
    before = store.audit_trail()
    good = [ReportIn("urban-ke-sat", "in_progress", 10, date(2026, 1, 1)) for _ in range(300)]
    bad = ReportIn("urban-ke-sat", "in_progress", 500, date(2026, 1, 1))  # bypasses validation: CHECK fails
    version = store.version()
    with pytest.raises(sa.exc.IntegrityError, match=r"(?i)check constraint"):
        store.append_validated(good + [bad], admin.name)
    assert store.audit_trail().equals(before)
    assert store.version() == version and store.count() == len(before)


def test_connections_opening_a_new_database_at_the_same_instant_all_get_in(tmp_path):
    """Two connections switching a fresh file to WAL at once: SQLite refuses one at once ("database is
    locked", not after its busy timeout). Seen in CI as one of three starting processes failing; before the
    retry, 1 round in 40 of this test lost a connection."""
    import threading

    from progress.db import _sqlite_connect

    failures = []
    for round_ in range(60):
        path = str(tmp_path / f"fresh-{round_}.sqlite")
        start = threading.Barrier(6)

        def open_and_write() -> None:
            start.wait()
            try:
                conn = _sqlite_connect(path)
                conn.execute("CREATE TABLE IF NOT EXISTS t (a)")
                conn.close()
            except Exception as exc:  # noqa: BLE001 - every failure is the finding
                failures.append((round_, str(exc)))

        threads = [threading.Thread(target=open_and_write) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert failures == []


def test_the_wal_switch_waits_for_a_lock_but_not_past_its_deadline():
    import sqlite3

    from progress.db import _switch_to_wal

    class Busy:  # a connection another one keeps locked for its first ``n`` tries
        def __init__(self, n: int, message: str = "database is locked") -> None:
            self.n, self.tries, self.message = n, 0, message

        def execute(self, sql: str):
            self.tries += 1
            if self.tries <= self.n:
                raise sqlite3.OperationalError(self.message)

    conn = Busy(3)
    _switch_to_wal(conn, time.monotonic() + 5)
    assert conn.tries == 4
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _switch_to_wal(Busy(10_000), time.monotonic() + 0.2)
    other = Busy(1, "disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        _switch_to_wal(other, time.monotonic() + 5)
    assert other.tries == 1  # not a lock: not tried again
