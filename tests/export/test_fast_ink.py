"""Lines laid out once (export.fast_ink): the heights and descents matplotlib measures, the same PDF pages."""
from __future__ import annotations

import re
import warnings

from matplotlib.font_manager import FontProperties

from export import fast_text, render_cache
from export.draw import rendering
from export.fast_ink import ink_measure
from export.snapshot import render_snapshot

from tests.export.conftest import REAL
from tests.export.test_fast_paths import _bbox_words, _raster

STRINGS = ["", " ", "lp", "Ữ", "Hải Dương", "Khu công nghiệp Đại An — 21°00′B", "1:406 000 — 7,5 km", "ffi fl AV To",
           "Quyết định 1639/QĐ-TTg (19/12/2023): https://example.org/a_b?c=đ#x", "日本 (glyph not in the font)", "\t"]


def test_a_lines_height_and_descent_are_those_matplotlib_measures():
    text = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    strings = STRINGS + [line[:200] for line in text.splitlines()[:150]]
    with rendering():
        fonts = [fast_text.font_files(FontProperties(family="sans-serif", weight=w)) for w in ("normal", "bold")]
    checked = 0
    with warnings.catch_warnings():   # the ideographs: missing, as matplotlib warns
        warnings.simplefilter("ignore", UserWarning)
        for files in fonts:
            for size in (6.0, 7.5, 8.5 * 1.19, 17.0):
                for s in strings:
                    theirs = fast_text.measure.__wrapped__(s, files, size)
                    ours = ink_measure(fast_text.layout(s, files, size, None, None), size,
                                       lambda: fast_text._sized_font(files, size))
                    assert ours[1:] == theirs[1:], (s, size)
                    checked += 1
    assert checked > 1000


def test_the_sources_pages_read_and_rasterise_as_matplotlibs_layout_sets_them(scene_of, monkeypatch, tmp_path):
    monkeypatch.setattr(render_cache, "enabled", False)
    fast_text._LAYOUTS.clear()
    ours = render_snapshot(scene_of(format="pdf"))
    with monkeypatch.context() as m:
        m.setattr(fast_text, "_ink_only_layout", fast_text._ORIGINAL["text_layout"])
        fast_text._LAYOUTS.clear()
        theirs = render_snapshot(scene_of(format="pdf"))
    fast_text._LAYOUTS.clear()
    undated = re.compile(rb"/CreationDate \([^)]*\)")
    assert undated.sub(b"", ours) == undated.sub(b"", theirs)
    assert _bbox_words(ours, tmp_path) == _bbox_words(theirs, tmp_path)
    a, b = _raster(ours, tmp_path, "ours", dpi=50), _raster(theirs, tmp_path, "theirs", dpi=50)
    assert len(a) == len(b) == 2 and all((x == y).all() for x, y in zip(a, b))
