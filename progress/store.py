"""The progress store: append-only reports — their writes and reads, behind one class.

>>> store = ProgressStore()            # PLANMAP_DB_URL, else <repo>/var/planmap.sqlite (progress.db)
>>> store.migrate()                    # Alembic upgrade head
>>> seed.ensure_seeded(store, refs)    # first run: data/progress.csv, idempotent (progress.seed)
>>> store.state_as_of(date(2025, 6, 1))

Every write is one transaction (all rows or none). Users and sessions are :mod:`progress.auth`'s,
the bulk import :mod:`progress.importer`'s; both take the store as their first argument.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Mapping

import pandas as pd
import sqlalchemy as sa

from core.errors import AuthError
from core.features import FeatureRef

from .dashboard import build_dashboard
from .db import Database
from .latest import LATEST_ORDER
from .models import reports
from .problems import problem, raise_problems
from .rules import SEED_USER, ReportIn, parse_date, today_vn, utc_now
from .users import User
from .validation import check_report

STATE_COLUMNS = [
    "feature_id", "status", "progress_pct", "as_of", "reported_at", "reported_by", "unit", "note",
    "evidence_url", "capital_allocated_bn", "capital_disbursed_bn", "disbursement_pct", "report_id", "section",
]
HISTORY_COLUMNS = STATE_COLUMNS + ["corrects_report_id", "source"]
_REPORT_COLUMNS = [
    "feature_id", "status", "progress_pct", "as_of", "reported_at", "reported_by", "unit", "note",
    "evidence_url", "capital_allocated_bn", "capital_disbursed_bn", "section",
]
_SQL_NAME = {"report_id": "id"}  # LATEST_ORDER names the id as the tables handed out do


def as_float(value: Any) -> float | None:
    """A stored number from a validated value (None, NaN → None)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


class ProgressStore(Database):
    """Append-only progress reports on a :class:`progress.db.Database`; see the module docstring.

    ``before_commit`` is called with the write's name ("report", "import", "seed") inside each
    report-writing transaction, just before it commits (a test stops a writer there).
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        migrate_url: str | None = None,
        before_commit: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(url, migrate_url=migrate_url)
        self.before_commit = before_commit

    @contextmanager
    def transaction(self, stage: str) -> Iterator[sa.Connection]:
        """One write transaction: everything inside commits together, or nothing does."""
        with self.write_engine.begin() as conn:
            yield conn
            if self.before_commit is not None:
                self.before_commit(stage)

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
    def insert_rows(self, conn: sa.Connection, rows: list[dict]) -> list[int]:
        """Insert report rows (see :func:`report_row`) inside ``conn``'s transaction; their ids."""
        if not rows:
            return []
        if self.dialect in ("sqlite", "postgresql"):
            result = conn.execute(reports.insert().returning(reports.c.id), rows)
            return [int(r) for r in result.scalars().all()]
        ids = []
        for row in rows:  # pragma: no cover - other backends
            ids.append(int(conn.execute(reports.insert(), row).inserted_primary_key[0]))
        return ids

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
        with self.transaction("report") as conn:
            if report.corrects_report_id is not None:
                target = conn.execute(
                    sa.select(reports.c.feature_id, reports.c.as_of).where(reports.c.id == report.corrects_report_id)
                ).first()
                if target is None:
                    problems.append(problem(
                        f"Không có báo cáo số {report.corrects_report_id} để đính chính.",
                        f"There is no report #{report.corrects_report_id} to correct.", "corrects_report_id"))
                elif target.feature_id != report.feature_id:
                    problems.append(problem(
                        f"Báo cáo số {report.corrects_report_id} thuộc đối tượng khác ({target.feature_id}).",
                        f"Report #{report.corrects_report_id} is about another feature ({target.feature_id}).",
                        "corrects_report_id"))
                elif report.as_of is None:
                    report.as_of = target.as_of
            raise_problems(problems)
            if report.as_of is None:
                report.as_of = today or today_vn()
            new_id = self.insert_rows(conn, [report_row(report, user.name, utc_now())])[0]
            return new_id

    def append_validated(self, items: Iterable[ReportIn], reported_by: str) -> int:
        """Append already-validated reports in ONE transaction (all or none); returns rows written."""
        now = utc_now()
        rows = [report_row(item, reported_by, now) for item in items]
        with self.transaction("import") as conn:
            self.insert_rows(conn, rows)
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

        The state is that feature's latest report by :data:`progress.latest.LATEST_ORDER` (as_of,
        then reported_at, then id: a correction entered later for the same date wins) — the rule
        :func:`progress.latest.latest_per_feature` applies to a table. One SQL query.
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
            .order_by(*(latest.c[_SQL_NAME.get(c, c)].desc() for c in LATEST_ORDER))
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


def report_row(report: ReportIn, reported_by: str, reported_at: datetime) -> dict:
    """The ``reports`` row of a validated report."""
    return {
        "feature_id": report.feature_id,
        "status": report.status,
        "progress_pct": as_float(report.progress_pct),
        "note": report.note or "",
        "evidence_url": report.evidence_url,
        "unit": report.unit,
        "reported_by": reported_by,
        "reported_at": reported_at,
        "as_of": report.as_of,
        "capital_allocated_bn": as_float(report.capital_allocated_bn),
        "capital_disbursed_bn": as_float(report.capital_disbursed_bn),
        "corrects_report_id": report.corrects_report_id,
        "source": report.source,
        "section": report.section,
    }
