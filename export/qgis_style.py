"""QGIS styles (QML) of the GeoPackage tables, stored in its ``layer_styles`` table.

QGIS opens a GeoPackage layer with the style marked ``useAsDefault`` in ``layer_styles`` (the
table QGIS itself writes when one saves a style "in the database"). Each table gets a rule-based
renderer: one rule per distinct symbol the printed map draws (same colours, shape, size, dashes
as export.symbols), selecting its features by id, labelled with what the legend says.

Point tables are drawn as the printed map draws them (export.qgis_spots): places whose symbols would
overlap at the export's scale (sharing a position, or nearly) are spread apart by the print map's own
displacement, each symbol moved by a data-defined offset in mm (so they stay apart at every zoom, as on
the web map) with a leader line back to its true position. Each place is named by QGIS's own labelling
(PAL): a white halo as on paper, the plan's named places first, no two names over each other, the
symbols where they are drawn as obstacles; each name at the spot the print map's placer chose beside
its own symbol (a data-defined offset from the true position), so none sits on another's symbol or at a
ring's centre, and none is written twice. A name the print map had no room for is offered beside its
symbol at the lowest priority: QGIS shows it where zooming in makes room. Zoomed in past half the
export's scale (``@map_scale``; a big screen shows the whole province so), every name goes just beside its
own symbol, on the side that meets the fewest other symbols as the places spread apart (the print map's first),
and past a quarter of it where that is clearest by then: the spots set for the export's scale may lie over a
neighbour's symbol by then. Lines are
obstacles too (no names of their own), so the district names keep off the rail and the ring road.
"""
from __future__ import annotations

import math
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

from export.qgis_spots import Spot, beside, print_spots, reference_scale, spread
from export.scene import Scene
from export.words import nfc
from export.symbols import LEADER_COLOUR, PX_TO_PT, layer_marker, marker_size
from layers.base import Style
from layers.registry import get_layer
from layers.symbols import PRECISION_DASH, honest_style

# Geometry type → the kind of table it goes to (one geometry type per GeoPackage table).
KIND_OF = {"Point": "points", "MultiPoint": "points", "LineString": "lines", "MultiLineString": "lines",
           "Polygon": "areas", "MultiPolygon": "areas"}

PT_TO_MM = 25.4 / 72
QGIS_MARKER = {"o": "circle", "s": "square", "D": "diamond"}
STACK_TOLERANCE_MM = 1.0   # the user's own points: closer than this on screen, QGIS's displacement spreads them
RING_GAP_MM = 0.6          # the displacement ring this much wider than the symbols need
LABEL_COLOUR = "33,33,33,255"
ZOOMED_IN = 0.5            # below this share of the print map's scale, names go just beside their symbols
ZOOMED_FAR = 0.25          # and below this, just beside them where that is clearest zoomed in so far
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
        dash = "dot" if style.dash == PRECISION_DASH["placeholder"] else dash   # a placeholder's dotted outline
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
        line = {"line_color": _rgba(style.colour, style.opacity), "line_style": dash,
                "line_width": f"{style.weight * PX_TO_PT * PT_TO_MM:.3f}", "line_width_unit": "MM",
                "capstyle": "round", "joinstyle": "round"}
        if style.dash:   # the map's own pattern (each railway has its own: dashes, dash-dot, dots), not QGIS's dash
            parts = [float(v) * PX_TO_PT * PT_TO_MM for v in style.dash.replace(",", " ").split()]
            line.update(use_custom_dash="1", customdash=";".join(f"{v:.3f}" for v in parts), customdash_unit="MM",
                        capstyle="flat")
        layer = _props(line)
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
    spots = print_spots(scene) if kind == "points" else {}
    shifts = spread(spots)
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
    if kind == "lines":  # no names, but obstacles: the district names keep off the rail and the ring road
        obstacle = ET.tostring(labeling("name", OTHER_SIZE, LABEL_COLOUR, points=False, draw=False), encoding="unicode")
        return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
                f'<qgis version="3.22.0" styleCategories="Symbology|Labeling" labelsEnabled="1">{renderer}{obstacle}'
                "</qgis>")
    if kind != "points":
        return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
                f'<qgis version="3.22.0" styleCategories="Symbology">{renderer}</qgis>')
    # every name beside its symbol as the print map sets it, by QGIS's labelling (halo, priorities, no collisions)
    named = bool(spec.label_field)
    field = spec.label_field or "name"
    size = NAMED_SIZE if named else OTHER_SIZE
    halves = {fid: marker_size(style) * PT_TO_MM / 2 for style, members in groups.items() for fid, _ in members}
    placed = {fid: spots.get(fid, Spot((0.0, 0.0), None, near=beside((0.0, 0.0), halves[fid], None, True)))
              for fid in halves}   # a place out of the export's view: named right of its symbol
    labels = ET.tostring(point_labeling(field, size, placed, priority=8 if named else 5,
                                        zoomed=ZOOMED_IN * reference_scale(scene),
                                        far=ZOOMED_FAR * reference_scale(scene)), encoding="unicode")
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            f'<qgis version="3.22.0" styleCategories="Symbology|Labeling" labelsEnabled="1">{renderer}{labels}</qgis>')


def point_labeling(field: str, size: float, spots: Mapping[str, Spot], priority: int, zoomed: float = 0.0,
                   far: float = 0.0) -> ET.Element:
    """Labels of a point table: each name where the print map set it (``spots``, id → its symbol's shift and its
    name's anchor, mm from the true position); a name the print map left out goes right
    of its symbol (``Spot.near``), at the lowest priority, for QGIS to show where it fits.
    Zoomed in below 1:``zoomed`` (the places spread apart, a spot set for the export's scale may be over another
    symbol by then) each name goes just beside its own symbol instead (``Spot.near``), below 1:``far`` where that
    is clearest by then (``Spot.nearer``)."""
    offsets, left_out = {}, []
    for fid, spot in spots.items():
        if spot.label is not None:
            offsets[fid] = spot.label
        else:
            offsets[fid] = spot.near   # right of its symbol
            left_out.append(fid)
    return labeling(field, size, LABEL_COLOUR, points=True, priority=priority, offsets=offsets,
                    near={fid: spot.near for fid, spot in spots.items()} if zoomed else None, zoomed=zoomed,
                    nearer={fid: spot.nearer or spot.near for fid, spot in spots.items()} if far else None, far=far,
                    priorities={fid: "1" for fid in left_out} or None,
                    # a callout goes to the true position: for a symbol drawn there only (a displaced one's name
                    # is never nearer another symbol, export.labels)
                    callouts=[fid for fid, spot in spots.items()
                              if spot.leader and spot.label is not None and spot.shift == (0.0, 0.0)])


def callout(ids: list[str]) -> ET.Element:
    """QGIS's simple callout (as 3.22 saves it): a thin line in the leader colour from the label to its point,
    drawn for the ``ids`` only (data-defined ``CalloutDraw``), the names the print map ties to their symbol."""
    line = symbol_xml(0, "lines", Style(LEADER_COLOUR, None, weight=0.5), "o").replace('name="0"', 'name="symbol"')
    el = ET.Element("callout", type="simple")
    opts = ET.SubElement(el, "Option", type="Map")
    for name, kind, value in (("anchorPoint", "QString", "point_on_exterior"), ("enabled", "QString", "1"),
                              ("labelAnchorPoint", "QString", "point_on_exterior"), ("lineSymbol", "QString", line),
                              ("minLength", "double", "0"), ("minLengthUnit", "QString", "MM"),
                              ("offsetFromAnchor", "double", "0"), ("offsetFromAnchorUnit", "QString", "MM"),
                              ("offsetFromLabel", "double", "0.3"), ("offsetFromLabelUnit", "QString", "MM"),
                              ("drawToAllParts", "bool", "false")):
        ET.SubElement(opts, "Option", name=name, type=kind, value=value)
    return el


def labeling(field: str, size: float, colour: str, *, points: bool, priority: int = 5, expression: str = "",
             offsets: Mapping[str, tuple[float, float, int]] | None = None,
             priorities: Mapping[str, str] | None = None, callouts: list[str] | None = None,
             draw: bool = True, near: Mapping[str, tuple[float, float, int]] | None = None,
             zoomed: float = 0.0, nearer: Mapping[str, tuple[float, float, int]] | None = None,
             far: float = 0.0) -> ET.Element:
    """Simple labels of ``field`` (or of ``expression``): a white halo, beside points, inside areas; QGIS avoids
    collisions itself, placing the labels of higher ``priority`` (0–10) first. With ``offsets`` (id → x, y in
    mm, x right and y down, and the side QGIS sets the label on: 3 left, 5 right, 1 above, 7 below, 2 its lower
    left corner there) each listed point's label is set off its position by that much; ``priorities`` (id →
    0–10) overrides ``priority`` for some, and the ``callouts`` (ids) are tied to their point by a thin line.
    Below 1:``zoomed`` the ``near`` offsets (same form) replace ``offsets`` and no callout is drawn; below 1:``far``
    the ``nearer`` ones, where given."""
    el = ET.Element("labeling", type="simple")
    settings = ET.SubElement(el, "settings", calloutType="simple")
    style = ET.SubElement(settings, "text-style", fieldName=expression or field, isExpression="1" if expression else "0",
                          fontSize=str(size), fontSizeUnit="Point", textColor=colour, fontFamily="Noto Sans",
                          namedStyle="Regular", textOpacity="1", fontWeight="50")
    ET.SubElement(style, "text-buffer", bufferDraw="1", bufferSize="0.7", bufferSizeUnits="MM",
                  bufferColor="255,255,255,230", bufferOpacity="1", bufferNoFill="1")
    # placement 6 = "around point" (cartographic), 1 = "over point" (a point's own spot, set off by a quadrant and
    # an offset), 4 = "horizontal" inside an area (anywhere in it: the name moves off the symbols, which are
    # obstacles where they are drawn)
    ET.SubElement(settings, "placement", placement="4" if not points else "1" if offsets else "6", dist="1",
                  distUnits="MM",
                  priority=str(priority), quadOffset="4", xOffset="0", yOffset="0", offsetUnits="MM")
    # ``draw`` off: the features are obstacles only (other layers' labels keep off them), with no label of their own
    # an area is no obstacle (a district's interior would keep every place's name off it: QGIS drops a label of
    # lower priority than an obstacle's factor)
    ET.SubElement(settings, "rendering", obstacle=str(int(points or not draw)), drawLabels=str(int(draw)),
                  displayAll="0", upsidedownLabels="0", obstacleFactor="0.2" if not draw else "1")
    if offsets:
        xy = _case({fid: f"{x:.3f},{y:.3f}" for fid, (x, y, _q) in offsets.items()}, "0,0")
        quad = _case({fid: str(q) for fid, (_x, _y, q) in offsets.items()}, "4")
        drawn = f'"id" IN ({", ".join(_quote(fid) for fid in sorted(callouts or []))})'
        if near:   # zoomed in past 1:``zoomed``: the ``near`` spots, and no callouts
            closer = f"@map_scale < {zoomed:.0f}"
            xy = f"CASE WHEN {closer} THEN {_case({fid: f'{x:.3f},{y:.3f}' for fid, (x, y, _q) in near.items()}, '0,0')}" \
                 f" ELSE {xy} END"
            quad = f"CASE WHEN {closer} THEN {_case({fid: str(q) for fid, (_x, _y, q) in near.items()}, '4')} ELSE {quad} END"
            drawn = f"NOT ({closer}) AND {drawn}"
            if nearer:   # further in, past 1:``far``: the ``nearer`` spots
                further = f"@map_scale < {far:.0f}"
                xy = f"CASE WHEN {further} THEN {_case({fid: f'{x:.3f},{y:.3f}' for fid, (x, y, _q) in nearer.items()}, '0,0')}" \
                     f" ELSE {xy} END"
                quad = f"CASE WHEN {further} THEN {_case({fid: str(q) for fid, (_x, _y, q) in nearer.items()}, '4')} ELSE {quad} END"
        settings.append(ET.fromstring(_data_defined({
            "OffsetXY": xy, "OffsetQuad": f"to_int({quad})",
            **({"Priority": f"to_int({_case(dict(priorities), str(priority))})"} if priorities else {}),
            **({"CalloutDraw": drawn} if callouts else {})},
            tag="dd_properties")))
    if callouts:
        settings.append(callout(callouts))
    return el


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
