"""The details' source links read as their readers write them: a Wikipedia address shows "Kim_Thành", not
"Kim_Th%C3%A0nh" (QA), while the link still goes to the address the data gives."""
from __future__ import annotations

import pytest

from tests.browser.conftest import map_frame, wait_for_rerun

pytestmark = pytest.mark.browser

WIKI = "https://vi.wikipedia.org/wiki/Ph%C3%BA_Th%C3%A1i,_Kim_Th%C3%A0nh"


def test_a_source_link_shows_its_address_decoded_and_goes_to_it(page, app):
    page.goto(f"{app.url}/?sel=st-phu-thai&c=20.96556,106.51139&z=12")
    map_frame(page, "path.pm-boundary")
    wait_for_rerun(page)
    link = page.locator('.st-key-pm_details a[href*="wikipedia"]').first
    link.wait_for(timeout=30_000)
    assert link.get_attribute("href") == WIKI
    assert link.inner_text() == "https://vi.wikipedia.org/wiki/Phú_Thái,_Kim_Thành"
