"""The store of progress reports (append-only; SQLite by default, PostgreSQL by URL). No streamlit here.

Public API: :class:`ProgressStore`, :class:`ReportIn`, :class:`User`, :func:`report_cycle`,
the import (``progress.importer``) and the exports (``progress.exports``).
"""
from __future__ import annotations

from .exports import export_csv, export_xlsx
from .rules import Problem, ReportIn, User, report_cycle, today_vn
from .store import (
    OverdueItem,
    ProgressStore,
    counts_by_district,
    counts_by_status,
    overdue_units,
)

__all__ = [
    "OverdueItem", "Problem", "ProgressStore", "ReportIn", "User", "counts_by_district", "counts_by_status",
    "export_csv", "export_xlsx", "overdue_units", "report_cycle", "today_vn",
]
