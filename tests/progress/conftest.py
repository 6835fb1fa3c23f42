"""Fixtures of the progress store tests: fake feature refs, and a store on SQLite and PostgreSQL.

PostgreSQL tests carry the ``postgres`` marker and run when PLANMAP_TEST_PG_URL names a server
(``scripts/pg_test_server.sh`` starts a throwaway one); each gets a fresh schema owned by the
migration role ``planmap_owner``, and the store connects as the app role ``planmap_app`` — as in a
deployment — with ``PLANMAP_DB_MIGRATE_URL`` naming the owner for migrations (subprocesses too).
"""
from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from progress import ProgressStore, ReportIn, auth

PG_URL = os.environ.get("PLANMAP_TEST_PG_URL")
PG_SKIP = "PLANMAP_TEST_PG_URL is not set (start a server with scripts/pg_test_server.sh)"

from .fake_refs import REFS  # noqa: E402


OWNER_ROLE, APP_ROLE = "planmap_owner", "planmap_app"


def as_role(url: str, role: str) -> str:
    """The same database (and schema) reached as ``role`` (the test server trusts local roles)."""
    return sa.make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


def new_pg_schema_url(base: str) -> tuple[str, str]:
    """A fresh schema owned by the migration role, and its URL (as the server's superuser)."""
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}" AUTHORIZATION {OWNER_ROLE}')
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def drop_pg_schema(base: str, schema: str) -> None:
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    engine.dispose()


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason=PG_SKIP)]),
]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, monkeypatch):
    """A URL of an empty database: a temp SQLite file, or a fresh PostgreSQL schema as the app role."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planmap.sqlite'}"
        return
    url, schema = new_pg_schema_url(PG_URL)
    monkeypatch.setenv("PLANMAP_DB_MIGRATE_URL", as_role(url, OWNER_ROLE))
    try:
        yield as_role(url, APP_ROLE)
    finally:
        drop_pg_schema(PG_URL, schema)


@pytest.fixture
def store(db_url):
    s = ProgressStore(db_url)
    s.migrate()
    yield s
    s.dispose()


@pytest.fixture
def refs():
    return dict(REFS)


@pytest.fixture
def admin(store):
    return auth.create_user(store, "quan-tri", "mat-khau-rat-dai-1", "admin", "*")


@pytest.fixture
def reporter(store):
    return auth.create_user(store, "bao-cao-bg", "mat-khau-rat-dai-2", "reporter", "Bình Giang")


def report(fid="urban-ke-sat", status="in_progress", pct=40.0, as_of=date(2025, 6, 1), **kw) -> ReportIn:
    return ReportIn(feature_id=fid, status=status, progress_pct=pct, as_of=as_of, **kw)


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch):
    """argon2id with tiny costs: the library's defaults take ~1 s per check on a busy CI machine,
    and these tests check the counting around the hash, not its strength (a real-cost hash is
    still checked by test_passwords_are_stored_only_as_argon2_hashes's ``$argon2id$`` prefix)."""
    from argon2 import PasswordHasher

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", quick)
    monkeypatch.setattr(auth, "_DUMMY_HASH", quick.hash("dummy-password-for-unknown-names"))
