"""The plan in force in a real browser, offline (issue 13): the 2030 targets page, and the map compared with the
provincial plan — both reached as a user does, their tables downloaded and read back."""
from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import map_frame, wait_for_rerun
from ui.targets import map_link

pytestmark = pytest.mark.browser


def _download(page, label: str) -> list[dict[str, str]]:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).first.click()
    return list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))


def test_the_targets_page_is_in_the_navigation_and_its_table_downloads(page, app, tmp_path):
    page.goto(app.url)
    map_frame(page)
    page.get_by_role("link", name="Chỉ tiêu 2030").click()
    page.locator("h1", has_text="Chỉ tiêu đến năm 2030 của Chương trình (§II.2)").wait_for(timeout=60_000)
    wait_for_rerun(page)
    page.get_by_text("0 đã đạt · 1 đúng hướng · 1 chệch hướng · 28 chưa rõ (tổng 30)").wait_for(timeout=30_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "targets.png"), full_page=True)
    rows = {r["Chỉ tiêu"]: r for r in _download(page, "Tải CSV")}
    assert len(rows) == 30
    assert rows["Tăng trưởng GRDP bình quân"]["Đánh giá"] == "Đúng hướng"
    assert rows["Tỷ lệ đô thị hóa"]["Số liệu mới nhất"] == "—"
    assert rows["GRDP bình quân đầu người"]["Nguồn số liệu"].startswith("http")
    assert all("127.0.0.1" not in url for url in page.blocked_requests)


def test_the_targets_page_in_english(page, app):
    page.goto(app.url + "/targets?lang=en")
    page.locator("h1", has_text="The program's 2030 targets (§II.2)").wait_for(timeout=60_000)
    page.get_by_text("Sign in to report indicator figures.").wait_for(timeout=30_000)


def test_a_ring_road_link_opens_it_on_the_map(page, app):
    """The targets table's link, resolved from the targets page as the browser does, opens the map page itself."""
    page.goto(app.url + "/targets")
    page.locator("h1", has_text="Chỉ tiêu đến năm 2030").wait_for(timeout=60_000)
    page.goto(page.evaluate("(link) => new URL(link, location.href).href", map_link("feature:rr5-hai-duong", "vi")))
    frame = map_frame(page)
    frame.locator("path.pm-selection").first.wait_for(timeout=30_000)
    page.locator('[data-testid="stMarkdownContainer"] strong', has_text="ành đai").first.wait_for(timeout=30_000)
    wait_for_rerun(page)
    assert page.get_by_text("Page not found").count() == 0


def test_wastewater_colours_the_zones(page, app):
    page.goto(app.url + "/?colour=wastewater&layers=industrial_zones")  # no urban areas: wait for the zones
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator("path.pm-industrial-zone").first.wait_for(timeout=60_000)
    fills = {frame.locator("path.pm-industrial-zone").nth(i).get_attribute("fill")
             for i in range(frame.locator("path.pm-industrial-zone").count())}
    assert {"#2e7d32", "#b0bec5"} <= fills  # some confirmed, most unknown
    frame.locator(".pm-legend", has_text="Xử lý nước thải tập trung: Chưa rõ").wait_for(timeout=30_000)


def test_comparison_mode_on_the_map_and_its_table(page, app, tmp_path):
    page.goto(app.url)
    map_frame(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("So với quy hoạch tỉnh").click()
    wait_for_rerun(page)
    frame = map_frame(page)
    frame.locator(".pm-legend", has_text="Chỉ có trong quy hoạch tỉnh — không vẽ").wait_for(timeout=30_000)
    fills = {frame.locator("path.pm-urban-area").nth(i).get_attribute("fill")
             for i in range(frame.locator("path.pm-urban-area").count())}
    assert {"#2e7d32", "#b0bec5"} <= fills
    page.get_by_text("Chương trình và quy hoạch tỉnh (QĐ 1639/QĐ-TTg): khác biệt").wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "comparison.png"), full_page=True)
    rows = _download(page, "Tải CSV")
    assert len(rows) == 36
    assert sum(r["So sánh"] == "Chỉ có trong quy hoạch tỉnh" for r in rows) == 1
    assert "colour=plan" in page.url
