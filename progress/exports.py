"""Tables as downloadable bytes (CSV for Excel, XLSX), safe for user text.

User text (notes, units) is data, never code: in XLSX every string cell is written as a string
(openpyxl would otherwise turn "=..." into a formula); in CSV a cell starting with = + @ or a
non-numeric "-" gets a leading apostrophe (the usual guard against spreadsheet formula injection).
"""
from __future__ import annotations

import io
import re
from datetime import date, datetime

import pandas as pd

_FORMULA_START = re.compile(r"^[=+@\t\r]|^-(?![\d.,\s]*$)")


def _safe_cell(value):
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_convert("UTC").dt.tz_localize(None)
    return out


def export_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel then shows Vietnamese correctly)."""
    out = _plain(df)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_safe_cell)
    return out.to_csv(index=False).encode("utf-8-sig")


def export_xlsx(df: pd.DataFrame, sheet_name: str = "Tiến độ") -> bytes:
    """An XLSX workbook with one sheet; strings stay strings, dates stay dates."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    out = _plain(df)
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", sheet_name)[:31] or "Sheet1"
    ws.append([str(c) for c in out.columns])
    for row in out.itertuples(index=False):
        values = []
        for value in row:
            if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
                values.append(None)
            elif isinstance(value, pd.Timestamp):
                values.append(value.to_pydatetime())
            elif hasattr(value, "item") and not isinstance(value, (str, date, datetime)):
                values.append(value.item())
            else:
                values.append(value)
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    for idx, col in enumerate(out.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in out[col].head(200) if v is not None])
        ws.column_dimensions[get_column_letter(idx)].width = min(max(10, width + 2), 60)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
