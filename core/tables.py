"""Read a CSV or XLSX upload into bounded rows of cells, in time and memory linear in the file.

Both the map's own-data upload and the bulk report import read tables here, so the caps hold for
both: rows and columns are counted *while* reading and the reader stops at the first cap broken;
nothing is allocated from a size the file declares (an .xlsx's ``<dimension>``, a cell at
XFD1048576, a row numbered 10¹²). CSV goes through the ``csv`` module with a per-row length cap,
so pandas never sees (nor renames) 40,000 columns. Duplicate column names are refused: which one
would count is a guess.

Every failure is a bilingual :class:`~core.errors.PlanMapError`.
"""
from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.archive import ArchiveLimits, check_archive, malformed
from core.bilingual import Text
from core.errors import ImportRejected, PlanMapError
from core.text import vn_int as _vn

MAX_XLSX_COLUMN = 16_384  # XFD, Excel's last column
SAVE_AS_CSV = ("hãy mở tệp bằng Excel, chọn Lưu thành (Save As) → «CSV UTF-8 (Comma delimited)»",
               "open it in Excel and choose Save As → “CSV UTF-8 (Comma delimited)”")
# A NUL byte: not text (Excel's "Unicode Text" is UTF-16, a workbook or a picture renamed .csv).
NOT_TEXT = Text("tệp không phải tệp CSV dạng chữ (có thể là «Unicode Text» UTF-16 của Excel, "
                "hoặc một tệp khác bị đổi đuôi) — " + SAVE_AS_CSV[0],
                "it is not a text CSV (perhaps Excel's UTF-16 “Unicode Text”, or another file renamed) — "
                + SAVE_AS_CSV[1])
UNKNOWN_ENCODING = Text("không nhận ra bảng mã chữ của tệp — " + SAVE_AS_CSV[0],
                        "its text encoding is not recognised — " + SAVE_AS_CSV[1])


@dataclass(frozen=True)
class TableLimits:
    max_rows: int                       # data rows (the header and blank rows not counted)
    max_columns: int
    max_row_chars: int = 1_000_000      # one CSV record, quotes and all
    archive: ArchiveLimits = field(default_factory=ArchiveLimits)


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]   # (row number in the file, cells as wide as the header)


def too_many_rows(filename: str, limit: int) -> ImportRejected:
    return ImportRejected(f"Tệp {filename} có hơn {_vn(limit)} dòng dữ liệu, vượt giới hạn {_vn(limit)} dòng.",
                          f"{filename} has more than {limit:,} data rows, over the limit of {limit:,}.")


def _too_many_columns(filename: str, row: int, limit: int) -> ImportRejected:
    return ImportRejected(
        f"Dòng {row} của {filename} có hơn {_vn(limit)} cột, vượt giới hạn. Hãy xóa các cột không dùng.",
        f"Row {row} of {filename} has more than {limit:,} columns, over the limit. Delete the unused columns.",
    )


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), else the Vietnamese Windows code page of old Excel CSVs."""
    if b"\x00" in data:
        raise malformed(filename, None, NOT_TEXT)
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise malformed(filename, None, UNKNOWN_ENCODING)


def _bounded_lines(text: str, filename: str, limits: TableLimits, start: list[int]) -> Iterator[str]:
    """The text's lines for csv.reader, refusing a record longer than the cap before it is parsed.

    ``start[0]`` is kept at the length of the record being read (the reader resets it per row).
    """
    for line in io.StringIO(text, newline=""):
        start[0] += len(line)
        if start[0] > limits.max_row_chars:
            raise ImportRejected(
                f"Tệp {filename} có một dòng dài hơn {_vn(limits.max_row_chars)} ký tự, vượt giới hạn.",
                f"{filename} has a row longer than {limits.max_row_chars:,} characters, over the limit.",
            )
        yield line


def _csv_records(data: bytes, filename: str, limits: TableLimits) -> Iterator[tuple[int, list[Any]]]:
    text = decode_text(data, filename)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    pending = [0]
    reader = csv.reader(_bounded_lines(text, filename, limits, pending), delimiter=delimiter, skipinitialspace=True,
                        strict=False)
    line = 1
    try:
        for record in reader:
            yield line, record
            pending[0] = 0
            line = reader.line_num + 1
    except csv.Error as exc:
        raise malformed(filename, f"CSV: {exc}") from exc


_LITERALS = re.compile(r'"[^"]*"|\\.')


def _percent_styles(wb) -> frozenset[int]:
    """The workbook's cell styles that show a number as a percentage (0%, 0.00%, a custom 0.0%).

    Excel stores 45% typed in a cell as 0.45 with such a format: the person sees, and means, 45."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    styles = set()
    for style_id, style in enumerate(wb._cell_styles):
        fmt_id = style.numFmtId
        fmt = BUILTIN_FORMATS.get(fmt_id) if fmt_id < 164 else \
            (wb._number_formats[fmt_id - 164] if fmt_id - 164 < len(wb._number_formats) else None)
        if isinstance(fmt, str) and "%" in _LITERALS.sub("", fmt).split(";")[0]:  # "%" or \% is only a sign
            styles.add(style_id)
    return frozenset(styles)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_shown_percent(value: float) -> float:
    """0.45 shown as 45% → 45, shifted in decimal (0.145 → 14.5, not 14.499999999999998)."""
    return float(Decimal(repr(value)).scaleb(2))


def _xlsx_records(data: bytes, filename: str, limits: TableLimits) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows as the XML holds them: only rows and cells present, in file order.

    openpyxl's own row iterator fills gaps up to the declared (or last) row and column; a 5 KB
    sheet with one cell at XFD1048576 then costs 10¹⁰ cells. Its sheet parser yields what is
    there, so each row costs what its XML costs.
    """
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser

    check_archive(data, filename, limits.archive)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except PlanMapError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl, zipfile and XML errors of every kind mean "malformed"
        raise malformed(filename, exc) from exc
    try:
        if not wb.worksheets:
            raise malformed(filename, "no worksheet")
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # never trust <dimension>
        percent_styles = _percent_styles(wb)
        with ws._get_source() as src:  # the documented read-only source; the parser is what ReadOnlyWorksheet uses
            parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                     date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for row_number, cells in parser.parse():
                values: dict[int, Any] = {}
                for cell in cells:
                    column = cell["column"]
                    if column > limits.max_columns:
                        if cell["value"] is None:
                            continue  # a formatted but empty cell far to the right
                        raise _too_many_columns(filename, row_number, limits.max_columns)
                    value = cell["value"]
                    if cell.get("style_id") in percent_styles and _is_number(value):
                        value = _as_shown_percent(value)
                    values[column] = value
                width = max(values, default=0)
                yield row_number, [values.get(c) for c in range(1, width + 1)]
    except PlanMapError:
        raise
    except Exception as exc:  # noqa: BLE001 - see above
        raise malformed(filename, exc) from exc
    finally:
        wb.close()


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


_INF = float("inf")


def parse_number(cell: Any, percent: bool = False) -> float | None:
    """A number from a cell as people type it: 45, "45", "1 234.5", "45,5" (the Vietnamese decimal comma,
    read as one when the text has no dot); None for a blank cell. ``percent``: "%" signs are dropped.

    Raises ValueError for anything else, booleans, NaN and infinities included: "nan" in a cell is a
    mistake to report, never "no value". (Called once a cell on 100,000-row uploads: kept lean.)
    """
    if isinstance(cell, str):
        text = cell.strip()
        if not text:
            return None
        if " " in text or "\u00a0" in text:
            text = text.replace(" ", "").replace("\u00a0", "")
        if percent:
            text = text.replace("%", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        if "_" in text or not text.isascii():  # what float() takes beyond plain decimals ("1_000", "١٢")
            raise ValueError(cell)
        number = float(text)  # ValueError for what is not a number; "nan", "inf" refused below
    elif cell is None:
        return None
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
        try:
            number = float(cell)
        except OverflowError as exc:  # an int beyond a double
            raise ValueError(cell) from exc
    else:  # numpy numbers, Decimal…: read as they print ("5"), as a person would have typed them
        return parse_number(str(cell), percent)
    if number != number or number in (_INF, -_INF):
        raise ValueError(cell)
    return number


def read_table(data: bytes, filename: str, fmt: str, limits: TableLimits,
               header_key: Callable[[Any], str] = lambda c: "" if c is None else str(c).strip()) -> Table:
    """The header (first non-blank row) and the data rows of a ``"csv"`` or ``"xlsx"`` file.

    Blank rows are skipped; rows are cut or padded to the header's width, and a row with a value
    beyond the header is refused (which column would it be?). ``header_key`` names a column as the
    caller compares names: two columns with one name are refused.
    """
    records = _xlsx_records(data, filename, limits) if fmt == "xlsx" else _csv_records(data, filename, limits)
    header: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for row_number, cells in records:
        if len(cells) > limits.max_columns:
            raise _too_many_columns(filename, row_number, limits.max_columns)
        if all(is_blank(c) for c in cells):
            continue
        if header is None:
            header = [header_key(c) for c in cells]
            refuse_duplicate_columns(header, filename)
            continue
        if len(cells) > len(header):
            if any(not is_blank(c) for c in cells[len(header):]):
                raise ImportRejected(
                    f"Dòng {row_number} của {filename} có giá trị ở cột thứ {len(header) + 1} nhưng dòng tiêu đề "
                    f"chỉ có {len(header)} cột.",
                    f"Row {row_number} of {filename} has a value in column {len(header) + 1} but the header row "
                    f"names only {len(header)} columns.",
                )
            cells = cells[:len(header)]
        if len(rows) >= limits.max_rows:
            raise too_many_rows(filename, limits.max_rows)
        rows.append((row_number, cells + [None] * (len(header) - len(cells))))
    return Table(header=header or [], rows=rows)


def refuse_duplicate_columns(header: list[str], filename: str) -> None:
    """ImportRejected naming the columns that share a name (empty names are not compared)."""
    seen: set[str] = set()
    dupes: list[str] = []
    for name in header:
        if name and name in seen and name not in dupes:
            dupes.append(name)
        seen.add(name)
    if dupes:
        names = ", ".join(f"«{n}»" for n in dupes[:5])
        names_en = ", ".join(f"'{n}'" for n in dupes[:5])
        raise ImportRejected(
            f"Tệp {filename} có nhiều cột cùng tên {names}. Hãy giữ một cột cho mỗi tên.",
            f"{filename} has several columns named {names_en}. Keep one column per name.",
        )
