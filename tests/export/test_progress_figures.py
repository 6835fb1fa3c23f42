"""A reported 40.5 % reads as the app writes it in every export that shows it ("40,5%" / "40.5%", never a
rounded "40%"), and stays the number 40.5 in the data files: a report is put in a temporary store and each
file is exported by ``python -m export`` and read back as its users' software reads it."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from core.i18n import format_percent
from export.cli import main
from tests.export.conftest import MINI, pdf_text

PLACE, NAME, PCT = "ua-luong-dien", "Lương Điền", 40.5
SHOWN = {"vi": "40,5%", "en": "40.5%"}


@pytest.fixture
def reported(monkeypatch, tmp_path):
    """A store in ``tmp_path`` holding one report of 40.5 % for Lương Điền (as a reporter files it)."""
    from layers.registry import feature_refs
    from progress import ProgressStore, ReportIn, auth

    monkeypatch.setenv("PLANMAP_DATA_DIR", str(MINI))
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    store = ProgressStore()
    store.migrate()
    refs = feature_refs(MINI)
    admin = auth.create_user(store, "quan-tri", "mật-khẩu-thử-nghiệm-dài", "admin", "*")
    store.add_report(ReportIn(PLACE, "in_progress", PCT, date(2026, 11, 1), unit="UBND xã Lương Điền",
                              note="Lập quy hoạch"), admin, refs)
    store.dispose()
    return tmp_path


def _export(folder, fmt: str, lang: str, *extra: str) -> bytes:
    out = folder / f"{fmt}-{lang}.{fmt}"
    assert main(["--format", fmt, "--out", str(out), "--as-of", "2026-11-27", "--lang", lang, *extra]) == 0
    return out.read_bytes()


def test_the_app_formatter_keeps_the_reported_decimals():
    assert format_percent(PCT, "vi") == SHOWN["vi"] and format_percent(PCT, "en") == SHOWN["en"]
    assert format_percent(40.0, "vi") == "40%" and format_percent(None) == "—"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_atlas_page_prints_the_reported_figure_in_its_facts_and_history(reported, lang):
    pages = pdf_text(_export(reported, "atlas", lang, "--features", PLACE))
    page = next(p for p in pages if "UBND xã Lương Điền" in p)  # its own page, not the index
    assert page.count(SHOWN[lang]) >= 2, page  # the facts and the history's row
    assert not re.search(r"\b40%", page), page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_slides_table_prints_the_reported_figure(reported, lang):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(_export(reported, "pptx", lang, "--layers", "urban_areas")))
    rows = [[c.text for c in row.cells] for s in prs.slides for sh in s.shapes if sh.has_table
            for row in sh.table.rows]
    row = next(r for r in rows if NAME in r)
    assert SHOWN[lang] in row and "40%" not in row, row


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_popup_shows_the_reported_figure(reported, lang):
    page = _export(reported, "html", lang, "--layers", "urban_areas").decode()
    details = json.JSONDecoder().raw_decode(page, page.index("var details = ") + len("var details = "))[0]
    popup = details[PLACE]
    facts = dict(popup["facts"])
    assert SHOWN[lang] in facts.values(), facts
    assert popup["history"][0][2] == SHOWN[lang], popup["history"]


def test_data_files_keep_the_figure_as_a_number(reported):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_export(reported, "xlsx", "vi", "--layers", "urban_areas")), read_only=True)
    cells = [row for ws in book.worksheets for row in ws.iter_rows(values_only=True) if NAME in row]
    assert any(PCT in row for row in cells), cells
    text = _export(reported, "csv", "en", "--layers", "urban_areas").decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if NAME in r.values())
    assert "40.5" in row.values(), row
