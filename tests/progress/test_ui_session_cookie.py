"""The sign-in's cookie seen from the app (AppTest): a new session (a reload, a second tab) signs in with
the cookie's token when the store vouches for it, and says "session expired" when it does not.

AppTest cannot seed ``st.context.cookies`` (its runtime has no client), so the cookies the browser sent
are supplied through ``ui.session_cookie.request_cookies``; what the page asks the browser to write is
read from the cookie component's data. The real browser round trip is tests/browser/test_session_cookie_browser.py.
"""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.errors import AuthError
from progress import auth
from progress.models import sessions
from progress.rules import utc_now
from ui import session_cookie

from .test_ui import PASSWORD, _app, _texts, app_env  # noqa: F401 - the fixture

EXPIRED = {"vi": "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.",
           "en": "Your session has expired; please sign in again."}


@pytest.fixture
def browser_cookies(monkeypatch):
    """The cookies "the browser" sent when the session opened: a dict the test fills."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(session_cookie, "request_cookies", lambda: jar)
    return jar


def _hold(jar: dict, token: str) -> None:
    jar[session_cookie.name_for("", 8501)] = token  # AppTest has no Host header; Streamlit's default port


def _written(at) -> dict | None:
    """What this run asks the browser to write to the session cookie (None: nothing)."""
    for element in at.sidebar:
        proto = getattr(element, "proto", None)
        if getattr(proto, "component_name", "") == "planmap_session_cookie":
            return json.loads(proto.json)
    return None


def _session_rows(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(sessions)).scalar_one()


def _signed_in(at) -> bool:
    return any("Đã đăng nhập: bg" in c.value.replace("\\", "") for c in at.sidebar.caption)


def test_a_new_session_signs_in_with_the_cookie_of_a_live_session(app_env, browser_cookies):
    user = auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    _hold(browser_cookies, auth.start_session(app_env, user))
    at = _app("app_report.py").run()
    assert not at.exception, at.exception
    assert _signed_in(at)
    assert "planmap_login_name" not in [w.key for w in at.text_input]
    assert [t.label for t in at.tabs] == ["Một báo cáo", "Báo cáo năm (nhập tệp)"]  # may report


def test_signing_in_writes_the_token_for_the_session_s_life(app_env, browser_cookies):
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py").run()
    assert _written(at) is None  # nobody signed in: nothing to write
    at.text_input(key="planmap_login_name").input("bg")
    at.text_input(key="planmap_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    written = _written(at)
    assert written is not None, "no cookie written after signing in"
    assert written["name"] == "planmap_session_8501"
    assert written["token"] == at.session_state["planmap_session_token"]
    ttl = auth.SESSION_TTL.total_seconds()
    assert ttl - 60 < written["maxAge"] <= ttl
    assert auth.user_for_session(app_env, written["token"]).name == "bg"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", ["made-up", "expired", "revoked", "markup"])
def test_a_cookie_the_store_does_not_vouch_for_signs_nobody_in(app_env, browser_cookies, lang, kind):
    user = auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    token = {"made-up": "x" * 43, "markup": "<b>x</b>"}.get(kind) or auth.start_session(app_env, user)
    if kind == "expired":
        with app_env.write_engine.begin() as conn:
            conn.execute(sessions.update().values(expires_at=utc_now() - timedelta(seconds=1)))
    if kind == "revoked":
        auth.end_session(app_env, token)
    _hold(browser_cookies, token)
    rows = _session_rows(app_env)
    at = _app("app_report.py", lang if lang != "vi" else None).run()
    assert not at.exception, at.exception
    assert not _signed_in(at) and "planmap_login_name" in [w.key for w in at.text_input]
    assert EXPIRED[lang] in [i.value for i in at.info]
    assert "planmap_session_token" not in at.session_state
    assert _session_rows(app_env) == rows  # refused without writing anything
    assert _written(at) == {"name": "planmap_session_8501", "token": token, "maxAge": 0}  # cleared if still held
    assert "<b>" not in _texts(at)


def test_signing_out_is_not_undone_by_the_cookie_the_session_opened_with(app_env, browser_cookies):
    user = auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    token = auth.start_session(app_env, user)
    _hold(browser_cookies, token)  # the request that opened this session carried it, and still does
    at = _app("app_report.py").run()
    assert _signed_in(at)
    at.button(key="planmap_sign_out").click().run()
    assert not at.exception, at.exception
    assert not _signed_in(at) and "planmap_login_name" in [w.key for w in at.text_input]
    assert EXPIRED["vi"] not in [i.value for i in at.info]  # signing out is not an expiry
    assert _written(at) == {"name": "planmap_session_8501", "token": token, "maxAge": 0}
    with pytest.raises(AuthError):
        auth.user_for_session(app_env, token)  # revoked in the store
    at.run()
    assert not _signed_in(at) and EXPIRED["vi"] not in [i.value for i in at.info]


def test_another_tab_is_signed_out_at_its_next_run(app_env, browser_cookies):
    user = auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    token = auth.start_session(app_env, user)
    _hold(browser_cookies, token)
    tab = _app("app_report.py").run()
    assert _signed_in(tab)
    auth.end_session(app_env, token)  # signed out in the first tab
    tab.run()
    assert not _signed_in(tab)
    assert EXPIRED["vi"] in [i.value for i in tab.info]


@pytest.mark.parametrize("host, port, configured, name", [
    ("127.0.0.1:8502", 8501, "", "planmap_session_8502"),   # the port the browser uses
    ("[::1]:8503", 8501, "", "planmap_session_8503"),
    ("planmap.example.vn", 8501, "", "planmap_session"),    # the scheme's default port
    ("", 8504, "", "planmap_session_8504"),                  # no Host: the server's port
    ("127.0.0.1:8502", 8501, "haiduong_plan", "haiduong_plan"),
    ("127.0.0.1:8502", 8501, "a b;c", "planmap_session_8502"),  # not a cookie name: ignored
])
def test_the_cookie_name_is_one_per_app_on_a_host(host, port, configured, name):
    assert session_cookie.name_for(host, port, configured) == name
