"""The visible features with their current status as data: GeoJSON, GeoPackage, CSV, XLSX.

GeoJSON and GeoPackage (export.gpkg) keep machine field names (codes) beside the labels in the export's
language; CSV and XLSX are for people (Excel): column headers in the export's language, UTF-8
with a byte-order mark so Excel shows every diacritic, and cells guarded against formula
injection. Every file is in WGS 84 (EPSG:4326).

The user's own layers (overlays) travel with the plan, which stays exactly as without them:
GeoPackage — one table per overlay (``overlay_<file>``, its own attributes); GeoJSON and CSV —
extra features/rows told apart by ``layer`` (the overlay's table name; CSV: its name) with the
overlay's attributes as further properties/columns; XLSX — one more sheet per overlay.
"""
from __future__ import annotations

import io
import json
import re
from datetime import date

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from core.i18n import t
from core.text import fold
from export.formats import FORMATS
from export.overlays import attribute_frame, file_name_of, table_names, user_data_label
from export.records import RECORD_COLUMNS
from export.scene import Scene
from export.words import nfc, w
from geo import crs as crsmod
from export.sources import full_sources
from progress.exports import export_csv, export_xlsx

DATA_COLUMNS = [c for c in RECORD_COLUMNS if c != "placed"]


def _plain(value):
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and pd.isna(value):
        return None
    return value


def feature_table(scene: Scene) -> gpd.GeoDataFrame:
    """Every visible feature (placed or not) with its status, as one GeoDataFrame in EPSG:4326."""
    rows = scene.rows()
    geoms = []
    for _, rec in rows.iterrows():
        frame = scene.frames[rec["layer"]]
        geom = frame.geometry.get(rec["id"]) if rec["id"] in frame.index else None
        geoms.append(None if geom is None or geom.is_empty else geom)
    table = gpd.GeoDataFrame(rows[DATA_COLUMNS].copy(), geometry=geoms, crs="EPSG:4326")
    table["status_as_of"] = table["status_as_of"].map(_plain)
    return table


def rfc7946(geom: BaseGeometry) -> BaseGeometry:
    """Polygons wound as RFC 7946 §3.1.6 asks: outer rings counter-clockwise, holes clockwise."""
    if "Polygon" not in geom.geom_type:
        return geom
    return shapely.geometry.polygon.orient(geom, 1.0) if geom.geom_type == "Polygon" else \
        shapely.geometry.MultiPolygon([shapely.geometry.polygon.orient(p, 1.0) for p in geom.geoms])


def render_geojson(scene: Scene) -> bytes:
    table = feature_table(scene)
    features = []
    for _, rec in table.iterrows():
        props = {c: _plain(rec[c]) for c in DATA_COLUMNS}
        geom = rec.geometry
        placed = isinstance(geom, BaseGeometry) and not geom.is_empty
        features.append({"type": "Feature", "id": rec["id"], "properties": props,
                         "geometry": mapping(rfc7946(geom)) if placed else None})
    features += overlay_features(scene)
    doc = {"type": "FeatureCollection", "name": scene.title(),
           "description": " — ".join(scene.subtitle_lines()) + ". " + w("sources", scene.lang) + ": "
                          + "; ".join(full_sources(scene)),
           "as_of": scene.request.day.isoformat(), "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def human_table(scene: Scene) -> pd.DataFrame:
    """The features as a people's table: headers in the export's language, labels not codes."""
    lang = scene.lang
    rows = scene.rows()
    out = pd.DataFrame({
        ("Mã" if lang != "en" else "ID"): rows["id"],
        t("name", lang): rows["name"],
        t("layer", lang): rows["layer_title"],
        t("urban_class", lang): rows["urban_class_label"],
        t("district", lang): rows["district"],
        t("status", lang): rows["status_label"],
        f"{t('progress', lang)} (%)": rows["progress_pct"],
        t("as_of", lang): rows["status_as_of"].map(lambda d: d if isinstance(d, date) else None),
        w("unit", lang): rows["unit"],
        t("note", lang): rows["note"],
        t("source", lang): rows["source"],
        t("location_precision", lang): rows["location_precision"],
        ("Kinh độ" if lang != "en" else "Longitude"): rows["lon"],
        ("Vĩ độ" if lang != "en" else "Latitude"): rows["lat"],
        t("in_provincial_plan_label", lang): rows["in_provincial_plan_label"],
        t("class_provincial_plan", lang): rows["class_provincial_plan"],
        t("class_2026_label", lang): rows["class_2026_label"],
    })
    return out


def render_csv(scene: Scene) -> bytes:
    table = human_table(scene)
    if scene.overlays:
        table = pd.concat([table, *[_overlay_rows(scene, o, table.columns) for o, _ in scene.overlays]],
                          ignore_index=True, sort=False)
    return export_csv(table)


def render_xlsx(scene: Scene) -> bytes:
    """The people's table as a workbook: dates as dates shown the reader's way (dd/mm/yyyy in
    Vietnamese), an autofilter on the header, the header frozen; one more sheet per overlay."""
    from openpyxl import load_workbook
    data = export_xlsx(human_table(scene), sheet_name=t("app_title", scene.lang)[:31])
    wb = load_workbook(io.BytesIO(data))
    first = wb.worksheets[0]
    first.auto_filter.ref = first.dimensions
    first.freeze_panes = "A2"
    date_format = "dd/mm/yyyy" if scene.lang != "en" else "yyyy-mm-dd"
    for row in first.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (date,)) or cell.is_date:
                cell.number_format = date_format
    if not scene.overlays:
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    used = {ws.title.lower() for ws in wb.worksheets}
    for overlay, _style in scene.overlays:
        sheet = _sheet_name(overlay.name, used)
        used.add(sheet.lower())
        frame = _overlay_sheet(scene, overlay)
        # the same writer (strings stay strings, never formulas) for the overlay's sheet
        other = load_workbook(io.BytesIO(export_xlsx(frame, sheet_name=sheet))).active
        ws = wb.create_sheet(sheet)
        for row in other.iter_rows():
            for cell in row:
                new = ws.cell(row=cell.row, column=cell.column, value=cell.value)
                if isinstance(cell.value, str):
                    new.data_type = "s"
        for key, dim in other.column_dimensions.items():
            ws.column_dimensions[key].width = dim.width
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- the user's layers
def overlay_tables(scene: Scene) -> list[str]:
    """Table (and ``layer``) names of the scene's overlays, never a plan layer's id."""
    return table_names(scene.overlays, taken=list(scene.frames) + ["features"])


def _jsonable(value):
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def overlay_features(scene: Scene) -> list[dict]:
    """GeoJSON features of every overlay: ``layer`` (table name), ``layer_title`` (its name), ``source``,
    then the overlay's own attributes."""
    out = []
    for (overlay, _style), name in zip(scene.overlays, overlay_tables(scene)):
        attrs = attribute_frame(overlay)
        attrs = attrs.rename(columns={c: f"{c}_2" for c in attrs.columns if c in ("layer", "layer_title", "source")})
        source = f"{user_data_label(scene.lang)}: {file_name_of(overlay)}"
        for n, (geom, rec) in enumerate(zip(overlay.gdf.geometry, attrs.to_dict("records")), start=1):
            props = {"layer": name, "layer_title": nfc(overlay.name), "source": source}
            props.update({str(k): _jsonable(v) for k, v in rec.items()})
            placed = geom is not None and not geom.is_empty
            out.append({"type": "Feature", "id": f"{name}/{n}", "properties": props,
                        "geometry": mapping(geom) if placed else None})
    return out


def _points(overlay) -> tuple[list, list]:
    pts = overlay.gdf.geometry.representative_point()
    return [round(p.x, 6) for p in pts], [round(p.y, 6) for p in pts]


_NAME_FIELDS = ("name", "ten", "tên", "ten_", "label", "nhan", "title")


def _name_column(attrs: pd.DataFrame) -> str | None:
    for col in attrs.columns:
        if fold(str(col)).strip().replace(" ", "_") in _NAME_FIELDS:
            return col
    return None


def _overlay_rows(scene: Scene, overlay, columns) -> pd.DataFrame:
    """The overlay as rows of the people's table: its name in the layer column, its attributes after."""
    lang = scene.lang
    attrs = attribute_frame(overlay).reset_index(drop=True)
    lon, lat = _points(overlay)
    name_col = _name_column(attrs)
    rows = pd.DataFrame({c: [None] * len(attrs) for c in columns})
    rows[t("layer", lang)] = nfc(overlay.name)
    if name_col is not None:
        rows[t("name", lang)] = attrs[name_col].map(lambda v: None if v is None else nfc(v))
    rows[t("source", lang)] = f"{user_data_label(lang)}: {file_name_of(overlay)}"
    rows["Kinh độ" if lang != "en" else "Longitude"] = lon
    rows["Vĩ độ" if lang != "en" else "Latitude"] = lat
    for col in attrs.columns:
        header = col if col not in rows.columns else f"{overlay.name}: {col}"
        rows[header] = attrs[col].values
    return rows


def _overlay_sheet(scene: Scene, overlay) -> pd.DataFrame:
    lang = scene.lang
    attrs = attribute_frame(overlay).reset_index(drop=True)
    lon, lat = _points(overlay)
    out = attrs.copy()
    out["Kinh độ" if lang != "en" else "Longitude"] = lon
    out["Vĩ độ" if lang != "en" else "Latitude"] = lat
    if len(out):  # surveyors work in VN-2000: the same points in EPSG:9209 metres
        e, n = crsmod.from_wgs84((lon, lat), "EPSG:9209")
        out["E (VN-2000, EPSG:9209)"] = [round(float(v), 3) for v in e]
        out["N (VN-2000, EPSG:9209)"] = [round(float(v), 3) for v in n]
    return out


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", nfc(name)).strip()[:28] or "Overlay"
    sheet, n = base, 1
    while sheet.lower() in used:
        n += 1
        sheet = f"{base} ({n})"[:31]
    return sheet


def render_data(scene: Scene, fmt: str | None = None) -> bytes:
    """The data file of ``scene`` in ``fmt`` (default: the request's), by its record in export.formats."""
    return FORMATS[fmt or scene.request.format].render(scene)
