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
        ok &= ~_symbols_met(cx, cy, ca[:, 0], sa[:, 0], hw, hh, symbols, np.asarray(round_, dtype=bool), len(cx))
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


def _symbols_met(cx, cy, ca, sa, hw, hh, symbols: np.ndarray, round_: np.ndarray, n: int) -> np.ndarray:
    """Whether each name's box meets a symbol (:func:`keeps_clear`'s test): the exact test only on the pairs whose
    upright boxes come near (``_NEAR``), with the same operations on each pair as on the whole table, so the same
    answers."""
    sx, sy = (symbols[:, 0] + symbols[:, 2]) / 2, (symbols[:, 1] + symbols[:, 3]) / 2
    half = (symbols[:, 2] - symbols[:, 0]) / 2 + OUTLINE_PT + CLEAR_PT
    acos, asin = np.abs(ca), np.abs(sa)
    # a disc or a square of half side ``half`` meeting the turned box lies within its upright box grown by half
    # (the page's axes; ``_SLACK`` for the rounding): farther, no pair meets
    reach_x, reach_y = hw * acos + hh * asin, hw * asin + hh * acos
    grow = half + _SLACK
    i, j = np.nonzero((np.abs(sx[None, :] - cx[:, None]) < reach_x[:, None] + grow[None, :])
                      & (np.abs(sy[None, :] - cy[:, None]) < reach_y[:, None] + grow[None, :]))
    met = np.zeros(n, dtype=bool)
    if not len(i):
        return met
    dx, dy = sx[j] - cx[i], sy[j] - cy[i]
    ci, si = ca[i], sa[i]
    u, v = dx * ci + dy * si, -dx * si + dy * ci            # each symbol's centre in the name's own frame
    # and within the turned box grown by half·(|cos| + |sin|) (the name's own axes): only those are tested whole
    ac, as_ = acos[i], asin[i]
    near = np.abs(v) < hh + half[j] * (ac + as_) + _SLACK
    i, j, dx, dy, u, v, ac, as_ = (x[near] for x in (i, j, dx, dy, u, v, ac, as_))
    hj = half[j]
    gap_u, gap_v = np.maximum(np.abs(u) - hw, 0.0), np.maximum(np.abs(v) - hh, 0.0)
    disc = np.hypot(gap_u, gap_v) < hj
    # a square: apart on one of the four axes (the page's and the name's: separating axes)
    square = ~((np.abs(dx) >= hw * ac + hh * as_ + hj)
               | (np.abs(dy) >= hw * as_ + hh * ac + hj)
               | (np.abs(u) >= hw + hj * (ac + as_))
               | (np.abs(v) >= hh + hj * (ac + as_)))
    met[i[np.where(round_[j], disc, square)]] = True
    return met

_NEAR = 1.5   # past √2: what a pair's upright boxes are grown by, times the line's reach
_SLACK = 0.01  # points: a pair this near what cannot meet is tested whole (the rounding of the bounds)


def segments_meet(cx, cy, ca, sa, hw, hh, segments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each segment (as wide as drawn, plus the white space) meets each name's box, and the length of it
    inside (0 where it does not meet): the segment in the name's frame, clipped to the box grown by the segment's
    half width (Liang–Barsky). Only the pairs whose upright boxes come near are clipped (the others cannot meet),
    each with the same operations as in a whole table, so the same answers."""
    n, m = len(cx), len(segments)
    meets, length = np.zeros((n, m), dtype=bool), np.zeros((n, m))
    if not n or not m:
        return meets, length
    ca, sa = np.broadcast_to(ca, (n, 1))[:, 0], np.broadcast_to(sa, (n, 1))[:, 0]
    hw, hh = np.broadcast_to(hw, (n, 1))[:, 0], np.broadcast_to(hh, (n, 1))[:, 0]
    grow_all = segments[:, 4] + CLEAR_PT
    # the turned box grown by g lies inside its upright box grown by g·√2
    reach_x = hw * np.abs(ca) + hh * np.abs(sa)
    reach_y = hw * np.abs(sa) + hh * np.abs(ca)
    far = grow_all * _NEAR + 1.0
    i, j = np.nonzero((np.maximum(segments[None, :, 0], segments[None, :, 2]) >= cx[:, None] - reach_x[:, None] - far)
                      & (np.minimum(segments[None, :, 0], segments[None, :, 2]) <= cx[:, None] + reach_x[:, None] + far)
                      & (np.maximum(segments[None, :, 1], segments[None, :, 3]) >= cy[:, None] - reach_y[:, None] - far)
                      & (np.minimum(segments[None, :, 1], segments[None, :, 3]) <= cy[:, None] + reach_y[:, None] + far))
    if not len(i):
        return meets, length
    grow, ci, si, hwi, hhi = grow_all[j], ca[i], sa[i], hw[i], hh[i]
    px, py = segments[j, 0] - cx[i], segments[j, 1] - cy[i]
    qx, qy = segments[j, 2] - cx[i], segments[j, 3] - cy[i]
    u0, v0 = px * ci + py * si, -px * si + py * ci
    u1, v1 = qx * ci + qy * si, -qx * si + qy * ci
    du, dv = u1 - u0, v1 - v0
    lo, hi = np.zeros_like(u0), np.ones_like(u0)
    inside = np.ones(u0.shape, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-du, u0 + hwi + grow), (du, hwi + grow - u0), (-dv, v0 + hhi + grow), (dv, hhi + grow - v0)):
            t = q / p
            inside &= ~((p == 0) & (q < 0))
            lo = np.where(p < 0, np.maximum(lo, t), lo)
            hi = np.where(p > 0, np.minimum(hi, t), hi)
    hit = inside & (lo <= hi)
    meets[i, j] = hit
    length[i, j] = np.where(hit, np.maximum(hi - lo, 0.0) * np.hypot(du, dv), 0.0)
    return meets, length
