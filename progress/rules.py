"""The reporting calendar, the input of a report and how its cells are read — shared by the form, the import and the seed.

What makes a report valid is :mod:`progress.validation`; who may report where, :mod:`progress.users`.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from core.clock import VN_TZ, today_vn  # noqa: F401 - re-exported: the store's calendar
from core.tables import parse_number as parse_cell_number
from core.text import fold_key
from core.vocab import REPORT_DEADLINE_MONTH_DAY, STATUSES

SEED_USER = "seed"  # the researched first statuses of data/progress.csv, not a person
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
