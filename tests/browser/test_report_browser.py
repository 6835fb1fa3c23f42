"""The official's yearly report in a real browser, on 1 December 2026 (four days before the deadline).

A Bình Giang reporter signs in: the report page opens with their places for the cycle, the deadline and
the days left; the form refuses 150 %, a future date and a missing status out loud; a shared railway is
reported for the Bình Giang section only.
"""
from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from progress import ProgressStore, auth
from tests.browser.conftest import REPO, drag_hint_words, send_report, start_app, uploader_words, wait_for_rerun

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-rat-dai-1"
TODAY = "2026-12-01"
SHOTS = REPO / "var" / "screenshots"


@pytest.fixture(scope="module")
def report_db(tmp_path_factory) -> str:
    """The URL of the report page's store (to count what a click wrote)."""
    return f"sqlite:///{tmp_path_factory.mktemp('report') / 'planmap.sqlite'}"


def _count(url: str) -> int:
    store = ProgressStore(url)
    try:
        return store.count()
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def report_app(tmp_path_factory, report_db):
    """The app on the real data, 'today' pinned to 1 Dec 2026, with a Bình Giang reporter."""
    tmp = tmp_path_factory.mktemp("report-app")
    url = report_db
    store = ProgressStore(url)
    store.migrate()
    auth.create_user(store, "bg", PASSWORD, "reporter", "Bình Giang")
    store.dispose()
    proc, base = start_app(tmp, {"PLANMAP_DB_URL": url, "PLANMAP_TODAY": TODAY, "PLANMAP_DATA_DIR": str(REPO / "data")})
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def sign_in(page, base: str) -> None:
    page.goto(base + "/report")
    page.get_by_label("Tên đăng nhập").fill("bg")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Việc cần làm kỳ này").wait_for(timeout=60_000)
    wait_for_rerun(page)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_after_sign_in_the_report_page_is_a_to_do_with_the_deadline(page, report_app):
    sign_in(page, report_app)
    shot(page, "report-todo-1500")
    main = page.get_by_test_id("stMain")
    body = main.inner_text()
    assert "Kỳ báo cáo năm 2026: hạn nộp 05/12/2026 — còn 4 ngày." in body
    # Six places in Bình Giang's scope; the expanded industrial zone operates already and owes nothing.
    assert "5 trong 6 địa điểm của bạn chưa báo cáo kỳ này." in body
    main.get_by_test_id("stMetricValue").first.wait_for()
    metrics = dict(zip(main.get_by_test_id("stMetricLabel").all_inner_texts(),
                       main.get_by_test_id("stMetricValue").all_inner_texts()))
    assert metrics == {"Quá hạn báo cáo": "0", "Chưa báo cáo kỳ này": "5", "Đã báo cáo kỳ này": "0"}
    # The railway crossing five districts is one of the six — as its Bình Giang section only.
    assert "Đường sắt Lào Cai – Hà Nội – Hải Phòng (khổ tiêu chuẩn, đoạn qua Hải Dương) — đoạn Bình Giang" in body
    assert "đoạn Gia Lộc" not in body


def _todo_button(page, name: str):
    row = page.get_by_test_id("stHorizontalBlock").filter(has_text=name).last
    return row.get_by_role("button", name="Báo cáo")


def test_the_form_says_no_out_loud_and_a_section_is_reported_in_scope(page, report_app):
    sign_in(page, report_app)
    _todo_button(page, "Khu công nghiệp Bình Giang").click()
    wait_for_rerun(page)
    form = page.get_by_test_id("stForm")
    form.get_by_label("Tiến độ (%)", exact=True).and_(page.locator("input")).fill("150")
    day = form.get_by_test_id("stDateInput").locator("[data-type=day]")  # day first: DD/MM/YYYY
    day.click()
    page.keyboard.type("10")
    page.keyboard.press("Tab")
    form.get_by_role("button", name="Gửi báo cáo").click()
    wait_for_rerun(page)
    shot(page, "report-refusals-1500")
    text = form.inner_text()
    assert "Thiếu tình trạng" in text                                      # no silent default
    assert "Tiến độ (%) phải từ 0 đến 100 (đang là 150)." in text
    assert "Tính đến ngày: ngày 10/12/2026 ở tương lai (hôm nay là 01/12/2026)." in text
    assert "Chưa ghi báo cáo — còn 3 chỗ cần sửa" in text                  # above the button
    # Each refusal sits under its own field, before the button.
    errors = form.get_by_test_id("stAlertContentError").all_inner_texts()
    assert any("Thiếu tình trạng" in e for e in errors[:1])
    assert "Error:" not in page.get_by_test_id("stMain").inner_text()     # no English widget hover text

    # The shared railway: the form is for Bình Giang's section only, and saves it.
    _todo_button(page, "Đường sắt Lào Cai").click()
    wait_for_rerun(page)
    # The form is redrawn for the railway; under load its section line can come a moment after the rerun ends.
    expect(page.get_by_test_id("stMain")).to_contain_text("Đoạn báo cáo: Bình Giang", timeout=30_000)
    send_report(page, "Chuẩn bị", "10")
    body = page.get_by_test_id("stMain").inner_text()
    assert "4 trong 6 địa điểm của bạn chưa báo cáo kỳ này." in body
    shot(page, "report-saved-1500")


def test_a_decimal_comma_typed_in_the_form_is_saved_as_typed(page, report_app):
    """The browser's number field dropped the comma: 4,5 % typed became 45 % on the map and the dashboard."""
    sign_in(page, report_app)
    _todo_button(page, "Ga Bình Giang").click()
    wait_for_rerun(page)
    form = page.get_by_test_id("stForm")
    form.get_by_test_id("stSelectbox").first.click()
    page.keyboard.type("Chuẩn bị")
    page.keyboard.press("Enter")
    field = form.get_by_label("Tiến độ (%)", exact=True).and_(page.locator("input"))
    field.click()
    page.keyboard.type("4,5")  # typed key by key, as a person does
    form.get_by_role("button", name="Gửi báo cáo").click()
    wait_for_rerun(page)
    page.get_by_test_id("stAlertContentSuccess").get_by_text("Đã ghi báo cáo số").wait_for(timeout=30_000)
    expect(page.get_by_test_id("stMain")).to_contain_text("Chuẩn bị đầu tư · tiến độ 4,5% · báo cáo ngày 01/12/2026")


@pytest.mark.parametrize("path", ["/dashboard", "/export"])
def test_a_future_as_of_date_is_refused_in_vietnamese(page, report_app, path):
    """Typed 05/12/2026 on 1 December, the field said Streamlit's English "Error: Date set outside allowed
    range…" under a Vietnamese label; now it says why in Vietnamese and shows today's state."""
    page.goto(report_app + path)
    main = page.get_by_test_id("stMain")
    day = main.get_by_test_id("stDateInput").first.locator("[data-type=day]")
    day.wait_for(timeout=60_000)
    wait_for_rerun(page)
    day.click()
    page.keyboard.type("05")
    page.keyboard.press("Escape")
    main.get_by_role("heading").first.click()  # the field is left: its date is taken
    wait_for_rerun(page)
    expect(main).to_contain_text("Ngày 05/12/2026 ở tương lai (hôm nay là 01/12/2026): đang hiện tình trạng đến hôm nay.",
                                 timeout=30_000)
    shot(page, f"future-date{path.replace('/', '-')}-1500")
    body = main.inner_text()
    assert "Error:" not in body and "outside allowed range" not in body
    if path == "/dashboard":
        assert "Tình trạng tính đến ngày 01/12/2026" in body



def test_a_future_date_on_the_map_is_refused_in_vietnamese_and_the_word_stays(page, report_app):
    """In the map's date popover the same English refusal showed; the map reruns as soon as it reports its
    view, so the Vietnamese word must outlast that rerun to be read."""
    import re

    from tests.browser.conftest import map_frame

    page.goto(report_app + "/")
    map_frame(page)
    wait_for_rerun(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name=re.compile("Tính đến ngày")).click()
    day = page.get_by_test_id("stPopoverBody").get_by_test_id("stDateInput").locator("[data-type=day]")
    day.click()
    page.keyboard.type("05")
    for _ in range(3):  # out of the field: its date is taken
        page.keyboard.press("Tab")
    wait_for_rerun(page)
    page.wait_for_timeout(1500)  # the map's own rerun, if any
    wait_for_rerun(page)
    body = page.get_by_test_id("stPopoverBody")
    expect(body).to_contain_text("Ngày 05/12/2026 ở tương lai (hôm nay là 01/12/2026)", timeout=30_000)
    assert "Error:" not in body.inner_text()
    expect(sidebar.get_by_role("button", name="Tính đến ngày: 01/12/2026")).to_be_visible()


def test_a_double_click_on_send_writes_a_correction_once(page, report_app, report_db):
    """The correction form starts filled from the report it corrects: the double click's second click sent the
    fresh form again, and a second correction (the old figures) was written. Now one report, and the saved
    message stays."""
    sign_in(page, report_app)
    _todo_button(page, "Khu công nghiệp Bình Giang").click()
    wait_for_rerun(page)
    send_report(page, "Chuẩn bị", "20")
    wait_for_rerun(page)
    form = page.get_by_test_id("stForm")
    choice = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Đính chính báo cáo")
    choice.locator("input").click()
    page.keyboard.type("Chuẩn bị")  # the report just sent, the only one to correct
    page.keyboard.press("Enter")
    expect(choice.locator("input")).to_have_value(re.compile("Chuẩn bị đầu tư · bg"), timeout=30_000)
    wait_for_rerun(page)
    page.wait_for_function(  # the correction's form alone (the old one can linger a moment under load)
        """() => { const f = document.querySelectorAll('[data-testid="stForm"] input[aria-label="Tiến độ (%)"]');
                   return f.length === 1 && f[0].value === "20"; }""", timeout=30_000)
    field = form.get_by_label("Tiến độ (%)", exact=True).and_(page.locator("input"))
    field.fill("25")
    before = _count(report_db)
    form.get_by_role("button", name="Gửi báo cáo").dblclick()
    wait_for_rerun(page)
    page.get_by_test_id("stAlertContentSuccess").get_by_text("Đã ghi báo cáo số").wait_for(timeout=30_000)
    page.wait_for_function(  # the fresh form alone (it now corrects the correction: the old one can linger)
        """() => { const f = document.querySelectorAll('[data-testid="stForm"] input[aria-label="Tiến độ (%)"]');
                   return f.length === 1; }""", timeout=30_000)
    form.get_by_role("button", name="Gửi báo cáo").click()  # and a slower second click, on the fresh form
    wait_for_rerun(page)
    shot(page, "report-correction-double-click-1500")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Đã ghi báo cáo số")
    assert _count(report_db) == before + 1
    assert not main.get_by_test_id("stAlertContentError").count()
    expect(main).to_contain_text("Chuẩn bị đầu tư · tiến độ 25% · báo cáo ngày 01/12/2026")
    # The form shows the figure just saved, not the corrected report's old 20 (issue 15).
    expect(form.get_by_label("Tiến độ (%)", exact=True).and_(page.locator("input"))).to_have_value("25")


def test_the_report_import_says_its_10_mb_limit_and_refuses_a_bigger_file_in_vietnamese(page, report_app, report_db):
    """F4: the uploader said Streamlit's "50MB per file" on an import whose limit is 10 MB."""
    sign_in(page, report_app)
    page.get_by_role("tab", name="Báo cáo năm (nhập tệp)").click()
    main = page.get_by_test_id("stMain")
    uploader = main.get_by_test_id("stFileUploader")
    uploader.wait_for(timeout=30_000)
    expect(main).to_contain_text("CSV hoặc XLSX, tối đa 10 MB một tệp")
    assert not uploader.get_by_test_id("stFileUploaderDropzoneInstructions").is_visible()
    assert uploader_words(uploader) == "Chọn tệp"  # not Streamlit's English "Upload"
    assert drag_hint_words(uploader, page) == "Thả tệp vào đây"  # not "Drag and drop a file here"
    assert "50MB" not in main.inner_text() and "50 MB" not in main.inner_text()
    uploader.scroll_into_view_if_needed()
    shot(page, "report-import-limit-1500")
    before = _count(report_db)
    big = b"Ma doi tuong,Tinh trang\n" + b"x" * (10 * 1024 * 1024 + 200_000)
    uploader.locator("input[type=file]").set_input_files(
        {"name": "bao-cao.csv", "mimeType": "text/csv", "buffer": big})
    expect(main).to_contain_text("Tệp nặng 10,7 MB, quá giới hạn 10 MB của một tệp nhập. Chưa dòng nào được ghi.",
                                 timeout=60_000)
    shot(page, "report-import-too-big-1500")
    assert _count(report_db) == before
    assert not main.get_by_role("button", name=re.compile("^Ghi tất cả")).count()


def test_the_help_buttons_are_named_in_the_page_s_language(page, report_app):
    """F5: each field's "?" button was named Streamlit's English "Help for Ghi chú"; a screen reader read
    English in the Vietnamese form."""
    sign_in(page, report_app)
    form = page.get_by_test_id("stForm")
    form.get_by_test_id("stTooltipIcon").first.wait_for(timeout=30_000)
    expect(form.get_by_role("button", name="Trợ giúp: Ghi chú", exact=True)).to_have_count(1, timeout=10_000)
    expect(form.get_by_role("button", name="Trợ giúp: Tiến độ (%)", exact=True)).to_have_count(1)
    names = form.locator('[data-testid="stTooltipIcon"] button').evaluate_all("bs => bs.map(b => b.ariaLabel)")
    assert names and all(n.startswith("Trợ giúp: ") for n in names), names
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(form.get_by_role("button", name="Help for Note", exact=True)).to_have_count(1, timeout=30_000)
    page.wait_for_function(  # once the Vietnamese form is gone, no button keeps a Vietnamese name
        """() => { const names = [...document.querySelectorAll('[data-testid="stForm"] [data-testid="stTooltipIcon"] button')]
                   .map(b => b.ariaLabel); return names.length && names.every(n => n.startsWith("Help for ")); }""",
        timeout=30_000)


def test_a_to_do_click_shows_the_form_and_the_saved_message_shows_where_the_button_was(page, report_app):
    """QA: a "Báo cáo" click in the place list changed the form off-screen below (nothing seemed to happen), and
    after "Gửi báo cáo" the form cleared with "Đã ghi báo cáo số …" drawn above it, off-screen from the button."""
    sign_in(page, report_app)
    main = page.get_by_test_id("stMain")
    form = page.get_by_test_id("stForm")
    feature = main.get_by_test_id("stSelectbox").filter(has_text="Đối tượng").first
    percent = form.get_by_label("Tiến độ (%)", exact=True).and_(page.locator("input"))
    expect(percent).not_to_be_in_viewport()  # below the list: the case QA met
    _todo_button(page, "Ga Bình Giang").click()
    wait_for_rerun(page)
    expect(feature.locator("input")).to_be_in_viewport(timeout=15_000)  # the chosen place, at the top of the form
    expect(feature.locator("input")).to_have_value(re.compile("^Ga Bình Giang"))
    expect(percent).to_be_in_viewport()
    shot(page, "report-todo-click-1500")
    # Streamlit's English "Choose an option" is no longer any choice field's placeholder.
    placeholders = main.locator("input[placeholder]").evaluate_all("els => els.map(e => e.placeholder)")
    assert placeholders and not [p for p in placeholders if "Choose" in p], placeholders

    form.get_by_test_id("stSelectbox").first.click()
    page.keyboard.type("Chuẩn bị")
    page.keyboard.press("Enter")
    percent.fill("15")
    button = form.get_by_role("button", name="Gửi báo cáo")
    button.click()
    wait_for_rerun(page)
    notice = form.get_by_test_id("stAlertContentSuccess").filter(has_text="Đã ghi báo cáo số")
    expect(notice).to_be_in_viewport(ratio=1, timeout=30_000)  # whole, not a sliver at the window's edge
    # Right above the button just clicked (the message pushes it down a little: a button clicked at the window's
    # bottom edge may move below it, the message stays in view).
    assert 0 < button.bounding_box()["y"] - notice.bounding_box()["y"] < 200
    expect(page.get_by_test_id("stToast").filter(has_text="Đã ghi báo cáo số")).to_be_visible()
    shot(page, "report-saved-notice-1500")
    # A second place's click scrolls again, from wherever the reader now is, and opens the form's tab if the annual
    # import's was open.
    page.get_by_role("tab", name="Báo cáo năm (nhập tệp)").click()
    wait_for_rerun(page)
    expect(feature).to_be_hidden()
    _todo_button(page, "Khu công nghiệp Bình Giang").click()
    wait_for_rerun(page)
    expect(feature.locator("input")).to_be_in_viewport(timeout=15_000)
    expect(feature.locator("input")).to_have_value(re.compile("^Khu công nghiệp Bình Giang"))
