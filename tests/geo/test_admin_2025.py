"""Which 2025 unit a commune of the 2023 program is in now (geo.admin_2025)."""
from geo.admin_2025 import load_communes_2025, successors_of, units_of_district


def test_a_whole_commune_has_one_sure_successor():
    (only,) = successors_of("Lương Điền", "Cẩm Giàng")
    assert (only.new_name, only.relation, only.confidence, only.is_main) == ("Xã Cẩm Giàng", "whole", "sure", True)


def test_types_diacritic_variants_and_district_types_do_not_matter():
    expected = successors_of("Lương Điền", "Cẩm Giàng")
    assert successors_of("xã LƯƠNG ĐIỀN", "huyện Cẩm Giàng") == expected
    assert successors_of("Ứng Hoè", "Ninh Giang") == successors_of("Ứng Hòe", "Ninh Giang") != []


def test_a_split_commune_lists_the_main_part_first():
    found = successors_of("thị trấn Lai Cách", "Cẩm Giàng")
    assert [s.new_name for s in found] == ["Phường Việt Hòa", "Phường Tứ Minh"]
    assert found[0].is_main and not found[1].is_main and {s.relation for s in found} == {"part"}


def test_a_commune_merged_in_january_2025_is_followed_through_its_new_unit():
    (found,) = successors_of("Ngọc Kỳ", "Tứ Kỳ")
    assert (found.via, found.new_name) == ("Xã Kỳ Sơn", "Xã Tân Kỳ")


def test_namesakes_in_other_districts_are_not_confused():
    nam_sach = {s.new_name for s in successors_of("Cộng Hòa", "Nam Sách")}
    kim_thanh = {s.new_name for s in successors_of("Cộng Hòa", "Kim Thành")}
    chi_linh = {s.new_name for s in successors_of("Cộng Hòa", "Chí Linh")}
    assert nam_sach == {"Xã An Phú", "Xã Nam An Phụ"} and kim_thanh == {"Xã Lai Khê"}
    assert chi_linh == {"Phường Trần Hưng Đạo", "Phường Chu Văn An"}


def test_unknown_names_have_no_successor():
    assert successors_of("Không Có Xã Này", "Cẩm Giàng") == []
    assert successors_of("Lương Điền", "Thanh Hà") == []


def test_every_unit_of_a_district_and_the_seats():
    units = units_of_district("thành phố Hải Dương")
    assert ("10543", "Phường Việt Hòa") in units and len(units) == len(set(units))
    assert len(load_communes_2025()) == 64
