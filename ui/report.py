"""Reporting: sign in, add one report, bulk annual report (template → upload → preview → all or none),
and for administrators the audit trail. Only composes ``progress``; user text shown via st.dataframe/st.text.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from core.errors import ImportRejected, PlanMapError
from core.i18n import Strings, Text, Words, date_field_format, format_date, format_percent
from core.text import md_escape
from core.vocab import STATUSES
from progress import ReportIn, auth, export_csv, export_xlsx, importer, today_vn
from progress.columns import HEADERS  # the fields' labels: the names the refusals use
from progress.cycle import store_todo
from progress.dashboard import reporter_label
from progress.problems import Problem
from progress.repeats import drop_repeats
from progress.rules import MAX_NOTE
from progress.sections import covers_whole, sections_in_scope, sections_of
from progress.validation import check_report
from ui import cycle_view
from ui.date_field import FIELD_MAX, FIELD_MIN
from ui.lang import current_lang
from ui.scroll_to import scroll_if_asked, scroll_on_next_run
from ui.uploader import limited_uploader
from ui.store import get_refs, get_store, show_seed_error, signed_in_reporter

TEXT = Strings({
    "title": ("Báo cáo tiến độ", "Progress reporting"),
    "need_sign_in": ("Cần đăng nhập để báo cáo. Xem bản đồ và bảng tiến độ không cần đăng nhập.",
                     "Sign in to report. The map and the progress table are open to everyone."),
    "viewer": ("Tài khoản này chỉ được xem, không được báo cáo.", "This account may view but not report."),
    "tab_one": ("Một báo cáo", "One report"),
    "tab_bulk": ("Báo cáo năm (nhập tệp)", "Annual report (file import)"),
    "tab_audit": ("Nhật ký báo cáo", "Audit trail"),
    "feature": ("Đối tượng", "Feature"),
    "no_scope": ("Không có đối tượng nào trong phạm vi báo cáo của bạn.",
                 "No feature is within your reporting scope."),
    "current": ("Hiện tại: {status} · tiến độ {pct} · báo cáo ngày {date}",
                "Now: {status} · progress {pct} · report dated {date}"),
    "no_report": ("Chưa có báo cáo nào.", "No report yet."),
    "corrects": ("Đính chính báo cáo", "Correct a report"),
    "not_correction": ("— Báo cáo mới (không phải đính chính) —", "— New report (not a correction) —"),
    "status": HEADERS["status"],
    "pct": HEADERS["progress_pct"],
    "as_of": HEADERS["as_of"],
    "unit": HEADERS["unit"],
    "note": HEADERS["note"],
    "evidence": ("Đường dẫn minh chứng (http…)", "Evidence link (http…)"),
    "alloc": HEADERS["capital_allocated_bn"],
    "disb": HEADERS["capital_disbursed_bn"],
    "submit": ("Gửi báo cáo", "Submit report"),
    "saved": ("Đã ghi báo cáo số {id}.", "Report #{id} saved."),
    "tpl_xlsx": ("Tải mẫu XLSX", "Download XLSX template"),
    "tpl_csv": ("Tải mẫu CSV", "Download CSV template"),
    "tpl_help": ("Mẫu có sẵn các đối tượng trong phạm vi của bạn. Điền tình trạng, tiến độ, ngày; dòng để trống "
                 "được bỏ qua.",
                 "The template lists the features in your scope. Fill status, progress and date; empty rows are "
                 "skipped."),
    "upload": ("Tải lên tệp báo cáo (CSV hoặc XLSX)", "Upload a report file (CSV or XLSX)"),
    "ready": ("Tệp hợp lệ: {n} dòng sẽ được ghi ({skipped} dòng trống bỏ qua).",
              "File is valid: {n} rows will be written ({skipped} empty rows skipped)."),
    "rejected": ("Tệp có {n} lỗi. Sửa tệp rồi tải lên lại; chưa dòng nào được ghi.",
                 "The file has {n} problem(s). Fix it and upload again; nothing was written."),
    "ignored": ("{n} cột không có trong mẫu nên không được đọc, số liệu trong đó sẽ không được ghi: {columns}. "
                "Nếu cần ghi, đặt lại tên cột như trong mẫu báo cáo (ví dụ «Vốn đã giải ngân (tỷ đồng)»).",
                "{n} column(s) are not in the template and are not read; their figures will not be written: {columns}. "
                "To write them, name the columns as in the report template (e.g. “Capital disbursed (billion VND)”)."),
    "commit": ("Ghi tất cả {n} dòng", "Write all {n} rows"),
    "written": ("Đã ghi {n} dòng.", "{n} rows written."),
    "already": ("Tệp này đã được ghi.", "This file has been written."),
    "repeats": ("{n} dòng giống hệt báo cáo đã ghi trước đây (dòng {rows}): bỏ qua, không ghi lại lần nữa.",
                "{n} row(s) identical to reports already written (rows {rows}): skipped, not written again."),
    "row": ("Dòng", "Row"),
    "problems": ("Lỗi", "Problems"),
    "id": ("Mã", "Id"),
    "by": ("Người báo cáo", "Reported by"),
    "at": ("Thời điểm ghi (UTC)", "Written at (UTC)"),
    "report_id": ("Số báo cáo", "Report"),
    "corrects_col": ("Đính chính số", "Corrects"),
    "users": ("Người dùng", "Users"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải XLSX", "Download XLSX"),
    "filter_user": ("Lọc theo người báo cáo", "Filter by reporter"),
    "filter_feature": ("Lọc theo đối tượng", "Filter by feature"),
    "status_pick": ("— Chọn tình trạng —", "— Choose a status —"),
    "feature_pick": ("— Chọn đối tượng —", "— Choose a feature —"),
    "corrects_pick": ("— Chọn báo cáo cần đính chính —", "— Choose the report to correct —"),
    "filter_pick": ("Tất cả (chọn để lọc)", "All (choose to filter)"),
    "section": HEADERS["section"],
    "section_pick": ("— Chọn đoạn —", "— Choose a section —"),
    "section_fixed": ("Đoạn báo cáo: {section} (đoạn trong phạm vi của bạn)",
                      "Section reported: {section} (the section in your scope)"),
    "whole": ("Toàn tuyến (mọi đoạn)", "Whole route (every section)"),
    "section_missing": ("Chưa chọn đoạn báo cáo: đối tượng này đi qua nhiều huyện.",
                        "No section chosen: this feature crosses several districts."),
    "pct_help": ("Từ 0 đến 100; số lẻ ghi dấu phẩy (45,5) hoặc dấu chấm.",
                 "From 0 to 100; decimals with a point (45.5) or a comma."),
    "capital_help": ("Tỷ đồng; số lẻ ghi dấu phẩy (12,5) hoặc dấu chấm.",
                     "Billion VND; decimals with a point (12.5) or a comma."),
    "as_of_help": ("Ngày của số liệu; không được ở tương lai.", "The date of the figures; not in the future."),
    "note_help": ("Tối đa {n} ký tự.", "At most {n} characters."),
    "refused": ("Chưa ghi báo cáo — còn {n} chỗ cần sửa:", "Not saved — {n} thing(s) to fix:"),
})
TABS_KEY = "rep_tabs"
FORM_KEY = "rep_one_report"  # the one-report tab's container, scrolled to from the to-do list
WHOLE = "*"  # the section choice "whole feature" (a report without a section)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_CODES = list(STATUSES)


def _label(code: str, lang: str) -> str:
    return STATUSES.get(code, STATUSES["unknown"]).label(lang)


def _feature_label(ref) -> str:
    where = ", ".join(ref.districts) or ref.district or ""
    return f"{ref.name} — {where} ({ref.id})" if where else f"{ref.name} ({ref.id})"


def _section_choice(ref, user, w: Words) -> tuple[str | None, bool]:
    """The section reported on: (section, chosen). A feature in one district has none; a person whose
    scope holds one section of a shared feature reports on it; otherwise they choose (no default)."""
    sections = sections_of(ref)
    if not sections:
        return None, True
    mine = sections_in_scope(ref, user.scope, user.is_admin)
    if len(mine) == 1:
        st.caption(md_escape(w["section_fixed"].format(section=mine[0])))
        return mine[0], True
    options = ([WHOLE] if covers_whole(ref, user.scope, user.is_admin) else []) + list(mine)
    key = f"rep_section_{ref.id}"
    if st.session_state.get(key) not in options + [None]:
        del st.session_state[key]
    choice = st.selectbox(w["section"], options, index=None, key=key, placeholder=w["section_pick"],
                          format_func=lambda s: w["whole"] if s == WHOLE else s)
    return (None if choice in (None, WHOLE) else choice), choice is not None


def _current_line(history: pd.DataFrame, section: str | None, lang: str) -> str:
    """Where the feature (or section) stands now, from its latest report."""
    w = TEXT.words(lang)
    if section is not None and "section" in history:
        history = history[history["section"].isna() | (history["section"] == section)]
    if history.empty:
        return w["no_report"]
    last = history.iloc[-1]
    pct = format_percent(last.progress_pct, lang, decimals=2, trim=True)
    return w["current"].format(status=_label(last.status, lang), pct=pct, date=format_date(last.as_of, lang))


def _field_text(value, lang: str) -> str:
    """A stored number as the person would type it back into a text field: 45,5 (vi) / 45.5 (en), no
    thousands mark (the reader would take 1.234 for one point two three four); "" when there is none."""
    if value is None or value != value:
        return ""
    text = f"{float(value):.3f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(".", ",")


def _form_start(target, lang: str) -> dict:
    """What the form's fields start with: empty for a new report (no status is ever chosen for the person);
    for a correction, the corrected report's values, so correcting one figure does not blank the rest."""
    def text(name: str) -> str:
        value = getattr(target, name, None) if target is not None else None
        return value if isinstance(value, str) else ""

    return {
        "status": STATUS_CODES.index(target.status) if target is not None and target.status in STATUSES else None,
        "progress_pct": _field_text(getattr(target, "progress_pct", None), lang),
        "unit": text("unit"), "note": text("note"), "evidence_url": text("evidence_url"),
        "capital_allocated_bn": _field_text(getattr(target, "capital_allocated_bn", None), lang),
        "capital_disbursed_bn": _field_text(getattr(target, "capital_disbursed_bn", None), lang),
    }


def _repeated_click(form: tuple, sent: tuple, start: tuple) -> bool:
    """Whether this send is the second click of a double click: the form is the fresh one drawn right after a
    save (same feature, section, report it corrects, next generation) and nobody changed a field of it. One rule
    for a new report (starts empty) and a correction (starts from the correction just saved): a form that was
    touched is always checked and written, so nothing typed is ever dropped."""
    def fields(values: tuple) -> tuple:
        return tuple(v.strip() if isinstance(v, str) else v for v in values)

    last = st.session_state.get("rep_last_saved")
    return bool(last) and last[0] == form and fields(sent) == fields(start)


def single_report(store, refs, user, lang: str) -> None:
    """One report, with every refusal said next to its field and above the button."""
    w = TEXT.words(lang)
    mine = sorted((r for r in refs.values() if user.may_report_on(r)), key=lambda r: (r.layer, r.name))
    if not mine:
        st.warning(w["no_scope"])
        return
    just_saved = st.session_state.pop("rep_saved", None)  # the run right after a save: its toast
    slots: dict[str, object] = {}  # where each field's refusal is said: right under the field
    fid = st.selectbox(w["feature"], [r.id for r in mine], format_func=lambda f: _feature_label(refs[f]), key="rep_feature",
                       placeholder=w["feature_pick"])
    slots["feature_id"] = st.empty()
    ref = refs[fid]
    section, section_chosen = _section_choice(ref, user, w)
    slots["section"] = st.empty()
    history = store.history(fid)
    st.caption(md_escape(_current_line(history, section, lang)))

    options = [None] + [int(i) for i in reversed(history["report_id"].tolist())]
    by_id = {int(r.report_id): r for r in history.itertuples(index=False)}

    def report_label(rid):
        if rid is None:
            return w["not_correction"]
        r = by_id[rid]
        where = f" · {r.section}" if isinstance(r.section, str) else ""
        return f"#{rid} · {format_date(r.as_of, lang)} · {_label(r.status, lang)}{where} · {reporter_label(r.reported_by, lang)}"

    follow = st.session_state.pop("rep_corrects_next", None)  # set by a saved correction, before this widget exists
    if follow is not None and follow[0] == fid and follow[1] in by_id:
        st.session_state[f"rep_corrects_{fid}"] = follow[1]
    corrects = st.selectbox(w["corrects"], options, format_func=report_label, key=f"rep_corrects_{fid}",
                            placeholder=w["corrects_pick"])
    slots["corrects_report_id"] = st.empty()
    today = today_vn()
    target = by_id.get(corrects) if corrects is not None else None
    generation = st.session_state.setdefault("rep_generation", 0)  # a new form (empty fields) after each report
    was = _form_start(target, lang)
    start = (STATUS_CODES[was["status"]] if was["status"] is not None else None, was["progress_pct"],
             target.as_of if target is not None else today, was["unit"], was["note"], was["evidence_url"],
             was["capital_allocated_bn"], was["capital_disbursed_bn"])
    with st.form(f"rep_form_{fid}_{section}_{corrects}_{generation}", clear_on_submit=False, enter_to_submit=False):
        status = st.selectbox(w["status"], STATUS_CODES, index=was["status"], placeholder=w["status_pick"],
                              format_func=lambda c: _label(c, lang))
        slots["status"] = st.empty()
        # Text, not st.number_input: the browser's number field drops a typed decimal comma ("4,5" became 45).
        pct = st.text_input(w["pct"], value=was["progress_pct"], help=w["pct_help"])
        slots["progress_pct"] = st.empty()
        as_of = st.date_input(w["as_of"], value=start[2],
                              min_value=FIELD_MIN, max_value=FIELD_MAX, format=date_field_format(lang),
                              help=w["as_of_help"])  # a future or too old date is refused in words below
        slots["as_of"] = st.empty()
        unit = st.text_input(w["unit"], value=was["unit"])
        slots["unit"] = st.empty()
        note = st.text_area(w["note"], value=was["note"], help=w["note_help"].format(n=MAX_NOTE))
        slots["note"] = st.empty()
        evidence = st.text_input(w["evidence"], value=was["evidence_url"])
        slots["evidence_url"] = st.empty()
        c1, c2 = st.columns(2)
        alloc = c1.text_input(w["alloc"], value=was["capital_allocated_bn"], help=w["capital_help"])
        slots["capital_allocated_bn"] = c1.empty()
        disb = c2.text_input(w["disb"], value=was["capital_disbursed_bn"], help=w["capital_help"])
        slots["capital_disbursed_bn"] = c2.empty()
        # Right above the button: "Chưa ghi báo cáo — …", or "Đã ghi báo cáo số …" after a save (also when a second
        # click repeats it) — in view whenever the button just clicked is (under it, the message was off-screen).
        summary = st.empty()
        submitted = st.form_submit_button(w["submit"], type="primary")
    last = st.session_state.get("rep_last_saved")
    if last and last[0] == (fid, section, corrects, generation):  # the fresh form after a save, not yet sent
        # Said on every run of this form, not only the one right after the save: a double click's second click or
        # any rerun (a language switch) would otherwise take it away before it was read.
        summary.success(md_escape(w["saved"].format(id=last[1])), icon=":material/check_circle:")
    if just_saved is not None:  # seen wherever the page is scrolled
        st.toast(md_escape(w["saved"].format(id=just_saved)), icon=":material/check_circle:")
    if not submitted:
        return
    sent = (status, pct, as_of, unit, note, evidence, alloc, disb)
    if _repeated_click((fid, section, corrects, generation), sent, start):
        # A second click on "Gửi báo cáo" that landed on the fresh form of the report just saved (empty for a
        # new report, filled from the correction just saved for a correction): say again that it was saved, rather
        # than "not saved — status missing", or a second copy of the correction.
        st.toast(md_escape(w["saved"].format(id=last[1])), icon=":material/check_circle:")
        return
    item = ReportIn(
        feature_id=fid, status=status or "", progress_pct=pct.strip() or None, as_of=as_of, note=note,
        evidence_url=evidence or None, unit=unit or None, capital_allocated_bn=alloc.strip() or None,
        capital_disbursed_bn=disb.strip() or None, corrects_report_id=corrects, section=section,
    )
    problems = check_report(ReportIn(**vars(item)), refs, user, today=today)
    if not section_chosen:
        problems = [p for p in problems if p.column != "section"]
        problems.append(Problem(TEXT["section_missing"], "section"))
    if not problems:
        try:
            rid = store.add_report(item, user, refs, today=today)
        except PlanMapError as exc:
            summary.error(md_escape(exc.message(lang)), icon=":material/block:")
            return
        # Rerun so "now: …" above the form shows the report just saved; the message survives the rerun.
        # A saved correction is what the official now sees in the form: it starts from the correction just
        # written (its figures, and correcting it again corrects it), not from the report it replaced.
        follows = rid if corrects is not None else None
        if follows is not None:
            st.session_state["rep_corrects_next"] = (fid, follows)
        st.session_state["rep_saved"] = rid
        st.session_state["rep_last_saved"] = ((fid, section, follows, generation + 1), rid)
        st.session_state["rep_generation"] = generation + 1
        st.rerun()
    _say_beside_fields(slots, problems, lang)
    summary.error(md_escape(w["refused"].format(n=len(problems))) + "  \n" +
                  "  \n".join("• " + md_escape(p.message(lang)) for p in problems), icon=":material/block:")


def _say_beside_fields(slots: dict, problems: list[Problem], lang: str) -> None:
    """Each refusal under its own field (all of a field's refusals together); problems without a field on the page
    are only in the summary above the button."""
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        if problem.column in slots:
            by_field.setdefault(problem.column, []).append(md_escape(problem.message(lang)))
    for column, messages in by_field.items():
        slots[column].error("  \n".join(messages), icon=":material/error:")


def bulk_report(store, refs, user, lang: str) -> None:
    w = TEXT.words(lang)
    st.caption(w["tpl_help"])
    stamp = today_vn().isoformat()
    c1, c2 = st.columns(2)
    c1.download_button(w["tpl_xlsx"], importer.template(user, refs, "xlsx", store.state_as_of(), lang), file_name=f"mau-bao-cao-{stamp}.xlsx",
                       mime=XLSX_MIME, key="rep_tpl_xlsx", on_click="ignore")
    c2.download_button(w["tpl_csv"], importer.template(user, refs, "csv", store.state_as_of(), lang), file_name=f"mau-bao-cao-{stamp}.csv",
                       mime="text/csv", key="rep_tpl_csv", on_click="ignore")
    uploaded = limited_uploader(w["upload"], "rep_upload", ["csv", "xlsx"], importer.MAX_BYTES, lang)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    pv = importer.preview(data, uploaded.name, user, refs)
    repeated = drop_repeats(pv, store.audit_trail()) if pv.ok else []
    if repeated and not pv.rows:
        st.info(w["already"])
        return
    if repeated:
        st.info(w["repeats"].format(n=len(repeated), rows=", ".join(map(str, repeated))), icon=":material/content_copy:")
    for problem in pv.file_problems:
        st.error(md_escape(problem.message(lang)))
    if pv.ignored_columns and not pv.file_problems:
        st.warning(md_escape(w["ignored"].format(
            n=len(pv.ignored_columns), columns=", ".join(f"«{c}»" if lang != "en" else f"“{c}”" for c in pv.ignored_columns))),
            icon=":material/visibility_off:")
    row_problems = [p for r in pv.rows for p in r.problems]
    if row_problems:  # one line per problem, whole sentences (the preview grid would cut them)
        st.error(w["rejected"].format(n=len(pv.problems)))
        st.dataframe(pd.DataFrame({w["row"]: [p.row for p in row_problems],
                                   w["problems"]: [Text(p.vi, p.en).get(lang) for p in row_problems]}),
                     hide_index=True, key="rep_problems",
                     column_config={w["problems"]: st.column_config.TextColumn(w["problems"], width="large")})
    if pv.rows:
        frame = pv.to_frame(lang).drop(columns=["status"])
        frame["unit"] = frame["unit"].fillna("")
        frame = frame[["row", "problems", "feature_id", "status_label", "progress_pct", "as_of", "unit", "note"]]
        frame = frame.rename(columns={
            "row": w["row"], "feature_id": w["id"], "status_label": w["status"], "progress_pct": w["pct"],
            "as_of": w["as_of"], "unit": w["unit"], "note": w["note"], "problems": w["problems"],
        })
        st.dataframe(frame, hide_index=True, key="rep_preview",
                     column_config={w["as_of"]: st.column_config.DateColumn(w["as_of"], format=date_field_format(lang))})
    if not pv.ok:
        if pv.rows:  # a file refused as a whole has no rows to write: no "Write all 0 rows" button
            st.button(w["commit"].format(n=len(pv.rows)), disabled=True, key="rep_commit_disabled")
        return
    if st.session_state.get("rep_done") == digest:
        st.info(w["already"])
        return
    st.success(w["ready"].format(n=len(pv.rows), skipped=pv.skipped))
    if st.button(w["commit"].format(n=len(pv.rows)), type="primary", key="rep_commit"):
        try:
            written = importer.commit(store, pv)
        except ImportRejected as exc:
            st.error(md_escape(exc.message(lang)))
        else:
            st.session_state["rep_done"] = digest
            st.success(w["written"].format(n=written))


def audit_trail(store, refs, lang: str) -> None:
    w = TEXT.words(lang)
    trail = store.audit_trail()
    c1, c2 = st.columns(2)
    who = c1.multiselect(w["filter_user"], sorted(trail["reported_by"].unique()), key="audit_users",
                         placeholder=w["filter_pick"])
    features = c2.multiselect(w["filter_feature"], sorted(trail["feature_id"].unique()), placeholder=w["filter_pick"],
                              format_func=lambda f: f"{refs[f].name} ({f})" if f in refs else f, key="audit_features")
    if who:
        trail = trail[trail["reported_by"].isin(who)]
    if features:
        trail = trail[trail["feature_id"].isin(features)]
    frame = pd.DataFrame({
        w["report_id"]: trail["report_id"],
        w["at"]: trail["reported_at"].dt.tz_convert("UTC").dt.tz_localize(None),
        w["by"]: trail["reported_by"],
        w["id"]: trail["feature_id"],
        w["status"]: trail["status"].map(lambda c: _label(c, lang)),
        w["pct"]: trail["progress_pct"],
        w["as_of"]: trail["as_of"],
        w["unit"]: trail["unit"],
        w["note"]: trail["note"],
        "evidence_url": trail["evidence_url"],
        w["alloc"]: trail["capital_allocated_bn"],
        w["disb"]: trail["capital_disbursed_bn"],
        w["corrects_col"]: trail["corrects_report_id"],
        "source": trail["source"],
    }).iloc[::-1].reset_index(drop=True)
    st.dataframe(frame, hide_index=True, key="audit_table",
                 column_config={w["as_of"]: st.column_config.DateColumn(w["as_of"], format=date_field_format(lang))})
    stamp = today_vn().isoformat()
    d1, d2 = st.columns(2)
    d1.download_button(w["download_csv"], export_csv(frame), file_name=f"nhat-ky-bao-cao-{stamp}.csv", mime="text/csv",
                       key="audit_csv", on_click="ignore")
    d2.download_button(w["download_xlsx"], export_xlsx(frame, w["tab_audit"]), file_name=f"nhat-ky-bao-cao-{stamp}.xlsx",
                       mime=XLSX_MIME, key="audit_xlsx", on_click="ignore")
    st.subheader(w["users"], anchor=False)
    st.dataframe(pd.DataFrame(auth.list_users(store)), hide_index=True, key="audit_user_list")


def render() -> None:
    lang = current_lang()
    w = TEXT.words(lang)
    st.header(w["title"], anchor=False)  # no "Link to heading" button, which Streamlit names in English
    show_seed_error(lang)
    store = get_store()
    refs = get_refs()
    user = signed_in_reporter(lang, w["need_sign_in"], w["viewer"])
    if user is None:
        return
    cycle, todo = store_todo(store, refs, today_vn(), user)
    clicked = cycle_view.show_my_todo(cycle, todo, lang)
    if clicked is not None:  # one click from a place to its form
        fid, section = clicked
        st.session_state["rep_feature"] = fid
        if section is not None:
            st.session_state[f"rep_section_{fid}"] = section
        st.session_state[TABS_KEY] = w["tab_one"]  # the form's tab, also when the annual import's was open
        scroll_on_next_run(FORM_KEY)  # the form is below the list, often off-screen: bring it into view
        st.rerun()
    scroll_if_asked()
    names = [w["tab_one"], w["tab_bulk"]] + ([w["tab_audit"]] if user.is_admin else [])
    tabs = st.tabs(names, key=TABS_KEY, on_change="rerun")  # a widget, so a to-do click can open the form's tab
    with tabs[0], st.container(key=FORM_KEY):
        single_report(store, refs, user, lang)
    with tabs[1]:
        bulk_report(store, refs, user, lang)
    if user.is_admin:
        with tabs[2]:
            audit_trail(store, refs, lang)
