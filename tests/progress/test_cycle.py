"""The reporting cycle as a to-do, sections of shared features, and the migration that keeps the section."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.errors import PermissionDenied
from progress import ProgressStore, ReportIn, auth
from progress.cycle import due_cycle, feature_states, state_counts, store_todo
from progress.sections import covers_whole, latest_by_section, overall, sections_in_scope, sections_of

from .fake_refs import REFS

TODAY = date(2026, 12, 1)
RAIL = REFS["rail-hn-hp"]  # Cẩm Giàng, Bình Giang, Gia Lộc


@pytest.mark.parametrize("today, start, end, days, passed", [
    (date(2026, 12, 1), date(2025, 12, 5), date(2026, 12, 5), 4, False),
    (date(2026, 12, 5), date(2025, 12, 5), date(2026, 12, 5), 0, False),
    (date(2026, 12, 6), date(2025, 12, 5), date(2026, 12, 5), -1, True),   # late window: the cycle just ended
    (date(2026, 12, 31), date(2025, 12, 5), date(2026, 12, 5), -26, True),
    (date(2027, 1, 1), date(2026, 12, 5), date(2027, 12, 5), 338, False),  # the next cycle
])
def test_the_cycle_collected_and_its_days_left(today, start, end, days, passed):
    cycle = due_cycle(today)
    assert (cycle.start, cycle.end, cycle.days_left, cycle.passed) == (start, end, days, passed)


def test_sections_of_a_shared_feature_and_who_may_report_them():
    assert sections_of(RAIL) == ("Cẩm Giàng", "Bình Giang", "Gia Lộc")
    assert sections_of(REFS["iz-binh-giang"]) == ()
    assert sections_in_scope(RAIL, {"Bình Giang"}) == ("Bình Giang",)
    assert covers_whole(RAIL, {"*"}) and covers_whole(RAIL, {"rail-hn-hp"}) and not covers_whole(RAIL, {"Bình Giang"})


def test_a_reporter_writes_for_their_section_only(store, refs):
    bg = auth.create_user(store, "bg", "mat-khau-rat-dai-2", "reporter", "Bình Giang")
    with pytest.raises(PermissionDenied) as whole:
        store.add_report(ReportIn("rail-hn-hp", "in_progress", 10, date(2026, 11, 1)), bg, refs, today=TODAY)
    assert "chọn đoạn" in whole.value.message("vi") and "choose the section" in whole.value.message("en")
    with pytest.raises(PermissionDenied) as other:
        store.add_report(ReportIn("rail-hn-hp", "in_progress", 10, date(2026, 11, 1), section="Gia Lộc"), bg, refs, today=TODAY)
    assert "Đoạn «Gia Lộc»" in other.value.message("vi")
    before = store.count()
    rid = store.add_report(ReportIn("rail-hn-hp", "in_progress", 10, date(2026, 11, 1), section="Bình Giang"), bg, refs,
                           today=TODAY)
    assert store.count() == before + 1 and store.get_report(rid)["section"] == "Bình Giang"


def test_the_to_do_of_a_reporter_and_of_every_unit(store, refs, admin):
    bg = auth.create_user(store, "bg", "mat-khau-rat-dai-2", "reporter", "Bình Giang")
    store.add_report(ReportIn("iz-tan-truong", "operating", 100, date(2022, 5, 1)), admin, refs, today=TODAY)
    store.add_report(ReportIn("rail-hn-hp", "preparing", 5, date(2026, 3, 1), section="Bình Giang"), bg, refs, today=TODAY)
    store.add_report(ReportIn("urban-ke-sat", "preparing", 5, date(2025, 11, 30)), bg, refs, today=TODAY)  # last cycle
    cycle, mine = store_todo(store, refs, TODAY, bg)
    assert cycle.days_left == 4
    assert set(zip(mine["feature_id"], mine["section"].fillna(""), mine["state"])) == {
        ("rail-hn-hp", "Bình Giang", "reported"), ("urban-ke-sat", "", "not_yet"), ("iz-binh-giang", "", "not_yet")}
    _, everyone = store_todo(store, refs, TODAY)
    assert len(everyone) == len(refs) - 1 + 3  # the railway counts once per section
    assert feature_states(everyone)["rail-hn-hp"] == "not_yet"  # two sections still owe
    assert feature_states(everyone)["iz-tan-truong"] == "finished"
    assert state_counts(everyone) == {"overdue": 0, "not_yet": 6, "reported": 1, "finished": 1}
    # After the deadline the same places are overdue; a late report still settles them.
    late = date(2026, 12, 8)
    _, after = store_todo(store, refs, late, bg)
    assert dict(zip(after["feature_id"], after["state"]))["urban-ke-sat"] == "overdue"
    store.add_report(ReportIn("urban-ke-sat", "in_progress", 20, late), bg, refs, today=late)
    _, settled = store_todo(store, refs, late, bg)
    assert dict(zip(settled["feature_id"], settled["state"]))["urban-ke-sat"] == "reported"


def test_details_derive_the_overall_state_from_the_sections(store, refs, admin):
    store.add_report(ReportIn("rail-hn-hp", "preparing", 0, date(2025, 1, 1)), admin, refs, today=TODAY)  # whole route
    store.add_report(ReportIn("rail-hn-hp", "in_progress", 40, date(2026, 6, 1), section="Bình Giang"), admin, refs,
                     today=TODAY)
    states = {s.section: s for s in latest_by_section(RAIL, store.history("rail-hn-hp"))}
    assert states["Bình Giang"].status == "in_progress" and not states["Bình Giang"].whole
    assert states["Gia Lộc"].status == "preparing" and states["Gia Lộc"].whole
    total = overall(list(states.values()))
    assert (total.status, total.progress_pct, total.reported_sections, total.total_sections) == ("preparing", 13.3, 3, 3)


def test_reports_written_before_the_section_migration_stay_valid(tmp_path):
    """A database at revision 0001 with a report is upgraded; the report reads back, as a whole-feature report."""
    from alembic import command
    from alembic.config import Config

    from progress.db import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = sa.create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO reports (feature_id, status, progress_pct, note, reported_by, reported_at, as_of) "
            "VALUES ('rail-hn-hp', 'preparing', 5, 'cũ', 'bg', '2026-01-01 00:00:00', '2026-01-01')")
    engine.dispose()
    store = ProgressStore(url)
    store.migrate()
    history = store.history("rail-hn-hp")
    assert list(history["note"]) == ["cũ"] and history["section"].isna().all()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == "0102_report_section"
    store.dispose()
