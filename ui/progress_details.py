"""Progress beside the map: where the selected feature stands, who reported it, what they said
(note, evidence link), each section of a shared feature, and the history."""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from core.i18n import Strings, chart_date_format, format_date, format_percent, t
from core.text import md_escape, shown as text_of, source_shown
from core.vocab import CYCLE_STATES, STATUSES
from progress.cycle import due_cycle
from progress.rules import today_vn
from progress.sections import latest_by_section, overall, sections_of
from layers.registry import configured_data_dir
from progress.dashboard import SEED_CHECK, is_seed, reporter_label
from progress.db import resolve_url
from progress.seed import seed_csv, seed_note
from ui.cycle_view import due_sentence
from ui.data import cycle_states, store_version
from ui.facts import show_facts
from ui.store import get_refs, get_store

TEXT = Strings({
    "history": ("Lịch sử báo cáo", "Report history"),
    "unit": ("Đơn vị báo cáo", "Reporting unit"),
    "last": ("Báo cáo gần nhất", "Last report"),
    "none": ("Chưa có báo cáo nào cho địa điểm này.", "No report for this place yet."),
    "by": ("Người báo cáo", "Reported by"),
    "disbursed": ("Giải ngân", "Disbursed"),
    "note": ("Ghi chú", "Note"),
    "evidence": ("Minh chứng", "Evidence"),
    "sections": ("Theo đoạn (mỗi huyện báo cáo đoạn của mình)", "By section (each district reports its own)"),
    "section": ("Đoạn", "Section"),
    "whole": ("báo cáo chung cho cả tuyến", "report on the whole route"),
    "overall": ("Tình trạng chung: {status}; tiến độ chung: {pct}. Cách tính: tình trạng của đoạn chậm nhất; tiến "
                "độ là trung bình các đoạn (chỉ khi mọi đoạn có số liệu). {n}/{total} đoạn đã có báo cáo.",
                "Overall status: {status}; overall progress: {pct}. How: the slowest section's status; progress is "
                "the mean of the sections (only when every section gives a figure). {n}/{total} sections have a "
                "report."),
})


def note_text(note, lang: str, *, feature_id, as_of, status, reported_by) -> str:
    """A report's note in ``lang``: the seed's first statuses have an English note in the seed file (progress.seed);
    a person's note is shown as written. No raw English remark inside a Vietnamese note (walk 16, finding 15)."""
    return seed_note(text_of(note, ""), lang, feature_id=feature_id, as_of=as_of, status=status,
                     reported_by=reported_by, path=seed_csv(configured_data_dir()))


def show_sections(ref, history: pd.DataFrame, lang: str) -> None:
    """Each district section's latest report, and the overall state with how it is derived."""
    words = TEXT.words(lang)
    states = latest_by_section(ref, history)
    total = overall(states)
    st.markdown(f"**{md_escape(words['sections'])}**")
    st.caption(md_escape(words["overall"].format(
        status=STATUSES[total.status].label(lang), pct=format_percent(total.progress_pct, lang),
        n=total.reported_sections, total=total.total_sections)))
    table = pd.DataFrame({
        words["section"]: [s.section for s in states],
        t("status", lang): [STATUSES.get(s.status, STATUSES["unknown"]).label(lang) for s in states],
        "%": [format_percent(s.progress_pct, lang) for s in states],
        t("as_of", lang): [format_date(s.as_of, lang) for s in states],
        words["by"]: [(reporter_label(s.reported_by, lang) or "—") + (f" ({words['whole']})" if s.whole and s.as_of else "")
                      for s in states],
        words["note"]: [note_text(s.note, lang, feature_id=ref.id, as_of=s.as_of, status=s.status,
                                  reported_by=s.reported_by) for s in states],
    })
    st.dataframe(table, hide_index=True, width="stretch", key=f"sections_{ref.id}")


PLOT_HEIGHT = 200  # px for the plot, its axes and the legend's title
LEGEND_LINE = 22  # px per status named in the legend


def _report_days(days: pd.Series) -> list[alt.DateTime]:
    """The distinct report dates as Vega dates in the browser's local time, as the chart reads its data."""
    return [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in sorted(set(days.dt.date))]


def timeline_chart(history: pd.DataFrame, lang: str) -> alt.Chart:
    """Progress over time, one point per report, coloured by status with the map's colours."""
    data = history.assign(
        status_label=history["status"].map(lambda c: STATUSES.get(c, STATUSES["unknown"]).label(lang)),
        as_of=pd.to_datetime(history["as_of"]),
        progress_pct=history["progress_pct"].astype("Float64").fillna(0),
    )[["as_of", "progress_pct", "status_label"]]
    labels = [term.label(lang) for term in STATUSES.values()]
    colours = [term.colour for term in STATUSES.values()]
    present = [label for label in labels if label in set(data["status_label"])]
    base = alt.Chart(data).encode(
        # Ticks at the reports' own dates, day first (numbers: no English month names). A month-only format on
        # Vega's daily ticks wrote "11/2026 11/2026 11/2026" under reports of one month.
        x=alt.X("as_of:T", title=t("as_of", lang),
                axis=alt.Axis(values=_report_days(data["as_of"]), format=chart_date_format(lang), labelOverlap="greedy",
                              labelAngle=0)),
        y=alt.Y("progress_pct:Q", title=None, scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(values=[0, 50, 100], labelExpr="datum.value + '%'")),  # no axis title: room for the legend
    )
    return (base.mark_line(color="#90a4ae") + base.mark_point(size=80, filled=True).encode(
        # The legend names the statuses this history has, one a line: all eight in one row ran out of the
        # details column (cut after two at 1366 px, on a phone too) and squeezed the plot to a sliver.
        color=alt.Color("status_label:N", title=t("status", lang),
                        scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=0, labelFontSize=11,
                                          values=present)),
        tooltip=[alt.Tooltip("as_of:T", title=t("as_of", lang), format=chart_date_format(lang)), alt.Tooltip("status_label:N", title=t("status", lang)),
                 alt.Tooltip("progress_pct:Q", title="%")],
    )).properties(height=PLOT_HEIGHT + LEGEND_LINE * len(present))  # Streamlit fits the whole chart, legend too


def render(feature_id: str, lang: str, as_of: date | None = None) -> None:
    words = TEXT.words(lang)
    history = get_store().history(feature_id)
    if as_of is not None:
        history = history[history["as_of"] <= as_of]
    if history.empty:
        st.caption(words["none"])
        return
    last = history.iloc[-1]
    today = today_vn()
    facts = {
        t("status", lang): STATUSES.get(last["status"], STATUSES["unknown"]).label(lang),
        t("progress", lang): format_percent(last["progress_pct"], lang),
        words["unit"]: text_of(last.get("unit")),
        (SEED_CHECK.get(lang) if is_seed(last.get("reported_by")) else words["last"]):
            format_date(pd.Timestamp(last["as_of"]).date(), lang),
        words["by"]: reporter_label(last.get("reported_by"), lang) or "—",
    }
    if not pd.isna(last.get("disbursement_pct", float("nan"))):
        facts[words["disbursed"]] = format_percent(last["disbursement_pct"], lang)
    if text_of(last.get("note"), ""):
        facts[words["note"]] = note_text(last["note"], lang, feature_id=feature_id, as_of=last["as_of"],
                                         status=last["status"], reported_by=last.get("reported_by"))
    if text_of(last.get("evidence_url"), ""):
        facts[words["evidence"]] = str(last["evidence_url"])
    show_facts(facts.items())
    ref = get_refs().get(feature_id)
    if ref is not None and sections_of(ref):
        show_sections(ref, history, lang)
    state = cycle_states(resolve_url(), today, store_version()).get(feature_id)
    if as_of is None and state in ("overdue", "not_yet"):  # where it stands in the cycle collected now
        st.warning(md_escape(f"{CYCLE_STATES[state].label(lang)} — {due_sentence(due_cycle(today), lang)}"))
    st.markdown(f"**{words['history']}**")
    st.altair_chart(timeline_chart(history, lang), width="stretch")
    shown = pd.DataFrame({
        t("as_of", lang): history["as_of"].map(lambda d: format_date(pd.Timestamp(d).date(), lang)),
        t("status", lang): history["status"].map(lambda c: STATUSES.get(c, STATUSES["unknown"]).label(lang)),
        "%": history["progress_pct"].map(lambda v: format_percent(v, lang)),
        words["section"]: history["section"].map(lambda v: text_of(v, "")),
        t("note", lang): [note_text(r.note, lang, feature_id=feature_id, as_of=r.as_of, status=r.status,
                                    reported_by=r.reported_by) for r in history.itertuples(index=False)],
        t("source", lang): history["source"].map(lambda v: source_shown(text_of(v, ""), lang)),
    })
    if not history["section"].notna().any():  # a feature in one district has no sections
        shown = shown.drop(columns=[words["section"]])
    st.dataframe(shown.iloc[::-1], hide_index=True, width="stretch")
