"""Every table of words in the product has both languages, non-empty, with the same ``{fields}`` in each.

The product's modules are imported and walked: a ``Strings`` table, a ``Text`` constant, or a dict,
tuple or list of them at module level is a table, so a new one is checked without being listed here.
"""
from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from core.bilingual import Text
from core.i18n import Strings

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "geo", "layers", "mapview", "progress", "export", "ui")


def _modules() -> Iterator[object]:
    for package in PACKAGES:
        yield importlib.import_module(package) if (REPO / package / "__init__.py").exists() else None
        for info in pkgutil.walk_packages([str(REPO / package)], prefix=f"{package}."):
            if info.name.endswith("__main__") or ".migrations" in info.name:  # scripts, not libraries
                continue
            yield importlib.import_module(info.name)


def _entries(value: object, where: str) -> Iterator[tuple[str, Text]]:
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, Strings):
        for key in value:
            yield f"{where}[{key!r}]", value[key]
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, Text):
                yield f"{where}[{key!r}]", item
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            if isinstance(item, Text):
                yield f"{where}[{i}]", item


def _fields(words: str) -> frozenset[str] | str:
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(words) if name is not None)
    except ValueError:
        return "unbalanced braces"


def all_entries() -> dict[str, Text]:
    found: dict[str, Text] = {}
    for module in _modules():
        if module is None:
            continue
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            for where, text in _entries(value, f"{module.__name__}.{name}"):
                found.setdefault(where, text)
    return found


@pytest.fixture(scope="module")
def entries() -> dict[str, Text]:
    return all_entries()


def test_the_walk_finds_the_tables_of_every_page(entries):
    tables = {where.split("[")[0] for where in entries}
    for expected in ("core.i18n.STRINGS", "ui.report.TEXT", "ui.dashboard.TEXT", "ui.store.TEXT",
                     "ui.progress_details.TEXT", "ui.export_panel.TEXT", "export.words.WORDS",
                     "ui.overlay_panel.TEXT", "ui.cycle_view.TEXT", "ui.targets.TEXT",
                     "layers.plan_comparison._HEADERS", "mapview.tools._KINDS"):
        assert expected in tables
    assert len(entries) > 300


def test_every_entry_has_both_languages(entries):
    half = [where for where, text in entries.items()
            if not (isinstance(text.vi, str) and isinstance(text.en, str) and text.vi.strip() and text.en.strip())]
    assert not half


def test_every_entry_has_the_same_fields_in_both_languages(entries):
    differ = {where: (_fields(text.vi), _fields(text.en)) for where, text in entries.items()
              if _fields(text.vi) != _fields(text.en)}
    assert not differ


def test_the_checks_catch_a_table_that_drifted():
    drifted = dict(_entries(Strings({"ok": ("{n} dòng", "{n} rows"), "bad": ("{n} dòng", "{count} rows")}), "t"))
    assert _fields(drifted["t['ok']"].vi) == _fields(drifted["t['ok']"].en)
    assert _fields(drifted["t['bad']"].vi) != _fields(drifted["t['bad']"].en)
    assert _fields("{oops") == "unbalanced braces"
