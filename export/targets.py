"""The 2030 targets in the exports (issue 13): one slide in the deck, one page in the atlas PDF.

Hooks (one line each): ``export.slides.render_slides`` calls :func:`add_targets_slide` after the tables;
``export.atlas.render_atlas`` saves :func:`targets_figure` after the location pages. The figures are those of the
progress store (``PLANMAP_DB_URL``, else ``var/planmap.sqlite`` when it exists), as on the targets page; without a
store, the public first figures of ``data/plan_in_force/indicator_values.csv`` — the slide and page say which.
"""
from __future__ import annotations

import os
import textwrap

import pandas as pd

from matplotlib.figure import Figure

from export.figure import new_figure
from export.furniture import FOOTER_TOP_IN
from export.scene import Scene
from export.words import fmt_date, nfc, w
from progress import indicators as ind
from progress.db import DEFAULT_SQLITE
from progress.store import ProgressStore
from progress.target_status import TargetState, summary_table, target_states, verdict_counts
from progress.targets import VERDICT_COLOURS, VERDICTS, load_targets, verdict_label

CELL_PT, NOTE_PT = 6.8, 6.5   # the table's and the note's letters
FOOTER_IN = 0.25              # the footer line's bottom above the page's bottom edge (under FOOTER_TOP_IN)
HEADERS = ("target_indicator", "target_2030", "target_latest", "target_year", "target_assessment")  # export.words


def headers(lang: str) -> list[str]:
    """The targets table's column headings."""
    return [w(key, lang) for key in HEADERS]


def lang_of(scene: Scene) -> str:
    return "en" if scene.lang == "en" else "vi"


def states_for(scene: Scene) -> tuple[list[TargetState], str]:
    """Every target's standing on the scene's date, and a line saying where the figures come from."""
    targets = load_targets()
    lang = lang_of(scene)
    url = os.environ.get("PLANMAP_DB_URL")
    if url or DEFAULT_SQLITE.exists():  # never create a database just to export
        store = None
        try:
            store = ProgressStore(url)
            store.migrate()
            ind.seed(store, targets)
            return target_states(targets, ind.indicator_values(store), scene.request.day), w("targets_from_store", lang)
        except Exception:  # noqa: BLE001 - an unreachable store must not stop the export: say so instead
            pass
        finally:
            if store is not None:
                store.dispose()
    return target_states(targets, ind.seed_values(targets), scene.request.day), w("targets_from_seed", lang)


def counts_line(states: list[TargetState], lang: str) -> str:
    found = verdict_counts(states)
    return " · ".join(f"{verdict_label(v, lang)}: {found[v]}" for v in VERDICTS)


def target_rows(states: list[TargetState], lang: str) -> list[tuple[str, str, str, str, str, str]]:
    table = summary_table(states, lang)
    return [(r.indicator, r.target, r.latest, "" if pd.isna(r.year) else str(r.year),
             r.verdict_label, r.verdict) for r in table.itertuples(index=False)]


def _cell(text: str, chars: int, lines: int) -> list[str]:
    """A table cell wrapped to its column (``chars`` wide), at most ``lines`` lines, the last one shortened."""
    parts = textwrap.wrap(text, chars) or [text]
    if len(parts) > lines:
        parts = parts[:lines - 1] + [textwrap.shorten(" ".join(parts[lines - 1:]), chars, placeholder="…")]
    return parts


def targets_figure(scene: Scene) -> Figure:
    """One PDF page (the request's paper): every target with its latest figure and standing."""

    lang = lang_of(scene)
    states, origin = states_for(scene)
    width, height = scene.request.page_inches()
    fig = new_figure((width, height))
    fig.text(0.05, 0.95, nfc(w("targets_title", lang)), fontsize=15, fontweight="bold", color="#1a237e", va="top")
    fig.text(0.05, 0.91, nfc(f"{fmt_date(scene.request.day, lang)} · {counts_line(states, lang)}"), fontsize=8.5,
             color="#546e7a", va="top")
    columns = (0.05, 0.47, 0.63, 0.80, 0.86)
    # bottom up: the footer line, the method note above it, the table above the note (never one on another)
    line_in = NOTE_PT * 1.4 / 72
    per_line = int(width * 0.9 * 72 / (NOTE_PT * 0.6))  # characters that fit the page's width (portrait too)
    note = textwrap.wrap(f"{w('targets_method', lang)} {origin}", per_line)
    note_top = FOOTER_TOP_IN + 0.04 + NOTE_PT * 1.2 / 72 + (len(note) - 1) * line_in  # its last line's letters
    for k, line in enumerate(note):
        fig.text(0.05, (note_top - k * line_in) / height, nfc(line), fontsize=NOTE_PT, color="#546e7a", va="top")
    fig.text(0.05, FOOTER_IN / height, nfc(scene.made_line()), fontsize=NOTE_PT, color="#546e7a", va="bottom")
    top, bottom = 0.87, (note_top + 0.15) / height
    step = (top - bottom) / (len(states) + 1)
    cell_lines = max(1, min(2, int(step * height * 72 / (CELL_PT * 1.25))))
    for x, header in zip(columns, headers(lang)):
        fig.text(x, top, nfc(header), fontsize=7.5, fontweight="bold", va="top")
    edges = (*columns[1:], 0.97)
    for i, row in enumerate(target_rows(states, lang), start=1):
        y = top - i * step
        for x, right, text in zip(columns, edges, row[:5]):
            last = x == columns[-1]
            chars = max(4, int((right - x) * width * 72 / (CELL_PT * (0.66 if last else 0.6))) - 1)
            parts = _cell(nfc(text or "—"), chars, cell_lines)
            for k, part in enumerate(parts):
                fig.text(x, y - k * CELL_PT * 1.2 / 72 / height, part, fontsize=CELL_PT, va="top",
                         color=VERDICT_COLOURS[row[5]] if last else "#212121",
                         fontweight="bold" if last else "normal")
    return fig
