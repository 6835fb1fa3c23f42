"""The details every export gives a place (atlas pages, the HTML export's click), as plain text."""
from __future__ import annotations

from export.details import place_details


def test_a_seed_status_is_dated_as_the_compilers_check_and_a_units_report_as_of_its_day(scene_of):
    """The seed's first status is dated by its source, not presented as a report of that day (walk 16, finding 5)."""
    details = place_details(scene_of(format="html"))
    seeded = dict(details["ua-hai-duong"]["facts"])                    # latest: the seed's row of 26/10/2019
    assert seeded["Kiểm tra nguồn (dữ liệu ban đầu)"] == "26/10/2019" and "Tính đến ngày" not in seeded
    reported = dict(details["ua-luong-dien"]["facts"])                 # latest: a unit's report of 01/12/2025
    assert reported["Tính đến ngày"] == "01/12/2025" and "Kiểm tra nguồn (dữ liệu ban đầu)" not in reported
