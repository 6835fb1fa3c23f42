"""The program the software shows, read from a plan folder's ``plan.toml`` (format: docs/plan-format.md).

Everything specific to one program — its title, region, reporting date, vocabularies and layers — lives in
its plan folder, so another program (the merged Hải Phòng city, a test's made-up district) loads with no code
change. ``PLANMAP_PLAN_DIR`` selects the folder for a process; ``PLANMAP_DATA_DIR`` stays as an alias (a folder
without a plan.toml there holds only data files for the default plan, as it did before plan.toml existed).
``configure()`` switches plans inside one process (tests): the modules that imported a plan value by name see
the new plan's value.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.bilingual import Text
from core.errors import DataError
from core.terms import Term

PLAN_FILE = "plan.toml"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO / "data"
Bounds = tuple[float, float, float, float]
Pair = Text  # a plan's words in both languages


class PlanTuple(tuple):
    """A tuple read from a plan: always its own object, so ``configure()`` can find the modules holding it."""


@dataclass(frozen=True)
class Vocabulary:
    """The codes one field of the data takes, with their words (and colour, marker radius) in both languages."""

    name: str
    field: str
    label_column: str
    terms: dict[str, Term]
    radii: dict[str, int]
    title: Pair | None = None     # what the codes are ("Loại đô thị"): the class filter's and tables' heading


@dataclass(frozen=True)
class Plan:
    folder: Path                  # where plan.toml is
    title: Pair
    program: Pair
    units_today: Pair | None           # what the 2023 plan means under today's units and law (one line under the title)
    file_slug: str                     # ASCII place name in export file names ("hai-duong")
    region_name: Pair                  # the region in running text: "Ngoài {tỉnh Hải Dương (cũ)}"
    report_deadline: tuple[int, int]   # (month, day) of the annual report
    class_vocabulary: str | None       # the vocabulary the class filter offers
    class_2026_from: str | None        # field the NQ 111/2025 class is derived from (core/urban_classes_2026.py)
    province_bounds: Bounds
    region_bounds: Bounds
    extent: Bounds
    centre: tuple[float, float]        # lat, lon
    zoom: int
    districts: tuple[str, ...]
    base_districts: Path | None
    vocabularies: Mapping[str, Vocabulary]
    layers: tuple[Mapping[str, Any], ...]   # the raw [[layers]] tables; layers/plan_layers.py builds the specs

    def text(self, key: str) -> Pair | None:
        """The plan's own interface words (``app_title``, ``program_name``, the class heading), else None."""
        if key == "app_title":
            return self.title
        if key == "program_name":
            return self.program
        if key == "units_today":
            return self.units_today
        if key == "urban_class" and self.class_vocabulary:
            return self.vocabularies[self.class_vocabulary].title
        return None

    def terms(self, vocabulary: str | None) -> dict[str, Term]:
        voc = self.vocabularies.get(vocabulary or "")
        return voc.terms if voc else {}

    def radii(self, vocabulary: str | None) -> dict[str, int]:
        voc = self.vocabularies.get(vocabulary or "")
        return voc.radii if voc else {}


# ---------------------------------------------------------------- validation helpers (shared with layers/)
def where_text(path: Path, section: str) -> Pair:
    return Text(f"Tệp {path} [{section}]", f"File {path} [{section}]")


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], required: Iterable[str], where: Pair) -> None:
    """Refuse unknown and missing keys: a typo in plan.toml must stop with its name, not be ignored."""
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise DataError(f"{where[0]}: khóa không hợp lệ '{unknown[0]}'. Các khóa được dùng: {', '.join(sorted(allowed))}.",
                        f"{where[1]}: unknown key '{unknown[0]}'. Allowed keys: {', '.join(sorted(allowed))}.")
    missing = [k for k in required if k not in table]
    if missing:
        raise DataError(f"{where[0]}: thiếu khóa '{missing[0]}'.", f"{where[1]}: missing key '{missing[0]}'.")


def pair(value: Any, where: Pair, key: str) -> Pair:
    """A ``{ vi = "…", en = "…" }`` text: both languages, both non-empty."""
    if not (isinstance(value, Mapping) and set(value) == {"vi", "en"}
            and all(isinstance(v, str) and v.strip() for v in value.values())):
        raise DataError(f"{where[0]}: '{key}' phải có dạng {{ vi = \"…\", en = \"…\" }} (đủ hai thứ tiếng).",
                        f"{where[1]}: '{key}' must be {{ vi = \"…\", en = \"…\" }} (both languages).")
    return Text(value["vi"], value["en"])


def numbers(value: Any, count: int, where: Pair, key: str) -> tuple[float, ...]:
    if not (isinstance(value, list) and len(value) == count
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise DataError(f"{where[0]}: '{key}' phải là {count} số.", f"{where[1]}: '{key}' must be {count} numbers.")
    return PlanTuple(float(v) for v in value)


def strings(value: Any, where: Pair, key: str) -> tuple[str, ...]:
    if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
        raise DataError(f"{where[0]}: '{key}' phải là danh sách chuỗi.", f"{where[1]}: '{key}' must be a list of strings.")
    return PlanTuple(value)


# ---------------------------------------------------------------- reading plan.toml
_PLAN_KEYS = ("title", "program", "file_slug", "report_deadline", "class_vocabulary", "class_2026_from", "units_today")
_REGION_KEYS = ("name", "province_bounds", "region_bounds", "extent", "centre", "zoom", "districts", "base_districts")
_TERM_KEYS = ("code", "vi", "en", "colour", "radius")


def load_plan(folder: Path) -> Plan:
    """Read and check ``folder/plan.toml``; a problem stops with a message naming the file and key."""
    folder = Path(folder)
    path = folder / PLAN_FILE
    if not path.is_file():
        raise DataError(f"Thư mục kế hoạch {folder} không có tệp {PLAN_FILE}.",
                        f"The plan folder {folder} has no {PLAN_FILE}.")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"Tệp {path} không đọc được: {exc}", f"File {path} cannot be read: {exc}") from None
    check_keys(doc, ("plan", "region", "vocabularies", "layers"), ("plan", "region", "layers"), where_text(path, "…"))
    head, region = doc["plan"], doc["region"]
    check_keys(head, _PLAN_KEYS, ("title", "program", "file_slug", "report_deadline"), where_text(path, "plan"))
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(head["file_slug"])):
        raise DataError(f"Tệp {path} [plan]: 'file_slug' chỉ gồm chữ thường không dấu, số và '-' (ví dụ \"hai-duong\").",
                        f"File {path} [plan]: 'file_slug' takes lower-case ASCII letters, digits and '-' (e.g. \"hai-duong\").")
    check_keys(region, _REGION_KEYS, ("name", "province_bounds", "region_bounds", "extent", "centre"),
               where_text(path, "region"))
    where = where_text(path, "region")
    vocabularies = _vocabularies(doc.get("vocabularies", {}), path)
    classes = head.get("class_vocabulary")
    if classes is not None and classes not in vocabularies:
        raise DataError(f"Tệp {path} [plan]: 'class_vocabulary' nêu bộ từ '{classes}' không có trong [vocabularies].",
                        f"File {path} [plan]: 'class_vocabulary' names vocabulary '{classes}', not in [vocabularies].")
    base = region.get("base_districts")
    if base is not None and not (folder / base).is_file():
        raise DataError(f"Tệp {path} [region]: không có tệp '{base}' trong {folder}.",
                        f"File {path} [region]: file '{base}' not found in {folder}.")
    layers = doc["layers"]
    if not isinstance(layers, list) or not all(isinstance(x, Mapping) for x in layers):
        raise DataError(f"Tệp {path}: 'layers' phải là các bảng [[layers]].", f"File {path}: 'layers' must be [[layers]] tables.")
    centre = numbers(region["centre"], 2, where, "centre")
    return Plan(
        folder=folder,
        title=pair(head["title"], where_text(path, "plan"), "title"),
        program=pair(head["program"], where_text(path, "plan"), "program"), file_slug=head["file_slug"],
        units_today=pair(head["units_today"], where_text(path, "plan"), "units_today") if "units_today" in head else None,
        region_name=pair(region["name"], where, "name"),
        report_deadline=_month_day(head["report_deadline"], path),
        class_vocabulary=head.get("class_vocabulary"), class_2026_from=head.get("class_2026_from"),
        province_bounds=numbers(region["province_bounds"], 4, where, "province_bounds"),  # type: ignore[arg-type]
        region_bounds=numbers(region["region_bounds"], 4, where, "region_bounds"),  # type: ignore[arg-type]
        extent=numbers(region["extent"], 4, where, "extent"),  # type: ignore[arg-type]
        centre=(centre[0], centre[1]), zoom=int(region.get("zoom", 10)),
        districts=strings(region.get("districts", []), where, "districts"),
        base_districts=folder / base if base else None,
        vocabularies=vocabularies, layers=tuple(layers))


def _month_day(value: Any, path: Path) -> tuple[int, int]:
    try:
        month, day = (int(x) for x in str(value).split("-"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise ValueError
    except ValueError:
        raise DataError(f"Tệp {path} [plan]: 'report_deadline' phải có dạng \"MM-DD\", ví dụ \"12-05\" (5 tháng 12).",
                        f"File {path} [plan]: 'report_deadline' must be \"MM-DD\", e.g. \"12-05\" (5 December).") from None
    return PlanTuple((month, day))  # type: ignore[return-value]


def _vocabularies(tables: Any, path: Path) -> dict[str, Vocabulary]:
    out: dict[str, Vocabulary] = {}
    for name, table in dict(tables).items():
        where = where_text(path, f"vocabularies.{name}")
        check_keys(table, ("field", "label_column", "title", "terms"), ("field", "terms"), where)
        terms: dict[str, Term] = {}
        radii: dict[str, int] = {}
        for row in table["terms"]:
            check_keys(row, _TERM_KEYS, ("code", "vi", "en"), where)
            if row["code"] in terms:
                raise DataError(f"{where[0]}: mã '{row['code']}' bị trùng.", f"{where[1]}: code '{row['code']}' appears twice.")
            terms[row["code"]] = Term(row["code"], row["vi"], row["en"], row.get("colour", "#777777"))
            if "radius" in row:
                radii[row["code"]] = int(row["radius"])
        title = pair(table["title"], where, "title") if "title" in table else None
        out[name] = Vocabulary(name, table["field"], table.get("label_column", f"{table['field']}_label"), terms, radii,
                               title)
    return out


# ---------------------------------------------------------------- which plan this process shows
_pinned: tuple[Path, Path] | None = None   # set by configure(); else the environment decides
_current: Plan | None = None
_listeners: list[Callable[[Plan], None]] = []


def selected_dirs() -> tuple[Path, Path]:
    """(plan folder, data folder): the configured ones, else those the environment names, else data/."""
    if _pinned is not None:
        return _pinned
    return _dirs_named(os.environ.get("PLANMAP_PLAN_DIR") or None, os.environ.get("PLANMAP_DATA_DIR") or None)


@functools.lru_cache(maxsize=16)
def _dirs_named(plan_dir: str | None, data_dir: str | None) -> tuple[Path, Path]:
    """Cached: every interface string asks which plan is shown (``t()``), so this must cost no file access."""
    if plan_dir:
        return Path(plan_dir), Path(plan_dir)
    if data_dir:
        folder = Path(data_dir) if (Path(data_dir) / PLAN_FILE).is_file() else DEFAULT_DIR
        return folder, Path(data_dir)
    return DEFAULT_DIR, DEFAULT_DIR


def data_dir() -> Path:
    """The folder the layers' files, tables and seed reports are read from (of the plan shown: switched first)."""
    current_plan()
    return selected_dirs()[1]


def current_plan(reread: bool = False) -> Plan:
    """The plan this process shows; read again (and announced) when another plan folder is selected."""
    global _current
    folder = selected_dirs()[0]
    if _current is None or _current.folder != folder or reread:
        first = _current is None
        _current = load_plan(folder)
        if not first:
            for listener in list(_listeners):
                listener(_current)
    return _current


def on_configure(listener: Callable[[Plan], None]) -> None:
    """Call ``listener`` with the new plan whenever another plan is selected (modules re-derive their values)."""
    _listeners.append(listener)


def configure(plan_dir: Path | None = None, data_dir: Path | None = None) -> Plan:
    """Show the plan in ``plan_dir`` from now on, in this process; ``None`` goes back to what the environment names."""
    global _pinned
    previous = _pinned
    _pinned = (Path(plan_dir), Path(data_dir or plan_dir)) if plan_dir is not None else None
    try:
        return current_plan(reread=True)
    except DataError:  # a bad plan changes nothing: the previous one stays shown
        _pinned = previous
        current_plan(reread=True)
        raise


def rebind(module_name: str, values: Mapping[str, Any]) -> None:
    """Set ``values`` on the module, and on every project module that imported the old value by name."""
    module = sys.modules[module_name]
    swaps = {id(getattr(module, name)): value for name, value in values.items() if hasattr(module, name)}
    for name, value in values.items():
        setattr(module, name, value)
    for other in list(sys.modules.values()):
        path = getattr(other, "__file__", None) or ""
        if other is module or not path.startswith(str(REPO)) or "/.venv/" in path:
            continue
        for name, value in list(vars(other).items()):
            if id(value) in swaps and isinstance(value, (PlanTuple, dict)):
                setattr(other, name, swaps[id(value)])
