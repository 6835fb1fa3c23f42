"""Every error raised in geo/ carries Vietnamese and English words, and every reader warning is a core.bilingual.Text."""
from __future__ import annotations

import ast
from pathlib import Path

GEO = Path(__file__).resolve().parents[2] / "geo"
ERRORS = {"PlanMapError", "DataError", "CRSError", "ImportRejected", "PermissionDenied", "StoreError", "reject"}


def _calls(name_set: set[str]):
    for path in sorted(GEO.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in name_set:
                    yield f"{path.relative_to(GEO.parent)}:{node.lineno}", name, node


def test_every_error_in_geo_is_written_in_both_languages():
    found = list(_calls(ERRORS))
    assert len(found) > 40  # the check sees the readers' errors
    one_language = [where for where, _, node in found
                    if len(node.args) + len([k for k in node.keywords if k.arg in ("vi", "en")]) < 2]
    assert not one_language, one_language


def test_every_warning_a_reader_appends_is_a_text():
    appended = [(where, node) for where, _, node in _calls({"append"})
                if isinstance(node.func.value, ast.Attribute | ast.Name)
                and getattr(node.func.value, "attr", getattr(node.func.value, "id", "")) in ("warns", "warnings")]
    assert appended
    not_text = [where for where, node in appended
                if not (isinstance(node.args[0], ast.Call) and getattr(node.args[0].func, "id", "") == "Text")]
    assert not not_text, not_text
