"""The progress store: append-only reports in SQLite (default) or PostgreSQL, behind one class.

>>> store = ProgressStore()            # PLANMAP_DB_URL, else <repo>/var/planmap.sqlite
>>> store.migrate()                    # Alembic upgrade head
>>> store.seed_from_csv(refs=refs)     # first run: data/progress.csv, idempotent
>>> store.state_as_of(date(2025, 6, 1))

Writes are single transactions. On SQLite every write transaction is ``BEGIN IMMEDIATE``
(one writer at a time, others wait up to ``busy_timeout``) so concurrent writers never lose a
row nor fail on a lock upgrade; readers never wait (WAL). A full disk, a read-only database or a
missing privilege becomes a :class:`core.errors.StoreError` in Vietnamese and English (the
transaction rolls back: nothing is written); a read-only SQLite file can still be read.

On PostgreSQL the app may connect as a role that can only read and append
(``progress.privileges``); migrations then run as the tables' owner, named by ``migrate_url``
(or ``$PLANMAP_DB_MIGRATE_URL``), which must name the same database.
"""
from __future__ import annotations

import csv
import io
import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event

from core.errors import AuthError, DataError, StoreError
from core.features import FeatureRef
from core.vocab import status_label

from . import auth
from .models import reports
from .privileges import grant_app_role
from .rules import (
    FINISHED_STATUSES,
    SEED_USER,
    Problem,
    ReportIn,
    User,
    check_report,
    in_cycle,
    nfc,
    parse_date,
    raise_problems,
    today_vn,
    utc_now,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "planmap.sqlite"
DEFAULT_SEED_CSV = REPO / "data" / "progress.csv"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SEED_LABEL = {"vi": "Dữ liệu ban đầu (tổng hợp từ nguồn công khai)", "en": "First status (compiled from public sources)"}


def reporter_label(name: object, lang: str = "vi") -> str:
    """Who made a report, in words: the seed's rows are researched first statuses, not a person's report."""
    if name == SEED_USER:
        return SEED_LABEL["en" if lang == "en" else "vi"]
    return "" if name is None or (isinstance(name, float) and name != name) else str(name)
BUSY_TIMEOUT_MS = 30_000
_PG_LOCK_MIGRATE = 7_302_030_001
_PG_LOCK_SEED = 7_302_030_002

STATE_COLUMNS = [
    "feature_id", "status", "progress_pct", "as_of", "reported_at", "reported_by", "unit", "note",
    "evidence_url", "capital_allocated_bn", "capital_disbursed_bn", "disbursement_pct", "report_id", "section",
]
HISTORY_COLUMNS = STATE_COLUMNS + ["corrects_report_id", "source"]
_REPORT_COLUMNS = [
    "feature_id", "status", "progress_pct", "as_of", "reported_at", "reported_by", "unit", "note",
    "evidence_url", "capital_allocated_bn", "capital_disbursed_bn", "section",
]


def resolve_url(url: str | None = None) -> str:
    """``url``, else ``$PLANMAP_DB_URL``, else the embedded SQLite file (its folder created)."""
    url = url or os.environ.get("PLANMAP_DB_URL") or ""
    if not url:
        if not DEFAULT_SQLITE.parent.exists():  # holds password hashes: owner only
            DEFAULT_SQLITE.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        return f"sqlite:///{DEFAULT_SQLITE}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///"):]).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return url


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
                conn.execute("PRAGMA journal_mode = WAL")
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


@dataclass(frozen=True)
class OverdueItem:
    """A feature that has no report in the current cycle (see :func:`progress.rules.report_cycle`)."""

    feature_id: str
    name: str
    layer: str
    district: str
    unit: str
    status: str
    last_as_of: date | None


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def _districts_text(ref: FeatureRef) -> str:
    names = list(ref.districts) or ([ref.district] if ref.district else [])
    return ", ".join(dict.fromkeys(n for n in names if n))


class ProgressStore:
    """Append-only progress reports; see the module docstring.

    ``before_commit`` (tests) is called with the write's name ("report", "import", "seed") inside
    each report-writing transaction, just before it commits.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        migrate_url: str | None = None,
        before_commit: Callable[[str], None] | None = None,
    ) -> None:
        self.url = resolve_url(url)
        self.dialect = sa.make_url(self.url).get_backend_name()
        self.before_commit = before_commit
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
        return f"ProgressStore({sa.make_url(self.url).render_as_string(hide_password=True)!r})"

    def dispose(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()

    def _committing(self, stage: str) -> None:
        if self.before_commit is not None:
            self.before_commit(stage)

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

    # ------------------------------------------------------------------ cheap facts
    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(reports)).scalar_one())

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(reports.c.id).limit(1)).first() is None

    def version(self) -> int:
        """A change token: differs after every committed report (reports are never deleted).

        Combines the row count and the largest id, so a transaction committing an older id
        after a newer one (PostgreSQL sequences) still changes the token.
        """
        with self.engine.connect() as conn:
            n, top = conn.execute(sa.select(sa.func.count(), sa.func.max(reports.c.id))).one()
        return (int(top or 0) << 32) + int(n)

    # ------------------------------------------------------------------ writing
    def _insert_rows(self, conn: sa.Connection, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        if self.dialect in ("sqlite", "postgresql"):
            result = conn.execute(reports.insert().returning(reports.c.id), rows)
            return [int(r) for r in result.scalars().all()]
        ids = []
        for row in rows:  # pragma: no cover - other backends
            ids.append(int(conn.execute(reports.insert(), row).inserted_primary_key[0]))
        return ids

    @staticmethod
    def _row(report: ReportIn, reported_by: str, reported_at: datetime) -> dict:
        return {
            "feature_id": report.feature_id,
            "status": report.status,
            "progress_pct": _float(report.progress_pct),
            "note": report.note or "",
            "evidence_url": report.evidence_url,
            "unit": report.unit,
            "reported_by": reported_by,
            "reported_at": reported_at,
            "as_of": report.as_of,
            "capital_allocated_bn": _float(report.capital_allocated_bn),
            "capital_disbursed_bn": _float(report.capital_disbursed_bn),
            "corrects_report_id": report.corrects_report_id,
            "source": report.source,
            "section": report.section,
        }

    def add_report(
        self,
        report: ReportIn,
        user: User | None,
        refs: Mapping[str, FeatureRef],
        *,
        today: date | None = None,
    ) -> int:
        """Validate and append one report; returns its id.

        Raises AuthError (nobody signed in), PermissionDenied (viewer, or feature out of the
        user's scope) or DataError (unknown feature, bad status, percent outside 0–100, date in
        the future, bad correction target), each with a Vietnamese and an English message.
        A correction (``corrects_report_id``) is a new row; without ``as_of`` it takes the
        corrected report's date.
        """
        if user is None:
            raise AuthError("Cần đăng nhập để báo cáo tiến độ.", "Sign in to report progress.")
        report = ReportIn(**vars(report))  # never mutate the caller's object
        problems = check_report(report, refs, user, today=today)
        with self.write_engine.begin() as conn:
            if report.corrects_report_id is not None:
                target = conn.execute(
                    sa.select(reports.c.feature_id, reports.c.as_of).where(reports.c.id == report.corrects_report_id)
                ).first()
                if target is None:
                    problems.append(Problem(
                        f"Không có báo cáo số {report.corrects_report_id} để đính chính.",
                        f"There is no report #{report.corrects_report_id} to correct.", "corrects_report_id"))
                elif target.feature_id != report.feature_id:
                    problems.append(Problem(
                        f"Báo cáo số {report.corrects_report_id} thuộc đối tượng khác ({target.feature_id}).",
                        f"Report #{report.corrects_report_id} is about another feature ({target.feature_id}).",
                        "corrects_report_id"))
                elif report.as_of is None:
                    report.as_of = target.as_of
            raise_problems(problems)
            if report.as_of is None:
                report.as_of = today or today_vn()
            new_id = self._insert_rows(conn, [self._row(report, user.name, utc_now())])[0]
            self._committing("report")
            return new_id

    def append_validated(self, items: Iterable[ReportIn], reported_by: str) -> int:
        """Append already-validated reports in ONE transaction (all or none); returns rows written."""
        now = utc_now()
        rows = [self._row(item, reported_by, now) for item in items]
        with self.write_engine.begin() as conn:
            self._insert_rows(conn, rows)
            self._committing("import")
        return len(rows)

    # ------------------------------------------------------------------ reading
    def _select_columns(self, source) -> list:
        return [source.c[name] for name in _REPORT_COLUMNS] + [source.c.id.label("report_id")]

    @staticmethod
    def _frame(rows: list, keys: list[str], columns: list[str]) -> pd.DataFrame:
        df = pd.DataFrame([tuple(r) for r in rows], columns=keys)
        for col in ("progress_pct", "capital_allocated_bn", "capital_disbursed_bn"):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        df["reported_at"] = pd.to_datetime(df["reported_at"], utc=True)
        alloc = df["capital_allocated_bn"]
        df["disbursement_pct"] = (df["capital_disbursed_bn"] / alloc.where(alloc > 0) * 100).round(1)
        df["report_id"] = df["report_id"].astype("int64")
        if "corrects_report_id" in df:
            df["corrects_report_id"] = df["corrects_report_id"].astype("Int64")
        for col in ("note",):
            df[col] = df[col].fillna("")
        return df[columns].reset_index(drop=True)

    def state_as_of(self, as_of: date | None = None) -> pd.DataFrame:
        """One row per feature with a report dated on or before ``as_of`` (default: today in Vietnam).

        The state is that feature's latest report by ``as_of``, then ``reported_at``, then id
        (so a correction entered later for the same date wins). One SQL query.
        """
        day = as_of or today_vn()
        if isinstance(day, datetime):  # also pandas.Timestamp
            day = day.date()
        elif isinstance(day, str):
            day = parse_date(day)
        # For each reported feature, the id of its latest report on or before ``day``: a correlated
        # subquery that walks the (feature_id, as_of, reported_at, id) index backwards — a few
        # index probes per feature instead of sorting every report (window function: ~25x slower).
        features = sa.select(reports.c.feature_id).distinct().subquery("f")
        latest = reports.alias("latest")
        latest_id = (
            sa.select(latest.c.id)
            .where(latest.c.feature_id == features.c.feature_id, latest.c.as_of <= day)
            .order_by(latest.c.as_of.desc(), latest.c.reported_at.desc(), latest.c.id.desc())
            .limit(1)
            .correlate(features)
            .scalar_subquery()
        )
        query = (
            sa.select(*self._select_columns(reports))
            .select_from(features.join(reports, reports.c.id == latest_id))
            .order_by(reports.c.feature_id)
        )
        with self.engine.connect() as conn:
            result = conn.execute(query)
            keys = list(result.keys())
            rows = result.all()
        return self._frame(rows, keys, STATE_COLUMNS)

    def history(self, feature_id: str) -> pd.DataFrame:
        """Every report of one feature, oldest first (by as_of, then reported_at, then id)."""
        query = (
            sa.select(*self._select_columns(reports), reports.c.corrects_report_id, reports.c.source)
            .where(reports.c.feature_id == feature_id)
            .order_by(reports.c.as_of, reports.c.reported_at, reports.c.id)
        )
        with self.engine.connect() as conn:
            result = conn.execute(query)
            keys = list(result.keys())
            rows = result.all()
        return self._frame(rows, keys, HISTORY_COLUMNS)

    def audit_trail(self, since: date | None = None) -> pd.DataFrame:
        """Every report ever written, in the order written (id), with who wrote it and when."""
        query = sa.select(*self._select_columns(reports), reports.c.corrects_report_id, reports.c.source).order_by(reports.c.id)
        if since is not None:
            query = query.where(reports.c.as_of >= since)
        with self.engine.connect() as conn:
            result = conn.execute(query)
            keys = list(result.keys())
            rows = result.all()
        df = self._frame(rows, keys, HISTORY_COLUMNS)
        return df[["report_id"] + [c for c in HISTORY_COLUMNS if c != "report_id"]]

    def get_report(self, report_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(reports).where(reports.c.id == int(report_id))).mappings().first()
        return dict(row) if row else None

    # ------------------------------------------------------------------ dashboard
    def dashboard_table(
        self, refs: Mapping[str, FeatureRef], as_of: date | None = None, lang: str = "vi"
    ) -> pd.DataFrame:
        """Every feature in ``refs`` with its state on ``as_of`` (default today) — the dashboard's table.

        Columns: feature_id, name, layer, district, status, status_label, progress_pct, unit,
        as_of (last report), reported_at, reported_by, note, evidence_url, capital_allocated_bn,
        capital_disbursed_bn, disbursement_pct, report_id, overdue. Features without a report
        are ``unknown``; ``unit`` falls back to the feature's district(s) when no report named one;
        ``overdue`` is True when an unfinished feature (not completed/operating) has no report by
        a person (seed rows excluded) dated in the reporting cycle of ``as_of``; ``last_unit_report``
        is the date of that person's latest report.
        """
        day = as_of or today_vn()
        state = self.state_as_of(day)
        return build_dashboard(refs, state, day, lang, self.last_unit_reports(day))

    def last_unit_reports(self, as_of: date | None = None) -> dict[str, date]:
        """Per feature, the latest ``as_of`` on or before the date of a report made by a person
        (seed rows are researched first statuses, not a unit's report, so they never count)."""
        day = as_of or today_vn()
        query = (
            sa.select(reports.c.feature_id, sa.func.max(reports.c.as_of))
            .where(reports.c.as_of <= day, reports.c.reported_by != SEED_USER)
            .group_by(reports.c.feature_id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {fid: (d if isinstance(d, date) else parse_date(d)) for fid, d in rows}

    def overdue(self, refs: Mapping[str, FeatureRef], today: date | None = None) -> list[OverdueItem]:
        """Features owing a report: unfinished (not completed/operating) and without a report by a
        person (not the seed) whose as_of falls in the current cycle (previous 5 Dec, next 5 Dec]
        — see ``progress.rules.report_cycle``. ``last_as_of`` is their latest such report, if any."""
        table = self.dashboard_table(refs, today)
        return overdue_items(table)

    # ------------------------------------------------------------------ seed
    def seed_from_csv(self, path: str | Path | None = None, refs: Mapping[str, FeatureRef] | None = None) -> int:
        """Seed the first known statuses from ``data/progress.csv`` (or ``$PLANMAP_SEED_CSV``).

        Idempotent by natural key: a row already seeded (same feature, date, status, percent,
        note, source, by ``seed``) is never written twice, so seeding again changes nothing; new
        rows added to the file later are appended. Rows without a date whose status is unknown
        carry no information and are skipped. Any invalid row → DataError, nothing written.
        Returns the number of rows written.
        """
        path = Path(path or os.environ.get("PLANMAP_SEED_CSV") or DEFAULT_SEED_CSV)
        if not path.exists():
            return 0
        items = parse_seed(path.read_bytes(), refs)
        with self.write_engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_SEED})
            existing = {
                _seed_key(r.feature_id, r.as_of, r.status, r.progress_pct, r.note, r.source)
                for r in conn.execute(
                    sa.select(reports.c.feature_id, reports.c.as_of, reports.c.status, reports.c.progress_pct,
                              reports.c.note, reports.c.source).where(reports.c.reported_by == SEED_USER)
                )
            }
            now = utc_now()
            rows = []
            for item in items:
                key = _seed_key(item.feature_id, item.as_of, item.status, item.progress_pct, item.note, item.source)
                if key in existing:
                    continue
                existing.add(key)
                rows.append(self._row(item, SEED_USER, now))
            self._insert_rows(conn, rows)
            self._committing("seed")
        return len(rows)

    def ensure_seeded(self, refs: Mapping[str, FeatureRef] | None, path: str | Path | None = None) -> int:
        """Seed only when the store has no report at all (first run)."""
        return self.seed_from_csv(path, refs) if self.is_empty() else 0

    # ------------------------------------------------------------------ users (see auth.py)
    def create_user(self, name: str, password: str, role: str = "reporter", scope: Iterable[str] | str = (), *,
                    refs: Mapping[str, FeatureRef] | None = None) -> User:
        return auth.create_user(self, name, password, role, scope, refs=refs)

    def authenticate(self, name: str, password: str, *, client: str | None = None, now: datetime | None = None,
                     verify: auth.Verifier = auth.verify_password) -> User:
        return auth.authenticate(self, name, password, client=client, now=now, verify=verify)

    def start_session(self, user: User, ttl: timedelta | None = None, *, now: datetime | None = None) -> str:
        return auth.start_session(self, user, ttl, now=now)

    def user_for_session(self, token: str | None, *, now: datetime | None = None) -> User:
        return auth.user_for_session(self, token, now=now)

    def end_session(self, token: str | None) -> None:
        auth.end_session(self, token)

    def get_user(self, name: str) -> User | None:
        return auth.get_user(self, name)

    def list_users(self) -> list[dict]:
        return auth.list_users(self)

    # ------------------------------------------------------------------ bulk import (see importer.py)
    def preview_import(self, file_bytes: bytes, filename: str, user: User | None, refs: Mapping[str, FeatureRef]):
        from . import importer
        return importer.preview(file_bytes, filename, user, refs)

    def template(self, user: User | None, refs: Mapping[str, FeatureRef], fmt: str = "csv", lang: str = "vi") -> bytes:
        """The bulk-report template for ``user`` (CSV or XLSX), with each feature's current state."""
        from . import importer
        return importer.template(user, refs, fmt, state=self.state_as_of(), lang=lang)

    def overdue_units(self, refs: Mapping[str, FeatureRef], today: date | None = None) -> pd.DataFrame:
        """Units owing reports in the current cycle: unit, overdue_count, features."""
        return overdue_units(self.dashboard_table(refs, today))

    def commit_import(self, preview) -> int:
        from . import importer
        return importer.commit(self, preview)


# ---------------------------------------------------------------------- pure helpers
def _seed_key(fid, as_of, status, pct, note, source) -> tuple:
    pct = _float(pct)
    return (fid, as_of, status, None if pct is None else round(pct, 4), nfc(note), nfc(source) or None)


def parse_seed(data: bytes, refs: Mapping[str, FeatureRef] | None) -> list[ReportIn]:
    """Validated reports from the seed CSV (columns feature_id,status,progress_pct,as_of,note,source)."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    required = {"feature_id", "status", "progress_pct", "as_of"}
    header = {nfc(h) for h in (reader.fieldnames or [])}
    missing = sorted(required - header)
    if missing:
        raise DataError(
            f"Tệp tiến độ ban đầu thiếu cột: {', '.join(missing)}.",
            f"The seed progress file lacks columns: {', '.join(missing)}.",
        )
    items: list[ReportIn] = []
    problems: list[Problem] = []
    for line, raw in enumerate(reader, start=2):
        raw = {nfc(k): v for k, v in raw.items() if k is not None}
        if not any(nfc(v) for v in raw.values()):
            continue
        item = ReportIn(
            feature_id=raw.get("feature_id") or "",
            status=raw.get("status") or "",
            progress_pct=raw.get("progress_pct") or None,
            as_of=raw.get("as_of") or None,
            note=raw.get("note") or "",
            source=raw.get("source") or None,
            unit=raw.get("unit") or None,
            evidence_url=raw.get("evidence_url") or None,
            capital_allocated_bn=raw.get("capital_allocated_bn") or None,
            capital_disbursed_bn=raw.get("capital_disbursed_bn") or None,
        )
        row_problems = check_report(item, refs if refs is not None else _AnyRef(), None, row=line, check_scope=False)
        if not row_problems and item.as_of is None:
            if item.status == "unknown":
                continue  # "not found" carries no dated fact: the feature simply has no report
            row_problems.append(Problem(
                "Thiếu ngày (as_of) cho tình trạng đã biết.", "The date (as_of) is missing for a known status.",
                "as_of", line))
        problems.extend(row_problems)
        items.append(item)
    if problems:
        shown = problems[:20]
        more = f" (+{len(problems) - 20})" if len(problems) > 20 else ""
        raise DataError(
            "Tệp tiến độ ban đầu có lỗi: " + "; ".join(p.message("vi") for p in shown) + more,
            "The seed progress file has errors: " + "; ".join(p.message("en") for p in shown) + more,
        )
    return items


class _AnyRef(dict):
    """Refs stand-in accepting every id (seeding without the layer registry)."""

    def get(self, key, default=None):  # noqa: ANN001
        return FeatureRef(key, "", key) if key else default


def build_dashboard(
    refs: Mapping[str, FeatureRef],
    state: pd.DataFrame,
    day: date,
    lang: str = "vi",
    unit_reports: Mapping[str, date] | None = None,
) -> pd.DataFrame:
    base = pd.DataFrame(
        [
            {"feature_id": ref.id, "name": ref.name, "layer": ref.layer, "district": _districts_text(ref)}
            for ref in refs.values()
        ],
        columns=["feature_id", "name", "layer", "district"],
    )
    df = base.merge(state, on="feature_id", how="left")
    df["status"] = df["status"].fillna("unknown")
    labels = {code: status_label(code, lang) for code in df["status"].unique()}
    df["status_label"] = df["status"].map(labels)
    df["unit"] = df["unit"].where(df["unit"].notna() & (df["unit"] != ""), df["district"])
    df["note"] = df["note"].fillna("")
    finished = df["status"].isin(FINISHED_STATUSES)
    if unit_reports is None:  # without the store's answer, every report counts
        unit_reports = {fid: d for fid, d in zip(df["feature_id"], df["as_of"]) if isinstance(d, date)}
    df["last_unit_report"] = df["feature_id"].map(lambda f: unit_reports.get(f))
    reported = df["last_unit_report"].map(lambda d: in_cycle(d, day) if isinstance(d, date) else False).astype(bool)
    df["overdue"] = ~finished & ~reported
    df["report_id"] = df["report_id"].astype("Int64")
    columns = [
        "feature_id", "name", "layer", "district", "status", "status_label", "progress_pct", "unit", "as_of",
        "reported_at", "reported_by", "note", "evidence_url", "capital_allocated_bn", "capital_disbursed_bn",
        "disbursement_pct", "report_id", "last_unit_report", "overdue",
    ]
    return df[columns].reset_index(drop=True)


def overdue_items(table: pd.DataFrame) -> list[OverdueItem]:
    out = []
    for row in table[table["overdue"]].itertuples(index=False):
        out.append(OverdueItem(
            feature_id=row.feature_id, name=row.name, layer=row.layer, district=row.district,
            unit=row.unit if isinstance(row.unit, str) else "", status=row.status,
            last_as_of=row.last_unit_report if isinstance(row.last_unit_report, date) else None,
        ))
    return out


def overdue_units(table: pd.DataFrame) -> pd.DataFrame:
    """Units owing reports: unit, number of overdue features, their names."""
    late = table[table["overdue"]]
    if late.empty:
        return pd.DataFrame(columns=["unit", "overdue_count", "features"])
    grouped = late.groupby(late["unit"].fillna("—").replace("", "—"), sort=True)
    out = grouped.agg(overdue_count=("feature_id", "size"), features=("name", lambda s: "; ".join(s)))
    return out.reset_index().sort_values(["overdue_count", "unit"], ascending=[False, True]).reset_index(drop=True)


def counts_by_status(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Number of features per status (every status code of the vocabulary, in its order)."""
    from core.vocab import STATUSES

    counts = table["status"].value_counts()
    return pd.DataFrame(
        [{"status": code, "status_label": term.label(lang), "count": int(counts.get(code, 0))} for code, term in STATUSES.items()]
    )


def counts_by_district(table: pd.DataFrame) -> pd.DataFrame:
    """Features per district and status (a feature spanning districts counts in each)."""
    df = table[["feature_id", "district", "status"]].copy()
    df["district"] = df["district"].fillna("").map(lambda s: [d.strip() for d in s.split(",") if d.strip()] or ["—"])
    df = df.explode("district")
    return df.pivot_table(index="district", columns="status", values="feature_id", aggfunc="count", fill_value=0)
