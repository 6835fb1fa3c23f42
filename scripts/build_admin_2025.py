"""Build the 2025 commune-level units of the former Hải Dương province (data/admin_2025/).

Since 2025-07-01 the province is part of Thành phố Hải Phòng and its 207 communes/wards/towns were merged
into about 65 new units (resolution 1669/NQ-UBTVQH15). This script derives, from the pinned PyPI package
``vietnamadminunits`` (MIT, version in ``PACKAGE_VERSION``; a build/test-time tool, never imported by the app):

* ``communes_2025.geojson`` — the new units as Points at their seats, from the package's table
  ``admin_units`` (columns ``wardLat``/``wardLon``/``wardAreaKm2``; their origin is the national mapping
  agency's list on sapnhap.bando.com.vn, seats at about 100 m precision);
* ``successors.csv`` — old unit (GSO code, name, district) → new unit, from the package's converter data
  (``converter_2025.json``), with the local ``OVERRIDES`` for entries known to be wrong;
* ``former_names.csv`` — earlier names of those old units (units merged or renamed on 2025-01-01 by
  resolution 1318/NQ-UBTVQH15 or in 2019, e.g. «Ngọc Kỳ» → Xã Kỳ Sơn), from the ``wardKeywords`` aliases of the
  package's ``parser_legacy.json``: the 2023 program names communes that no longer existed in March 2025.

The pre-2025 units (names, types, GSO codes and aliases) come from ``parser_legacy.json``; its coordinates
are never read (they were scraped from Google's geocoder, whose terms forbid storing them), and the package's
other table of pre-2025 units, which carries the same coordinates, is not opened at all.

Run again, the output is byte-identical (tests check it):

    .venv/bin/python scripts/build_admin_2025.py [OUT_DIR]
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "data" / "admin_2025"
PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"
OLD_PROVINCE_KEY = "tinhhaiduong"
NEW_PROVINCE_KEY = "thanhphohaiphong"
SEAT_PRECISION = "seat of the 2025 unit"
SEAT_SOURCE = "https://sapnhap.bando.com.vn/"
RESOLUTION = "Nghị quyết 1669/NQ-UBTVQH15 (16/6/2025)"
RESOLUTION_URL = ("https://nghean24h.vn/tp-hai-phong-co-114-dvhc-cap-xa-gom-67-xa-45-phuong-va-2-dac-khu-"
                  "sau-khi-sap-xep-a754164.html")
FORMER_FIELDS = ("alias_key", "old_district", "old_code", "old_name", "source")
TYPE_PREFIXES = ("thitran", "phuong", "xa", "tt")
SUCCESSOR_FIELDS = ("old_code", "old_name", "old_district", "new_code", "new_name", "relation", "is_main",
                    "confidence", "note", "source")


@dataclass(frozen=True)
class Override:
    """A converter entry known to be wrong: the old unit is not part of ``drop_new_key``."""

    old_key: str
    drop_new_key: str
    note: str
    source: str


OVERRIDES: tuple[Override, ...] = (
    Override(
        "huyenkimthanh_xahoabinh", "xanguyenbinhkhiem",
        "Bỏ dòng sai của dữ liệu chuyển đổi: xã Nguyễn Bỉnh Khiêm (Vĩnh Bảo, Hải Phòng cũ) nhận xã Hòa Bình "
        "của huyện Vĩnh Bảo — trùng tên, không phải Hòa Bình (Kim Thành), cách ~30 km. "
        "(Wrong converter entry dropped: a namesake, Hòa Bình of Vĩnh Bảo.)",
        "http://vi.wikipedia.org/wiki/H%C3%B2a_B%C3%ACnh,_V%C4%A9nh_B%E1%BA%A3o",
    ),
    Override(
        "huyennamsach_xaconghoa", "xalaikhe",
        "Bỏ dòng sai của dữ liệu chuyển đổi: xã Lai Khê nhận xã Cộng Hòa của huyện Kim Thành (mã 10756, đổi "
        "tên thành Lai Khê từ 01/01/2025) — trùng tên, không phải Cộng Hòa (Nam Sách, mã 10639). "
        "(Wrong converter entry dropped: a namesake, Cộng Hòa of Kim Thành, GSO 10756.)",
        "https://danhmuchanhchinh.gso.gov.vn/",
    ),
)


def package_file(relative: str) -> Path:
    """A data file of the installed package, checked against the pinned version (no import of its code)."""
    dist = metadata.distribution(PACKAGE)
    if dist.version != PACKAGE_VERSION:
        raise SystemExit(f"{PACKAGE} {dist.version} installed, {PACKAGE_VERSION} pinned: pip install "
                         f"{PACKAGE}=={PACKAGE_VERSION}")
    return Path(dist.locate_file(f"{PACKAGE}/{relative}"))


def _lower_type(full_name: str, type_name: str) -> str:
    """'Huyện Cẩm Giàng' → 'huyện Cẩm Giàng' (the unit type written in running text)."""
    return type_name.lower() + full_name[len(type_name):] if full_name.startswith(type_name) else full_name


def legacy_wards(legacy: dict) -> dict[str, dict]:
    """``parser_legacy.json``'s pre-2025 wards of Hải Dương by district key, then ward key (names and codes only used)."""
    return legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"][OLD_PROVINCE_KEY]


def load_old_units(legacy: dict) -> dict[str, dict]:
    """Pre-2025 units of Hải Dương by converter key 'district_ward': name, district, GSO code."""
    districts = legacy["DICT_PROVINCE_DISTRICT"][OLD_PROVINCE_KEY]
    return {f"{dk}_{wk}": {"name": ward["ward"], "code": ward["wardCode"],
                           "district": _lower_type(districts[dk]["district"], districts[dk]["districtType"])}
            for dk, wards in legacy_wards(legacy).items() for wk, ward in wards.items()}


def load_new_units(db: sqlite3.Connection) -> dict[str, dict]:
    rows = db.execute("SELECT wardKey, wardCode, ward, wardType, wardLat, wardLon, wardAreaKm2, province "
                      "FROM admin_units WHERE provinceKey = ?", (NEW_PROVINCE_KEY,))
    return {key: {"code": code, "name": name, "type": _type_of(name, wtype), "lat": lat, "lon": lon,
                  "area_km2": area, "province": province}
            for key, code, name, wtype, lat, lon, area, province in rows}


def _type_of(name: str, listed_type: str) -> str:
    """The unit type its official name starts with: the package lists 'Phường Việt Hòa' as type 'Xã'."""
    for unit_type in ("Phường", "Xã", "Đặc khu"):
        if name.startswith(unit_type + " "):
            return unit_type
    return listed_type


def successor_links(converter: dict) -> list[tuple[str, str, str, bool]]:
    """(old key, new key, relation whole/part, is main successor) for every Hải Dương unit, overrides applied."""
    prefix = OLD_PROVINCE_KEY + "_"
    links = []
    for new_key, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW_PROVINCE_KEY].items():
        links += [(old[len(prefix):], new_key, "whole", True) for old in olds if old.startswith(prefix)]
    for old, news in converter["DICT_PROVINCE_WARD_DIVIDED"][NEW_PROVINCE_KEY].items():
        if old.startswith(prefix):
            links += [(old[len(prefix):], n["newWardKey"], "part", bool(n["isDefaultNewWard"])) for n in news]
    dropped = {(o.old_key, o.drop_new_key) for o in OVERRIDES}
    missing = dropped - {(old, new) for old, new, _, _ in links}
    if missing:
        raise SystemExit(f"overrides no longer match the converter data: {sorted(missing)}")
    return [link for link in links if (link[0], link[1]) not in dropped]


def build(out_dir: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{package_file('data/dataset.db')}?mode=ro", uri=True)
    converter = json.loads(package_file("data/converter_2025.json").read_text(encoding="utf-8"))
    legacy = json.loads(package_file("data/parser_legacy.json").read_text(encoding="utf-8"))
    old_units, new_units = load_old_units(legacy), load_new_units(db)
    links = successor_links(converter)
    if {old for old, *_ in links} != set(old_units):
        raise SystemExit("converter data and legacy list disagree on the pre-2025 units of Hải Dương")
    overridden = {o.old_key: o for o in OVERRIDES}
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_successors(out_dir / "successors.csv", links, old_units, new_units, overridden)
    _write_csv(out_dir / "former_names.csv", FORMER_FIELDS, former_names(legacy, old_units))
    communes = _communes(links, old_units, new_units)
    (out_dir / "communes_2025.geojson").write_text(
        json.dumps(communes, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"communes": len(communes["features"]), "successor_rows": len(links), "old_units": len(old_units)}


def _write_successors(path: Path, links, old_units, new_units, overridden) -> None:
    rows = []
    for old_key, new_key, relation, is_main in links:
        old, new = old_units[old_key], new_units[new_key]
        override = overridden.get(old_key)
        note = ("toàn bộ xã cũ (whole unit)" if relation == "whole"
                else "một phần xã cũ (part of the unit)" + ("; phần chính (main part)" if is_main else ""))
        source = f"{PACKAGE} {PACKAGE_VERSION} converter_2025.json; {RESOLUTION}"
        if override:
            note += f"; ghi đè (override): {override.note}"
            source += f"; {override.source}"
        rows.append({"old_code": old["code"], "old_name": old["name"], "old_district": old["district"],
                     "new_code": new["code"], "new_name": new["name"], "relation": relation,
                     "is_main": "yes" if is_main else "no",
                     "confidence": "sure" if relation == "whole" else "likely", "note": note, "source": source})
    rows.sort(key=lambda r: (r["old_code"], r["new_code"]))
    _write_csv(path, SUCCESSOR_FIELDS, rows)


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def former_names(legacy: dict, old_units: dict[str, dict]) -> list[dict]:
    """Alias keys (ASCII, no unit type) of each March-2025 unit that are not its own name: earlier names."""
    rows = {}
    for district_key, wards in legacy_wards(legacy).items():
        for ward_key, ward in wards.items():
            unit = old_units[f"{district_key}_{ward_key}"]
            own = _strip_type(ward_key)
            for keyword in ward["wardKeywords"]:
                alias = _strip_type(keyword)
                if alias != own:
                    rows[(unit["code"], alias)] = {
                        "alias_key": alias, "old_district": unit["district"], "old_code": unit["code"],
                        "old_name": unit["name"],
                        "source": f"{PACKAGE} {PACKAGE_VERSION} parser_legacy.json wardKeywords"}
    return [rows[key] for key in sorted(rows)]


def _strip_type(key: str) -> str:
    for prefix in TYPE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix):]
    return key


def _communes(links, old_units, new_units) -> dict:
    formed: dict[str, list[tuple[str, str, bool]]] = {}
    for old_key, new_key, relation, _ in links:
        old = old_units[old_key]
        formed.setdefault(new_key, []).append((old["code"], f"{old['name']} ({old['district']})", relation == "part"))
    features = []
    for new_key, parts in formed.items():
        new = new_units[new_key]
        parts.sort()
        features.append({"type": "Feature", "properties": {
            "id": f"unit2025-{new['code']}",
            "code": new["code"],
            "name": new["name"],
            "type": new["type"],
            "area_km2": new["area_km2"],
            "formed_from": [label for _, label, _ in parts],
            "formed_from_partly": [label for _, label, partly in parts if partly],
            "province_2025": new["province"],
            "source": f"{RESOLUTION}; {PACKAGE} {PACKAGE_VERSION} (MIT) admin_units, converter_2025.json",
            "location_precision": SEAT_PRECISION,
            "location_source": SEAT_SOURCE,
            "location_note": "Trụ sở đơn vị theo danh sách sapnhap.bando.com.vn (Cục Đo đạc, Bản đồ và Thông tin "
                             "địa lý Việt Nam), ~100 m. (Seat of the unit, national mapping agency's list.)",
        }, "geometry": {"type": "Point", "coordinates": [new["lon"], new["lat"]]}})
    features.sort(key=lambda f: f["properties"]["code"])
    return {"type": "FeatureCollection",
            "name": "Đơn vị hành chính cấp xã từ 01/07/2025 trên địa bàn tỉnh Hải Dương cũ (2025 communes)",
            "features": features}


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else OUT_DIR
    counts = build(out_dir)
    print(f"{out_dir}: {counts['communes']} units of 2025, {counts['successor_rows']} successor rows "
          f"for {counts['old_units']} former units")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
