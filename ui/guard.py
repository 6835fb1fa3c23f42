"""A guard around each page: an unexpected error shows a short message in the user's language, never a traceback.

The details (type, message, stack, server paths) go to the server's log under a short incident
code that the message repeats, so an administrator can find them; the visitor sees only the code.
Streamlit's own control flow (``st.rerun``, ``st.stop``) derives from BaseException and passes through.
"""
from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable

import streamlit as st

from core.errors import PlanMapError
from core.i18n import t
from ui.lang import current_lang

log = logging.getLogger("planmap.pages")


def show_unexpected(exc: Exception, where: str) -> None:
    """Log ``exc`` with an incident code and tell the user, in their language, that the page failed."""
    lang = current_lang()
    if isinstance(exc, PlanMapError):  # our own errors already speak the user's language
        st.error(exc.message(lang))
        return
    code = secrets.token_hex(4)
    log.error("page %s failed (incident %s)", where, code, exc_info=exc)
    st.error(t("page_error", lang).format(code=code))


def guarded(render: Callable[..., None]) -> Callable[..., None]:
    """``render`` wrapped so that no exception of it reaches the page as a traceback."""

    @functools.wraps(render)
    def page(*args, **kwargs) -> None:
        try:
            render(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the point of the guard
            show_unexpected(exc, getattr(render, "__module__", "?"))

    return page
