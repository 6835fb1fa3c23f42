"""Where a line's name may not be set: never over a point symbol; across another line only where it has to (issue 10).

The name placer (export.line_names) scores its stretches by how much of the symbols and the other lines their
names cover, as a row of upright squares: a cost, so a name still went over a symbol (atlas page 47: the Yên Viên –
Phả Lại name over the Chí Linh circle) when every stretch cost something. A symbol is therefore a hard rule, tested
exactly on the name's turned box: the symbol as its disc (circles, diamonds) or its square, outline and white space
included. Another line (its segments, as wide as drawn plus the white space) is a soft one: a name is set clear of
the other lines where any stretch allows, else across as few of them, over as short a length, as it can — the
railways are drawn alike on a class-coloured print, so a line left unnamed could not be told from the others (the
province print named Ring Road V alone when crossing was refused).
"""
from __future__ import annotations

import numpy as np

CLEAR_PT = 1.0     # white space kept between a name's box and a symbol or another line
OUTLINE_PT = 0.75  # a symbol's outline reaches this far past the box it is placed by (half its widest stroke)


def line_segments(points: list[np.ndarray], half_width: float) -> np.ndarray:
    """The segments (x0, y0, x1, y1, half width) of a line's parts (page points)."""
    out = [np.column_stack([p[:-1], p[1:], np.full(len(p) - 1, half_width)]) for p in points if len(p) >= 2]
    return np.concatenate(out) if out else np.zeros((0, 5))


def keeps_clear(cx: np.ndarray, cy: np.ndarray, angle: np.ndarray, width: float, height: float, *,
                symbols: np.ndarray, round_: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """Whether each name's box (centred at ``cx``, ``cy``, turned ``angle`` degrees, ``width`` × ``height`` points)
    keeps ``CLEAR_PT`` off every symbol (boxes x0, y0, x1, y1; ``round_``: a disc in its box) and every segment
    (x0, y0, x1, y1, half width)."""
    ok = np.ones(len(cx), dtype=bool)
    if not len(cx):
        return ok
    a = np.radians(angle)[:, None]
    ca, sa = np.cos(a), np.sin(a)
    hw, hh = width / 2, height / 2
    if len(symbols):
        sx, sy = (symbols[:, 0] + symbols[:, 2]) / 2, (symbols[:, 1] + symbols[:, 3]) / 2
        half = (symbols[:, 2] - symbols[:, 0]) / 2 + OUTLINE_PT + CLEAR_PT
        dx, dy = sx[None, :] - cx[:, None], sy[None, :] - cy[:, None]
        u, v = dx * ca + dy * sa, -dx * sa + dy * ca            # each symbol's centre in the name's own frame
        gap_u, gap_v = np.maximum(np.abs(u) - hw, 0.0), np.maximum(np.abs(v) - hh, 0.0)
        disc = np.hypot(gap_u, gap_v) < half[None, :]
        # a square: apart on one of the four axes (the page's and the name's: separating axes)
        acos, asin = np.abs(ca), np.abs(sa)
        square = ~((np.abs(dx) >= hw * acos + hh * asin + half[None, :])
                   | (np.abs(dy) >= hw * asin + hh * acos + half[None, :])
                   | (np.abs(u) >= hw + half[None, :] * (acos + asin))
                   | (np.abs(v) >= hh + half[None, :] * (acos + asin)))
        ok &= ~(np.where(np.asarray(round_, dtype=bool)[None, :], disc, square)).any(axis=1)
    if len(segments):
        ok &= ~segments_meet(cx, cy, ca, sa, hw, hh, segments)[0].any(axis=1)
    return ok


def crossings(cx: np.ndarray, cy: np.ndarray, angle: np.ndarray, width: float, height: float, *,
              segments: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(how many lines, what length of them in points) each name's box (as :func:`keeps_clear` takes it) has under
    it: ``segments`` as :func:`line_segments` gives them, ``owner`` the line each belongs to."""
    if not len(cx) or not len(segments):
        return np.zeros(len(cx), dtype=int), np.zeros(len(cx))
    a = np.radians(angle)[:, None]
    meets, length = segments_meet(cx, cy, np.cos(a), np.sin(a), width / 2, height / 2, segments)
    owner = np.asarray(owner)
    count = np.zeros(len(cx), dtype=int)
    for line in np.unique(owner):
        count += meets[:, owner == line].any(axis=1)
    return count, np.where(meets, length, 0.0).sum(axis=1)


def segments_meet(cx, cy, ca, sa, hw, hh, segments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each segment (as wide as drawn, plus the white space) meets each name's box, and the length of it
    inside: the segment in the name's frame, clipped to the box grown by the segment's half width (Liang–Barsky),
    all at once."""
    grow = segments[None, :, 4] + CLEAR_PT
    px, py = segments[None, :, 0] - cx[:, None], segments[None, :, 1] - cy[:, None]
    qx, qy = segments[None, :, 2] - cx[:, None], segments[None, :, 3] - cy[:, None]
    u0, v0 = px * ca + py * sa, -px * sa + py * ca
    u1, v1 = qx * ca + qy * sa, -qx * sa + qy * ca
    du, dv = u1 - u0, v1 - v0
    lo, hi = np.zeros_like(u0), np.ones_like(u0)
    inside = np.ones(u0.shape, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-du, u0 + hw + grow), (du, hw + grow - u0), (-dv, v0 + hh + grow), (dv, hh + grow - v0)):
            t = q / p
            inside &= ~((p == 0) & (q < 0))
            lo = np.where(p < 0, np.maximum(lo, t), lo)
            hi = np.where(p > 0, np.minimum(hi, t), hi)
    return inside & (lo <= hi), np.maximum(hi - lo, 0.0) * np.hypot(du, dv)
