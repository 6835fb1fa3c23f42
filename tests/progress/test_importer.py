"""Bulk import: every row's problem in vi and en, labels accepted, all rows or none, templates."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from core.errors import ImportRejected
from progress import auth, importer

TODAY = date(2026, 11, 27)
HEADER = "feature_id,status,progress_pct,as_of,note,source\n"


def _preview(text_or_bytes, user, refs, name="bao-cao.csv"):
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    return importer.preview(data, name, user, refs, today=TODAY)


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_good_csv_with_labels_and_vietnamese_dates_commits(store, refs, reporter):
    text = HEADER + (
        "urban-ke-sat,Đang triển khai / thi công,45%,30/11/2025,Đã GPMB 45%,\n"
        "iz-binh-giang,preparing,\"12,5\",2026-01-15,,https://example.org\n"
        "rail-hn-hp,,,,,\n"  # template row left empty: skipped
    )
    pv = _preview(text, reporter, refs)
    assert pv.ok, pv.messages()
    assert pv.skipped == 1 and len(pv.rows) == 2
    assert pv.rows[0].report.status == "in_progress" and pv.rows[0].report.progress_pct == 45
    assert pv.rows[0].report.as_of == date(2025, 11, 30) and pv.rows[1].report.progress_pct == 12.5
    assert importer.commit(store, pv) == 2
    assert set(store.audit_trail().reported_by) == {"bao-cao-bg"}


def test_every_row_problem_is_listed_in_both_languages(store, refs, reporter):
    text = HEADER + (
        "urban-ke-sat,in_progress,50,2026-01-01,ok,\n"
        "khong-co,in_progress,50,2026-01-01,,\n"
        "urban-chi-linh,in_progress,50,2026-01-01,,\n"
        "iz-binh-giang,xong,50,2026-01-01,,\n"
        "iz-binh-giang,in_progress,150,2026-01-01,,\n"
        "iz-binh-giang,in_progress,nhiều,2026-01-01,,\n"
        "iz-binh-giang,in_progress,50,31/02/2026,,\n"
        "iz-binh-giang,in_progress,50,2027-01-01,,\n"
        "iz-binh-giang,in_progress,50,,ghi chú,\n"
    )
    pv = _preview(text, reporter, refs)
    assert not pv.ok
    vi = pv.messages("vi")
    en = pv.messages("en")
    expected_vi = [
        "Dòng 3: Không có đối tượng mã «khong-co»",
        "Dòng 4: «Thành phố Chí Linh» (urban-chi-linh) nằm ngoài phạm vi",
        "Dòng 5: Tình trạng «xong» không hợp lệ",
        "Dòng 6: Tiến độ (%) phải từ 0 đến 100",
        "Dòng 7: Tiến độ (%): «nhiều» không phải là số",
        "Dòng 8: Ngày «31/02/2026» không đọc được",
        "Dòng 9: Tính đến ngày: ngày 01/01/2027 ở tương lai",
        "Dòng 10: Thiếu ngày báo cáo",
    ]
    assert len(vi) == len(expected_vi) == len(en)
    for message, start in zip(vi, expected_vi):
        assert message.startswith(start), message
    assert en[0].startswith("Row 3: No feature with id") and "outside the reporting scope" in en[1]
    frame = pv.to_frame("vi")
    assert frame.loc[frame.row == 2, "problems"].item() == ""
    with pytest.raises(ImportRejected) as info:
        importer.commit(store, pv)
    assert len(info.value.problems) == 8 and "chưa ghi dòng nào" in info.value.vi
    assert store.count() == 0  # all or nothing


@pytest.mark.parametrize(
    ("data", "name", "vi"),
    [
        (b"", "a.csv", "Tệp trống"),
        (b"   \n", "a.csv", "Tệp trống"),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", "Không đọc được tệp"),
        (b"\x00\x01\x02binary", "a.csv", "Không đọc được tệp"),
        (b"feature_id,note\nurban-ke-sat,x\n", "a.csv", "Thiếu cột: status, progress_pct, as_of"),
        (HEADER.encode(), "a.csv", "Tệp không có dòng báo cáo nào"),
    ],
)
def test_file_level_problems(store, refs, reporter, data, name, vi):
    pv = _preview(data, reporter, refs, name)
    assert not pv.ok and pv.file_problems and vi in pv.file_problems[0].vi
    with pytest.raises(ImportRejected):
        importer.commit(store, pv)
    assert store.count() == 0


def test_viewer_and_anonymous_cannot_import(store, refs):
    viewer = auth.create_user(store, "xem", "mat-khau-rat-dai-9", "viewer", "*")
    text = HEADER + "urban-ke-sat,in_progress,50,2026-01-01,,\n"
    assert "chỉ được xem" in _preview(text, viewer, refs).messages()[0]
    assert "Cần đăng nhập" in _preview(text, None, refs).messages()[0]


def test_xlsx_with_real_dates_and_numbers(store, refs, reporter):
    data = _xlsx([
        ["feature_id", "status", "progress_pct", "as_of", "note", "source", "unit", "capital_allocated_bn", "capital_disbursed_bn"],
        ["urban-ke-sat", "Hoàn thành", 100, date(2026, 10, 1), "<script>alert(1)</script>", None, "UBND huyện Bình Giang", 120, 90],
    ])
    pv = _preview(data, reporter, refs, "bao-cao.xlsx")
    assert pv.ok, pv.messages()
    importer.commit(store, pv)
    row = store.state_as_of(date(2026, 10, 1)).iloc[0]
    assert row.status == "completed" and row.note == "<script>alert(1)</script>" and row.disbursement_pct == 75.0


def test_a_percentage_typed_in_excel_is_read_as_the_cell_shows_it(store, refs, reporter):
    """Excel keeps 45% typed in a cell as 0.45 with a 0% format: it was imported as 0,45 % without a word,
    and 120% as 1,2 % (accepted)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đối tượng", "Tình trạng", "Tiến độ (%)", "Tính đến ngày", "Ghi chú"])
    ws.append(["urban-ke-sat", "Đang thi công", 0.45, date(2026, 11, 1), "45% gõ trong Excel"])
    ws.append(["iz-binh-giang", "Chuẩn bị đầu tư", 0.145, date(2026, 11, 1), "14,5%"])
    ws.append(["rail-hn-hp", "Chuẩn bị đầu tư", 12.5, date(2026, 11, 1), "số thường, không định dạng %"])
    ws["C2"].number_format = "0%"
    ws["C3"].number_format = "0.0%"
    buf = io.BytesIO()
    wb.save(buf)
    pv = _preview(buf.getvalue(), reporter, refs, "bao-cao.xlsx")
    assert [r.report.progress_pct for r in pv.rows] == [45, 14.5, 12.5], pv.messages()
    ws["C3"].value = 1.2  # 120% on screen
    buf = io.BytesIO()
    wb.save(buf)
    pv = _preview(buf.getvalue(), reporter, refs, "bao-cao.xlsx")
    assert not pv.ok and any("phải từ 0 đến 100 (đang là 120)" in m for m in pv.messages())


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, tone marks as combining characters."""
    import unicodedata
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_semicolon_csv_and_windows_vietnamese_encoding(store, refs, reporter):
    text = "feature_id;status;progress_pct;as_of;note;source\nurban-ke-sat;Chậm tiến độ;30;01/06/2026;chậm GPMB;\n"
    pv = _preview(_cp1258(text), reporter, refs)
    assert pv.ok, pv.messages()
    assert pv.rows[0].report.status == "delayed" and pv.rows[0].report.note == "chậm GPMB"


@pytest.mark.parametrize("lang, pct, as_of", [("vi", "45,5", "30/11/2026"), ("en", "45.5", "2026-11-30")])
def test_the_csv_template_writes_the_current_state_as_its_reader_does(store, refs, reporter, admin, lang, pct, as_of):
    """A Vietnamese spreadsheet read "45.5" as 45 thousand and kept 2026-11-30 as text."""
    import csv
    from progress import ReportIn
    from progress.columns import header_code
    store.add_report(ReportIn("urban-ke-sat", "in_progress", 45.5, date(2026, 11, 30)), admin, refs)
    csv_bytes = importer.template(reporter, refs, "csv", state=store.state_as_of(), lang=lang)
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    row = dict(zip((header_code(h) for h in rows[0]), next(r for r in rows if r[0] == "urban-ke-sat")))
    assert (row["current_progress_pct"], row["last_as_of"]) == (pct, as_of)
    assert importer.preview(csv_bytes, "mau.csv", reporter, refs, today=TODAY).skipped == 3  # still read back, unfilled


def test_templates_hold_only_in_scope_features(store, refs, reporter, admin):
    from datetime import date as d
    from progress import ReportIn
    from progress.columns import header_code
    store.add_report(ReportIn("urban-ke-sat", "in_progress", 40, d(2026, 1, 1), unit="UBND huyện Bình Giang"), admin, refs)
    csv_bytes = importer.template(reporter, refs, "csv", state=store.state_as_of())
    text = csv_bytes.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Mã đối tượng,Tên,Huyện (2023),Đoạn báo cáo (huyện)")  # headers people read
    ids = {line.split(",")[0] for line in lines[1:]}
    assert ids == {"urban-ke-sat", "iz-binh-giang", "rail-hn-hp"}
    assert "Đang triển khai / thi công" in text and "UBND huyện Bình Giang" in text
    # The untouched template imports nothing (every row skipped) rather than stale data.
    pv = importer.preview(csv_bytes, "mau.csv", reporter, refs, today=TODAY)
    assert pv.skipped == 3 and not pv.ok
    wb = load_workbook(io.BytesIO(importer.template(reporter, refs, "xlsx", state=store.state_as_of())))
    ws = wb.worksheets[0]
    header = [header_code(c.value) for c in ws[1]]  # Vietnamese words, read back as the codes
    for col in ("feature_id", "status", "progress_pct", "as_of", "note", "source"):
        assert col in header
    assert {ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)} == ids
    # Filled in, the XLSX template imports.
    ws.cell(row=2, column=header.index("status") + 1, value="Hoàn thành")
    ws.cell(row=2, column=header.index("as_of") + 1, value=date(2026, 11, 1))
    buf = io.BytesIO()
    wb.save(buf)
    pv = importer.preview(buf.getvalue(), "mau.xlsx", reporter, refs, today=TODAY)
    assert pv.ok and len(pv.rows) == 1 and pv.skipped == 2, pv.messages()
