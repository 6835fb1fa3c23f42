"""The 2025 units of the former province and the old-to-new mapping, read from ``data/admin_2025/``.

Built by ``scripts/build_admin_2025.py`` (see ``data/SOURCES.md``); the app reads only these committed
files. ``successors_of`` answers "which 2025 unit is this commune of the 2023 program in now?", also for
communes merged or renamed on 2025-01-01 (through ``former_names.csv``).
"""
from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass
from pathlib import Path

from core.text import fold

ADMIN_DIR = Path(__file__).resolve().parent.parent / "data" / "admin_2025"
COMMUNES_FILE = "communes_2025.geojson"


@dataclass(frozen=True)
class Successor:
    """One 2025 unit that (part of) a former commune went into."""

    new_code: str
    new_name: str
    relation: str      # "whole" or "part"
    is_main: bool      # the part the official mapping names first (the default successor)
    confidence: str    # "sure" (whole unit) or "likely" (part of a split unit)
    via: str           # the March-2025 unit the commune was in (itself, or what it was merged into)


def _district_key(district: str) -> str:
    """'huyện Cẩm Giàng' / 'Cẩm Giàng' / 'thành phố Hải Dương' → 'cam giang' / 'hai duong'."""
    folded = fold(district)
    for prefix in ("thanh pho ", "thi xa ", "huyen "):
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def _unit_key(name: str) -> str:
    """'Xã Lương Điền' / 'Lương Điền' / 'thị trấn Lai Cách' → 'luongdien' / 'laicach' (the alias keys' form)."""
    folded = fold(name)
    for prefix in ("thi tran ", "phuong ", "xa "):
        if folded.startswith(prefix):
            folded = folded[len(prefix):]
    return folded.replace(" ", "")


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.lru_cache(maxsize=4)
def _tables(admin_dir: str) -> tuple[list[dict], list[dict]]:
    folder = Path(admin_dir)
    return _read_csv(folder / "successors.csv"), _read_csv(folder / "former_names.csv")


def load_communes_2025(admin_dir: Path = ADMIN_DIR) -> list[dict]:
    """The 2025 units as GeoJSON features (Points at their seats), ordered by GSO code."""
    return json.loads((Path(admin_dir) / COMMUNES_FILE).read_text(encoding="utf-8"))["features"]


def successors_of(commune: str, district: str, admin_dir: Path = ADMIN_DIR) -> list[Successor]:
    """The 2025 unit(s) a commune of 2019–2024 went into, main part first; [] when the name is unknown.

    ``commune`` may carry its type ("Xã Lương Điền") or not; diacritics and case are ignored, as the
    names in sources vary ("Hoà"/"Hòa"). A commune merged on 2025-01-01 is followed through the unit it
    was merged into (``via``).
    """
    successors, former = _tables(str(admin_dir))
    key, where = _unit_key(commune), _district_key(district)
    rows = [r for r in successors if _unit_key(r["old_name"]) == key and _district_key(r["old_district"]) == where]
    if not rows:
        codes = {r["old_code"] for r in former if r["alias_key"] == key and _district_key(r["old_district"]) == where}
        rows = [r for r in successors if r["old_code"] in codes]
    found = [Successor(r["new_code"], r["new_name"], r["relation"], r["is_main"] == "yes", r["confidence"],
                       r["old_name"]) for r in rows]
    return sorted(found, key=lambda s: (not s.is_main, s.new_code))


def units_of_district(district: str, admin_dir: Path = ADMIN_DIR) -> list[tuple[str, str]]:
    """(code, name) of every 2025 unit formed (wholly or partly) from a 2019–2025 district, by code."""
    successors, _ = _tables(str(admin_dir))
    where = _district_key(district)
    return sorted({(r["new_code"], r["new_name"]) for r in successors if _district_key(r["old_district"]) == where})
