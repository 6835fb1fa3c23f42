"""The fonts a PDF embeds, subset by copying glyph records from the per-process cut, are fontTools' subsets in
all a reader sees: the same glyphs in the same order, outlines, hinting and advances, so the same pages."""
from __future__ import annotations

import io
import subprocess

import numpy as np
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends import _backend_pdf_ps
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.ft2font import FT2Font, LoadFlags
from PIL import Image

from export import font_subset
from export.draw import rendering
from export.figure import new_figure
from export.words import nfc

TEXT = nfc("Bản đồ quy hoạch Hải Dương 2030 — Khu công nghiệp Đại An, Thị trấn Phú Thái; “file” ½ §3.2 21°00′B")


def _font(weight: str = "normal") -> font_manager.FontPath:
    return font_manager.FontPath(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                                                   weight=weight)), 0)


def _glyphs(path: font_manager.FontPath, text: str) -> set[int]:
    font = FT2Font(path.path)
    return {font.get_char_index(ord(c)) for c in text} - {0} | {font.get_name_index("fi")}


def _subset_bytes(path, glyphs) -> tuple[bytes, dict]:
    with font_subset.lean_subset(path, glyphs) as subset:
        return _backend_pdf_ps.font_as_file(subset.font).getvalue(), dict(subset.glyph_index_map)


def _fonttools_subset(path, glyphs) -> tuple[bytes, dict]:
    """What lean_subset gave before: fontTools' subsetter run on the cut."""
    data, to_base = font_subset._base_font(path.path, path.face_index)
    font, base_map = font_subset._subset(io.BytesIO(data), 0, {to_base[g] for g in glyphs})
    return _backend_pdf_ps.font_as_file(font).getvalue(), {g: base_map[to_base[g]] for g in glyphs}


def test_a_subset_copied_from_the_cut_holds_fonttools_glyphs_outlines_and_advances():
    for weight in ("normal", "bold"):
        path = _font(weight)
        glyphs = _glyphs(path, TEXT)
        ours, our_map = _subset_bytes(path, glyphs)
        theirs, their_map = _fonttools_subset(path, glyphs)
        assert our_map == their_map
        mine, ref = TTFont(io.BytesIO(ours)), TTFont(io.BytesIO(theirs))
        assert len(mine.getGlyphOrder()) == len(ref.getGlyphOrder())
        composites = 0
        for a, b in zip(mine.getGlyphOrder(), ref.getGlyphOrder()):
            ga, gb = mine["glyf"][a], ref["glyf"][b]
            assert mine["hmtx"][a] == ref["hmtx"][b]
            assert ga.numberOfContours == gb.numberOfContours
            if ga.isComposite():  # components point at the same glyphs, renumbered alike
                composites += 1
                assert [mine.getGlyphID(c.glyphName) for c in ga.components] == \
                    [ref.getGlyphID(c.glyphName) for c in gb.components]
                assert [(c.x, c.y, c.flags) for c in ga.components] == [(c.x, c.y, c.flags) for c in gb.components]
            elif ga.numberOfContours:
                ca, cb = ga.getCoordinates(mine["glyf"]), gb.getCoordinates(ref["glyf"])
                assert list(ca[0]) == list(cb[0]) and list(ca[1]) == list(cb[1]) and list(ca[2]) == list(cb[2])
            if hasattr(gb, "program"):
                assert ga.program.getBytecode() == gb.program.getBytecode()
        assert composites  # Vietnamese letters are composites in DejaVu: their renumbering is exercised
        for tag in ("cvt ", "fpgm", "prep", "gasp"):
            assert mine.getTableData(tag) == ref.getTableData(tag)
        # the characters map to the same glyphs, and FreeType reads the same advances
        assert mine["cmap"].getBestCmap().keys() == ref["cmap"].getBestCmap().keys()
        for cp in mine["cmap"].getBestCmap():
            assert mine.getGlyphID(mine["cmap"].getBestCmap()[cp]) == ref.getGlyphID(ref["cmap"].getBestCmap()[cp])
        fa, fb = FT2Font(io.BytesIO(ours)), FT2Font(io.BytesIO(theirs))
        for g in range(fb.num_glyphs):
            flags = LoadFlags.NO_SCALE | LoadFlags.NO_HINTING
            assert fa.load_glyph(g, flags).horiAdvance == fb.load_glyph(g, flags).horiAdvance


def test_a_glyph_outside_the_cut_is_subset_from_the_font_file():
    path = _font()
    font = FT2Font(path.path)
    cyrillic = {font.get_char_index(ord(c)) for c in "Ханой"}  # not in the scripts of the cut
    _data, to_base = font_subset._base_font(path.path, path.face_index)
    assert not cyrillic <= to_base.keys()
    data, index_map = _subset_bytes(path, cyrillic | _glyphs(path, "Hà Nội"))
    subset = FT2Font(io.BytesIO(data))
    for g, new in index_map.items():
        flags = LoadFlags.NO_SCALE | LoadFlags.NO_HINTING
        assert subset.load_glyph(new, flags).horiAdvance == font.load_glyph(g, flags).horiAdvance


def _page_pdf() -> bytes:
    buf = io.BytesIO()
    with rendering(), PdfPages(buf) as pdf:
        for size, weight in ((13, "bold"), (7, "normal")):
            fig = new_figure((5, 2), dpi=100)
            fig.text(0.02, 0.7, TEXT[:60], fontsize=size, fontweight=weight, parse_math=False)
            fig.text(0.02, 0.3, TEXT[60:], fontsize=size * 0.8, parse_math=False)
            pdf.savefig(fig)
    return buf.getvalue()


def test_a_pdf_with_copied_subsets_shows_the_pages_and_words_of_fonttools_subsets(tmp_path, monkeypatch):
    ours = _page_pdf()
    font_subset._parsed_cut.cache_clear()
    monkeypatch.setattr(font_subset, "_parsed_cut", lambda path, face_index: None)  # fontTools' subsetter
    theirs = _page_pdf()
    assert ours != theirs  # the fonts were built differently
    pages = {}
    for name, data in (("ours", ours), ("theirs", theirs)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
        pages[name] = [np.asarray(Image.open(p)) for p in sorted(tmp_path.glob(f"{name}-*.png"))]
    assert len(pages["ours"]) == len(pages["theirs"]) == 2
    for a, b in zip(pages["ours"], pages["theirs"]):
        assert np.array_equal(a, b)
    words = [subprocess.run(["pdftotext", "-bbox", str(tmp_path / f"{n}.pdf"), "-"], capture_output=True, text=True,
                            check=True).stdout.split("</head>")[1] for n in ("ours", "theirs")]
    assert words[0] == words[1]
    assert nfc("Dương") in words[0]
