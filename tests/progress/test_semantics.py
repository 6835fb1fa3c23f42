"""Property test of the as-of rule against a plain-Python model, and concurrent first starts."""
from __future__ import annotations

import itertools
import multiprocessing as mp
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.features import FeatureRef
from progress import ProgressStore, ReportIn, User

from ._workers import migrate_and_seed

ADMIN = User("quan-tri", "admin", frozenset({"*"}))
_counter = itertools.count()
START = date(2024, 1, 1)

reports_strategy = st.lists(
    st.tuples(
        st.integers(0, 2),  # which feature
        st.integers(0, 60),  # as_of: days after START
        st.sampled_from(["preparing", "in_progress", "delayed", "completed"]),
        st.one_of(st.none(), st.integers(0, 100)),
    ),
    min_size=1, max_size=25,
)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    store = ProgressStore(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'p.sqlite'}")
    store.migrate()
    yield store
    store.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reports=reports_strategy, probe=st.integers(-1, 62))
def test_state_as_of_matches_the_model(shared_store, reports, probe):
    prefix = f"p{next(_counter)}-"
    refs = {f"{prefix}{i}": FeatureRef(f"{prefix}{i}", "test", f"Đối tượng {i}", "Gia Lộc") for i in range(3)}
    written = []  # (feature, as_of, id, status, pct) in the order written
    for feature, days, status, pct in reports:
        fid = f"{prefix}{feature}"
        as_of = START + timedelta(days=days)
        rid = shared_store.add_report(ReportIn(fid, status, pct, as_of), ADMIN, refs, today=date(2026, 1, 1))
        written.append((fid, as_of, rid, status, pct))
    day = START + timedelta(days=probe)
    expected = {}
    for fid, as_of, rid, status, pct in written:  # later writes win ties on as_of (reported_at, then id)
        if as_of <= day and (fid not in expected or as_of >= expected[fid][0]):
            expected[fid] = (as_of, rid, status, pct)
    state = shared_store.state_as_of(day)
    state = state[state.feature_id.str.startswith(prefix)]
    got = {r.feature_id: (r.as_of, r.report_id, r.status, None if r.progress_pct != r.progress_pct else r.progress_pct)
           for r in state.itertuples()}
    assert got == expected
    for fid in refs:
        hist = shared_store.history(fid)
        assert list(hist.report_id) == [w[2] for w in sorted((w for w in written if w[0] == fid), key=lambda w: (w[1], w[2]))]


@pytest.mark.slow
def test_two_processes_starting_on_a_fresh_database_migrate_and_seed_once(db_url, tmp_path):
    seed = tmp_path / "progress.csv"
    seed.write_text(
        "feature_id,status,progress_pct,as_of,note,source\n"
        "urban-ke-sat,preparing,,2023-02-28,,\niz-tan-truong,operating,100,2022-05-01,,\n",
        encoding="utf-8",
    )
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(3)
    procs = [ctx.Process(target=migrate_and_seed, args=(db_url, str(seed), barrier)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    store = ProgressStore(db_url)
    assert store.count() == 2
    store.dispose()
