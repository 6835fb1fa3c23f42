"""Sign-in under attack, in a real browser: many sessions clicking "Đăng nhập" at once cannot get
past the lockout, every refusal reads the same, and the administrator's unlock lets the owner in."""
from __future__ import annotations

import subprocess
import sys

import pytest

from progress import ProgressStore, auth
from progress.throttle import PAIR_LIMIT, pair_key

from .conftest import REPO, start_app

PASSWORD = "mat-khau-rat-dai-1"
SESSIONS = 12


@pytest.fixture
def signin_app(tmp_path):
    db = tmp_path / "planmap.sqlite"
    store = ProgressStore(f"sqlite:///{db}")
    store.migrate()
    auth.create_user(store, "nan-nhan", PASSWORD, "reporter", "Bình Giang")
    store.dispose()
    data_dir = REPO / "data" if (REPO / "data" / "urban_areas.geojson").exists() else REPO / "tests" / "fixtures" / "mini_data"
    proc, url = start_app(tmp_path, {"PLANMAP_DATA_DIR": str(data_dir), "PLANMAP_DB_URL": f"sqlite:///{db}"})
    yield url, f"sqlite:///{db}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _form(browser, url):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else route.abort())
    page = context.new_page()
    page.goto(url + "/report")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    return context, page


def _fill(page, name, password):
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)


def _answer(page) -> str:
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=120_000)
    return error.inner_text()


def test_parallel_sign_ins_in_the_browser_cannot_beat_the_lockout(browser, signin_app):
    url, db_url = signin_app
    forms = [_form(browser, url) for _ in range(SESSIONS)]
    try:
        for i, (_, page) in enumerate(forms):
            _fill(page, "nan-nhan", f"doan-sai-{i:02d}")
        for _, page in forms:  # all clicks within a fraction of a second
            page.get_by_role("button", name="Đăng nhập").click(no_wait_after=True)
        answers = {_answer(page) for _, page in forms}
        assert len(answers) == 1 and "Sai tên đăng nhập hoặc mật khẩu" in answers.pop()

        store = ProgressStore(db_url)
        with store.engine.connect() as conn:
            failures = conn.exec_driver_sql(
                "SELECT failures FROM sign_in_throttle WHERE key = ?", (pair_key("nan-nhan", ""),)).scalar_one()
        store.dispose()
        assert failures == PAIR_LIMIT  # 12 clicks, 5 passwords checked

        context, page = forms[0]
        page.reload()
        page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
        _fill(page, "nan-nhan", PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        assert "Sai tên đăng nhập hoặc mật khẩu" in _answer(page)  # the right password waits out the lock
        assert page.get_by_text("Đã đăng nhập").count() == 0

        unlock = subprocess.run([sys.executable, "-m", "progress", "--db", db_url, "users", "unlock", "nan-nhan"],
                                cwd=REPO, capture_output=True, timeout=120)
        assert unlock.returncode == 0, unlock.stderr.decode()
        page.reload()
        page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
        _fill(page, "nan-nhan", PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Đã đăng nhập: nan-nhan").wait_for(timeout=120_000)
    finally:
        for context, _ in forms:
            context.close()


def test_a_refused_sign_in_keeps_the_user_name_and_empties_the_password(browser, signin_app):
    """QA: a wrong password cleared the user name too."""
    url, _ = signin_app
    context, page = _form(browser, url)
    try:
        _fill(page, "nan-nhan", "doan-sai")
        page.get_by_role("button", name="Đăng nhập").click()
        assert "Sai tên đăng nhập hoặc mật khẩu" in _answer(page)
        assert page.get_by_label("Tên đăng nhập").input_value() == "nan-nhan"
        assert page.get_by_label("Mật khẩu").input_value() == ""
        page.get_by_label("Mật khẩu").fill(PASSWORD)  # only the password typed again
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Đã đăng nhập: nan-nhan").wait_for(timeout=120_000)
    finally:
        context.close()
