"""The bulk report import under the attacks of issue 11: refused in vi and en, cheaply, nothing written."""
from __future__ import annotations

import tracemalloc
from datetime import date

import pytest

from core.errors import ImportRejected
from progress import importer
from tests import attack_files as af

TODAY = date(2026, 11, 27)
HEADER = ["feature_id", "status", "progress_pct", "as_of", "note"]
GOOD = ["urban-ke-sat", "in_progress", 45, "30/11/2025", "ghi chú"]


def _preview(data, user, refs, name):
    return importer.preview(data, name, user, refs, today=TODAY)


def _refused(store, pv, *words):
    assert not pv.ok
    text_vi, text_en = " ".join(pv.messages("vi")), " ".join(pv.messages("en"))
    for word in words:
        assert word in text_en, text_en
    assert text_vi and text_vi != text_en
    with pytest.raises(ImportRejected):
        importer.commit(store, pv)
    assert store.count() == 0
    return text_vi, text_en


def test_a_5kb_sheet_with_a_cell_at_xfd1048576(store, refs, reporter):
    data = af.xlsx([HEADER, GOOD], far_cell="XFD1048576")
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        pv = _preview(data, reporter, refs, "bao-cao.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024  # it grew past 4.5 GB before
    _refused(store, pv, "more than 100 columns")


def test_a_huge_declared_size_is_ignored_and_the_rows_are_read(store, refs, reporter):
    pv = _preview(af.declared_huge([HEADER, GOOD]), reporter, refs, "bao-cao.xlsx")
    assert pv.ok, pv.messages("en")
    assert [r.row for r in pv.rows] == [2]


def test_a_long_sheet_stops_at_the_row_limit(store, refs, reporter, monkeypatch):
    # Rows past the limit, then XML no parser accepts: reading stops before reaching it.
    monkeypatch.setattr(importer, "TABLE_LIMITS", importer.tables.TableLimits(
        max_rows=50, max_columns=importer.MAX_COLUMNS, archive=importer.TABLE_LIMITS.archive))
    data = af.many_rows_then_garbage(HEADER, GOOD, 60)
    _refused(store, _preview(data, reporter, refs, "bao-cao.xlsx"), "more than 50 data rows")
    assert importer.MAX_ROWS == 20_000 and importer.TABLE_LIMITS.max_rows == 50


def test_the_real_row_limit_is_20000(store, refs, reporter):
    text = ",".join(HEADER) + "\n" + "urban-ke-sat,in_progress,45,30/11/2025,\n" * 20_001
    _refused(store, _preview(text.encode(), reporter, refs, "bao-cao.csv"), "more than 20,000 data rows")


def test_40000_repeated_columns_are_refused(store, refs, reporter):
    data = b"feature_id,status,progress_pct,as_of," + b"a," * 40_000 + b"\n"
    _refused(store, _preview(data, reporter, refs, "bao-cao.csv"), "columns")


def test_two_feature_id_columns_are_refused(store, refs, reporter):
    data = ("feature_id,status,progress_pct,as_of,Feature ID\n"
            "urban-ke-sat,in_progress,45,30/11/2025,iz-binh-giang\n").encode()
    vi, en = _refused(store, _preview(data, reporter, refs, "bao-cao.csv"), "'feature_id'")
    assert "«feature_id»" in vi


@pytest.mark.parametrize("name,make,word", [
    ("bom.xlsx", af.bomb_xlsx, "zip bomb"),
    ("slip.xlsx", af.slip_xlsx, "outside its folder"),
    ("hong.xlsx", lambda: af.corrupt_deflate({"[Content_Types].xml": b"<Types>" + b" " * 5000 + b"</Types>"}),
     "malformed"),
    ("phien-ban.xlsx", lambda: af.future_zip_version(af.xlsx([HEADER, GOOD])), "malformed"),
])
def test_the_archive_checks_apply_to_the_import(store, refs, reporter, name, make, word):
    _refused(store, _preview(make(), reporter, refs, name), word)


def test_commit_checks_the_rows_again(store, refs, reporter):
    pv = _preview(af.xlsx([HEADER, GOOD]), reporter, refs, "bao-cao.xlsx")
    assert pv.ok
    pv.rows[0].report.progress_pct = 150            # changed after the preview said yes
    pv.rows[0].report.feature_id = "urban-chi-linh"  # and outside the reporter's scope
    with pytest.raises(ImportRejected) as err:
        importer.commit(store, pv)
    assert "between 0 and 100" in " ".join(p.en for p in err.value.problems)
    assert "outside the reporting scope" in " ".join(p.en for p in err.value.problems)
    assert store.count() == 0


def test_a_preview_not_made_by_preview_is_not_committed(store, refs, reporter):
    pv = _preview(af.xlsx([HEADER, GOOD]), reporter, refs, "bao-cao.xlsx")
    forged = importer.ImportPreview(filename="x.csv", user=reporter, rows=pv.rows)
    with pytest.raises(ImportRejected):
        importer.commit(store, forged)
    assert store.count() == 0
