"""Values of the 2030 targets reported per year, in the progress store — same roles, rules and cycle as place reports.

    add_indicator_report(store, IndicatorIn("grdp_growth", 2024, 10.2, as_of=date(2025, 1, 3)), user, targets)
    pv = preview_import(file_bytes, "chi-tieu-2026.xlsx", user, targets); commit_import(store, pv)  # all or none
    indicator_values(store)                 # every report, oldest first; latest_per_year() picks each year's value

``indicator_reports`` is append-only like ``reports`` (no update/delete in the API; triggers refuse both, see
migration ``0101_indicator_reports``); a correction is a new row naming ``corrects_report_id``. Who may report:
a reporter whose scope names the indicator's id (or ``*``), and administrators. A value is due every year before
5 December (:func:`progress.rules.report_cycle`). First values come from ``data/plan_in_force/indicator_values.csv``
(public sources, one URL per row), written by ``seed``; an indicator no source gives stays without a value.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Mapping

import pandas as pd
import sqlalchemy as sa

from core.errors import AuthError, ImportRejected, PlanMapError
from core.features import FeatureRef

from .models import Base, UTCDateTime
from .rules import (MAX_NOTE, Problem, User, in_cycle, nfc, parse_date, parse_number, raise_problems, today_vn,
                    utc_now)
from .targets import Target, number_text, target_text

REPO = Path(__file__).resolve().parents[1]
SEED_CSV = REPO / "data" / "plan_in_force" / "indicator_values.csv"
SEED_USER = "seed"  # the same author as the place reports' seed: researched first values, not a unit's report
LAYER = "targets"  # the FeatureRef layer of an indicator (scopes name its id)
EARLIEST_YEAR = 2010
COLUMNS = ["indicator_id", "year", "value", "estimate", "as_of", "note", "source", "evidence_url"]
REQUIRED = ["indicator_id", "year", "value"]
TEMPLATE_COLUMNS = ["indicator_id", "indicator", "unit", "target", "last_year", "last_value"] + COLUMNS[1:]
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_YES = {"1", "yes", "true", "co", "có", "x", "uoc", "ước", "ước tính", "estimate", "estimated"}
_NO = {"", "0", "no", "false", "khong", "không"}

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


@dataclass
class IndicatorIn:
    """A value of one indicator for one year, as a user or a file row gives it (validated on write)."""

    indicator_id: str
    year: Any
    value: Any
    as_of: Any = None  # the date of the figure; None: today (a correction: the corrected report's date)
    estimate: Any = False  # "ước tính" (an estimate published before the final figure)
    note: str = ""
    source: str | None = None
    evidence_url: str | None = None
    corrects_report_id: int | None = None


def indicator_ref(target: Target) -> FeatureRef:
    """The indicator as a FeatureRef, so reporting scopes work as for places (its id, or '*')."""
    return FeatureRef(target.id, LAYER, target.indicator_vi)


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = nfc(value).casefold()
    if text in _YES:
        return True
    if text in _NO or text in ("nan", "none"):
        return False
    raise ValueError(value)


def _check_value(value: float, target: Target) -> tuple[str, str] | None:
    """Why ``value`` cannot be a value of ``target`` (vi, en), or None."""
    if target.is_milestone and value not in (0, 1):
        return ("Chỉ tiêu mốc hoàn thành: ghi 1 (đã xong) hoặc 0 (chưa).", "A milestone: write 1 (done) or 0 (not yet).")
    if target.unit.strip() == "%" and not 0 <= value <= 100:
        return (f"Tỷ lệ phải từ 0 đến 100 (đang là {number_text(value)}).",
                f"A share must be between 0 and 100 (got {number_text(value, 'en')}).")
    if target.is_rate and not -100 <= value <= 100:
        return (f"Tốc độ {number_text(value)} %/năm không hợp lý.", f"A rate of {number_text(value, 'en')} %/year is implausible.")
    if not target.is_rate and target.unit.strip() != "%" and value < 0:
        return ("Giá trị không được âm.", "The value cannot be negative.")
    return None


def check_indicator_report(
    item: IndicatorIn,
    targets: Mapping[str, Target],
    user: User | None,
    *,
    today: date | None = None,
    row: int | None = None,
    check_scope: bool = True,
) -> list[Problem]:
    """Every problem of ``item`` (normalising it in place: id, year, number, flag and date parsed)."""
    today = today or today_vn()
    problems: list[Problem] = []

    def add(vi: str, en: str, column: str | None, kind: str = "data") -> None:
        problems.append(Problem(vi, en, column, row, kind))

    item.indicator_id = nfc(item.indicator_id)
    target = targets.get(item.indicator_id)
    if not item.indicator_id:
        add("Thiếu mã chỉ tiêu (indicator_id).", "The indicator id (indicator_id) is missing.", "indicator_id")
    elif target is None:
        add(f"Không có chỉ tiêu mã «{item.indicator_id}».", f"No indicator with id “{item.indicator_id}”.", "indicator_id")
    elif check_scope and user is not None and not user.may_report_on(indicator_ref(target)):
        if not user.can_report:
            add(f"Tài khoản «{user.name}» chỉ được xem, không được báo cáo.",
                f"Account “{user.name}” may view but not report.", "indicator_id", "permission")
        else:
            add(f"Chỉ tiêu «{target.indicator_vi}» nằm ngoài phạm vi báo cáo của «{user.name}» ({user.scope_text()}).",
                f"Indicator “{target.indicator_en}” is outside the reporting scope of “{user.name}” ({user.scope_text()}).",
                "indicator_id", "permission")

    year_ok = False
    try:
        year = parse_number(item.year)
        if year is None or not float(year).is_integer():
            raise ValueError(item.year)
        item.year = int(year)
    except (TypeError, ValueError):
        add(f"Năm «{nfc(item.year)}» không hợp lệ; ghi năm của số liệu, ví dụ 2025.",
            f"Year “{nfc(item.year)}” is not valid; write the year of the figure, e.g. 2025.", "year")
    else:
        year_ok = EARLIEST_YEAR <= item.year <= today.year
        if not year_ok:
            add(f"Năm {item.year} phải từ {EARLIEST_YEAR} đến {today.year}.",
                f"Year {item.year} must be between {EARLIEST_YEAR} and {today.year}.", "year")

    try:
        value = parse_number(item.value)
    except (TypeError, ValueError):
        add(f"Giá trị «{nfc(item.value)}» không phải là số.", f"Value “{nfc(item.value)}” is not a number.", "value")
    else:
        if value is None:
            add("Thiếu giá trị. Chỉ tiêu chưa có số liệu thì để trống cả dòng.",
                "The value is missing. Leave the whole row empty for an indicator without a figure.", "value")
        else:
            item.value = value
            wrong = _check_value(value, target) if target is not None else None
            if wrong:
                add(*wrong, "value")

    try:
        item.estimate = _parse_bool(item.estimate)
    except ValueError:
        add(f"Cột ước tính «{nfc(item.estimate)}»: ghi «có» hoặc để trống.",
            f"Estimate “{nfc(item.estimate)}”: write “yes” or leave it empty.", "estimate")

    if item.as_of is not None and not isinstance(item.as_of, date):
        try:
            item.as_of = parse_date(item.as_of)
        except ValueError:
            add(f"Ngày «{nfc(item.as_of)}» không đọc được; ghi theo dạng 30/11/2026 hoặc 2026-11-30.",
                f"Date “{nfc(item.as_of)}” cannot be read; write it as 2026-11-30 or 30/11/2026.", "as_of")
            item.as_of = None
    if isinstance(item.as_of, date):
        if hasattr(item.as_of, "date"):  # a datetime from a spreadsheet cell
            item.as_of = item.as_of.date()
        if item.as_of > today:
            add(f"Ngày {item.as_of:%d/%m/%Y} ở tương lai.", f"Date {item.as_of.isoformat()} is in the future.", "as_of")
        elif year_ok and item.as_of < date(item.year, 1, 1):
            add(f"Số liệu năm {item.year} không thể có ngày {item.as_of:%d/%m/%Y} (trước khi năm bắt đầu).",
                f"A figure for {item.year} cannot be dated {item.as_of.isoformat()} (before the year began).", "as_of")

    item.note = nfc(item.note)
    if len(item.note) > MAX_NOTE:
        add(f"Ghi chú dài quá {MAX_NOTE} ký tự.", f"The note is longer than {MAX_NOTE} characters.", "note")
    item.source = nfc(item.source) or None
    item.evidence_url = nfc(item.evidence_url) or None
    if item.evidence_url and not _URL.match(item.evidence_url):
        add("Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https:// và không chứa khoảng trắng.",
            "The evidence link must start with http:// or https:// and contain no spaces.", "evidence_url")
    return problems


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


def add_indicator_report(store, item: IndicatorIn, user: User | None, targets: Mapping[str, Target], *,
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
                problems.append(Problem(f"Không có báo cáo chỉ tiêu số {item.corrects_report_id} để đính chính.",
                                        f"There is no indicator report #{item.corrects_report_id} to correct.",
                                        "corrects_report_id"))
            elif corrected.indicator_id != item.indicator_id:
                problems.append(Problem(f"Báo cáo số {item.corrects_report_id} thuộc chỉ tiêu khác ({corrected.indicator_id}).",
                                        f"Report #{item.corrects_report_id} is about another indicator ({corrected.indicator_id}).",
                                        "corrects_report_id"))
            elif item.as_of is None:
                item.as_of = corrected.as_of
        raise_problems(problems)
        if item.as_of is None:
            item.as_of = today or today_vn()
        return _insert(conn, [_row(item, user.name, utc_now())])[0]


def append_validated(store, items: list[IndicatorIn], reported_by: str) -> int:
    """Append already-validated values in ONE transaction (all or none); returns rows written."""
    now = utc_now()
    with store.write_engine.begin() as conn:
        return len(_insert(conn, [_row(i, reported_by, now) for i in items]))


# --------------------------------------------------------------------------- reading
def indicator_values(store) -> pd.DataFrame:
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
    """Each (indicator, year)'s value in force: its latest report by as_of, then written time, then id."""
    df = values if as_of is None else values[values["as_of"] <= as_of]
    if df.empty:
        return df.copy()
    df = df.sort_values(["indicator_id", "year", "as_of", "reported_at", "report_id"])
    return df.groupby(["indicator_id", "year"], sort=True).tail(1).reset_index(drop=True)


def version(store) -> int:
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
            row_problems.append(Problem("Thiếu ngày (as_of) của số liệu.", "The date (as_of) of the figure is missing.",
                                        "as_of", line))
        if not row_problems and not item.source:
            row_problems.append(Problem("Thiếu nguồn (source) của số liệu.", "The source of the figure is missing.",
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


def seed(store, targets: Mapping[str, Target], path: str | Path | None = None, today: date | None = None) -> int:
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
@dataclass
class IndicatorPreview:
    """What an import of indicator values would write, and every reason it cannot (yet)."""

    filename: str
    user: User | None
    rows: list[tuple[int, IndicatorIn, list[Problem]]] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # template rows left without year, value and note

    @property
    def problems(self) -> list[Problem]:
        return list(self.file_problems) + [p for _, _, ps in self.rows for p in ps]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def to_frame(self, lang: str = "vi") -> pd.DataFrame:
        return pd.DataFrame(
            [{"row": line, "indicator_id": i.indicator_id, "year": i.year, "value": i.value, "estimate": i.estimate,
              "as_of": i.as_of, "note": i.note, "problems": "; ".join(p.en if lang == "en" else p.vi for p in ps)}
             for line, i, ps in self.rows],
            columns=["row", "indicator_id", "year", "value", "estimate", "as_of", "note", "problems"])


def _file_problem(vi: str, en: str, kind: str = "file") -> Problem:
    return Problem(vi, en, None, None, kind)


def preview_import(file_bytes: bytes, filename: str, user: User | None, targets: Mapping[str, Target], *,
                   today: date | None = None) -> IndicatorPreview:
    """Read (with the report import's reader) and check every row; nothing is written."""
    from . import importer

    pv = IndicatorPreview(filename, user)
    if user is None or not user.can_report:
        pv.file_problems.append(_file_problem(
            "Cần đăng nhập bằng tài khoản được báo cáo để nhập số liệu chỉ tiêu.",
            "Sign in with an account that may report to import indicator values.", "permission"))
        return pv
    if not file_bytes or not file_bytes.strip():
        pv.file_problems.append(_file_problem("Tệp trống.", "The file is empty."))
        return pv
    if len(file_bytes) > importer.MAX_BYTES:
        pv.file_problems.append(_file_problem("Tệp lớn quá 10 MB.", "The file is larger than 10 MB."))
        return pv
    try:  # one bounded, streamed reader for every import (core/tables.py: row and column caps, archive checks)
        table = importer.read_table(file_bytes, filename)
    except PlanMapError as exc:
        pv.file_problems.append(_file_problem(exc.vi, exc.en))
        return pv
    rows = [(line, list(cells)) for line, cells in table.rows if any(nfc(c) for c in cells)]
    if not table.header:
        pv.file_problems.append(_file_problem("Tệp trống.", "The file is empty."))
        return pv
    header = [nfc(c).lstrip("\ufeff").lower().replace(" ", "_") for c in table.header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        pv.file_problems.append(_file_problem(
            f"Thiếu cột: {', '.join(missing)}. Dòng đầu phải có các cột {', '.join(COLUMNS)}.",
            f"Missing columns: {', '.join(missing)}. The first row must name the columns {', '.join(COLUMNS)}."))
        return pv
    index = {c: header.index(c) for c in COLUMNS if c in header}
    for line, cells in rows:
        raw = {c: (cells[i] if i < len(cells) else None) for c, i in index.items()}
        if not any(nfc(raw.get(c)) for c in ("year", "value", "note")):
            pv.skipped += 1
            continue
        item = IndicatorIn(**{c: (None if not nfc(v) else v) for c, v in raw.items() if c != "note"},
                           note=nfc(raw.get("note")))
        item.estimate = item.estimate or False
        pv.rows.append((line, item, check_indicator_report(item, targets, user, today=today, row=line)))
    if not pv.rows:
        pv.file_problems.append(_file_problem("Tệp không có dòng số liệu nào (các dòng đều để trống năm và giá trị).",
                                              "The file has no value rows (every row leaves year and value empty)."))
    return pv


def commit_import(store, pv: IndicatorPreview) -> int:
    """Write every row of ``pv`` in ONE transaction, or nothing (ImportRejected when any problem)."""
    if not pv.ok:
        raise ImportRejected(
            f"Không nhập tệp «{pv.filename}»: {len(pv.problems)} lỗi; chưa ghi dòng nào.",
            f"File “{pv.filename}” not imported: {len(pv.problems)} problem(s); nothing was written.",
            problems=pv.problems)
    today = today_vn()
    for _, item, _ in pv.rows:
        item.as_of = item.as_of or today
    return append_validated(store, [item for _, item, _ in pv.rows], pv.user.name)


def template(user: User | None, targets: Mapping[str, Target], values: pd.DataFrame | None = None,
             fmt: str = "csv", lang: str = "vi") -> bytes:
    """The indicator template for ``user``: one row per indicator in scope, with its latest value."""
    from .exports import export_csv, export_xlsx

    latest = latest_per_year(values) if values is not None and not values.empty else None
    rows = []
    for target in targets.values():
        if user is None or not user.may_report_on(indicator_ref(target)):
            continue
        last = latest[latest["indicator_id"] == target.id].tail(1) if latest is not None else pd.DataFrame()
        rows.append({"indicator_id": target.id, "indicator": target.name(lang), "unit": target.unit,
                     "target": target_text(target, lang),
                     "last_year": int(last["year"].iloc[0]) if len(last) else "",
                     "last_value": float(last["value"].iloc[0]) if len(last) else "",
                     **{c: "" for c in COLUMNS[1:]}})
    df = pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)
    if fmt == "csv":
        return export_csv(df)
    if fmt == "xlsx":
        return export_xlsx(df, "Chi tieu" if lang != "en" else "Indicators")
    raise ValueError(fmt)
