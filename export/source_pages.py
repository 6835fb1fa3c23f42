"""The PDF's full source list, set on as many pages as it takes, without a lonely line on the last page.

Filling pages greedily can leave one or two lines of the last item on a page of their own (an A4
portrait print of the zones and railways ended on one line). When the last page is that short, it is
first set on the page before with slightly tighter spacing if it then fits ("nearly fits"); otherwise
items move from the page before onto it until it holds at least ``MIN_LINES`` lines.
"""
from __future__ import annotations

import re
import textwrap

from export.figure import page_scale
from export.scene import Scene
from export.sources import full_sources
from export.text_page import Line
from export.words import w

MIN_LINES = 3          # a sources page holds at least this many lines, unless the whole list is shorter
NEARLY = 6             # a last page this short is tried on the page before, tighter
LEADING, GAP = 1.4, 0.3                # line height and gap after an item, in line heights of the font size
TIGHT_LEADING, TIGHT_GAP = 1.3, 0.1    # the tightest the page before may be set to take the last page in

Item = tuple[int, list[str]]   # the item's number, its wrapped lines


def _height(items: list[Item], line_h: float, gap: float) -> float:
    return sum(len(parts) * line_h + gap * line_h for _, parts in items)


def paginate(items: list[Item], room: float, size_h: float) -> list[tuple[list[Item], float]]:
    """``items`` broken into pages of ``room`` inches: each page's items and its leading (in font heights,
    ``size_h`` inches each), no page after the first holding fewer than ``MIN_LINES`` lines when avoidable."""
    pages: list[list[Item]] = [[]]
    y = 0.0
    line_h = LEADING * size_h
    for item in items:
        if pages[-1] and y + len(item[1]) * line_h > room:
            pages.append([])
            y = 0.0
        pages[-1].append(item)
        y += (len(item[1]) + GAP) * line_h
    leading = [LEADING] * len(pages)
    if len(pages) > 1 and _lines(pages[-1]) < NEARLY:
        both = pages[-2] + pages[-1]
        tight = TIGHT_LEADING * size_h
        if _height(both, tight, TIGHT_GAP) - TIGHT_GAP * tight <= room:
            pages[-2:] = [both]
            leading[-2:] = [_leading_to_fit(both, room, size_h)]
        else:
            while _lines(pages[-1]) < MIN_LINES and len(pages[-2]) > 1 and \
                    _lines(pages[-2]) - len(pages[-2][-1][1]) >= MIN_LINES:
                pages[-1].insert(0, pages[-2].pop())
    return list(zip(pages, leading))


def _lines(items: list[Item]) -> int:
    return sum(len(parts) for _, parts in items)


def _leading_to_fit(items: list[Item], room: float, size_h: float) -> float:
    """The loosest leading (from LEADING down to TIGHT_LEADING, gaps shrunk alike) that fits ``items`` in ``room``."""
    for step in range(11):
        f = step / 10
        lead, gap = LEADING - f * (LEADING - TIGHT_LEADING), GAP - f * (GAP - TIGHT_GAP)
        if _height(items, lead * size_h, gap) - gap * lead * size_h <= room:
            return lead
    return TIGHT_LEADING


def _gap_for(leading: float) -> float:
    f = (LEADING - leading) / (LEADING - TIGHT_LEADING)
    return GAP - f * (GAP - TIGHT_GAP)


def sources_pages(scene: Scene) -> list[list[Line]]:
    """The PDF's last pages: every source in full, with its links, numbered; as many pages as it takes
    (each page's lines, for :func:`export.text_page.save_pages`)."""
    W, H = scene.request.page_inches()
    s = page_scale((W, H))
    margin, size = 0.6 * s, 7.5 * s
    chars = int((W - 2 * margin - 0.35 * s) * 72 / (size * 0.56))
    items = [(n, textwrap.wrap(source, chars, break_long_words=True, break_on_hyphens=False) or [""])
             for n, source in enumerate(full_sources(scene), start=1)]
    top = H - margin - 0.7 * s
    out: list[list[Line]] = []
    for number, (chunk, leading) in enumerate(paginate(items, top - margin, size / 72)):
        title = w("full_title", scene.lang) + (f" ({number + 1})" if number else "")
        page = [Line(margin / W, 1 - margin / H, title, 14 * s, "#1a237e", weight="bold"),
                Line(margin / W, 1 - (margin + 0.3 * s) / H, scene.title(), 8.5 * s, "#37474f", parse_math=False)]
        y, line_h = top, leading * size / 72
        for n, parts in chunk:
            page.append(Line(margin / W, y / H, f"{n}.", size, "#546e7a"))
            for part in parts:
                page.append(Line((margin + 0.35 * s) / W, y / H, part, size, "#212121", parse_math=False,
                                 url=_first_url(part)))
                y -= line_h
            y -= line_h * _gap_for(leading)
        out.append(page)
    return out


def _first_url(text: str) -> str | None:
    m = re.search(r"https?://\S+", text)
    return m.group(0).rstrip(";,)") if m else None
