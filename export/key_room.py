"""How much more room a page's legend needs for its number key, guessed before the map is drawn.

A crowded map (the province on A4) numbers the places whose names find no room, and the key of those numbers can
overfill the legend: the page is then laid out again, a whole map drawn and thrown away (a quarter of a PDF page's
time). The number of places numbered is only known once the labels are set, but it follows from how crowded the
frame is: about :data:`FIT_PER_SQ_IN` named places per square inch of map (in the page's type scale) get a name
beside their symbol (measured on the plan's pages: the province on A4 numbers 16 of 48, on A3 9, a district none to
3); the rest are guessed numbered, and the legend gets the room their key would take from the first layout on. A
guess too small still costs the second layout (export.snapshot checks the key drawn); one too large gives the legend
a column it fills partly — the map a little narrower, the page as right.
"""
from __future__ import annotations

from collections.abc import Callable

from export.draw import _features, projected
from export.legend_layout import PRINT_MIN_PT, layout_legend
from export.page_limits import limits_for
from export.scene import Scene
from export.symbols import NumberEntry, key_name
from export.words import w
from layers.base import Style

FIT_PER_SQ_IN = 0.87
STEP, MOST = 0.6, 3.0   # the legend grows by STEP × scale inches, up to MOST × scale more (export.snapshot's retries)

Box = tuple[float, float, float, float]


def key_room(scene: Scene, boxes: Callable[[float], tuple[Box, Box, int]], s: float,
             sections: Callable[[], list]) -> float:
    """The legend's extra inches (0, STEP × s, …) for which the page's legend holds its layers' entries and the
    number key its map is guessed to need. ``boxes(extra)`` gives the page's (map box, legend box, columns) in
    inches; ``sections()`` the legend without its number key."""
    names = _point_names(scene)
    if not names:
        return 0.0
    base: list | None = None
    extra = 0.0
    while extra < MOST * s:
        (_, _, mw, mh), (_, _, lw, lh), ncol = boxes(extra)
        x0, x1, y0, y1 = limits_for(scene.extent(), mw / mh)
        inside = sorted((len(name), name) for x, y, name in names if x0 <= x <= x1 and y0 <= y <= y1)
        guessed = len(inside) - int(FIT_PER_SQ_IN * mw * mh / (s * s))
        if guessed <= 0:
            return extra
        if base is None:
            base = sections()
        middle = (len(inside) - guessed) // 2   # names of the middle lengths stand for the ones numbered
        key = " · ".join(f"{n}\u00a0{name}" for n, (_, name) in enumerate(inside[middle:middle + guessed], start=1))
        legend = base + [(w("number_key", scene.lang), [NumberEntry(key, Style("#212121"), "text")])]
        if not layout_legend(legend, w("legend", scene.lang), lw * 72, lh * 72, 7.5 * s, ncol=ncol,
                             floor=PRINT_MIN_PT, more=w("legend_more", scene.lang)).unplaced:
            return extra
        extra += STEP * s
    return extra


def _point_names(scene: Scene) -> list[tuple[float, float, str]]:
    """(x, y, name as the key gives it) of each named point the map draws (EPSG:9209)."""
    out = []
    for layer_id, frame in projected(scene).items():
        for _, _, _, geom, parts, name in _features(scene, layer_id, frame):
            if name and geom.geom_type in ("Point", "MultiPoint"):
                out += [(pt.x, pt.y, key_name(name)) for pt in parts]
    return out

