"""A print map's page drawn as the export draws it and read back: its figure (where matplotlib put each panel),
its words as poppler reads them and its turned text (tests/export/tools/pdf_words)."""
from __future__ import annotations

import io

from export.draw import rendering
from export.snapshot import snapshot_figure
from export.words import w
from tests.export.tools.pdf_words import Page, Turned, page_words, turned_text


def print_pdf(scene) -> tuple[object, bytes]:
    """The map page as PDF: its figure (page points, y up) and the file's bytes."""
    with rendering():
        fig = snapshot_figure(scene, fetcher=None)
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf", dpi=scene.request.dpi, facecolor="white")
    return fig, buf.getvalue()


def print_page(scene) -> tuple[object, Page, list[Turned]]:
    """The map page as PDF: its figure (page points, y up), its words (pdftotext -bbox, y down) and its turned
    text as the page's content sets it."""
    fig, pdf = print_pdf(scene)
    return fig, page_words(pdf)[0], turned_text(pdf)[0]


def box_pt(fig, ax) -> tuple[float, float, float, float]:
    """An axes' box in page points, y up."""
    (x0, y0), (x1, y1) = ax.transAxes.transform([(0, 0), (1, 1)]) * 72.0 / fig.dpi
    return x0, y0, x1, y1


def legend_axes(fig, lang: str):
    """The axes the legend is drawn in (the one whose texts hold the legend's title)."""
    return next(a for a in fig.axes if any(t.get_text() == w("legend", lang) for t in a.texts))
