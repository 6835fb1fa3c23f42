"""Screenshot the running app as a user sees it (offline), e.g. for the README.

    .venv/bin/python scripts/screenshot.py docs/screenshot.png "/?colour=status&sel=ua-kinh-mon" [WIDTH HEIGHT]
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import _is_local, launch_chromium, map_frame, start_app  # noqa: E402


def main(out: str, suffix: str = "/", width: int = 1440, height: int = 900) -> None:
    proc, url = start_app(Path(tempfile.mkdtemp()))
    try:
        with launch_chromium() as browser:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else r.abort())
            page = context.new_page()
            page.goto(url + suffix)
            map_frame(page)
            page.wait_for_timeout(2000)
            page.screenshot(path=out)
    finally:
        proc.kill()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(*args[:2], *(int(v) for v in args[2:4]))  # the viewport's width and height come as text
