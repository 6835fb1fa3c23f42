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


def test_a_link_shows_its_address_decoded_but_never_text_that_hides_or_runs():
    from core.text import md_linkify, url_shown

    assert url_shown("https://vi.wikipedia.org/wiki/Kim_Th%C3%A0nh") == "https://vi.wikipedia.org/wiki/Kim_Thành"
    for kept in ("https://a.vn/%0Ab", "https://a.vn/%E2%80%AEb", "https://a.vn/%FF", "https://a.vn/a%20b"):
        assert url_shown(kept) == kept  # a line break, a direction change, no UTF-8, a space: as written
    # Decoded, the address's "<img>](" is shown literally (escaped), and the link goes where the data says.
    assert md_linkify("https://a.vn/%3Cimg%3E%5D(x)") == "[https\\://a\\.vn/\\<img\\>\\]\\(x](https://a.vn/%3Cimg%3E%5D%28x)\\)"


def test_a_comma_inside_an_address_belongs_to_it_a_comma_after_it_does_not():
    from core.text import md_linkify

    text = md_linkify("https://x.vn/a.html, b https://vi.wikipedia.org/wiki/Ph%C3%BA_Th%C3%A1i,_Kim_Th%C3%A0nh;")
    assert "](https://x.vn/a.html)," in text
    assert "](https://vi.wikipedia.org/wiki/Ph%C3%BA_Th%C3%A1i,_Kim_Th%C3%A0nh);" in text
