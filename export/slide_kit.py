"""The building blocks of every slide: page size, colours, and text boxes and table cells set in one font."""
from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from export.words import nfc

SLIDE_W, SLIDE_H = 13.333, 7.5          # 16:9 in inches
FONT = "Arial"                          # the presenting computer's font; Arial has every Vietnamese glyph
NAVY = RGBColor(0x1A, 0x23, 0x7E)
GREY = RGBColor(0x54, 0x6E, 0x7A)


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#")[:6].upper())


def text_box(slide, left, top, width, height, text: str, size: float, *, bold: bool = False,
          colour: RGBColor | None = None, align=None, link: str | None = None, tight: bool = False):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    if tight:  # no inner margins: the box is where the legend layout put the text
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
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


def fill_cell(cell, text: str, size: float, bold: bool = False, link: str | None = None) -> None:
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
