"""Polygons as delta-coded integers: the base geography in a third of the bytes of GeoJSON.

GeoJSON spends ~22 bytes on a vertex ("[106.1234, 20.9876], "); the district outlines are
generalised to ~90 m, so each vertex is an integer number of 1e-4° steps from the previous
one, usually a few steps: ~6 bytes. Like TopoJSON's quantised arcs or Google's encoded
polylines, without a library. ``DECODE_JS`` turns the code back into a GeoJSON geometry.
"""
from __future__ import annotations

import shapely
from shapely.geometry import mapping

STEPS_PER_DEGREE = 10_000  # 1e-4° ≈ 11 m


def _ring(coords) -> list[int]:
    flat, last_x, last_y = [], 0, 0
    for lon, lat in coords:
        x, y = round(lon * STEPS_PER_DEGREE), round(lat * STEPS_PER_DEGREE)
        flat += [x - last_x, y - last_y]
        last_x, last_y = x, y
    return flat


def encode_polygons(geometry: shapely.Geometry) -> list[list[list[int]]]:
    """A Polygon or MultiPolygon as [polygon][ring][dx0, dy0, dx1, dy1, …] (deltas of 1e-4° steps)."""
    geo = mapping(geometry)
    polygons = [geo["coordinates"]] if geo["type"] == "Polygon" else list(geo["coordinates"])
    return [[_ring(ring) for ring in polygon] for polygon in polygons]


DECODE_JS = """function(code){
    return {type: 'MultiPolygon', coordinates: code.map(function(polygon){
        return polygon.map(function(flat){
            var x = 0, y = 0, ring = [];
            for (var i = 0; i < flat.length; i += 2) { x += flat[i]; y += flat[i + 1]; ring.push([x / STEPS, y / STEPS]); }
            return ring;
        });
    })};
}""".replace("STEPS", str(STEPS_PER_DEGREE))
