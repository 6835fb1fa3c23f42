"""The progress dashboard: the reporting cycle first (overdue, not yet, reported — with the list of
units and places still owing a report to download), then every feature's status, filters, charts.

Browsing is open (no sign-in). User text (notes, units) is only shown through st.dataframe.
Every count, table and chart follows the filters.
"""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from core.i18n import Strings, Words, date_field_format, format_date, format_number
from core.text import md_escape, shown as text_of
from core.vocab import CYCLE_STATES, STATUSES
from layers.registry import configured_data_dir, get_layer
from progress import (
    counts_by_district,
    counts_by_status,
    export_csv,
    export_xlsx,
    today_vn,
)
from progress.cycle import feature_states, store_todo
from progress.dashboard import NO_DISTRICT, build_dashboard, reporter_label
from progress.seed import seed_csv, seed_note
from ui import cycle_view
from ui.date_field import as_of_input
from ui.lang import current_lang
from ui.store import get_refs, get_store, show_seed_error

TEXT = Strings({
    "title": ("Tiến độ thực hiện Chương trình hành động", "Progress of the action program"),
    "as_of": ("Tính đến ngày", "As of"),
    "layer": ("Lớp", "Layer"),
    "district": ("Huyện (2023)", "District (2023)"),
    "status": ("Tình trạng", "Status"),
    "unit": ("Đơn vị", "Unit"),
    "name": ("Tên", "Name"),
    "pct": ("Tiến độ (%)", "Progress (%)"),
    "last": ("Báo cáo gần nhất", "Last report"),
    "status_date": ("Tình trạng ghi nhận ngày", "Status dated"),
    "by": ("Người báo cáo", "Reported by"),
    "note": ("Ghi chú", "Note"),
    "disb": ("Giải ngân (%)", "Disbursed (%)"),
    "id": ("Mã", "Id"),
    "by_status": ("Số đối tượng theo tình trạng", "Features by status"),
    "by_district": ("Số đối tượng theo huyện và tình trạng", "Features by district and status"),
    "no_district": ("Chưa rõ huyện", "District not known"),
    "count": ("Số đối tượng", "Features"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải XLSX", "Download XLSX"),
    "empty": ("Không có đối tượng nào khớp bộ lọc.", "No feature matches the filters."),
    "filters": ("Bộ lọc", "Filters"),
    "list": ("Danh sách đối tượng", "Features"),
    "all": ("Tất cả", "All"),
    "as_of_line": ("Tình trạng tính đến ngày {date}: {n} trong {total} đối tượng khớp bộ lọc.",
                   "Status as of {date}: {n} of {total} features match the filters."),
    "cycle_head": ("Kỳ báo cáo hiện tại (tính đến hôm nay, {today})",
                   "Current reporting cycle (as of today, {today})"),
    "open_list": ("Đơn vị và địa điểm chưa báo cáo kỳ này", "Units and places not yet reported this cycle"),
    "open_csv": ("Tải danh sách chưa báo cáo (CSV)", "Download the not-yet-reported list (CSV)"),
    "open_xlsx": ("Tải danh sách chưa báo cáo (XLSX)", "Download the not-yet-reported list (XLSX)"),
    "place": ("Địa điểm", "Place"),
    "section": ("Đoạn (huyện)", "Section (district)"),
    "state": ("Kỳ này", "This cycle"),
    "all_reported": ("Mọi địa điểm đã báo cáo kỳ này.", "Every place has reported this cycle."),
})


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


def display_frame(table: pd.DataFrame, w: Words, lang: str = "vi", cycle_states: dict | None = None) -> pd.DataFrame:
    """The table as people read it (localised headers, "—" for what no report gives) — also what is downloaded."""
    states = table["feature_id"].map(lambda f: (cycle_states or {}).get(f))
    out = pd.DataFrame({
        w["name"]: table["name"],
        w["state"]: states.map(lambda c: CYCLE_STATES[c].label(lang) if c in CYCLE_STATES else "—"),
        w["status"]: table["status_label"],
        w["pct"]: table["progress_pct"],
        w["district"]: table["district"].map(text_of),
        w["unit"]: table["unit"].map(text_of),
        # A unit's latest report only: the seed's first statuses are dated by their sources (walk 16, finding 5).
        w["last"]: date_column(table["last_unit_report"]),
        w["status_date"]: date_column(table["as_of"]),
        w["by"]: table["reported_by"].map(lambda name: reporter_label(name, lang) or "—"),
        w["disb"]: table["disbursement_pct"].map(lambda v: format_number(v, lang, 1)),
        # a seed row's note in the reader's language (progress.seed), a person's as written
        w["note"]: [seed_note(text_of(r.note, ""), lang, feature_id=r.feature_id, as_of=r.as_of, status=r.status,
                              reported_by=r.reported_by, path=seed_csv(configured_data_dir()))
                    for r in table.itertuples(index=False)],
        w["id"]: table["feature_id"],
    })
    return out.reset_index(drop=True)


def date_column(values: pd.Series) -> pd.Series:
    """Dates typed as dates even when none is known: a column of only ``None`` goes to the grid as Arrow's
    null type, which it prints as "None" in every cell (an empty store's "Last report"); a date column shows
    an empty cell, and the downloads an empty field."""
    days = [d if isinstance(d, date) else None for d in values]
    return pd.Series(days, index=values.index, dtype=pd.ArrowDtype(pa.date32()))


def _status_scale(lang: str) -> alt.Scale:
    """The map's status colours, in the vocabulary's order."""
    return alt.Scale(domain=[t.label(lang) for t in STATUSES.values()], range=[t.colour for t in STATUSES.values()])


def status_chart(table: pd.DataFrame, lang: str, w: Words) -> alt.Chart:
    counts = counts_by_status(table, lang)
    order = [t.label(lang) for t in STATUSES.values()]
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("count:Q", title=w["count"], axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("status_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("status_label:N", scale=_status_scale(lang), legend=None),
        tooltip=[alt.Tooltip("status_label:N", title=w["status"]), alt.Tooltip("count:Q", title=w["count"])],
    ).properties(height=260)


def district_chart(table: pd.DataFrame, lang: str, w: Words, districts=()) -> alt.Chart:
    """Features per district and status; with a district filter, only the chosen districts (a railway
    crossing five districts counts in Bình Giang, not in the four others the user did not ask for)."""
    pivot = counts_by_district(table)
    if districts:
        pivot = pivot[pivot.index.isin(districts)]
    long = pivot.reset_index().melt(id_vars="district", var_name="status", value_name="count")
    long = long[long["count"] > 0]
    long["status_label"] = long["status"].map(lambda c: STATUSES[c].label(lang) if c in STATUSES else c)
    # Features no source places in a district are said so in words, on the last row (a bare "—" said nothing).
    long["district"] = long["district"].replace(NO_DISTRICT, w["no_district"])
    rows = sorted(set(long["district"]), key=lambda d: (d == w["no_district"], d))
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("sum(count):Q", title=w["count"], axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("district:N", title=None, sort=rows, axis=alt.Axis(labelLimit=160)),
        # One status a line, whole: two columns were wider than a phone's chart and cut ("Chuẩn bị đầu t").
        color=alt.Color("status_label:N", title=w["status"], scale=_status_scale(lang),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
        tooltip=[alt.Tooltip("district:N", title=w["district"]), alt.Tooltip("status_label:N", title=w["status"]),
                 alt.Tooltip("count:Q", title=w["count"])],
    ).properties(height=alt.Step(24))


def open_places(todo: pd.DataFrame, lang: str, w: Words) -> pd.DataFrame:
    """The places (sections) still owing a report, overdue first — the list a secretary sends round."""
    owing = todo[todo["state"].isin(("overdue", "not_yet"))]
    return pd.DataFrame({
        w["unit"]: owing["district"],
        w["place"]: owing["name"],
        w["section"]: owing["section"].map(lambda s: text_of(s, "")),
        w["layer"]: owing["layer"].map(lambda lid: layer_title(lid, lang)),
        w["state"]: owing["state"].map(lambda c: CYCLE_STATES[c].label(lang)),
        w["last"]: owing["last_report"].map(lambda d: format_date(d if isinstance(d, date) else None, lang)),
        w["id"]: owing["feature_id"],
    }).reset_index(drop=True)


def open_units(places: pd.DataFrame, w: Words) -> pd.DataFrame:
    """Per unit, how many places still owe a report."""
    if places.empty:
        return pd.DataFrame(columns=[w["unit"], w["count"], w["place"]])
    grouped = places.groupby(w["unit"], sort=True)
    out = grouped.agg(**{w["count"]: (w["id"], "size"), w["place"]: (w["place"], lambda s: "; ".join(dict.fromkeys(s)))})
    return out.reset_index().sort_values([w["count"], w["unit"]], ascending=[False, True]).reset_index(drop=True)


def cycle_block(todo, cycle, lang: str, w: Words, today: date) -> None:
    """What the dashboard leads with: the deadline, the overdue count first, who still owes what."""
    st.subheader(w["cycle_head"].format(today=format_date(today, lang)))
    cycle_view.show_due(cycle, lang)
    cycle_view.show_counts(todo, lang)
    places = open_places(todo, lang, w)
    if places.empty:
        st.success(w["all_reported"])
        return
    with st.expander(f"{w['open_list']} ({len(places)})", expanded=False):
        st.dataframe(open_units(places, w), hide_index=True, key="dash_late")
        st.dataframe(places, hide_index=True, key="dash_open_places")
    d1, d2 = st.columns(2)
    stamp = today.isoformat()
    d1.download_button(w["open_csv"], export_csv(places), file_name=f"chua-bao-cao-{stamp}.csv", mime="text/csv",
                       key="dash_open_csv", on_click="ignore", icon=":material/download:")
    d2.download_button(w["open_xlsx"], export_xlsx(places, w["open_list"][:31]), file_name=f"chua-bao-cao-{stamp}.xlsx",
                       mime=XLSX_MIME, key="dash_open_xlsx", on_click="ignore", icon=":material/download:")


def _filter_todo(todo: pd.DataFrame, shown: pd.DataFrame, districts) -> pd.DataFrame:
    """The to-do of the places the filters show; with a district filter, only those districts' sections."""
    keep = todo["feature_id"].isin(set(shown["feature_id"]))
    if districts:
        keep &= todo["section"].isna() | todo["section"].isin(districts)
    return todo[keep]


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render() -> None:
    lang = current_lang()
    w = TEXT.words(lang)
    st.header(w["title"])
    show_seed_error(lang)
    today = today_vn()
    lead = st.container()  # the cycle comes first on the page, drawn once the filters are known
    cycle, todo = store_todo(get_store(), get_refs(), today)
    states = feature_states(todo)

    as_of = as_of_input(w["as_of"], "dash_as_of", lang)
    table = dashboard_frame(as_of, lang)
    with st.expander(w["filters"], expanded=True):
        c1, c2, c3, c4 = st.columns(4)
        layers = c1.multiselect(w["layer"], sorted(table["layer_title"].unique()), key="dash_layers", placeholder=w["all"])
        districts = c2.multiselect(w["district"], _districts(table), key="dash_districts", placeholder=w["all"])
        status_options = [t.label(lang) for t in STATUSES.values()]
        statuses = c3.multiselect(w["status"], status_options, key="dash_statuses", placeholder=w["all"])
        units = c4.multiselect(w["unit"], sorted(table["unit"].dropna().unique()), key="dash_units", placeholder=w["all"])
    shown = apply_filters(table, layers, districts, statuses, units)
    with lead:
        cycle_block(_filter_todo(todo, shown, districts), cycle, lang, w, today)

    st.subheader(w["list"])
    st.caption(md_escape(w["as_of_line"].format(date=format_date(as_of, lang), n=len(shown), total=len(table))))
    if shown.empty:
        st.info(w["empty"])
    frame = display_frame(shown, w, lang, states)
    st.dataframe(
        frame, hide_index=True,
        column_config={
            # %g: the figure as reported (4.5 stays 4.5, not the 5 that "%.0f" made of it beside 4,5 elsewhere)
            w["pct"]: st.column_config.ProgressColumn(w["pct"], min_value=0, max_value=100, format="%g%%"),
            w["last"]: st.column_config.DateColumn(w["last"], format=date_field_format(lang)),
            w["status_date"]: st.column_config.DateColumn(w["status_date"], format=date_field_format(lang)),
        },
        key="dash_table",
    )
    d1, d2 = st.columns(2)
    stamp = as_of.isoformat()
    d1.download_button(w["download_csv"], export_csv(frame), file_name=f"tien-do-{stamp}.csv", mime="text/csv",
                       key="dash_csv", on_click="ignore")
    d2.download_button(w["download_xlsx"], export_xlsx(frame, w["list"]), file_name=f"tien-do-{stamp}.xlsx",
                       mime=XLSX_MIME, key="dash_xlsx", on_click="ignore")

    c1, c2 = st.columns(2)
    with c1:
        st.subheader(w["by_status"])
        st.altair_chart(status_chart(shown, lang, w), key="dash_status_chart")
    with c2:
        st.subheader(w["by_district"])
        if not shown.empty:
            st.altair_chart(district_chart(shown, lang, w, districts), key="dash_district_chart")
