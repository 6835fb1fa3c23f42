"""Slides for meetings: a 16:9 PPTX with python-pptx.

Title slide; the whole province; one map per layer; progress tables per layer, split across
slides when long. Maps are pictures rendered at the request's resolution (at least 150 dpi at
their size on the slide); every word — titles, legends, tables — is real, editable text. When the
app's public address is configured, names link to the location in the app and map slides carry
a QR code of the view.
"""
from __future__ import annotations

import io
from collections.abc import Callable

from pptx import Presentation
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from core.i18n import format_percent, t
from export.basemap import TileFetcher, default_fetcher, draw_basemap
from export.draw import (
    draw_overlays,
    Drawn,
    draw_layers,
    draw_map,
    legend_of,
    rendering,
)
from export.figure import new_figure, png_bytes
from export.page_limits import limits_for
from export.furniture import add_north_arrow, add_scalebar, add_ticks, frame_map, furniture_boxes
from export.legend_layout import SYMBOL_FILL, layout_legend
from export.slide_kit import GREY, NAVY, SLIDE_H, SLIDE_W, fill_cell, rgb, text_box
from export.sources import brief_line, full_sources
from export.qr import qr_png
from export.scene import Scene
from export.words import fmt_date, nfc, w
from export.targets_slide import add_targets_slide
from export.symbols import LEADER_COLOUR, marker_size
from layers.base import LegendEntry
from layers.registry import get_layer
from layers.symbols import PRECISION_DASH

Progress = Callable[[float, str], None]
MAP_W, MAP_H = 8.9, 6.15                # map picture size on the slide (inches)
ROWS_PER_SLIDE = 12
MIN_DPI = 150
_DEFAULT = object()


def map_picture(scene: Scene, only: list[str] | None, fetcher) -> tuple[bytes, Drawn]:
    """The map alone (no title or legend: those are slide text) as PNG at ≥150 dpi, and what it drew."""
    req = scene.request
    dpi = max(req.dpi, MIN_DPI)
    with rendering():
        fig = new_figure((MAP_W, MAP_H), dpi=dpi)
        ax = fig.add_axes((0.07, 0.08, 0.91, 0.9))
        bbox = ax.get_position()
        aspect = (bbox.width * MAP_W) / (bbox.height * MAP_H)
        limits = limits_for(scene.extent(), aspect)
        frame_map(ax, limits)
        if req.basemap:
            draw_basemap(ax, limits, int(MAP_W * 150), default_fetcher() if fetcher is _DEFAULT else fetcher)
        context = []
        if only is not None:  # the other layers as faint context
            context = draw_layers(ax, scene, only=[k for k in scene.frames if k not in only], alpha=0.25,
                                  labels=False).marks
        # the base, the layer(s) and their labels; the district names give way to every symbol as drawn (the faint
        # ones too), its leader line, the lines and the labels, as on the print map
        drawn = draw_map(ax, scene, limits, scale=1.05, label_size=7.5, keep_clear=furniture_boxes(False), only=only,
                         context=context)
        draw_overlays(ax, scene, limits, scale=1.05)  # the user's data on every map slide, as on the map
        add_ticks(ax, limits, req.ticks, scene.lang, scale=1.1)
        add_scalebar(ax, scale=1.15, lang=scene.lang, numeric=False)  # a screen has no fixed 1:N
        add_north_arrow(ax, limits, scene.lang, scale=1.15)
        picture = png_bytes(fig)
    return picture, drawn


def _legend(slide, sections: list[tuple[str, list[LegendEntry]]], left: float, top: float, width: float,
            lang: str, bottom: float = SLIDE_H - 0.55) -> int:
    """The legend as slide shapes and text, laid out like the printed legend (rows never overlap).

    Returns how many entries did not fit (the caller lists them in the notes)."""
    layout = layout_legend(sections, w("legend", lang), width * 72, (bottom - top) * 72, 11.0,
                           more=w("legend_more", lang))
    for item in layout.items:
        x, y = left + item.x / 72, top + item.y / 72
        if item.entry is None:
            text_box(slide, x, y, item.width / 72, item.height / 72, "\n".join(item.lines), item.size,
                  bold=True, colour=NAVY if item.kind == "heading" else None, tight=True)
            continue
        sw = item.symbol_w / 72
        text_box(slide, x + sw + item.size * 0.5 / 72, y + (item.height - len(item.lines) * item.size * 1.22) / 144,
              (item.width - item.symbol_w - item.size * 0.5) / 72, len(item.lines) * item.size * 1.22 / 72,
              "\n".join(item.lines), item.size, tight=True)
        _slide_symbol(slide, item.entry, x + sw / 2, y + item.height / 72 / 2, sw * SYMBOL_FILL, item.size)
    return layout.unplaced


def _line_dash(dash: str) -> MSO_LINE_DASH_STYLE:
    """The slide's preset nearest a line's dash pattern (a slide line has presets only): each railway has its own
    pattern on the map (dashes, dash-dot, dots), and its legend entry must not read as another's."""
    parts = [float(p) for p in dash.replace(",", " ").split()]
    if len(parts) >= 4:
        return MSO_LINE_DASH_STYLE.DASH_DOT
    if len(parts) >= 2 and parts[0] < parts[1] / 2:
        return MSO_LINE_DASH_STYLE.SQUARE_DOT
    return MSO_LINE_DASH_STYLE.DASH


def _slide_symbol(slide, entry: LegendEntry, cx: float, cy: float, width: float, size: float) -> None:
    """One legend symbol as a slide shape (inches), drawn as the map draws it."""
    s = entry.style
    if entry.shape == "text":   # a note: no symbol
        return
    if entry.shape == "line":
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(cx - width / 2), Inches(cy),
                                          Inches(cx + width / 2), Inches(cy))
        line.line.color.rgb = rgb(s.colour)
        line.line.width = Pt(min(s.weight, 5) * 0.75)
        if s.dash:
            line.line.dash_style = _line_dash(s.dash)
        return
    if entry.shape == "area":
        d_w, d_h, kind = width, size * 0.8 / 72, MSO_SHAPE.RECTANGLE
    else:
        half = getattr(entry, "half_pt", None) or marker_size(s) / 2
        kind = {"s": MSO_SHAPE.RECTANGLE, "D": MSO_SHAPE.DIAMOND}.get(getattr(entry, "marker", "o"), MSO_SHAPE.OVAL)
        d_w = d_h = 2 * half / 72 * (0.886 if kind == MSO_SHAPE.RECTANGLE else 1.0)
        if getattr(entry, "leader", False):
            line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(cx - width / 2), Inches(cy),
                                              Inches(cx + width / 2 - d_w), Inches(cy))
            line.line.color.rgb = rgb(LEADER_COLOUR)
            line.line.width = Pt(0.75)
            cx = cx + width / 2 - d_w / 2
    shape = slide.shapes.add_shape(kind, Inches(cx - d_w / 2), Inches(cy - d_h / 2), Inches(d_w), Inches(d_h))
    if getattr(entry, "hollow_dashed", False):  # a precision grade: the map's pale fill and dashed/dotted outline
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(s.fill_colour or s.colour)
        shape.fill.fore_color.brightness = 0.6
        dotted = s.dash == PRECISION_DASH["placeholder"]
        shape.line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT if dotted else MSO_LINE_DASH_STYLE.DASH
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(s.fill_colour or s.colour)
        if entry.shape == "area":
            shape.fill.fore_color.brightness = 0.5
        if s.dash:
            shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    shape.line.color.rgb = rgb(s.colour)
    shape.line.width = Pt(max(0.75, s.weight * 0.75))
    shape.shadow.inherit = False


def _qr(slide, link: str, left: float, top: float, size: float, lang: str) -> None:
    pic = slide.shapes.add_picture(qr_png(link), Inches(left), Inches(top), Inches(size), Inches(size))
    pic.click_action.hyperlink.address = link
    text_box(slide, left - 0.3, top + size, size + 0.6, 0.3, w("open_in_app", lang), 9, colour=GREY,
          align=PP_ALIGN.CENTER, link=link)


def view_link(scene: Scene) -> str | None:
    return scene.view_link()


def _map_slide(prs, scene: Scene, title: str, only: list[str] | None, fetcher) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, 0.4, 0.2, SLIDE_W - 0.8, 0.6, title, 24, bold=True, colour=NAVY)
    picture, drawn = map_picture(scene, only, fetcher)
    slide.shapes.add_picture(io.BytesIO(picture), Inches(0.3), Inches(0.95), Inches(MAP_W), Inches(MAP_H))
    sections = legend_of(scene, drawn)
    if only is not None:
        titles = {get_layer(k).title(scene.lang) for k in only}
        titles |= {overlay.name for overlay, _ in scene.overlays}
        keep = {t("status", scene.lang), w("symbols", scene.lang)}
        sections = [s for s in sections if s[0] in titles or s[0] in keep]
    _legend(slide, sections, MAP_W + 0.5, 0.95, SLIDE_W - MAP_W - 0.7, scene.lang)
    text_box(slide, 0.4, SLIDE_H - 0.42, SLIDE_W - 0.8, 0.35,
          f"{brief_line(scene, 'full_list_notes')} · {scene.made_line()} · {scene.dates_line()}", 8, colour=GREY)
    _notes(slide, scene)
    link = view_link(scene)
    if link:
        _qr(slide, link, SLIDE_W - 1.55, SLIDE_H - 2.05, 1.2, scene.lang)


TABLE_COLUMNS = (("#", 0.45), ("name", 3.2), ("district", 2.0), ("status", 2.3), ("progress", 1.0),
                 ("unit", 2.35), ("as_of", 1.3))


TABLE_TOP, TABLE_SIZE, HEADER_SIZE = 1.3, 11, 12


def _row_values(scene: Scene, rec, number: int) -> list[str]:
    return [str(number), rec["name"], rec["district"] or "—", rec["status_label"],
            format_percent(rec["progress_pct"], scene.lang), rec["unit"] or "—",
            fmt_date(rec["status_as_of"], scene.lang)]


def _row_inches(values: list[str], size: float) -> float:
    """A row's height as a presenting program wraps it: its tallest cell (generous glyph widths and leading)."""
    import textwrap

    lines = max(len(textwrap.wrap(nfc(str(v)), max(1, int((width - 0.12) * 72 / (size * 0.58))),
                                  break_on_hyphens=False) or [""])
                for v, (_, width) in zip(values, TABLE_COLUMNS))
    return lines * size * 1.25 / 72 + 0.1


def table_chunks(scene: Scene, layer_id: str) -> list:
    """The layer's rows cut into slides: at most ROWS_PER_SLIDE each, and never more than fits above the footer
    (a responsible unit may list many communes, making its row several lines tall)."""
    rows = scene.rows(layer_id)
    lang = scene.lang
    header = [{"#": "#", "unit": w("unit", lang)}.get(k) or t(k, lang) for k, _ in TABLE_COLUMNS]
    room = SLIDE_H - 0.5 - TABLE_TOP - _row_inches(header, HEADER_SIZE)
    chunks: list = []
    start, used = 0, 0.0
    for i in range(len(rows)):
        h = _row_inches(_row_values(scene, rows.iloc[i], i + 1), TABLE_SIZE)
        if i > start and (i - start >= ROWS_PER_SLIDE or used + h > room):
            chunks.append(rows.iloc[start:i])
            start, used = i, 0.0
        used += h
    if len(rows):
        chunks.append(rows.iloc[start:])
    return chunks


def _table_slides(prs, scene: Scene, layer_id: str) -> int:
    lang = scene.lang
    rows = scene.rows(layer_id)
    if rows.empty:
        return 0
    chunks = table_chunks(scene, layer_id)
    title = f"{get_layer(layer_id).title(lang)} — {w('progress_table', lang).lower()}"
    for n, chunk in enumerate(chunks, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        suffix = f" ({n}/{len(chunks)})" if len(chunks) > 1 else ""
        text_box(slide, 0.4, 0.2, SLIDE_W - 0.8, 0.6, title + suffix, 24, bold=True, colour=NAVY)
        text_box(slide, 0.4, 0.8, SLIDE_W - 0.8, 0.35, f"{t('as_of', lang)} {fmt_date(scene.request.day, lang)}", 12,
              colour=GREY)
        height = 0.4 * (len(chunk) + 1)
        shape = slide.shapes.add_table(len(chunk) + 1, len(TABLE_COLUMNS), Inches(0.4), Inches(TABLE_TOP),
                                       Inches(sum(c[1] for c in TABLE_COLUMNS)), Inches(height))
        table = shape.table
        for j, (key, width) in enumerate(TABLE_COLUMNS):
            table.columns[j].width = Inches(width)
            label = {"#": "#", "unit": w("unit", lang)}.get(key) or t(key, lang)
            fill_cell(table.cell(0, j), label, HEADER_SIZE, bold=True)
        start = sum(len(c) for c in chunks[:n - 1])
        for i, (_, rec) in enumerate(chunk.iterrows(), start=1):
            values = _row_values(scene, rec, start + i)
            for j, value in enumerate(values):
                fill_cell(table.cell(i, j), value, TABLE_SIZE, link=scene.request.link_for(rec["id"]) if j == 1 else None)
        text_box(slide, 0.4, SLIDE_H - 0.42, SLIDE_W - 0.8, 0.35, scene.made_line(), 8, colour=GREY)
    return len(chunks)


def _notes(slide, scene: Scene) -> None:
    """The slide's notes: every source in full, with its links (the presenter's page)."""
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [w("full_title", scene.lang)] + [f"{n}. {s}" for n, s in enumerate(full_sources(scene), start=1)])


APPENDIX_SIZE = 11


def appendix_chunks(scene: Scene) -> list[list[list[str]]]:
    """The full list of sources, numbered and wrapped, cut into slides that each hold what fits."""
    import textwrap

    width, top, bottom = SLIDE_W - 0.8, 1.0, SLIDE_H - 0.5
    chars = int(width * 72 / (APPENDIX_SIZE * 0.56))
    line_h = APPENDIX_SIZE * 1.2 / 72
    blocks = [textwrap.wrap(f"{n}. {s}", chars, break_on_hyphens=False)
              for n, s in enumerate(full_sources(scene), start=1)]
    slides: list[list[list[str]]] = [[]]
    used = 0.0
    for block in blocks:
        h = len(block) * line_h + 0.06
        if used + h > bottom - top and slides[-1]:
            slides.append([])
            used = 0.0
        slides[-1].append(block)
        used += h
    return slides


def _appendix_slides(prs, scene: Scene) -> int:
    """The last slides: the full list of sources, inside the slides."""
    width, top = SLIDE_W - 0.8, 1.0
    line_h = APPENDIX_SIZE * 1.2 / 72
    slides = appendix_chunks(scene)
    for n, chunk in enumerate(slides, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        title = w("full_title", scene.lang) + (f" ({n}/{len(slides)})" if len(slides) > 1 else "")
        text_box(slide, 0.4, 0.2, SLIDE_W - 0.8, 0.6, title, 24, bold=True, colour=NAVY)
        y = top
        for block in chunk:
            h = len(block) * line_h
            text_box(slide, 0.4, y, width, h, " ".join(block), APPENDIX_SIZE, tight=True)
            y += h + 0.06
    return len(slides)


def render_slides(scene: Scene, progress: Progress | None = None, fetcher: TileFetcher | None | object = _DEFAULT
                  ) -> bytes:
    """The presentation as PPTX bytes."""
    lang = scene.lang
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    layers = [k for k, f in scene.frames.items() if len(f)]
    steps = 2 + 2 * len(layers)
    done = 0

    def tick(msg: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done / steps, 1.0), msg)

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, 0.8, 2.0, SLIDE_W - 1.6, 1.2, scene.title(), 40, bold=True, colour=NAVY)
    text_box(slide, 0.8, 3.4, SLIDE_W - 1.6, 1.4, "\n".join(scene.subtitle_lines()), 16, colour=GREY)
    units = scene.units_line()
    if units:  # the 2025 merger and the 2026 classes, where the presenter opens
        text_box(slide, 0.8, 4.85, SLIDE_W - 1.6, 0.7, units, 14, colour=NAVY)
    text_box(slide, 0.8, 5.6, SLIDE_W - 1.6, 0.5, f"{t('as_of', lang)} {fmt_date(scene.request.day, lang)} · "
          f"{scene.made_line()}", 14, colour=GREY)
    text_box(slide, 0.8, 6.05, SLIDE_W - 1.6, 0.45, scene.dates_line(), 12, colour=GREY)
    link = view_link(scene)
    if link:
        _qr(slide, link, SLIDE_W - 2.0, SLIDE_H - 2.3, 1.4, lang)
    tick(scene.title())
    _map_slide(prs, scene, f"{w('whole_province', lang)} — {scene.title()}", None, fetcher)
    tick(w("whole_province", lang))
    for layer_id in layers:
        spec = get_layer(layer_id)
        _map_slide(prs, scene, spec.title(lang), [layer_id], fetcher)
        tick(spec.title(lang))
    for layer_id in layers:
        _table_slides(prs, scene, layer_id)
        tick(get_layer(layer_id).title(lang))
    add_targets_slide(prs, scene)  # issue 13: the 2030 targets (export/targets.py)
    _appendix_slides(prs, scene)
    prs.core_properties.title = scene.title()
    prs.core_properties.subject = " — ".join(scene.subtitle_lines())
    prs.core_properties.keywords = scene.data_metadata()
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def expected_slide_count(scene: Scene) -> int:
    """How many slides ``render_slides`` makes for ``scene`` (for tests and the UI's progress)."""
    layers = [k for k, f in scene.frames.items() if len(f)]
    tables = sum(len(table_chunks(scene, k)) for k in layers)
    return 2 + len(layers) + tables + 1 + len(appendix_chunks(scene))  # + the 2030 targets, the sources in full
