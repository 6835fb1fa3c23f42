"""Shared fixtures: the tiny fixture dataset, the real data folder, an isolated database per test."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINI_DATA = REPO / "tests" / "fixtures" / "mini_data"
REAL_DATA = REPO / "data"


@pytest.fixture
def mini_data() -> Path:
    return MINI_DATA


@pytest.fixture
def real_data() -> Path:
    if not (REAL_DATA / "urban_areas.geojson").exists():
        pytest.skip("data/urban_areas.geojson not present yet")
    return REAL_DATA


@pytest.fixture
def isolated_db(tmp_path, monkeypatch) -> str:
    """Point the app's store at a fresh SQLite file so tests never touch var/planmap.sqlite."""
    url = f"sqlite:///{tmp_path / 'planmap.sqlite'}"
    monkeypatch.setenv("PLANMAP_DB_URL", url)
    return url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the whole run (Playwright's sync API allows one driver per thread)."""
    from tests.browser.conftest import launch_chromium

    with launch_chromium() as b:
        yield b


@pytest.fixture(autouse=True)
def _keep_main_module():
    """Streamlit's script runner (AppTest) replaces sys.modules['__main__'] and leaves it so;
    multiprocessing's spawn start method then re-runs that temporary script in every child."""
    import sys

    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
