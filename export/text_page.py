"""Pages of one-line texts (the PDF's full list of sources) drawn by one Text, re-set for each line.

A figure with a Text artist per line builds and draws a hundred artists a page; the page is the same
when one Text, given each line's position, string and properties in turn, is drawn a hundred times
through matplotlib's own ``Text.draw``. :func:`save_pages` writes such pages on one figure, reused.
"""
from __future__ import annotations

from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.text import Text

from export.figure import new_figure


@dataclass(frozen=True)
class Line:
    """One line of text as ``fig.text(x, y, text, fontsize=size, …)`` would set it (x, y: figure fractions)."""

    x: float
    y: float
    text: str
    size: float
    color: str
    weight: str = "normal"
    parse_math: bool = True
    url: str | None = None
    va: str = "top"


class _Lines(Artist):
    """The lines of one page, each drawn as a ``Text`` of its own would be (same ``Text.draw``, same state)."""

    def __init__(self, probe: Text):
        super().__init__()
        self.probe = probe
        self.lines: list[Line] = []
        self.zorder = probe.zorder  # where the figure draws its texts

    def draw(self, renderer) -> None:
        t = self.probe
        for line in self.lines:
            t.set_position((line.x, line.y))
            t.set_text(line.text)
            t.set_fontsize(line.size)
            t.set_fontweight(line.weight)
            t.set_color(line.color)
            t.set_parse_math(line.parse_math)
            t.set_url(line.url)
            t.set_verticalalignment(line.va)
            t.draw(renderer)


def save_pages(pdf, pages: list[list[Line]], size_in: tuple[float, float], dpi: int = 100) -> None:
    """Each page's lines on a page of ``pdf`` (a ``PdfPages``), on a white ground: the pages a figure per page
    with a ``fig.text`` per line gives."""
    fig = new_figure(size_in, dpi=dpi)
    probe = Text(0, 0, "", transform=fig.transSubfigure)
    probe.ink_only = True  # type: ignore[attr-defined]  # its box is never read: laid out once (export.fast_ink)
    probe.set_figure(fig)
    lines = _Lines(probe)
    lines.set_figure(fig)
    fig.add_artist(lines)
    for page in pages:
        lines.lines = page
        pdf.savefig(fig, facecolor="white")
