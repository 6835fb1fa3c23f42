"""Leader lines (label to symbol) clipped at the label's box by a plain comparison, not a point-in-patch test.

An annotation's connector is cut where it leaves the box around its text: matplotlib bisects the
connector, asking ``Patch.contains`` at each step — a path test through a mouse-event shim, most of the
cost of every leader line on an atlas page. The box there is an axis-aligned rectangle in display
coordinates with no visible edge, so "inside" is two interval tests: the same points are inside, the
bisection takes the same steps, the line ends where it ended. Other patches take matplotlib's path.
"""
from __future__ import annotations

from contextlib import AbstractContextManager

import numpy as np
from matplotlib.patches import ConnectionStyle, Rectangle

from export.patching import patched

_Base = ConnectionStyle._Base
_ORIGINAL = _Base._in_patch


def _in_patch(self, patch):
    """``ConnectionStyle._Base._in_patch`` for an edgeless, unrotated rectangle: strictly inside its box."""
    if type(patch) is not Rectangle or patch.get_angle() or patch._process_radius(None) != 0:
        return _ORIGINAL(self, patch)
    transform = patch.get_transform()
    if not transform.is_affine or transform.get_matrix()[0, 1] or transform.get_matrix()[1, 0]:
        return _ORIGINAL(self, patch)
    (x0, y0), (x1, y1) = np.sort(transform.transform([(0.0, 0.0), (1.0, 1.0)]), axis=0)

    def inside(xy) -> bool:
        return bool(x0 < xy[0] < x1 and y0 < xy[1] < y1)
    return inside


def installed() -> AbstractContextManager[None]:
    """The faster clip for the duration of one render (callers hold the render lock)."""
    return patched(_Base, "_in_patch", _in_patch)
