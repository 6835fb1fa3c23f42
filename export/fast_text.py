"""Text in matplotlib's PDF output at a fraction of the cost: the same file content, less repeated work.

matplotlib 3.11 measures a string by laying it out with libraqm, then lays it out again to draw it,
loading every glyph's outline (which PDF text never uses) each time, and on every new renderer (each
page); at the end it subsets each font with its OpenType layout tables, which fontTools decodes in full
and PDF viewers never read. Text is most of the cost of every printed export (map labels, legend,
facts, sources pages), so within :func:`export.draw.rendering` we:

- embed font subsets without GSUB/GPOS/GDEF/kern/MATH (:func:`_lean_subset`).

The glyphs, their outlines, widths and the ToUnicode map are those matplotlib writes.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fontTools import subset as ft_subset
from matplotlib.backends import _backend_pdf_ps, backend_pdf

# Tables that matter to text shaping only: a PDF positions every glyph itself (ISO 32000 §9.9 lists
# the TrueType tables a viewer reads: glyf, head, hhea, hmtx, loca, maxp, cvt, prep, fpgm, cmap).
LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF", "kern", "MATH", "JSTF", "BASE"]

_ORIGINAL = {
    "subset": _backend_pdf_ps.get_glyphs_subset,
}


def _lean_subset(fontfile, glyphs):
    """matplotlib's ``get_glyphs_subset`` (same options), also dropping the OpenType layout tables."""
    options = ft_subset.Options(glyph_names=True, recommended_glyphs=True)
    options.drop_tables += ["FFTM", "PfEd", "BDF", "meta", "MERG", "TSIV", "Zapf", "bdat", "bloc", "cidg", "fdsc",
                            "feat", "fmtx", "fond", "just", "kerx", "ltag", "morx", "trak", "xref", *LAYOUT_TABLES]
    options.font_number = fontfile.face_index
    font = ft_subset.load_font(fontfile, options)
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(gids=glyphs)
    subsetter.subset(font)
    return _backend_pdf_ps.SubsetResults(font, subsetter.glyph_index_map)._as_cm()


@contextmanager
def installed() -> Iterator[None]:
    """The faster text path for the duration of one render (callers hold the render lock)."""
    _backend_pdf_ps.get_glyphs_subset = _lean_subset
    try:
        yield
    finally:
        _backend_pdf_ps.get_glyphs_subset = _ORIGINAL["subset"]
