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
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from core.i18n import t
from export.basemap import TileFetcher, default_fetcher, draw_basemap
from export.draw import (
    add_north_arrow,
    add_scalebar,
    add_ticks,
    draw_layers,
    frame_map,
    limits_for,
    new_figure,
    rendering,
)
from export.overlays import draw_overlays
from export.scene import Scene, fmt_date, fmt_pct, nfc, w
from layers.base import LegendEntry
from layers.registry import get_layer

Progress = Callable[[float, str], None]
SLIDE_W, SLIDE_H = 13.333, 7.5          # 16:9 in inches
MAP_W, MAP_H = 8.9, 6.15                # map picture size on the slide (inches)
ROWS_PER_SLIDE = 12
MIN_DPI = 150
FONT = "Arial"                          # the presenting computer's font; Arial has every Vietnamese glyph
NAVY = RGBColor(0x1A, 0x23, 0x7E)
GREY = RGBColor(0x54, 0x6E, 0x7A)
_DEFAULT = object()


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#")[:6].upper())


def _text(slide, left, top, width, height, text: str, size: float, *, bold: bool = False,
          colour: RGBColor | None = None, align=None, link: str | None = None):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    lines = text.split("\n")
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = nfc(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        if colour is not None:
            run.font.color.rgb = colour
        if link:
            run.hyperlink.address = link
    return box


def map_picture(scene: Scene, only: list[str] | None, fetcher) -> bytes:
    """The map alone (no title or legend: those are slide text) as PNG at ≥150 dpi."""
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
        if only is not None:  # the other layers as faint context
            draw_layers(ax, scene, only=[k for k in scene.frames if k not in only], alpha=0.25, labels=False)
        draw_layers(ax, scene, only=only, scale=1.05, label_size=7.5,
                    label_layers=only)
        draw_overlays(ax, scene, limits, scale=1.05)  # the user's data on every map slide, as on the map
        add_ticks(ax, limits, req.ticks, scene.lang, scale=1.1)
        add_scalebar(ax, scale=1.15)
        add_north_arrow(ax, limits, scene.lang, scale=1.15)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 3})
    return buf.getvalue()


def _legend(slide, sections: list[tuple[str, list[LegendEntry]]], left: float, top: float, width: float,
            lang: str) -> None:
    """The legend as slide shapes and text, squeezed to fit above the footer when long."""
    _text(slide, left, top, width, 0.35, w("legend", lang), 13, bold=True)
    y = top + 0.4
    needed = sum(0.3 + 0.27 * len(entries) + 0.08 for _, entries in sections)
    k = min(1.0, (SLIDE_H - 0.55 - y) / max(needed, 0.01))
    size = 10 * max(k, 0.75)
    for heading, entries in sections:
        _text(slide, left, y, width, 0.3 * k, heading, size + 1, bold=True, colour=NAVY)
        y += 0.3 * k
        for entry in entries:
            s = entry.style
            cx, cy = left + 0.2, y + 0.13 * k
            if entry.shape == "line":
                line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(cx - 0.18), Inches(cy),
                                                  Inches(cx + 0.18), Inches(cy))
                line.line.color.rgb = _rgb(s.colour)
                line.line.width = Pt(min(s.weight, 5) * 0.75)
                if s.dash:
                    line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            else:
                if entry.shape == "area":
                    d_w, d_h, kind = 0.34, 0.2 * k, MSO_SHAPE.RECTANGLE
                else:
                    d = max(0.08, min(s.radius * 2 * 0.75 / 72 * 1.25, 0.3) * k)
                    d_w, d_h, kind = d, d, MSO_SHAPE.OVAL
                shape = slide.shapes.add_shape(kind, Inches(cx - d_w / 2), Inches(cy - d_h / 2), Inches(d_w), Inches(d_h))
                shape.fill.solid()
                shape.fill.fore_color.rgb = _rgb(s.fill_colour or s.colour)
                if entry.shape == "area":
                    shape.fill.fore_color.brightness = 0.5
                shape.line.color.rgb = _rgb(s.colour)
                shape.line.width = Pt(max(0.75, s.weight * 0.75))
                if s.dash:
                    shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                shape.shadow.inherit = False
            _text(slide, left + 0.45, y - 0.04, width - 0.45, 0.3 * k, entry.label, size)
            y += 0.27 * k
        y += 0.08 * k


def _qr(slide, link: str, left: float, top: float, size: float, lang: str) -> None:
    import qrcode

    img = qrcode.make(link, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    pic = slide.shapes.add_picture(buf, Inches(left), Inches(top), Inches(size), Inches(size))
    pic.click_action.hyperlink.address = link
    _text(slide, left - 0.3, top + size, size + 0.6, 0.3, w("open_in_app", lang), 9, colour=GREY,
          align=PP_ALIGN.CENTER, link=link)


def view_link(scene: Scene) -> str | None:
    return scene.view_link()


def _map_slide(prs, scene: Scene, title: str, only: list[str] | None, fetcher) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, 0.4, 0.2, SLIDE_W - 0.8, 0.6, title, 24, bold=True, colour=NAVY)
    picture = map_picture(scene, only, fetcher)
    slide.shapes.add_picture(io.BytesIO(picture), Inches(0.3), Inches(0.95), Inches(MAP_W), Inches(MAP_H))
    sections = scene.legend_sections()
    if only is not None:
        titles = {get_layer(k).title(scene.lang) for k in only}
        titles |= {overlay.name for overlay, _ in scene.overlays}
        sections = [s for s in sections if s[0] in titles or s[0] == t("status", scene.lang)]
    _legend(slide, sections, MAP_W + 0.5, 0.95, SLIDE_W - MAP_W - 0.7, scene.lang)
    _text(slide, 0.4, SLIDE_H - 0.42, SLIDE_W - 0.8, 0.35,
          f"{scene.sources_line()} · {scene.made_line()}", 8, colour=GREY)
    link = view_link(scene)
    if link:
        _qr(slide, link, SLIDE_W - 1.55, SLIDE_H - 2.05, 1.2, scene.lang)


TABLE_COLUMNS = (("#", 0.45), ("name", 3.2), ("district", 2.0), ("status", 2.3), ("progress", 1.0),
                 ("unit", 2.35), ("as_of", 1.3))


def _table_slides(prs, scene: Scene, layer_id: str) -> int:
    lang = scene.lang
    rows = scene.rows(layer_id)
    if rows.empty:
        return 0
    chunks = [rows.iloc[i:i + ROWS_PER_SLIDE] for i in range(0, len(rows), ROWS_PER_SLIDE)]
    title = f"{get_layer(layer_id).title(lang)} — {w('progress_table', lang).lower()}"
    for n, chunk in enumerate(chunks, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        suffix = f" ({n}/{len(chunks)})" if len(chunks) > 1 else ""
        _text(slide, 0.4, 0.2, SLIDE_W - 0.8, 0.6, title + suffix, 24, bold=True, colour=NAVY)
        _text(slide, 0.4, 0.8, SLIDE_W - 0.8, 0.35, f"{t('as_of', lang)} {fmt_date(scene.request.day, lang)}", 12,
              colour=GREY)
        height = 0.4 * (len(chunk) + 1)
        shape = slide.shapes.add_table(len(chunk) + 1, len(TABLE_COLUMNS), Inches(0.4), Inches(1.3),
                                       Inches(sum(c[1] for c in TABLE_COLUMNS)), Inches(height))
        table = shape.table
        for j, (key, width) in enumerate(TABLE_COLUMNS):
            table.columns[j].width = Inches(width)
            label = {"#": "#", "unit": w("unit", lang)}.get(key) or t(key, lang)
            _cell(table.cell(0, j), label, 12, bold=True)
        start = (n - 1) * ROWS_PER_SLIDE
        for i, (_, rec) in enumerate(chunk.iterrows(), start=1):
            values = [str(start + i), rec["name"], rec["district"] or "—", rec["status_label"],
                      fmt_pct(rec["progress_pct"]), rec["unit"] or "—", fmt_date(rec["status_as_of"], lang)]
            for j, value in enumerate(values):
                _cell(table.cell(i, j), value, 11, link=scene.request.link_for(rec["id"]) if j == 1 else None)
        _text(slide, 0.4, SLIDE_H - 0.42, SLIDE_W - 0.8, 0.35, scene.made_line(), 8, colour=GREY)
    return len(chunks)


def _cell(cell, text: str, size: float, bold: bool = False, link: str | None = None) -> None:
    frame = cell.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = nfc(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    if link:
        run.hyperlink.address = link
    cell.margin_top = cell.margin_bottom = Emu(Inches(0.03))


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
    _text(slide, 0.8, 2.0, SLIDE_W - 1.6, 1.2, scene.title(), 40, bold=True, colour=NAVY)
    _text(slide, 0.8, 3.4, SLIDE_W - 1.6, 1.4, "\n".join(scene.subtitle_lines()), 16, colour=GREY)
    _text(slide, 0.8, 5.6, SLIDE_W - 1.6, 0.5, f"{t('as_of', lang)} {fmt_date(scene.request.day, lang)} · "
          f"{scene.made_line()}", 14, colour=GREY)
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
    prs.core_properties.title = scene.title()
    prs.core_properties.subject = " — ".join(scene.subtitle_lines())
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def expected_slide_count(scene: Scene) -> int:
    """How many slides ``render_slides`` makes for ``scene`` (for tests and the UI's progress)."""
    layers = [k for k, f in scene.frames.items() if len(f)]
    tables = sum(-(-len(scene.frames[k]) // ROWS_PER_SLIDE) for k in layers)
    return 2 + len(layers) + tables
