"""A line's height and descent from its laid-out glyphs' boxes, for text whose width nothing reads.

matplotlib places a left-aligned, unrotated line from its height and descent alone; it measures them by
laying the string out with libraqm and loading every glyph's outline (``FT2Font.set_text``), the same
cost again as laying it out to draw it. The PDF's sources pages set a hundred long lines so, each once:
there :func:`export.fast_text._text_layout` takes the height and descent from the layout it draws with
and each glyph's control box (loaded once per glyph and size) — the union ``set_text`` takes, the same
numbers (tests/export/test_fast_ink.py) — and no second layout. The width it gives is the boxes' span, not
``set_text``'s (kerned a little differently): only the text's bounding box holds it, and a line's link
is measured as before.
"""
from __future__ import annotations

from collections.abc import Callable

from matplotlib.ft2font import LoadFlags

_BOXES: dict[tuple, tuple[int, int, int, int]] = {}   # (font file, face, glyph, size) → control box, 26.6
CACHE_SIZE = 20000


def ink_measure(items: tuple, size: float, sized: Callable[[], object]) -> tuple[float, float, float]:
    """(span, height, descent) in points of a layout's glyphs (``fast_text.layout`` items) at ``size``;
    ``sized()`` sets the layout's fonts to that size (for the glyphs not yet boxed)."""
    x0 = y0 = 32000
    x1 = y1 = -32000
    ready = False
    for ft_object, _char, glyph_index, x, y, _kern in items:
        key = (ft_object.fname, getattr(ft_object, "face_index", 0), glyph_index, size)
        box = _BOXES.get(key)
        if box is None:
            if not ready:
                sized()
                ready = True
            box = ft_object.load_glyph(glyph_index, LoadFlags.NO_HINTING).bbox
            if len(_BOXES) >= CACHE_SIZE:
                _BOXES.clear()
            _BOXES[key] = box
        px, py = round(x * 64), round(y * 64)
        x0, y0 = min(x0, box[0] + px), min(y0, box[1] + py)
        x1, y1 = max(x1, box[2] + px), max(y1, box[3] + py)
    if x0 > x1:   # no glyph: set_text's empty box
        x0 = y0 = x1 = y1 = 0
    return (x1 - x0) / 64, (y1 - y0) / 64, -y0 / 64
