"""The sign-in's cookie: the session token a browser holds, so a sign-in outlives its websocket session.

A reload, a second tab or a link the app gives opens a new Streamlit session with empty session state;
the browser's cookie carries the token across. Streamlit 1.67 reads cookies (``st.context.cookies``, those
of the request that opened the websocket) but has no API to write one during a session (streamlit#14730;
``st.App`` middleware only answers HTTP requests), so a tiny ``components.v2`` script sets
``document.cookie`` on the app's own page. The token travels as the component's data, never in HTML or
in a URL; the store (``progress.auth``) decides whether it is valid.
"""
from __future__ import annotations

import os
import re
from typing import Mapping

import streamlit as st

COOKIE_ENV = "PLANMAP_SESSION_COOKIE"
_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
# secrets.token_urlsafe(32) gives 43 URL-safe characters; anything else is not one of ours.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,128}")
_HOST_PORT_RE = re.compile(r"(?:\[[0-9A-Fa-f:.]*\]|[^:\[\]]+):(\d{1,5})")  # host:port or [v6]:port
MAX_COOKIE = 4096  # what a browser keeps of one cookie

# Fixed, trusted code: it only ever writes the name and a token shaped as ours (both checked below).
# Clearing is conditional: a stale tab must not clear the cookie another tab has since signed in with.
_JS = """
export default function ({ data }) {
  if (!data || !data.name) { return; }
  const attributes = "; Path=/; SameSite=Strict" + (window.location.protocol === "https:" ? "; Secure" : "");
  const held = document.cookie.split("; ").find((c) => c.startsWith(data.name + "="));
  if (data.maxAge > 0) {
    document.cookie = data.name + "=" + data.token + "; Max-Age=" + data.maxAge + attributes;
  } else if (held === data.name + "=" + data.token) {
    document.cookie = data.name + "=; Max-Age=0" + attributes;
  }
}
"""
_writer = st.components.v2.component("planmap_session_cookie", js=_JS)


def cookie_name() -> str:
    """The cookie's name for this browser's view of the app (see ``name_for``)."""
    host = _mapping(st.context.headers).get("host") or ""
    return name_for(host, int(st.get_option("server.port")), os.environ.get(COOKIE_ENV, ""))


def name_for(host: str, server_port: int, configured: str = "") -> str:
    """``configured`` (``$PLANMAP_SESSION_COOKIE``) if it is a plain name, else one per port the browser uses.

    Cookies are per host, not per port: two apps on one host (ports 8501 and 8502) must not read or clear
    each other's token. The port is the one in the browser's Host header (behind a proxy every app server
    of one site shares it, so a sign-in holds whichever server answers); a Host without one is the
    scheme's default port, one app per host name; with no Host at all, the server's own port.
    """
    configured = configured.strip()
    if _NAME_RE.fullmatch(configured):
        return configured
    port = _HOST_PORT_RE.fullmatch(host)
    if port:
        return f"planmap_session_{port.group(1)}"
    return "planmap_session" if host else f"planmap_session_{server_port}"


def _mapping(value: object) -> Mapping[str, str]:
    return value if isinstance(value, Mapping) else {}  # AppTest's stand-in runtime gives a mock, not a mapping


def request_cookies() -> Mapping[str, str]:
    """The cookies the browser sent when this session opened (a function so tests can supply them)."""
    return _mapping(st.context.cookies)


def browser_token() -> str | None:
    """What this browser's cookie holds, or None; whether it is a live token is the store's to say."""
    value = request_cookies().get(cookie_name())
    return value[:MAX_COOKIE] if isinstance(value, str) and value else None


def remember(token: str, seconds: int) -> None:
    """Keep ``token`` in this browser for ``seconds`` (the session's remaining life)."""
    if _TOKEN_RE.fullmatch(token) and seconds > 0:
        _write({"name": cookie_name(), "token": token, "maxAge": int(seconds)})


def forget(token: str) -> None:
    """Remove the cookie if it still holds ``token`` (an ended or refused one; it is only compared)."""
    if token:
        _write({"name": cookie_name(), "token": token, "maxAge": 0})


def _write(data: dict) -> None:
    with st.sidebar:  # every page has the sidebar (the navigation): an empty element there moves nothing
        _writer(data=data, key="planmap_session_cookie", height=0)
