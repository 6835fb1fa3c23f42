"""The GeoPackage for GIS users: one geometry type per table, typed fields, the map's styles inside.

- **One geometry type per table**, as GIS software requires (ogr2ogr to Shapefile stops on a mixed
  table): a layer with more than one is split into ``<layer>_lines``, ``<layer>_points`` and ``<layer>_areas``
  (here the rail lines and their stations, the industrial zones' symbols and the indicative polygon).
  The unplaced features stay in their layer's main table with an empty geometry.
- **Typed fields**: numbers REAL, ``status_as_of`` DATE (GeoPackage's own date type).
- **Styles**: the ``layer_styles`` table QGIS reads on opening (export.qgis_style), so the file
  opens with the map's symbols.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from typing import NamedTuple

import geopandas as gpd
import pandas as pd
import pyogrio

from core.i18n import t
from export.data import feature_table, overlay_tables
from export.overlays import attribute_frame, file_name_of, user_data_label
from export.qgis_style import KIND_OF, write_layer_styles
from export.scene import Scene
from export.words import nfc, w
from layers.registry import get_layer

SINGLE = {"points": "Point", "lines": "LineString", "areas": "Polygon"}
# GeoPackage 1.2: what the GDAL of Debian 12 and its QGIS 3.22 read without "may only be partially
# supported" (GDAL 3.9+ writes 1.4 by default; the file uses nothing newer than 1.2).
GPKG_VERSION = {"VERSION": "1.2"}


def geometry_type(rows: gpd.GeoDataFrame, kind: str) -> tuple[str, bool]:
    """(declared geometry type, promote to multi): single parts stay single; a mix is declared Multi."""
    types = set(rows.geometry.dropna().geom_type)
    single = SINGLE[kind]
    if types <= {single}:
        return single, False
    return "Multi" + single, True
DATE_FIELDS = ("status_as_of",)


def split_by_geometry(layer_id: str, part: gpd.GeoDataFrame) -> list[tuple[str, str, gpd.GeoDataFrame]]:
    """(table name, geometry kind, rows) of one layer: named by the layer's id when it has one kind of
    geometry, else ``<id>_points`` / ``_lines`` / ``_areas``; unplaced rows go with the commonest kind."""
    kinds = part.geometry.map(lambda g: KIND_OF.get(g.geom_type) if g is not None and not g.is_empty else None)
    counts = kinds.value_counts()
    if counts.empty:
        return [(layer_id, "points", part)]
    main = counts.index[0]
    out = []
    for kind in counts.index:
        rows = part[(kinds == kind) | (kinds.isna() & (kind == main))]
        out.append((layer_id if len(counts) == 1 else f"{layer_id}_{kind}", kind, rows))
    return out


def typed(rows: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Numbers as floats, dates as ISO text (declared DATE afterwards), the rest as text."""
    rows = rows.copy()
    for col in ("progress_pct", "lon", "lat"):
        if col in rows.columns:
            rows[col] = pd.to_numeric(rows[col], errors="coerce").astype("float64")
    for col in DATE_FIELDS:
        if col in rows.columns:
            rows[col] = rows[col].map(lambda d: d.isoformat() if hasattr(d, "isoformat") else None)
    return rows


def declare_dates(path: str, tables: list[str]) -> None:
    """Declare the date columns DATE in the tables' schema.

    pyogrio writes Python dates as TEXT; a GeoPackage DATE column holds the same ISO text
    (GeoPackage 1.3 §1.1.1.1.1), only its declared type differs, and SQLite stores the declaration
    in ``sqlite_master``. Rewriting that declaration (and only it) makes GDAL and QGIS read a Date.
    """
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA writable_schema = ON")
        for table in tables:
            for col in DATE_FIELDS:
                con.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
                            (f'"{col}" TEXT', f'"{col}" DATE', table))
        con.execute("PRAGMA writable_schema = OFF")
        version = con.execute("PRAGMA schema_version").fetchone()[0]
        con.execute(f"PRAGMA schema_version = {version + 1}")
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RuntimeError("GeoPackage schema check failed")


class Table(NamedTuple):
    """One table written: its name, the plan layer it holds ("" for the user's own), geometry kind, shown name."""

    name: str
    layer_id: str
    kind: str
    title: str
    overlay: int = -1      # the user's layer's position in ``scene.overlays`` (-1: a plan layer)


def write_gpkg(scene: Scene, path: str) -> list[Table]:
    """Write the GeoPackage (EPSG:4326) to ``path``: plan tables then the user's own layers, styles inside."""

    table = feature_table(scene)
    written: list[Table] = []
    for layer_id in scene.frames:
        part = table[table["layer"] == layer_id]
        if part.empty:
            continue
        spec = get_layer(layer_id)
        for name, kind, rows in split_by_geometry(layer_id, part):
            declared, promote = geometry_type(rows, kind)
            title = spec.title(scene.lang) + ("" if name == layer_id else f" ({w('kind_' + kind, scene.lang)})")
            pyogrio.write_dataframe(
                typed(rows), path, layer=name, driver="GPKG", geometry_type=declared, promote_to_multi=promote,
                layer_options={"IDENTIFIER": title,
                               "DESCRIPTION": f"{scene.title()} — {t('as_of', scene.lang)} "
                                              f"{scene.request.day.isoformat()}"},
                dataset_options=None if written else GPKG_VERSION, append=bool(written))
            written.append(Table(name, layer_id, kind, title))
    for i, ((overlay, _style), name) in enumerate(zip(scene.overlays, overlay_tables(scene))):
        part = gpd.GeoDataFrame(attribute_frame(overlay), geometry=overlay.gdf.geometry.values, crs="EPSG:4326")
        for sub, kind, rows in split_by_geometry(name, part):
            declared, promote = geometry_type(rows, kind)
            pyogrio.write_dataframe(
                rows, path, layer=sub, driver="GPKG", geometry_type=declared, promote_to_multi=promote,
                layer_options={"IDENTIFIER": nfc(overlay.name),
                               "DESCRIPTION": f"{user_data_label(scene.lang)}: {file_name_of(overlay)}"},
                dataset_options=None if written else GPKG_VERSION, append=bool(written))
            written.append(Table(sub, "", kind, nfc(overlay.name), i))
    if not written:  # an empty view still gives a valid file
        pyogrio.write_dataframe(typed(table), path, layer="features", driver="GPKG", geometry_type="Point",
                                dataset_options=GPKG_VERSION)
    declare_dates(path, [tb.name for tb in written if tb.layer_id])
    write_layer_styles(path, scene, [(tb.name, tb.layer_id, tb.kind) for tb in written if tb.layer_id])
    return written


def render_gpkg(scene: Scene) -> bytes:
    """The GeoPackage bytes (EPSG:4326), plan tables then the user's own layers."""
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    os.unlink(path)
    try:
        write_gpkg(scene, path)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        remove_sqlite(path)


def remove_sqlite(path: str) -> None:
    """Remove a SQLite file and its journals."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
