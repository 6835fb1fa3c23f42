"""The print legend draws a line as the map draws it (issue 10): Ring Road V is a dashed line in its
status colour on the map, so its legend entry is the same dashed line — not a grey dash that reads
as a dark patch."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from export.snapshot import render_snapshot
from layers.query import ViewFilter

SVG = "{http://www.w3.org/2000/svg}"


def _dashed_paths(svg: bytes) -> tuple[list[dict], list[dict]]:
    """(paths inside the ring road's map group, every other dashed path), each as its style and length."""
    root = ET.fromstring(svg)
    in_map: list[dict] = []
    others: list[dict] = []
    map_paths = {id(p) for g in root.iter(SVG + "g") if g.get("id", "").startswith("ring_road_v")
                 for p in g.iter(SVG + "path")}
    for p in root.iter(SVG + "path"):
        style = dict(part.split(":", 1) for part in (p.get("style") or "").replace(" ", "").split(";") if ":" in part)
        if "stroke-dasharray" not in style:
            continue
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", p.get("d", ""))]
        xs, ys = numbers[0::2], numbers[1::2]
        style["length"] = ((max(xs) - min(xs)) ** 2 + (max(ys) - min(ys)) ** 2) ** 0.5
        (in_map if id(p) in map_paths else others).append(style)
    return in_map, others


def test_ring_road_legend_entry_is_the_dashed_line_in_the_map_colour(scene_of):
    scene = scene_of(format="svg", view=ViewFilter(layers=("ring_road_v",)))  # rr5 is "preparing" (blue)
    in_map, legend = _dashed_paths(render_snapshot(scene, "svg", fetcher=None))
    assert in_map and legend
    colours = {p["stroke"] for p in in_map}
    assert len(colours) == 1 and colours != {"#455a64"}          # the status colour, not the neutral grey
    entry = legend[0]
    assert entry["stroke"] in colours
    dash, gap = (float(v) for v in entry["stroke-dasharray"].split(",")[:2])
    map_dash, map_gap = (float(v) for v in in_map[0]["stroke-dasharray"].split(",")[:2])
    assert abs(dash - map_dash) < 0.01 and abs(gap - map_gap) < 0.01
    assert abs(float(entry["stroke-width"]) - float(in_map[0]["stroke-width"])) < 0.01
    assert entry["length"] >= 2 * dash + gap - 0.01              # long enough to read as dashed
