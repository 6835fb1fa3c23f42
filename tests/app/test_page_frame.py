"""The page frame a user sees on the map page: the title's lines (program, what the plan means today), the
language button one tap from the main area, and the class filter's note on the 2023 and 2026 classes."""
from __future__ import annotations

import html
import re

import pytest

from tests.app.helpers import page_heading, run_app


def _title_lines(at) -> list[str]:
    """The lines under the page's heading, as the reader sees them."""
    for block in at.html:
        found = re.search(r'<div class="pm-title-block"><h1>.*?</h1>(.*?)</div>', block.value, re.S)
        if found:
            return [html.unescape(line) for line in re.findall(r"<p>(.*?)</p>", found.group(1), re.S)]
    raise AssertionError("no title block on the page")


LINES = {
    "vi": ["Chương trình hành động thực hiện Nghị quyết 30-NQ/TW (UBND tỉnh Hải Dương, 28/02/2023)",
           "Tỉnh Hải Dương nay thuộc TP Hải Phòng (từ 01/07/2025, NQ 202/2025/QH15); từ 01/01/2026 đô thị còn "
           "4 loại (NQ 111/2025/UBTVQH15)"],
    "en": ["Action program implementing Resolution 30-NQ/TW (Hải Dương PPC, 28 Feb 2023)",
           "Hải Dương province is part of Hải Phòng city since 1 July 2025 (Res. 202/2025/QH15); since 1 January "
           "2026 urban areas have four classes (Res. 111/2025/UBTVQH15)"],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_under_the_title_the_program_and_what_it_means_today_in_the_page_language(lang):
    at = run_app({"lang": lang} if lang == "en" else None, first_screen_only=True)
    assert _title_lines(at) == LINES[lang], "on the first screen already"
    at.run()
    assert _title_lines(at) == LINES[lang]


def test_one_press_of_the_language_button_switches_the_page_and_back():
    at = run_app()
    button = at.button(key="pm_lang_button")
    assert button.label == "EN"
    button.click().run()
    assert not at.exception
    assert page_heading(at) == "Hải Dương 2030 planning map"
    assert _title_lines(at) == LINES["en"]
    assert at.radio(key="lang").value == "en", "the sidebar's switch says the same"
    assert at.query_params["lang"] == "en", "and the address, for a link copied now"
    assert at.button(key="pm_lang_button").label == "VI"
    at.button(key="pm_lang_button").click().run()
    assert page_heading(at) == "Bản đồ quy hoạch Hải Dương 2030"
    assert at.button(key="pm_lang_button").label == "EN"


def test_the_first_screen_has_no_language_button_yet():
    at = run_app(first_screen_only=True)
    assert not [b for b in at.button if b.key == "pm_lang_button"], "the first screen is the map alone"


@pytest.mark.parametrize("lang, program, since_2026", [
    ("vi", "Đây là 5 loại của Chương trình năm 2023.",
     "Từ 01/01/2026 đô thị còn 4 loại (NQ 111/2025/UBTVQH15): loại từ 2026 của mỗi nơi được suy ra trong phần "
     "thông tin chi tiết."),
    ("en", "These are the 2023 program's 5 classes.",
     "Since 01/01/2026 there are four classes (Res. 111/2025/UBTVQH15): each place's 2026 class is derived in "
     "its details."),
])
def test_the_class_filter_says_its_classes_are_the_2023_programs_and_there_are_four_since_2026(
        lang, program, since_2026):
    at = run_app({"lang": lang} if lang == "en" else None)
    help_text = at.button_group(key="classes").proto.help
    assert program in help_text and since_2026 in help_text
    first_class = "Đô thị loại I" if lang == "vi" else "Class I urban area"
    assert help_text.startswith(first_class)
