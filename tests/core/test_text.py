from core.text import fold, fold_key, matches, md_escape, slug, vn_int


def test_fold_drops_diacritics_and_case_including_d_bar():
    assert fold("Lương Điền") == "luong dien"
    assert fold("ĐỒNG CẨM") == "dong cam"
    assert fold("  Hải   Dương ") == "hai duong"


def test_matches_any_word_order_and_either_spelling():
    assert matches("luong dien", "Lương Điền")
    assert matches("dien luong", "Lương Điền")
    assert matches("dong cam", "Đồng Cẩm", "Đông Cẩm")
    assert not matches("luong dien", "Lai Cách")
    assert not matches("", "Lai Cách")


def test_slug_is_ascii_and_readable():
    assert slug("Bản đồ quy hoạch Hải Dương") == "ban-do-quy-hoach-hai-duong"


def test_md_escape_neutralises_links_and_images():
    text = md_escape("![x](http://evil/x.png) [a](javascript:alert(1)) **b**")
    assert "](" not in text.replace("\\]\\(", "")
    assert text.count("\\*") == 4


def test_md_linkify_links_only_web_addresses_and_escapes_the_rest():
    from core.text import md_linkify

    text = md_linkify("Báo Hải Dương: https://baohaiduong.vn/a_b(1).html; **x** javascript:alert(1)")
    assert "](https://baohaiduong.vn/a_b%281%29.html)" in text and "baohaiduong\\.vn/a\\_b" in text
    assert "\\*\\*x\\*\\*" in text
    assert "](javascript" not in text and "javascript\\:alert\\(1\\)" in text


def test_md_table_keeps_cells_literal_and_on_one_line():
    from core.text import md_table

    table = md_table(["Tên", "Số"], [["a|b <img src=x onerror=alert(1)>", 1], ["dòng\nhai", None]])
    lines = table.splitlines()
    assert lines[:2] == ["| Tên | Số |", "|---|---|"]
    assert lines[2] == "| a\\|b \\<img src=x onerror=alert\\(1\\)\\> | 1 |"
    assert lines[3] == "| dòng hai |  |"


def test_fold_key_one_folding_for_headers_status_words_and_coordinate_columns():
    from geo.overlay.points import find_coordinate_columns
    from progress.columns import header_code
    from progress.rules import parse_status

    assert fold_key("  Đang_triển-khai / thi công ", "_-/") == "dang trien khai thi cong"
    assert fold_key("Kinh độ (°)", "_-.()[]", "") == "kinhdo°"
    assert parse_status("ĐANG-TRIỂN_KHAI") == parse_status("dang trien khai") == "in_progress"
    assert header_code("TÌNH  TRẠNG") == header_code("tinh_trang") == "status"
    assert find_coordinate_columns(["Tọa_độ X", "TOẠ ĐỘ Y"]) == ("Tọa_độ X", "TOẠ ĐỘ Y", "xy")


def test_vn_int_groups_thousands_with_dots():
    assert vn_int(1234567) == "1.234.567" and vn_int(12) == "12"
