"""The 2030 targets page: each indicator's target, latest figure, trend and standing, its source and map link;
and, for those who may report, the yearly values (one value, or a file: all rows or none) and their audit trail.

Only composes ``progress`` (pure); user text is shown through st.dataframe / escaped Markdown.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from core.errors import ImportRejected, PlanMapError
from core.i18n import Strings, Text, date_field_format, format_date, format_number, t
from core.text import md_escape
from layers.query import ViewFilter
from layers.registry import LAYER_IDS, configured_data_dir, get_layer, layer_for_mode
from progress import export_csv, export_xlsx, importer, indicator_import, indicators as ind, report_cycle, today_vn
from progress.indicator_rules import EARLIEST_YEAR, IndicatorIn, indicator_ref
from progress.target_status import HEADERS, for_people, summary_table, target_states, verdict_counts
from progress.dashboard import reporter_label
from progress.targets import VERDICT_COLOURS, load_targets, target_text, value_text
from ui import url_state
from ui.data import base_frames
from ui.date_field import FIELD_MAX, FIELD_MIN
from ui.lang import current_lang
from ui.uploader import limited_uploader
from ui.store import get_store, signed_in_reporter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = Strings({
    "title": ("Chỉ tiêu đến năm 2030 của Chương trình (§II.2)", "The program's 2030 targets (§II.2)"),
    "how": ("Mỗi chỉ tiêu được đánh giá theo hướng của nó: tốc độ bình quân mỗi năm (%/năm) theo bình quân các năm "
            "đã có số liệu; chỉ tiêu khác theo xu hướng (bình phương tối thiểu) kéo dài đến năm 2030, cần ít nhất "
            "hai năm số liệu. Không có số liệu thì «Chưa rõ» — không ước đoán.",
            "Each target is judged by its direction: an average yearly rate (%/year) by the mean of the years with "
            "figures; any other target by its least-squares trend extended to 2030, which needs two years of "
            "figures at least. Without figures it is “Unknown” — never guessed."),
    "counts": ("{met} đã đạt · {on_track} đúng hướng · {off_track} chệch hướng · {unknown} chưa rõ (tổng {total})",
               "{met} met · {on_track} on track · {off_track} off track · {unknown} unknown ({total} in all)"),
    "map": ("Bản đồ", "Map"),
    "see_map": ("Xem trên bản đồ", "See on the map"),
    "history": ("Số liệu từng năm của một chỉ tiêu", "One indicator's figures year by year"),
    "pick": ("Chỉ tiêu", "Indicator"),
    "no_values": ("Chưa có số liệu nào cho chỉ tiêu này.", "No figure yet for this indicator."),
    "quote": ("Trích Chương trình", "The program says"),
    "wastewater": ("Theo dữ liệu bản đồ: {yes}/{n} khu công nghiệp đang hoạt động có nguồn xác nhận hệ thống xử lý "
                   "nước thải tập trung, {no} không có, {unknown} chưa rõ",
                   "From the map's data: {yes}/{n} operating industrial zones have a source confirming central "
                   "wastewater treatment, {no} have none, {unknown} unknown"),
    "not_enough": (" — chưa đủ để tính tỷ lệ.", " — not enough for a share."),
    "share": (" — tỷ lệ {pct} %.", " — a share of {pct} %."),
    "due": ("Chưa có báo cáo trong kỳ đến {deadline}: {n} chỉ tiêu.",
            "No report yet in the cycle ending {deadline}: {n} indicators."),
    "report": ("Báo cáo số liệu chỉ tiêu", "Report indicator figures"),
    "need_sign_in": ("Đăng nhập để báo cáo số liệu chỉ tiêu.", "Sign in to report indicator figures."),
    "viewer": ("Tài khoản này chỉ được xem, không được báo cáo.", "This account may view but not report."),
    "no_scope": ("Không có chỉ tiêu nào trong phạm vi báo cáo của bạn (phạm vi cần ghi mã chỉ tiêu hoặc «*»).",
                 "No indicator is within your reporting scope (the scope must name the indicator id, or “*”)."),
    "tab_one": ("Một số liệu", "One figure"),
    "tab_bulk": ("Nhập tệp", "File import"),
    "tab_audit": ("Nhật ký số liệu chỉ tiêu", "Indicator audit trail"),
    "year": ("Năm của số liệu", "Year of the figure"),
    "year_help": ("Từ {first} đến {last}.", "From {first} to {last}."),
    "value": ("Giá trị", "Value"),
    "value_help": ("Số lẻ ghi dấu phẩy (8,5) hoặc dấu chấm.", "Decimals with a point (8.5) or a comma."),
    "estimate": ("Số ước tính", "Estimate"),
    "as_of": ("Ngày công bố / báo cáo", "Published / reported on"),
    "note": ("Ghi chú", "Note"),
    "source": ("Nguồn", "Source"),
    "evidence": ("Đường dẫn minh chứng (http…)", "Evidence link (http…)"),
    "submit": ("Ghi số liệu", "Save figure"),
    "saved": ("Đã ghi số liệu số {id}.", "Figure #{id} saved."),
    "tpl_xlsx": ("Tải mẫu XLSX", "Download XLSX template"),
    "tpl_csv": ("Tải mẫu CSV", "Download CSV template"),
    "tpl_help": ("Mẫu có sẵn các chỉ tiêu trong phạm vi của bạn. Điền năm, giá trị, ngày; dòng để trống được bỏ "
                 "qua.",
                 "The template lists the indicators in your scope. Fill year, value and date; empty rows are "
                 "skipped."),
    "upload": ("Tải lên tệp số liệu (CSV hoặc XLSX)", "Upload a figures file (CSV or XLSX)"),
    "rejected": ("Tệp có {n} lỗi; chưa dòng nào được ghi.", "The file has {n} problem(s); nothing was written."),
    "ready": ("Tệp hợp lệ: {n} dòng sẽ được ghi ({skipped} dòng trống bỏ qua).",
              "File is valid: {n} rows will be written ({skipped} empty rows skipped)."),
    "commit": ("Ghi tất cả {n} dòng", "Write all {n} rows"),
    "written": ("Đã ghi {n} dòng.", "{n} rows written."),
    "already": ("Tệp này đã được ghi.", "This file has been written."),
    "row": ("Dòng", "Row"),
    "problems": ("Lỗi", "Problems"),
    "by": ("Người báo cáo", "Reported by"),
    "at": ("Thời điểm ghi (UTC)", "Written at (UTC)"),
    "report_id": ("Số", "No."),
    "corrects": ("Đính chính số", "Corrects"),
    "indicator_id": ("Mã chỉ tiêu", "Indicator id"),
    "seed_error": ("Không nạp được số liệu chỉ tiêu ban đầu:", "The first indicator figures could not be loaded:"),
})


@st.cache_resource(show_spinner=False)
def _seeded(url: str) -> PlanMapError | None:
    """Once per database: write the public first figures (idempotent); the error, if the file is wrong."""
    try:
        ind.seed(get_store(), load_targets())
    except PlanMapError as exc:
        return exc
    return None


@st.cache_data(show_spinner=False, max_entries=8)
def _values(url: str, version: int) -> pd.DataFrame:
    """Every indicator report; ``version`` keys the cache so a new figure shows at once."""
    return ind.indicator_values(get_store())


def map_link(spatial_link: str, lang: str) -> str | None:
    """The map's deep link for a target's ``spatial_link`` (``layer:<id>`` or ``feature:<id>``), or None.

    Relative to the app's root, where Streamlit serves the default page (the map), so it also holds under a
    proxy's path prefix: ``map?…`` from the targets page opened Streamlit's English "Page not found" dialog.
    """
    kind, _, ref = (spatial_link or "").partition(":")
    view = url_state.MapView(lang=lang)
    if kind == "feature" and ref:
        view = view.with_(selected=ref)
    elif kind == "layer" and ref in LAYER_IDS:
        view = view.with_(filter=ViewFilter(layers=(ref,)),
                          colour_mode="wastewater" if "wastewater" in get_layer(ref).colour_modes else view.colour_mode)
    else:
        return None
    return "./?" + urlencode(url_state.to_params(view))


def _wastewater_line(lang: str) -> str:
    spec = layer_for_mode("wastewater")  # the layer coloured by central wastewater treatment
    if spec is None:
        return ""
    zones = base_frames(str(configured_data_dir()))[spec.id]
    operating = zones[zones["zone_kind"] == "operating"]["wastewater_treatment"].fillna("unknown")
    found = {k: int(operating.value_counts().get(k, 0)) for k in ("yes", "no", "unknown")}
    w = TEXT.words(lang)
    ending = (w["share"].format(pct=format_number(100 * found["yes"] / len(operating), lang, 2, trim=True))
              if len(operating) and not found["unknown"] else w["not_enough"])
    return w["wastewater"].format(n=len(operating), **found) + ending


def overview(values: pd.DataFrame, targets, lang: str) -> None:
    w = TEXT.words(lang)
    states = target_states(targets, values)
    found = verdict_counts(states)
    st.caption(w["how"])
    st.markdown(md_escape(w["counts"].format(total=len(states), **found)))
    table = summary_table(states, lang)
    people = for_people(table, lang)
    people[w["map"]] = [map_link(link, lang) for link in table["spatial_link"]]
    source_col, verdict_col = HEADERS[lang]["source"], HEADERS[lang]["verdict_label"]
    colours = [f"color: {VERDICT_COLOURS[v]}; font-weight: 600" for v in table["verdict"]]
    styled = people.style.apply(lambda _column: colours, subset=[verdict_col])
    st.dataframe(styled, hide_index=True, width="stretch", key="targets_table", row_height=40, column_config={
        source_col: st.column_config.LinkColumn(source_col),
        w["map"]: st.column_config.LinkColumn(w["map"], display_text=w["see_map"]),
        people.columns[0]: st.column_config.TextColumn(people.columns[0], width="large"),  # the name reads whole
    })
    st.caption(md_escape(_wastewater_line(lang)))
    stamp = today_vn().isoformat()
    left, right = st.columns(2)
    sheet = people.drop(columns=[w["map"]])
    left.download_button(t("download_csv", lang), export_csv(sheet), file_name=f"chi-tieu-2030-{stamp}.csv",
                         mime="text/csv", key="targets_csv", on_click="ignore")
    right.download_button(t("download_xlsx", lang), export_xlsx(sheet, t("targets_page", lang)),
                          file_name=f"chi-tieu-2030-{stamp}.xlsx", mime=XLSX_MIME, key="targets_xlsx", on_click="ignore")


def history(values: pd.DataFrame, targets, lang: str) -> None:
    w = TEXT.words(lang)
    st.subheader(w["history"])
    tid = st.selectbox(w["pick"], list(targets), format_func=lambda i: targets[i].name(lang), key="targets_pick")
    target = targets[tid]
    st.caption(md_escape(f"{t('targets_page', lang)}: {target_text(target, lang)} · {w['quote']}: «{target.quote_vi}» "
                         f"({target.source})"))
    rows = ind.latest_per_year(values)
    rows = rows[rows["indicator_id"] == tid] if len(rows) else rows
    if not len(rows):
        st.info(w["no_values"])
        return
    frame = pd.DataFrame({
        w["year"]: rows["year"].astype(int),
        w["value"]: [value_text(v, target, lang, e) for v, e in zip(rows["value"], rows["estimate"])],
        w["as_of"]: rows["as_of"],
        w["source"]: rows["source"].fillna(""),
        w["note"]: rows["note"].fillna(""),
        w["by"]: rows["reported_by"].map(lambda n: reporter_label(n, lang)),
    })
    st.dataframe(frame, hide_index=True, width="stretch", key="targets_history", column_config={
        w["as_of"]: st.column_config.DateColumn(w["as_of"], format=date_field_format(lang)),
        w["source"]: st.column_config.LinkColumn(w["source"]),
    })
    if len(rows) > 1 and not target.is_milestone:
        st.line_chart(pd.DataFrame({target.name(lang): rows["value"].to_numpy()}, index=rows["year"].astype(str)),
                      height=220)


def one_value(store, targets, user, mine: list[str], lang: str) -> None:
    w = TEXT.words(lang)
    saved = st.session_state.pop("tgt_saved", None)
    if saved:
        st.success(saved)
    generation = st.session_state.setdefault("tgt_generation", 0)  # a new, empty form after each saved value
    # Not clear_on_submit: a refused value keeps what the person typed, to fix it.
    with st.form(f"tgt_form_{generation}"):
        tid = st.selectbox(w["pick"], mine, format_func=lambda i: f"{targets[i].name(lang)} ({target_text(targets[i], lang)})")
        c1, c2, c3 = st.columns(3)
        # No min/max: Streamlit would answer 2009 with its English "Number is outside the allowed range" and
        # submit the old year; the store refuses a year out of range in words (progress.indicator_rules).
        year = c1.number_input(w["year"], value=today_vn().year, step=1, format="%d",
                               help=w["year_help"].format(first=EARLIEST_YEAR, last=today_vn().year))
        # Text, not st.number_input: the browser's number field drops a typed decimal comma ("8,5" became 85).
        value = c2.text_input(w["value"], help=w["value_help"])
        estimate = c3.checkbox(w["estimate"])
        as_of = st.date_input(w["as_of"], value=today_vn(), min_value=FIELD_MIN, max_value=FIELD_MAX,
                              format=date_field_format(lang))  # a future date is refused in words on submit
        source = st.text_input(w["source"])
        evidence = st.text_input(w["evidence"])
        note = st.text_area(w["note"], max_chars=4000)
        submitted = st.form_submit_button(w["submit"], type="primary")
    if submitted:
        item = IndicatorIn(tid, year, value.strip() or None, as_of=as_of, estimate=estimate, note=note, source=source or None,
                               evidence_url=evidence or None)
        try:
            rid = ind.add_indicator_report(store, item, user, targets)
        except PlanMapError as exc:
            st.error(md_escape(exc.message(lang)))
        else:
            st.session_state["tgt_saved"] = w["saved"].format(id=rid)
            st.session_state["tgt_generation"] = generation + 1
            st.rerun()


def bulk(store, targets, user, values: pd.DataFrame, lang: str) -> None:
    w = TEXT.words(lang)
    st.caption(w["tpl_help"])
    stamp = today_vn().isoformat()
    c1, c2 = st.columns(2)
    c1.download_button(w["tpl_xlsx"], indicator_import.template(user, targets, values, "xlsx", lang),
                       file_name=f"mau-chi-tieu-{stamp}.xlsx", mime=XLSX_MIME, key="tgt_tpl_xlsx", on_click="ignore")
    c2.download_button(w["tpl_csv"], indicator_import.template(user, targets, values, "csv", lang),
                       file_name=f"mau-chi-tieu-{stamp}.csv", mime="text/csv", key="tgt_tpl_csv", on_click="ignore")
    uploaded = limited_uploader(w["upload"], "tgt_upload", ["csv", "xlsx"], importer.MAX_BYTES, lang)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    pv = indicator_import.preview_import(data, uploaded.name, user, targets)
    for problem in pv.file_problems:
        st.error(md_escape(problem.message(lang)))
    row_problems = [p for _, _, ps in pv.rows for p in ps]
    if row_problems:
        st.error(w["rejected"].format(n=len(pv.problems)))
        st.dataframe(pd.DataFrame({w["row"]: [p.row for p in row_problems],
                                   w["problems"]: [Text(p.vi, p.en).get(lang) for p in row_problems]}),
                     hide_index=True, key="tgt_problems")
    if not pv.ok:
        return
    if st.session_state.get("tgt_done") == digest:
        st.info(w["already"])
        return
    st.success(w["ready"].format(n=len(pv.rows), skipped=pv.skipped))
    st.dataframe(pv.to_frame(lang).drop(columns=["problems"]), hide_index=True, key="tgt_preview")
    if st.button(w["commit"].format(n=len(pv.rows)), type="primary", key="tgt_commit"):
        try:
            written = indicator_import.commit_import(store, pv)
        except ImportRejected as exc:
            st.error(md_escape(exc.message(lang)))
        else:
            st.session_state["tgt_done"] = digest
            st.success(w["written"].format(n=written))


def audit(values: pd.DataFrame, lang: str) -> None:
    w = TEXT.words(lang)
    frame = pd.DataFrame({
        w["report_id"]: values["report_id"],
        w["at"]: values["reported_at"].dt.tz_convert("UTC").dt.tz_localize(None),
        w["by"]: values["reported_by"],
        w["indicator_id"]: values["indicator_id"],
        w["year"]: values["year"],
        w["value"]: values["value"],
        w["estimate"]: values["estimate"],
        w["as_of"]: values["as_of"],
        w["source"]: values["source"],
        w["note"]: values["note"],
        w["corrects"]: values["corrects_report_id"],
    }).iloc[::-1].reset_index(drop=True)
    st.dataframe(frame, hide_index=True, key="tgt_audit")
    stamp = today_vn().isoformat()
    d1, d2 = st.columns(2)
    d1.download_button(t("download_csv", lang), export_csv(frame), file_name=f"nhat-ky-chi-tieu-{stamp}.csv",
                       mime="text/csv", key="tgt_audit_csv", on_click="ignore")
    d2.download_button(t("download_xlsx", lang), export_xlsx(frame, w["tab_audit"]),
                       file_name=f"nhat-ky-chi-tieu-{stamp}.xlsx", mime=XLSX_MIME, key="tgt_audit_xlsx",
                       on_click="ignore")


def reporting(store, targets, values: pd.DataFrame, lang: str) -> None:
    w = TEXT.words(lang)
    st.subheader(w["report"])
    _, deadline = report_cycle(today_vn())
    due = ind.due_indicators(values, targets)
    st.caption(md_escape(w["due"].format(deadline=format_date(deadline, lang), n=len(due))))
    user = signed_in_reporter(lang, w["need_sign_in"], w["viewer"])
    if user is None:
        return
    mine = [tid for tid, target in targets.items() if user.may_report_on(indicator_ref(target))]
    if not mine:
        st.warning(w["no_scope"])
        return
    names = [w["tab_one"], w["tab_bulk"]] + ([w["tab_audit"]] if user.is_admin else [])
    tabs = st.tabs(names)
    with tabs[0]:
        one_value(store, targets, user, mine, lang)
    with tabs[1]:
        bulk(store, targets, user, values, lang)
    if user.is_admin:
        with tabs[2]:
            audit(values, lang)


def render() -> None:
    lang = current_lang()
    w = TEXT.words(lang)
    st.title(w["title"])
    store = get_store()
    error = _seeded(store.url)
    if error is not None:
        st.warning(w["seed_error"])
        st.text(error.message(lang))
    targets = load_targets()
    values = _values(store.url, ind.version(store))
    overview(values, targets, lang)
    history(values, targets, lang)
    reporting(store, targets, values, lang)
