"""Switching plans inside the test process: ``configure(folder)`` for the test, the default plan back afterwards."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HO_XANH = REPO / "tests" / "fixtures" / "plan_ho_xanh"


@pytest.fixture
def use_plan():
    """use_plan(folder) → the Plan, shown by every module of this process until the test ends."""
    from layers.registry import configure

    yield configure
    configure(None)


@pytest.fixture
def ho_xanh(tmp_path, use_plan, monkeypatch):
    """A copy of the made-up Hồ Xanh plan (tests may edit it), selected for this test, offline."""
    monkeypatch.setenv("PLANMAP_OFFLINE", "1")
    monkeypatch.delenv("PLANMAP_PUBLIC_URL", raising=False)
    folder = tmp_path / "plan_ho_xanh"
    shutil.copytree(HO_XANH, folder)
    use_plan(folder)
    return folder


def without_layer(folder: Path, layer_id: str) -> None:
    """Delete the ``[[layers]]`` table of ``layer_id`` (and its sub-tables) from ``folder/plan.toml``."""
    lines = (folder / "plan.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line.startswith("[[layers]]"):
            skipping = False
            block_start = len(kept)
        if line.strip() == f'id = "{layer_id}"' and kept and kept[-1].startswith("[[layers]]"):
            skipping = True
            del kept[block_start:]
            continue
        if skipping and line.startswith("[") and not line.startswith("[layers.") and not line.startswith("[[layers."):
            skipping = False
        if not skipping:
            kept.append(line)
    (folder / "plan.toml").write_text("".join(kept), encoding="utf-8")
