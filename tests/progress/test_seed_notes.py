"""Seed rows in two languages, and a store seeded from an older file (walk 16, findings 5 and 15)."""
from __future__ import annotations

from datetime import date

from progress import seed as seeding
from progress.seed import seed_note

OLD = (
    "feature_id,status,progress_pct,as_of,note,source\n"
    "urban-ke-sat,in_progress,,2024-12-21,Công nhận loại III,https://example.org/a\n"
    "urban-ke-sat,unknown,,2025-07-01,Cấp huyện bị bãi bỏ; thành lập thành phố: không tìm thấy (not found).,NQ 202\n"
)
NEW = (
    "feature_id,status,progress_pct,as_of,note,note_en,source\n"
    "urban-ke-sat,completed,,2024-12-21,Đạt mục tiêu loại III,Class III target met,https://example.org/a\n"
    "urban-ke-sat,completed,,2025-07-01,Ghi chú: cấp huyện bị bãi bỏ,Note: districts abolished,NQ 202\n"
)


def _notes(store, fid: str, lang: str, path) -> list[str]:
    return [seed_note(r.note, lang, feature_id=r.feature_id, as_of=r.as_of, status=r.status,
                      reported_by=r.reported_by, path=path) for r in store.history(fid).itertuples(index=False)]


def test_a_seed_note_shows_in_the_readers_language_and_the_store_keeps_the_vietnamese(store, refs, tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text(NEW, encoding="utf-8")
    assert seeding.seed_from_csv(store, path, refs) == 2
    assert list(store.history("urban-ke-sat")["note"]) == ["Đạt mục tiêu loại III", "Ghi chú: cấp huyện bị bãi bỏ"]
    assert _notes(store, "urban-ke-sat", "en", path) == ["Class III target met", "Note: districts abolished"]
    assert _notes(store, "urban-ke-sat", "vi", path) == ["Đạt mục tiêu loại III", "Ghi chú: cấp huyện bị bãi bỏ"]


def test_a_persons_note_is_shown_as_written_in_either_language(tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text(NEW, encoding="utf-8")
    kw = dict(feature_id="urban-ke-sat", as_of=date(2024, 12, 21), status="completed", path=path)
    assert seed_note("Đã xong (not found)", "en", reported_by="nguyen.van.a", **kw) == "Đã xong (not found)"
    assert seed_note("Đã xong (not found)", "vi", reported_by="nguyen.van.a", **kw) == "Đã xong (not found)"


def test_a_store_seeded_from_the_old_file_keeps_every_row_and_reads_right_after_seeding_again(store, refs, tmp_path):
    """Nothing stored is rewritten: the new rows are appended, the newest word (the new file's) is in force, and the
    old rows' raw English is not shown to a Vietnamese reader."""
    path = tmp_path / "progress.csv"
    path.write_text(OLD, encoding="utf-8")
    assert seeding.seed_from_csv(store, path, refs) == 2
    assert _notes(store, "urban-ke-sat", "vi", path)[-1] == "Cấp huyện bị bãi bỏ; thành lập thành phố: không tìm thấy."
    path.write_text(NEW, encoding="utf-8")
    assert seeding.seed_from_csv(store, path, refs) == 2
    history = store.history("urban-ke-sat")
    assert len(history) == 4 and {"Công nhận loại III", "Đạt mục tiêu loại III"} <= set(history["note"])
    state = store.state_as_of(date(2026, 11, 1)).set_index("feature_id")
    assert state.loc["urban-ke-sat", "status"] == "completed"                  # no longer "unknown"
