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
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.patches import ArrowStyle, ConnectionStyle, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import IdentityTransform

from export.direct_draw import patch_gc
from export.fast_labels import _inside  # the same on-map test as the labels' texts
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


class LeaderLines(Artist):
    """The leader lines of one map's place labels, drawn as one path rather than an arrow patch each.

    A far label's annotation keeps its arrow (``arrow_patch``: export.qgis_spots and the tests read it, and it
    is set where matplotlib sets it, by ``update_positions``), but does not draw it (export.fast_labels); this
    artist, drawn after the labels' halos and before their text, draws every leader at once: the straight line
    from the text's box centre to its point, cut where it leaves the box padded by 4 points (matplotlib's
    patchA) and shortened by ``shrinkB`` at the point — the ends matplotlib's bisection finds, to a hundredth
    of a pixel, computed instead of searched — with the arrow's own line settings, in one ``draw_path``."""

    def __init__(self, zorder: float) -> None:
        super().__init__()
        self.set_zorder(zorder)
        self.notes: list = []

    def add(self, note) -> None:
        """Draw ``note``'s leader here (and not with its text) when it is a plain straight line; any other arrow
        ``note`` draws itself, as matplotlib draws it."""
        if (note.arrow_patch is not None and _plain(note.arrow_patch) and note.xycoords == "data"
                and note.anncoords == "offset points" and note.get_annotation_clip() is True
                and note.get_bbox_patch() is None):
            note._leader_batched = True
            self.notes.append(note)

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        by_style: dict[tuple, list] = {}
        for note in self.notes:
            arrow = note.arrow_patch
            if not note.get_visible() or arrow is None or not arrow.get_visible() or note.axes is None:
                continue
            x, y = note._get_position_xy(renderer)
            if not _inside(note.axes, x, y):   # annotation_clip: a label whose point is off the map is not drawn
                continue
            note.update_positions(renderer)   # matplotlib's own: the arrow's ends and its box, as it would draw
            segment = _segment(arrow, renderer.points_to_pixels(1.0))
            if segment is not None:
                by_style.setdefault(_style(arrow), []).append(segment)
        renderer.open_group("leader-lines", self.get_gid())
        for style, segments in by_style.items():
            verts = np.asarray(segments, dtype=float).reshape(-1, 2)
            codes = np.tile([Path.MOVETO, Path.LINETO], len(segments)).astype(Path.code_type)
            gc = patch_gc(renderer, style, None)   # as the arrow patch sets it (not clipped, as an annotation's arrow)
            renderer.draw_path(gc, Path(verts, codes), IdentityTransform())
            gc.restore()
        renderer.close_group("leader-lines")
        self.stale = False


def _plain(arrow) -> bool:
    """Whether ``arrow`` is a plain straight line ("-", no curve, effects, hatch or dashes' gap colour) from a
    text's box: what :class:`LeaderLines` draws."""
    return not (arrow._hatch or arrow.get_path_effects() or arrow.get_sketch_params() is not None
                or arrow._gapcolor is not None
                or type(arrow.get_arrowstyle()) is not ArrowStyle.Curve
                or type(arrow.get_connectionstyle()) is not ConnectionStyle.Arc3 or arrow.get_connectionstyle().rad
                or arrow.shrinkA or arrow.patchB is not None)


def _style(arrow) -> tuple:
    """What ``Patch._draw_paths_with_artist_properties`` sets on the graphics context for ``arrow``."""
    lw = arrow._linewidth
    if arrow._edgecolor[3] == 0 or arrow._linestyle == "None":
        lw = 0
    dashes = arrow._dash_pattern if lw > 0 else (0, None)
    return (lw, arrow._capstyle, arrow._joinstyle, arrow._antialiased, arrow.get_snap(), arrow._alpha,
            tuple(arrow._edgecolor), (dashes[0], None if dashes[1] is None else tuple(dashes[1])))


def _segment(arrow, px_per_pt: float) -> tuple[float, float, float, float] | None:
    """(x0, y0, x1, y1), display pixels: the arrow from its posA (in its patchA) to posB, cut at patchA's edge
    (kept whole when posB is inside it, as matplotlib keeps it) and ``shrinkB`` points short of posB (kept
    whole when shorter than that)."""
    (ax, ay), (bx, by) = arrow.get_transform().transform(arrow._posA_posB)
    patch = arrow.patchA
    if patch is not None:
        (x0, y0), (x1, y1) = np.sort(patch.get_transform().transform([(0.0, 0.0), (1.0, 1.0)]), axis=0)
        if not (x0 < bx < x1 and y0 < by < y1) and x0 < ax < x1 and y0 < ay < y1:
            # where the ray from A (inside) to B leaves the box
            t = min(((x1 if bx > ax else x0) - ax) / (bx - ax) if bx != ax else np.inf,
                    ((y1 if by > ay else y0) - ay) / (by - ay) if by != ay else np.inf)
            ax, ay = ax + (bx - ax) * t, ay + (by - ay) * t
    shrink = arrow.shrinkB * px_per_pt
    length = float(np.hypot(bx - ax, by - ay))
    if shrink and length > shrink:
        k = (length - shrink) / length
        bx, by = ax + (bx - ax) * k, ay + (by - ay) * k
    return float(ax), float(ay), float(bx), float(by)
