"""Bulk annual report: read a CSV/XLSX, preview every row's problems (vi/en), commit all rows or none.

    pv = preview(file_bytes, "bao-cao-2026.xlsx", user, refs)
    pv.ok, pv.problems, pv.to_frame("vi")
    commit(store, pv)        # one transaction; ImportRejected if any problem

Columns are those of ``data/progress.csv`` (feature_id, status, progress_pct, as_of, note,
source), optionally unit, evidence_url, capital_allocated_bn, capital_disbursed_bn. Template-only
columns (name, district, current_*) are ignored. A row whose status, percent, date and note are all
empty is skipped (a template row left unfilled). Status may be a code or its Vietnamese/English label;
dates ISO (2026-11-30) or day-first (30/11/2026); percent may carry "%" or a decimal comma.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from core import tables
from core.archive import ArchiveLimits
from core.errors import ImportRejected, PlanMapError
from core.features import FeatureRef
from core.i18n import format_date, format_number
from core.vocab import STATUSES, status_label

from .columns import header_code, header_label
from .problems import Problem, file_problem, missing_columns, problem
from .rules import ReportIn, nfc, today_vn
from .sections import sections_in_scope
from .users import User
from .validation import check_report

SEED_COLUMNS = ["feature_id", "status", "progress_pct", "as_of", "note", "source"]
OPTIONAL_COLUMNS = ["unit", "evidence_url", "capital_allocated_bn", "capital_disbursed_bn", "section"]
IMPORT_COLUMNS = SEED_COLUMNS + OPTIONAL_COLUMNS
REQUIRED_COLUMNS = ["feature_id", "status", "progress_pct", "as_of"]
INFO_COLUMNS = ["name", "district", "current_status", "current_progress_pct", "last_as_of"]
TEMPLATE_COLUMNS = ["feature_id", "name", "district", "section", "current_status", "current_progress_pct", "last_as_of",
                    "status", "progress_pct", "as_of", "note", "source", "unit", "evidence_url",
                    "capital_allocated_bn", "capital_disbursed_bn"]
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100  # the template has 15
TABLE_LIMITS = tables.TableLimits(max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                                  archive=ArchiveLimits(max_unzipped_bytes=100 * 1024 * 1024))


def too_big(file_bytes: bytes) -> Problem | None:
    """The refusal of a file over MAX_BYTES (every import: reports, target figures): its size, the limit,
    that nothing was written and what to do — or None. The uploader says the same limit (ui/uploader.py)."""
    if len(file_bytes) <= MAX_BYTES:
        return None
    # The size in millions of bytes, as the uploader prints it beside the file's name ("10.7MB").
    size, limit = len(file_bytes) / 1e6, MAX_BYTES // (1024 * 1024)
    return file_problem(
        f"Tệp nặng {format_number(size, 'vi', decimals=1)} MB, quá giới hạn {limit} MB của một tệp nhập. "
        "Chưa dòng nào được ghi. Bỏ bớt trang tính, ảnh hoặc cột không cần, hay chia thành nhiều tệp, rồi tải lên lại.",
        f"The file is {format_number(size, 'en', decimals=1)} MB, over the {limit} MB limit of an import. Nothing was "
        "written. Remove sheets, pictures or columns not needed, or split it into several files, then upload again.")


@dataclass
class PreviewRow:
    row: int  # spreadsheet row number; the header is row 1
    report: ReportIn
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportPreview:
    """What an import would write, and every reason it cannot (yet)."""

    filename: str
    user: User | None
    rows: list[PreviewRow] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # template rows left empty
    # Columns the import does not read (not the template's, not its reference columns), as their headers
    # read: a department's own "Vốn giải ngân" or X/Y columns would otherwise vanish without a word.
    ignored_columns: list[str] = field(default_factory=list)
    # What the rows were checked against: commit() checks them again, it does not trust the preview.
    refs: Mapping[str, FeatureRef] | None = field(default=None, repr=False)
    today: date | None = None

    @property
    def problems(self) -> list[Problem]:
        return list(self.file_problems) + [p for r in self.rows for p in r.problems]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def messages(self, lang: str = "vi") -> list[str]:
        return [p.message(lang) for p in self.problems]

    def to_frame(self, lang: str = "vi") -> pd.DataFrame:
        """One line per row read: its values, status label and problems (empty when fine)."""
        sep = "; "
        records = []
        for r in self.rows:
            rep = r.report
            records.append({
                "row": r.row,
                "feature_id": rep.feature_id,
                "status": rep.status,
                "status_label": status_label(rep.status, lang) if rep.status in STATUSES else nfc(rep.status),
                "progress_pct": rep.progress_pct if isinstance(rep.progress_pct, (int, float)) else None,
                "as_of": rep.as_of if isinstance(rep.as_of, date) else None,
                "unit": rep.unit,
                "note": rep.note,
                "problems": sep.join(p.en if lang == "en" else p.vi for p in r.problems),
            })
        return pd.DataFrame.from_records(
            records, columns=["row", "feature_id", "status", "status_label", "progress_pct", "as_of", "unit", "note", "problems"]
        )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return nfc(value)


def _norm_header(value: Any) -> str:
    return header_code(_cell_text(value))  # a code or its words (progress.columns)


def read_table(file_bytes: bytes, filename: str) -> tables.Table:
    """The header and rows of a CSV or XLSX report file (a bilingual PlanMapError when unreadable)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xls":
        raise ImportRejected("Tệp .xls (Excel 97–2003) không được hỗ trợ: hãy lưu lại dạng .xlsx hoặc CSV.",
                             "Old .xls files (Excel 97–2003) are not supported: save as .xlsx or CSV.")
    is_xlsx = suffix in (".xlsx", ".xlsm") or (suffix not in (".csv", ".txt") and file_bytes[:2] == b"PK")
    return tables.read_table(file_bytes, filename, "xlsx" if is_xlsx else "csv", TABLE_LIMITS, header_key=_norm_header)


def preview(
    file_bytes: bytes,
    filename: str,
    user: User | None,
    refs: Mapping[str, FeatureRef],
    *,
    today: date | None = None,
) -> ImportPreview:
    """Read and check every row; nothing is written. See the module docstring."""
    today = today or today_vn()
    pv = ImportPreview(filename=filename, user=user)
    if user is None:
        pv.file_problems.append(file_problem("Cần đăng nhập để nhập báo cáo.", "Sign in to import reports.", "permission"))
        return pv
    if not user.can_report:
        pv.file_problems.append(file_problem(
            f"Tài khoản «{user.name}» chỉ được xem, không được báo cáo.",
            f"Account “{user.name}” may view but not report.", "permission"))
        return pv
    if not file_bytes or not file_bytes.strip():
        pv.file_problems.append(file_problem("Tệp trống.", "The file is empty."))
        return pv
    big = too_big(file_bytes)
    if big is not None:
        pv.file_problems.append(big)
        return pv
    try:
        table = read_table(file_bytes, filename)
    except PlanMapError as exc:
        pv.file_problems.append(file_problem(exc.vi, exc.en))
        return pv
    if not table.header:
        pv.file_problems.append(file_problem("Tệp trống.", "The file is empty."))
        return pv
    header = table.header
    lacking = missing_columns(header, REQUIRED_COLUMNS, SEED_COLUMNS, words=header_label)
    if lacking:
        pv.file_problems.append(lacking)
        return pv
    index = {name: header.index(name) for name in IMPORT_COLUMNS if name in header}
    pv.ignored_columns = [name.replace("_", " ") for name in header
                          if name and name not in IMPORT_COLUMNS and name not in INFO_COLUMNS]
    pv.refs, pv.today = refs, today

    for line, raw_row in table.rows:
        cells = {name: raw_row[i] for name, i in index.items()}
        text = {name: _cell_text(v) for name, v in cells.items()}
        if not any(text.get(k) for k in ("status", "progress_pct", "as_of", "note")):
            pv.skipped += 1
            continue
        as_of_cell = cells.get("as_of")
        report = ReportIn(
            feature_id=text.get("feature_id", ""),
            status=text.get("status", ""),
            progress_pct=text.get("progress_pct") or None,
            as_of=(as_of_cell if isinstance(as_of_cell, (date, datetime)) else text.get("as_of")) or None,
            note=text.get("note", ""),
            source=text.get("source") or None,
            unit=text.get("unit") or None,
            evidence_url=text.get("evidence_url") or None,
            capital_allocated_bn=text.get("capital_allocated_bn") or None,
            capital_disbursed_bn=text.get("capital_disbursed_bn") or None,
            section=text.get("section") or None,
        )
        pv.rows.append(PreviewRow(line, report, _row_problems(report, refs, user, today, line)))
    if not pv.rows and not pv.file_problems:
        pv.file_problems.append(file_problem(
            "Tệp không có dòng báo cáo nào (các dòng đều để trống tình trạng, tỷ lệ và ngày).",
            "The file has no report rows (every row leaves status, percent and date empty)."))
    return pv


def _row_problems(report: ReportIn, refs: Mapping[str, FeatureRef], user: User, today: date, line: int) -> list[Problem]:
    problems = check_report(report, refs, user, today=today, row=line)
    if report.as_of is None and not any(p.column == "as_of" for p in problems):
        problems.append(problem(
            "Thiếu ngày báo cáo (as_of), ví dụ 30/11/2026.", "The report date (as_of) is missing, e.g. 2026-11-30.",
            "as_of", line))
    return problems


def _recheck(pv: ImportPreview) -> list[Problem]:
    """Check every row again, as it is now: a preview edited after preview() is judged on what it holds."""
    if pv.user is None or pv.refs is None or pv.today is None:
        return [file_problem("Tệp chưa được kiểm tra; hãy tải lên lại.", "The file was not checked; upload it again.")]
    problems: list[Problem] = []
    for r in pv.rows:
        problems += _row_problems(r.report, pv.refs, pv.user, pv.today, r.row)  # normalising again is harmless
    return problems


def commit(store, pv: ImportPreview) -> int:
    """Write every row of ``pv`` in ONE transaction, or nothing (ImportRejected when any problem).

    The rows are validated again here (the preview may have been changed since it was made).
    """
    problems = pv.problems or (_recheck(pv) if pv.rows else [])
    if problems or not pv.rows:
        raise ImportRejected(
            f"Không nhập tệp «{pv.filename}»: {len(problems)} lỗi; chưa ghi dòng nào.",
            f"File “{pv.filename}” not imported: {len(problems)} problem(s); nothing was written.",
            problems=problems,
        )
    return store.append_validated([r.report for r in pv.rows], pv.user.name)


def template(
    user: User | None,
    refs: Mapping[str, FeatureRef],
    fmt: str = "csv",
    state: pd.DataFrame | None = None,
    lang: str = "vi",
    today: date | None = None,
) -> bytes:
    """A report template pre-filled with the user's in-scope features (and their current state).

    Headers are words in ``lang`` (progress.columns; the reader takes them back); a shared feature
    has one row per section the user reports on. The XLSX names each column's code in its header
    comment and checks entries as they are typed (status from the list, 0–100 %, a date not in the future).
    """
    current = {}
    if state is not None and not state.empty:
        current = state.set_index("feature_id").to_dict("index")
    rows = []
    for ref in sorted(refs.values(), key=lambda r: (r.layer, r.name, r.id)):
        if user is None or not user.may_report_on(ref):
            continue
        cur = current.get(ref.id, {})
        pct = cur.get("progress_pct")
        last = cur.get("as_of")
        for section in sections_in_scope(ref, user.scope, user.is_admin) or ("",):
            rows.append({
                "feature_id": ref.id, "name": ref.name, "district": ref.districts_text(), "section": section,
                "current_status": status_label(cur.get("status"), lang) if cur else "",
                "current_progress_pct": "" if pct is None or pd.isna(pct) else pct,
                "last_as_of": last if isinstance(last, date) else "",
                "status": "", "progress_pct": "", "as_of": "", "note": "", "source": "",
                "unit": cur.get("unit") if isinstance(cur.get("unit"), str) else "", "evidence_url": "",
                "capital_allocated_bn": "", "capital_disbursed_bn": "",
            })
    df = pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)
    if fmt == "csv":
        return _shown_as_written(df, lang).rename(columns=lambda c: header_label(c, lang)).to_csv(index=False).encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError(fmt)
    return _template_xlsx(df, lang, today or today_vn())


def _shown_as_written(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The CSV's two columns that are only read by people, written as people of ``lang`` write them.

    A spreadsheet opens a CSV in its own locale: in a Vietnamese one "45.5" is forty-five thousand five
    hundred and 2026-11-30 is text. The import never reads these columns (INFO_COLUMNS), so nothing comes back changed.
    """
    return df.assign(
        current_progress_pct=[v if v == "" else format_number(v, lang, 1, trim=True) for v in df["current_progress_pct"]],
        last_as_of=[format_date(v, lang) if isinstance(v, date) else "" for v in df["last_as_of"]],
    )


def _validations(ws, n_rows: int, lang: str, today: date) -> None:
    """Excel and LibreOffice refuse a wrong entry as it is typed, with a message in ``lang``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    en = lang == "en"
    last = max(2, n_rows + 200)

    def column(code: str) -> str:
        return ws.cell(row=1, column=TEMPLATE_COLUMNS.index(code) + 1).column_letter

    labels = [t.label(lang) for t in STATUSES.values()]
    rules = [
        ("status", DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True),
         "Choose a status from the list." if en else "Chọn tình trạng trong danh sách."),
        ("progress_pct", DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True),
         "Progress is a number from 0 to 100." if en else "Tiến độ là số từ 0 đến 100."),
        ("as_of", DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                                 formula2=f"DATE({today.year},{today.month},{today.day})", allow_blank=True),
         "A date, not in the future." if en else "Một ngày, không ở tương lai (ví dụ 30/11/2026)."),
        ("capital_allocated_bn", DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
         "A number ≥ 0 (billion VND)." if en else "Số không âm (tỷ đồng)."),
        ("capital_disbursed_bn", DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
         "A number ≥ 0 (billion VND)." if en else "Số không âm (tỷ đồng)."),
        ("note", DataValidation(type="textLength", operator="lessThanOrEqual", formula1="4000", allow_blank=True),
         "At most 4000 characters." if en else "Tối đa 4000 ký tự."),
    ]
    for code, dv, message in rules:
        dv.error, dv.errorTitle, dv.showErrorMessage = message, ("Not accepted" if en else "Không hợp lệ"), True
        dv.prompt, dv.showInputMessage = message, True
        letter = column(code)
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)


def _template_xlsx(df: pd.DataFrame, lang: str, today: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Bao cao" if lang != "en" else "Report"
    ws.append([header_label(c, lang) for c in df.columns])
    for cell, code in zip(ws[1], df.columns):  # the code the reader also accepts, in the header's comment
        cell.comment = Comment(("Column code: " if lang == "en" else "Mã cột: ") + code, "planmap")
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([None if v == "" else v for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
        ws.cell(row=ws.max_row, column=TEMPLATE_COLUMNS.index("as_of") + 1).number_format = "DD/MM/YYYY"
    _validations(ws, len(df), lang, today)
    for col, width in zip("ABCDEFGHIJKLMNOP", (22, 40, 18, 18, 22, 10, 12, 28, 10, 12, 40, 30, 24, 30, 12, 12)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C2"
    help_ws = wb.create_sheet("Huong dan" if lang != "en" else "Help")
    help_lines = (
        [
            ["Điền các cột Tình trạng, Tiến độ (%) (0–100), Tính đến ngày (ví dụ 30/11/2026), Ghi chú; có thể thêm đơn vị, đường dẫn minh chứng (http…), vốn (tỷ đồng)."],
            ["Dòng để trống tình trạng, tiến độ, ngày và ghi chú sẽ được bỏ qua. Các cột Tên, Huyện, … hiện tại chỉ để tham khảo."],
            ["Công trình đi qua nhiều huyện có một dòng cho mỗi đoạn (cột Đoạn báo cáo) trong phạm vi của bạn."],
            ["Toàn bộ tệp được ghi một lần: nếu còn dòng lỗi thì không dòng nào được ghi."],
            [],
            ["Mã (status)", "Tình trạng"],
        ]
        if lang != "en"
        else [
            ["Fill Status, Progress (%) (0–100), As of (a date, e.g. 2026-11-30), Note; optionally unit, evidence link (http…), capital (billion VND)."],
            ["Rows leaving status, progress, date and note empty are skipped. Name, District and the current columns are for reference only."],
            ["A feature crossing several districts has one row per section (column Section reported) in your scope."],
            ["The file is written as a whole: if any row has a problem, no row is written."],
            [],
            ["Code (status)", "Status"],
        ]
    )
    for line in help_lines:
        help_ws.append(line)
    for code, term in STATUSES.items():
        help_ws.append([code, term.label(lang)])
    help_ws.column_dimensions["A"].width = 20
    help_ws.column_dimensions["B"].width = 40
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
