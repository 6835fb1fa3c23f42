"""QGIS styles (QML) of the GeoPackage tables, stored in its ``layer_styles`` table.

QGIS opens a GeoPackage layer with the style marked ``useAsDefault`` in ``layer_styles`` (the
table QGIS itself writes when one saves a style "in the database"). Each table gets a rule-based
renderer: one rule per distinct symbol the printed map draws (same colours, shape, size, dashes
as export.symbols), selecting its features by id, labelled with what the legend says.

Point tables get QGIS's own Point Displacement renderer around that rule-based one, so places that
share a position (or lie within ``STACK_TOLERANCE_MM`` of each other at the current zoom) are drawn
on a ring around it, each in its own colour, as the web map and the printed maps spread them.

Labels of points follow their symbols. QGIS's labelling engine places a label by the feature's own
position, so two places in one ring were both named at the ring's centre; the displacement renderer
instead writes each name itself, beside the symbol where it draws it (``labelAttributeName``; QGIS's
``QgsPointDistanceRenderer::drawLabels``, outward from the ring, up and right of a lone point). The
layer's own labelling is then off, but for the places set round a place of another layer
(``shared_positions``): the renderer would write their names at their true position, on that place,
so they are labelled by the engine instead, moved with their symbol (a data-defined offset), and the
renderer's name field (``LABEL_FIELD``, an expression field of the style) leaves them out.
"""
from __future__ import annotations

import math
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

from export.scene import Scene
from export.words import nfc
from export.symbols import LEADER_COLOUR, PX_TO_PT, layer_marker, marker_size
from layers.base import Style
from layers.registry import get_layer
from layers.symbols import honest_style

# Geometry type → the kind of table it goes to (one geometry type per GeoPackage table).
KIND_OF = {"Point": "points", "MultiPoint": "points", "LineString": "lines", "MultiLineString": "lines",
           "Polygon": "areas", "MultiPolygon": "areas"}

PT_TO_MM = 25.4 / 72
QGIS_MARKER = {"o": "circle", "s": "square", "D": "diamond"}
STACK_TOLERANCE_MM = 1.0   # closer than this on screen, a point's centre lies under its neighbour's disc
RING_GAP_MM = 0.6          # the displacement ring this much wider than the symbols need
LABEL_FIELD = "pm_label"   # the name the displacement renderer writes beside each symbol (an expression field)
LABEL_COLOUR = "33,33,33,255"
LABEL_GAP_MM = 0.8         # between a shifted symbol and its label
NAMED_SIZE, OTHER_SIZE = 7.5, 7.0   # points: the plan's named places (its towns), the others


def _rgba(hex_colour: str | None, alpha: float = 1.0) -> str:
    if not hex_colour:
        return "0,0,0,0"
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{round(255 * alpha)}"


def _props(props: dict[str, str]) -> str:
    return "".join(f"<prop k={quoteattr(k)} v={quoteattr(str(v))}/>" for k, v in props.items())


def _case(values: dict[str, str], default: str) -> str:
    """A QGIS expression: ``values[id]`` for the features listed, ``default`` for the rest."""
    whens = " ".join(f"WHEN \"id\" = {_quote(fid)} THEN {_quote(v)}" for fid, v in values.items())
    return f"CASE {whens} ELSE {_quote(default)} END"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _data_defined(props: dict[str, str], tag: str = "data_defined_properties") -> str:
    """``<data_defined_properties>`` (a label's: ``<dd_properties>``) as QGIS 3.22 saves them: each property an
    expression (type 3)."""
    entries = "".join(f'<Option name={quoteattr(k)} type="Map"><Option name="active" type="bool" value="true"/>'
                      f'<Option name="expression" type="QString" value={quoteattr(v)}/>'
                      '<Option name="type" type="int" value="3"/></Option>' for k, v in props.items())
    return (f'<{tag}><Option type="Map"><Option name="name" type="QString" value=""/>'
            f'<Option name="properties" type="Map">{entries}</Option>'
            f'<Option name="type" type="QString" value="collection"/></Option></{tag}>')


def _leader_layers(shifts: dict[str, tuple[float, float]]) -> str:
    """Under a shifted symbol: a leader line from the true position to where it is drawn, and a dot there.

    The line is QGIS's "line" marker (a vertical stroke ``size`` long through its centre), turned
    (``angle``, clockwise) along the shift and moved (``offset``, which QGIS turns with it) half of
    it; only shifted features draw them (``enabled``)."""
    colour = _rgba(LEADER_COLOUR)
    enabled = f'"id" IN ({", ".join(_quote(fid) for fid in shifts)})'
    length = {fid: f"{math.hypot(dx, dy):.3f}" for fid, (dx, dy) in shifts.items()}
    angle = {fid: f"{math.degrees(math.atan2(dx, -dy)):.1f}" for fid, (dx, dy) in shifts.items()}
    # QGIS turns a marker's offset with its angle: half the length "up" in the marker's own frame
    half = {fid: f"0,{-math.hypot(dx, dy) / 2:.3f}" for fid, (dx, dy) in shifts.items()}
    line = _props({"name": "line", "color": colour, "outline_color": colour, "outline_style": "solid",
                   "outline_width": "0.25", "outline_width_unit": "MM", "size": "0", "size_unit": "MM",
                   "offset": "0,0", "offset_unit": "MM"})
    line += _data_defined({"enabled": enabled, "size": f"to_real({_case(length, '0')})",
                           "angle": f"to_real({_case(angle, '0')})", "offset": _case(half, "0,0")})
    dot = _props({"name": "circle", "color": colour, "outline_color": colour, "outline_style": "no",
                  "outline_width": "0", "outline_width_unit": "MM", "size": "0.9", "size_unit": "MM"})
    dot += _data_defined({"enabled": enabled})
    return (f'<layer class="SimpleMarker" enabled="1" pass="0" locked="0">{line}</layer>'
            f'<layer class="SimpleMarker" enabled="1" pass="0" locked="0">{dot}</layer>')


def symbol_xml(index: int, kind: str, style: Style, marker: str,
               shifts: dict[str, tuple[float, float]] | None = None) -> str:
    """One QGIS symbol (marker, line or fill) drawn as the printed map draws ``style``.

    ``shifts`` (points only): feature id → where its marker is drawn from its true position, in mm on
    screen (x right, y down), with a leader line back (see ``shared_positions``)."""
    dash = "dash" if style.dash else "solid"
    if kind == "points":
        props = {"name": QGIS_MARKER.get(marker, "circle"), "color": _rgba(style.fill_colour or style.colour,
                                                                         style.fill_opacity if style.dash else 1),
                 "outline_color": _rgba(style.colour), "outline_style": dash,
                 "outline_width": f"{max(style.weight * PX_TO_PT, 0.5) * PT_TO_MM:.3f}", "outline_width_unit": "MM",
                 "size": f"{marker_size(style) * PT_TO_MM:.3f}", "size_unit": "MM"}
        leaders = ""
        layer = _props(props)
        if shifts:
            layer = _props({**props, "offset": "0,0", "offset_unit": "MM"}) + _data_defined(
                {"offset": _case({fid: f"{dx:.3f},{dy:.3f}" for fid, (dx, dy) in shifts.items()}, "0,0")})
            leaders = _leader_layers(shifts)
        return f'<symbol type="marker" name="{index}" alpha="1" clip_to_extent="1" force_rhr="0">{leaders}' \
               f'<layer class="SimpleMarker" enabled="1" pass="0" locked="0">{layer}</layer></symbol>'
    if kind == "lines":
        layer = _props({"line_color": _rgba(style.colour, style.opacity), "line_style": dash,
                        "line_width": f"{style.weight * PX_TO_PT * PT_TO_MM:.3f}", "line_width_unit": "MM",
                        "capstyle": "round", "joinstyle": "round"})
        return f'<symbol type="line" name="{index}" alpha="1" clip_to_extent="1" force_rhr="0">' \
               f'<layer class="SimpleLine" enabled="1" pass="0" locked="0">{layer}</layer></symbol>'
    layer = _props({"color": _rgba(style.fill_colour, style.fill_opacity), "style": "solid" if style.fill_colour else "no",
                    "outline_color": _rgba(style.colour, style.opacity), "outline_style": dash,
                    "outline_width": f"{style.weight * PX_TO_PT * PT_TO_MM:.3f}", "outline_width_unit": "MM"})
    return f'<symbol type="fill" name="{index}" alpha="1" clip_to_extent="1" force_rhr="0">' \
           f'<layer class="SimpleFill" enabled="1" pass="0" locked="0">{layer}</layer></symbol>'


def displacement_renderer(embedded: str, label_field: str = "", label_size: float = NAMED_SIZE) -> str:
    """QGIS's Point Displacement renderer (``pointDisplacement``) drawing ``embedded`` (a ``renderer-v2``).

    The attributes are those ``QgsPointDisplacementRenderer::save`` writes (QGIS 3.22): points whose
    screen positions lie within ``tolerance`` mm form a group, drawn on a ring (``placement`` 0) at
    least ``circleRadiusAddition`` mm wider than their symbols, round a small dot at their centre, the
    ring drawn thin in the leader colour of the printed maps. Each keeps the symbol ``embedded`` gives
    it. With ``label_field`` the renderer writes that field beside each symbol where it draws it, at
    every scale (``maxLabelScaleDenominator`` -1), in the labels' font, size and colour; empty, it
    writes none.
    """
    ring = _rgba(LEADER_COLOUR)
    centre = _props({"name": "circle", "color": ring, "outline_color": ring, "outline_style": "no",
                     "outline_width": "0", "outline_width_unit": "MM", "size": "1", "size_unit": "MM"})
    return (f'<renderer-v2 type="pointDisplacement" labelAttributeName={quoteattr(label_field)} circleWidth="0.3"'
            f' circleColor="{ring}" labelColor="{LABEL_COLOUR}" circleRadiusAddition="{RING_GAP_MM}"'
            ' labelDistanceFactor="0.5" placement="0"'
            f' maxLabelScaleDenominator="-1" tolerance="{STACK_TOLERANCE_MM}" toleranceUnit="MM"'
            ' toleranceUnitScale="3x:0,0,0,0,0,0" symbollevels="0" enableorderby="0" forceraster="0">'
            f'<labelFontProperties description="Noto Sans,{label_size:g},-1,5,50,0,0,0,0,0" style=""/>'
            f"{embedded}"
            '<symbol type="marker" name="centerSymbol" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="SimpleMarker" enabled="1" pass="0" locked="0">{centre}</layer></symbol>'
            "</renderer-v2>")


def _displacement_reach(members: list[tuple[str, float]]) -> float:
    """How far from the point (mm) QGIS's displacement ring of ``members`` (id, half size) reaches:
    its radius, as ``QgsPointDisplacementRenderer`` computes it for a ring, plus a symbol's half diagonal."""
    diagonal = math.sqrt(2) * 2 * max(h for _, h in members)
    radius = max(diagonal / 2, len(members) * diagonal / (2 * math.pi)) + RING_GAP_MM
    return radius + diagonal / 2


def shared_positions(scene: Scene) -> dict[str, tuple[float, float]]:
    """Places of different layers at one position: feature id → its marker's shift in mm on screen.

    QGIS displaces points within one layer only (the Point Displacement renderer is a layer's);
    where layers share a position (a town and its station, a town and its industrial zone), one
    layer stays on the point — one whose several places there QGIS rings itself, else the plan's
    named places (the towns, labelled first), else the biggest symbol — and the places alone of
    their layer there are set round it on a ring just clear of it, in id order, turned away from
    where the renderer writes the staying places' names (``_clear_of_names``), with a leader line
    back. Shifts are in mm, so the places stay spread at every zoom, as on the web map."""
    at: dict[tuple[float, float], dict[str, list[tuple[str, float]]]] = {}
    for layer_id in scene.frames:
        spec = get_layer(layer_id)
        for fid, row in scene.placed(layer_id).iterrows():
            if KIND_OF.get(row.geometry.geom_type) != "points":
                continue
            half = marker_size(spec.style_of(row.to_dict(), scene.ctx)) * PT_TO_MM / 2
            key = (round(row.geometry.x, 6), round(row.geometry.y, 6))
            at.setdefault(key, {}).setdefault(layer_id, []).append((str(fid), half))
    shifts: dict[str, tuple[float, float]] = {}
    for layers in at.values():
        if len(layers) < 2:
            continue
        anchor = max(layers, key=lambda lid: (len(layers[lid]) > 1, bool(get_layer(lid).label_field),
                                              max(h for _, h in layers[lid])))
        members = layers[anchor]
        inner = _displacement_reach(members) if len(members) > 1 else members[0][1]
        # another layer with several places here is ringed by QGIS round the point too: it stays
        ring = sorted((m[0] for lid, m in layers.items() if lid != anchor and len(m) == 1))
        if not ring:
            continue
        biggest = max(h for _, h in ring)
        radius = max(inner + biggest + RING_GAP_MM, sum(2 * h + RING_GAP_MM for _, h in ring) / (2 * math.pi))
        start = _clear_of_names(len(members), len(ring))
        for k, (fid, _) in enumerate(ring):
            angle = start + 2 * math.pi * k / len(ring)
            shifts[fid] = (radius * math.sin(angle), radius * math.cos(angle))
    return shifts


def _clear_of_names(staying: int, moved: int) -> float:
    """Where (radians, QGIS's way: 0 down, π/2 right) the first of ``moved`` places evenly set round a point
    goes, as far as can be from the directions the displacement renderer writes the names of the ``staying``
    places there in: up and right of a lone one, outward from each of a ring (``calculateSymbolAndLabelPositions``)."""
    names = [3 * math.pi / 4] if staying == 1 else [2 * math.pi * i / staying for i in range(staying)]

    def clearance(start: float) -> float:
        return min(abs(math.remainder(start + 2 * math.pi * k / moved - a, 2 * math.pi))
                   for k in range(moved) for a in names)
    return max((2 * math.pi * i / 72 for i in range(72)), key=lambda a: clearance(a) - a * 1e-6)


def layer_qml(scene: Scene, layer_id: str, kind: str) -> str:
    """The QML of one table: a rule per drawn symbol, features chosen by id."""
    spec = get_layer(layer_id)
    frame = scene.placed(layer_id)
    groups: dict[Style, list[tuple[str, dict]]] = {}
    for fid, row in frame.iterrows():
        if KIND_OF.get(row.geometry.geom_type) != kind:
            continue
        props = row.to_dict()
        style = spec.style_of(props, scene.ctx)
        if kind == "points":
            style = honest_style(style, props)
        groups.setdefault(style, []).append((str(fid), props))
    rules, symbols = [], []
    shifts = shared_positions(scene) if kind == "points" else {}
    for i, (style, members) in enumerate(groups.items()):
        ids = ",".join("'" + fid.replace("'", "''") + "'" for fid, _ in members)
        words = []
        for key in ("urban_class_label", "zone_kind_label", "status_label"):
            for _, props in members:
                value = props.get(key)
                if isinstance(value, str) and value and value not in words:
                    words.append(nfc(value))
        label = " · ".join(words) or spec.title(scene.lang)
        rules.append(f'<rule key="r{i}" symbol="{i}" filter={quoteattr(f"{chr(34)}id{chr(34)} IN ({ids})")} '
                     f'label={quoteattr(label)}/>')
        mine = {fid: shifts[fid] for fid, _ in members if fid in shifts}
        symbols.append(symbol_xml(i, kind, style, layer_marker(layer_id), mine))
    renderer = ('<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">'
                f'<rules key="root">{"".join(rules)}</rules><symbols>{"".join(symbols)}</symbols></renderer-v2>')
    if kind != "points":
        return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
                f'<qgis version="3.22.0" styleCategories="Symbology">{renderer}</qgis>')
    # names beside the symbols as drawn: the renderer's, but for the places shifted off another layer's
    named = bool(spec.label_field)
    field = spec.label_field or "name"
    size = NAMED_SIZE if named else OTHER_SIZE
    moved = {fid: (*shifts[fid], half) for style, members in groups.items() for fid, _ in members if fid in shifts
             for half in [marker_size(style) * PT_TO_MM / 2]}
    renderer = displacement_renderer(renderer, LABEL_FIELD, size)
    labels = ET.tostring(shifted_labeling(field, size, moved, priority=8 if named else 5), encoding="unicode") \
        if moved else ""
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            f'<qgis version="3.22.0" styleCategories="Symbology|Labeling|Fields" labelsEnabled="{int(bool(moved))}">'
            f'{renderer}{labels}{expression_fields(name_expression(field, moved))}</qgis>')


def name_expression(field: str, unlabelled: Mapping[str, object] | tuple[str, ...] = ()) -> str:
    """The renderer's name of each place: ``field``, but none for the ``unlabelled`` (ids)."""
    if not unlabelled:
        return f'"{field}"'
    ids = ", ".join(_quote(fid) for fid in sorted(unlabelled))
    return f'CASE WHEN "id" IN ({ids}) THEN NULL ELSE "{field}" END'


def expression_fields(expression: str) -> str:
    """The style's ``LABEL_FIELD``: a text field QGIS computes from ``expression`` on every feature."""
    return ('<expressionfields><field name="' + LABEL_FIELD + '" type="10" typeName="string" length="0"'
            f' precision="0" subType="0" comment="" expression={quoteattr(expression)}/></expressionfields>')


def labeling(field: str, size: float, colour: str, *, points: bool, priority: int = 5, expression: str = "",
             offsets: Mapping[str, tuple[float, float, int]] | None = None) -> ET.Element:
    """Simple labels of ``field`` (or of ``expression``): a white halo, beside points, inside areas; QGIS avoids
    collisions itself, placing the labels of higher ``priority`` (0–10) first. With ``offsets`` (id → x, y in
    mm, x right and y down, and the side QGIS sets the label on: 3 left, 5 right, 1 above, 7 below) each
    listed point's label is set off its position by that much."""
    el = ET.Element("labeling", type="simple")
    settings = ET.SubElement(el, "settings", calloutType="simple")
    style = ET.SubElement(settings, "text-style", fieldName=expression or field, isExpression="1" if expression else "0",
                          fontSize=str(size), fontSizeUnit="Point", textColor=colour, fontFamily="Noto Sans",
                          namedStyle="Regular", textOpacity="1", fontWeight="50")
    ET.SubElement(style, "text-buffer", bufferDraw="1", bufferSize="0.7", bufferSizeUnits="MM",
                  bufferColor="255,255,255,230", bufferOpacity="1", bufferNoFill="1")
    # placement 6 = "around point" (cartographic), 1 = "over point" (centroid of an area; a point's own spot,
    # set off by a quadrant and an offset)
    ET.SubElement(settings, "placement", placement="1" if offsets or not points else "6", dist="1", distUnits="MM",
                  priority=str(priority), quadOffset="4", xOffset="0", yOffset="0", offsetUnits="MM")
    ET.SubElement(settings, "rendering", obstacle="1", drawLabels="1", displayAll="0", upsidedownLabels="0")
    if offsets:
        settings.append(ET.fromstring(_data_defined({
            "OffsetXY": _case({fid: f"{x:.3f},{y:.3f}" for fid, (x, y, _q) in offsets.items()}, "0,0"),
            "OffsetQuad": f"to_int({_case({fid: str(q) for fid, (_x, _y, q) in offsets.items()}, '4')})"},
            tag="dd_properties")))
    return el


def shifted_labeling(field: str, size: float, moved: Mapping[str, tuple[float, float, float]],
                     priority: int = 5) -> ET.Element:
    """Labels of the places ``moved`` off a place of another layer (id → shift x, y and half size, mm): each on
    the outer side of its symbol where that is drawn (QGIS labels a point where it is, not where a
    data-defined offset draws its symbol); no others (the displacement renderer names those)."""
    offsets = {}
    for fid, (dx, dy, half) in moved.items():
        reach = half + LABEL_GAP_MM
        if abs(dx) >= abs(dy):
            offsets[fid] = (dx + math.copysign(reach, dx), dy, 5 if dx >= 0 else 3)
        else:
            offsets[fid] = (dx, dy + math.copysign(reach, dy), 7 if dy > 0 else 1)
    ids = ", ".join(_quote(fid) for fid in sorted(moved))
    return labeling(field, size, LABEL_COLOUR, points=True, priority=priority, offsets=offsets,
                    expression=f'CASE WHEN "id" IN ({ids}) THEN "{field}" ELSE NULL END')


def write_layer_styles(path: str, scene: Scene, tables: list[tuple[str, str, str]]) -> None:
    """Create ``layer_styles`` (as QGIS does) with one default style per (table, layer id, kind)."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with sqlite3.connect(path) as con:
        con.execute("""CREATE TABLE IF NOT EXISTS layer_styles (
            id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
            f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
            styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
            update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))""")
        con.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, last_change) "
                    "VALUES ('layer_styles', 'attributes', 'layer_styles', ?)", (now,))
        for table, layer_id, kind in tables:
            con.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,"
                        " styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time)"
                        " VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', '', ?)",
                        (table, table, layer_qml(scene, layer_id, kind), scene.title(), now))
