"""What a valid report is: every problem of one report, told in Vietnamese and English.

Shared by the form, the import and the seed, so a value refused in one is refused in all.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Mapping

from core.bilingual import Text
from core.clock import today_vn
from core.features import FeatureRef
from core.i18n import format_date
from core.vocab import STATUSES

from .columns import HEADERS
from .problems import Problem, shown
from .rules import (
    MAX_CAPITAL_BN,
    MAX_FEATURE_ID,
    MAX_LINK,
    MAX_NOTE,
    MAX_REPORT_ID,
    MAX_UNIT,
    ReportIn,
    nfc,
    parse_date,
    parse_number,
    parse_report_id,
    parse_status,
)
from .sections import section_problem
from .users import User


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
        problems.append(Problem(Text(vi, en), column, row, kind))

    unreadable = set()
    for column in _TEXT_FIELDS:
        unstorable = _text_problem(getattr(report, column), column)
        if unstorable is not None:  # told once; the field is then left empty so no check quotes it
            add(*unstorable, column)
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
        add(f"Không có đối tượng mã «{shown(fid)}» trên bản đồ.", f"No feature with id “{shown(fid)}” on the map.", "feature_id")
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
        raw = shown(nfc(report.status))
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
    pct_vi, pct_en = HEADERS["progress_pct"]  # the form's label and the template's header: one name for the field
    if pct is not None:
        try:
            pct = parse_number(pct)
        except (TypeError, ValueError):
            add(
                f"{pct_vi}: «{nfc(report.progress_pct)}» không phải là số.",
                f"{pct_en}: “{nfc(report.progress_pct)}” is not a number.",
                "progress_pct",
            )
            pct = None
        else:
            if pct is not None and not 0 <= pct <= 100:
                add(
                    f"{pct_vi} phải từ 0 đến 100 (đang là {pct:g}).",
                    f"{pct_en} must be between 0 and 100 (got {pct:g}).",
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
    as_of_vi, as_of_en = HEADERS["as_of"]
    if report.as_of is not None and report.as_of > today:
        add(
            f"{as_of_vi}: ngày {format_date(report.as_of, 'vi')} ở tương lai (hôm nay là {format_date(today, 'vi')}).",
            f"{as_of_en}: {format_date(report.as_of, 'en')} is in the future (today is {format_date(today, 'en')}).",
            "as_of",
        )
    if report.as_of is not None and report.as_of < date(1990, 1, 1):
        add(
            f"{as_of_vi}: ngày {format_date(report.as_of, 'vi')} quá xa trong quá khứ.",
            f"{as_of_en}: {format_date(report.as_of, 'en')} is implausibly old.",
            "as_of",
        )

    for column in ("capital_allocated_bn", "capital_disbursed_bn"):
        vi_name, en_name = HEADERS[column]  # "Vốn bố trí (tỷ đồng)": the unit is in the name
        raw = getattr(report, column)
        if raw is None:
            continue
        try:
            value = parse_number(raw)
        except (TypeError, ValueError):
            add(f"{vi_name}: «{nfc(raw)}» không phải là số.", f"{en_name}: “{nfc(raw)}” is not a number.", column)
            continue
        if value is not None and value < 0:
            add(f"{vi_name} không được âm.", f"{en_name} cannot be negative.", column)
        elif value is not None and value > MAX_CAPITAL_BN:
            add(f"{vi_name}: {value:g} tỷ đồng vượt quá {MAX_CAPITAL_BN:,.0f} tỷ đồng; kiểm tra lại đơn vị (tỷ đồng).".replace(",", "."),
                f"{en_name}: {value:g} billion VND exceeds {MAX_CAPITAL_BN:,.0f} billion VND; check the unit (billion VND).",
                column)
        setattr(report, column, None if value is None else round(value, 3))  # NUMERIC(18, 3) on every database

    report.note = nfc(report.note)
    if len(report.note) > MAX_NOTE:
        add(f"Ghi chú dài quá {MAX_NOTE} ký tự.", f"The note is longer than {MAX_NOTE} characters.", "note")
    report.unit = nfc(report.unit) or None
    if report.unit and len(report.unit) > MAX_UNIT:
        add(f"{HEADERS['unit'][0]} dài quá {MAX_UNIT} ký tự.", f"{HEADERS['unit'][1]} is longer than {MAX_UNIT} characters.",
            "unit")
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
                f"Số báo cáo cần đính chính «{shown(nfc(report.corrects_report_id))}» không hợp lệ "
                f"(phải là số nguyên từ 1 đến {MAX_REPORT_ID}).",
                f"The report number to correct “{shown(nfc(report.corrects_report_id))}” is not valid "
                f"(a whole number from 1 to {MAX_REPORT_ID}).",
                "corrects_report_id",
            )
        report.corrects_report_id = target
    return problems


_TEXT_FIELDS = ("feature_id", "status", "note", "unit", "source", "evidence_url")


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

