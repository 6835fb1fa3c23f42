"""The reporting cycle on screen: the deadline and days left, counts by state, the to-do list.

The report page shows a person's own places (one click from a place to its form); the dashboard
shows every unit's, overdue first. The maths is ``progress.cycle``; this only draws it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import Strings, format_date
from core.text import md_escape
from core.vocab import CYCLE_STATES
from layers.registry import get_layer
from progress.cycle import DueCycle, state_counts

TEXT = Strings({
    "due": ("Kỳ báo cáo năm {year}: hạn nộp {deadline} — còn {days} ngày.",
            "Reporting cycle {year}: due {deadline} — {days} days left."),
    "due_today": ("Kỳ báo cáo năm {year}: hôm nay ({deadline}) là hạn nộp cuối cùng.",
                  "Reporting cycle {year}: today ({deadline}) is the deadline."),
    "due_passed": ("Kỳ báo cáo năm {year}: hạn nộp {deadline} đã qua {days} ngày — báo cáo muộn vẫn được ghi.",
                   "Reporting cycle {year}: the deadline {deadline} passed {days} days ago — late reports are still "
                   "taken."),
    "mine": ("{open} trong {total} địa điểm của bạn chưa báo cáo kỳ này.",
             "{open} of your {total} places not yet reported this cycle."),
    "mine_done": ("Bạn đã báo cáo đủ {total} địa điểm kỳ này.", "You have reported all {total} places this cycle."),
    "report": ("Báo cáo", "Report"),
    "last": ("báo cáo gần nhất {date}", "last report {date}"),
    "never": ("chưa có báo cáo của đơn vị", "no unit report yet"),
    "section": ("đoạn {name}", "{name} section"),
    "todo": ("Việc cần làm kỳ này", "To do this cycle"),
    "list": ("Các địa điểm của bạn ({n})", "Your places ({n})"),
})



def due_sentence(cycle: DueCycle, lang: str) -> str:
    """The deadline and the days left, in the reader's date format."""
    key = "due" if cycle.days_left > 0 else "due_today" if cycle.days_left == 0 else "due_passed"
    return TEXT.t(key, lang, year=cycle.end.year, deadline=format_date(cycle.end, lang), days=abs(cycle.days_left))


def show_due(cycle: DueCycle, lang: str) -> None:
    sentence = md_escape(due_sentence(cycle, lang))
    (st.error if cycle.passed else st.warning if cycle.days_left <= 7 else st.info)(sentence, icon=":material/event:")


def show_counts(table: pd.DataFrame, lang: str) -> dict[str, int]:
    """One metric per state that matters, overdue first (finished places owe nothing and are not counted)."""
    counts = state_counts(table)
    shown = [code for code in CYCLE_STATES if code != "finished"]
    for column, code in zip(st.columns(len(shown)), shown):
        column.metric(CYCLE_STATES[code].label(lang), counts[code])
    return counts


def place_label(row, lang: str) -> str:
    """"KCN Bình Giang" or "Đường sắt … — đoạn Bình Giang"."""
    name = str(row.name_)
    if isinstance(row.section, str):
        return f"{name} — {TEXT.t('section', lang, name=row.section)}"
    return name


def _when(row, lang: str) -> str:
    if row.last_report is None or pd.isna(row.last_report):
        return TEXT.t("never", lang)
    return TEXT.t("last", lang, date=format_date(row.last_report, lang))


def show_my_todo(cycle: DueCycle, table: pd.DataFrame, lang: str) -> tuple[str, str | None] | None:
    """The person's places with their state and a button each; returns the (feature, section) clicked."""
    st.subheader(TEXT.t("todo", lang), anchor=False)  # no "Link to heading", which Streamlit names in English
    show_due(cycle, lang)
    counts = show_counts(table, lang)
    open_ = counts["overdue"] + counts["not_yet"]
    total = len(table)
    st.markdown(md_escape(TEXT.t("mine" if open_ else "mine_done", lang, open=open_, total=total)))
    clicked = None
    listing = st.expander(TEXT.t("list", lang, n=total), expanded=total <= LONG_LIST)
    for i, row in enumerate(table.rename(columns={"name": "name_"}).itertuples(index=False)):
        term = CYCLE_STATES[row.state]
        left, right = listing.columns([4, 1], vertical_alignment="center")
        left.markdown(
            f":{_COLOURS[row.state]}-badge[{md_escape(term.label(lang))}] **{md_escape(place_label(row, lang))}**  \n"
            f"{md_escape(get_layer(row.layer).title(lang))} · {md_escape(_when(row, lang))}")
        if right.button(TEXT.t("report", lang), key=f"todo_go_{i}", icon=":material/edit_note:",
                        type="primary" if row.state in ("overdue", "not_yet") else "secondary"):
            clicked = (row.feature_id, row.section if isinstance(row.section, str) else None)
    return clicked


LONG_LIST = 12  # more places than this (an administrator's): the list starts folded
# Streamlit's badge colours nearest to CYCLE_STATES' map colours.
_COLOURS = {"overdue": "red", "not_yet": "orange", "reported": "green", "finished": "gray"}
