"""Fixtures of the progress store tests: fake feature refs, and a store on SQLite and PostgreSQL.

PostgreSQL tests carry the ``postgres`` marker and run when PLANMAP_TEST_PG_URL names a server
(``scripts/pg_test_server.sh`` starts a throwaway one); each gets a fresh schema.
"""
from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from progress import ProgressStore, ReportIn

PG_URL = os.environ.get("PLANMAP_TEST_PG_URL")
PG_SKIP = "PLANMAP_TEST_PG_URL is not set (start a server with scripts/pg_test_server.sh)"

from .fake_refs import REFS  # noqa: E402


def new_pg_schema_url(base: str) -> tuple[str, str]:
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
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
def db_url(request, tmp_path):
    """A URL of an empty database: a temp SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planmap.sqlite'}"
        return
    url, schema = new_pg_schema_url(PG_URL)
    try:
        yield url
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
    return store.create_user("quan-tri", "mat-khau-rat-dai-1", "admin", "*")


@pytest.fixture
def reporter(store):
    return store.create_user("bao-cao-bg", "mat-khau-rat-dai-2", "reporter", "Bình Giang")


def report(fid="urban-ke-sat", status="in_progress", pct=40.0, as_of=date(2025, 6, 1), **kw) -> ReportIn:
    return ReportIn(feature_id=fid, status=status, progress_pct=pct, as_of=as_of, **kw)
