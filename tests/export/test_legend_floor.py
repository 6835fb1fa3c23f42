"""A printed page's legend is read at arm's length (issue 10): on the full province, A4 portrait and landscape, in
Vietnamese and English, coloured by status or by class, every word of the legend is set at 7 pt or more and every
entry is on the page — the legend takes a third column or more room, the map gives way, its type does not shrink
under 7 pt. Read back from the PDF with poppler (pdftotext -bbox: a word's box is as tall as its font's ascent
and descent, 1.164 em in DejaVu Sans, so 7 pt type gives 8.15 pt boxes and 6.9 pt 8.03)."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pytest

from export import ExportRequest, build_scene
from progress.latest import latest_per_feature
from tests.export.conftest import REAL
from tests.export.tools.print_page import box_pt, legend_axes, print_page

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present yet")

EM_BOX = 1.164     # DejaVu Sans (and its bold): ascent 0.928 + descent 0.236 of the size
FLOOR_PT = 7.0


@pytest.fixture(scope="module")
def real():
    from layers.registry import load_all
    return load_all(REAL), pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("colour_mode", ["status", "class"])
def test_every_legend_word_is_7_pt_or_more_and_on_the_page(real, orientation, lang, colour_mode):
    frames, reports = real
    request = ExportRequest(format="pdf", paper="A4", orientation=orientation, lang=lang, colour_mode=colour_mode,
                            as_of=date.today()).validate()
    scene = build_scene(frames, request, latest_per_feature(reports, date.today()), reports)
    fig, page, _ = print_page(scene)
    assert scene.legend_layout.unplaced == 0                    # no entry left out
    x0, y0, x1, y1 = box_pt(fig, legend_axes(fig, lang))
    top, bottom = page.height - y1, page.height - y0            # poppler's y runs down
    words = [wd for wd in page.words
             if x0 - 1 <= (wd[0] + wd[2]) / 2 <= x1 + 1 and top - 1 <= (wd[1] + wd[3]) / 2 <= bottom + 1]
    assert len(words) > 80
    small = [(text, round(b - a, 2)) for _, a, _, b, text in words if b - a < FLOOR_PT * EM_BOX - 0.05]
    assert not small, small[:12]
    for wx0, wy0, wx1, wy1, text in words:                      # on the page, and clear of the sources below it
        assert 0 <= wx0 and wx1 <= page.width and 0 <= wy0 and wy1 <= bottom + 1, text
    # every entry, as laid out, is printed: its words are among the legend's
    have = Counter(t for *_, t in words)
    for item in scene.legend_layout.items:
        want = Counter(" ".join(item.lines).split())
        assert not want - have, (item.lines, want - have)
