"""Benchmark of sign-in: what counting a try in the database adds to the password check itself.

    .venv/bin/python bench/sign_in.py [--url DB_URL] [--runs 15]

Prints median times of, in the same run: the bare argon2id check (the baseline), a right sign-in
(claim a slot, check, give the slot back: two short write transactions around the check), and a
throttled try (refused before any check). No asserts.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE.parent]
sys.path.insert(0, str(HERE.parents[1]))

from core.errors import AuthError  # noqa: E402
from progress import ProgressStore, auth  # noqa: E402
from progress.throttle import PAIR_LIMIT  # noqa: E402

PASSWORD = "mat-khau-rat-dai-cho-bench"


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def paired(baseline, measured, runs: int) -> tuple[float, float, float]:
    """Medians of ``baseline``, ``measured`` and of their difference, run alternately so that the
    machine's load (argon2 is CPU-bound) hits both alike."""
    baseline(), measured()  # warm-up
    pairs = [(ms(baseline), ms(measured)) for _ in range(runs)]
    return (statistics.median(b for b, _ in pairs), statistics.median(m for _, m in pairs),
            statistics.median(m - b for b, m in pairs))


def refused(store: ProgressStore, name: str, password: str) -> None:
    try:
        auth.authenticate(store, name, password, client="198.51.100.1")
    except AuthError:
        return
    raise AssertionError("expected a refusal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="database URL (default: a temp SQLite file)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}")  # an empty database
        store.migrate()
        auth.create_user(store, "bench-user", PASSWORD, "viewer", "*")
        auth.create_user(store, "bench-locked", PASSWORD, "viewer", "*")
        row_hash = auth._hasher.hash(PASSWORD)
        for i in range(PAIR_LIMIT):
            refused(store, "bench-locked", f"sai-{i}")

        bare, right, extra = paired(lambda: auth.verify_password(row_hash, PASSWORD),
                                    lambda: auth.authenticate(store, "bench-user", PASSWORD, client="10.0.0.1"), args.runs)
        throttled = statistics.median(ms(lambda: refused(store, "bench-locked", PASSWORD)) for _ in range(args.runs))
        store.dispose()
    print(f"database: {store.dialect}; median of {args.runs} alternating runs")
    print(f"  argon2id check alone (baseline)        {bare:8.1f} ms")
    print(f"  right sign-in, counted in the database {right:8.1f} ms  (median difference {extra:+.1f} ms)")
    print(f"  throttled try (no password check)      {throttled:8.1f} ms")


if __name__ == "__main__":
    main()
