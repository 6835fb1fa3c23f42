"""Benchmark of the 2030 targets' data path: read every indicator report and judge all 30 targets.

    .venv/bin/python bench/targets.py [--url DB_URL] [--years 15] [--corrections 2] [--runs 30]

Prints median times of ``indicator_values`` + ``target_states`` (what the targets page, slide and atlas page do)
with the public first figures only (the baseline of this run), then with every indicator reported every year
and corrected ``--corrections`` times. A cost the page pays on every rerun is a cost to keep small. No asserts.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve()
# Run as a script, this file's folder comes first on sys.path and its name would shadow the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE.parent]
sys.path.insert(0, str(HERE.parents[1]))

from progress import ProgressStore  # noqa: E402
from progress import indicators as ind  # noqa: E402
from progress.target_status import summary_table, target_states  # noqa: E402
from progress.targets import load_targets  # noqa: E402


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def fill(store: ProgressStore, targets, years: int, corrections: int) -> int:
    items = []
    for n, (tid, target) in enumerate(targets.items()):
        for k, year in enumerate(range(2026 - years, 2026)):
            base = 1.0 if target.is_milestone else round(10 + n + 0.5 * k, 2)
            for c in range(corrections + 1):
                items.append(ind.IndicatorIn(tid, year, min(base + 0.01 * c, 1.0) if target.is_milestone else base + 0.01 * c,
                                             as_of=date(year + 1, 1, 10 + c), source="bench"))
    for item in items:
        assert not ind.check_indicator_report(item, targets, None, check_scope=False)
    return ind.append_validated(store, items, "bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--corrections", type=int, default=2)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    targets = load_targets()
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        store.migrate()
        ind.seed(store, targets)

        def page() -> None:
            summary_table(target_states(targets, ind.indicator_values(store)), "vi")

        rows = len(ind.indicator_values(store))
        baseline = median_ms(page, args.runs)
        print(f"store: {store!r}")
        print(f"baseline (public first figures, {rows} rows): {baseline:8.1f} ms median of {args.runs}")
        written = fill(store, targets, args.years, args.corrections)
        full = median_ms(page, args.runs)
        print(f"{len(targets)} targets × {args.years} years × {args.corrections + 1} reports (+{written} rows): "
              f"{full:8.1f} ms median of {args.runs}  ({full / baseline:.1f}× the baseline)")
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
