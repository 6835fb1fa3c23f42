"""Every place a print draws is identified (walk 16, finding 8): by its name beside it, or, where the name finds no
room, by a number on the map and the same number in the key "Chú dẫn số" — read back from the PDF's words."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date

import pandas as pd
import pytest

from export import ExportRequest, build_scene
from export.snapshot import render_snapshot
from export.symbols import key_name
from progress.latest import latest_per_feature
from tests.export.conftest import REAL

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present yet")


@pytest.fixture(scope="module")
def real():
    from layers.registry import load_all
    return load_all(REAL), pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})


def _words(pdf: bytes) -> tuple[tuple[float, float], list[tuple[float, float, float, float, str]]]:
    """Page 1's size and its words with their boxes (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    words = [(float(a), float(b), float(c), float(d), unicodedata.normalize("NFC", t.replace("&amp;", "&")))
             for a, b, c, d, t in re.findall(
                 r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    return (float(page.group(1)), float(page.group(2))), words


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


def _runs(row: list) -> list[list]:
    """A row's words (left to right) in runs a word space apart: the labels side by side on one baseline."""
    runs = [[row[0]]]
    for word in row[1:]:
        if word[0] - runs[-1][-1][2] > 5:
            runs.append([])
        runs[-1].append(word)
    return runs


@pytest.mark.parametrize("paper, orientation", [("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape")])
def test_every_drawn_place_is_named_or_numbered_in_the_key(real, paper, orientation):
    frames, reports = real
    scene = build_scene(frames, ExportRequest(format="pdf", as_of=date.today(), paper=paper,
                                              orientation=orientation).validate(),
                        latest_per_feature(reports, date.today()), reports)
    (pw, ph), words = _words(render_snapshot(scene, sources=False))
    assert words
    for x0, y0, x1, y1, text in words:   # nothing is cut at the page's edge
        assert 0 <= x0 and x1 <= pw and 0 <= y0 and y1 <= ph, text
    heading = [i for i in range(len(words) - 2) if words[i][4] == "Chú" and words[i + 1][4] == "dẫn"
               and words[i + 2][4] == "số"]
    names = [n for layer in scene.frames
             for n in scene.placed(layer).loc[lambda f: f.geometry.geom_type == "Point", "name"]]
    assert len(names) >= 40
    if heading:   # the key: the words after its heading, in the legend's column
        hx = words[heading[0]][0]
        hy = words[heading[0]][3]
        key_words, last = [], hy
        for w in sorted((w for w in words if w[0] >= hx - 1 and w[1] >= hy - 0.5), key=lambda w: (round(w[1]), w[0])):
            if w[1] - last > 12:   # past the key's paragraph (the sources below it)
                break
            key_words.append(w)
            last = w[3]
        key = _norm(" ".join(w[4] for w in key_words))
        numbers = [int(n) for n in re.findall(r"(?:^|· )(\d+) ", key)]
        assert numbers == list(range(1, len(numbers) + 1)) and numbers
    else:
        key, numbers = "", []
    # the map: left of the legend's column (landscape), above the legend (portrait)
    legend = next(w for i, w in enumerate(words) if w[4] == "Chú" and words[i + 1][4] == "giải")
    on_map = (lambda w: w[3] < legend[1]) if orientation == "portrait" else (lambda w: w[2] < legend[0] - 5)
    # a label is one line of words on the map, or two (a name with no room on one row is set on two,
    # export.labels.two_lines): a row and the one just under it that it overlaps
    lines: dict[float, list] = {}
    for w in filter(on_map, words):
        lines.setdefault(round(w[3], 0), []).append(w)
    rows = [(y, run) for y, ws in lines.items() for run in _runs(sorted(ws))]
    labels = {_norm(" ".join(w[4] for w in ws)) for _, ws in rows}
    labels |= {_norm(" ".join(w[4] for w in top + under)) for y, top in rows for y2, under in rows
               if 0 < y2 - y < 12 and min(top[-1][2], under[-1][2]) > max(top[0][0], under[0][0])}
    label_text = " | ".join(labels)
    entries = {re.sub(r"^\d+ ", "", e) for e in key.split(" · ")} if key else set()
    keyed = [n for n in names if key_name(_norm(n)) in entries]
    unnamed = [n for n in names if _norm(n) not in label_text and n not in keyed]
    assert not unnamed, (paper, orientation, unnamed)
    assert len(keyed) == len(numbers)   # each number keys one place
    # every number of the key is drawn on the map too
    map_numbers = {w[4] for w in words if w[4].isdigit() and on_map(w)}
    assert {str(n) for n in numbers} <= map_numbers
