"""The QGIS project (format ``qgz``): the export's layers, styled as on the map, in one file.

A ``.qgz`` is a zip holding the project XML (``<stem>.qgs``). Here it also holds the data: the
export's GeoPackage (export.gpkg, the map's styles in its ``layer_styles`` too) with one more
table, ``base_districts``, the districts of 2019–2025 under the plan. QGIS reads files attached to
a project archive since 3.22 (``QgsProject.createAttachedFile``): a layer whose source starts
with ``attachment:`` is read from the archive, which QGIS unpacks on opening and packs again on
saving. So one file travels, and nothing points outside it. Older QGIS (3.16 and before) cannot
find the attached data; unzip the ``.qgz`` and open the GeoPackage itself there.

The project: every table as a layer in draw order (the base at the bottom, then lines and areas,
then points, as mapview.build draws them), each with the rule-based renderer of
export.qgis_style (points spread apart as the print map spreads them, export.qgis_spots); the
user's own layers in their map colour (their points inside QGIS's Point Displacement renderer);
every place named by QGIS's labelling beside its symbol where it is drawn, as printed maps do (the
plan's named places first); the district names anywhere in their district, off the symbols and
lines; project CRS EPSG:4326, or VN-2000 /
TM-3 105°30′ (EPSG:9209) when the export asked for metres; the first view is the export's extent;
the title is the map's title. The XML is written with the standard library: QGIS is not needed to
make the file.
"""
from __future__ import annotations

import io
import os
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime

import geopandas as gpd
import pyogrio
from pyproj import CRS

from core.vocab import MEASURE_CRS, WGS84
from export.gpkg import Table, remove_sqlite, write_gpkg
from export.qgis_style import displacement_renderer, labeling, layer_qml, symbol_xml
from export.naming import file_stem
from export.scene import Scene
from export.words import nfc
from geo.base_geography import load_districts
from geo.crs import from_wgs84
from layers.base import Style
from layers.overlay_style import path_style
from layers.registry import LAYER_IDS, get_layer
from mapview.base_layer import BOUNDARY_COLOUR

QGIS_VERSION = "3.22.0"          # the oldest QGIS that reads attached files
BASE_TABLE = "base_districts"
GEOMETRY = {"points": ("Point", "Point"), "lines": ("Line", "LineString"), "areas": ("Polygon", "Polygon")}
BASE_TITLE = {"vi": "Ranh giới huyện (2019–2025)", "en": "District boundaries (2019–2025)"}
LABEL_GREY = "97,97,97,255"


def project_crs(scene: Scene) -> str:
    """EPSG:9209 when the export works in metres (VN-2000), else EPSG:4326."""
    return MEASURE_CRS if scene.request.ticks == "metres" else WGS84


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def spatialrefsys(parent: ET.Element, code: str) -> ET.Element:
    """A QGIS ``<spatialrefsys>`` of an EPSG code: QGIS resolves the authority id, the WKT is the fallback.
    No PROJ string: one of VN-2000 loses its datum shift (geo.crs)."""
    crs = CRS.from_user_input(code)
    srs = _sub(parent, "spatialrefsys")
    _sub(srs, "wkt", crs.to_wkt())
    _sub(srs, "srid", str(crs.to_epsg()))
    _sub(srs, "authid", code)
    _sub(srs, "description", crs.name)
    _sub(srs, "projectionacronym", "longlat" if crs.is_geographic else "tmerc")
    _sub(srs, "ellipsoidacronym", "EPSG:7030")
    _sub(srs, "geographicflag", "true" if crs.is_geographic else "false")
    return srs


def view_extent(scene: Scene, code: str) -> tuple[float, float, float, float]:
    """The export's extent in the project's CRS."""
    minx, miny, maxx, maxy = scene.extent()
    if code == WGS84:
        return minx, miny, maxx, maxy
    xs, ys = from_wgs84(([minx, maxx, minx, maxx], [miny, miny, maxy, maxy]), code)
    return float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))


def _extent(parent: ET.Element, tag: str, box: tuple[float, float, float, float]) -> None:
    el = _sub(parent, tag)
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), box):
        _sub(el, name, repr(float(value)))


def single_renderer(symbol: str) -> ET.Element:
    return ET.fromstring(f'<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
                         f"<symbols>{symbol}</symbols></renderer-v2>")


def _layer(root_layers: ET.Element, tree: list, *, layer_id: str, name: str, source: str, kind: str,
           crs: str, renderer: ET.Element, labels: ET.Element | None, geometry_type: str | None = None) -> None:
    geometry, wkb = GEOMETRY[kind]
    ml = _sub(root_layers, "maplayer", type="vector", geometry=geometry, wkbType=geometry_type or wkb,
              labelsEnabled="1" if labels is not None else "0", styleCategories="AllStyleCategories",
              readOnly="0", hasScaleBasedVisibilityFlag="0", minScale="100000000", maxScale="0")
    _sub(ml, "id", layer_id)
    _sub(ml, "datasource", source)
    _sub(ml, "layername", name)
    spatialrefsys(_sub(ml, "srs"), crs)
    _sub(ml, "provider", "ogr", encoding="UTF-8")
    ml.append(renderer)
    if labels is not None:
        ml.append(labels)
    _sub(ml, "blendMode", "0")
    _sub(ml, "featureBlendMode", "0")
    _sub(ml, "layerOpacity", "1")
    tree.append((layer_id, name, source))


def draw_order(tables: list[Table]) -> list[Table]:
    """Tables bottom first, as the map draws them: lines and areas, then points; layers on top last;
    the user's own layers above the plan (as on the map, where they are added after it)."""
    def key(tb: Table) -> tuple:
        if not tb.layer_id:
            return (2, tb.overlay, tb.kind == "points")
        spec = get_layer(tb.layer_id)
        return (0 if tb.kind != "points" else 1, spec.draw_on_top, spec.order, tb.kind)
    return sorted(tables, key=key)


def _ids(tables: list[Table]) -> dict[str, str]:
    return {tb.name: f"{tb.name}_{i:02d}" for i, tb in enumerate(tables)}


def project_xml(scene: Scene, tables: list[Table], data_name: str) -> bytes:
    """The ``.qgs`` document of ``tables`` (read from the attached GeoPackage ``data_name``)."""
    code = project_crs(scene)
    title = nfc(scene.title())
    root = ET.Element("qgis", projectname=title, version=QGIS_VERSION,
                      saveDateTime=datetime.now().strftime("%Y-%m-%dT%H:%M:%S"))
    _sub(root, "homePath", path="")
    _sub(root, "title", title)
    spatialrefsys(_sub(root, "projectCrs"), code)
    properties = _sub(root, "properties")  # without ProjectionsEnabled QGIS ignores projectCrs
    _sub(_sub(properties, "SpatialRefSys"), "ProjectionsEnabled", "1", type="int")
    _sub(_sub(properties, "Paths"), "Absolute", "false", type="bool")
    group = _sub(root, "layer-tree-group")
    layers = ET.Element("projectlayers")
    tree: list[tuple[str, str, str]] = []
    source = f"attachment:{data_name}|layername="
    ids = _ids(tables)
    _layer(layers, tree, layer_id="base_districts_00", name=BASE_TITLE["en" if scene.lang == "en" else "vi"],
           source=source + BASE_TABLE, kind="areas", crs=WGS84, geometry_type="MultiPolygon",
           renderer=single_renderer(symbol_xml(0, "areas", Style(BOUNDARY_COLOUR, None, weight=1), "o")),
           labels=labeling("name", 7, LABEL_GREY, points=False, priority=2))   # the names give way to the places
    for tb in draw_order(tables):
        if tb.layer_id:
            # the table's style as the GeoPackage holds it: every place named by QGIS's labelling beside its
            # symbol where it is drawn, the plan's named places first; lines as obstacles to the district names
            qml = ET.fromstring(layer_qml(scene, tb.layer_id, tb.kind))
            renderer, labels = qml.find("renderer-v2"), qml.find("labeling")
        else:
            overlay, style = scene.overlays[tb.overlay]
            family = {"points": "point", "lines": "line", "areas": "polygon"}[tb.kind]
            renderer = single_renderer(symbol_xml(0, tb.kind, path_style(family, style.colour, style), "o"))
            if tb.kind == "points":  # the user's points spread apart too, as on the map
                renderer = ET.fromstring(displacement_renderer(ET.tostring(renderer, encoding="unicode")))
            labels = None
        _layer(layers, tree, layer_id=ids[tb.name], name=tb.title, source=source + tb.name, kind=tb.kind,
               crs=WGS84, renderer=renderer, labels=labels)
    for layer_id, name, src in reversed(tree):  # the layer tree lists the top layer first
        node = _sub(group, "layer-tree-layer", id=layer_id, name=name, source=src, providerKey="ogr",
                    checked="Qt::Checked", expanded="1")
        _sub(node, "customproperties")
    _sub(group, "custom-order", enabled="0")
    root.append(layers)
    box = view_extent(scene, code)
    canvas = _sub(root, "mapcanvas", name="theMapCanvas", annotationsVisible="1")
    _sub(canvas, "units", "degrees" if code == WGS84 else "meters")
    _extent(canvas, "extent", box)
    _sub(canvas, "rotation", "0")
    spatialrefsys(_sub(canvas, "destinationsrs"), code)
    meta = _sub(root, "projectMetadata")
    _sub(meta, "title", title)
    _sub(meta, "language", "en" if scene.lang == "en" else "vi")
    _sub(meta, "abstract", " — ".join(nfc(line) for line in scene.subtitle_lines()))
    view = _sub(root, "ProjectViewSettings", UseProjectScales="0", rotation="0")
    default = _sub(view, "DefaultViewExtent", **{k: repr(float(v)) for k, v in zip(("xmin", "ymin", "xmax", "ymax"), box)})
    spatialrefsys(default, code)
    ET.indent(root, space=" ")
    return (b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            + ET.tostring(root, encoding="utf-8", xml_declaration=False))


def add_base(path: str) -> None:
    """The districts of 2019–2025 (data/base) as table ``base_districts`` of the GeoPackage at ``path``."""
    districts = load_districts()
    base = gpd.GeoDataFrame(districts[["name"]].astype(str), geometry=districts.geometry.values, crs=WGS84)
    pyogrio.write_dataframe(base, path, layer=BASE_TABLE, driver="GPKG", geometry_type="MultiPolygon",
                            promote_to_multi=True, append=True)


def render_qgz(scene: Scene) -> bytes:
    """The ``.qgz`` bytes: ``<stem>.qgs`` and the attached ``<stem>.gpkg`` (see the module's docstring)."""
    stem = file_stem(scene.request)
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    os.unlink(path)
    try:
        tables = [tb for tb in write_gpkg(scene, path) if tb.layer_id in LAYER_IDS or tb.overlay >= 0]
        add_base(path)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stem}.qgs", project_xml(scene, tables, f"{stem}.gpkg"))
            archive.write(path, f"{stem}.gpkg")
        return buf.getvalue()
    finally:
        remove_sqlite(path)
