"""What a valid report is, and the reporting calendar — shared by the form, the import and the seed.

Every problem is a :class:`Problem` with a Vietnamese and an English message a user can act on.
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Iterable, Mapping

from core.clock import VN_TZ, today_vn  # noqa: F401 - re-exported: the store's calendar
from core.errors import DataError, PermissionDenied, PlanMapError
from core.features import FeatureRef
from core.tables import parse_number as parse_cell_number
from core.text import fold as fold_text, fold_key
from core.vocab import DISTRICTS_2023, REPORT_DEADLINE_MONTH_DAY, STATUSES

from .sections import section_problem

ROLES = ("viewer", "reporter", "admin")
SEED_USER = "seed"  # the researched first statuses of data/progress.csv, not a person
RESERVED_NAMES = frozenset({SEED_USER})
SCOPE_ALL = "*"
MAX_USER_NAME = 100
# Limits are the project's, checked before any database sees a value, so SQLite and PostgreSQL
# store exactly the same things (PostgreSQL would raise on some, SQLite silently store them).
MAX_NOTE = 4000
MAX_UNIT = 200
MAX_FEATURE_ID = 120  # reports.feature_id is VARCHAR(120)
MAX_LINK = 2000  # evidence_url, source
MAX_CAPITAL_BN = 1_000_000.0  # 1 000 000 billion VND: above any public budget, far inside NUMERIC(18, 3)
MAX_REPORT_ID = 2**31 - 1  # reports.id is a 32-bit INTEGER on PostgreSQL
# Statuses of things that are finished: they owe no annual progress report.
FINISHED_STATUSES = frozenset({"completed", "operating"})


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- reporting cycle
def report_cycle(day: date) -> tuple[date, date]:
    """The reporting cycle that ``day`` belongs to, as ``(start, end)``: the interval (start, end].

    The program (§IV) asks for a report every year before 5 December, so a cycle ends on a
    5 December and starts (exclusive) on the previous one: 5 Dec 2026 is the last day of the
    cycle (5 Dec 2025, 5 Dec 2026]; 6 Dec 2026 is the first day of (5 Dec 2026, 5 Dec 2027].
    A report belongs to the cycle containing its ``as_of`` date.
    """
    month, dom = REPORT_DEADLINE_MONTH_DAY
    deadline = date(day.year, month, dom)
    end = deadline if day <= deadline else date(day.year + 1, month, dom)
    return date(end.year - 1, month, dom), end


def in_cycle(as_of: date | None, day: date) -> bool:
    start, end = report_cycle(day)
    return as_of is not None and start < as_of <= end


# --------------------------------------------------------------------------- problems
@dataclass(frozen=True)
class Problem:
    """One reason a row (or a whole file) cannot be accepted."""

    vi: str
    en: str
    column: str | None = None
    row: int | None = None  # spreadsheet row number (header is row 1); None for the whole file
    kind: str = "data"  # data | permission | file

    def message(self, lang: str = "vi") -> str:
        text = self.en if lang == "en" else self.vi
        if self.row is not None:
            prefix = f"Row {self.row}" if lang == "en" else f"Dòng {self.row}"
            return f"{prefix}: {text}"
        return text

    def error(self) -> PlanMapError:
        cls = PermissionDenied if self.kind == "permission" else DataError
        return cls(self.message("vi"), self.message("en"))


def raise_problems(problems: list[Problem]) -> None:
    """Raise the error that best describes ``problems`` (permission first), all messages joined."""
    if not problems:
        return
    perm = [p for p in problems if p.kind == "permission"]
    chosen = perm or problems
    cls = PermissionDenied if perm else DataError
    raise cls("; ".join(p.message("vi") for p in chosen), "; ".join(p.message("en") for p in chosen))


# --------------------------------------------------------------------------- the input of a report
@dataclass
class ReportIn:
    """A new report as a user (or a file row) gives it; ``store.add_report`` validates it."""

    feature_id: str
    status: str
    progress_pct: float | None = None
    as_of: date | None = None  # None: today (Vietnam) — or, for a correction, the corrected report's date
    note: str = ""
    evidence_url: str | None = None
    unit: str | None = None
    capital_allocated_bn: float | None = None
    capital_disbursed_bn: float | None = None
    corrects_report_id: int | None = None
    source: str | None = None
    section: str | None = None  # the district section of a shared feature (progress.sections); None = whole


@dataclass
class User:
    """A signed-in person: what they may do (role) and where (scope of districts/units/ids, or '*')."""

    name: str
    role: str
    scope: frozenset[str] = field(default_factory=frozenset)
    id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_report(self) -> bool:
        return self.role in ("reporter", "admin")

    def may_report_on(self, ref: FeatureRef) -> bool:
        if not self.can_report:
            return False
        return self.is_admin or ref.in_scope(set(self.scope))

    def scope_text(self) -> str:
        return ", ".join(sorted(self.scope))


# --------------------------------------------------------------------------- parsing helpers
def nfc(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


def fold(text: str) -> str:
    """Lower-case without diacritics, for matching status words typed by hand ("_", "-", "/" count as spaces)."""
    return fold_key(nfc(text), "_-/")


def _status_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for code, term in STATUSES.items():
        for word in (code, term.vi, term.en):
            aliases[fold(word)] = code
        for part in re.split(r"[/()]", term.vi):  # "Đang triển khai / thi công" → both halves
            if fold(part):
                aliases.setdefault(fold(part), code)
    # Words officials use for the same statuses (SPATIAL_ITEMS.md §6).
    extra = {
        "dang trien khai": "in_progress", "dang thi cong": "in_progress", "thi cong": "in_progress",
        "chua rõ": "unknown", "chua ro": "unknown", "chua co nguon": "unknown",
        "cham": "delayed", "cham tien do": "delayed", "tam dung": "suspended",
        "hoan thanh": "completed", "da hoan thanh": "completed", "chuan bi dau tu": "preparing",
        "chua trien khai": "not_started", "dang hoat dong": "operating",
    }
    for word, code in extra.items():
        aliases.setdefault(fold(word), code)
    return aliases


STATUS_ALIASES = _status_aliases()


def parse_status(value: Any) -> str | None:
    """The status code for a code or a Vietnamese/English label ("Hoàn thành", "hoan thanh", "completed")."""
    return STATUS_ALIASES.get(fold(value)) if nfc(value) else None


def parse_number(value: Any) -> float | None:
    """A number from a cell: 45, "45", "45%", "45,5" (Vietnamese decimal comma). Raises ValueError."""
    return parse_cell_number(value, percent=True)


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_date(value: Any) -> date | None:
    """A date from a cell: ISO 2026-11-30 or Vietnamese day-first 30/11/2026. Raises ValueError."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = nfc(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _fmt_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------- validation
def check_report(
    report: ReportIn,
    refs: Mapping[str, FeatureRef],
    user: User | None,
    *,
    today: date | None = None,
    row: int | None = None,
    check_scope: bool = True,
) -> list[Problem]:
    """Every problem of ``report`` (normalising it in place: status code, stripped text)."""
    today = today or today_vn()
    problems: list[Problem] = []

    def add(vi: str, en: str, column: str | None, kind: str = "data") -> None:
        problems.append(Problem(vi, en, column, row, kind))

    unreadable = set()
    for column in _TEXT_FIELDS:
        problem = _text_problem(getattr(report, column), column)
        if problem is not None:  # told once; the field is then left empty so no check quotes it
            add(*problem, column)
            unreadable.add(column)
            setattr(report, column, "" if column in ("feature_id", "status", "note") else None)
    fid = nfc(report.feature_id)
    report.feature_id = fid
    ref = refs.get(fid) if len(fid) <= MAX_FEATURE_ID else None
    if "feature_id" in unreadable:
        pass
    elif len(fid) > MAX_FEATURE_ID:
        add(f"Mã đối tượng dài quá {MAX_FEATURE_ID} ký tự.", f"The feature id is longer than {MAX_FEATURE_ID} characters.",
            "feature_id")
    elif not fid:
        add("Thiếu mã đối tượng (feature_id).", "The feature id (feature_id) is missing.", "feature_id")
    elif ref is None:
        add(f"Không có đối tượng mã «{_shown(fid)}» trên bản đồ.", f"No feature with id “{_shown(fid)}” on the map.", "feature_id")
    elif check_scope and user is not None and not user.may_report_on(ref):
        if not user.can_report:
            add(
                f"Tài khoản «{user.name}» chỉ được xem, không được báo cáo.",
                f"Account “{user.name}” may view but not report.",
                "feature_id", "permission",
            )
        else:
            add(
                f"«{ref.name}» ({fid}) nằm ngoài phạm vi báo cáo của «{user.name}» ({user.scope_text()}).",
                f"“{ref.name}” ({fid}) is outside the reporting scope of “{user.name}” ({user.scope_text()}).",
                "feature_id", "permission",
            )
    report.section = nfc(report.section) or None
    if ref is not None and not any(p.kind == "permission" for p in problems):
        scope = user.scope if (check_scope and user is not None) else {"*"}
        why = section_problem(ref, report.section, scope, bool(user and user.is_admin))
        if why:
            kind = "data" if report.section and report.section not in ref.districts else "permission"
            add(why[0], why[1], "section", kind)

    code = parse_status(report.status)
    if code is None and "status" in unreadable:
        pass
    elif code is None:
        raw = _shown(nfc(report.status))
        choices_vi = ", ".join(t.vi for t in STATUSES.values())
        choices_en = ", ".join(STATUSES)
        if not raw:
            add(f"Thiếu tình trạng. Chọn một trong: {choices_vi}.", f"The status is missing. Use one of: {choices_en}.", "status")
        else:
            add(
                f"Tình trạng «{raw}» không hợp lệ. Chọn một trong: {choices_vi}.",
                f"Status “{raw}” is not valid. Use one of: {choices_en}.",
                "status",
            )
    else:
        report.status = code

    pct = report.progress_pct
    if pct is not None:
        try:
            pct = parse_number(pct)
        except (TypeError, ValueError):
            add(
                f"Tỷ lệ hoàn thành «{nfc(report.progress_pct)}» không phải là số.",
                f"Percent complete “{nfc(report.progress_pct)}” is not a number.",
                "progress_pct",
            )
            pct = None
        else:
            if pct is not None and not 0 <= pct <= 100:
                add(
                    f"Tỷ lệ hoàn thành phải từ 0 đến 100 (đang là {pct:g}).",
                    f"Percent complete must be between 0 and 100 (got {pct:g}).",
                    "progress_pct",
                )
            report.progress_pct = pct

    if report.as_of is not None and not isinstance(report.as_of, date):
        try:
            report.as_of = parse_date(report.as_of)
        except ValueError:
            add(
                f"Ngày «{nfc(report.as_of)}» không đọc được; ghi theo dạng 30/11/2026 hoặc 2026-11-30.",
                f"Date “{nfc(report.as_of)}” cannot be read; write it as 2026-11-30 or 30/11/2026.",
                "as_of",
            )
            report.as_of = None
    if isinstance(report.as_of, datetime):
        report.as_of = report.as_of.date()
    if report.as_of is not None and report.as_of > today:
        add(
            f"Ngày báo cáo {_fmt_date(report.as_of)} ở tương lai (hôm nay là {_fmt_date(today)}).",
            f"Report date {report.as_of.isoformat()} is in the future (today is {today.isoformat()}).",
            "as_of",
        )
    if report.as_of is not None and report.as_of < date(1990, 1, 1):
        add(
            f"Ngày báo cáo {_fmt_date(report.as_of)} quá xa trong quá khứ.",
            f"Report date {report.as_of.isoformat()} is implausibly old.",
            "as_of",
        )

    for column, vi_name, en_name in (
        ("capital_allocated_bn", "Vốn bố trí", "Capital allocated"),
        ("capital_disbursed_bn", "Vốn giải ngân", "Capital disbursed"),
    ):
        raw = getattr(report, column)
        if raw is None:
            continue
        try:
            value = parse_number(raw)
        except (TypeError, ValueError):
            add(f"{vi_name} «{nfc(raw)}» không phải là số (tỷ đồng).", f"{en_name} “{nfc(raw)}” is not a number (billion VND).", column)
            continue
        if value is not None and value < 0:
            add(f"{vi_name} không được âm.", f"{en_name} cannot be negative.", column)
        elif value is not None and value > MAX_CAPITAL_BN:
            add(f"{vi_name} {value:g} tỷ đồng vượt quá {MAX_CAPITAL_BN:,.0f} tỷ đồng; kiểm tra lại đơn vị (tỷ đồng).".replace(",", "."),
                f"{en_name} of {value:g} billion VND exceeds {MAX_CAPITAL_BN:,.0f} billion VND; check the unit (billion VND).",
                column)
        setattr(report, column, None if value is None else round(value, 3))  # NUMERIC(18, 3) on every database

    report.note = nfc(report.note)
    if len(report.note) > MAX_NOTE:
        add(f"Ghi chú dài quá {MAX_NOTE} ký tự.", f"The note is longer than {MAX_NOTE} characters.", "note")
    report.unit = nfc(report.unit) or None
    if report.unit and len(report.unit) > MAX_UNIT:
        add(f"Tên đơn vị dài quá {MAX_UNIT} ký tự.", f"The unit name is longer than {MAX_UNIT} characters.", "unit")
    report.source = nfc(report.source) or None
    if report.source and len(report.source) > MAX_LINK:
        add(f"Nguồn dài quá {MAX_LINK} ký tự.", f"The source is longer than {MAX_LINK} characters.", "source")
    url = nfc(report.evidence_url) or None
    report.evidence_url = url
    if url and len(url) > MAX_LINK:
        add(f"Đường dẫn minh chứng dài quá {MAX_LINK} ký tự.", f"The evidence link is longer than {MAX_LINK} characters.",
            "evidence_url")
    elif url and not re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE):
        add(
            "Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https:// và không chứa khoảng trắng.",
            "The evidence link must start with http:// or https:// and contain no spaces.",
            "evidence_url",
        )
    if report.corrects_report_id is not None:
        target = parse_report_id(report.corrects_report_id)
        if target is None:
            add(
                f"Số báo cáo cần đính chính «{_shown(nfc(report.corrects_report_id))}» không hợp lệ "
                f"(phải là số nguyên từ 1 đến {MAX_REPORT_ID}).",
                f"The report number to correct “{_shown(nfc(report.corrects_report_id))}” is not valid "
                f"(a whole number from 1 to {MAX_REPORT_ID}).",
                "corrects_report_id",
            )
        report.corrects_report_id = target
    return problems


_TEXT_FIELDS = ("feature_id", "status", "note", "unit", "source", "evidence_url")


def _shown(text: str, limit: int = 60) -> str:
    """``text`` short enough to quote in a message (a 10 MB cell must not become a 10 MB message)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_problem(value: Any, column: str) -> tuple[str, str] | None:
    """Why ``value`` cannot be stored as text on every database, or None.

    PostgreSQL refuses NUL characters and lone surrogates where SQLite would keep them:
    refusing both everywhere keeps the two stores alike (and the check reads the whole text).
    """
    if value is None or not isinstance(value, str):
        return None
    if "\x00" in value:
        return (f"Cột {column} chứa ký tự NUL (mã 0); hãy xóa nó.", f"Column {column} contains a NUL character (code 0); remove it.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return (f"Cột {column} chứa ký tự không hợp lệ (không mã hóa được UTF-8).",
                f"Column {column} contains an invalid character (not encodable as UTF-8).")
    return None


def parse_report_id(value: Any) -> int | None:
    """A report number (1 … 2³¹−1) from an int or its digits; None when it is not one (10³⁰, 1.5, "abc")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value) if abs(value) < 2**63 else MAX_REPORT_ID + 1
    elif not isinstance(value, int):
        text = nfc(value)
        if not re.fullmatch(r"\d{1,12}", text):
            return None
        value = int(text)
    return value if 1 <= value <= MAX_REPORT_ID else None


# --------------------------------------------------------------------------- users and scopes
def check_user_name(name: Any) -> str:
    """The user name in NFC, or DataError (length, spaces, control characters, reserved names)."""
    text = nfc(name)
    if not text or len(text) > MAX_USER_NAME or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in text):
        raise DataError(
            f"Tên đăng nhập phải có 1–{MAX_USER_NAME} ký tự, không có khoảng trắng.",
            f"A user name needs 1–{MAX_USER_NAME} characters without spaces.",
        )
    if text.casefold() in RESERVED_NAMES:
        raise DataError(
            f"Tên «{text}» được dành cho hệ thống (dữ liệu ban đầu); hãy chọn tên khác.",
            f"The name “{text}” is reserved by the system (the first statuses); choose another name.",
        )
    return text


def check_role(role: Any) -> str:
    if role not in ROLES:
        raise DataError(
            f"Vai trò «{_shown(nfc(role))}» không hợp lệ; chọn viewer, reporter hoặc admin.",
            f"Role “{_shown(nfc(role))}” is not valid; use viewer, reporter or admin.",
        )
    return role


def scope_vocabulary(refs: Mapping[str, FeatureRef] | None = None) -> list[str]:
    """Every name a scope may hold, in official spelling: the plan's districts, plus the districts
    and ids of ``refs`` (what :meth:`FeatureRef.in_scope` matches)."""
    names = dict.fromkeys(DISTRICTS_2023)
    for ref in (refs or {}).values():
        for district in (*ref.districts, ref.district):
            if district:
                names.setdefault(nfc(district))
        names.setdefault(ref.id)
    return list(names)


def normalise_scope(scope: Iterable[str] | str, vocabulary: Iterable[str]) -> list[str]:
    """The scope as stored: each item matched to ``vocabulary`` with accents, case and spacing
    forgiven ("binh giang", "BÌNH  GIANG" → "Bình Giang"); ``*`` only alone. DataError otherwise,
    suggesting the nearest name ("Did you mean Bình Giang?").

    Why: a scope that names nothing lets its user report on nothing, silently.
    """
    items = [nfc(s) for s in (scope.split(",") if isinstance(scope, str) else scope)]
    items = [s for s in items if s]
    if SCOPE_ALL in items:
        if len(set(items)) > 1:
            raise DataError(
                "Phạm vi «*» (mọi nơi) phải đứng một mình, không kèm tên khác.",
                "The scope “*” (everywhere) must stand alone, without other names.",
            )
        return [SCOPE_ALL]
    by_key: dict[str, str] = {}
    for name in vocabulary:
        by_key.setdefault(fold_text(name), name)
    out: list[str] = []
    for item in items:
        official = by_key.get(fold_text(item))
        if official is None:
            raise _unknown_scope(item, by_key)
        if official not in out:
            out.append(official)
    return sorted(out)


def _unknown_scope(item: str, by_key: Mapping[str, str]) -> DataError:
    near = difflib.get_close_matches(fold_text(item), list(by_key), n=1, cutoff=0.6)
    districts = ", ".join(DISTRICTS_2023)
    if near:
        hint_vi, hint_en = f" Có phải «{by_key[near[0]]}»?", f" Did you mean “{by_key[near[0]]}”?"
    else:
        hint_vi, hint_en = f" Các huyện: {districts}.", f" Districts: {districts}."
    return DataError(
        f"Phạm vi «{_shown(item)}» không khớp huyện hay đối tượng nào của quy hoạch.{hint_vi}",
        f"Scope “{_shown(item)}” matches no district or feature of the plan.{hint_en}",
    )
