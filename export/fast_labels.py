"""Place labels drawn as ``ax.annotate`` draws them, without the Annotation's per-draw detours.

A map page sets a few dozen labels, each twice (its white halo, then its text), as annotations at a data
point plus an offset in points. For each, ``Annotation.draw`` asks whether the point lies in the axes by a
path test on the axes' patch (a composite transform built anew), then rebuilds the offset transform with a
second pass through the coordinate machinery — a good part of drawing each label. :class:`LabelAnnotation` is
still an :class:`~matplotlib.text.Annotation` (export.qgis_spots and the tests read ``xyann`` and
``arrow_patch``); for a label without a leader line it computes the same point and the same transform
(``Affine2D().scale(dpi / 72).translate(x, y)``, as ``_get_xy_transform`` builds it for "offset points")
once, and answers the inside test from the axes' box where the point is plainly in or out of it (matplotlib's
own test, with its 1-pixel margin, decides the points near the frame). Every other annotation draws as
matplotlib draws it.
"""
from __future__ import annotations

from matplotlib.artist import Artist, allow_rasterization
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Affine2D, IdentityTransform

_SURE_PX = 2.0  # farther than this inside or outside the axes' box, the inside test needs no path


class LabelAnnotation(Annotation):
    """An annotation whose draw, for a data point with an offset in points and no arrow, skips the detours."""

    @allow_rasterization  # as Annotation.draw is (a rasterized label is rasterized the same way)
    def draw(self, renderer):
        if not _fast(self):
            return super().draw(renderer)
        if renderer is not None:
            self._renderer = renderer
        if not self.get_visible():
            return
        x, y = self._get_position_xy(renderer)
        if not _inside(self.axes, x, y):
            return
        self.set_transform(Affine2D().scale(self.get_figure(root=True).dpi / 72).translate(x, y))
        Text.draw(self, renderer)


def _inside(ax, x: float, y: float) -> bool:
    """``ax.contains_point((x, y))``, from the axes' box unless (x, y) is within ``_SURE_PX`` of its edge (or the
    axes are not a rectangle)."""
    if type(ax.patch) is not Rectangle:
        return bool(ax.contains_point((x, y)))
    x0, y0, x1, y1 = ax.bbox.extents
    if x0 + _SURE_PX < x < x1 - _SURE_PX and y0 + _SURE_PX < y < y1 - _SURE_PX:
        return True
    if x < x0 - _SURE_PX or x > x1 + _SURE_PX or y < y0 - _SURE_PX or y > y1 + _SURE_PX:
        return False
    return bool(ax.contains_point((x, y)))


def annotate(ax, text: str, xy, **kwargs) -> LabelAnnotation:
    """``ax.annotate(text, xy, **kwargs)`` making a :class:`LabelAnnotation` (the same steps as Axes.annotate)."""
    a = LabelAnnotation(text, xy, **kwargs)
    a.set_transform(IdentityTransform())
    if kwargs.get("clip_on", False) and a.get_clip_path() is None:
        a.set_clip_path(ax.patch)
    ax._add_text(a)
    return a


class LabelHalos(Artist):
    """The white halos of one map's place labels, drawn from the labels themselves: no second annotation per label.

    A halo was an annotation of its own (the label's text, white, with ``HALO``'s stroke, just under it): as many
    text artists again, each built with a dozen setters. This artist, at the halos' z-order (under every label's
    text), draws each label once more as its halo was drawn — the same text, place and transform, white, with the
    halo's path effects — then gives the label back its own colour and effects."""

    def __init__(self, zorder: float, effects: list) -> None:
        super().__init__()
        self.set_zorder(zorder)
        self.effects = effects
        self.notes: list[LabelAnnotation] = []

    def add(self, note: LabelAnnotation) -> None:
        """Draw ``note``'s halo (``note`` must draw by the fast path: a data point, an offset in points, no arrow
        of its own)."""
        if not _fast(note):
            raise ValueError("LabelHalos: a label drawn by the fast path only")
        self.notes.append(note)

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        dpi = None
        for note in self.notes:
            if not note.get_visible() or note.axes is None:
                continue
            x, y = note._get_position_xy(renderer)
            if not _inside(note.axes, x, y):
                continue
            dpi = dpi or note.get_figure(root=True).dpi
            note.set_transform(Affine2D().scale(dpi / 72).translate(x, y))
            colour, effects = note._color, note._path_effects
            note._color, note._path_effects = "white", self.effects
            try:
                Text.draw(note, renderer)
            finally:
                note._color, note._path_effects = colour, effects
        self.stale = False


def _fast(note) -> bool:
    """Whether ``LabelAnnotation.draw`` draws ``note`` without matplotlib's detours."""
    return not ((note.arrow_patch is not None and not getattr(note, "_leader_batched", False))
                or note._bbox_patch is not None or note.xycoords != "data"
                or note.anncoords != "offset points" or note.get_annotation_clip() is not True)
