"""The project's limits, not the database's: both stores refuse the same inputs with the same message,
store the same values, and a full disk or a read-only file gives a clear message and writes nothing."""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

import pytest
import sqlalchemy as sa

from core.errors import DataError, StoreError
from progress import ProgressStore, ReportIn, auth

from .conftest import report
from .test_concurrency import cli_env

BAD = [
    ({"capital_allocated_bn": 1e15}, "vượt quá 1.000.000 tỷ đồng", "exceeds"),
    ({"capital_disbursed_bn": "1e300"}, "vượt quá", "exceeds"),
    ({"capital_allocated_bn": "inf"}, "không phải là số", "not a number"),
    ({"pct": float("nan")}, "không phải là số", "not a number"),
    ({"pct": "NaN"}, "không phải là số", "not a number"),
    ({"note": "a" * 3990 + "\x00đuôi"}, "ký tự NUL", "NUL character"),
    ({"unit": "UBND\x00"}, "ký tự NUL", "NUL character"),
    ({"source": "\x00"}, "ký tự NUL", "NUL character"),
    ({"fid": "urban-ke-sat\x00"}, "ký tự NUL", "NUL character"),
    ({"note": "nửa cặp \ud800"}, "không mã hóa được UTF-8", "not encodable"),
    ({"fid": "x" * 500}, "dài quá 120 ký tự", "longer than 120"),
    ({"evidence_url": "https://example.org/" + "a" * 3000}, "dài quá 2000 ký tự", "longer than 2000"),
    ({"corrects_report_id": 10**30}, "không hợp lệ", "not valid"),
    ({"corrects_report_id": "abc"}, "không hợp lệ", "not valid"),
    ({"corrects_report_id": 1.5}, "không hợp lệ", "not valid"),
    ({"corrects_report_id": True}, "không hợp lệ", "not valid"),
    ({"corrects_report_id": 0}, "không hợp lệ", "not valid"),
]


@pytest.mark.parametrize(("kwargs", "vi", "en"), BAD, ids=[f"{next(iter(k))}-{i}" for i, (k, _, _) in enumerate(BAD)])
def test_both_databases_refuse_the_same_bad_values_in_both_languages(store, refs, admin, kwargs, vi, en):
    before = store.version()
    with pytest.raises(DataError) as info:
        store.add_report(report(**kwargs), admin, refs)
    assert vi in info.value.vi and en in info.value.en
    assert len(info.value.vi) < 2000  # a huge cell is never quoted whole
    assert store.version() == before


def test_both_databases_store_the_same_values(store, refs, admin):
    rid = store.add_report(report(pct=33.3333, capital_allocated_bn="999999,9994", capital_disbursed_bn=12.3456,
                                  note="Ghi chú có dấu: Kẻ Sặt\ttab\nxuống dòng"), admin, refs)
    row = store.get_report(rid)
    assert row["capital_allocated_bn"] == 999999.999 and row["capital_disbursed_bn"] == 12.346
    assert row["progress_pct"] == pytest.approx(33.3333)
    assert row["note"] == "Ghi chú có dấu: Kẻ Sặt\ttab\nxuống dòng"


def test_a_correction_of_a_huge_report_number_is_a_clear_error_on_both(store, refs, admin):
    with pytest.raises(DataError, match="từ 1 đến 2147483647"):
        store.add_report(ReportIn("urban-ke-sat", "in_progress", 10, corrects_report_id=10**30), admin, refs)
    assert store.count() == 0


# ---------------------------------------------------------------- disk full, read-only
def _fill_the_disk(store) -> None:
    """Cap the SQLite file at its current size: the next page it needs is 'disk full' (PRAGMA max_page_count)."""
    store.write_engine.dispose()

    @sa.event.listens_for(store.write_engine, "connect")
    def _cap(dbapi_conn, _record):  # noqa: ANN001
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_gives_a_clear_message_and_writes_nothing(tmp_path, refs):
    store = ProgressStore(f"sqlite:///{tmp_path / 'day.sqlite'}")
    store.migrate()
    admin = auth.create_user(store, "quan-tri", "mat-khau-rat-dai-1", "admin", "*")
    store.add_report(report(), admin, refs)
    before = store.audit_trail()
    _fill_the_disk(store)
    many = [ReportIn("urban-ke-sat", "in_progress", 10, date(2026, 1, 1), note="x" * 3000) for _ in range(200)]
    with pytest.raises(StoreError) as info:
        store.append_validated(many, admin.name)
    assert "đầy" in info.value.vi and "disk is full" in info.value.en and "nothing was written" in info.value.en
    assert store.audit_trail().equals(before)  # the bulk write left nothing
    written = 0
    with pytest.raises(StoreError, match="đầy"):  # single reports fit until the last free page is used
        for _ in range(200):
            store.add_report(report(note="y" * 3000), admin, refs)
            written += 1
    fresh = ProgressStore(store.url)
    trail = fresh.audit_trail()
    assert len(trail) == len(before) + written  # every report is whole and committed, or absent
    assert trail.iloc[: len(before)].equals(before)
    store.dispose()
    fresh.dispose()


def _freeze(path) -> None:
    """Make ``path`` (a file or folder) read-only even for root (chattr +i), else by permissions."""
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return
    path.chmod(0o555 if path.is_dir() else 0o444)


def _thaw(path) -> None:
    if shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_sqlite_file_can_be_read_and_refuses_writes_clearly(tmp_path, refs):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "planmap.sqlite"
    store = ProgressStore(f"sqlite:///{db}")
    store.migrate()
    admin = auth.create_user(store, "quan-tri", "mat-khau-rat-dai-1", "admin", "*")
    store.add_report(report(status="delayed", pct=12), admin, refs)
    store.dispose()
    _freeze(db)
    _freeze(folder)
    try:
        probe = folder / "probe"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("this machine cannot make a folder read-only for this user")
        env = cli_env(f"sqlite:///{db}")
        status = subprocess.run([sys.executable, "-m", "progress", "status", "--format", "csv"], env=env,
                                capture_output=True, timeout=120, cwd=tmp_path)
        assert status.returncode == 0, status.stderr.decode()
        assert "urban-ke-sat" in status.stdout.decode() and "delayed" in status.stdout.decode()
        add = subprocess.run([sys.executable, "-m", "progress", "users", "add", "moi", "--role", "viewer"],
                             input=b"mat-khau-rat-dai-9\n", env=env, capture_output=True, timeout=120, cwd=tmp_path)
        err = add.stderr.decode()
        assert add.returncode == 2 and "chỉ đọc" in err and "read-only" in err and "Traceback" not in err
        reader = ProgressStore(f"sqlite:///{db}")
        assert reader.state_as_of(date(2025, 6, 1)).iloc[0].status == "delayed"
        with pytest.raises(StoreError, match="chỉ đọc"):
            reader.add_report(report(), admin, refs)
        reader.dispose()
    finally:
        _thaw(folder)
        _thaw(db)
