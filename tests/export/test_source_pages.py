"""The PDF's full source list leaves no line alone on a page: read back with poppler, every sources page
holds at least three lines, every item once and in order, nothing below the bottom margin."""
from __future__ import annotations

import io
import re

import pytest

from export.cli import main
from export.source_pages import MIN_LINES, paginate
from tests.export.conftest import REAL
from tests.export.test_print_cartography import words

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present")


def _sources_lines(pdf: bytes) -> list[list[list[str]]]:
    """Per sources page (page 2 on), its text lines below the two heading lines, each a list of words."""
    from pypdf import PdfReader

    out = []
    for page in range(2, len(PdfReader(io.BytesIO(pdf)).pages) + 1):
        found, _, height = words(pdf, page)
        rows: list[tuple[float, list[tuple[float, str]]]] = []
        for text, x0, y0, _x1, y1 in sorted(found, key=lambda f: (f[2], f[1])):
            assert y1 <= height - 0.5 * 72, (page, text)  # above the bottom margin (0.6 in on A4)
            if rows and y0 - rows[-1][0] < 4:  # the same line (capitals and diacritics reach higher)
                rows[-1][1].append((x0, text))
            else:
                rows.append((y0, [(x0, text)]))
        out.append([[t for _, t in sorted(r)] for _, r in rows][2:])
    return out


@pytest.mark.parametrize("orientation, layers", [
    ("portrait", ["industrial_zones", "railways"]),   # greedy pages left its last item's one line alone
    ("landscape", []),                                 # the whole map: three lines alone on page 5
])
def test_no_sources_page_holds_a_lonely_line(monkeypatch, tmp_path, orientation, layers):
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    out = tmp_path / "map.pdf"
    extra = ["--layers", *layers] if layers else []
    assert main(["--format", "pdf", "--out", str(out), "--as-of", "2026-11-27", "--orientation", orientation,
                 *extra]) == 0
    pages = _sources_lines(out.read_bytes())
    assert len(pages) >= 2
    counts = [len(p) for p in pages]
    assert min(counts) >= MIN_LINES, counts
    if not layers:
        assert counts[-1] > 6, counts  # a last page that nearly fitted went onto the page before
    numbers = [int(row[0][:-1]) for p in pages for row in p if re.fullmatch(r"\d+\.", row[0])]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20


def test_a_short_list_may_be_short_a_nearly_fitting_page_is_set_tighter_and_else_balanced():
    h = 0.1
    assert paginate([(1, ["a"])], 10.0, h) == [([(1, ["a"])], 1.4)]
    two = [(1, ["x"] * 10), (2, ["x"] * 10)]
    room = 20 * 1.4 * h + 0.3 * 1.4 * h + 1e-9                # exactly the first two items at full leading
    merged = paginate(two + [(3, ["y"])], room + 0.2 * h, h)   # the third's one line fits, a little tighter
    assert [[n for n, _ in chunk] for chunk, _ in merged] == [[1, 2, 3]] and 1.3 <= merged[0][1] < 1.4
    balanced = paginate(two + [(3, ["y"] * 2)], room, h)       # it does not, even tight: item 2 goes along
    assert [[n for n, _ in chunk] for chunk, _ in balanced] == [[1], [2, 3]]
