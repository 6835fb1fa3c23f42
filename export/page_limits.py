"""A map frame's limits in EPSG:9209: the ground a page shows, widened to the frame's width/height."""
from __future__ import annotations

import numpy as np

from export.draw import _from_lonlat


def limits_for(bbox_lonlat: tuple[float, float, float, float], aspect: float, pad: float = 0.04
               ) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) in EPSG:9209 covering ``bbox_lonlat``, widened to width/height ``aspect``."""
    minx, miny, maxx, maxy = bbox_lonlat
    lon = np.array([minx, maxx, maxx, minx, (minx + maxx) / 2, (minx + maxx) / 2])
    lat = np.array([miny, miny, maxy, maxy, miny, maxy])
    x, y = _from_lonlat().transform(lon, lat)
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    dx, dy = (x1 - x0) or 1000.0, (y1 - y0) or 1000.0
    return limits_for_box((x0 - dx * pad, y0 - dy * pad, x1 + dx * pad, y1 + dy * pad), aspect)


def limits_for_box(box: tuple[float, float, float, float], aspect: float) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) in EPSG:9209 around a projected ``box`` (minx, miny, maxx, maxy), widened to ``aspect``."""
    x0, y0, x1, y1 = box
    dx, dy = x1 - x0, y1 - y0
    if dx / dy < aspect:
        grow = (dy * aspect - dx) / 2
        return x0 - grow, x1 + grow, y0, y1
    grow = (dx / aspect - dy) / 2
    return x0, x1, y0 - grow, y1 + grow


def around(x: float, y: float, half_width_m: float, aspect: float) -> tuple[float, float, float, float]:
    """Limits centred on (x, y) in EPSG:9209."""
    half_h = half_width_m / aspect
    return x - half_width_m, x + half_width_m, y - half_h, y + half_h
