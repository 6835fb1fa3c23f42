"""What a valid indicator value is: one year's figure of a 2030 target, checked like a place report.

Who may report: a reporter whose scope names the indicator's id (or ``*``), and administrators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from core.bilingual import Text
from core.clock import today_vn
from core.features import FeatureRef
from core.i18n import format_date

from .problems import Problem
from .rules import MAX_NOTE, nfc, parse_date, parse_number
from .targets import Target, number_text
from .users import User

LAYER = "targets"  # the FeatureRef layer of an indicator (scopes name its id)
EARLIEST_YEAR = 2010
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_YES = {"1", "yes", "true", "co", "có", "x", "uoc", "ước", "ước tính", "estimate", "estimated"}
_NO = {"", "0", "no", "false", "khong", "không"}


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
        problems.append(Problem(Text(vi, en), column, row, kind))

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
            add(f"Ngày {format_date(item.as_of, 'vi')} ở tương lai.", f"Date {format_date(item.as_of, 'en')} is in the future.",
                "as_of")
        elif year_ok and item.as_of < date(item.year, 1, 1):
            add(f"Số liệu năm {item.year} không thể có ngày {format_date(item.as_of, 'vi')} (trước khi năm bắt đầu).",
                f"A figure for {item.year} cannot be dated {format_date(item.as_of, 'en')} (before the year began).", "as_of")

    item.note = nfc(item.note)
    if len(item.note) > MAX_NOTE:
        add(f"Ghi chú dài quá {MAX_NOTE} ký tự.", f"The note is longer than {MAX_NOTE} characters.", "note")
    item.source = nfc(item.source) or None
    item.evidence_url = nfc(item.evidence_url) or None
    if item.evidence_url and not _URL.match(item.evidence_url):
        add("Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https:// và không chứa khoảng trắng.",
            "The evidence link must start with http:// or https:// and contain no spaces.", "evidence_url")
    return problems
