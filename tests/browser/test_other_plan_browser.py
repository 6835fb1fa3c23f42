"""Another program in a real browser: the app started with PLANMAP_PLAN_DIR on the made-up Hồ Xanh plan."""
from __future__ import annotations

import subprocess

import pytest

from tests.browser.conftest import map_frame, start_app, wait_for_rerun
from tests.plan.conftest import HO_XANH

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ho_xanh_url(tmp_path_factory):
    proc, url = start_app(tmp_path_factory.mktemp("ho_xanh_app"), {"PLANMAP_PLAN_DIR": str(HO_XANH),
                                                                  "PLANMAP_DATA_DIR": ""})
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_the_plan_layers_are_drawn_and_toggled_with_no_hai_duong_in_sight(page, ho_xanh_url):
    page.goto(ho_xanh_url)
    frame = map_frame(page, "path.pm-well")
    assert frame.locator("path.pm-well").count() == 2
    assert frame.locator("path.pm-canal").count() == 2
    assert frame.locator("path.pm-urban-area").count() == 0
    assert page.get_by_role("heading", name="Bản đồ kế hoạch huyện Hồ Xanh").is_visible()
    assert "Giếng lớn" in frame.locator(".pm-legend").text_content()  # in a folded section too
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Đô thị" not in sidebar.inner_text()
    sidebar.get_by_text("Kênh tưới").click()
    wait_for_rerun(page)
    frame = map_frame(page, "path.pm-well")
    frame.locator("path.pm-canal").first.wait_for(state="detached", timeout=30_000)
    assert frame.locator("path.pm-well").count() == 2
    assert all("127.0.0.1" not in url for url in page.blocked_requests)
