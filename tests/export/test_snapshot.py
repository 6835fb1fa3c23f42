"""Snapshots read back as their users' software reads them: image size and DPI, PDF text, SVG XML."""
from __future__ import annotations

import io
import time
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from export.snapshot import render_snapshot
from layers.query import ViewFilter

from tests.export.conftest import pdf_text

# ISO 216 at the chosen resolution, (width, height) in pixels.
EXPECTED = {("A4", "landscape", 150): (1754, 1240), ("A4", "portrait", 300): (2480, 3508),
            ("A3", "landscape", 200): (3307, 2339), ("A3", "portrait", 150): (1754, 2480)}


@pytest.mark.parametrize("paper, orientation, dpi", list(EXPECTED))
def test_png_has_the_paper_size_and_dpi(scene_of, paper, orientation, dpi):
    data = render_snapshot(scene_of(format="png", paper=paper, orientation=orientation, dpi=dpi))
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG"
    assert img.size == EXPECTED[(paper, orientation, dpi)]
    assert img.info["dpi"] == pytest.approx((dpi, dpi), abs=0.05)  # PNG stores pixels per metre


def test_pdf_is_the_map_then_the_sources_in_full_with_vietnamese_text(scene_of):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = render_snapshot(scene_of(format="pdf"))
    glyph = [str(w.message) for w in caught if "glyph" in str(w.message).lower()]
    assert not glyph, glyph
    pages = pdf_text(data)
    assert len(pages) == 2                      # the map, then every source with its links
    assert "Nguồn dữ liệu — danh mục đầy đủ" in pages[1] and "<script>alert(2)</script>" in pages[1]
    text = pages[0]
    for expected in ("Bản đồ quy hoạch Hải Dương 2030", "Lương Điền", "Hải Dương", "Đồng Cẩm", "Chí Linh",
                     "Chú giải", "Đô thị loại I", "Tính đến ngày 27/11/2026", "Lập ngày 27/11/2026",
                     "Nguồn dữ liệu", "EPSG:9209", "km"):
        assert expected in text, expected
    # The hostile name is printed as the text it is.
    assert "<img src=x onerror=alert(1)>Thử" in text


def test_legend_lists_only_classes_and_statuses_on_the_map(scene_of):
    text = pdf_text(render_snapshot(scene_of(format="pdf")))[0]
    assert "Đô thị loại III" not in text          # no class III place in the data
    assert "Đô thị loại V" in text
    assert "Chuẩn bị đầu tư" not in text          # coloured by class: no status colour, no status key (issue 10)
    assert "Đang triển khai / thi công" not in text  # urban areas are coloured by class, not status
    # read as one line of words: an entry may wrap in the legend's narrower second column
    by_status = " ".join(pdf_text(render_snapshot(scene_of(format="pdf", colour_mode="status")))[0].split())
    assert "Chuẩn bị đầu tư" in by_status         # the ring road is 'preparing'
    assert "Đang triển khai / thi công" in by_status  # Lương Điền, 40 %
    only_zones = pdf_text(render_snapshot(scene_of(format="pdf", view=ViewFilter(layers=("industrial_zones",)))))[0]
    assert "Đô thị loại" not in only_zones and "Khu công nghiệp" in only_zones


def test_title_and_subtitle_overrides_are_literal_text(scene_of):
    text = pdf_text(render_snapshot(scene_of(format="pdf", title="Giá $5$ — Sở Xây dựng",
                                             subtitle="Họp ngày 27/11\nBản nháp")))[0]
    assert "Giá $5$ — Sở Xây dựng" in text  # no mathtext
    assert "Họp ngày 27/11" in text and "Bản nháp" in text
    assert "Nghị quyết 30-NQ/TW" not in text


def test_english_page(scene_of):
    text = pdf_text(render_snapshot(scene_of(format="pdf", lang="en")))[0]
    assert "Hải Dương 2030 planning map" in text and "Legend" in text and "Class I urban area" in text
    assert "Lương Điền" in text  # names keep their diacritics in every language


def test_metre_ticks_are_labelled(scene_of):
    text = pdf_text(render_snapshot(scene_of(format="pdf", ticks="metres")))[0]
    assert "EPSG:9209), mét" in text


def test_svg_parses_and_keeps_text(scene_of):
    data = render_snapshot(scene_of(format="svg", title="Bản đồ <thử> & kiểm tra"))
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    assert "Bản đồ <thử> & kiểm tra" in texts
    assert "Lương Điền" in texts


def _plain_background_share(png: bytes) -> float:
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    h, w, _ = img.shape
    centre = img[h // 3: h // 2, w // 5: w // 2]
    return float((np.abs(centre.astype(int) - [0xF4, 0xF1, 0xEA]).sum(axis=2) < 6).mean())


def test_basemap_is_drawn_when_tiles_come(scene_of):
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (40, 200, 40)).save(buf, format="PNG")
    calls = []

    def fake(z, x, y):
        calls.append((z, x, y))
        return buf.getvalue()
    scene = scene_of(format="png", dpi=150, basemap=True)
    data = render_snapshot(scene, fetcher=fake)
    assert calls and scene.basemap_drawn
    assert _plain_background_share(data) < 0.05
    assert "OpenStreetMap" in pdf_text(render_snapshot(scene_of(format="pdf", basemap=True), fetcher=fake))[0]


def test_offline_basemap_falls_back_to_plain_background_quickly(scene_of):
    def offline(z, x, y):
        raise OSError("network unreachable")

    scene = scene_of(format="png", dpi=150, basemap=True)
    start = time.perf_counter()
    data = render_snapshot(scene, fetcher=offline)
    assert time.perf_counter() - start < 10
    assert not scene.basemap_drawn
    assert _plain_background_share(data) > 0.4   # the rest: labels and the lines' names (tiles would leave none)
    # The real fetcher, offline (PLANMAP_OFFLINE=1 in tests), also gives a plain map.
    assert Image.open(io.BytesIO(render_snapshot(scene_of(format="png", dpi=150, basemap=True)))).size == (1754, 1240)


def test_http_fetcher_gives_up_after_first_failure(tmp_path):
    from export.basemap import HttpTileFetcher

    fetcher = HttpTileFetcher(url="http://127.0.0.1:9/{z}/{x}/{y}.png", timeout_s=0.5, cache_dir=tmp_path)
    start = time.perf_counter()
    assert all(fetcher(10, x, 400) is None for x in range(20))
    assert fetcher.failed and time.perf_counter() - start < 3


def test_view_link_and_qr_only_with_public_address(scene_of):
    assert "http" not in pdf_text(render_snapshot(scene_of(format="pdf")))[0]
    scene = scene_of(format="pdf", public_base_url="https://quyhoach.example.vn",
                     view=ViewFilter(layers=("urban_areas",), classes=("I", "V")))
    link = scene.view_link()
    assert link == "https://quyhoach.example.vn/?layers=urban_areas&cls=I%2CV&asof=2026-11-27"
    data = render_snapshot(scene)
    assert link in pdf_text(data)[0]
    from pypdf import PdfReader
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert list(page.images), "QR code image expected"


def test_extent_sets_the_map_frame(scene_of):
    whole = pdf_text(render_snapshot(scene_of(format="pdf")))[0]
    zoomed = pdf_text(render_snapshot(scene_of(format="pdf", extent=(106.30, 20.92, 106.36, 20.96))))[0]
    assert "106°10′Đ" in whole and "106°10′Đ" not in zoomed
    assert "1 km" in zoomed or "2 km" in zoomed or "500 m" in zoomed
