"""A map page found again in export.render_cache is the page drawn anew, and never a stale one.

Read back as users read them: pdftotext's words with their boxes, pdftoppm's pixels, the PNG's pixels;
then every input that changes the picture (a report, the as-of date, the language) gives another page.
"""
from __future__ import annotations

import io
import re
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from export import ExportRequest, build_scene, render_cache
from export import snapshot
from progress.latest import latest_per_feature

from tests.export.conftest import TODAY
from tests.export.test_fast_paths import _bbox_words, _raster

DATE = re.compile(rb"/CreationDate \(D:(\d{14})")


@pytest.fixture(autouse=True)
def empty_cache():
    render_cache.clear()
    yield
    render_cache.clear()


@pytest.fixture
def drawings(monkeypatch):
    """How many pages were drawn (not found)."""
    calls = []
    real = snapshot._render
    monkeypatch.setattr(snapshot, "_render", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def _drawn_anew(scene, monkeypatch, **kw) -> bytes:
    with monkeypatch.context() as m:
        m.setattr(render_cache, "enabled", False)
        return snapshot.render_snapshot(scene, **kw)


def _undated(pdf: bytes) -> bytes:
    return DATE.sub(b"/CreationDate (D:", pdf)


def test_a_pdf_page_found_again_reads_and_rasterises_as_the_page_drawn_anew(scene_of, drawings, monkeypatch,
                                                                            tmp_path):
    first = snapshot.render_snapshot(scene_of(format="pdf", colour_mode="status"))
    before = datetime.today()
    again = snapshot.render_snapshot(scene_of(format="pdf", colour_mode="status"))
    assert len(drawings) == 1                      # the second was found, not drawn
    anew = _drawn_anew(scene_of(format="pdf", colour_mode="status"), monkeypatch)
    assert _bbox_words(again, tmp_path) == _bbox_words(anew, tmp_path)
    assert _bbox_words(again, tmp_path)            # it has words to compare
    found, drawn = _raster(again, tmp_path, "found", dpi=60), _raster(anew, tmp_path, "anew", dpi=60)
    assert len(found) == len(drawn) == 2 and all(np.array_equal(a, b) for a, b in zip(found, drawn))
    assert _undated(again) == _undated(anew) == _undated(first)   # every other byte the same
    stamp = datetime.strptime(DATE.search(again)[1].decode(), "%Y%m%d%H%M%S")
    assert stamp >= before.replace(microsecond=0)  # dated when it was asked for, as a page drawn then


def test_a_png_found_again_has_the_pixels_of_the_png_drawn_anew(scene_of, drawings, monkeypatch):
    snapshot.render_snapshot(scene_of(format="png", dpi=150))
    again = snapshot.render_snapshot(scene_of(format="png", dpi=150))
    assert len(drawings) == 1
    anew = _drawn_anew(scene_of(format="png", dpi=150), monkeypatch)
    assert again == anew
    assert np.asarray(Image.open(io.BytesIO(again))).std() > 0   # a picture, not a blank page


def _scene(frames, history, lang="vi", as_of=TODAY):
    state = latest_per_feature(history, as_of)
    request = ExportRequest(format="pdf", colour_mode="status", lang=lang, as_of=as_of).validate(TODAY)
    return build_scene(frames, request, state, history, made_on=TODAY)


def test_a_new_report_an_earlier_date_or_english_give_their_own_page(frames, history, drawings, monkeypatch,
                                                                     tmp_path):
    base = snapshot.render_snapshot(_scene(frames, history))
    report = pd.DataFrame([{"feature_id": "ua-luong-dien", "status": "completed", "progress_pct": 100.0,
                            "as_of": date(2026, 11, 20), "unit": "UBND xã Lương Điền", "reported_by": "tran.thi.b",
                            "note": "Xong", "report_id": 99}])
    reported = pd.concat([history, report], ignore_index=True)
    for changed in (_scene(frames, reported), _scene(frames, history, as_of=date(2026, 1, 1)),
                    _scene(frames, history, lang="en")):
        page = snapshot.render_snapshot(changed)
        assert _undated(page) != _undated(base)
        assert _undated(page) == _undated(_drawn_anew(changed, monkeypatch))
    assert len(drawings) == 1 + 3 * 2               # each drawn, cached and uncached: none served from the first
    english = _bbox_words(snapshot.render_snapshot(_scene(frames, history, lang="en")), tmp_path)
    assert any(">Legend<" in word for word in english) and len(drawings) == 7   # the English page, found again


def test_the_cache_keeps_a_bounded_number_of_pages(scene_of, drawings, monkeypatch):
    monkeypatch.setattr(render_cache, "MAX_ENTRIES", 2)
    for title in ("Một", "Hai", "Ba"):
        snapshot.render_snapshot(scene_of(format="svg", title=title))
    assert len(render_cache._PAGES) == 2
    snapshot.render_snapshot(scene_of(format="svg", title="Một"))   # the oldest went: drawn again
    assert len(drawings) == 4


def test_a_page_with_a_basemap_is_drawn_every_time(scene_of):
    calls = []

    def tiles(z, x, y):
        calls.append((z, x, y))
        raise OSError("offline")
    snapshot.render_snapshot(scene_of(format="png", dpi=150, basemap=True), fetcher=tiles)
    first = len(calls)
    snapshot.render_snapshot(scene_of(format="png", dpi=150, basemap=True), fetcher=tiles)
    assert first and len(calls) == 2 * first        # the tiles asked for again: they may have changed


def test_a_page_asked_for_today_is_drawn_again_the_next_day(frames, history, drawings, monkeypatch):
    import export.request as request_module

    monkeypatch.setattr(request_module, "today_vn", lambda: TODAY)
    scene = build_scene(frames, ExportRequest(format="svg").validate(TODAY), latest_per_feature(history, TODAY),
                        history, made_on=TODAY)
    first = snapshot.render_snapshot(scene)
    monkeypatch.setattr(request_module, "today_vn", lambda: date(2026, 11, 28))
    again = snapshot.render_snapshot(scene)
    assert len(drawings) == 2 and "28/11/2026" in again.decode() and "28/11/2026" not in first.decode()
