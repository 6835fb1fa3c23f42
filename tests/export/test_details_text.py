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


def test_a_seed_rows_note_in_the_history_follows_the_exports_language(scene_of, monkeypatch, tmp_path):
    seed = tmp_path / "progress.csv"
    seed.write_text("feature_id,status,progress_pct,as_of,note,note_en,source\n"
                    "ua-hai-duong,completed,100,2019-10-26,Hoàn thành,Completed (recognised),x\n", encoding="utf-8")
    monkeypatch.setenv("PLANMAP_SEED_CSV", str(seed))
    history = {lang: place_details(scene_of(format="html", lang=lang))["ua-hai-duong"]["history"] for lang in ("vi", "en")}
    assert history["vi"][0][-1] == "Hoàn thành" and history["en"][0][-1] == "Completed (recognised)"
    assert history["en"][1][-1] == "Đang thi công =SUM(A1) <b>đậm</b> $x$"     # a person's note as written
