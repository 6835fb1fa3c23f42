"""The store of progress reports (append-only; SQLite by default, PostgreSQL by URL). No streamlit here.

Public API: :class:`ProgressStore` (``progress.store``, on the database of ``progress.db``),
:class:`ReportIn`, :class:`User`, :func:`report_cycle`, seeding (``progress.seed``), users and
sessions (``progress.auth``), the import (``progress.importer``), the dashboard's maths
(``progress.dashboard``), the rule of the report in force (``progress.latest``) and the exports
(``progress.exports``).
"""
from __future__ import annotations

from .dashboard import OverdueItem, counts_by_district, counts_by_status, overdue_items, overdue_units
from .exports import export_csv, export_xlsx
from .latest import latest_per_feature
from .problems import Problem
from .rules import ReportIn, report_cycle, today_vn
from .store import ProgressStore
from .users import User

__all__ = [
    "OverdueItem", "Problem", "ProgressStore", "ReportIn", "User", "counts_by_district", "counts_by_status",
    "export_csv", "export_xlsx", "latest_per_feature", "overdue_items", "overdue_units", "report_cycle", "today_vn",
]
