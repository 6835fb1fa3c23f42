"""What a valid report is, and the reporting calendar — shared by the form, the import and the seed.

Every problem is a :class:`Problem` with a Vietnamese and an English message a user can act on.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Mapping

from core.clock import VN_TZ, today_vn  # noqa: F401 - re-exported: the store's calendar
from core.errors import DataError, PermissionDenied, PlanMapError
from core.features import FeatureRef
from core.vocab import REPORT_DEADLINE_MONTH_DAY, STATUSES

from .sections import section_problem

ROLES = ("viewer", "reporter", "admin")
MAX_NOTE = 4000
MAX_UNIT = 200
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
    """Lower-case without diacritics, for matching status words typed by hand."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\s_\-/]+", " ", stripped).strip().casefold()


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
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = nfc(value).replace("%", "").replace(" ", "").replace("\u00a0", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        number = float(text)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(value)
    return number


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

    fid = nfc(report.feature_id)
    report.feature_id = fid
    ref = refs.get(fid)
    if not fid:
        add("Thiếu mã đối tượng (feature_id).", "The feature id (feature_id) is missing.", "feature_id")
    elif ref is None:
        add(f"Không có đối tượng mã «{fid}» trên bản đồ.", f"No feature with id “{fid}” on the map.", "feature_id")
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
    if code is None:
        raw = nfc(report.status)
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
        setattr(report, column, value)

    report.note = nfc(report.note)
    if len(report.note) > MAX_NOTE:
        add(f"Ghi chú dài quá {MAX_NOTE} ký tự.", f"The note is longer than {MAX_NOTE} characters.", "note")
    report.unit = nfc(report.unit) or None
    if report.unit and len(report.unit) > MAX_UNIT:
        add(f"Tên đơn vị dài quá {MAX_UNIT} ký tự.", f"The unit name is longer than {MAX_UNIT} characters.", "unit")
    report.source = nfc(report.source) or None
    url = nfc(report.evidence_url) or None
    report.evidence_url = url
    if url and not re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE):
        add(
            "Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https:// và không chứa khoảng trắng.",
            "The evidence link must start with http:// or https:// and contain no spaces.",
            "evidence_url",
        )
    return problems
