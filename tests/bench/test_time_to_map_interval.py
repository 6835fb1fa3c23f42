"""bench/time_to_map.py's ratio interval: it says when a run cannot tell the app from the bare page."""
import importlib.util
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "time_to_map", Path(__file__).resolve().parents[2] / "bench" / "time_to_map.py")
time_to_map = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(time_to_map)


def test_a_steady_ratio_has_no_spread():
    assert time_to_map.ratio_interval([2.0, 2.2, 1.8], [1.0, 1.1, 0.9]) == (2.0, 2.0)


def test_noisy_runs_give_an_interval_around_the_median_ratio():
    app = [1.70, 1.60, 1.80, 1.75, 1.65, 1.72, 1.58]
    bare = [1.60, 1.62, 1.70, 1.60, 1.66, 1.75, 1.55]
    low, high = time_to_map.ratio_interval(app, bare)
    point = sorted(app)[3] / sorted(bare)[3]
    assert low < point < high
    assert low < 1.0 < high  # these runs do not tell the app from the bare page


def test_a_clear_difference_excludes_one():
    low, _ = time_to_map.ratio_interval([2.1, 1.9, 2.0, 2.2, 1.95], [1.0, 1.05, 0.95, 1.1, 1.0])
    assert low > 1.5
