"""The hostile files of issue 11, built in memory (shared by the overlay and the report-import tests)."""
from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook


def xlsx(rows: list[list], far_cell: str | None = None) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    if far_cell:
        wb.active[far_cell] = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite(archive: bytes, name: str, edit) -> bytes:
    """The archive with member ``name`` replaced by ``edit(old bytes)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, edit(data) if info.filename == name else data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def declared_huge(rows: list[list]) -> bytes:
    """A correct sheet whose <dimension> claims A1:XFD1048576."""
    return rewrite(xlsx(rows), SHEET, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))


def many_rows_then_garbage(header: list, row: list, n: int) -> bytes:
    """``n`` data rows, then XML that no parser accepts: a reader that stops at its cap never sees it."""
    cells = "".join(f'<c r="{chr(65 + i)}{{r}}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(row))
    head = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(header))
    body = "".join(f'<row r="{r}">' + cells.replace("{r}", str(r)) + "</row>" for r in range(2, n + 2))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData><row r="1">{head}</row>{body}<row r="x"><<<garbage')
    return rewrite(xlsx([header]), SHEET, lambda _: xml.encode())


def corrupt_deflate(members: dict[str, bytes]) -> bytes:
    """A zip whose first member's compressed stream is damaged: zlib.error when read."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    data = bytearray(buf.getvalue())
    start = 30 + len(next(iter(members)).encode()) + 4
    for i in range(start, start + 24):
        data[i] ^= 0xFF
    return bytes(data)


def future_zip_version(archive: bytes) -> bytes:
    """"Version needed to extract" 9.9 in the central directory: zipfile raises NotImplementedError."""
    data = bytearray(archive)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 6:at + 8] = (99).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def bomb_xlsx() -> bytes:
    """A workbook with a 20 MB member of zeros (compresses ~1000:1)."""
    return _add(xlsx([["a"]]), "xl/bomb.bin", b"\0" * (20 * 1024 * 1024))


def _add(archive: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr(name, data)
    return out.getvalue()


def slip_xlsx() -> bytes:
    return _add(xlsx([["a"]]), "../../evil.txt", b"x")


REPEATED_COLUMNS_CSV = b"lon,lat," + b"a," * 40_000 + b"\n106.3,20.9\n"
