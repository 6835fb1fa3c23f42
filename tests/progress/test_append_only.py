"""History is never rewritten: whatever SQL reaches the database, existing reports stay as they were.

SQLite: UPDATE, DELETE, REPLACE and UPSERT over an existing id are refused by triggers.
PostgreSQL: the app's role (the one the store connects as) may only SELECT and INSERT reports, so
UPDATE, DELETE, TRUNCATE and ALTER fail; the owner itself is stopped by the triggers (TRUNCATE too).
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.errors import StoreError
from progress import auth

from .conftest import OWNER_ROLE, as_role, report

SNAPSHOT = "SELECT id, feature_id, status, progress_pct, note FROM reports ORDER BY id"


def _rows(store):
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(SNAPSHOT).all()


def _refused(engine, sql: str, match: str):
    with pytest.raises((sa.exc.DBAPIError, StoreError), match=match):
        with engine.begin() as conn:
            conn.exec_driver_sql(sql)


@pytest.fixture
def written(store, refs, admin):
    store.add_report(report(status="preparing", pct=0, note="bản gốc"), admin, refs)
    store.add_report(report("iz-tan-truong", "operating", 100), admin, refs)
    return _rows(store)


SQLITE_REWRITES = [
    "UPDATE reports SET status = 'completed'",
    "DELETE FROM reports",
    "INSERT OR REPLACE INTO reports (id, feature_id, status, note, reported_by, reported_at, as_of) "
    "VALUES (1, 'urban-ke-sat', 'completed', 'giả mạo', 'x', '2026-01-01 00:00:00', '2026-01-01')",
    "REPLACE INTO reports (id, feature_id, status, note, reported_by, reported_at, as_of) "
    "VALUES (1, 'urban-ke-sat', 'completed', 'giả mạo', 'x', '2026-01-01 00:00:00', '2026-01-01')",
    "INSERT INTO reports (id, feature_id, status, note, reported_by, reported_at, as_of) "
    "VALUES (1, 'urban-ke-sat', 'completed', 'giả mạo', 'x', '2026-01-01 00:00:00', '2026-01-01') "
    "ON CONFLICT (id) DO UPDATE SET status = excluded.status, note = excluded.note",
    "UPDATE OR REPLACE reports SET id = 2 WHERE id = 1",
]


@pytest.mark.parametrize("sql", SQLITE_REWRITES, ids=["update", "delete", "insert-or-replace", "replace", "upsert",
                                                      "update-or-replace"])
def test_sqlite_refuses_every_way_to_rewrite_a_report(store, written, sql):
    if store.dialect != "sqlite":
        pytest.skip("SQLite statement forms")
    _refused(store.write_engine, sql, "append-only")
    assert _rows(store) == written


def test_sqlite_still_appends_with_an_explicit_new_id(store, written):
    if store.dialect != "sqlite":
        pytest.skip("SQLite statement forms")
    with store.write_engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO reports (id, feature_id, status, note, reported_by, reported_at, as_of) "
            "VALUES (99, 'urban-gia-loc', 'preparing', '', 'x', '2026-01-01 00:00:00', '2026-01-01')")
    assert _rows(store)[:2] == written and len(_rows(store)) == 3


PG_AS_APP = [
    "UPDATE reports SET status = 'completed'",
    "DELETE FROM reports",
    "TRUNCATE reports CASCADE",
    "ALTER TABLE reports DISABLE TRIGGER USER",
    "DROP TRIGGER reports_no_update_delete ON reports",
    "DROP TABLE reports CASCADE",
    "INSERT INTO reports (id, feature_id, status, note, reported_by, reported_at, as_of) "
    "VALUES (1, 'urban-ke-sat', 'completed', 'x', 'x', now(), '2026-01-01') "
    "ON CONFLICT (id) DO UPDATE SET status = 'completed'",
]


@pytest.mark.postgres
@pytest.mark.parametrize("sql", PG_AS_APP, ids=["update", "delete", "truncate", "alter", "drop-trigger", "drop", "upsert"])
def test_postgres_app_role_may_not_rewrite_reports(store, written, sql):
    if store.dialect != "postgresql":
        pytest.skip("PostgreSQL roles")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT current_user").scalar() == "planmap_app"
    _refused(store.write_engine, sql, "not allowed|permission denied|must be owner|không được phép")
    assert _rows(store) == written


@pytest.mark.postgres
@pytest.mark.parametrize("sql", ["UPDATE reports SET status = 'completed'", "DELETE FROM reports", "TRUNCATE reports CASCADE"])
def test_postgres_owner_is_stopped_by_the_triggers(store, written, sql):
    if store.dialect != "postgresql":
        pytest.skip("PostgreSQL roles")
    owner = sa.create_engine(as_role(store.url, OWNER_ROLE))
    try:
        _refused(owner, sql, "append-only")
    finally:
        owner.dispose()
    assert _rows(store) == written


@pytest.mark.postgres
def test_postgres_app_role_can_do_its_job(store, refs, admin, written):
    """Reading, appending, sessions and sign-in counters work with the app's narrow privileges."""
    if store.dialect != "postgresql":
        pytest.skip("PostgreSQL roles")
    new_id = store.add_report(report("urban-gia-loc", as_of=date(2025, 7, 1)), admin, refs)
    assert new_id > max(r.id for r in written)
    user = auth.authenticate(store, "quan-tri", "mat-khau-rat-dai-1")
    token = auth.start_session(store, user)
    auth.end_session(store, token)
    assert store.is_current()
    with store.engine.connect() as conn:
        privileges = dict(conn.execute(sa.text(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) FROM "
            "information_schema.role_table_grants WHERE grantee = 'planmap_app' GROUP BY table_name")).all())
    assert privileges["reports"] == "INSERT,SELECT"
    assert privileges["alembic_version"] == "SELECT"


def test_a_migration_url_of_another_database_is_refused(monkeypatch, tmp_path):
    from progress import ProgressStore

    monkeypatch.setenv("PLANMAP_DB_MIGRATE_URL", "postgresql://planmap_owner@db.example/other")
    with pytest.raises(StoreError, match="cùng cơ sở dữ liệu") as info:
        ProgressStore("postgresql://planmap_app@db.example/planmap")
    assert "same database" in info.value.en
    with pytest.raises(StoreError):
        ProgressStore(f"sqlite:///{tmp_path / 'x.sqlite'}")
