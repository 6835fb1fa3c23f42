"""Map snapshot as PNG, SVG or PDF: the current view on A4/A3 paper, ready for a meeting.

The page: title and subtitle (program, layers, as-of date, filters), the map in EPSG:9209 with
coordinate ticks, a scale bar and a north arrow, a legend of what is on the map, the sources
and the date made.
"""
from __future__ import annotations

import io
import textwrap
from datetime import datetime

import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.transforms import Bbox

from core.vocab import precision_grade
from export.basemap import TileFetcher, default_fetcher, draw_basemap
from export.draw import (
    Drawn,
    draw_map,
    draw_overlays,
    legend_of,
    rendering,
)
from export.figure import new_figure, page_scale, png_bytes
from export.page_limits import limits_for
from export.legend_draw import draw_legend, legend_points
from export.furniture import (
    add_locator,
    add_north_arrow,
    add_scalebar,
    graticule_lines,
    add_ticks,
    frame_map,
    furniture_boxes,
    needs_locator,
)
from export.legend_layout import PRINT_MIN_PT, layout_legend
from export.key_room import key_room
from export.qr import qr_image
from export import render_cache
from export.scene import Scene
from export.symbols import Mark
from export.text_page import save_pages
from export.source_pages import sources_pages
from export.sources import short_line
from export.words import w
from layers.base import Style

_DEFAULT = object()


class _LegendOverfull(Exception):
    """The page's legend will not hold what its map drew: lay the page out again with more room for the legend."""


def portrait_legend(scene: Scene, width_in: float, s: float) -> tuple[float, int]:
    """The legend band of a portrait page and its columns: as tall as the legend needs (in 0.3 in steps) with its
    type never under PRINT_MIN_PT, never dropping an entry; at each height two columns, else three (narrower, the
    long names wrap) before the map gives way. Assumes the map will show stacks and approximate positions when the
    data has them."""
    sections = expected_sections(scene)
    height = 2.6 * s
    while height < 6 * s:
        for ncol in (2, 3):
            if layout_legend(sections, w("legend", scene.lang), width_in * 72, (height - 0.1 * s) * 72, 7.5 * s,
                             ncol=ncol, floor=PRINT_MIN_PT, more=w("legend_more", scene.lang)).unplaced == 0:
                return height, ncol
        height += 0.3 * s
    return height, 3


def expected_sections(scene: Scene) -> list:
    """The page's legend before its map is drawn, without the number key: its layers', and the symbols' section
    when the data has places at approximate positions (stacks assumed among them)."""
    marks = [Mark("", "", "", 0, 0, Style("#000000", radius=1), "o", 1, True, 0, dx_pt=1, grade=grade)
             for grade in _grades(scene)]
    return legend_of(scene, None) if not marks else symbol_sections_for(scene, marks)


def _grades(scene: Scene) -> list[str]:
    """The non-exact precision grades of the scene's places (the legend explains each)."""
    grades = {precision_grade(p) for k, f in scene.frames.items() if "location_precision" in f
              for p in _point_precisions(scene.placed(k))}
    return [g for g in ("approximate", "placeholder") if g in grades]


def _point_precisions(placed) -> np.ndarray:
    """The ``location_precision`` of each point among a layer's placed features (``Scene.placed``), as an array: no
    frame is cut for it."""
    return placed["location_precision"].to_numpy()[placed.geometry.geom_type.to_numpy() == "Point"]


def symbol_sections_for(scene: Scene, marks) -> list:
    return legend_of(scene, Drawn(0, marks))


def snapshot_figure(scene: Scene, fetcher: TileFetcher | None | object = _DEFAULT, legend_extra: float = 0.0):
    """The snapshot page as a matplotlib Figure (not yet saved). A page whose legend the map's number key overfills
    is laid out again with a taller legend band (portrait) or a wider legend column (landscape), ``legend_extra``
    inches more, so no entry is left out: found once the labels are set (their numbers not yet placed), before the
    rest of the page is drawn."""
    req = scene.request
    px, py = req.page_pixels()
    W, H = (px + 0.01) / req.dpi, (py + 0.01) / req.dpi  # matplotlib truncates: land on ISO pixel sizes
    s = page_scale((W, H))
    lang = scene.lang
    fig = new_figure((W, H), dpi=req.dpi)
    margin = 0.45 * s
    units = scene.units_line()
    head_chars = int((W - 2 * margin) * 72 / (8.5 * s * 0.56))
    head = [part for line in scene.subtitle_lines()[:3] + ([units] if units else []) + [scene.data_line()]
            for part in textwrap.wrap(line, width=head_chars) or [""]]   # data date, indicative note
    title_band = max(1.25, 0.42 + 0.17 * len(head) + 0.5) * s   # as tall as its lines, the map's tick labels under it
    foot = 6 * s
    where = "full_list_pdf" if req.format == "pdf" else "full_list_elsewhere"
    source_lines = textwrap.wrap(short_line(scene, where), width=int((W - 2 * margin) * 72 / (foot * 0.55)))
    bottom_lines = scene.bottom_lines(int((W - 2 * margin) * 72 / (foot * 0.55)))  # + the places not on the map
    footer = (len(source_lines) + len(bottom_lines)) * foot * 1.35 / 72 + 0.12 * s
    if legend_extra == 0.0:   # the page's first layout: room for the number key its map will need, guessed
        legend_extra = key_room(scene, lambda extra: _boxes(scene, W, H, s, title_band, footer, extra), s,
                                lambda: expected_sections(scene))
    map_box, legend_box, ncol = _boxes(scene, W, H, s, title_band, footer, legend_extra)
    mx, my, mw, mh = map_box
    ax = fig.add_axes((mx / W, my / H, mw / W, mh / H))
    limits = limits_for(scene.extent(), mw / mh)
    frame_map(ax, limits)
    if req.basemap:
        fetch = default_fetcher() if fetcher is _DEFAULT else fetcher
        scene.basemap_drawn = draw_basemap(ax, limits, int(mw * min(req.dpi, 200)), fetch)  # type: ignore[arg-type]
    else:
        scene.basemap_drawn = False  # type: ignore[attr-defined]
    locator = needs_locator(limits)
    lx, ly, lw, lh = legend_box
    legend_rect = (lx / W, ly / H, lw / W, lh / H)

    legend: list = []

    def legend_holds(drawn: Drawn) -> None:
        """Stop a page whose legend will not hold what its map drew (its number key included) as soon as the places
        drawn by number are known (before their numbers are placed), not once the whole page is drawn: it is laid
        out again with more room for the legend."""
        legend[:] = legend_of(scene, drawn)
        if legend_extra < 3 * s and layout_legend(legend, w("legend", lang),
                                                  *legend_points(fig, Bbox.from_bounds(*legend_rect)), 7.5 * s,
                                                  ncol=ncol, floor=PRINT_MIN_PT, more=w("legend_more", lang)).unplaced:
            raise _LegendOverfull
    try:
        drawn = draw_map(ax, scene, limits, scale=s, label_size=6.5, keep_clear=furniture_boxes(locator),
                         number_missing=True, grid=graticule_lines(limits, req.ticks).values(), placed=legend_holds)
    except _LegendOverfull:
        return snapshot_figure(scene, fetcher, legend_extra + 0.6 * s)
    scene.map_drawn = drawn  # type: ignore[attr-defined]  (what the page drew: its labels, lines' names, leaders)
    draw_overlays(ax, scene, limits, scale=s)
    add_ticks(ax, limits, req.ticks, lang, scale=s)
    scene.scale_denominator = add_scalebar(ax, scale=s, lang=lang, paper=req.paper)  # type: ignore[attr-defined]
    add_north_arrow(ax, limits, lang, scale=s)
    if locator:
        lw_in = min(mw * 0.2, 1.9 * s)
        add_locator(fig, ((mx + 0.08 * s) / W, (my + mh - lw_in * 0.9 - 0.08 * s) / H, lw_in / W, lw_in * 0.9 / H), limits,
                    scale=s)

    lax = fig.add_axes(legend_rect)
    scene.legend_layout = draw_legend(lax, legend, w("legend", lang), fontsize=7.5 * s,  # type: ignore[attr-defined]
                                      ncol=ncol, floor=PRINT_MIN_PT, more=w("legend_more", lang))

    link = scene.view_link()
    if link:  # a QR code and the link that open this view in the app
        q = 0.85 * s
        qx, qy = lx + lw - q, ly + 0.25 * s
        qax = fig.add_axes((qx / W, qy / H, q / W, q / H))
        qax.imshow(qr_image(link), cmap="gray", interpolation="nearest", vmin=0, vmax=255)
        qax.set_axis_off()
        fig.text((qx + q) / W, (qy - 0.03 * s) / H, w("open_in_app", lang), fontsize=6 * s, ha="right", va="top",
                 color="#37474f", url=link)
        fig.text(1 - margin / W, 1 - margin * 0.8 / H, link, fontsize=6 * s, ha="right", va="top",
                 color="#1565c0", url=link, parse_math=False)

    top = 1 - margin * 0.8 / H
    fig.text(margin / W, top, scene.title(), fontsize=17 * s, fontweight="bold", va="top", ha="left",
             color="#1a237e", parse_math=False)
    y = top - 0.42 * s / H
    for part in head:
        fig.text(margin / W, y, part, fontsize=8.5 * s, va="top", ha="left", color="#37474f", parse_math=False)
        y -= 0.17 * s / H
    if scene.basemap_drawn:  # type: ignore[attr-defined]
        source_lines.append(w("basemap_credit", lang))
    fy = margin * 0.55 / H - foot * 1.35 / 72 / H
    for line in reversed(source_lines + bottom_lines):
        fy += foot * 1.35 / 72 / H
        fig.text(margin / W, fy, line, fontsize=foot, va="bottom", ha="left", color="#546e7a", parse_math=False)
    return fig



def _boxes(scene: Scene, W: float, H: float, s: float, title_band: float, footer: float, legend_extra: float
           ) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float], int]:
    """(map box, legend box, legend columns) of a W × H in page (inches from the bottom left), its legend given
    ``legend_extra`` inches more than its first layout."""
    margin = 0.45 * s
    ticks_left, ticks_bottom = 0.32 * s, 0.42 * s
    landscape = W >= H
    if landscape:
        legend_w = 2.75 * s + legend_extra
        map_box = (margin + ticks_left, margin + footer + ticks_bottom,
                   W - 2 * margin - ticks_left - legend_w - 0.2 * s, H - title_band - margin - footer - ticks_bottom - margin * 0.3)
        legend_box = (W - margin - legend_w, margin + footer, legend_w, H - title_band - margin - footer - margin * 0.3)
        ncol = 1 if not legend_extra else 2   # a legend that overflowed its column gets a second one
    else:
        memo = scene.__dict__.setdefault("_portrait_legend", {})   # the same for every layout of the page
        if (W, s) not in memo:
            memo[(W, s)] = portrait_legend(scene, W - 2 * margin, s)
        legend_h, ncol = memo[(W, s)]
        legend_h += legend_extra
        map_box = (margin + ticks_left, margin + footer + legend_h + ticks_bottom,
                   W - 2 * margin - ticks_left, H - title_band - 1.3 * margin - footer - legend_h - ticks_bottom)
        legend_box = (margin, margin + footer, W - 2 * margin, legend_h - 0.1 * s)
    return map_box, legend_box, ncol


def render_snapshot(scene: Scene, fmt: str | None = None, fetcher: TileFetcher | None | object = _DEFAULT, *,
                    sources: bool = True) -> bytes:
    """The snapshot as PNG, SVG or PDF bytes (``fmt`` defaults to the request's format); the PDF lists
    every source in full on the pages after the map (``sources=False``: the map page alone, which only
    bench/export.py asks for, to time the map against one bare page)."""
    fmt = fmt or scene.request.format

    def draw(now: datetime) -> bytes:
        with rendering():  # the pages are garbage once _render returns: the render's end collects them young
            return _render(scene, fmt, fetcher, sources, now)
    return render_cache.cached_page(scene, fmt, sources, draw)   # the same page asked again: found, not drawn


def _render(scene: Scene, fmt: str, fetcher, sources: bool, now: datetime | None = None) -> bytes:
    fig = snapshot_figure(scene, fetcher)
    buf = io.BytesIO()
    kwargs: dict = {"format": fmt, "dpi": scene.request.dpi, "facecolor": "white"}
    if fmt == "pdf":
        meta = {"Title": scene.title(), "Subject": " — ".join(scene.subtitle_lines()),
                "Creator": "planmap (Hải Dương 2030)", "Keywords": scene.data_metadata()}
        if now is not None and render_cache.dated(fmt):
            meta["CreationDate"] = now   # the date render_cache sets again on a page it finds
        with PdfPages(buf, metadata=meta) as pdf:
            pdf.savefig(fig, dpi=scene.request.dpi, facecolor="white")
            if sources:
                save_pages(pdf, sources_pages(scene), scene.request.page_inches())
        return buf.getvalue()
    if fmt == "svg":
        kwargs["metadata"] = {"Title": scene.title(), "Date": scene.made_on.isoformat(), "Keywords": scene.data_metadata()}
    elif fmt == "png":
        return png_bytes(fig, {"Title": scene.title(), "Software": "planmap", "Keywords": scene.data_metadata()})
    fig.savefig(buf, **kwargs)
    return buf.getvalue()
