"""The progress store inside Streamlit: one cached store per database, the signed-in user, sign-in.

Only composes ``progress`` (pure); no business rule lives here. The sign-in's token is kept in session
state for this tab and in a cookie (``ui.session_cookie``) for the browser's next sessions: a reload, a
second tab. Whichever carries it, the store says whether it is still valid.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import streamlit as st

from core.errors import AuthError, DataError, PlanMapError
from core.features import FeatureRef
from core.i18n import Strings
from core.text import md_escape
from layers.registry import configured_data_dir, feature_refs
from progress import ProgressStore, User, auth, seed as seeding
from progress.db import resolve_url
from progress.rules import utc_now
from ui import session_cookie

SESSION_KEY = "planmap_session_token"
NOTICE_KEY = "planmap_auth_notice"
COOKIE_KEY = "planmap_session_cookie_due"  # what this session still has to write to the cookie
ENDED_KEY = "planmap_ended_tokens"  # tokens this session ended or refused: its (stale) request cookie may hold one
NAME_KEY, PASSWORD_KEY = "planmap_login_name", "planmap_login_password"  # the sign-in form's fields
REFUSED_KEY = "planmap_sign_in_refused"  # why the last sign-in was refused, shown once under the form

TEXT = Strings({
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "name": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "signed_in": ("Đã đăng nhập: {name} ({role})", "Signed in: {name} ({role})"),
    "scope": ("Phạm vi", "Scope"),
    "expired": ("Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.", "Your session has expired; please sign in again."),
    "role_viewer": ("chỉ xem", "viewer"),
    "role_reporter": ("người báo cáo", "reporter"),
    "role_admin": ("quản trị", "administrator"),
    "seed_error": ("Không nạp được dữ liệu tiến độ ban đầu:", "The first progress data could not be loaded:"),
})


def load_refs(directory: str) -> dict[str, FeatureRef]:
    """Feature refs of the layer registry (a function so tests can replace it)."""
    return feature_refs(Path(directory))


@st.cache_resource(show_spinner=False)
def _refs_for(directory: str, stamp: float) -> dict[str, FeatureRef]:
    return load_refs(directory)


def get_refs() -> Mapping[str, FeatureRef]:
    """Every feature of the map (id → FeatureRef), cached until a data file changes."""
    directory = configured_data_dir()
    stamp = max((p.stat().st_mtime for p in directory.glob("*") if p.is_file()), default=0.0) if directory.exists() else 0.0
    return _refs_for(str(directory), stamp)


@st.cache_resource(show_spinner=False)
def _store_for(url: str, seed_path: str) -> ProgressStore:
    store = ProgressStore(url)
    store.migrate()
    store.seed_error = None
    try:
        seeding.ensure_seeded(store, get_refs(), seed_path)
    except PlanMapError as exc:  # the app still opens; the pages say what is wrong
        store.seed_error = exc
    return store


def get_store() -> ProgressStore:
    """The store named by PLANMAP_DB_URL (else var/planmap.sqlite): migrated and seeded once."""
    seed = os.environ.get("PLANMAP_SEED_CSV") or str(configured_data_dir() / "progress.csv")
    return _store_for(resolve_url(), seed)


def show_seed_error(lang: str) -> None:
    exc = getattr(get_store(), "seed_error", None)
    if exc is not None:
        st.warning(TEXT.t("seed_error", lang))
        st.text(exc.message(lang))


def current_user() -> User | None:
    """The user of this tab's token, else of the browser's cookie, or None (a refused token is forgotten
    and the next sign-in form says the session expired)."""
    token = st.session_state.get(SESSION_KEY)
    if not token:
        token = session_cookie.browser_token()
        if token in st.session_state.get(ENDED_KEY, ()):
            token = None
    if not token:
        return None
    try:
        user = auth.user_for_session(get_store(), token)
    except AuthError:
        st.session_state.pop(SESSION_KEY, None)
        _drop(token)
        st.session_state[NOTICE_KEY] = "expired"
        return None
    st.session_state[SESSION_KEY] = token
    return user


def _drop(token: str) -> None:
    """Never read ``token`` again in this session, and clear the browser's cookie if it still holds it."""
    st.session_state[ENDED_KEY] = {*st.session_state.get(ENDED_KEY, ()), token}
    st.session_state[COOKIE_KEY] = (token, None)


def _sign_in(user: User) -> None:
    now = utc_now()
    token = auth.start_session(get_store(), user, now=now)
    st.session_state[SESSION_KEY] = token
    st.session_state[COOKIE_KEY] = (token, now + auth.SESSION_TTL)


def _sync_cookie() -> None:
    """Write what this session owes the cookie: its new token for the session's remaining life, or the
    removal of one it ended (every run, so a rerun that replaced the script's element before it ran loses nothing)."""
    due = st.session_state.get(COOKIE_KEY)
    if due is None:
        return
    token, expires = due
    if expires is None:
        session_cookie.forget(token)
    elif st.session_state.get(SESSION_KEY) == token:
        session_cookie.remember(token, int((expires - utc_now()).total_seconds()))


def sign_out() -> None:
    """End the session in the store, in this tab and in the browser's cookie; other tabs of the browser
    find it ended at their next run."""
    token = st.session_state.pop(SESSION_KEY, None)
    auth.end_session(get_store(), token)
    if token:
        _drop(token)


def client_id() -> str:
    """Where this browser connects from, for sign-in throttling: its IP address ("" on localhost).

    Streamlit takes it from the WebSocket connection; it only narrows the throttle (per account and
    client), so a forged one gains an attacker no more than the per-account limit for unknown clients.
    """
    return st.context.ip_address or ""


def auth_box(lang: str = "vi") -> User | None:
    """Sign-in form, or who is signed in with a sign-out button; returns the user (or None)."""
    words = TEXT.words(lang)
    user = current_user()
    _sync_cookie()
    if user is not None:
        role = TEXT.t(f"role_{user.role}", lang) if f"role_{user.role}" in TEXT else user.role
        st.caption(md_escape(words["signed_in"].format(name=user.name, role=role)))
        if user.scope and "*" not in user.scope:
            st.caption(md_escape(f"{words['scope']}: {user.scope_text()}"))
        if st.button(words["sign_out"], key="planmap_sign_out"):
            sign_out()
            st.rerun()
        return user
    if st.session_state.pop(NOTICE_KEY, None) == "expired":
        st.info(words["expired"])
    refused = st.session_state.pop(REFUSED_KEY, None)
    with st.form("planmap_sign_in", clear_on_submit=False):
        st.text_input(words["name"], key=NAME_KEY)
        st.text_input(words["password"], type="password", key=PASSWORD_KEY)
        st.form_submit_button(words["sign_in"], on_click=_try_sign_in)
    if refused is not None:
        st.error(md_escape(refused.message(lang)))
    return None


def _try_sign_in() -> None:
    """The sign-in button's callback (it runs before the page is drawn, so it may empty the password field):
    a refusal keeps the user name typed and clears only the password, for the next try."""
    name = st.session_state.get(NAME_KEY, "")
    password = st.session_state.get(PASSWORD_KEY, "")
    st.session_state[PASSWORD_KEY] = ""
    try:
        user = auth.authenticate(get_store(), name, password, client=client_id())
    except (AuthError, DataError) as exc:
        st.session_state[REFUSED_KEY] = exc
        return
    st.session_state[NAME_KEY] = ""
    _sign_in(user)


def signed_in_reporter(lang: str, need_sign_in: str, viewer: str) -> User | None:
    """The user who may report on this page, or None after saying why not (the sign-in form, or "viewer only");
    once signed in, the sign-in box moves to the sidebar."""
    user = current_user()
    if user is None:
        st.info(need_sign_in)
        auth_box(lang)
        return None
    with st.sidebar:
        auth_box(lang)
    if not user.can_report:
        st.warning(viewer)
        return None
    return user
