"""Slides as Debian's LibreOffice lays them out: every word written is shown, and inside its slide.

python-pptx only writes boxes; where the text really lands depends on the presenting software's
fonts and wrapping. LibreOffice Impress converts the deck to PDF, and poppler reads back where
each word went (``pdftotext -bbox``).
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from pptx import Presentation

from export.slides import render_slides
from export.sources import full_sources

from tests.export.conftest import REAL

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Impress not installed")
XHTML = "{http://www.w3.org/1999/xhtml}"


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", unicodedata.normalize("NFC", text)) if not w.isdigit()]


def _written(prs) -> Counter:
    out: Counter = Counter()
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.update(_words(shape.text_frame.text))
            if shape.has_table:
                out.update(w for row in shape.table.rows for cell in row.cells for w in _words(cell.text))
    return out


def _as_laid_out(data: bytes, tmp_path) -> tuple[list[tuple], int]:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=240)
    xml = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "deck.pdf"), "-"], capture_output=True,
                         check=True).stdout.decode()
    root = ET.fromstring(xml.replace("&nbsp;", " "))
    words = []
    pages = list(root.iter(f"{XHTML}page"))
    for number, page in enumerate(pages):
        pw, ph = float(page.get("width")), float(page.get("height"))
        for w in page.iter(f"{XHTML}word"):
            words.append((float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                          pw, ph, w.text or "", number))
    return words, len(pages)


@pytest.fixture(scope="module")
def real_scene():
    import pandas as pd

    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from layers.registry import load_all
    frames = load_all(REAL)
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    request = ExportRequest(format="pptx").validate()
    return build_scene(frames, request, latest_per_feature(reports, request.day), reports)


def test_every_word_written_is_on_its_slide_as_libreoffice_lays_it_out(real_scene, tmp_path):
    data = render_slides(real_scene, fetcher=None)
    prs = Presentation(io.BytesIO(data))
    words, pages = _as_laid_out(data, tmp_path)
    assert pages == len(prs.slides)
    outside = [w for w in words if w[0] < -0.5 or w[1] < -0.5 or w[2] > w[4] + 0.5 or w[3] > w[5] + 0.5]
    assert not outside, f"{len(outside)} words off the slide, e.g. {[w[6] for w in outside[:8]]}"
    shown = Counter(w for x in words for w in _words(x[6]))
    written = _written(prs)
    missing = {w: n - shown[w] for w, n in written.items() if shown[w] < n}
    assert not missing, f"{sum(missing.values())} of {sum(written.values())} words not shown: {list(missing)[:10]}"


def test_sources_are_in_the_notes_and_the_appendix_in_full(real_scene):
    prs = Presentation(io.BytesIO(render_slides(real_scene, fetcher=None)))
    sources = full_sources(real_scene)
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert all(s in notes for s in sources)
    texts = [" ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame) for slide in prs.slides]
    appendix = " ".join(t for t in texts if t.startswith("Nguồn dữ liệu — danh mục đầy đủ"))
    urls = {u for s in sources for u in re.findall(r"https?://\S+?(?=[;,)]?(?:\s|$))", s)}
    assert urls and all(u in appendix.replace(" ", "") or u.replace(" ", "") in appendix.replace(" ", "")
                        for u in urls)


def test_legend_entries_never_overlap_as_laid_out(real_scene, tmp_path):
    words, _ = _as_laid_out(render_slides(real_scene, fetcher=None), tmp_path)
    # the legend column of the map slides: right of the map picture, between the title and the footer
    legend = [w for w in words if w[0] > 0.70 * w[4] and 0.12 * w[5] < w[1] and w[3] < 0.93 * w[5]]
    for i, a in enumerate(legend):
        for b in legend[i + 1:]:
            if a[7] == b[7]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                # word boxes of adjacent lines touch by their ascent and descent: a third of a line is an overlap
                assert not (overlap_x > 0.8 and overlap_y > 0.33 * min(a[3] - a[1], b[3] - b[1])), (a[6], b[6])
