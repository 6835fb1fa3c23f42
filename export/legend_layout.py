"""The legend's layout, computed once in points and drawn by matplotlib (pages) or python-pptx (slides).

Each row is as tall as its symbol or its wrapped label, whichever is taller, so a two-line entry
never runs into the next and a large proportional symbol keeps its true size; sections flow into
further columns, each section whole in one column where that fits (a heading at one column's foot and
its entries atop the next were read as another section's), else split with its heading repeated,
marked "(tiếp)", atop the next column; when the legend still does not fit, the type shrinks (down to a floor: on a printed
page :data:`PRINT_MIN_PT`, below which the page gives the legend more room instead) — an entry is never
silently dropped: :func:`layout_legend` says how many did not fit, and callers make room or print the
rest elsewhere.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from export.symbols import PX_TO_PT, marker_size
from layers.base import LegendEntry

CHAR_EM = 0.56          # average width of a Vietnamese letter, in ems (DejaVu Sans / Arial with marks)
LINE_EM = 1.22
MIN_SIZE_PT = 5.5       # a slide's legend, projected large
PRINT_MIN_PT = 7.0      # a printed page's legend, number key included, is read at arm's length: never smaller
                        # (walk 16, f. 12; issue 10)
SYMBOL_FILL = 0.85      # a symbol is drawn across this share of its column


@dataclass(frozen=True)
class Item:
    """One thing of the legend: its box in points from the top left (y grows downward)."""

    kind: str                       # "title" | "heading" | "entry"
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    size: float                     # font size, points
    entry: LegendEntry | None = None
    symbol_w: float = 0.0           # width of the symbol column (entries)


@dataclass(frozen=True)
class Layout:
    items: tuple[Item, ...]
    size: float
    unplaced: int                   # entries that did not fit even at the smallest type


def symbol_extent(entry: LegendEntry, size: float) -> tuple[float, float]:
    """(width, height) in points of an entry's symbol."""
    half = getattr(entry, "half_pt", None)
    if entry.shape == "line":
        return max(2.4 * size, dash_run(entry)), size * 0.9
    if entry.shape == "area":
        return 2.4 * size, size * 0.9
    if entry.shape == "text":   # a paragraph (the number key): no symbol
        return 0.0, 0.0
    if half is None:
        half = marker_size(entry.style) / 2
    leader = 1.2 * size if getattr(entry, "leader", False) else 0.0
    return max(2.4 * size, 2 * half + leader + 2), 2 * half + 2


def dash_run(entry: LegendEntry) -> float:
    """Width in points a line symbol needs to show its dash pattern as the map draws it: two dashes and a
    gap at least (0 for a solid line). Drawn at ``SYMBOL_FILL`` of the symbol column."""
    parts = [float(p) for p in (entry.style.dash or "").replace(",", " ").split()]
    if not parts:
        return 0.0
    period = sum(parts) * (1 if len(parts) % 2 == 0 else 2) * PX_TO_PT
    return (period + parts[0] * PX_TO_PT) / SYMBOL_FILL


def _wrap(text: str, width_pt: float, size: float) -> tuple[str, ...]:
    chars = max(8, int(width_pt / (size * CHAR_EM)))
    # a hyphenated word stays whole on its row ("standard-gauge": the name the map and the legend give a line)
    return tuple(textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False)) or ("",)


def _entry_rows(entry: LegendEntry, col_w: float, size: float) -> tuple[float, tuple[str, ...], float]:
    """(height, wrapped label, symbol column width) of an entry's row."""
    sw, sh = symbol_extent(entry, size)
    sw = max(sw, 2.4 * size) if entry.shape != "text" else -size * 0.5
    text = _wrap(entry.label, col_w - sw - size * 0.5, size)
    return max(sh, len(text) * size * LINE_EM), text, sw


def _try(sections, title: str, width: float, height: float, size: float, ncol: int, more: str = "(tiếp)",
         together: bool = True) -> Layout:
    col_w = (width - (ncol - 1) * size) / ncol
    gap = size * 0.45
    items: list[Item] = []
    col, y = 0, 0.0
    unplaced = 0
    total = sum(len(e) for _, e in sections)

    def place(kind: str, h: float, **kw) -> bool:
        nonlocal col, y
        if y + h > height and y > 0:
            col, y = col + 1, 0.0
        if col >= ncol or h > height:
            return False
        items.append(Item(kind=kind, x=col * (col_w + size), y=y, height=h, **kw))
        y += h + gap
        return True

    head = _wrap(title, col_w, size * 1.2)
    place("title", len(head) * size * 1.2 * LINE_EM, width=col_w, lines=head, size=size * 1.2)
    placed = 0
    for heading, entries in sections:
        lines = _wrap(heading, col_w, size)
        head_h = len(lines) * size * LINE_EM
        rows = [_entry_rows(entry, col_w, size) for entry in entries]
        whole = head_h + sum(h + gap for h, _, _ in rows)
        first = head_h + gap + (rows[0][0] if rows else 0.0)
        # the section whole in the next column where it does not fit this one's rest but fits a column; at least
        # its heading with its first entry
        if y > 0 and ((together and y + whole > height >= whole) or y + first > height):
            col, y = col + 1, 0.0
        if not place("heading", head_h, width=col_w, lines=lines, size=size):
            break
        for entry, (h, text, sw) in zip(entries, rows):
            if y + h > height and y > 0:   # the section runs on into the next column: its heading again there
                cont = _wrap(f"{heading} {more}", col_w, size)
                col, y = col + 1, 0.0
                if not place("heading", len(cont) * size * LINE_EM, width=col_w, lines=cont, size=size):
                    break
            if not place("entry", h, width=col_w, lines=text, size=size, entry=entry, symbol_w=sw):
                break
            placed += 1
        else:
            continue
        break
    unplaced = total - placed
    return Layout(tuple(items), size, unplaced)


def layout_legend(sections: list[tuple[str, list[LegendEntry]]], title: str, width: float, height: float,
                  size: float, ncol: int = 1, floor: float = MIN_SIZE_PT, more: str = "(tiếp)") -> Layout:
    """The legend in a ``width`` × ``height`` point box: at ``size``, each section in one column, else sections
    split across columns (their headings repeated with ``more``), else smaller type until it fits, never under
    ``floor``."""
    s = size
    while True:
        layout = _try(sections, title, width, height, s, ncol, more)
        if layout.unplaced:
            layout = _try(sections, title, width, height, s, ncol, more, together=False)
        if layout.unplaced == 0 or s <= floor:
            return layout
        s = max(floor, s * 0.92)
