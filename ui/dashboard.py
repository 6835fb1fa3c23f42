"""The progress dashboard: every feature's status, filters, counts, overdue units, downloads.

Browsing is open (no sign-in). User text (notes, units) is only shown through st.dataframe.
"""
from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from core.i18n import date_field_format, format_date
from core.text import md_escape
from core.vocab import STATUSES
from layers.registry import get_layer
from progress import (
    counts_by_district,
    counts_by_status,
    export_csv,
    export_xlsx,
    overdue_units,
    report_cycle,
    today_vn,
)
from progress.store import build_dashboard, reporter_label
from ui.lang import current_lang
from ui.store import get_refs, get_store, show_seed_error

TEXT = {
    "vi": {
        "title": "Tiến độ thực hiện Chương trình hành động",
        "as_of": "Tính đến ngày", "layer": "Lớp", "district": "Huyện (2023)", "status": "Tình trạng", "unit": "Đơn vị",
        "name": "Tên", "pct": "Tiến độ (%)", "last": "Báo cáo gần nhất", "overdue": "Báo cáo kỳ này", "overdue_mark": "⚠ Chưa báo cáo",
        "by": "Người báo cáo", "note": "Ghi chú", "disb": "Giải ngân (%)", "id": "Mã",
        "features": "Số đối tượng", "reported": "Đã báo cáo trong kỳ", "late": "Chưa báo cáo kỳ này",
        "cycle": "Kỳ báo cáo: từ {start} đến hết {end} (hạn nộp 5/12 hằng năm).",
        "by_status": "Số đối tượng theo tình trạng", "by_district": "Số đối tượng theo huyện và tình trạng",
        "late_units": "Đơn vị chưa báo cáo kỳ này", "count": "Số đối tượng", "none_late": "Mọi đơn vị đã báo cáo kỳ này.",
        "download_csv": "Tải CSV", "download_xlsx": "Tải XLSX", "empty": "Không có đối tượng nào khớp bộ lọc.",
        "filters": "Bộ lọc", "list": "Danh sách đối tượng", "all": "Tất cả",
    },
    "en": {
        "title": "Progress of the action program",
        "as_of": "As of", "layer": "Layer", "district": "District (2023)", "status": "Status", "unit": "Unit",
        "name": "Name", "pct": "Progress (%)", "last": "Last report", "overdue": "This cycle", "overdue_mark": "⚠ Not reported",
        "by": "Reported by", "note": "Note", "disb": "Disbursed (%)", "id": "Id",
        "features": "Features", "reported": "Reported this cycle", "late": "Not reported this cycle",
        "cycle": "Reporting cycle: {start} to {end} inclusive (reports due by 5 December each year).",
        "by_status": "Features by status", "by_district": "Features by district and status",
        "late_units": "Units that have not reported this cycle", "count": "Features", "none_late": "Every unit has reported this cycle.",
        "download_csv": "Download CSV", "download_xlsx": "Download XLSX", "empty": "No feature matches the filters.",
        "filters": "Filters", "list": "Features", "all": "All",
    },
}


def layer_title(layer_id: str, lang: str) -> str:
    return get_layer(layer_id).title(lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _table(url: str, as_of: date, version: int, lang: str, refs_key: int) -> pd.DataFrame:
    store = get_store()
    refs = get_refs()
    return build_dashboard(refs, store.state_as_of(as_of), as_of, lang, store.last_unit_reports(as_of))


def dashboard_frame(as_of: date, lang: str) -> pd.DataFrame:
    store = get_store()
    refs = get_refs()
    table = _table(store.url, as_of, store.version(), lang, id(refs)).copy()
    table["layer_title"] = table["layer"].map(lambda lid: layer_title(lid, lang))
    return table


def _districts(table: pd.DataFrame) -> list[str]:
    names = {d.strip() for value in table["district"].dropna() for d in value.split(",") if d.strip()}
    return sorted(names)


def apply_filters(table: pd.DataFrame, layers, districts, statuses, units) -> pd.DataFrame:
    keep = pd.Series(True, index=table.index)
    if layers:
        keep &= table["layer_title"].isin(layers)
    if districts:
        wanted = set(districts)
        keep &= table["district"].fillna("").map(lambda s: bool(wanted & {d.strip() for d in s.split(",")}))
    if statuses:
        keep &= table["status_label"].isin(statuses)
    if units:
        keep &= table["unit"].isin(units)
    return table[keep]


def display_frame(table: pd.DataFrame, w: dict, lang: str = "vi") -> pd.DataFrame:
    """The table as people read it (localised headers) — also what is downloaded."""
    out = pd.DataFrame({
        w["id"]: table["feature_id"],
        w["name"]: table["name"],
        w["layer"]: table["layer_title"],
        w["district"]: table["district"],
        w["status"]: table["status_label"],
        w["pct"]: table["progress_pct"],
        w["unit"]: table["unit"],
        w["last"]: table["as_of"],
        w["by"]: table["reported_by"].map(lambda name: reporter_label(name, lang)),
        w["disb"]: table["disbursement_pct"],
        w["overdue"]: table["overdue"].map(lambda v: w["overdue_mark"] if v else ""),
        w["note"]: table["note"],
    })
    return out.reset_index(drop=True)


def _status_scale(lang: str) -> alt.Scale:
    """The map's status colours, in the vocabulary's order."""
    return alt.Scale(domain=[t.label(lang) for t in STATUSES.values()], range=[t.colour for t in STATUSES.values()])


def status_chart(table: pd.DataFrame, lang: str, w: dict) -> alt.Chart:
    counts = counts_by_status(table, lang)
    order = [t.label(lang) for t in STATUSES.values()]
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("count:Q", title=w["count"], axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("status_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("status_label:N", scale=_status_scale(lang), legend=None),
        tooltip=[alt.Tooltip("status_label:N", title=w["status"]), alt.Tooltip("count:Q", title=w["count"])],
    ).properties(height=260)


def district_chart(table: pd.DataFrame, lang: str, w: dict) -> alt.Chart:
    pivot = counts_by_district(table)
    long = pivot.reset_index().melt(id_vars="district", var_name="status", value_name="count")
    long = long[long["count"] > 0]
    long["status_label"] = long["status"].map(lambda c: STATUSES[c].label(lang) if c in STATUSES else c)
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("sum(count):Q", title=w["count"], axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("district:N", title=None, sort="ascending"),
        color=alt.Color("status_label:N", title=w["status"], scale=_status_scale(lang),
                        legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("district:N", title=w["district"]), alt.Tooltip("status_label:N", title=w["status"]),
                 alt.Tooltip("count:Q", title=w["count"])],
    ).properties(height=alt.Step(24))


def render() -> None:
    lang = current_lang()
    w = TEXT[lang]
    st.header(w["title"])
    show_seed_error(lang)
    today = today_vn()
    as_of = st.date_input(w["as_of"], value=today, max_value=today, format=date_field_format(lang), key="dash_as_of")
    table = dashboard_frame(as_of, lang)

    with st.expander(w["filters"], expanded=True):
        c1, c2, c3, c4 = st.columns(4)
        layers = c1.multiselect(w["layer"], sorted(table["layer_title"].unique()), key="dash_layers", placeholder=w["all"])
        districts = c2.multiselect(w["district"], _districts(table), key="dash_districts", placeholder=w["all"])
        status_options = [t.label(lang) for t in STATUSES.values()]
        statuses = c3.multiselect(w["status"], status_options, key="dash_statuses", placeholder=w["all"])
        units = c4.multiselect(w["unit"], sorted(table["unit"].dropna().unique()), key="dash_units", placeholder=w["all"])
    shown = apply_filters(table, layers, districts, statuses, units)

    start, end = report_cycle(as_of)
    first_day = start + timedelta(days=1)  # the cycle is (start, end]

    st.caption(md_escape(w["cycle"].format(start=format_date(first_day, lang), end=format_date(end, lang))))
    m1, m2, m3 = st.columns(3)
    m1.metric(w["features"], len(shown))
    m2.metric(w["reported"], int((~shown["overdue"] & shown["last_unit_report"].notna()).sum()))
    m3.metric(w["late"], int(shown["overdue"].sum()))

    st.subheader(w["list"])
    if shown.empty:
        st.info(w["empty"])
    frame = display_frame(shown, w, lang)
    st.dataframe(
        frame, hide_index=True,
        column_config={
            w["pct"]: st.column_config.ProgressColumn(w["pct"], min_value=0, max_value=100, format="%.0f%%"),
            w["last"]: st.column_config.DateColumn(w["last"], format=date_field_format(lang)),
            w["disb"]: st.column_config.NumberColumn(w["disb"], format="%.1f"),
        },
        key="dash_table",
    )
    d1, d2 = st.columns(2)
    stamp = as_of.isoformat()
    d1.download_button(w["download_csv"], export_csv(frame), file_name=f"tien-do-{stamp}.csv", mime="text/csv",
                       key="dash_csv", on_click="ignore")
    d2.download_button(w["download_xlsx"], export_xlsx(frame, w["list"]), file_name=f"tien-do-{stamp}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dash_xlsx", on_click="ignore")

    c1, c2 = st.columns(2)
    with c1:
        st.subheader(w["by_status"])
        st.altair_chart(status_chart(shown, lang, w), key="dash_status_chart")
    with c2:
        st.subheader(w["by_district"])
        if not shown.empty:
            st.altair_chart(district_chart(shown, lang, w), key="dash_district_chart")

    st.subheader(w["late_units"])
    late = overdue_units(shown)
    if late.empty:
        st.success(w["none_late"])
    else:
        st.dataframe(late.rename(columns={"unit": w["unit"], "overdue_count": w["count"], "features": w["name"]}),
                     hide_index=True, key="dash_late")
