"""The progress atlas: one PDF page per location, like a QGIS atlas.

Each page: the location's name and layer, a map inset centred on it (its neighbours drawn
around it), its facts (class, district, status, percent, responsible unit, last report), its
report history up to the as-of date, and — when the app's public address is configured — a
link and a QR code that open the location in the app.
"""
from __future__ import annotations

import io
import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from core.i18n import t
from export.draw import (
    draw_overlays,
    draw_map,
    highlight,
    projected,
    rendering,
)
from export.figure import new_figure
from export.page_limits import around, limits_for
from export.furniture import (
    FOOTER_TOP_IN,
    add_north_arrow,
    add_scalebar,
    add_ticks,
    frame_extent,
    frame_map,
    furniture_boxes,
    locator_axes,
)
from export.label_boxes import points_renderer
from export.details import history_cells, history_headers
from export.details import place_facts as _facts
from export.scene import Scene
from export.words import fmt_date, nfc, w
from export.qr import qr_image
from export.atlas_index import index_page_count, index_pages, with_bookmarks
from export.targets import targets_figure
from layers.registry import get_layer

Progress = Callable[[float, str], None]
HISTORY_ROWS = 14
INSET_HALF_WIDTH_M = 7000.0   # the smallest page extent: ~14 km across, 1:60 000 or so on A4
NOTE_ROOM = 0.95 * 1.5 * 1.1  # the history's one-line note, in font sizes of the facts (with a little to spare)
BANNER_PT = 12.0              # the "not on the map" banner's letters
CO_LOCATED_M = 300.0          # places this close share a page's map: each page says which


def locations(scene: Scene) -> pd.DataFrame:
    """The atlas's locations: every visible feature, in registry then data order."""
    return scene.rows()


def _inset_limits(scene: Scene, rec: pd.Series, aspect: float):
    frame = projected(scene).get(rec["layer"])
    if frame is None or rec["id"] not in frame.index:
        return limits_for(scene.extent(), aspect), None
    geom = frame.loc[rec["id"]].geometry
    if geom.geom_type == "Point":
        return around(geom.x, geom.y, INSET_HALF_WIDTH_M, aspect), geom
    x0, y0, x1, y1 = geom.bounds
    half = max((x1 - x0) / 2 * 1.15, (y1 - y0) / 2 * 1.15 * aspect, INSET_HALF_WIDTH_M)
    return around((x0 + x1) / 2, (y0 + y1) / 2, half, aspect), geom


def _fact_lines(rows: list[tuple[str, str]], width: float, size: float,
                label_w: float) -> list[tuple[list[str], list[str]]]:
    """Each fact's label and value wrapped to their columns (a long key never runs into its value)."""
    chars = max(12, int((width - label_w) / (size * 0.55 / 72)))
    label_chars = max(8, int((label_w - 0.1) / (size * 0.62 / 72)))  # bold letters are wider; keep a gap
    return [(textwrap.wrap(label, label_chars, break_long_words=False) or [label],
             textwrap.wrap(value, chars, break_on_hyphens=False) or ["—"])  # URLs break at the edge, whole
            for label, value in rows]


def facts_size(rows: list[tuple[str, str]], width: float, label_w: float, room: float, size: float,
               smallest: float = 6.5) -> float:
    """The largest font size (down to ``smallest``) at which the facts fit in ``room`` inches of height."""
    while size > smallest:
        if facts_height(rows, width, label_w, size) <= room:
            break
        size = max(smallest, size * 0.93)
    return size


def facts_height(rows: list[tuple[str, str]], width: float, label_w: float, size: float) -> float:
    """The height in inches the facts take at ``size`` (what _text_rows moves down)."""
    lines = sum(max(len(h), len(v)) + 0.25 for h, v in _fact_lines(rows, width, size, label_w))
    return lines * size * 1.45 / 72


def _text_rows(fig, x: float, y: float, width: float, rows: list[tuple[str, str]], W: float, H: float,
               size: float, label_w: float) -> float:
    """Two-column facts (label, value) from (x, y) inches down; returns the y reached."""
    line_h = size * 1.45 / 72
    for heads, parts in _fact_lines(rows, width, size, label_w):
        for i, head in enumerate(heads):
            fig.text(x / W, (y - i * line_h) / H, head, fontsize=size, fontweight="bold", va="top", color="#37474f",
                     parse_math=False)
        for i, part in enumerate(parts):  # every line: a source is never cut mid-URL
            fig.text((x + label_w) / W, (y - i * line_h) / H, part, fontsize=size, va="top", color="#212121",
                     parse_math=False)
        y -= line_h * (max(len(heads), len(parts)) + 0.25)
    return y


def _history_table(fig, x: float, y: float, width: float, history: pd.DataFrame, lang: str, W: float, H: float,
                   size: float, bottom: float = FOOTER_TOP_IN) -> float:
    """The report history, newest rows that fit above ``bottom`` (inches); what does not fit is counted, not cut."""
    line_h = size * 1.5 / 72
    if len(history) and y - line_h * 4.5 < bottom:  # no room for the table: one line says where the history is
        fig.text(x / W, y / H, w("history_elsewhere", lang).format(n=len(history)),
                 fontsize=size * 0.95, va="top", color="#546e7a", style="italic")
        return y - line_h
    fig.text(x / W, y / H, w("history", lang), fontsize=size * 1.2, fontweight="bold", va="top", color="#1a237e")
    y -= line_h * 1.4
    if history.empty:
        fig.text(x / W, y / H, w("no_history", lang), fontsize=size, va="top", color="#546e7a", style="italic")
        return y - line_h
    # a date is never broken: its column as wide as one (the same estimate as the cells' wrap), the others share
    # the rest as before
    first = max(0.13, (11 * size * 0.9 * 0.56 / 72) / width)
    cols = list(zip(history_headers(lang), [0.0] + [first + (f - 0.13) * (1 - first) / 0.87
                                                    for f in (0.13, 0.38, 0.45, 0.65, 0.80)]))
    head_w = [b - a for a, b in zip([c[1] for c in cols], [c[1] for c in cols[1:]] + [1.0])]
    tallest = 1
    for (label, frac), cw in zip(cols, head_w):
        parts = textwrap.wrap(label, max(4, int(cw * width / (size * 0.92 * 0.62 / 72)) - 1)) or [label]
        for k, part in enumerate(parts[:2]):
            fig.text((x + frac * width) / W, (y - k * line_h * 0.9) / H, part, fontsize=size * 0.92,
                     fontweight="bold", va="top", color="#37474f")
        tallest = max(tallest, min(len(parts), 2))
    y -= line_h * (0.9 * (tallest - 1) + 1)
    fig.add_artist(_hline(x, y + line_h * 0.25, width, W, H))
    rows = history.tail(HISTORY_ROWS)
    if len(history) > HISTORY_ROWS:
        more = len(history) - HISTORY_ROWS
        fig.text(x / W, y / H, w("earlier_reports", lang).format(n=more),
                 fontsize=size * 0.9, va="top", color="#546e7a", style="italic")
        y -= line_h
    widths = [b - a for a, b in zip([c[1] for c in cols], [c[1] for c in cols[1:]] + [1.0])]
    for shown, (_, r) in enumerate(rows.iterrows()):
        cells = []
        for (_, frac), cell, cw in zip(cols, history_cells(r, lang), widths):
            limit = max(4, int(cw * width / (size * 0.9 * 0.56 / 72)) - 1)
            # wrapped, never cut: a note ("… hợp nhất Hải Dương vào TP Hải Phòng …") is read to its end; a row
            # too tall for the page is left out whole and counted ("more_reports")
            parts = textwrap.wrap(cell, limit, break_long_words=True) or [""]
            cells.append((frac, parts))
        tallest = max(len(parts) for _, parts in cells)
        height = line_h * (0.9 * (tallest - 1) + 1.1)
        if y - height < bottom + line_h:  # the footer's line is below: say how many rows are left out
            fig.text(x / W, y / H, w("more_reports", lang).format(n=len(rows) - shown),
                     fontsize=size * 0.9, va="top", color="#546e7a", style="italic")
            return y - line_h
        for frac, parts in cells:
            for k, part in enumerate(parts):
                fig.text((x + frac * width) / W, (y - k * line_h * 0.9) / H, part, fontsize=size * 0.9, va="top",
                         color="#212121", parse_math=False)
        y -= height
    return y


def _banner_box(text: str, width_in: float, height_in: float) -> tuple[float, float, float, float]:
    """The "not on the map" banner's box in the map's axes fractions (centred; its round box's pad included),
    with a little to spare: the labels keep off it."""
    font = FontProperties(size=BANNER_PT, weight="bold")
    lines = text.split("\n")
    wide = max(points_renderer().get_text_width_height_descent(line, font, ismath=False)[0] for line in lines)
    pad = 0.6 * BANNER_PT + 4.0
    half_w = (wide / 2 + pad) / (width_in * 72)
    half_h = (len(lines) * BANNER_PT * 1.5 / 2 + pad) / (height_in * 72)
    return (0.5 - half_w, 0.5 - half_h, 0.5 + half_w, 0.5 + half_h)


def _hline(x: float, y: float, width: float, W: float, H: float):
    return Line2D([x / W, (x + width) / W], [y / H, y / H], linewidth=0.6, color="#90a4ae")


def title_lines(text: str, width_in: float, size: float = 18.0, smallest: float = 12.0) -> tuple[list[str], float]:
    """A page title that fits its width: at ``size`` on up to two lines, else smaller, never cut."""
    while True:
        chars = max(10, int(width_in * 72 / (size * 0.62)))
        lines = textwrap.wrap(text, chars) or [""]
        if len(lines) <= 2 or size <= smallest:
            return lines, size
        size -= 1.5


def co_located(scene: Scene, rec: pd.Series, within_m: float = CO_LOCATED_M) -> list[str]:
    """Names of the other places drawn within ``within_m`` of this one (they share its map)."""
    frame = projected(scene).get(rec["layer"])
    if frame is None or rec["id"] not in frame.index:
        return []
    here = frame.loc[rec["id"]].geometry
    if here.geom_type != "Point":
        return []
    keys, xy, names = _points(scene)
    near = np.hypot(xy[:, 0] - here.x, xy[:, 1] - here.y) <= within_m
    return [name for key, name, hit in zip(keys, names, near) if hit and key != (rec["layer"], rec["id"])]


def _points(scene: Scene) -> tuple[list, np.ndarray, list[str]]:
    """Every point drawn on the scene's maps: (layer, id) keys, coordinates, names (once per scene)."""
    cache = getattr(scene, "_atlas_points", None)
    if cache is None:
        keys, xy, names = [], [], []
        for layer_id, other in projected(scene).items():
            for fid, geom, name in zip(other.index, other.geometry, other.get("name", [None] * len(other))):
                if geom is not None and geom.geom_type == "Point":
                    keys.append((layer_id, fid))
                    xy.append((geom.x, geom.y))
                    names.append(nfc(name))
        cache = scene._atlas_points = (keys, np.asarray(xy, dtype=float).reshape(-1, 2), names)  # type: ignore[attr-defined]
    return cache


class PlacePages:
    """The figure of an atlas's place pages, made once: each page removes what the last one drew and keeps
    the figure, the map's axes (with their ticks) and the locator map of the province, which matplotlib
    would otherwise build again for every place (their axes, axis, ticks and spines were a fifth of the
    atlas's time). What a page draws is what a new figure would draw: the pages are compared pixel by pixel
    in tests/export/test_fast_paths.py."""

    def __init__(self, size_in: tuple[float, float]) -> None:
        self.fig = new_figure(size_in, dpi=100)
        self.ax = self.locator = self.extent = None
        self._size: tuple = ()
        self.extra: list = []   # axes of one page only (the QR code)

    def begin(self):
        """The figure, emptied of the last page's texts, lines and own axes."""
        fig = self.fig
        for artist in [*fig.texts, *fig.artists, *fig.lines, *fig.patches, *fig.images]:
            artist.remove()
        for ax in self.extra:
            ax.remove()
        self.extra.clear()
        return fig

    def map_axes(self, rect: tuple[float, float, float, float]):
        """The map's axes at ``rect`` (figure fractions), empty, as ``add_axes`` gives them."""
        if self.ax is None:
            self.ax = self.fig.add_axes(rect)
            return self.ax
        ax = self.ax
        for group in (ax.artists, ax.collections, ax.images, ax.lines, ax.patches, ax.tables, ax.texts):
            for artist in list(group):
                artist.remove()
        ax.set_prop_cycle(None)  # a plot without a colour takes the first colour, as on new axes
        ax.set_position(rect)
        return ax

    def add_locator(self, rect: tuple[float, float, float, float], limits, scale: float):
        """The locator map at ``rect`` with this page's extent framed (the districts are drawn once)."""
        if self.locator is not None and self._size == rect[2:]:  # the same inset, moved with the map
            self.extent.remove()
            self.locator.set_position(rect)
        else:
            if self.locator is not None:
                self.locator.remove()
            self.locator = locator_axes(self.fig, rect, scale)
            self._size = rect[2:]
        self.extent = frame_extent(self.locator, limits, scale)
        return self.locator


def atlas_page(scene: Scene, rec: pd.Series, number: int, total: int, pages: PlacePages | None = None):
    """One place's page; ``pages``: the figure reused from the last place's page (render_atlas)."""
    req, lang = scene.request, scene.lang
    W, H = req.page_inches()
    pages = pages or PlacePages((W, H))
    fig = pages.begin()
    m = 0.5
    size = 8.5
    # header
    fig.text(m / W, 1 - 0.35 / H, f"{w('atlas_title', lang)} — {scene.title()}", fontsize=8, va="top",
             color="#546e7a", parse_math=False)
    fig.text(1 - m / W, 1 - 0.35 / H, f"{t('as_of', lang)} {fmt_date(req.day, lang)}", fontsize=8, va="top",
             ha="right", color="#546e7a")
    lines, tsize = title_lines(rec["name"], W - 2 * m)
    y = 0.6
    for line in lines:
        fig.text(m / W, 1 - y / H, line, fontsize=tsize, fontweight="bold", va="top", color="#1a237e", parse_math=False)
        y += tsize * 1.3 / 72  # a line's letters (accents, descenders) take 1.17 of its size: never on the next
    fig.text(m / W, 1 - (y + 0.05) / H, get_layer(rec["layer"]).title(lang), fontsize=10, va="top", color="#37474f")
    top = H - y - 0.4
    portrait = H > W
    if portrait:
        map_box = (m + 0.3, top - 4.6, W - 2 * m - 0.3, 4.6)
        facts_box = (m, map_box[1] - 0.55, W - 2 * m)
    else:
        map_box = (m + 0.3, 1.0, W * 0.5 - m - 0.3, top - 1.0)
        facts_box = (W * 0.5 + 0.25, top, W * 0.5 - m - 0.25)
    mx, my, mw, mh = map_box
    ax = pages.map_axes((mx / W, my / H, mw / W, mh / H))
    limits, geom = _inset_limits(scene, rec, mw / mh)
    frame_map(ax, limits)
    banner = None
    clear = furniture_boxes(True)
    if geom is None:  # the banner goes over the map's middle: no label is set under it
        banner = "\n".join([w("not_placed_map", lang), *textwrap.wrap(w("not_placed_why", lang), 46)])
        clear = [*clear, _banner_box(banner, mw, mh)]
    drawn = draw_map(ax, scene, limits, label_size=7, keep_clear=clear, ringed=rec["id"])  # its names off the ring
    draw_overlays(ax, scene, limits, scale=0.9)
    highlight(ax, geom, drawn=drawn, fid=rec["id"])
    add_ticks(ax, limits, req.ticks, lang, scale=0.9)
    ax.set_xlabel("")
    ax.set_ylabel("")
    add_scalebar(ax, scale=0.9, lang=lang, paper=req.paper)
    add_north_arrow(ax, limits, lang, scale=0.9, pos=(0.94, 0.85))
    lw_in = min(mw * 0.24, 1.5)
    pages.add_locator(((mx + 0.06) / W, (my + mh - lw_in * 0.9 - 0.06) / H, lw_in / W, lw_in * 0.9 / H), limits,
                      scale=0.8)
    if banner:  # above every symbol, on a solid box: it must be read
        ax.text(0.5, 0.5, banner, transform=ax.transAxes,
                ha="center", va="center", fontsize=BANNER_PT, color="#b71c1c", fontweight="bold", zorder=50,
                linespacing=1.5, bbox={"facecolor": "white", "alpha": 1.0, "edgecolor": "#b71c1c",
                                        "boxstyle": "round,pad=0.6"})
    fx, fy, fw = facts_box
    facts = _facts(scene, rec)
    others = co_located(scene, rec)
    if others:
        facts.append((w("same_spot", lang), ", ".join(others)))
    link = req.link_for(rec["id"])
    facts_w = fw * (0.62 if portrait and link else 1.0)  # the QR code, beside the facts, only with a link
    q = 1.25
    qx, qy = (W - m - q, fy - q) if portrait else (W - m - q, FOOTER_TOP_IN + 0.16)  # its caption above the footer
    # on a landscape page the QR code sits in the facts' column, above the footer: the facts stop above it, the
    # history runs down beside it (narrower); nothing is printed under it
    beside_qr = bool(link) and not portrait
    floor = qy + q + 0.1 if beside_qr else FOOTER_TOP_IN
    # Room for the facts: down to the floor, less what the history needs for its heading and newest rows;
    # else less its one line saying where the history is (smaller letters, never over the footer)
    room = fy - floor - 0.15
    history_room = (size * 0.95 * 1.5 / 72) * 7
    fact_size = facts_size(facts, facts_w, 1.9, room - history_room, size)
    if facts_height(facts, facts_w, 1.9, fact_size) > room - history_room:
        fact_size = facts_size(facts, facts_w, 1.9, room - NOTE_ROOM * fact_size / 72, size, smallest=5.0)
    y = _text_rows(fig, fx, fy, facts_w, facts, W, H, fact_size, 1.9)
    y -= 0.15
    _history_table(fig, fx, y, fw - (q + 0.2 if beside_qr else 0.0), scene.history_of(rec["id"]), lang, W, H,
                   fact_size * 0.95)
    if link:
        qr = qr_image(link)
        qax = fig.add_axes((qx / W, qy / H, q / W, q / H))
        pages.extra.append(qax)
        qax.imshow(qr, cmap="gray", interpolation="nearest", vmin=0, vmax=255)
        qax.set_axis_off()
        fig.text((qx + q / 2) / W, (qy - 0.02) / H, w("open_in_app", lang), fontsize=6.5, ha="center", va="top",
                 color="#37474f")
        fig.text(1 - m / W, 0.25 / H, link, fontsize=6.5, ha="right", va="bottom", color="#1565c0",
                 url=link, parse_math=False)
    fig.text(m / W, 0.25 / H, f"{w('page', lang)} {number}/{total} · {scene.made_line()} · {w('projection', lang)}",
             fontsize=6.5, va="bottom", color="#546e7a")
    fig.text(m / W, 0.36 / H, scene.data_line(), fontsize=6.5, va="bottom", color="#546e7a")  # under FOOTER_TOP_IN
    return fig


def cover_page(scene: Scene, places: int, total: int):
    """Page 1: the atlas's title, what it covers, and an overview map of every place."""
    req, lang = scene.request, scene.lang
    W, H = req.page_inches()
    fig = new_figure((W, H), dpi=100)
    m = 0.6
    lines, size = title_lines(f"{w('atlas_title', lang)} — {scene.title()}", W - 2 * m, 22, 14)
    y = 0.8
    for line in lines:
        fig.text(m / W, 1 - y / H, line, fontsize=size, fontweight="bold", va="top", color="#1a237e", parse_math=False)
        y += size * 1.25 / 72
    units = scene.units_line()
    for line in scene.subtitle_lines() + ([units] if units else []) + [scene.data_line()]:
        for part in textwrap.wrap(line, int((W - 2 * m) * 72 / (9.5 * 0.56))):
            fig.text(m / W, 1 - (y + 0.1) / H, part, fontsize=9.5, va="top", color="#37474f", parse_math=False)
            y += 9.5 * 1.4 / 72
    fig.text(m / W, 1 - (y + 0.2) / H, f"{places} {w('location_count', lang)} · {total} {w('pages_count', lang)}",
             fontsize=9.5, va="top", color="#37474f")
    y += 0.55
    mw, mh = W - 2 * m, H - y - 1.1
    ax = fig.add_axes((m / W, 0.8 / H, mw / W, mh / H))
    limits = limits_for(scene.extent(), mw / mh)
    frame_map(ax, limits)
    draw_map(ax, scene, limits, label_size=6, labels=False, keep_clear=furniture_boxes(False))
    add_ticks(ax, limits, req.ticks, lang, scale=0.85)
    add_scalebar(ax, scale=0.85, lang=lang, paper=req.paper)
    add_north_arrow(ax, limits, lang, scale=0.85)
    fig.text(m / W, 0.35 / H, f"{w('overview', lang)} · {scene.made_line()} · {w('projection', lang)}",
             fontsize=7, va="bottom", color="#546e7a")
    return fig


def render_atlas(scene: Scene, progress: Progress | None = None) -> bytes:
    """The atlas as one PDF: cover with an overview map, index with page numbers, one page per place,
    and bookmarks (cover, index, each layer and place) so a reader jumps straight to a place."""
    recs = locations(scene).reset_index(drop=True)
    n_index = index_page_count(scene, recs) if len(recs) else 0
    first = 2 + n_index
    total = first - 1 + len(recs) + 1  # + the 2030 targets page after the places (export/targets.py)
    buf = io.BytesIO()
    with rendering():
        with PdfPages(buf, metadata={"Title": f"{w('atlas_title', scene.lang)} — {scene.title()}",
                                     "Creator": "planmap (Hải Dương 2030)", "Keywords": scene.data_metadata()}) as pdf:
            if recs.empty:
                fig = new_figure(scene.request.page_inches())
                fig.text(0.5, 0.5, t("no_match", scene.lang), ha="center", va="center", fontsize=14)
                pdf.savefig(fig)
            else:
                pdf.savefig(cover_page(scene, len(recs), total))
                for page in index_pages(scene, recs, first, total):
                    pdf.savefig(page)
            pages = PlacePages(scene.request.page_inches())
            for i, rec in recs.iterrows():
                if progress:
                    progress(int(i) / max(len(recs), 1), nfc(rec["name"]))
                pdf.savefig(atlas_page(scene, rec, first + int(i), total, pages))
            pdf.savefig(targets_figure(scene))  # the 2030 targets, after the places (export/targets.py)
    if progress:
        progress(1.0, "")
    data = buf.getvalue()
    return with_bookmarks(data, scene, recs, first, n_index) if len(recs) else data
