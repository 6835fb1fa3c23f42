"""The PPTX opens with python-pptx: slides, 16:9, pictures ≥150 dpi, real text, tables split by length."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

import export.slides as slides
from export.slides import expected_slide_count, render_slides
from layers.query import ViewFilter


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(out)


def _tables(prs, scene):
    """The feature tables: the slides before the 2030 targets (tested in test_targets_export.py), which come
    just before the appendix of sources."""
    targets = len(prs.slides) - 1 - len(slides.appendix_chunks(scene))
    return [s.table for slide in list(prs.slides)[:targets] for s in slide.shapes if s.has_table]


def test_deck_structure(scene_of):
    scene = scene_of(format="pptx")
    prs = _open(render_slides(scene))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    # title + province + 4 layer maps + one table slide per layer (all short) + the 2030 targets + the sources in full
    assert len(prs.slides) == expected_slide_count(scene) == 2 + 4 + 4 + 1 + 1
    title = _texts(prs.slides[0])
    assert "Bản đồ quy hoạch Hải Dương 2030" in title and "Tính đến ngày 27/11/2026" in title
    # the data's date and the newest report (walk 16, finding 13), and what the plan means today (finding 4)
    from export.data_version import data_version
    version = data_version()
    dates = f"Dữ liệu cập nhật {version.updated.strftime('%d/%m/%Y')} · báo cáo mới nhất"
    assert dates in title and "nay thuộc TP Hải Phòng" in title and "4 loại" in title
    assert version.version not in title and version.version in prs.core_properties.keywords
    province = prs.slides[1]
    pictures = [s for s in province.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    text = _texts(province)
    assert "Toàn tỉnh" in text and "Chú giải" in text  # the legend is slide text, not part of the picture
    assert dates in text   # every map slide dates its data too
    assert "Đô thị loại I" in text and "Đô thị loại III" not in text and "Nguồn dữ liệu" in text


def test_pictures_project_well(scene_of):
    prs = _open(render_slides(scene_of(format="pptx", dpi=150, view=ViewFilter(layers=("urban_areas",)))))
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 2  # province + the one layer
    for pic in pictures:
        img = Image.open(io.BytesIO(pic.image.blob))
        width_in = Emu(pic.width).inches
        assert img.size[0] / width_in >= 149.5


def test_table_rows_are_the_features_split_when_long(scene_of, monkeypatch):
    scene = scene_of(format="pptx", view=ViewFilter(layers=("urban_areas",)))
    prs = _open(render_slides(scene))
    tables = _tables(prs, scene)
    assert len(tables) == 1
    names = [tables[0].cell(i, 1).text for i in range(1, len(tables[0].rows))]
    assert names == list(scene.frames["urban_areas"]["name"])
    assert "Lương Điền" in names and "<img src=x onerror=alert(1)>Thử" in names
    header = [c.text for c in tables[0].rows[0].cells]
    assert header[1] == "Tên" and "Tình trạng" in header and "Đơn vị phụ trách" in header

    monkeypatch.setattr(slides, "ROWS_PER_SLIDE", 4)
    scene = scene_of(format="pptx", view=ViewFilter(layers=("urban_areas",)))
    prs = _open(render_slides(scene))
    tables = _tables(prs, scene)
    assert [len(t.rows) - 1 for t in tables] == [4, 2]
    assert len(prs.slides) == expected_slide_count(scene) == 2 + 1 + 2 + 1 + 1  # + the 2030 targets
    titles = [_texts(s) for s in prs.slides]
    assert any("(1/2)" in t for t in titles) and any("(2/2)" in t for t in titles)
    assert tables[1].cell(1, 0).text == "5"  # numbering continues


def test_links_and_qr_with_public_address(scene_of):
    plain_scene = scene_of(format="pptx", view=ViewFilter(layers=("urban_areas",)))
    plain = _open(render_slides(plain_scene))
    assert not any(r.hyperlink.address for t in _tables(plain, plain_scene) for row in t.rows for c in row.cells
                   for p in c.text_frame.paragraphs for r in p.runs)
    linked = scene_of(format="pptx", view=ViewFilter(layers=("urban_areas",)),
                      public_base_url="https://quyhoach.example.vn")
    prs = _open(render_slides(linked))
    links = [r.hyperlink.address for t in _tables(prs, linked) for row in t.rows for c in row.cells
             for p in c.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
    assert "https://quyhoach.example.vn/?sel=ua-luong-dien" in links
    map_slide = prs.slides[1]
    assert len([s for s in map_slide.shapes if s.shape_type == 13]) == 2  # map + QR


def test_english_deck(scene_of):
    prs = _open(render_slides(scene_of(format="pptx", lang="en", view=ViewFilter(layers=("industrial_zones",)))))
    text = "\n".join(_texts(s) for s in prs.slides)
    assert "Hải Dương 2030 planning map" in text and "Industrial zones" in text and "KCN Đại An" in text


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_deck(scene_of, tmp_path):
    from tests.export.conftest import pdf_text

    src = tmp_path / "deck.pptx"
    src.write_bytes(render_slides(scene_of(format="pptx", view=ViewFilter(layers=("urban_areas",)))))
    subprocess.run([_soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, timeout=180, capture_output=True)
    pages = pdf_text((tmp_path / "deck.pdf").read_bytes())
    assert len(pages) == 6 and "Lương Điền" in "\n".join(pages)  # + the 2030 targets slide
