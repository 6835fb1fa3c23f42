"""A sign-in outlives the page in a real browser: the official who signed in on the report page reloads,
opens a second tab, signs out — as on the week before the 5 December deadline. The token rides in a
cookie of this app's own (Path=/, SameSite=Strict, Max-Age of the session's life), never in the URL, and
a cookie the store does not vouch for (made up, expired) signs nobody in."""
from __future__ import annotations

import subprocess
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from progress import ProgressStore, auth
from progress.models import sessions
from progress.rules import utc_now
from tests.browser.conftest import REPO, _is_local, send_report, start_app, wait_for_rerun

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-rat-dai-1"
EXPIRED = "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại."
SIGNED_IN = "Đã đăng nhập: bg"


def _server(tmp, name: str):
    db = f"sqlite:///{tmp / 'planmap.sqlite'}"
    store = ProgressStore(db)
    store.migrate()
    auth.create_user(store, "bg", PASSWORD, "reporter", "Bình Giang")
    store.dispose()
    proc, base = start_app(tmp, {"PLANMAP_DB_URL": db, "PLANMAP_TODAY": "2026-12-01",
                                 "PLANMAP_DATA_DIR": str(REPO / "data")}, log=tmp / f"{name}.log")
    return proc, base, db


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def two_apps(tmp_path_factory):
    """Two apps on one host (127.0.0.1, two ports), each with its own store and a Bình Giang reporter."""
    a = _server(tmp_path_factory.mktemp("cookie_a"), "a")
    b = _server(tmp_path_factory.mktemp("cookie_b"), "b")
    yield a[1:], b[1:]
    _stop(a[0])
    _stop(b[0])


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    ctx.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
    yield ctx
    ctx.close()


def _open(page, url: str) -> None:
    """Load ``url`` and wait until the page shows either the sign-in form or who is signed in."""
    page.goto(url)
    page.get_by_label("Tên đăng nhập").or_(page.get_by_test_id("stSidebar").get_by_text(SIGNED_IN)).first.wait_for(
        timeout=60_000)
    wait_for_rerun(page)


def _signed_in(page) -> bool:
    return page.get_by_test_id("stSidebar").get_by_text(SIGNED_IN).count() > 0


def _sign_in_form(page) -> bool:
    return page.get_by_label("Tên đăng nhập").count() > 0


def _sign_in(page, base: str) -> None:
    _open(page, base + "/report")
    page.get_by_label("Tên đăng nhập").fill("bg")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Việc cần làm kỳ này").wait_for(timeout=60_000)
    wait_for_rerun(page)
    _cookie(page)  # written once the page has run the component


def _cookie(page, wait: float = 15.0) -> dict | None:
    """This app's session cookie in the page's browser (None when it has none)."""
    port = page.url.split("/")[2].rsplit(":", 1)[1]
    deadline = time.time() + wait
    while True:
        found = [c for c in page.context.cookies() if c["name"] == f"planmap_session_{port}"]
        if found or time.time() > deadline:
            return found[0] if found else None
        page.wait_for_timeout(200)


def _no_cookie(page) -> bool:
    deadline = time.time() + 15
    while _cookie(page, wait=0) is not None:
        if time.time() > deadline:
            return False
        page.wait_for_timeout(200)
    return True


def _live_sessions(db: str) -> int:
    store = ProgressStore(db)
    try:
        with store.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(sessions)
                                .where(sessions.c.expires_at > utc_now())).scalar_one()
    finally:
        store.dispose()


def _report_once(page) -> None:
    """Report Ga Bình Giang as under preparation, 10 % — the official's real errand."""
    page.get_by_test_id("stHorizontalBlock").filter(has_text="Ga Bình Giang").last.get_by_role(
        "button", name="Báo cáo").click()
    wait_for_rerun(page)
    send_report(page, "Chuẩn bị", "10")


def test_a_sign_in_survives_a_reload_and_a_second_tab(context, two_apps):
    (base, db), _ = two_apps
    page = context.new_page()
    _sign_in(page, base)
    cookie = _cookie(page)
    assert cookie is not None, "no session cookie after signing in"
    assert cookie["path"] == "/" and cookie["sameSite"] == "Strict" and not cookie["secure"]  # http here
    left = cookie["expires"] - time.time()
    assert abs(left - auth.SESSION_TTL.total_seconds()) < 120, left  # the session's 8 hours
    assert cookie["value"] not in page.url

    page.reload()
    _open(page, page.url)
    assert _signed_in(page) and not _sign_in_form(page)
    _report_once(page)  # still allowed to report

    second = context.new_page()
    _open(second, base + "/report")
    assert _signed_in(second) and not _sign_in_form(second)
    assert page.get_by_text(EXPIRED).count() == 0
    _open(second, base + "/targets")  # a link to another page of the app: a new session too
    assert _signed_in(second) and not _sign_in_form(second)
    for p in context.pages:
        assert cookie["value"] not in p.url


def test_sign_out_ends_the_sign_in_in_this_tab_and_the_others(context, two_apps):
    (base, db), _ = two_apps
    page = context.new_page()
    _sign_in(page, base)
    second = context.new_page()
    _open(second, base + "/report")
    assert _signed_in(second)
    before = _live_sessions(db)

    page.get_by_test_id("stSidebar").get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    wait_for_rerun(page)
    assert _live_sessions(db) == before - 1  # revoked in the store
    assert _no_cookie(page), "the cookie outlived the sign-out"
    assert page.get_by_text(EXPIRED).count() == 0  # signing out is not an expiry

    page.reload()
    _open(page, page.url)
    assert _sign_in_form(page) and not _signed_in(page)
    assert page.get_by_text(EXPIRED).count() == 0

    # The other tab learns at its next run: its next click finds the session ended.
    second.get_by_test_id("stHorizontalBlock").filter(has_text="Ga Bình Giang").last.get_by_role(
        "button", name="Báo cáo").click()
    second.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    wait_for_rerun(second)
    assert not _signed_in(second)
    assert second.get_by_text(EXPIRED).count() == 1


@pytest.mark.parametrize("value", ["made-up-token-made-up-token-made-up-token-x", "<b>x</b>"])
def test_a_made_up_cookie_signs_nobody_in(context, two_apps, value):
    (base, db), _ = two_apps
    port = base.rsplit(":", 1)[1]
    context.add_cookies([{"name": f"planmap_session_{port}", "value": value, "url": base}])
    before = _live_sessions(db)
    page = context.new_page()
    _open(page, base + "/report")
    assert _sign_in_form(page) and not _signed_in(page)
    assert page.get_by_text(EXPIRED).count() == 1
    assert "<b>" not in page.get_by_test_id("stMain").inner_text()
    assert page.locator("b", has_text="x").count() == 0
    assert _live_sessions(db) == before  # nothing written
    assert _no_cookie(page), "a refused cookie is cleared, so the next page does not refuse it again"
    page.reload()
    _open(page, page.url)
    assert _sign_in_form(page) and page.get_by_text(EXPIRED).count() == 0


def test_an_expired_session_signs_out_with_the_message(context, two_apps):
    (base, db), _ = two_apps
    page = context.new_page()
    _sign_in(page, base)
    token = _cookie(page)["value"]
    store = ProgressStore(db)
    with store.write_engine.begin() as conn:
        conn.execute(sessions.update().where(sessions.c.token_hash == auth._digest(token))
                     .values(expires_at=utc_now() - timedelta(minutes=1)))
    store.dispose()

    page.reload()
    _open(page, page.url)
    assert _sign_in_form(page) and not _signed_in(page)
    assert page.get_by_text(EXPIRED).count() == 1


def test_two_apps_on_one_host_keep_their_own_sign_in(context, two_apps):
    """Cookies are per host, not per port: app B must neither read nor clear app A's sign-in."""
    (base_a, _), (base_b, _) = two_apps
    page = context.new_page()
    _sign_in(page, base_a)
    other = context.new_page()
    _open(other, base_b + "/report")
    assert _sign_in_form(other) and other.get_by_text(EXPIRED).count() == 0  # B has no session of A's
    page.reload()
    _open(page, page.url)
    assert _signed_in(page)
