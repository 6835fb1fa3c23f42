"""The 2030 targets' slide of the deck (issue 13): every target with its latest figure and standing."""
from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Inches

from export.scene import Scene
from export.slide_kit import GREY, NAVY, SLIDE_H, SLIDE_W, fill_cell, text_box
from export.targets import counts_line, headers, lang_of, states_for, target_rows
from export.words import fmt_date, w
from progress.targets import VERDICT_COLOURS


def add_targets_slide(prs, scene: Scene) -> None:
    """One slide: every target with its latest figure and standing (editable text, verdicts in colour)."""
    lang = lang_of(scene)
    states, origin = states_for(scene)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, 0.4, 0.15, SLIDE_W - 0.8, 0.5, w("targets_title", lang), 22, bold=True, colour=NAVY)
    text_box(slide, 0.4, 0.62, SLIDE_W - 0.8, 0.3, f"{fmt_date(scene.request.day, lang)} · {counts_line(states, lang)}",
          11, colour=GREY)
    rows = target_rows(states, lang)
    widths = (5.4, 2.1, 2.5, 0.6, 1.6)
    shape = slide.shapes.add_table(len(rows) + 1, len(widths), Inches(0.4), Inches(1.0), Inches(sum(widths)),
                                   Inches(0.17 * (len(rows) + 1)))
    table = shape.table
    for j, (header, width) in enumerate(zip(headers(lang), widths)):
        table.columns[j].width = Inches(width)
        fill_cell(table.cell(0, j), header, 8, bold=True)
    for i, row in enumerate(rows, start=1):
        table.rows[i].height = Inches(0.17)
        for j, text in enumerate(row[:5]):
            fill_cell(table.cell(i, j), text or "—", 7)
        run = table.cell(i, 4).text_frame.paragraphs[0].runs[0]
        run.font.color.rgb = RGBColor.from_string(VERDICT_COLOURS[row[5]].lstrip("#"))
        run.font.bold = True
    text_box(slide, 0.4, SLIDE_H - 0.55, SLIDE_W - 0.8, 0.45, f"{w('targets_method', lang)} {origin} {scene.made_line()}", 7,
          colour=GREY)
