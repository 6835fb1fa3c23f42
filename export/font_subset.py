"""Font subsets for PDF embedding without the tables a PDF never reads, cut from a small base once per process.

matplotlib subsets every font of every PDF with fontTools, which decodes the OpenType layout tables
(GSUB, GPOS, …) in full although a PDF positions each glyph itself. :func:`lean_subset` gives the
same glyphs in the same order (so the same embedded font) from a per-process cut of each font to the
scripts our maps write in. export.fast_text installs it for the duration of a render.
"""
from __future__ import annotations

import io
from functools import lru_cache

from fontTools import subset as ft_subset
from matplotlib.backends import _backend_pdf_ps

# Tables that matter to text shaping only: a PDF positions every glyph itself (ISO 32000 §9.9 lists
# the TrueType tables a viewer reads: glyf, head, hhea, hmtx, loca, maxp, cvt, prep, fpgm, cmap).
LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF", "kern", "MATH", "JSTF", "BASE"]
# The scripts a map of Vietnam writes in (Latin with its Vietnamese letters and marks, punctuation,
# arrows, symbols): each font is cut down to these once per process, and every export subsets that
# small font — a tenth of the glyphs fontTools would otherwise decode in full, twice per font per file.
BASE_RANGES = ((0x20, 0x24F), (0x250, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x1E00, 0x1EFF),
               (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x21FF), (0x2200, 0x22FF), (0x2300, 0x23FF),
               (0x2500, 0x25FF), (0x2600, 0x27BF), (0xFB00, 0xFB06))


def _subset_options(face_index: int):
    options = ft_subset.Options(glyph_names=True, recommended_glyphs=True)
    options.drop_tables += ["FFTM", "PfEd", "BDF", "meta", "MERG", "TSIV", "Zapf", "bdat", "bloc", "cidg", "fdsc",
                            "feat", "fmtx", "fond", "just", "kerx", "ltag", "morx", "trak", "xref", *LAYOUT_TABLES]
    options.font_number = face_index
    return options


def _subset(source, face_index: int, gids) -> tuple:
    """(subset font, original → subset glyph index) — matplotlib's ``get_glyphs_subset`` options, with the
    OpenType layout tables removed before subsetting, so fontTools never decodes them."""
    options = _subset_options(face_index)
    font = ft_subset.load_font(source, options)
    for tag in LAYOUT_TABLES:
        if tag in font:
            del font[tag]
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(gids=gids)
    subsetter.subset(font)
    return font, subsetter.glyph_index_map


@lru_cache(maxsize=32)
def _base_font(path: str, face_index: int) -> tuple[bytes, dict]:
    """The font cut down to :data:`BASE_RANGES` (bytes, original → base glyph index), once per process."""
    font = ft_subset.load_font(path, _subset_options(face_index))
    cmap = font.getBestCmap() or {}
    names = [name for cp, name in cmap.items() if any(lo <= cp <= hi for lo, hi in BASE_RANGES)]
    gids = {0, *font.getGlyphIDMany(names)}
    font.close()
    base, index_map = _subset(path, face_index, gids)
    buf = io.BytesIO()
    base.save(buf)
    base.close()
    return buf.getvalue(), index_map


def lean_subset(fontfile, glyphs):
    """matplotlib's ``get_glyphs_subset``, from the font's cached base cut when it holds every glyph asked
    for (the same glyphs in the same order, so the same embedded font), else from the font file."""
    glyphs = set(glyphs)
    data, to_base = _base_font(str(fontfile), fontfile.face_index)
    if all(g in to_base for g in glyphs):
        font, base_map = _subset(io.BytesIO(data), 0, {to_base[g] for g in glyphs})
        index_map = {g: base_map[to_base[g]] for g in glyphs}
    else:
        font, index_map = _subset(fontfile, fontfile.face_index, glyphs)
    return _backend_pdf_ps.SubsetResults(font, index_map)._as_cm()
