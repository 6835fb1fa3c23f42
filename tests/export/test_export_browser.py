"""The export page in the real app (streamlit run) in headless Chromium, offline: make a PDF, download it."""
from __future__ import annotations

import subprocess

import pytest

from tests.export.conftest import MINI, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    from tests.browser.conftest import start_app
    proc, url = start_app(tmp_path_factory.mktemp("export_app"), {"PLANMAP_DATA_DIR": str(MINI)})
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_make_and_download_a_pdf_in_the_app(app_url, tmp_path, browser):
    from tests.browser.conftest import _is_local, wait_for_rerun

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    blocked: list[str] = []
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url)
                  else (blocked.append(r.request.url), r.abort()))
    page = context.new_page()
    try:
        page.goto(app_url + "/export?layers=urban_areas")
        page.get_by_text("Xuất bản đồ").first.wait_for(timeout=60_000)
        wait_for_rerun(page)
        page.get_by_role("button", name="Tạo tệp").click()
        button = page.get_by_role("button", name="Tải về")
        button.wait_for(timeout=60_000)
        assert "ban-do-quy-hoach-hai-duong-do-thi-den-nam-2030-" in button.inner_text()
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        assert download.suggested_filename.startswith("ban-do-quy-hoach-hai-duong-do-thi-den-nam-2030-")
        assert download.suggested_filename.endswith(".pdf")
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        text = pdf_text(target.read_bytes())[0]
        assert "Lương Điền" in text and "Khu công nghiệp" not in text
    finally:
        context.close()
