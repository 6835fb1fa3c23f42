"""The atlas's ways in: index pages listing every place with its page, and the PDF outline (bookmarks).

Both are laid out from the same places in the same order as export.atlas draws their pages, so a
page number in the index and a bookmark always reach the place they name.
"""
from __future__ import annotations

import io

import pandas as pd

from export.figure import new_figure
from export.scene import Scene
from export.words import w
from layers.registry import get_layer

INDEX_PT = 8.5   # the index's text size
CLOSE_UP = 0.9   # lines may come this much closer to keep the index a page shorter


def index_pages(scene: Scene, recs: pd.DataFrame, first_place_page: int, total: int) -> list:
    """The index: every place, by layer, with its page number (as many pages as it takes)."""
    req, lang = scene.request, scene.lang
    W, H = req.page_inches()
    m, size = 0.6, INDEX_PT
    rows: list[tuple[str, str, int | None]] = []   # (kind, text, page)
    for layer_id, group in recs.groupby("layer", sort=False):
        rows.append(("heading", get_layer(layer_id).title(lang), None))
        for i, rec in group.iterrows():
            rows.append(("place", rec["name"], first_place_page + int(i)))
    per_page, line_h = index_layout(req, len(rows))
    pages = []
    for start in range(0, len(rows), per_page):
        fig = new_figure((W, H), dpi=100)
        title = w("index", lang) + (f" ({len(pages) + 1})" if start else "")
        fig.text(m / W, 1 - m / H, title, fontsize=16, fontweight="bold", va="top", color="#1a237e")
        y = m + 0.5
        for kind, text, page in rows[start:start + per_page]:
            bold = kind == "heading"
            fig.text((m + (0 if bold else 0.2)) / W, 1 - y / H, text, fontsize=size, va="top",
                     fontweight="bold" if bold else "normal", color="#1a237e" if bold else "#212121", parse_math=False)
            if page is not None:
                fig.text(1 - m / W, 1 - y / H, str(page), fontsize=size, va="top", ha="right", color="#212121")
            y += line_h
        fig.text(m / W, 0.3 / H, f"{w('page', lang)} {2 + len(pages)}/{total}", fontsize=6.5, va="bottom",
                 color="#546e7a")
        pages.append(fig)
    return pages


def index_layout(req, rows: int) -> tuple[int, float]:
    """(rows per page, line height in inches) for an index of ``rows`` lines: the fewest pages at the normal
    spacing, with the lines closed up a little (to CLOSE_UP of it at most) when that spares a page holding a
    few last rows (the whole atlas of the plan had "Ga Tứ Kỳ" alone on a second index page)."""
    _, H = req.page_inches()
    line_h = INDEX_PT * 1.45 / 72
    per_page = max(10, int((H - 1.6) / line_h))
    pages = max(1, -(-rows // per_page))
    if pages > 1:
        closer = -(-rows // (pages - 1))
        if per_page / closer >= CLOSE_UP:
            return closer, line_h * per_page / closer
    return per_page, line_h


def index_page_count(scene: Scene, recs: pd.DataFrame) -> int:
    rows = len(recs) + recs["layer"].nunique()  # a heading per layer, a line per place (as index_pages lays them)
    per_page, _ = index_layout(scene.request, rows)
    return max(1, -(-rows // per_page))


def with_bookmarks(data: bytes, scene: Scene, recs: pd.DataFrame, first: int, n_index: int) -> bytes:
    """The PDF with an outline: cover, index, then each layer with its places (pypdf)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    lang = scene.lang
    writer.add_outline_item(w("cover", lang), 0)
    writer.add_outline_item(w("index", lang), 1)
    for layer_id, group in recs.groupby("layer", sort=False):
        parent = writer.add_outline_item(get_layer(layer_id).title(lang), first - 1 + int(group.index[0]))
        for i, rec in group.iterrows():
            writer.add_outline_item(rec["name"], first - 1 + int(i), parent=parent)
    writer.add_outline_item(w("targets_title", lang), len(writer.pages) - 1)  # the last page
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
