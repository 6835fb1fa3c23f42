"""The visible features with their current status as data: GeoJSON, GeoPackage, CSV, XLSX.

GeoJSON and GeoPackage keep machine field names (codes) beside the labels in the export's
language; CSV and XLSX are for people (Excel): column headers in the export's language, UTF-8
with a byte-order mark so Excel shows every diacritic, and cells guarded against formula
injection. Every file is in WGS 84 (EPSG:4326).
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import date

import geopandas as gpd
import pandas as pd
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from core.i18n import t
from layers.registry import get_layer
from progress.exports import export_csv, export_xlsx

from export.scene import RECORD_COLUMNS, Scene, w

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


def render_geojson(scene: Scene) -> bytes:
    table = feature_table(scene)
    features = []
    for _, rec in table.iterrows():
        props = {c: _plain(rec[c]) for c in DATA_COLUMNS}
        geom = rec.geometry
        placed = isinstance(geom, BaseGeometry) and not geom.is_empty
        features.append({"type": "Feature", "id": rec["id"], "properties": props,
                         "geometry": mapping(geom) if placed else None})
    doc = {"type": "FeatureCollection", "name": scene.title(),
           "description": " — ".join(scene.subtitle_lines()) + ". " + scene.sources_line(),
           "as_of": scene.request.day.isoformat(), "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def render_gpkg(scene: Scene) -> bytes:
    """One table per map layer (named by layer id, titled in the export's language), EPSG:4326."""
    import pyogrio

    table = feature_table(scene)
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    os.unlink(path)
    try:
        written = 0
        for layer_id in scene.frames:
            part = table[table["layer"] == layer_id]
            if part.empty:
                continue
            spec = get_layer(layer_id)
            pyogrio.write_dataframe(
                part, path, layer=layer_id, driver="GPKG", geometry_type="Unknown", promote_to_multi=False,
                layer_options={"IDENTIFIER": spec.title(scene.lang),
                               "DESCRIPTION": f"{scene.title()} — {t('as_of', scene.lang)} "
                                              f"{scene.request.day.isoformat()}"},
                append=written > 0)
            written += 1
        if not written:  # an empty view still gives a valid file
            pyogrio.write_dataframe(table, path, layer="features", driver="GPKG", geometry_type="Unknown")
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)


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
    })
    return out


def render_csv(scene: Scene) -> bytes:
    return export_csv(human_table(scene))


def render_xlsx(scene: Scene) -> bytes:
    return export_xlsx(human_table(scene), sheet_name=t("app_title", scene.lang)[:31])


RENDERERS = {"geojson": render_geojson, "gpkg": render_gpkg, "csv": render_csv, "xlsx": render_xlsx}


def render_data(scene: Scene, fmt: str | None = None) -> bytes:
    return RENDERERS[fmt or scene.request.format](scene)
