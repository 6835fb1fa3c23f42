"""Progress beside the map: where the selected feature stands, who reported it, and its history."""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from core.i18n import format_date, t
from core.vocab import STATUSES
from progress.rules import FINISHED_STATUSES, in_cycle, report_cycle, today_vn
from progress.store import reporter_label
from ui.facts import show_facts
from ui.store import get_store

_TEXT = {
    "vi": {"history": "Lịch sử báo cáo", "unit": "Đơn vị báo cáo", "last": "Báo cáo gần nhất",
           "overdue": "Chưa có báo cáo của đơn vị cho kỳ này — hạn nộp {end} (còn {days} ngày)",
           "none": "Chưa có báo cáo nào cho địa điểm này.", "by": "Người báo cáo",
           "disbursed": "Giải ngân"},
    "en": {"history": "Report history", "unit": "Reporting unit", "last": "Last report",
           "overdue": "No unit report for this cycle yet — due {end} ({days} days left)",
           "none": "No report for this place yet.", "by": "Reported by", "disbursed": "Disbursed"},
}


def is_overdue(last_unit_report: date | None, status: str | None, today: date) -> bool:
    """Not finished, and no report by a unit (seed rows do not count) in the cycle ending 5 December."""
    return status not in FINISHED_STATUSES and not in_cycle(last_unit_report, today)


def timeline_chart(history: pd.DataFrame, lang: str) -> alt.Chart:
    """Progress over time, one point per report, coloured by status with the map's colours."""
    data = history.assign(
        status_label=history["status"].map(lambda c: STATUSES.get(c, STATUSES["unknown"]).label(lang)),
        as_of=pd.to_datetime(history["as_of"]),
        progress_pct=history["progress_pct"].astype("Float64").fillna(0),
    )[["as_of", "progress_pct", "status_label"]]
    labels = [term.label(lang) for term in STATUSES.values()]
    colours = [term.colour for term in STATUSES.values()]
    base = alt.Chart(data).encode(
        x=alt.X("as_of:T", title=t("as_of", lang), axis=alt.Axis(format="%m/%Y")),  # numbers: no English month names
        y=alt.Y("progress_pct:Q", title="%", scale=alt.Scale(domain=[0, 100])),
    )
    return (base.mark_line(color="#90a4ae") + base.mark_point(size=80, filled=True).encode(
        color=alt.Color("status_label:N", title=t("status", lang),
                        scale=alt.Scale(domain=labels, range=colours), legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("as_of:T", title=t("as_of", lang), format="%d/%m/%Y"), alt.Tooltip("status_label:N", title=t("status", lang)),
                 alt.Tooltip("progress_pct:Q", title="%")],
    )).properties(height=180)


def render(feature_id: str, lang: str, as_of: date | None = None) -> None:
    words = _TEXT[lang if lang in _TEXT else "vi"]
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
        t("progress", lang): "—" if pd.isna(last["progress_pct"]) else f"{float(last['progress_pct']):.0f}%",
        words["unit"]: last.get("unit") or "—",
        words["last"]: format_date(pd.Timestamp(last["as_of"]).date(), lang),
        words["by"]: reporter_label(last.get("reported_by"), lang) or "—",
    }
    if not pd.isna(last.get("disbursement_pct", float("nan"))):
        facts[words["disbursed"]] = f"{float(last['disbursement_pct']):.0f}%"
    show_facts(facts.items())
    last_unit_report = get_store().last_unit_reports(today).get(feature_id)
    if as_of is None and is_overdue(last_unit_report, last["status"], today):
        due = report_cycle(today)[1]
        st.warning(words["overdue"].format(end=format_date(due, lang), days=(due - today).days))
    st.markdown(f"**{words['history']}**")
    st.altair_chart(timeline_chart(history, lang), width="stretch")
    shown = history[["as_of", "status", "progress_pct", "note", "source"]].copy()
    shown["status"] = shown["status"].map(lambda c: STATUSES.get(c, STATUSES["unknown"]).label(lang))
    shown["as_of"] = shown["as_of"].map(lambda d: format_date(pd.Timestamp(d).date(), lang))
    shown["progress_pct"] = shown["progress_pct"].map(lambda v: "—" if pd.isna(v) else f"{float(v):.0f}%")
    shown.columns = [t("as_of", lang), t("status", lang), "%", t("note", lang), t("source", lang)]
    st.dataframe(shown.iloc[::-1], hide_index=True, width="stretch")
