"""Benchmark of the plan as data: reading plan.toml into layer specs, styling from its rules, and ``t()``.

    .venv/bin/python bench/plan.py [--runs 2000]

Each figure is printed beside a baseline measured in the same run: plan.toml parsed by tomllib alone (the
floor of reading it), a constant ``Style`` built directly (what the per-layer modules did), a bare dict
lookup (what ``t()`` was before plans). No asserts.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE.parent]
sys.path.insert(0, str(HERE.parents[1]))

from core.i18n import STRINGS, t  # noqa: E402
from core.plan import DEFAULT_DIR, PLAN_FILE, load_plan  # noqa: E402
from layers.base import Style, StyleContext  # noqa: E402
from layers.plan_layers import layer_specs  # noqa: E402
from layers.registry import get_layer  # noqa: E402


def _medians_us(fn, base, runs: int) -> tuple[float, float]:
    """Medians of ``fn`` and ``base``, run alternately so a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for f, out in ((fn, times[0]), (base, times[1])):
            start = time.perf_counter()
            f()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]) * 1e6, statistics.median(times[1]) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    runs = parser.parse_args().runs
    text = (DEFAULT_DIR / PLAN_FILE).read_text(encoding="utf-8")
    urban = get_layer("urban_areas")
    props, ctx = {"urban_class": "III", "status": "in_progress"}, StyleContext()
    rows = [
        ("read plan.toml → layer specs", lambda: layer_specs(load_plan(DEFAULT_DIR)),
         "tomllib.loads alone", lambda: tomllib.loads(text)),
        ("style of one feature (rules)", lambda: urban.style_of(props, ctx),
         "Style(...) built directly", lambda: Style("#263238", "#f9a825", radius=10, weight=1.5)),
        ("t('legend')", lambda: t("legend"), "dict lookup", lambda: STRINGS.get("legend")[0]),
        ("t('app_title') (from the plan)", lambda: t("app_title"), "dict lookup", lambda: STRINGS.get("legend")[0]),
    ]
    print(f"median of {runs} runs, microseconds")
    for name, fn, base_name, base in rows:
        n = max(20, runs // 50) if name.startswith("read") else runs
        measured, baseline = _medians_us(fn, base, n)
        print(f"{name:34s} {measured:10.1f}   baseline {base_name:26s} {baseline:10.1f}   ×{measured / baseline:.1f}")


if __name__ == "__main__":
    main()
