"""Benchmark of the progress store: as-of query, dashboard table and a 1,000-row import.

    .venv/bin/python bench/progress.py [--url DB_URL] [--reports 10000] [--runs 30]

Prints median times with 10,000 reports beside the same on an empty store (the baseline of this
run). Uses the real feature refs when ``layers.registry`` loads, else synthetic ones. Targets
(issue 3): as-of query and dashboard table ≤ 50 ms median; 1,000-row import ≤ 2 s. No asserts.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
# Run as a script, this file's folder comes first on sys.path and its name would shadow the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE.parent]
sys.path.insert(0, str(HERE.parents[1]))

from core.features import FeatureRef  # noqa: E402
from core.vocab import DISTRICTS_2023, STATUSES  # noqa: E402
from progress import ProgressStore, ReportIn, User  # noqa: E402
from progress import importer  # noqa: E402


def load_refs() -> tuple[dict[str, FeatureRef], str]:
    try:
        from layers.registry import feature_refs

        refs = feature_refs()
        if refs:
            return refs, "layers.registry"
    except Exception as exc:  # noqa: BLE001 - the bench runs without the registry too
        print(f"(layers.registry unavailable: {type(exc).__name__}: {exc}; using synthetic refs)")
    refs = {}
    for i in range(150):
        fid = f"feature-{i:03d}"
        refs[fid] = FeatureRef(fid, ("urban_areas", "industrial_zones", "railways")[i % 3], f"Đối tượng {i}",
                               DISTRICTS_2023[i % len(DISTRICTS_2023)])
    return refs, "synthetic"


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def fill(store: ProgressStore, refs, n: int) -> None:
    rng = random.Random(30)
    ids = list(refs)
    codes = [c for c in STATUSES if c != "unknown"]
    items = []
    start = date(2023, 2, 28)
    for i in range(n):
        items.append(ReportIn(
            feature_id=rng.choice(ids), status=rng.choice(codes), progress_pct=float(rng.randint(0, 100)),
            as_of=start + timedelta(days=rng.randint(0, 1300)), note=f"Báo cáo số {i}", unit="UBND huyện",
            capital_allocated_bn=float(rng.randint(10, 900)), capital_disbursed_bn=float(rng.randint(0, 10)),
        ))
    for k in range(0, n, 2000):
        store.append_validated(items[k:k + 2000], "bench")


def import_csv(refs, rows: int) -> bytes:
    ids = list(refs)
    lines = ["feature_id,status,progress_pct,as_of,note,source"]
    for i in range(rows):
        lines.append(f"{ids[i % len(ids)]},Đang triển khai / thi công,{i % 101},20/11/2026,Dòng {i},")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    refs, origin = load_refs()
    tmp = tempfile.TemporaryDirectory()
    url = args.url or f"sqlite:///{tmp.name}/bench.sqlite"
    store = ProgressStore(url)
    store.migrate()
    if not store.is_empty():
        sys.exit("bench/progress.py needs an empty database")
    today = date(2026, 11, 27)
    mid = date(2025, 6, 1)
    print(f"progress store bench — {store!r}, {len(refs)} features ({origin}), median of {args.runs} runs")

    empty = {
        "state_as_of(today)": median_ms(lambda: store.state_as_of(today), args.runs),
        "state_as_of(2025-06-01)": median_ms(lambda: store.state_as_of(mid), args.runs),
        "dashboard_table": median_ms(lambda: store.dashboard_table(refs, today), args.runs),
        "version": median_ms(store.version, args.runs),
    }
    t0 = time.perf_counter()
    fill(store, refs, args.reports)
    fill_s = time.perf_counter() - t0
    if store.dialect == "postgresql":  # what autovacuum does soon after a bulk load
        with store.write_engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE reports")
    full = {
        "state_as_of(today)": median_ms(lambda: store.state_as_of(today), args.runs),
        "state_as_of(2025-06-01)": median_ms(lambda: store.state_as_of(mid), args.runs),
        "dashboard_table": median_ms(lambda: store.dashboard_table(refs, today), args.runs),
        "version": median_ms(store.version, args.runs),
    }
    print(f"{'query':28} {'empty store':>12} {f'{store.count():,} reports':>16}   target")
    for key in empty:
        target = "≤ 50 ms" if key != "version" else ""
        print(f"{key:28} {empty[key]:9.2f} ms {full[key]:13.2f} ms   {target}")
    print(f"(writing {args.reports:,} reports in batches of 2,000: {fill_s:.2f} s)")

    admin = User("bench", "admin", frozenset({"*"}))
    data = import_csv(refs, 1000)
    timings = []
    for _ in range(3):
        t0 = time.perf_counter()
        pv = importer.preview(data, "bench.csv", admin, refs, today=today)
        t1 = time.perf_counter()
        written = importer.commit(store, pv)
        t2 = time.perf_counter()
        timings.append((t1 - t0, t2 - t1, t2 - t0))
        assert written == 1000 or print("import wrote", written)
    prev, comm, total = (statistics.median(x) for x in zip(*timings))
    print(f"import 1,000 rows (CSV): preview {prev * 1000:.0f} ms + commit {comm * 1000:.0f} ms = {total:.3f} s median of 3   target ≤ 2 s")
    store.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
