"""The map page's upload under the attacks of issue 11: each refused with a bilingual message, cheaply."""
from __future__ import annotations

import tracemalloc

import pytest

from core.errors import DataError, ImportRejected, PlanMapError
from geo.overlay_io import LIMITS, Limits, read_overlay
from tests import attack_files as af

LONLAT = [["Tên", "lon", "lat"], ["Mốc 1", 106.31, 20.93], ["Mốc 2", 106.39, 21.13]]


def _peak_mb(run) -> float:
    tracemalloc.start()
    try:
        run()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 1024 / 1024


def test_a_cell_at_xfd1048576_is_refused_without_allocating_the_sheet():
    data = af.xlsx(LONLAT, far_cell="XFD1048576")
    assert len(data) < 10_000

    def read():
        with pytest.raises(ImportRejected) as err:
            read_overlay(data, "xa.xlsx", declared_crs="EPSG:4326")
        assert "more than 1,000 columns" in err.value.en and "hơn 1.000 cột" in err.value.vi

    assert _peak_mb(read) < 50  # openpyxl's own iterator would build 16,384 × 1,048,576 cells


def test_a_huge_declared_dimension_is_ignored():
    overlay = read_overlay(af.declared_huge(LONLAT), "khai-khong-dung.xlsx", declared_crs="EPSG:4326")
    assert len(overlay.gdf) == 2 and list(overlay.gdf["Tên"]) == ["Mốc 1", "Mốc 2"]


def test_a_long_sheet_is_refused_at_the_row_limit_not_read_to_its_end():
    # 30 rows then broken XML: a reader that read everything would fail on the garbage instead.
    data = af.many_rows_then_garbage(["lon", "lat"], [106.3, 20.9], 30)
    with pytest.raises(ImportRejected) as err:
        read_overlay(data, "dai.xlsx", declared_crs="EPSG:4326", limits=Limits(max_features=20))
    assert "more than 20 data rows" in err.value.en
    with pytest.raises(DataError):  # the same file under a higher cap does reach the garbage
        read_overlay(data, "dai.xlsx", declared_crs="EPSG:4326", limits=Limits(max_features=100))


def test_40000_repeated_column_names_are_refused_before_pandas():
    def read():
        with pytest.raises(ImportRejected) as err:
            read_overlay(af.REPEATED_COLUMNS_CSV, "cot.csv", declared_crs="EPSG:4326")
        assert "columns" in err.value.en and "cột" in err.value.vi

    assert _peak_mb(read) < 50


def test_duplicate_column_names_are_refused_not_renamed():
    with pytest.raises(ImportRejected) as err:
        read_overlay(b"lon,lat,ten,ten\n106.3,20.9,a,b\n", "trung.csv", declared_crs="EPSG:4326")
    assert "'ten'" in err.value.en and "«ten»" in err.value.vi


@pytest.mark.parametrize("name,data", [
    ("hong.kmz", af.corrupt_deflate({"doc.kml": b"<kml>" + b"<Placemark/>" * 500 + b"</kml>"})),
    ("hong.zip", af.corrupt_deflate({"a.shp": b"x" * 5000, "a.shx": b"x" * 5000, "a.dbf": b"x" * 5000})),
    ("hong.xlsx", af.corrupt_deflate({"[Content_Types].xml": b"<Types>" + b" " * 5000 + b"</Types>"})),
    ("phien-ban.xlsx", af.future_zip_version(af.xlsx(LONLAT))),
    ("phien-ban.kmz", af.future_zip_version(af.corrupt_deflate({"doc.kml": b"<kml/>"}))),
])
def test_corrupt_archives_give_a_bilingual_error_not_zlib_or_notimplemented(name, data):
    with pytest.raises(PlanMapError) as err:
        read_overlay(data, name, declared_crs="EPSG:4326")
    assert type(err.value) in (DataError, ImportRejected)
    assert name in err.value.vi and name in err.value.en and err.value.vi != err.value.en


def test_messages_name_no_server_folder():
    with pytest.raises(DataError) as err:
        read_overlay(b"<kml><Document><Placemark><Point><coordinates>x</coord", "hong.kml")
    text = err.value.vi + err.value.en
    assert "/tmp" not in text and "overlay-" not in text


def test_every_archive_check_applies_to_xlsx():
    with pytest.raises(ImportRejected) as err:
        read_overlay(af.bomb_xlsx(), "bom.xlsx", declared_crs="EPSG:4326")
    assert "zip bomb" in err.value.en
    with pytest.raises(ImportRejected) as err:
        read_overlay(af.slip_xlsx(), "slip.xlsx", declared_crs="EPSG:4326")
    assert "outside its folder" in err.value.en
    assert LIMITS.archive.max_ratio == LIMITS.max_ratio
