"""An error the product shows carries both languages: a message without English is refused where it is written."""
from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from core.bilingual import Text
from core.errors import DataError, ImportRejected, PlanMapError, StoreError

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("core", "geo", "layers", "mapview", "progress", "export", "ui", "app.py")


def test_an_error_without_english_is_refused():
    for half in [("Tệp hỏng.",), ("Tệp hỏng.", ""), ("Tệp hỏng.", None), ("", "The file is broken.")]:
        with pytest.raises(ValueError):
            DataError(*half)


def test_an_error_reads_its_language_and_vietnamese_for_any_other():
    err = DataError("Tệp hỏng.", "The file is broken.")
    assert (err.message("vi"), err.message("en"), err.message("fr")) == ("Tệp hỏng.", "The file is broken.", "Tệp hỏng.")
    assert str(err) == "Tệp hỏng." and (err.vi, err.en) == ("Tệp hỏng.", "The file is broken.")
    assert StoreError(Text("Đầy đĩa.", "Disk full.")).message("en") == "Disk full."


def test_an_error_survives_a_pickle_with_both_languages_and_its_problems():
    err = pickle.loads(pickle.dumps(ImportRejected("Tệp bị từ chối.", "File refused.", problems=["a"])))
    assert (err.vi, err.en, err.problems, type(err)) == ("Tệp bị từ chối.", "File refused.", ["a"], ImportRejected)


def _error_names() -> set[str]:
    names = {"PlanMapError"}
    for path in _product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", None) in names | {"PlanMapError"} for b in node.bases):
                names.add(node.name)
    return names | {"DataError", "CRSError", "ImportRejected", "PermissionDenied", "AuthError", "StoreError"}


def _product_files():
    for top in PRODUCT:
        path = REPO / top
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def test_every_error_the_product_raises_is_written_in_both_languages():
    names = _error_names()
    half = []
    for path in _product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in names or any(isinstance(a, ast.Starred) for a in node.args):
                continue
            english = len(node.args) >= 2 or any(k.arg in ("en", None) for k in node.keywords)
            one_text = len(node.args) == 1 and not isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp))
            if not (english or one_text):
                half.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert "ExportError" in names
    assert not half
