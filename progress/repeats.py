"""Rows of a report import that the store already holds word for word, taken out before they are written.

A file uploaded again — after a reload, or by an official unsure whether the first upload went through —
read "valid: 2 rows will be written" and appended every report a second time: the history showed each
twice. The session's own "already written" guard ends with the session; the store does not.
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd

from .importer import ImportPreview
from .rules import ReportIn

# What makes two reports the same report (who and when it was written aside).
SAME = ("feature_id", "section", "status", "progress_pct", "as_of", "note", "unit", "evidence_url",
        "capital_allocated_bn", "capital_disbursed_bn")


def _value(value: object) -> object:
    """One spelling for "nothing" (None, NaN, pandas NA, "") and for numbers (5 and 5.0)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        return value or None
    return value


def _key(values: dict) -> tuple:
    return tuple(_value(values.get(name)) for name in SAME)


def drop_repeats(pv: ImportPreview, written: pd.DataFrame) -> list[int]:
    """Take out of ``pv`` (a checked preview) the rows identical to a report its user has already written;
    ``written`` is ``store.audit_trail()``. Returns the file row numbers taken out."""
    if pv.user is None or not pv.rows or written.empty:
        return []
    mine = written[written["reported_by"] == pv.user.name]
    held = {_key(row) for row in mine.to_dict("records")}
    repeated = [r.row for r in pv.rows if isinstance(r.report.as_of, date) and _key(_fields(r.report)) in held]
    pv.rows = [r for r in pv.rows if r.row not in repeated]
    return repeated


def _fields(report: ReportIn) -> dict:
    return {name: getattr(report, name) for name in SAME}
