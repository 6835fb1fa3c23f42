"""The presenter's "export the map you are looking at", in a real browser.

Panning and zooming never rerun the app (mapview.keep_view writes the view into the address only), so the
server cannot learn the view from a run of the map page: a presenter who zoomed in and then opened the
export page got the province at the zoom of the map's last rerun.
"""
from __future__ import annotations

import re
import subprocess

import pytest

from tests.browser.conftest import map_frame, wait_for_rerun

pytestmark = pytest.mark.browser


def _frame_of(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _scale(pdf: bytes) -> int:
    """The 1:N the PDF prints ("Tỷ lệ 1:809 000 (khi in khổ A4)")."""
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
                    .stdout.decode().split())
    found = re.search(r"Tỷ lệ 1:([\d  .]+)", text)
    assert found, text[:500]
    return int(re.sub(r"\D", "", found.group(1)))


@pytest.mark.parametrize("address", ["/?c=20.94000,106.17000&z=10", "/", "/dashboard"],
                         ids=["link-with-view", "bare-link", "from-another-page"])
def test_the_export_frames_the_view_zoomed_to_without_a_rerun(page, app, tmp_path, address):
    """However the map page was reached (a link with a view, a bare link, another page: a page change drops the
    address's view), the export page opens on "the map's view" and the file frames what was zoomed to."""
    page.goto(app.url + address)
    if address == "/dashboard":
        wait_for_rerun(page)
        page.get_by_test_id("stSidebarNav").get_by_text("Bản đồ", exact=True).click()
    map_frame(page)
    wait_for_rerun(page)
    page.wait_for_timeout(500)
    # The + button, as a presenter zooms on Bình Giang: the map moves, the app does not rerun.
    _frame_of(page).evaluate("() => window.map.setView([20.94, 106.17], 13, {animate: false})")
    page.wait_for_url(re.compile(r"[?&]z=13"), timeout=10_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Xuất bản đồ", exact=True).click()
    wait_for_rerun(page)
    main = page.get_by_test_id("stMain")
    # What the presenter sees on arrival, before anything is clicked (the click's rerun learns the address's view).
    extent = main.get_by_test_id("stSelectbox").filter(has_text="Phạm vi bản đồ")
    assert extent.locator("input").input_value() == "Khung nhìn trên bản đồ"
    main.get_by_role("button", name="Tạo tệp").click()
    button = main.get_by_test_id("stDownloadButton").first
    button.wait_for(timeout=120_000)
    wait_for_rerun(page, 120_000)
    with page.expect_download() as info:
        button.click()
    assert "khung-nhin" in info.value.suggested_filename
    pdf = (tmp_path / "map.pdf")
    info.value.save_as(pdf)
    # Zoom 13 over ~1000 px is about 18 km across: on A4 a scale near 1:100 000, where zoom 10 gave 1:800 000.
    assert _scale(pdf.read_bytes()) < 200_000
