"""``python -m progress`` whose import stops inside its transaction (the test then kills it).

    python -m tests.progress._paused_cli MARKER import FILE --as USER

The pause is injected as the store's ``before_commit`` callback: production code has no test hook.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from progress.__main__ import main
from progress.store import ProgressStore


def _pause_factory(marker: Path):
    def pause(stage: str) -> None:
        if stage == "import":  # rows inserted, not committed
            marker.write_text(stage, encoding="utf-8")
            time.sleep(600)

    return lambda url: ProgressStore(url, before_commit=pause)


if __name__ == "__main__":
    sys.exit(main(sys.argv[2:], store_factory=_pause_factory(Path(sys.argv[1]))))
