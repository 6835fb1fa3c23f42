"""Corrupt uploads on the map page, in a real browser: a short message in the user's language, no traceback."""
from __future__ import annotations

import pytest

from tests import attack_files as af
from tests.browser.conftest import MAP_FRAME, wait_for_rerun

pytestmark = pytest.mark.browser

CORRUPT = [
    ("hong.zip", af.corrupt_deflate({"a.shp": b"x" * 5000, "a.shx": b"x" * 5000, "a.dbf": b"x" * 5000})),
    ("hong.kmz", af.corrupt_deflate({"doc.kml": b"<kml>" + b"<Placemark/>" * 500 + b"</kml>"})),
    ("phien-ban.xlsx", af.future_zip_version(af.xlsx([["lon", "lat"], [106.3, 20.9]]))),
]
LEAKS = ("Traceback", "/tmp", "/work", "site-packages", "zlib.error", "NotImplementedError", 'File "')


def _upload(page, files) -> None:
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    page.get_by_role("button", name="Tải lên lớp dữ liệu…").click()
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text="Tải lên lớp dữ liệu")
    box.wait_for(timeout=20_000)
    box.locator('input[type="file"]').set_input_files(files=files)
    wait_for_rerun(page)


def test_corrupt_archives_show_a_bilingual_message_and_no_traceback(app, page):
    page.goto(app.url)
    _upload(page, [{"name": name, "mimeType": "application/octet-stream", "buffer": data} for name, data in CORRUPT])
    sidebar = page.locator('[data-testid="stSidebar"]')
    for name, _ in CORRUPT:
        sidebar.get_by_text(f"Không đọc được tệp {name}").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = page.locator("body").inner_text()
    assert not [w for w in LEAKS if w in text], text

    sidebar.get_by_text("English", exact=True).click()  # the language switch
    wait_for_rerun(page)
    for name, _ in CORRUPT:
        sidebar.get_by_text(f"Could not read {name}").first.wait_for(timeout=30_000)
    text = page.locator("body").inner_text()
    assert not [w for w in LEAKS if w in text], text
    assert page.locator('[data-testid="stException"]').count() == 0
