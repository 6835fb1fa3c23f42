"""The words of the exports: one table, both languages everywhere, dates written as the app writes them."""
from __future__ import annotations

from datetime import date

import pandas as pd

from core.i18n import format_date
from export.words import WORDS, fmt_date, w

DAY = date(2026, 11, 27)


def test_every_export_word_has_vietnamese_and_english():
    assert WORDS
    missing = [key for key, text in WORDS.items() if not (text.vi.strip() and text.en.strip())]
    assert not missing, missing
    # each language really is its own (an English copy of the Vietnamese would pass the check above)
    assert w("sources", "vi") == "Nguồn dữ liệu" and w("sources", "en") == "Data sources"


def test_a_word_the_exports_lack_comes_from_the_interface_table():
    assert w("as_of", "en") != "as_of" and w("as_of", "vi") != w("as_of", "en")


def test_dates_read_the_same_in_exports_and_in_the_app():
    for lang in ("vi", "en"):
        assert fmt_date(DAY, lang) == format_date(DAY, lang)
        assert fmt_date(pd.Timestamp(DAY), lang) == format_date(DAY, lang)
        assert fmt_date(None, lang) == fmt_date(pd.NaT, lang) == fmt_date(float("nan"), lang) == "—"
    assert fmt_date(DAY, "vi") == "27/11/2026" and fmt_date(DAY, "en") == "2026-11-27"
