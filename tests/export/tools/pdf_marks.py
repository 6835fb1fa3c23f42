"""A PDF map's point symbols and drawn lines, read back from the page's content (pypdf), in poppler's points (y down).

The lines' names must keep off the symbols (and, where they can, the other lines) as the page draws them, not as the placer thinks it
drew them: so the symbols and lines are read from the PDF's own paths. matplotlib writes each symbol as one filled
and stroked path (``B``): a circle as a move and eight curves, a square or diamond as four corners; the railways and
the ring road as stroked open paths (``S``) two points wide or more (district boundaries, the graticule, leader
lines and the frame are thinner; the ring round the page's own place is closed). Text halos are form XObjects and are not read."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from shapely.geometry import LineString, Point, Polygon

LINE_MIN_W = 2.0      # points: a stroke this wide or wider is one of the map's lines (railway, ring road)
MARK_MIN, MARK_MAX = 1.5, 40.0   # points: a symbol's side (true-position dots included, urban areas' circles too)


@dataclass
class Marks:
    """A page's point symbols (their outline included) and its lines: each a shape, a line with its stroke width."""

    symbols: list[Polygon] = field(default_factory=list)
    lines: list[tuple[LineString, float]] = field(default_factory=list)
    strokes: list["Stroke"] = field(default_factory=list)   # every open stroke (thin ones too), its colour, dashes


@dataclass(frozen=True)
class Stroke:
    """A line as the page strokes it: its path, width, colour (RGB) and dash pattern (points)."""

    line: LineString
    width: float
    colour: tuple[float, float, float]
    dash: tuple[float, ...]

    def look(self) -> tuple:
        """What a reader tells lines apart by: the colour and the dash pattern in line widths (a legend's
        symbol, drawn narrower than its line on the map, has the same pattern at its own width)."""
        return (tuple(round(c, 2) for c in self.colour), tuple(round(d / self.width, 1) for d in self.dash))


def page_marks(pdf: bytes) -> list[Marks]:
    """Every page's symbols and lines, as the content stream paints them (its ``cm`` and ``q``/``Q`` followed)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        marks = Marks()
        ctm, stack, width, subpaths = np.eye(3), [], 1.0, []
        colour, dash = (0.0, 0.0, 0.0), ()

        def to_page(x, y, ctm=None):
            v = np.array([float(x), float(y), 1.0]) @ ctm
            return float(v[0]), height - float(v[1])

        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append((ctm.copy(), width, colour, dash))
            elif op == b"Q":
                ctm, width, colour, dash = stack.pop()
            elif op == b"RG":
                colour = tuple(float(v) for v in operands)
            elif op == b"d":
                scale = float(np.sqrt(abs(np.linalg.det(ctm[:2, :2]))))
                dash = tuple(float(v) * scale for v in operands[0])
            elif op == b"cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                ctm = np.array([[a, b, 0], [c, d, 0], [e, f, 1]]) @ ctm
            elif op == b"w":
                width = float(operands[0]) * float(np.sqrt(abs(np.linalg.det(ctm[:2, :2]))))
            elif op == b"m":
                subpaths.append([to_page(*operands, ctm=ctm)])
            elif op in (b"l", b"c") and subpaths:
                subpaths[-1].append(to_page(*operands[-2:], ctm=ctm))
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                subpaths.append([to_page(x, y, ctm), to_page(x + w, y, ctm), to_page(x + w, y + h, ctm),
                                 to_page(x, y + h, ctm)])
            elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"):
                if op in (b"B", b"b") and len(subpaths) == 1:
                    shape = _symbol(subpaths[0], width)
                    if shape is not None:
                        marks.symbols.append(shape)
                elif op == b"S":
                    # open paths: a closed one is the ring round the page's own place (export.atlas highlight)
                    opened = [p for p in subpaths if len(p) >= 2 and p[0] != p[-1]]
                    if width >= LINE_MIN_W:
                        marks.lines += [(LineString(p), width) for p in opened]
                    marks.strokes += [Stroke(LineString(p), width, colour, dash) for p in opened]
                subpaths = []
        out.append(marks)
    return out


def _symbol(points: list[tuple[float, float]], width: float) -> Polygon | None:
    """A symbol's shape, outline included: a circle (a move and eight curves) as its disc, a square or diamond (four
    corners) as itself; None for any other path."""
    p = np.array(points)
    if len(p) > 1 and np.allclose(p[0], p[-1]):
        p = p[:-1]
    side = p.max(axis=0) - p.min(axis=0)
    if not (MARK_MIN <= side.max() <= MARK_MAX) or abs(side[0] - side[1]) > 0.1 * side.max():
        return None
    if len(p) == 8:    # a circle: its eight curves' ends
        centre = (p.max(axis=0) + p.min(axis=0)) / 2
        return Point(*centre).buffer(side.max() / 2 + width / 2, 32)
    if len(p) == 4:
        return Polygon(p).buffer(width / 2, join_style=2)
    return None


def symbol_clashes(marks: Marks, names: list, overlap: float = 0.5) -> list[str]:
    """The symbols each turned name (tests/export/tools/pdf_words.Turned) of a page runs over by more than ``overlap``
    square points: never allowed."""
    return [f"{t.text!r} is over a symbol at {tuple(round(v) for v in s.bounds)}"
            for t in names for s in marks.symbols if t.footprint.intersection(s).area > overlap]


def line_crossings(marks: Marks, names: list, overlap: float = 0.5) -> list[str]:
    """The lines other than its own (the line nearest its middle, and any drawn over it, e.g. the page's own place
    highlighted) each turned name of a page runs over by more than ``overlap`` square points: allowed where the name
    finds no stretch clear of them."""
    problems = []
    for t in names:
        if not marks.lines:
            continue
        middle = t.footprint.centroid
        own = min(marks.lines, key=lambda line: line[0].distance(middle))[0]
        problems += [f"{t.text!r} crosses a line {width:g} pt wide" for line, width in marks.lines
                     if line.hausdorff_distance(own) > 0.5 and t.footprint.intersection(line.buffer(width / 2)).area > overlap]
    return problems
