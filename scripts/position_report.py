"""How trustworthy the point positions of data/ are: placeholders, hidden stacks, kinds of source.

Prints the figures for the working tree and, side by side, for a git revision (the baseline,
default ``main``), so a change to the positions is judged against what it replaced:

    .venv/bin/python scripts/position_report.py [BASELINE_REV]
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.vocab import is_approximate  # noqa: E402
from geo.measure import clusters_within  # noqa: E402

POINT_FILES = ("urban_areas.geojson", "industrial_zones.geojson", "railway_stations.geojson")
SHARED_M = 100


def _points(read) -> dict[str, tuple[tuple[float, float], str]]:
    out = {}
    for name in POINT_FILES:
        for feature in json.loads(read(name))["features"]:
            geometry = feature["geometry"]
            if geometry and geometry["type"] == "Point":
                props = feature["properties"]
                out[props["id"]] = (tuple(geometry["coordinates"]), props["location_precision"])
    return out


def figures(points: dict[str, tuple[tuple[float, float], str]]) -> dict[str, object]:
    groups = clusters_within({fid: xy for fid, (xy, _) in points.items()}, SHARED_M)
    return {
        "point features": len(points),
        "district-centre placeholders": sum(is_approximate(p) for _, p in points.values()),
        f"shared positions (≤ {SHARED_M} m)": len(groups),
        "features on a shared position": sum(len(g) for g in groups),
        "largest stack": max((len(g) for g in groups), default=0),
        "by precision": dict(sorted(Counter(p for _, p in points.values()).items())),
    }


def main(argv: list[str]) -> int:
    baseline_rev = argv[1] if len(argv) > 1 else "main"
    now = figures(_points(lambda name: (ROOT / "data" / name).read_text(encoding="utf-8")))
    before = figures(_points(lambda name: subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{baseline_rev}:data/{name}"],
        check=True, capture_output=True, text=True).stdout))
    print(f"{'':34} {baseline_rev:>10} {'now':>10}")
    for key in now:
        if key != "by precision":
            print(f"{key:34} {before[key]:>10} {now[key]:>10}")
    print("\npositions by location_precision (baseline → now):")
    for code in sorted(set(before["by precision"]) | set(now["by precision"])):
        print(f"  {code:55} {before['by precision'].get(code, 0):>3} → {now['by precision'].get(code, 0):>3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
