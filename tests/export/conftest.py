"""Fixtures of the export tests: the tiny data set, its status and history; no network, ever."""
from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_data"
REAL = REPO / "data"
TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection outside this machine fails the test that made it."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host in ("127.0.0.1", "::1", "localhost") or host.startswith("/")):
            return real_connect(self, address)
        raise AssertionError(f"test tried to reach the network: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.delenv("PLANMAP_PUBLIC_URL", raising=False)
    monkeypatch.setenv("PLANMAP_OFFLINE", "1")


@pytest.fixture(scope="session")
def frames():
    from layers.registry import load_all
    return load_all(MINI)


@pytest.fixture(scope="session")
def history() -> pd.DataFrame:
    """Reports as the store returns them (several for Hải Dương, one with hostile text)."""
    rows = [
        ("ua-hai-duong", "preparing", 10.0, date(2017, 3, 1), "UBND thành phố Hải Dương", "nguyen.van.a", "Khởi động"),
        ("ua-hai-duong", "in_progress", 55.0, date(2018, 6, 30), "UBND thành phố Hải Dương", "nguyen.van.a",
         "Đang thi công =SUM(A1) <b>đậm</b> $x$"),
        ("ua-hai-duong", "completed", 100.0, date(2019, 10, 26), "UBND thành phố Hải Dương", "seed", "Hoàn thành"),
        ("ua-luong-dien", "in_progress", 40.0, date(2025, 12, 1), "UBND xã Lương Điền", "tran.thi.b", "Lập quy hoạch"),
        ("rr5-hai-duong", "preparing", None, date(2026, 1, 8), "Sở Xây dựng", "seed", "test"),
        ("ua-chi-linh", "delayed", 20.0, date(2099, 1, 1), "future", "x", "must never show"),
    ]
    df = pd.DataFrame(rows, columns=["feature_id", "status", "progress_pct", "as_of", "unit", "reported_by", "note"])
    df["report_id"] = range(1, len(df) + 1)
    return df


@pytest.fixture(scope="session")
def state(history) -> pd.DataFrame:
    from progress.latest import latest_per_feature
    return latest_per_feature(history, TODAY)


@pytest.fixture
def scene_of(frames, history):
    """scene_of(**request fields) → a Scene of the mini data (status as of the request's date, default TODAY)."""
    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature

    def make(**kw):
        kw.setdefault("as_of", TODAY)
        state = latest_per_feature(history, kw["as_of"])  # what ProgressStore.state_as_of returns
        return build_scene(frames, ExportRequest(**kw).validate(TODAY), state, history, made_on=TODAY)
    return make


def pdf_text(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
