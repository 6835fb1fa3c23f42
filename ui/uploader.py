"""File uploaders that speak the page's language and state the size limit that applies to them.

Streamlit's dropzone is English whatever the page ("Upload", "50MB per file • CSV", and "Drag and drop files
here" over the box while a file is held above it) and prints the server's
global ``server.maxUploadSize``, the limit of the map's own-data upload; the report and target imports take
10 MB. On every uploader of ours the dropzone line is hidden and the button relabelled (CSS on the widget's
own ``st-key-…`` class: Streamlit has no option for either), and the real limit is said below it in words; a
bigger file still reaches the import, which refuses it in words (progress.importer.too_big) — the widget's
own refusal would be English.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence

import streamlit as st

from core.i18n import Strings

TEXT = Strings({
    "limit": ("{types}, tối đa {mb} MB một tệp", "{types}, at most {mb} MB per file"),
    "or": (" hoặc ", " or "),
    "choose": ("Chọn tệp", "Choose a file"),
    "choose_many": ("Chọn tệp", "Choose files"),
    "drop": ("Thả tệp vào đây", "Drop the file here"),
    "drop_many": ("Thả các tệp vào đây", "Drop the files here"),
})


def dropzone_css(key: str, lang: str, many: bool = False) -> str:
    """The style for the uploaders whose key starts with ``key``: no English limit line, the button and the
    drag-over hint in ``lang`` (a ``<style>`` element, for a page to add with its other rules rather than as an
    element of its own).

    Streamlit's own words are kept in the page (font size 0) under the new ones, so their boxes follow them. The
    drag-over hint has no test id: it is the text of the element right after the file input, there only while a
    file is held over the box (otherwise the button's wrapper, a ``span``, follows the input).
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise ValueError(f"uploader key {key!r} must be a CSS-safe name")
    def css_text(word: str) -> str:
        return json.dumps(TEXT.t(word + ("_many" if many else ""), lang), ensure_ascii=False)

    scope = f'[class*="st-key-{key}"] [data-testid="stFileUploaderDropzone"]'
    button = f'{scope} button [data-testid="stMarkdownContainer"] p'
    hint = f'{scope} > input + div > span'
    return (f"<style>{scope} [data-testid=\"stFileUploaderDropzoneInstructions\"] {{ display: none; }}"
            f"{button}, {hint} {{ font-size: 0; }}"
            f"{button}::after {{ content: {css_text('choose')}; font-size: 0.875rem; }}"
            f"{hint}::after {{ content: {css_text('drop')}; font-size: 1rem; }}</style>")


def limited_uploader(label: str, key: str, types: Sequence[str], max_bytes: int, lang: str):
    """``st.file_uploader`` for one file of ``types`` that says ``max_bytes`` (whole MB) as its limit."""
    st.html(dropzone_css(key, lang))
    uploaded = st.file_uploader(label, type=list(types), key=key)
    w = TEXT.words(lang)
    st.caption(w["limit"].format(types=w["or"].join(t.upper() for t in types), mb=max_bytes // (1024 * 1024)))
    return uploaded
