"""QGIS styles (QML) of the GeoPackage tables, stored in its ``layer_styles`` table.

QGIS opens a GeoPackage layer with the style marked ``useAsDefault`` in ``layer_styles`` (the
table QGIS itself writes when one saves a style "in the database"). Each table gets a rule-based
renderer: one rule per distinct symbol the printed map draws (same colours, shape, size, dashes
as export.symbols), selecting its features by id, labelled with what the legend says.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

from export.scene import Scene
from export.words import nfc
from export.symbols import PX_TO_PT, layer_marker, marker_size
from layers.base import Style
from layers.registry import get_layer
from layers.symbols import honest_style

# Geometry type → the kind of table it goes to (one geometry type per GeoPackage table).
KIND_OF = {"Point": "points", "MultiPoint": "points", "LineString": "lines", "MultiLineString": "lines",
           "Polygon": "areas", "MultiPolygon": "areas"}

PT_TO_MM = 25.4 / 72
QGIS_MARKER = {"o": "circle", "s": "square", "D": "diamond"}


def _rgba(hex_colour: str | None, alpha: float = 1.0) -> str:
    if not hex_colour:
        return "0,0,0,0"
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{round(255 * alpha)}"


def _props(props: dict[str, str]) -> str:
    return "".join(f"<prop k={quoteattr(k)} v={quoteattr(str(v))}/>" for k, v in props.items())


def symbol_xml(index: int, kind: str, style: Style, marker: str) -> str:
    """One QGIS symbol (marker, line or fill) drawn as the printed map draws ``style``."""
    dash = "dash" if style.dash else "solid"
    if kind == "points":
        layer = _props({"name": QGIS_MARKER.get(marker, "circle"), "color": _rgba(style.fill_colour or style.colour,
                                                                                  style.fill_opacity if style.dash else 1),
                        "outline_color": _rgba(style.colour), "outline_style": dash,
                        "outline_width": f"{max(style.weight * PX_TO_PT, 0.5) * PT_TO_MM:.3f}", "outline_width_unit": "MM",
                        "size": f"{marker_size(style) * PT_TO_MM:.3f}", "size_unit": "MM"})
        return f'<symbol type="marker" name="{index}" alpha="1" clip_to_extent="1" force_rhr="0">' \
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
        symbols.append(symbol_xml(i, kind, style, layer_marker(layer_id)))
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            '<qgis version="3.22.0" styleCategories="Symbology">'
            '<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">'
            f'<rules key="root">{"".join(rules)}</rules><symbols>{"".join(symbols)}</symbols>'
            "</renderer-v2></qgis>")


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
