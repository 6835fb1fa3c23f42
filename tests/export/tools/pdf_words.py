"""A PDF's words as poppler reads them, and its turned text (the lines' names) with its real, rotated footprint.

poppler (``pdftotext -bbox``) gives each word an upright box and reads text turned by other than a quarter turn (a
railway's name set along it, export.line_names) as glyph fragments: small or tall boxes that meet each other and
whatever is near, so an upright-box overlap test sees words printed over words where there are none, and cannot
see a name that really runs into a label. Turned text is therefore read from the page's content with pypdf (each
run's origin, angle, font size and glyph advances give its rotated box); poppler's fragments inside a turned box
are its letters, and every other word is tested against the turned box itself (:func:`turned_clashes`)."""
from __future__ import annotations

import io
import math
import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from shapely.geometry import MultiPoint, Polygon, box

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
Word = tuple[float, float, float, float, str]   # x0, y0, x1, y1 (points, y down, as poppler gives them), text
QUARTER_TOL = 0.5   # degrees: text this near a quarter turn poppler reads as words


@dataclass
class Page:
    """A page's size (points) and its words as poppler reads them."""

    width: float
    height: float
    words: list[Word]


@dataclass
class Turned:
    """Text set at an angle: its letters, angle (degrees, PDF's counter-clockwise) and footprint (points, y down)."""

    text: str
    angle: float
    footprint: Polygon
    rows: list[Polygon] = field(default_factory=list)
    size: float = 0.0   # the smallest type it is set in (points, as printed)


def page_words(pdf: bytes) -> list[Page]:
    """Every page's words (``pdftotext -bbox``), NFC, entities decoded."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [Page(float(pw), float(ph), [(float(a), float(b), float(c), float(d), _unescape(t))
                                        for a, b, c, d, t in WORD.findall(body)])
            for pw, ph, body in PAGE.findall(html)]


def _unescape(text: str) -> str:
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&nbsp;", " ")
    return unicodedata.normalize("NFC", text.replace("&amp;", "&"))


def turned_text(pdf: bytes) -> list[list[Turned]]:
    """Each page's text set at an angle other than a quarter turn, a row per text run, the rows of one name (same
    angle, touching) as one :class:`Turned` whose footprint holds them all."""
    from pypdf import PdfReader
    from pypdf.generic._font import Font

    fonts: dict[int, Font] = {}
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        runs: dict[tuple, list] = {}   # a run's matrix → its chunks (text, x0, x1, ascent, descent)

        def visit(text, cm, tm, font, size, runs=runs):
            if not text.strip() or font is None:
                return
            m = np.array([[tm[0], tm[1], 0], [tm[2], tm[3], 0], [tm[4], tm[5], 1]]) @ \
                np.array([[cm[0], cm[1], 0], [cm[2], cm[3], 0], [cm[4], cm[5], 1]])
            angle = math.degrees(math.atan2(m[0, 1], m[0, 0]))
            if abs((angle + 45) % 90 - 45) <= QUARTER_TOL:
                return
            f = fonts.setdefault(id(font), Font.from_font_resource(font))
            # the run's origin: the chunk's start less its advance along the run
            origin = m[2, :2] - tm[4] * m[0, :2] / max(math.hypot(tm[0], tm[1]), 1e-9)
            key = (round(angle, 2), round(float(origin[0]), 1), round(float(origin[1]), 1))
            width = f.get_text_width(text) * size / 1000.0
            runs.setdefault(key, []).append((text, m, width, size, f.font_descriptor.ascent / 1000.0,
                                             f.font_descriptor.descent / 1000.0))

        page.extract_text(visitor_text=visit)
        rows = []
        for key, chunks in runs.items():
            corners = []
            printed = min(size * math.hypot(m[0, 0], m[0, 1]) for _text, m, _w, size, _a, _d in chunks)
            for _text, m, width, size, ascent, descent in chunks:
                for x, y in ((0.0, descent * size), (width, descent * size), (width, ascent * size),
                             (0.0, ascent * size)):
                    px, py, _ = np.array([x, y, 1.0]) @ m
                    corners.append((float(px), height - float(py)))
            rows.append(("".join(c[0] for c in chunks), key[0], MultiPoint(corners).minimum_rotated_rectangle, printed))
        out.append(_names(rows))
    return out


def _names(rows: list[tuple[str, float, Polygon, float]]) -> list[Turned]:
    """Rows at one angle that touch (a name set on two lines) as one name."""
    names: list[Turned] = []
    for text, angle, rect, size in rows:
        near = next((n for n in names if abs(n.angle - angle) < 0.05 and n.footprint.distance(rect) < 2.0), None)
        if near is None:
            names.append(Turned(text, angle, rect, [rect], size))
        else:
            near.size = min(near.size, size)
            near.text += "\n" + text
            near.rows.append(rect)
            near.footprint = MultiPoint([p for r in near.rows for p in r.exterior.coords]).minimum_rotated_rectangle
    return names


def turned_clashes(page: Page, turned: list[Turned]) -> tuple[list[Word], list[str]]:
    """The page's upright words (every word that is no turned name's fragment) and what is wrong with its turned
    names: one off the page; letters not found where the page says it set them (or a word too many there: a label
    printed over the name); an upright word reaching into a name; two names meeting."""
    problems = []
    fragments: set[int] = set()
    for t in turned:
        if not box(0, 0, page.width, page.height).buffer(0.5).contains(t.footprint):
            problems.append(f"{t.text!r} runs off the page")
        zone = t.footprint.buffer(1.0)
        mine = [i for i, (x0, y0, x1, y1, _) in enumerate(page.words)
                if i not in fragments and zone.contains(box(x0, y0, x1, y1).centroid)]
        fragments.update(mine)
        have = Counter("".join(page.words[i][4] for i in mine).replace(" ", ""))
        want = Counter(t.text.replace(" ", "").replace("\n", ""))
        if have != want:
            problems.append(f"{t.text!r}: letters missing {dict(want - have)}, words over it {dict(have - want)}")
    upright = [wd for i, wd in enumerate(page.words) if i not in fragments]
    for t in turned:
        inner = t.footprint.buffer(-0.5)
        for x0, y0, x1, y1, text in upright:
            if box(x0, y0, x1, y1).intersection(inner).area >= 0.5:
                problems.append(f"{text!r} is printed over {t.text!r}")
    for i, a in enumerate(turned):
        for b in turned[i + 1:]:
            if a.footprint.intersection(b.footprint).area > 0.5:
                problems.append(f"{a.text!r} meets {b.text!r}")
    return upright, problems
