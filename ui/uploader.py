"""A file uploader that states the size limit that applies to it, in the page's language.

Streamlit's dropzone prints the server's global ``server.maxUploadSize`` ("50MB per file", English), the
limit of the map's own-data upload; the report and target imports take 10 MB. Their dropzone line is hidden
(CSS on the widget's own ``st-key-…`` class) and the real limit said below it; a bigger file still reaches
the import, which refuses it in words (progress.importer.too_big) — the widget's own refusal would be English.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st

from core.i18n import Strings

TEXT = Strings({
    "limit": ("{types}, tối đa {mb} MB một tệp", "{types}, at most {mb} MB per file"),
    "or": (" hoặc ", " or "),
})


def limited_uploader(label: str, key: str, types: Sequence[str], max_bytes: int, lang: str):
    """``st.file_uploader`` for one file of ``types`` that says ``max_bytes`` (whole MB) as its limit."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise ValueError(f"uploader key {key!r} must be a CSS-safe name")
    st.html(f'<style>.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}</style>')
    uploaded = st.file_uploader(label, type=list(types), key=key)
    w = TEXT.words(lang)
    st.caption(w["limit"].format(types=w["or"].join(t.upper() for t in types), mb=max_bytes // (1024 * 1024)))
    return uploaded
