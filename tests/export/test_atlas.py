"""The atlas PDF: one page per location, its facts and history as text, links only when configured."""
from __future__ import annotations

import io

from pypdf import PdfReader

from export.atlas import render_atlas
from layers.query import ViewFilter

from tests.export.conftest import pdf_text as _all_pages

FRONT = 2   # the cover (with the overview map) and one index page come before the places


def pdf_text(data: bytes) -> list[str]:
    """The places' pages (after the cover and the index)."""
    return _all_pages(data)[FRONT:]


def test_one_page_per_visible_location(scene_of):
    scene = scene_of(format="atlas", orientation="portrait")
    expected = sum(len(f) for f in scene.frames.values())
    pages = pdf_text(render_atlas(scene))
    assert len(pages) == expected + 1 == 12  # + the 2030 targets page at the end (export/targets.py)
    assert "Chỉ tiêu đến năm 2030" in pages[-1]
    names = [n for f in scene.frames.values() for n in f["name"]]
    for name, text in zip(names, pages):
        assert name in text


def test_page_has_facts_and_history_up_to_the_date(scene_of):
    scene = scene_of(format="atlas", orientation="portrait", view=ViewFilter(layers=("urban_areas",)))
    pages = pdf_text(render_atlas(scene))
    assert len(pages) == 6 + 1  # + the 2030 targets page
    hd = pages[0]
    for expected in ("Hải Dương", "Đô thị loại I", "Huyện (2023)", "Hoàn thành", "100%", "Đơn vị phụ trách",
                     "UBND thành phố Hải Dương", "Lịch sử báo cáo", "01/03/2017", "30/06/2018", "26/10/2019",
                     "Đang triển khai / thi công", "55%", "nguyen.van.a", "Trang 3/9"):
        assert expected in hd, expected
    ld = pages[2]
    assert "Lương Điền" in ld and "Cẩm Giàng" in ld and "40%" in ld and "UBND xã Lương Điền" in ld
    cl = pages[1]
    assert "Chí Linh" in cl and "must never show" not in cl and "Chưa có báo cáo nào" in cl
    unplaced = pages[5]
    assert "Chưa xác định vị trí trên bản đồ" in unplaced


def test_filtered_atlas_and_history_before_as_of(scene_of):
    from datetime import date
    scene = scene_of(format="atlas", features=("ua-hai-duong", "ua-luong-dien"), as_of=date(2018, 12, 31))
    pages = pdf_text(render_atlas(scene))
    assert len(pages) == 2 + 1  # + the 2030 targets page
    assert "Đang triển khai" in pages[0] and "30/06/2018" in pages[0] and "26/10/2019" not in pages[0]
    assert "Lương Điền" in pages[1] and "Chưa có báo cáo nào" in pages[1]


def test_links_and_qr_only_with_public_address(scene_of):
    plain = render_atlas(scene_of(format="atlas", features=("ua-luong-dien",)))
    assert "http" not in pdf_text(plain)[0]
    linked = render_atlas(scene_of(format="atlas", features=("ua-luong-dien",),
                                   public_base_url="https://quyhoach.example.vn"))
    text = pdf_text(linked)[0]
    assert "https://quyhoach.example.vn/?sel=ua-luong-dien" in text and "Mở trong ứng dụng" in text
    page = PdfReader(io.BytesIO(linked)).pages[FRONT]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert "https://quyhoach.example.vn/?sel=ua-luong-dien" in uris
    images = list(page.images)
    assert images, "QR code image expected"


def test_landscape_atlas_and_progress_callback(scene_of):
    seen = []
    data = render_atlas(scene_of(format="atlas", orientation="landscape", view=ViewFilter(layers=("ring_road_v",))),
                        progress=lambda f, m: seen.append((f, m)))
    assert len(pdf_text(data)) == 1 + 1  # + the 2030 targets page
    assert seen[-1][0] == 1.0 and seen[0][0] == 0.0


def test_corrections_are_marked_in_the_history(frames, history):
    import pandas as pd

    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY
    fixed = pd.concat([history, pd.DataFrame([{
        "feature_id": "ua-luong-dien", "status": "in_progress", "progress_pct": 45.0, "as_of": TODAY.replace(month=1),
        "unit": "UBND xã Lương Điền", "reported_by": "tran.thi.b", "note": "sửa số liệu", "report_id": 99,
        "corrects_report_id": 4}])], ignore_index=True)
    scene = build_scene(frames, ExportRequest(format="atlas", features=("ua-luong-dien",), as_of=TODAY),
                        latest_per_feature(fixed, TODAY), fixed, made_on=TODAY)
    text = pdf_text(render_atlas(scene))[0]
    assert "Đính chính báo" in text and "cáo #4" in text and "45%" in text


def test_cover_index_and_bookmarks_lead_to_each_place(scene_of):
    scene = scene_of(format="atlas", orientation="portrait")
    data = render_atlas(scene)
    pages = _all_pages(data)
    assert "Tập bản đồ tiến độ" in pages[0] and "11 địa điểm" in pages[0] and "Bản đồ tổng quan" in pages[0]
    assert f"{len(pages)} trang" in " ".join(pages[0].split())
    index = pages[1]
    assert "Mục lục địa điểm" in index
    reader = PdfReader(io.BytesIO(data))
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:2] == ["Bìa và bản đồ tổng quan", "Mục lục địa điểm"] and "Đô thị đến năm 2030" in titles
    children = next(item for item in outline if isinstance(item, list))
    for item in children:  # each place's bookmark opens its page, and the index gives the same number
        number = reader.get_destination_page_number(item) + 1
        assert item.title in pages[number - 1]
        assert f"Trang {number}/{len(pages)}" in pages[number - 1]
        line = next(line for line in index.splitlines() if line.startswith(item.title[:20]))
        assert line.rstrip().endswith(str(number)) or str(number) in index


def test_the_english_cover_counts_pages_in_the_plural(scene_of):
    pages = _all_pages(render_atlas(scene_of(format="atlas", lang="en")))
    assert f"{len(pages)} pages" in " ".join(pages[0].split())


def test_pages_say_what_else_is_at_the_same_spot(frames, history):
    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY
    moved = {k: f.copy() for k, f in frames.items()}
    moved["urban_areas"].loc["ua-chi-linh", "geometry"] = moved["urban_areas"].loc["ua-hai-duong", "geometry"]
    scene = build_scene(moved, ExportRequest(format="atlas", features=("ua-hai-duong", "ua-chi-linh"), as_of=TODAY),
                        latest_per_feature(history, TODAY), history, made_on=TODAY)
    pages = " ".join(" ".join(p.split()) for p in pdf_text(render_atlas(scene)))
    assert "Cùng vị trí với Chí Linh" in pages and "Cùng vị trí với Hải Dương" in pages


def test_titles_fit_and_sources_are_whole(scene_of):
    from export.atlas import title_lines
    lines, size = title_lines("Khu công nghiệp chuyên biệt Bình Giang – Thanh Miện mở rộng giai đoạn hai " * 2, 7.27)
    assert size < 18 and all(len(line) * size * 0.62 / 72 <= 7.27 for line in lines)
    import subprocess
    import xml.etree.ElementTree as ET
    data = render_atlas(scene_of(format="atlas", orientation="portrait"))
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    root = ET.fromstring(xml.replace("&nbsp;", " "))
    ns = "{http://www.w3.org/1999/xhtml}"
    for page in root.iter(f"{ns}page"):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter(f"{ns}word"):
            assert 0 <= float(word.get("xMin")) and float(word.get("xMax")) <= width + 0.5, word.text
            assert 0 <= float(word.get("yMin")) and float(word.get("yMax")) <= height + 0.5, word.text


def test_the_index_closes_up_its_lines_rather_than_leave_a_few_rows_on_a_page_of_their_own():
    """The plan's whole atlas had "Ga Tứ Kỳ" alone on a second index page."""
    from types import SimpleNamespace

    import pandas as pd

    from export import ExportRequest
    from export.atlas_index import index_page_count, index_pages

    scene = SimpleNamespace(request=ExportRequest(format="atlas", paper="A4", orientation="portrait").validate(), lang="vi")

    def index_of(places: int):
        recs = pd.DataFrame({"layer": ["railways"] * places, "name": [f"Ga {i}" for i in range(places)]})
        pages = index_pages(scene, recs, 3, 3 + places)
        words = [" ".join(t.get_text() for t in page.texts) for page in pages]
        lines = sorted({round(t.get_position()[1], 6) for t in pages[0].texts if t.get_text().startswith("Ga ")}, reverse=True)
        return index_page_count(scene, recs), len(pages), words, round(lines[0] - lines[1], 6)

    spacing = index_of(10)[3]
    full = next(n for n in range(11, 200) if index_of(n)[1:4:2] != (1, spacing)) - 1  # places on one page, normal lines
    count, pages, words, closer = index_of(full + 1)                    # one row over: one page, lines a little closer
    assert count == pages == 1 and f"Ga {full}" in words[0] and 0.9 * spacing <= closer < spacing
    count, pages, _, same = index_of(2 * full)                          # a page and nearly a page more: two pages
    assert count == pages == 2 and same == spacing


def test_history_notes_wrap_to_their_end(frames, history):
    """An atlas history note is wrapped, never cut with "…" (walk 16, finding 4: the 2025 merger's note was cut)."""
    import subprocess

    import pandas as pd

    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY
    note = ("Nghị quyết 202/2025/QH15 (hợp nhất Hải Dương vào TP Hải Phòng từ 01/07/2025); đơn vị cấp xã mới tiếp "
            "nhận — ĐOẠN CUỐI CỦA GHI CHÚ")
    fid = "ua-luong-dien"   # one report so far: room for the note
    extra = history[history["feature_id"] == fid].tail(1).assign(note=note, as_of=TODAY, report_id=len(history) + 1)
    reports = pd.concat([history, extra], ignore_index=True)
    scene = build_scene(frames, ExportRequest(format="atlas", orientation="portrait", as_of=TODAY,
                                              view=ViewFilter(layers=("urban_areas",))).validate(TODAY),
                        latest_per_feature(reports, TODAY), reports, made_on=TODAY)
    text = " ".join(subprocess.run(["pdftotext", "-f", "5", "-l", "5", "-", "-"], input=render_atlas(scene),
                                   capture_output=True, check=True).stdout.decode().split())   # Lương Điền's page
    words = text.split()
    # every word of the note is on the page (its lines may interleave with the other columns'), and nothing is cut
    assert all(word in words for word in ("ĐOẠN", "CUỐI", "CỦA", "GHI", "CHÚ", "tiếp", "nhận")), text[-1500:]
    assert "…" not in text
