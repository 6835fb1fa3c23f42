"""One row per feature, as tables and data files show it (atlas facts, slide tables, CSV/XLSX/GeoPackage).

The columns are the same for every layer, so a table of several layers reads as one table.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from export.words import text_of
from layers.base import LayerSpec

RECORD_COLUMNS = ["id", "name", "layer", "layer_title", "urban_class", "urban_class_label", "district",
                  "status", "status_label", "progress_pct", "status_as_of", "unit", "note", "source",
                  "location_precision", "lon", "lat",
                  # the legal basis today (urban areas; issue 13): codes, and labels in the export's language
                  "in_provincial_plan", "in_provincial_plan_label", "class_provincial_plan", "class_2026",
                  "class_2026_label", "placed"]


def feature_record(fid: str, row: pd.Series, spec: LayerSpec, lang: str) -> dict:
    geom = row.geometry
    placed = geom is not None and not geom.is_empty
    point = geom.representative_point() if placed else None
    district = text_of(row.get("districts_label")) or text_of(row.get("district"))
    unit = text_of(row.get("unit")) or text_of(row.get("unit_2025")) or district
    as_of = row.get("status_as_of")
    return {
        "id": fid,
        "name": text_of(row.get("name")),
        "layer": spec.id,
        "layer_title": spec.title(lang),
        "urban_class": text_of(row.get(spec.class_field or "")),
        "urban_class_label": text_of(row.get(spec.class_label_field or "")),
        "district": district,
        "status": text_of(row.get("status")) or "unknown",
        "status_label": text_of(row.get("status_label")),
        "progress_pct": None if pd.isna(row.get("progress_pct")) else float(row.get("progress_pct")),
        "status_as_of": as_of if isinstance(as_of, date) else None,
        "unit": unit,
        "note": text_of(row.get("note")),
        "source": text_of(row.get("source")),
        "location_precision": text_of(row.get("location_precision_label")) or text_of(row.get("location_precision")),
        "lon": round(point.x, 6) if point is not None else None,
        "lat": round(point.y, 6) if point is not None else None,
        **{key: text_of(row.get(key)) for key in ("in_provincial_plan", "in_provincial_plan_label",
                                                  "class_provincial_plan", "class_2026", "class_2026_label")},
        "placed": placed,
    }
