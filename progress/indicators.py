"""Values of the 2030 targets reported per year, in the progress store — same roles, rules and cycle as place reports.

    add_indicator_report(store, IndicatorIn("grdp_growth", 2024, 10.2, as_of=date(2025, 1, 3)), user, targets)
    indicator_values(store)                 # every report, oldest first; latest_per_year() picks each year's value

What a valid value is lives in ``progress.indicator_rules``; the import from a file and its template in
``progress.indicator_import``. ``indicator_reports`` is append-only like ``reports`` (no update/delete in
the API; triggers refuse both, see migration ``0101_indicator_reports``); a correction is a new row naming
``corrects_report_id``. A value is due every year before 5 December (:func:`progress.rules.report_cycle`).
First values come from ``data/plan_in_force/indicator_values.csv`` (public sources, one URL per row),
written by ``seed``; an indicator no source gives stays without a value.
"""
from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Mapping

import pandas as pd
import sqlalchemy as sa

from core.errors import AuthError

from .db import REPO, Database
from .indicator_rules import IndicatorIn, check_indicator_report
from .latest import latest
from .models import Base, UTCDateTime
from .problems import problem, raise_problems
from .rules import SEED_USER, in_cycle, nfc, today_vn, utc_now
from .targets import Target
from .users import User

SEED_CSV = REPO / "data" / "plan_in_force" / "indicator_values.csv"
COLUMNS = ["indicator_id", "year", "value", "estimate", "as_of", "note", "source", "evidence_url"]
REQUIRED = ["indicator_id", "year", "value"]

indicator_reports = sa.Table(
    "indicator_reports", Base.metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_id", sa.String(64), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("estimate", sa.Boolean, nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=True),
    sa.Column("evidence_url", sa.Text, nullable=True),
    sa.Column("reported_by", sa.String(100), nullable=False),
    sa.Column("reported_at", UTCDateTime, nullable=False),
    sa.Column("corrects_report_id", sa.Integer, sa.ForeignKey("indicator_reports.id"), nullable=True),
)
_T = indicator_reports


# --------------------------------------------------------------------------- writing
def _row(item: IndicatorIn, reported_by: str, now) -> dict:
    return {
        "indicator_id": item.indicator_id, "year": int(item.year), "value": float(item.value),
        "estimate": bool(item.estimate), "as_of": item.as_of, "note": item.note or "", "source": item.source,
        "evidence_url": item.evidence_url, "reported_by": reported_by, "reported_at": now,
        "corrects_report_id": item.corrects_report_id,
    }


def _insert(conn: sa.Connection, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    return [int(i) for i in conn.execute(_T.insert().returning(_T.c.id), rows).scalars().all()]


def add_indicator_report(store: Database, item: IndicatorIn, user: User | None, targets: Mapping[str, Target], *,
                         today: date | None = None) -> int:
    """Validate and append one value; returns its id. AuthError / PermissionDenied / DataError (vi+en) otherwise."""
    if user is None:
        raise AuthError("Cần đăng nhập để báo cáo chỉ tiêu.", "Sign in to report an indicator.")
    item = replace(item)  # never mutate the caller's object
    problems = check_indicator_report(item, targets, user, today=today)
    with store.write_engine.begin() as conn:
        if item.corrects_report_id is not None:
            corrected = conn.execute(sa.select(_T.c.indicator_id, _T.c.as_of)
                                     .where(_T.c.id == int(item.corrects_report_id))).first()
            if corrected is None:
                problems.append(problem(f"Không có báo cáo chỉ tiêu số {item.corrects_report_id} để đính chính.",
                                        f"There is no indicator report #{item.corrects_report_id} to correct.",
                                        "corrects_report_id"))
            elif corrected.indicator_id != item.indicator_id:
                problems.append(problem(f"Báo cáo số {item.corrects_report_id} thuộc chỉ tiêu khác ({corrected.indicator_id}).",
                                        f"Report #{item.corrects_report_id} is about another indicator ({corrected.indicator_id}).",
                                        "corrects_report_id"))
            elif item.as_of is None:
                item.as_of = corrected.as_of
        raise_problems(problems)
        if item.as_of is None:
            item.as_of = today or today_vn()
        return _insert(conn, [_row(item, user.name, utc_now())])[0]


def append_validated(store: Database, items: list[IndicatorIn], reported_by: str) -> int:
    """Append already-validated values in ONE transaction (all or none); returns rows written."""
    now = utc_now()
    with store.write_engine.begin() as conn:
        return len(_insert(conn, [_row(i, reported_by, now) for i in items]))


# --------------------------------------------------------------------------- reading
def indicator_values(store: Database) -> pd.DataFrame:
    """Every indicator report ever written, in the order written (the audit trail), with ``report_id``."""
    query = sa.select(*[_T.c[c] for c in COLUMNS], _T.c.reported_by, _T.c.reported_at, _T.c.corrects_report_id,
                      _T.c.id.label("report_id")).order_by(_T.c.id)
    with store.engine.connect() as conn:
        result = conn.execute(query)
        df = pd.DataFrame(result.all(), columns=list(result.keys()))
    df["value"] = pd.to_numeric(df["value"]).astype("float64")
    df["estimate"] = df["estimate"].astype(bool)
    df["reported_at"] = pd.to_datetime(df["reported_at"], utc=True)
    df["corrects_report_id"] = df["corrects_report_id"].astype("Int64")
    return df


def latest_per_year(values: pd.DataFrame, as_of: date | None = None) -> pd.DataFrame:
    """Each (indicator, year)'s value in force: the rule of place reports (``progress.latest``), per year."""
    return latest(values, ("indicator_id", "year"), as_of)


def version(store: Database) -> int:
    """A change token (rows are never deleted): differs after every committed indicator report."""
    with store.engine.connect() as conn:
        n, top = conn.execute(sa.select(sa.func.count(), sa.func.max(_T.c.id))).one()
    return (int(top or 0) << 32) + int(n)


def due_indicators(values: pd.DataFrame, targets: Mapping[str, Target], today: date | None = None) -> list[str]:
    """Indicators owing a value this cycle: no report by a person (not the seed) dated in the current cycle
    (previous 5 December, next 5 December] — the cycle of place reports. Milestones already done owe none."""
    day = today or today_vn()
    people = values[values["reported_by"] != SEED_USER]
    reported = {i for i, d in zip(people["indicator_id"], people["as_of"]) if in_cycle(d, day)}
    done = set(latest_per_year(values)[lambda d: d["value"] >= 1]["indicator_id"]) if not values.empty else set()
    return [tid for tid, t in targets.items() if tid not in reported and not (t.is_milestone and tid in done)]


# --------------------------------------------------------------------------- seed
def parse_seed(data: bytes, targets: Mapping[str, Target], today: date | None = None) -> list[IndicatorIn]:
    """Validated values of the seed CSV (columns ``COLUMNS``); any bad row → DataError, nothing returned."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    items, problems = [], []
    for line, raw in enumerate(reader, start=2):
        raw = {nfc(k): v for k, v in raw.items() if k is not None}
        item = IndicatorIn(**{c: (raw.get(c) or None) for c in COLUMNS if c != "note"}, note=raw.get("note") or "")
        item.estimate = item.estimate or False
        row_problems = check_indicator_report(item, targets, None, today=today, row=line, check_scope=False)
        if not row_problems and item.as_of is None:
            row_problems.append(problem("Thiếu ngày (as_of) của số liệu.", "The date (as_of) of the figure is missing.",
                                        "as_of", line))
        if not row_problems and not item.source:
            row_problems.append(problem("Thiếu nguồn (source) của số liệu.", "The source of the figure is missing.",
                                        "source", line))
        problems += row_problems
        items.append(item)
    raise_problems([replace(p, kind="data") for p in problems])
    return items


def seed_values(targets: Mapping[str, Target], path: str | Path | None = None) -> pd.DataFrame:
    """The public first figures alone, shaped like :func:`indicator_values` (for readers without a store)."""
    path = Path(path or SEED_CSV)
    items = parse_seed(path.read_bytes(), targets) if path.exists() else []
    now = pd.Timestamp(utc_now())
    df = pd.DataFrame([{**{c: getattr(i, c) for c in COLUMNS}, "reported_by": SEED_USER, "reported_at": now,
                        "corrects_report_id": pd.NA, "report_id": n} for n, i in enumerate(items, start=1)],
                      columns=COLUMNS + ["reported_by", "reported_at", "corrects_report_id", "report_id"])
    df["value"] = pd.to_numeric(df["value"]).astype("float64")
    df["estimate"] = df["estimate"].astype(bool)
    return df


def _seed_key(indicator_id, year, value, as_of, source) -> tuple:
    return (indicator_id, int(year), round(float(value), 6), as_of, nfc(source) or None)


def seed(store: Database, targets: Mapping[str, Target], path: str | Path | None = None, today: date | None = None) -> int:
    """Write the public first values (idempotent: a row already seeded is never written twice)."""
    path = Path(path or SEED_CSV)
    if not path.exists():
        return 0
    items = parse_seed(path.read_bytes(), targets, today)
    with store.write_engine.begin() as conn:
        existing = {_seed_key(*r) for r in conn.execute(
            sa.select(_T.c.indicator_id, _T.c.year, _T.c.value, _T.c.as_of, _T.c.source)
            .where(_T.c.reported_by == SEED_USER))}
        now, rows = utc_now(), []
        for item in items:
            key = _seed_key(item.indicator_id, item.year, item.value, item.as_of, item.source)
            if key not in existing:
                existing.add(key)
                rows.append(_row(item, SEED_USER, now))
        return len(_insert(conn, rows))


# --------------------------------------------------------------------------- import (all rows or none)
