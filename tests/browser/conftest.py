"""Browser tier: the real app under `streamlit run`, driven by Playwright in Debian's chromium.

Every request that is not to 127.0.0.1/localhost is aborted, as on a machine
with no internet; tiles therefore never load and the map must still draw.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PLANMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(tmp_path: Path, extra_env: dict[str, str] | None = None,
              script: str = "app.py", log: Path | None = None, repo: Path = REPO) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run <script>` of checkout ``repo`` on a free port with its own empty database; wait until
    healthy.

    ``log`` sends the server's output to a file (a long-running server would fill a pipe nobody reads)."""
    port = _free_port()
    tmp_path.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({"PLANMAP_DB_URL": f"sqlite:///{tmp_path / 'planmap.sqlite'}",
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    env["PYTHONPATH"] = str(repo) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra_env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(repo / script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=repo, env=env, stdout=log.open("w") if log else subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            output = log.read_text() if log else (proc.stdout.read() if proc.stdout else "")
            raise RuntimeError("streamlit exited: " + output)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


class RunningApp:
    def __init__(self, url: str, data_dir: Path) -> None:
        self.url = url
        self.data_dir = data_dir
        from layers.registry import load_layer

        urban = load_layer("urban_areas", data_dir)
        placed = urban[urban["placed"]]
        self.sample_id = str(placed.index[-1])
        self.sample_name = str(placed.iloc[-1]["name"])


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """One app server for the browser tests, on the project's real data (fixture data until it exists)."""
    data_dir = REPO / "data"
    if not (data_dir / "urban_areas.geojson").exists():
        data_dir = REPO / "tests" / "fixtures" / "mini_data"
    proc, url = start_app(tmp_path_factory.mktemp("app"), {"PLANMAP_DATA_DIR": str(data_dir)})
    yield RunningApp(url, data_dir)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:", "about:"))


@contextlib.contextmanager
def launch_chromium():
    """Debian's chromium under Playwright (never a browser downloaded by `playwright install`)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package 'chromium'); run the README test command")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    blocked: list[str] = []

    def guard(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.blocked_requests = blocked  # type: ignore[attr-defined]
    yield pg
    context.close()


def map_frame(page, drawn: str = "path.pm-urban-area"):
    """The Leaflet map's frame, once its features (``drawn``: a selector of some of them) have been drawn."""
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    # After a rerun that changes the map, Streamlit may briefly show the old frame beside the new one:
    # wait until a single frame has stayed alone for a moment.
    deadline = time.time() + 60
    alone = 0
    while alone < 3:
        alone = alone + 1 if page.locator(MAP_FRAME).count() == 1 else 0
        if time.time() > deadline:
            raise AssertionError("the map frame never settled")
        page.wait_for_timeout(200)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(drawn).first.wait_for(timeout=60_000)
    return frame


def wait_for_rerun(page, timeout: int = 30_000) -> None:
    """Wait until Streamlit has finished running the script (the status widget disappears)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def send_report(page, status: str, percent: str) -> None:
    """Fill the open report form as an official does (type the status, the percent) and send it."""
    form = page.get_by_test_id("stForm")
    form.get_by_test_id("stSelectbox").first.click()
    page.keyboard.type(status)
    page.keyboard.press("Enter")
    form.get_by_label("Tiến độ (%)", exact=True).and_(page.locator("input")).fill(percent)
    form.get_by_role("button", name="Gửi báo cáo").click()
    wait_for_rerun(page)
    page.get_by_test_id("stAlertContentSuccess").get_by_text("Đã ghi báo cáo số").wait_for(timeout=30_000)


def drag_hint_words(uploader, page) -> str:
    """What the dropzone says while a file is held over it (a drag entering with a file, then leaving): its
    text as drawn, as :func:`uploader_words` reads it."""
    zone = uploader.locator('[data-testid="stFileUploaderDropzone"]').first
    held = page.evaluate_handle("() => { const d = new DataTransfer(); d.items.add(new File(['{}'], 'a.geojson'));"
                                " return d; }")
    zone.dispatch_event("dragenter", {"dataTransfer": held})
    hint = zone.locator("> input + div > span")
    hint.wait_for(timeout=5_000)
    words = hint.evaluate("""el => { const after = getComputedStyle(el, '::after').content;
        return (parseFloat(getComputedStyle(el).fontSize) > 0 ? el.textContent : '')
               + (after && after !== 'none' ? JSON.parse(after) : ''); }""")
    zone.dispatch_event("dragleave", {"dataTransfer": held})
    hint.wait_for(state="detached", timeout=5_000)
    return words


def uploader_words(uploader) -> str:
    """What an uploader's dropzone shows a reader: its button's words as drawn (text sized 0 is not seen,
    ``::after`` content is) and the instructions line if visible."""
    return uploader.evaluate("""box => {
        const seen = el => el.offsetParent !== null && parseFloat(getComputedStyle(el).fontSize) > 0;
        const after = el => { const c = getComputedStyle(el, '::after').content;
                              return c && c !== 'none' ? JSON.parse(c) : ''; };
        const parts = [];
        for (const p of box.querySelectorAll('[data-testid="stFileUploaderDropzone"] button p'))
            parts.push((seen(p) ? p.textContent : '') + after(p));
        const note = box.querySelector('[data-testid="stFileUploaderDropzoneInstructions"]');
        if (note && note.offsetParent !== null) parts.push(note.textContent);
        return parts.join(' | ');
    }""")
