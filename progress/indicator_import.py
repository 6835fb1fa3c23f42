"""Import of indicator values from a CSV/XLSX (all rows or none), and the template to fill in.

    pv = preview_import(file_bytes, "chi-tieu-2026.xlsx", user, targets); commit_import(store, pv)

The file is read by the report import's bounded reader (``progress.importer``), so both refuse
the same hostile files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

import pandas as pd

from core.errors import ImportRejected, PlanMapError

from . import importer
from .db import Database
from .exports import export_csv, export_xlsx
from .indicator_rules import IndicatorIn, check_indicator_report, indicator_ref
from .indicators import COLUMNS, REQUIRED, append_validated, latest_per_year
from .problems import Problem, file_problem, missing_columns
from .rules import nfc, today_vn
from .targets import Target, target_text
from .users import User

TEMPLATE_COLUMNS = ["indicator_id", "indicator", "unit", "target", "last_year", "last_value"] + COLUMNS[1:]


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


def preview_import(file_bytes: bytes, filename: str, user: User | None, targets: Mapping[str, Target], *,
                   today: date | None = None) -> IndicatorPreview:
    """Read (with the report import's reader) and check every row; nothing is written."""
    pv = IndicatorPreview(filename, user)
    if user is None or not user.can_report:
        pv.file_problems.append(file_problem(
            "Cần đăng nhập bằng tài khoản được báo cáo để nhập số liệu chỉ tiêu.",
            "Sign in with an account that may report to import indicator values.", "permission"))
        return pv
    if not file_bytes or not file_bytes.strip():
        pv.file_problems.append(file_problem("Tệp trống.", "The file is empty."))
        return pv
    big = importer.too_big(file_bytes)
    if big is not None:
        pv.file_problems.append(big)
        return pv
    try:  # one bounded, streamed reader for every import (core/tables.py: row and column caps, archive checks)
        table = importer.read_table(file_bytes, filename)
    except PlanMapError as exc:
        pv.file_problems.append(file_problem(exc.vi, exc.en))
        return pv
    rows = [(line, list(cells)) for line, cells in table.rows if any(nfc(c) for c in cells)]
    if not table.header:
        pv.file_problems.append(file_problem("Tệp trống.", "The file is empty."))
        return pv
    header = [nfc(c).lstrip("\ufeff").lower().replace(" ", "_") for c in table.header]
    lacking = missing_columns(header, REQUIRED, COLUMNS)
    if lacking:
        pv.file_problems.append(lacking)
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
        pv.file_problems.append(file_problem("Tệp không có dòng số liệu nào (các dòng đều để trống năm và giá trị).",
                                              "The file has no value rows (every row leaves year and value empty)."))
    return pv


def commit_import(store: Database, pv: IndicatorPreview) -> int:
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
