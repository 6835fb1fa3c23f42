"""Two app servers behind nginx on one PostgreSQL store (deploy/run_local_cluster.sh): a report written
through server A shows on server B at its next rerun, although B has that view in its caches."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from glob import glob
from pathlib import Path

import pytest

from tests.browser.conftest import _is_local, wait_for_rerun
from tests.conftest import REPO

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORD = "a-long-test-password-2026"
if not Path(NGINX).exists():
    pytest.skip("nginx is not installed (Debian package 'nginx'; scripts/test.sh installs it)", allow_module_level=True)
if not glob("/usr/lib/postgresql/*/bin/pg_ctl"):
    pytest.skip("PostgreSQL is not installed (Debian package 'postgresql')", allow_module_level=True)


def _env_file(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        out[key] = value.replace("\\ ", " ")
    return out


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster") / "state"
    env = dict(os.environ, PLANMAP_CLUSTER_DIR=str(folder), PYTHON=sys.executable)
    script = REPO / "deploy" / "run_local_cluster.sh"
    started = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True, text=True, timeout=240)
    try:
        assert started.returncode == 0, started.stderr
        info = _env_file(folder / "cluster.env")
        subprocess.run([sys.executable, "-m", "progress", "users", "add", "tester", "--role", "reporter", "--scope", "*"],
                       input=PASSWORD + "\n", env=dict(env, PLANMAP_DB_URL=info["DB_URL"]), text=True,
                       capture_output=True, timeout=120, check=True, cwd=REPO)
        yield info
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=120)


def _route_to(url: str, port: str) -> str:
    """A value of nginx's sticky cookie that sends a browser to the app server on ``port``."""
    for i in range(40):
        request = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"planmap_route=r{i}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.headers["X-Planmap-Upstream"].endswith(":" + port):
                return f"r{i}"
    raise AssertionError(f"no cookie value reached the server on port {port}")


def _context(browser, url: str, route: str):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else r.abort())
    context.add_cookies([{"name": "planmap_route", "value": route, "url": url}])
    return context


def _status_counts(page) -> dict[str, str]:
    """The map page's per-status summary table, {status label: count}."""
    table = page.locator('[data-testid="stMarkdownContainer"] table', has_text="Tình trạng").last
    rows = table.locator("tbody tr")
    return {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1).inner_text()
            for i in range(rows.count())}


def test_a_report_written_through_server_a_shows_on_server_b(cluster, browser):
    url = cluster["URL"]
    port_a, port_b = cluster["APP_PORTS"].split()
    route_a, route_b = _route_to(url, port_a), _route_to(url, port_b)

    # B: the map page, coloured by status, its view now in B's caches.
    viewer = _context(browser, url, route_b).new_page()
    viewer.goto(url + "/?colour=status")
    viewer.locator('[data-testid="stMarkdownContainer"] table', has_text="Tình trạng").last.wait_for(timeout=60_000)
    wait_for_rerun(viewer)
    before = _status_counts(viewer)

    # A: sign in and report the first feature of the list as finished.
    reporter = _context(browser, url, route_a).new_page()
    reporter.goto(url + "/report")
    reporter.get_by_label("Tên đăng nhập").fill("tester")
    reporter.get_by_label("Mật khẩu").fill(PASSWORD)
    reporter.get_by_role("button", name="Đăng nhập").click()
    reporter.get_by_role("button", name="Gửi báo cáo").wait_for(timeout=60_000)
    wait_for_rerun(reporter)
    current = reporter.get_by_text(re.compile(r"^Hiện tại: ")).first.inner_text()
    old_status = current.removeprefix("Hiện tại: ").split(" · ")[0]
    new_status = "Hoàn thành" if old_status != "Hoàn thành" else "Đang thi công"
    select = reporter.locator('[data-testid="stSelectbox"]').filter(has_text="Tình trạng")
    for _ in range(5):
        select.click()
        try:
            reporter.get_by_role("option", name=new_status, exact=True).click(timeout=3_000)
            break
        except Exception:  # noqa: BLE001 - a rerun closed the list: open it again
            reporter.wait_for_timeout(500)
    reporter.get_by_role("button", name="Gửi báo cáo").click()
    saved = reporter.get_by_test_id("stAlertContentSuccess")  # the form's own message (a toast says it too)
    saved.get_by_text(re.compile(r"Đã ghi báo cáo số \d+")).wait_for(timeout=60_000)

    # B: its next rerun (any widget change) counts the new report.
    viewer.locator('[data-testid="stSidebar"]').get_by_text("Nền bản đồ").click()
    wait_for_rerun(viewer)
    expected = dict(before)
    expected[old_status] = str(int(before[old_status]) - 1)
    expected[new_status] = str(int(before.get(new_status, "0")) + 1)
    for _ in range(50):
        if _status_counts(viewer) == expected:
            break
        viewer.wait_for_timeout(200)
    assert _status_counts(viewer) == expected
