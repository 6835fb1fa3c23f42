"""ExportRequest: every bad option is refused with a message a user can act on (vi and en)."""
from __future__ import annotations

from datetime import date

import pytest

from export import ExportError, ExportRequest, file_name
from layers.query import ViewFilter

from tests.export.conftest import TODAY


@pytest.mark.parametrize("changes, vi, en", [
    ({"dpi": 1000}, "1000 dpi nằm ngoài khoảng cho phép 150–300", "1000 dpi is outside the allowed range 150–300"),
    ({"dpi": 100}, "150–300", "150–300"),
    ({"format": "docx"}, "Định dạng 'docx' không được hỗ trợ", "Format 'docx' is not supported"),
    ({"view": ViewFilter(layers=("roads",))}, "Không có lớp bản đồ: roads", "No such map layer: roads"),
    ({"view": ViewFilter(layers=())}, "Chưa chọn lớp", "No map layer selected"),
    ({"as_of": date(2027, 1, 1)}, "01/01/2027 ở tương lai", "in the future"),
    ({"paper": "A5"}, "Khổ giấy 'A5'", "Paper 'A5'"),
    ({"orientation": "diagonal"}, "Hướng giấy", "Orientation"),
    ({"lang": "fr"}, "Ngôn ngữ 'fr'", "Language 'fr'"),
    ({"extent": (107.0, 21.0, 106.0, 20.0)}, "Phạm vi bản đồ", "Invalid map extent"),
    ({"public_base_url": "javascript:alert(1)"}, "http://", "http://"),
])
def test_bad_request_is_refused_with_both_languages(changes, vi, en):
    with pytest.raises(ExportError) as info:
        ExportRequest(**changes).validate(TODAY)
    assert vi in info.value.message("vi")
    assert en in info.value.message("en")


def test_good_request_passes_and_knows_its_page():
    req = ExportRequest(format="png", paper="A3", orientation="portrait", dpi=300).validate(TODAY)
    assert req.page_pixels() == (3508, 4961)
    assert ExportRequest(paper="A4", dpi=150).page_pixels() == (1754, 1240)


def test_file_names_are_ascii_by_content_and_date():
    assert file_name(ExportRequest(format="pdf", as_of=TODAY)) == "ban-do-quy-hoach-hai-duong-a4-ngang-2026-11-27.pdf"
    assert file_name(ExportRequest(format="atlas", as_of=TODAY, orientation="portrait")
                     ) == "tap-ban-do-tien-do-hai-duong-a4-doc-2026-11-27.pdf"
    assert file_name(ExportRequest(format="csv", as_of=TODAY, lang="en")) == "hai-duong-planning-data-2026-11-27.csv"
    one = ExportRequest(format="png", as_of=TODAY, view=ViewFilter(layers=("industrial_zones",)))
    assert file_name(one) == "ban-do-quy-hoach-hai-duong-khu-cong-nghiep-a4-ngang-2026-11-27.png"
    titled = ExportRequest(format="pptx", as_of=TODAY, title="Họp giao ban Sở Xây dựng / quý IV")
    assert file_name(titled) == "hop-giao-ban-so-xay-dung-quy-iv-2026-11-27.pptx"
    assert file_name(titled).isascii()


def test_file_names_differ_by_paper_extent_and_colours():
    """An A3 never overwrites the A4 of the same day; a district map is named by its district."""
    names = {file_name(ExportRequest(format="pdf", as_of=TODAY, **kw)) for kw in (
        {}, {"paper": "A3"}, {"orientation": "portrait"}, {"colour_mode": "status"},
        {"extent": (106.1, 20.8, 106.2, 20.9), "extent_label": "Huyện Bình Giang"},
        {"extent": (106.1, 20.8, 106.2, 20.9)})}
    assert len(names) == 6
    assert "ban-do-quy-hoach-hai-duong-huyen-binh-giang-a4-ngang-2026-11-27.pdf" in names
    assert "ban-do-quy-hoach-hai-duong-a3-ngang-2026-11-27.pdf" in names
    en = file_name(ExportRequest(format="pdf", as_of=TODAY, lang="en", paper="A3", orientation="portrait"))
    assert en == "hai-duong-planning-map-a3-portrait-2026-11-27.pdf"


def test_public_url_from_environment_makes_links(monkeypatch):
    monkeypatch.setenv("PLANMAP_PUBLIC_URL", "https://quyhoach.haiduong.gov.vn/")
    req = ExportRequest()
    assert req.link_for("ua-luong-dien") == "https://quyhoach.haiduong.gov.vn/?sel=ua-luong-dien"
    monkeypatch.delenv("PLANMAP_PUBLIC_URL")
    assert ExportRequest().link_for("ua-luong-dien") is None
