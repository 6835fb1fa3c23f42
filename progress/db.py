"""The database behind the store: its URL, engines, error messages and schema migrations.

SQLite (default ``<repo>/var/planmap.sqlite``) or PostgreSQL by URL. On SQLite every write
transaction is ``BEGIN IMMEDIATE`` (one writer at a time, others wait up to ``busy_timeout``) so
concurrent writers never lose a row nor fail on a lock upgrade; readers never wait (WAL). A full
disk, a read-only database or a missing privilege becomes a :class:`core.errors.StoreError` in
Vietnamese and English (the transaction rolls back: nothing is written); a read-only SQLite file
can still be read.

On PostgreSQL the app may connect as a role that can only read and append
(``progress.privileges``); migrations then run as the tables' owner, named by ``migrate_url``
(or ``$PLANMAP_DB_MIGRATE_URL``), which must name the same database.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event

from core.errors import StoreError

from .privileges import grant_app_role

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "planmap.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_PG_LOCK_MIGRATE = 7_302_030_001


def resolve_url(url: str | None = None) -> str:
    """``url``, else ``$PLANMAP_DB_URL``, else the embedded SQLite file (its folder created)."""
    url = url or os.environ.get("PLANMAP_DB_URL") or ""
    if not url:
        if not DEFAULT_SQLITE.parent.exists():  # holds password hashes: owner only
            DEFAULT_SQLITE.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        return f"sqlite:///{DEFAULT_SQLITE}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:" and url not in _FOLDER_MADE:
        Path(url[len("sqlite:///"):]).expanduser().parent.mkdir(parents=True, exist_ok=True)
        _FOLDER_MADE.add(url)
    return url


# SQLite URLs whose folder this process has already made: the app resolves the URL on every rerun, and a
# mkdir per rerun is a system call that, under load, waits for the GIL behind every other session (py-spy).
_FOLDER_MADE: set[str] = set()


def _read_only(path: Path) -> bool:
    """True when this process may not write the database file, or create its -wal/-shm files beside it."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _sqlite_connect(path: str) -> sqlite3.Connection:
    """A connection to the SQLite file at ``path``; read-only when the file (or its folder) is.

    Why: a WAL database needs its ``-shm``/``-wal`` files; when they cannot be written, opening it
    normally fails with "unable to open database file" even to read. ``mode=ro`` reads through an
    existing ``-shm``; ``immutable=1`` (nothing else may write the file meanwhile) is the last resort,
    so ``progress status`` still works on a read-only copy. Writes then fail with a clear message.
    """
    timeout = BUSY_TIMEOUT_MS / 1000
    attempts = [(path, False)]
    if path != ":memory:" and _read_only(Path(path)):  # never for a passing failure of a writable file
        attempts += [(f"file:{quote(path)}?mode=ro", True), (f"file:{quote(path)}?immutable=1", True)]
    for target, uri in attempts:
        conn = sqlite3.connect(target, timeout=timeout, uri=uri, check_same_thread=False)
        try:
            conn.isolation_level = None  # we emit BEGIN ourselves (below)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not uri:
                _switch_to_wal(conn, time.monotonic() + timeout)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # REPLACE then fires the delete triggers too (defence in depth beside reports_no_overwrite).
            conn.execute("PRAGMA recursive_triggers = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if target == attempts[-1][0]:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _switch_to_wal(conn: sqlite3.Connection, deadline: float) -> None:
    """Put the file in WAL mode, waiting out another connection doing the same.

    Two connections switching a fresh file at the same instant each hold a shared lock and want an
    exclusive one; SQLite answers one of them "database is locked" at once (its busy timeout would
    deadlock), so three processes starting on a new database could lose one (seen in CI, 1 round in 40
    with six threads). The switch is tried again until ``deadline``, as a busy timeout would.
    """
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def _sqlite_engine(url: str, begin: str) -> sa.Engine:
    path = sa.make_url(url).database or ":memory:"
    # A file gets the pool SQLAlchemy gives a file URL (the creator's "sqlite://" would mean :memory:).
    pool = {} if path == ":memory:" else {"poolclass": sa.pool.QueuePool}
    engine = sa.create_engine("sqlite://", creator=lambda: _sqlite_connect(path), **pool)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql(begin)

    return engine


# What the database says when it cannot write, and what a user is told (nothing was written).
_DISK_FULL = ("database or disk is full", "could not extend file", "no space left on device")
_READ_ONLY = ("readonly database", "read-only", "unable to open database file", "attempt to write a readonly")
_PG_DISK_FULL, _PG_READ_ONLY, _PG_PRIVILEGE = "53100", "25006", "42501"


def _store_error(exc: BaseException) -> StoreError | None:
    """The user's message for a database failure that is not their input's fault, or None."""
    text = str(exc).lower()
    code = getattr(exc, "sqlstate", None)
    if code == _PG_DISK_FULL or any(s in text for s in _DISK_FULL):
        return StoreError(
            "Ổ đĩa của cơ sở dữ liệu đã đầy: chưa ghi gì. Hãy báo quản trị viên giải phóng dung lượng rồi thử lại.",
            "The database's disk is full: nothing was written. Ask an administrator to free space, then try again.",
        )
    if code == _PG_READ_ONLY or any(s in text for s in _READ_ONLY):
        return StoreError(
            "Cơ sở dữ liệu đang ở chế độ chỉ đọc (hoặc không mở được để ghi): chưa ghi gì. Hãy báo quản trị viên.",
            "The database is read-only (or cannot be opened for writing): nothing was written. Tell an administrator.",
        )
    if code == _PG_PRIVILEGE or "permission denied" in text:
        return StoreError(
            "Tài khoản cơ sở dữ liệu của ứng dụng không được phép làm việc này: chưa ghi gì.",
            "The app's database account may not do this: nothing was written.",
        )
    return None


def _translate_errors(engine: sa.Engine) -> None:
    @event.listens_for(engine, "handle_error")
    def _on_error(context):  # noqa: ANN001
        if isinstance(context.original_exception, (sqlite3.OperationalError, sqlite3.DatabaseError)) or \
                getattr(context.original_exception, "sqlstate", None):
            error = _store_error(context.original_exception)
            if error is not None:
                raise error from context.original_exception


def _same_database(a: str, b: str) -> bool:
    """True when two URLs differ at most by user name and password."""
    ua, ub = sa.make_url(a), sa.make_url(b)
    return ua.set(username="-", password="-") == ub.set(username="-", password="-")  # set(None) keeps the old name


class Database:
    """Engines for one database (a read engine and a write engine) and its schema; see the module docstring."""

    def __init__(
        self,
        url: str | None = None,
        *,
        migrate_url: str | None = None,
    ) -> None:
        self.url = resolve_url(url)
        self.dialect = sa.make_url(self.url).get_backend_name()
        self.migrate_url = migrate_url or os.environ.get("PLANMAP_DB_MIGRATE_URL") or None
        if self.migrate_url:
            self.migrate_url = resolve_url(self.migrate_url)
            if not _same_database(self.url, self.migrate_url):
                raise StoreError(
                    "PLANMAP_DB_MIGRATE_URL phải chỉ cùng cơ sở dữ liệu với PLANMAP_DB_URL (chỉ khác tài khoản).",
                    "PLANMAP_DB_MIGRATE_URL must name the same database as PLANMAP_DB_URL (only the account differs).",
                )
        if self.dialect == "sqlite":
            self.engine = _sqlite_engine(self.url, "BEGIN")
            self.write_engine = _sqlite_engine(self.url, "BEGIN IMMEDIATE")
        else:
            self.engine = sa.create_engine(self.url, pool_pre_ping=True)
            self.write_engine = self.engine
        for engine in {self.engine, self.write_engine}:
            _translate_errors(engine)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({sa.make_url(self.url).render_as_string(hide_password=True)!r})"

    def dispose(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()

    # ------------------------------------------------------------------ schema
    @staticmethod
    def _alembic_config(conn: sa.Connection | None = None) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("path_separator", "os")
        cfg.attributes["connection"] = conn
        return cfg

    def is_current(self) -> bool:
        """True when the schema is at the newest revision (read only: works as the app role, and read-only)."""
        heads = set(ScriptDirectory.from_config(self._alembic_config()).get_heads())
        with self.engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads()) == heads

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (safe to call from several processes).

        With a migration role (``migrate_url``, PostgreSQL) migrations run as it, and the app's role
        is granted its privileges again every time (so ``python -m progress migrate`` repairs them).
        Without one, nothing is written when the schema is current: the app's role needs no more.
        """
        owner = sa.create_engine(self.migrate_url) if self.migrate_url and self.dialect == "postgresql" else None
        if owner is None and self.is_current():
            return
        engine = owner or self.write_engine
        try:
            with engine.begin() as conn:
                if self.dialect == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_MIGRATE})
                command.upgrade(self._alembic_config(conn), "heads")
                app_role = sa.make_url(self.url).username
                if owner is not None and app_role and app_role != sa.make_url(self.migrate_url).username:
                    grant_app_role(conn, app_role)
        finally:
            if owner is not None:
                owner.dispose()
