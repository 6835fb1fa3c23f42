"""The packages depend one way — core ← geo ← layers ← mapview/progress ← export ← ui — and only ui/ and app.py
import streamlit. Checked over every module's imports (at the top or inside functions), so a cycle or a
streamlit import sneaking into pure code fails here rather than in a user's server."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ALLOWED = {
    "core": set(),
    "geo": {"core"},
    "layers": {"core", "geo"},
    "mapview": {"core", "geo", "layers"},
    "progress": {"core", "geo", "layers"},
    "export": {"core", "geo", "layers", "mapview", "progress"},
}
PURE = tuple(ALLOWED)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (REPO / package).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_never_import_streamlit(package):
    offenders = [f"{p.relative_to(REPO)}:{line}" for p in _modules(package)
                 for line, name in _imports(p) if name.split(".")[0] in {"streamlit", "streamlit_folium"}]
    assert not offenders, offenders


@pytest.mark.parametrize("package", PURE)
def test_imports_run_one_way(package):
    project = set(ALLOWED) | {"ui", "app"}
    offenders = []
    for path in _modules(package):
        for line, name in _imports(path):
            top = name.split(".")[0]
            if top in project and top != package and top not in ALLOWED[package]:
                offenders.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    assert not offenders, offenders


# Project imports inside a function, each with its reason; every other project import sits at the top of its module,
# where a reader sees what the module depends on.
DEFERRED = {
    ("export/label_boxes.py", "export.fast_text"): "fast_text patches matplotlib's text path; only measuring needs it",
    ("mapview/tools.py", "geo.convert"): "the GeoPackage/GDAL writer, only when a user downloads drawings",
    ("progress/__main__.py", "layers.registry"): "the registry loads every layer's geometry; most commands need none",
}


def _deferred_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for sub in ast.walk(node):
                if isinstance(sub, ast.ImportFrom) and sub.module and sub.level == 0:
                    found.append((sub.lineno, sub.module))
                elif isinstance(sub, ast.Import):
                    found += [(sub.lineno, alias.name) for alias in sub.names]
    return found


def test_project_imports_sit_at_the_top_of_modules():
    project = set(ALLOWED) | {"ui"}
    seen, offenders = set(), []
    for package in project:
        for path in _modules(package):
            rel = path.relative_to(REPO).as_posix()
            for line, name in _deferred_imports(path):
                if name.split(".")[0] not in project:
                    continue
                if (rel, name) in DEFERRED:
                    seen.add((rel, name))
                else:
                    offenders.append(f"{rel}:{line} imports {name} inside a function")
    assert not offenders, offenders
    assert seen == set(DEFERRED), f"no longer deferred (remove from DEFERRED): {set(DEFERRED) - seen}"


def test_the_checker_sees_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    import streamlit as st\n    from ui.map_page import render\n", encoding="utf-8")
    assert [name for _, name in _imports(bad)] == ["streamlit", "ui.map_page"]
