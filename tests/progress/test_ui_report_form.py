"""The one-report form as a Vietnamese official types into it (AppTest, 1 December 2026 pinned):
numbers with a decimal comma, and a correction that starts from the report it corrects."""
from __future__ import annotations

from datetime import date

import pytest

from progress import ReportIn, auth

from .fake_refs import REFS
from .test_ui import PASSWORD, _app, _sign_in, _texts, app_env  # noqa: F401 - the fixture


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("PLANMAP_TODAY", "2026-12-01")
    return date(2026, 12, 1)


def _widget(items, label):
    return next(w for w in items if w.label == label)


def _report_page(store, lang: str | None = None):
    auth.create_user(store, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py", lang)
    _sign_in(at, store, "bg")
    at.run()
    at.selectbox(key="rep_feature").set_value("iz-binh-giang").run()
    return at


@pytest.mark.parametrize("lang, pct, alloc", [(None, "4,5", "12,5"), ("en", "4.5", "1250.75")])
def test_a_decimal_percent_and_capital_are_saved_as_typed(app_env, today, lang, pct, alloc):
    """A number field in the browser dropped the decimal comma: "4,5" % was saved as 45 %."""
    at = _report_page(app_env, lang)
    words = {"status": "Tình trạng", "pct": "Tiến độ (%)", "alloc": "Vốn bố trí (tỷ đồng)", "submit": "Gửi báo cáo"}
    if lang == "en":
        words = {"status": "Status", "pct": "Progress (%)", "alloc": "Capital allocated (billion VND)",
                 "submit": "Submit report"}
    _widget(at.selectbox, words["status"]).set_value("preparing")
    _widget(at.text_input, words["pct"]).input(pct)
    _widget(at.text_input, words["alloc"]).input(alloc)
    _widget(at.button, words["submit"]).click().run()
    assert not at.exception, at.exception
    row = app_env.history("iz-binh-giang").iloc[-1]
    assert (row.progress_pct, row.capital_allocated_bn) == (4.5, float(alloc.replace(",", ".")))
    assert ("tiến độ 4,5%" if lang is None else "progress 4.5%") in _texts(at).replace("\\", "")


def test_a_percent_that_is_not_a_number_is_refused_beside_its_field(app_env, today):
    at = _report_page(app_env)
    before = app_env.count()
    _widget(at.selectbox, "Tình trạng").set_value("preparing")
    _widget(at.text_input, "Tiến độ (%)").input("bốn mươi")
    _widget(at.button, "Gửi báo cáo").click().run()
    assert not at.exception, at.exception
    assert any("Tiến độ (%): «bốn mươi» không phải là số." in e.value.replace("\\", "") for e in at.error)
    assert app_env.count() == before
    assert _widget(at.text_input, "Tiến độ (%)").value == "bốn mươi"  # kept to fix


def test_a_correction_starts_from_the_report_it_corrects(app_env, today):
    """Correcting one figure used to blank the status, percent and note: re-sent, the note was gone."""
    at = _report_page(app_env)
    bg = auth.get_user(app_env, "bg")
    rid = app_env.add_report(ReportIn("iz-binh-giang", "in_progress", 45.5, date(2026, 11, 30),
                                      note="GPMB xong khu A", unit="UBND huyện", capital_allocated_bn=1250.5,
                                      evidence_url="https://example.org/bc"), bg, REFS, today=today)
    at.run()
    at.selectbox(key="rep_corrects_iz-binh-giang").set_value(rid).run()
    assert _widget(at.selectbox, "Tình trạng").value == "in_progress"
    assert _widget(at.text_input, "Tiến độ (%)").value == "45,5"
    assert _widget(at.text_area, "Ghi chú").value == "GPMB xong khu A"
    assert _widget(at.text_input, "Vốn bố trí (tỷ đồng)").value == "1250,5"
    _widget(at.text_input, "Tiến độ (%)").input("40")  # the one figure that was wrong
    _widget(at.button, "Gửi báo cáo").click().run()
    assert not at.exception, at.exception
    row = app_env.history("iz-binh-giang").iloc[-1]
    assert (row.status, row.progress_pct, row.note, row.unit) == ("in_progress", 40, "GPMB xong khu A", "UBND huyện")
    assert (row.capital_allocated_bn, row.evidence_url, row.as_of) == (1250.5, "https://example.org/bc", date(2026, 11, 30))
    assert row.corrects_report_id == rid
    assert "Đã ghi báo cáo số" in _texts(at)


def _correcting(app_env, today):
    """The report page correcting a report of 45,5 % (note "GPMB xong khu A"): the page and that report's id."""
    at = _report_page(app_env)
    bg = auth.get_user(app_env, "bg")
    rid = app_env.add_report(ReportIn("iz-binh-giang", "in_progress", 45.5, date(2026, 11, 30), note="GPMB xong khu A"),
                             bg, REFS, today=today)
    at.run()
    at.selectbox(key="rep_corrects_iz-binh-giang").set_value(rid).run()
    return at, rid


def test_after_a_correction_is_saved_the_form_shows_the_corrected_figures(app_env, today):
    """Issue 15: after "Đã ghi báo cáo số …" the form still read the corrected report's old figures (45,5 %),
    so the official who had just typed 40 saw 45,5 again and could not tell what was saved."""
    at, old = _correcting(app_env, today)
    _widget(at.text_input, "Tiến độ (%)").input("40")
    _widget(at.text_area, "Ghi chú").input("GPMB xong khu A, B")
    _widget(at.button, "Gửi báo cáo").click().run()
    assert not at.exception, at.exception
    saved = int(app_env.history("iz-binh-giang").iloc[-1].report_id)
    assert saved != old and f"Đã ghi báo cáo số {saved}" in _texts(at)
    assert _widget(at.text_input, "Tiến độ (%)").value == "40"
    assert _widget(at.text_area, "Ghi chú").value == "GPMB xong khu A, B"
    assert _widget(at.selectbox, "Tình trạng").value == "in_progress"
    assert at.selectbox(key="rep_corrects_iz-binh-giang").value == saved  # correcting again corrects this one


def test_a_new_report_still_starts_empty(app_env, today):
    at = _report_page(app_env)
    assert _widget(at.selectbox, "Tình trạng").value is None
    assert _widget(at.text_input, "Tiến độ (%)").value == ""
    assert _widget(at.text_area, "Ghi chú").value == ""


def _upload_csv(app_env, text: str):
    """The report page with a department's own CSV uploaded (not yet written)."""
    at = _report_page(app_env)
    at.file_uploader(key="rep_upload").set_value(("bao-cao.csv", text.encode("utf-8"), "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_a_file_with_its_own_headers_is_told_the_template_s_words(app_env, today):
    """The refusal named only codes ("Thiếu cột: progress_pct, as_of") and offered "Ghi tất cả 0 dòng"."""
    at = _upload_csv(app_env, "Mã đối tượng,Tình trạng,Tiến độ,Ngày,Ghi chú\n"
                              "iz-binh-giang,Đang thi công,60,01/12/2026,Đã xong 60%\n")
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "(tên cột trong mẫu: «Tiến độ (%)», «Tính đến ngày»)" in errors, errors
    assert "Dòng đầu phải có các cột «Mã đối tượng», «Tình trạng», «Tiến độ (%)», «Tính đến ngày»" in errors
    assert not [b for b in at.button if b.label.startswith("Ghi tất cả")]
    assert app_env.history("iz-binh-giang").empty


def test_the_dashboard_bar_shows_the_percent_as_reported(app_env, today):
    """The dashboard's progress bar printed its figure with "%.0f%%": 4,5 % reported read 5 % there and
    4,5 % on the report page, the map and the exports (45,5 % read 46 %)."""
    import json

    admin = auth.create_user(app_env, "quan-tri", PASSWORD, "admin", "*")
    app_env.add_report(ReportIn("iz-binh-giang", "preparing", 4.5, date(2026, 11, 20)), admin, REFS, today=today)
    at = _app("app_dashboard.py").run()
    assert not at.exception, at.exception
    grid = next(d for d in at.dataframe if "Tiến độ (%)" in d.value.columns)
    label_format = json.loads(grid.proto.columns)["Tiến độ (%)"]["type_config"]["format"]
    value = grid.value.set_index("Mã").loc["iz-binh-giang", "Tiến độ (%)"]
    # The grid prints the figure with that printf format (sprintf-js, the same rules as Python's %).
    assert (label_format % value, label_format % 45.5, label_format % 100) == ("4.5%", "45.5%", "100%")


def test_columns_the_import_does_not_read_are_named_before_writing(app_env, today):
    """A department's own 'Vốn giải ngân (tỷ đồng)' (the template says 'Vốn đã giải ngân') and X/Y columns
    were dropped without a word: the file was 'valid' and its capital never written."""
    at = _upload_csv(app_env, "Mã đối tượng,Tình trạng,Tiến độ (%),Tính đến ngày,Ghi chú,Tên,Vốn giải ngân (tỷ đồng),X,Y\n"
                              "iz-binh-giang,Đang thi công,60,01/12/2026,Đã xong 60%,KCN Bình Giang,12,2315000.5,580000.2\n")
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "3 cột không có trong mẫu nên không được đọc" in warnings, warnings
    assert "«vốn giải ngân (tỷ đồng)», «x», «y»" in warnings and "«tên»" not in warnings  # Tên: the template's own
    assert "Tệp hợp lệ: 1 dòng" in _texts(at)  # still importable: the rest is read as before


def test_a_second_click_on_send_does_not_say_the_saved_report_was_not_saved(app_env, today):
    """Seen in the browser: a double click on "Gửi báo cáo" wrote the report, then submitted the fresh empty
    form: "Chưa ghi báo cáo — Thiếu tình trạng" in red replaced "Đã ghi báo cáo số …" — an official told the
    report was not saved types it again."""
    at = _report_page(app_env)
    _widget(at.selectbox, "Tình trạng").set_value("preparing")
    _widget(at.text_input, "Tiến độ (%)").input("30")
    _widget(at.button, "Gửi báo cáo").click().run()
    assert "Đã ghi báo cáo số" in _texts(at)
    written = app_env.count()
    _widget(at.button, "Gửi báo cáo").click().run()  # the second click lands on the new, empty form
    assert not at.exception, at.exception
    assert not [e.value for e in at.error], [e.value for e in at.error]
    assert "Đã ghi báo cáo số" in _texts(at)
    assert app_env.count() == written
    # The form is still a form: an empty send after the user has moved on is refused out loud.
    _widget(at.text_input, "Tiến độ (%)").input("40")
    _widget(at.button, "Gửi báo cáo").click().run()
    assert any("Thiếu tình trạng" in e.value for e in at.error)
    assert app_env.count() == written


def test_a_second_click_on_send_does_not_write_a_correction_twice(app_env, today):
    """The fresh form of a correction starts filled (then from the corrected report, now from the correction just
    saved): a double click on "Gửi báo cáo" sent it again and wrote a second correction."""
    at, rid = _correcting(app_env, today)
    _widget(at.text_input, "Tiến độ (%)").input("40")
    _widget(at.button, "Gửi báo cáo").click().run()
    assert "Đã ghi báo cáo số" in _texts(at)
    written = app_env.count()
    _widget(at.button, "Gửi báo cáo").click().run()  # the second click lands on the fresh, pre-filled form
    assert not at.exception, at.exception
    assert not [e.value for e in at.error], [e.value for e in at.error]
    assert "Đã ghi báo cáo số" in _texts(at)
    assert app_env.count() == written
    assert app_env.history("iz-binh-giang").iloc[-1].progress_pct == 40  # the correction stays in force
    # Still a form: a figure changed after the save is a new correction, written.
    _widget(at.text_input, "Tiến độ (%)").input("42")
    _widget(at.button, "Gửi báo cáo").click().run()
    assert app_env.count() == written + 1
    assert app_env.history("iz-binh-giang").iloc[-1].progress_pct == 42


def test_the_import_says_its_own_10_mb_limit_and_refuses_a_bigger_file_in_words(app_env, today):
    """F4: the uploader said Streamlit's "50MB per file" while the import takes 10 MB; a 20 MB file passed the
    widget and was then refused with only "Tệp lớn quá 10 MB."."""
    at = _report_page(app_env)
    assert "CSV hoặc XLSX, tối đa 10 MB một tệp" in [c.value for c in at.caption]
    before = app_env.count()
    big = b"Ma doi tuong,Tinh trang\n" + b"x" * (10 * 1024 * 1024 + 200_000)
    at.file_uploader(key="rep_upload").set_value(("bao-cao.csv", big, "text/csv")).run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Tệp nặng 10,7 MB, quá giới hạn 10 MB của một tệp nhập. Chưa dòng nào được ghi." in errors, errors
    assert not [b for b in at.button if b.label.startswith("Ghi tất cả")]
    assert app_env.count() == before


def _form_items(at):
    """The form's elements in page order: (type, label or text)."""
    form = at.get("form")[0]
    return [(c.type, getattr(c, "label", None) if c.type not in ("error", "success") else c.value)
            for c in form.children.values()]


@pytest.mark.parametrize("lang, words", [
    (None, {"status": "Tình trạng", "pct": "Tiến độ (%)", "submit": "Gửi báo cáo", "saved": "Đã ghi báo cáo số {id}"}),
    ("en", {"status": "Status", "pct": "Progress (%)", "submit": "Submit report", "saved": "Report #{id} saved"}),
])
def test_the_saved_message_is_right_at_the_send_button_and_a_toast(app_env, today, lang, words):
    """QA: after "Gửi báo cáo" the form cleared and "Đã ghi báo cáo số …" was drawn above the form, off-screen from
    the button just clicked: the official saw nothing happen."""
    at = _report_page(app_env, lang)
    _widget(at.selectbox, words["status"]).set_value("preparing")
    _widget(at.text_input, words["pct"]).input("30")
    _widget(at.button, words["submit"]).click().run()
    assert not at.exception, at.exception
    rid = int(app_env.history("iz-binh-giang").iloc[-1].report_id)
    saved = words["saved"].format(id=rid)
    items = _form_items(at)
    button = items.index(("button", words["submit"]))
    assert items[button - 1][0] == "success" and saved in items[button - 1][1].replace("\\", "")
    assert not [m for m in at.success if m.value not in {items[button - 1][1]}]  # not also above the form
    assert [t.value.replace("\\", "") for t in at.toast] == [saved + "."]
    # The second click of a double click says it again, there and in a toast.
    _widget(at.button, words["submit"]).click().run()
    assert saved in _form_items(at)[button - 1][1].replace("\\", "") and at.toast
    # Any other rerun of the fresh form (a second click that reached the old form, a language switch) keeps saying
    # it, in the page's language, until the person sends the form again or moves to another place.
    at.session_state["lang"] = "vi" if lang == "en" else "en"
    at.run()
    other = "Đã ghi báo cáo số {id}" if lang == "en" else "Report #{id} saved"
    assert [m.value.replace("\\", "") for m in at.success] == [other.format(id=rid) + "."]
    assert not at.toast  # the toast is once per save


def _scroll_scripts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "scrollIntoView" in h.proto.body]


def test_a_to_do_click_brings_the_form_into_view(app_env, today):
    """QA: the "Báo cáo" buttons of the place list changed the form far below, off-screen: a click looked like
    nothing. The click now asks the page to scroll the form into view — a fixed script naming the form's container,
    once per click, with no place name or other data in it."""
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py")
    _sign_in(at, app_env, "bg")
    at.run()
    assert not _scroll_scripts(at)  # no scrolling on a plain visit
    at.button(key="todo_go_1").click().run()
    assert not at.exception, at.exception
    first = _scroll_scripts(at)
    assert len(first) == 1 and '".st-key-rep_one_report"' in first[0]
    assert at.get("form")[0].proto.form.form_id.startswith(f"rep_form_{at.selectbox(key='rep_feature').value}_")
    names = {ref.name for ref in REFS.values()} | set(REFS)
    assert not [n for n in names if n in first[0]]  # no data in the script
    _widget(at.text_input, "Tiến độ (%)").input("12").run()
    assert not _scroll_scripts(at)  # typing in the form does not scroll again
    at.session_state["rep_tabs"] = "Báo cáo năm (nhập tệp)"  # the annual import's tab is open
    at.run()
    at.button(key="todo_go_2").click().run()
    second = _scroll_scripts(at)
    assert len(second) == 1 and second != first  # a new click scrolls again
    assert at.session_state["rep_tabs"] == "Một báo cáo"  # ... to the form's tab, opened


def test_every_invalid_field_is_told_under_itself_by_its_own_label(app_env, today):
    """QA: "abc" in the percent got a message beside the field, 150 only in the summary; and the field said
    "Tiến độ (%)" while the messages said "Tỷ lệ hoàn thành"."""
    at = _report_page(app_env)
    _widget(at.text_input, "Tiến độ (%)").input("150")
    _widget(at.text_input, "Vốn bố trí (tỷ đồng)").input("nhiều")
    _widget(at.text_input, "Vốn đã giải ngân (tỷ đồng)").input("-3")
    _widget(at.text_input, "Đường dẫn minh chứng (http…)").input("javascript:alert(1)")
    _widget(at.date_input, "Tính đến ngày").set_value(date(2026, 12, 10))
    _widget(at.button, "Gửi báo cáo").click().run()
    assert not at.exception, at.exception
    items = _form_items(at)
    flat = [(kind, text) for kind, text in items if kind != "flex_container"]
    columns = at.get("form")[0].children[[k for k, c in at.get("form")[0].children.items() if c.type == "flex_container"][0]]
    beside = {}
    for kind, text in flat:
        if kind != "error" and text:
            last = text
        elif kind == "error" and last is not None:
            beside[last] = text.replace("\\", "")
            last = None
    for column in columns.children.values():  # the two capital fields side by side, each with its own message
        inner = list(column.children.values())
        beside[inner[0].label] = inner[1].value.replace("\\", "")
    assert beside["Tình trạng"].startswith("Thiếu tình trạng")
    assert beside["Tiến độ (%)"] == "Tiến độ (%) phải từ 0 đến 100 (đang là 150)."
    assert beside["Tính đến ngày"] == "Tính đến ngày: ngày 10/12/2026 ở tương lai (hôm nay là 01/12/2026)."
    assert beside["Vốn bố trí (tỷ đồng)"] == "Vốn bố trí (tỷ đồng): «nhiều» không phải là số."
    assert beside["Vốn đã giải ngân (tỷ đồng)"] == "Vốn đã giải ngân (tỷ đồng) không được âm."
    assert beside["Đường dẫn minh chứng (http…)"].startswith("Đường dẫn minh chứng phải bắt đầu bằng http://")
    summary = next(text for kind, text in flat if kind == "error" and text.startswith("Chưa ghi báo cáo"))
    assert "còn 6 chỗ cần sửa" in summary.replace("\\", "")
    assert all(message in summary.replace("\\", "") for message in beside.values())
    assert "Tỷ lệ hoàn thành" not in _texts(at)


def test_the_section_not_chosen_is_told_under_the_section_field(app_env, today):
    """A feature crossing several districts, for an administrator who must choose its section: the refusal sits
    under the section's choice, not only in the summary at the bottom."""
    auth.create_user(app_env, "qt", PASSWORD, "admin", "*")
    at = _app("app_report.py")
    _sign_in(at, app_env, "qt")
    at.run()
    at.selectbox(key="rep_feature").set_value("rail-hn-hp").run()
    _widget(at.selectbox, "Tình trạng").set_value("preparing")
    _widget(at.button, "Gửi báo cáo").click().run()
    assert not at.exception, at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert errors[0] == "Chưa chọn đoạn báo cáo: đối tượng này đi qua nhiều huyện."  # first, above the form
    assert "Chưa chọn đoạn báo cáo" in errors[-1] and errors[-1].startswith("Chưa ghi báo cáo")
    # The administrator's audit filters say what an empty filter means, in Vietnamese.
    assert [m.proto.placeholder for m in at.multiselect] == ["Tất cả (chọn để lọc)"] * 2


@pytest.mark.parametrize("lang, feature, corrects, status", [
    (None, "— Chọn đối tượng —", "— Chọn báo cáo cần đính chính —", "— Chọn tình trạng —"),
    ("en", "— Choose a feature —", "— Choose the report to correct —", "— Choose a status —"),
])
def test_the_choice_fields_placeholders_are_in_the_page_s_language(app_env, today, lang, feature, corrects, status):
    """QA: a screen reader read Streamlit's English "Choose an option" in the Vietnamese form (the placeholder is
    on the field even once a value is chosen)."""
    at = _report_page(app_env, lang)
    assert at.selectbox(key="rep_feature").proto.placeholder == feature
    assert at.selectbox(key="rep_corrects_iz-binh-giang").proto.placeholder == corrects
    assert at.get("form")[0].children[0].proto.placeholder == status
    placeholders = [s.proto.placeholder for s in at.selectbox] + [m.proto.placeholder for m in at.multiselect]
    assert "Choose an option" not in placeholders and "Choose options" not in placeholders
