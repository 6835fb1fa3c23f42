"""The report file's columns in words: Vietnamese (or English) headers people read, codes the reader keys on.

The template's header row says "Tình trạng", "Tiến độ (%)"… (each cell's comment gives the code,
``status``, ``progress_pct``…); the reader takes a code or either language's words, with or
without diacritics, so old files with code headers keep working.
"""
from __future__ import annotations

from core.text import fold_key

HEADERS: dict[str, tuple[str, str]] = {
    "feature_id": ("Mã đối tượng", "Feature ID"),
    "name": ("Tên", "Name"),
    "district": ("Huyện (2023)", "District (2023)"),
    "section": ("Đoạn báo cáo (huyện)", "Section reported (district)"),
    "current_status": ("Tình trạng hiện tại", "Current status"),
    "current_progress_pct": ("Tiến độ hiện tại (%)", "Current progress (%)"),
    "last_as_of": ("Ngày báo cáo gần nhất", "Last report date"),
    "status": ("Tình trạng", "Status"),
    "progress_pct": ("Tiến độ (%)", "Progress (%)"),
    "as_of": ("Tính đến ngày", "As of"),
    "note": ("Ghi chú", "Note"),
    "source": ("Nguồn", "Source"),
    "unit": ("Đơn vị báo cáo", "Reporting unit"),
    "evidence_url": ("Đường dẫn minh chứng", "Evidence link"),
    "capital_allocated_bn": ("Vốn bố trí (tỷ đồng)", "Capital allocated (billion VND)"),
    "capital_disbursed_bn": ("Vốn đã giải ngân (tỷ đồng)", "Capital disbursed (billion VND)"),
}


def header_label(code: str, lang: str = "vi") -> str:
    """The header people read for a column code."""
    vi, en = HEADERS.get(code, (code, code))
    return en if lang == "en" else vi


def _key(text: str) -> str:
    return fold_key(text, "_")


_BY_WORDS = {_key(word): code for code, pair in HEADERS.items() for word in (code, *pair)}


def header_code(text: str) -> str:
    """The column code for a header cell: a code, or its Vietnamese/English words (diacritics optional)."""
    text = (text or "").lstrip("\ufeff").strip()
    return _BY_WORDS.get(_key(text), text.lower().replace(" ", "_"))
