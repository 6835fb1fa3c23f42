"""A map layer's areas, lines and symbols written straight to the renderer, by one artist per SVG group.

A map page drew each ring, line, symbol, leader line and true-position dot as its own matplotlib artist
(``Polygon``, ``Line2D``, ``Circle`` …): about a hundred and fifty objects, each built with a dozen setters
and drawn through the artist machinery, for a few bytes of PDF each. :class:`DirectGroup` keeps, per item,
only what the renderer is handed — the path, its transform, the colours and the line settings — and draws
each item with the same renderer calls, the same graphics-context values in the same order, as the artist
it stands for (``Patch.draw``, ``Line2D.draw``): the same PDF and SVG bytes, the same pixels
(tests/export/test_direct_draw.py compares them).

The line settings are taken from a real artist made once per distinct style (matplotlib's own defaults,
dash scaling and colour conversion), so they are matplotlib's values, not a copy of its rules.
Whoever asks for the group's children (tests, tools) gets the artists themselves, made then.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.patches import Polygon
from matplotlib.transforms import Affine2D, Bbox, Transform, TransformedBbox

from export.groups import ArtistGroup


class _Item:
    """One thing drawn: its path and transform, its draw call, and how to make the artist it stands for."""

    __slots__ = ("zorder", "path", "patch_transform", "style", "clip", "make", "kind")

    def __init__(self, kind: str, zorder: float, path: Path, patch_transform: Transform | None, style: tuple,
                 clip: bool, make: Callable[[], Artist]) -> None:
        self.kind, self.zorder, self.path, self.patch_transform = kind, zorder, path, patch_transform
        self.style, self.clip, self.make = style, clip, make


class DirectGroup(ArtistGroup):
    """A named group (an :class:`~export.groups.ArtistGroup`) whose items are drawn without an artist each."""

    def __init__(self, ax, gid: str, zorder: float) -> None:
        super().__init__(gid, zorder)
        self.ax = ax
        self._items: list[_Item] = []
        self._made: list[Artist] | None = None

    # the artists, for those who read them (made on demand, then drawn as a plain group would draw them)
    @property
    def children(self) -> list[Artist]:
        if self._made is None:
            made = []
            for item in self._items:
                artist = item.make()
                artist.set_zorder(item.zorder)
                if item.clip:
                    artist.set_clip_path(self.ax.patch)
                if self.figure is not None:
                    artist.set_figure(self.figure)
                made.append(artist)
            self._made = made
        return self._made

    @children.setter
    def children(self, value: list[Artist]) -> None:  # ArtistGroup.__init__ sets it empty
        if value:
            raise ValueError("DirectGroup: add items with its add_* methods")

    def set_figure(self, fig) -> None:
        Artist.set_figure(self, fig)
        for child in self._made or []:
            child.set_figure(fig)

    def get_children(self) -> list[Artist]:
        return list(self.children)

    # ------------------------------------------------------------------ items
    def add_polygon(self, ring: np.ndarray, *, linewidth: float, linestyle, facecolor, edgecolor,
                    zorder: float = 1.0, make: Callable[[], Artist] | None = None) -> None:
        """``Polygon(ring, closed=True, …)`` in data units, clipped to the axes (``make()``: the artist it stands
        for, when not that polygon)."""
        style = _patch_style(float(linewidth), linestyle, _key(facecolor), _key(edgecolor))
        transform = self.ax.transData
        self._items.append(_Item("patch", zorder, _closed_path(ring), None, style, True, make or (lambda: Polygon(
            ring, closed=True, linewidth=linewidth, linestyle=linestyle, facecolor=facecolor, edgecolor=edgecolor,
            transform=transform, zorder=zorder))))

    def add_patch(self, path: Path, patch_transform: Transform | None, make: Callable[[], Artist], *,
                  linewidth: float, linestyle, facecolor, edgecolor, zorder: float) -> None:
        """A patch of ``path`` (through ``patch_transform``, then the data transform), clipped to the axes;
        ``make()`` gives the same patch as an artist."""
        style = _patch_style(float(linewidth), linestyle, _key(facecolor), _key(edgecolor))
        self._items.append(_Item("patch", zorder, path, patch_transform, style, True, make))

    def add_line(self, x, y, *, clip: bool = True, zorder: float = 2.0, **kwargs) -> None:
        """``Line2D(x, y, **kwargs)`` in data units (clipped to the axes unless ``clip`` is False)."""
        frozen = tuple(sorted((k, _key(v)) for k, v in kwargs.items()))
        style = _line_style(frozen)
        xy = np.column_stack(np.broadcast_arrays(np.asarray(x, dtype=float).ravel(),
                                                 np.asarray(y, dtype=float).ravel())).astype(float)
        transform = self.ax.transData
        self._items.append(_Item("line", zorder, Path(xy), None, style, clip, lambda: Line2D(
            x, y, transform=transform, zorder=zorder, **kwargs)))

    # ------------------------------------------------------------------ drawing
    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        if self._made is not None:  # its artists were made (and may have been changed): draw them
            return super().draw(renderer)
        renderer.open_group(self.get_gid(), gid=self.get_gid())
        data = self.ax.transData
        clip_transform = self.ax.patch.get_transform()
        for item in sorted(self._items, key=lambda i: i.zorder):
            transform = data if item.patch_transform is None else item.patch_transform + data
            clipbox = TransformedBbox(Bbox.unit(), clip_transform) if item.clip else None
            if item.kind == "patch":
                _draw_patch(renderer, item, transform, clipbox)
            else:
                _draw_line(renderer, item, transform, clipbox)
        renderer.close_group(self.get_gid())
        self.stale = False


def _key(value):
    """A colour or line style as a hashable key (RGBA arrays as tuples)."""
    if isinstance(value, np.ndarray):
        return tuple(float(v) for v in value)
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    return value


def _closed_path(ring) -> Path:
    """The path ``Polygon(ring, closed=True)`` draws (``Polygon.set_xy``: the ring closed unless it is)."""
    xy = np.asarray(ring)
    n = len(xy)
    if n == 1 or n > 1 and (xy[0] != xy[-1]).any():
        xy = np.concatenate([xy, [xy[0]]])
    return Path(xy, closed=True)


@lru_cache(maxsize=512)
def _patch_style(linewidth: float, linestyle, facecolor, edgecolor) -> tuple:
    """What ``Patch.draw`` hands the renderer for these settings, read from a patch made with them."""
    p = Polygon([(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)], closed=True, linewidth=linewidth, linestyle=linestyle,
                facecolor=facecolor, edgecolor=edgecolor)
    if p._hatch or p.get_path_effects() or p.get_sketch_params() is not None or p._gapcolor is not None:
        raise ValueError("DirectGroup draws plain patches only")
    lw = p._linewidth
    if p._edgecolor[3] == 0 or p._linestyle == "None":
        lw = 0
    dashes = p._dash_pattern if lw > 0 else (0, None)
    face = p._facecolor if p._facecolor[3] else None
    return (lw, p._capstyle, p._joinstyle, p._antialiased, p.get_snap(), p._alpha, p._edgecolor, dashes, face)


def _draw_patch(renderer, item: _Item, transform: Transform, clipbox) -> None:
    """``Patch.draw`` and ``_draw_paths_with_artist_properties`` for a plain patch (no hatch, effects, sketch)."""
    lw, cap, join, aa, snap, alpha, edge, dashes, face = item.style
    tpath = transform.transform_path_non_affine(item.path)
    affine = transform.get_affine()
    renderer.open_group("patch", None)
    gc = patch_gc(renderer, (lw, cap, join, aa, snap, alpha, edge, dashes), clipbox)
    renderer.draw_path(gc, tpath, affine, face)
    gc.restore()
    renderer.close_group("patch")


def patch_gc(renderer, style: tuple, clipbox):
    """A graphics context set as ``_draw_paths_with_artist_properties`` sets it for a plain patch, in its order:
    ``style`` is (line width, cap, join, antialiased, snap, alpha, edge colour, dashes); ``clipbox`` or None."""
    lw, cap, join, aa, snap, alpha, edge, dashes = style
    gc = renderer.new_gc()
    gc.set_linewidth(lw)
    gc.set_capstyle(cap)
    gc.set_joinstyle(join)
    gc.set_antialiased(aa)
    if clipbox is not None:
        gc.set_clip_rectangle(clipbox)
    gc.set_clip_path(None)
    gc.set_url(None)
    gc.set_snap(snap)
    gc.set_alpha(alpha)
    gc.set_foreground(edge, isRGBA=True)
    gc.set_dashes(*dashes)
    return gc


@lru_cache(maxsize=512)
def _line_style(kwargs: tuple) -> tuple:
    """What ``Line2D.draw`` hands the renderer for these settings, read from a line made with them."""
    line = Line2D([0.0, 1.0], [0.0, 1.0], **dict(kwargs))
    if (line.get_path_effects() or line.get_sketch_params() is not None or line.get_markevery() is not None
            or line.get_drawstyle() != "default" or (line.is_dashed() and line._gapcolor is not None)):
        raise ValueError("DirectGroup draws plain lines only")
    stroke = None
    if line._lineStyles[line._linestyle] != "_draw_nothing":
        dashed = line.is_dashed()
        stroke = (line._antialiased, line._linewidth,
                  line._dashjoinstyle if dashed else line._solidjoinstyle,
                  line._dashcapstyle if dashed else line._solidcapstyle, line.get_snap(),
                  to_rgba(line._color, line._alpha), line._dash_pattern if line._linewidth > 0 else (0, None))
    marker = None
    if line._marker and line._markersize > 0:
        m = line._marker
        ec = to_rgba(line.get_markeredgecolor(), line._alpha)
        fc = to_rgba(line._get_markerfacecolor(), line._alpha)
        if line._markeredgecolor == "auto" and str(line.get_markerfacecolor()).lower() != "none":
            ec = ec[:3] + (fc[3],)
        if m.get_alt_path() is not None or m.get_marker() == ",":
            raise ValueError("DirectGroup draws plain markers only")
        marker = (line._markeredgewidth, line._antialiased, ec, fc, line._markersize, m.get_snap_threshold(),
                  m.get_joinstyle(), m.get_capstyle(), m.get_path(), m.get_transform())
    return stroke, marker


def _draw_line(renderer, item: _Item, transform: Transform, clipbox) -> None:
    """``Line2D.draw`` for a plain line (default draw style, no effects, no marker subsampling)."""
    stroke, marker = item.style
    renderer.open_group("line2d", None)
    if stroke is not None:
        tpath = transform.transform_path_non_affine(item.path)
        if len(tpath.vertices):
            aa, lw, join, cap, snap, colour, dashes = stroke
            gc = renderer.new_gc()
            _clip(gc, clipbox)
            gc.set_url(None)
            gc.set_antialiased(aa)
            gc.set_linewidth(lw)
            gc.set_joinstyle(join)
            gc.set_capstyle(cap)
            gc.set_snap(snap)
            gc.set_foreground(colour, isRGBA=True)
            gc.set_dashes(*dashes)
            renderer.draw_path(gc, tpath, transform.get_affine().frozen())
            gc.restore()
    if marker is not None:
        mew, aa, ec, fc, size, threshold, join, cap, mpath, mtrans = marker
        gc = renderer.new_gc()
        _clip(gc, clipbox)
        gc.set_url(None)
        gc.set_linewidth(mew)
        gc.set_antialiased(aa)
        gc.set_foreground(ec, isRGBA=True)
        points = Path._fast_from_codes_and_verts(transform.transform_non_affine(item.path.vertices), None, item.path)
        if len(points.vertices):
            snap = threshold
            if isinstance(snap, (int, float)):
                snap = renderer.points_to_pixels(size) >= snap
            gc.set_snap(snap)
            gc.set_joinstyle(join)
            gc.set_capstyle(cap)
            trans = mtrans.frozen().scale(renderer.points_to_pixels(size))
            renderer.draw_markers(gc, mpath, trans, points, transform.get_affine().frozen(), fc)
        gc.restore()
    renderer.close_group("line2d")


def _clip(gc, clipbox) -> None:
    """``Artist._set_gc_clip`` of an artist clipped to ``clipbox`` (or not clipped at all: None)."""
    if clipbox is not None:
        gc.set_clip_rectangle(clipbox)
    gc.set_clip_path(None)


def patch_transform_of(kind: str, centre: tuple[float, float], size: float) -> Transform:
    """The patch transform of a circle (``Circle(centre, size)``) or of a regular diamond
    (``RegularPolygon(centre, 4, radius=size, orientation=0)``), as those patches compute it."""
    x, y = centre
    if kind == "circle":
        return Affine2D().scale(size * 2 * 0.5, size * 2 * 0.5 * 1.0).rotate_deg(0.0).scale(1, 1 / 1.0).translate(x, y)
    return Affine2D().scale(size).rotate(0.0).translate(x, y)


__all__ = ["DirectGroup", "patch_gc", "patch_transform_of"]
