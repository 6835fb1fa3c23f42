"""The one lookup rule and the display formats a reader sees (core/i18n)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from core.bilingual import Text
from core.i18n import (STRINGS, Strings, chart_date_format, date_field_format, format_date, format_number,
                       format_percent, t)


def test_a_missing_key_reads_as_itself_in_every_language_never_a_crash():
    assert t("no_such_key") == "no_such_key"
    assert t("no_such_key", "en") == "no_such_key"
    assert t("no_such_key", "fr", n=3) == "no_such_key"
    table = Strings({"title": ("Tiêu đề", "Title")})
    assert table.t("nothing", "en") == "nothing"
    assert table.words("vi")["nothing"] == "nothing"
    assert table.text("nothing") == Text("nothing", "nothing")


def test_t_reads_english_only_for_en_and_fills_fields_in_the_language_asked():
    assert t("legend", "en") == "Legend" and t("legend", "vi") == "Chú giải" and t("legend", "fr") == "Chú giải"
    assert t("past_stamp", "en", date="2025-06-01") == "Map of the status on 2025-06-01 — not today"
    table = Strings({"n": ("{n} dòng", "{n} rows")})
    assert table.t("n", "vi", n=3) == "3 dòng" and table.words("en")["n"] == "{n} rows"


def test_the_plan_gives_the_program_s_own_words():
    assert t("app_title", "vi") and t("app_title", "en") and t("app_title", "vi") != t("app_title", "en")


def test_a_table_refuses_an_entry_with_a_language_missing():
    with pytest.raises(ValueError):
        Strings({"half": ("Chỉ tiếng Việt", "")})
    with pytest.raises(ValueError):
        Strings({"half": ("Chỉ tiếng Việt", None)})
    assert "legend" in STRINGS and isinstance(STRINGS["legend"], Text)


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (1234567.891, "vi", 2, "1.234.567,89"),
    (1234567.891, "en", 2, "1,234,567.89"),
    (0, "vi", 0, "0"),
    (0, "en", 2, "0.00"),
    (-1234.5, "vi", 1, "-1.234,5"),
    (-1234.5, "en", 1, "-1,234.5"),
    (-0.04, "vi", 1, "0,0"),          # rounds to nothing: no sign
    (12_345_678_901, "vi", 0, "12.345.678.901"),
    (999.5, "vi", 0, "1.000"),
    (7, "fr", 1, "7,0"),              # any language but English reads Vietnamese
])
def test_format_number_writes_each_language_s_separators(value, lang, decimals, expected):
    assert format_number(value, lang, decimals) == expected


def test_format_number_trims_only_when_asked_and_shows_a_dash_for_nothing():
    assert format_number(4.80, "vi", 2, trim=True) == "4,8" and format_number(4.80, "vi", 2) == "4,80"
    assert format_number(1000.0, "en", 2, trim=True) == "1,000"
    for missing in (None, float("nan")):
        assert format_number(missing) == "—" and format_percent(missing, "en") == "—"
    pd = pytest.importorskip("pandas")
    assert format_number(pd.NA) == "—" and format_percent(pd.NA) == "—"


@pytest.mark.parametrize(("value", "lang", "kwargs", "expected"), [
    (35.0, "vi", {}, "35%"),
    (35.0, "en", {}, "35%"),
    (12.5, "vi", {"decimals": 1}, "12,5%"),
    (12.5, "en", {"decimals": 1}, "12.5%"),
    (35.0, "vi", {"decimals": 2, "trim": True}, "35%"),
    (35.25, "vi", {"decimals": 2, "trim": True}, "35,25%"),
    (0, "vi", {}, "0%"),
    (-2.5, "en", {"decimals": 1}, "-2.5%"),
    (1234.0, "vi", {}, "1.234%"),
])
def test_format_percent(value, lang, kwargs, expected):
    assert format_percent(value, lang, **kwargs) == expected


def test_dates_are_day_first_in_vietnamese_and_iso_in_english():
    d = date(2025, 6, 1)
    assert format_date(d, "vi") == "01/06/2025" and format_date(d, "en") == "2025-06-01"
    assert format_date(datetime(2025, 6, 1, 13, 5), "en") == "2025-06-01"
    assert format_date(d, "fr") == "01/06/2025"
    assert format_date(None) == "—" and format_date("2025-06-01") == "—"
    assert (date_field_format("vi"), date_field_format("en")) == ("DD/MM/YYYY", "YYYY-MM-DD")
    assert d.strftime(chart_date_format("vi")) == format_date(d, "vi")
    assert d.strftime(chart_date_format("en")) == format_date(d, "en")
