"""Exports of the plan map: snapshots (PNG/SVG/PDF), atlas, slides, interactive HTML and data files.

Pure Python (no streamlit). Every exporter takes plain inputs — the layers, the status state and
the report history as DataFrames — so it runs the same from the app, the CLI and tests::

    from export import ExportRequest, run_export
    result = run_export(ExportRequest(format="pdf"), load_all(), state=store.state_as_of(day),
                        history=store.audit_trail())
    Path(result.filename).write_bytes(result.data)

File names are by content and date in ASCII, as the issue's example
(``ban-do-quy-hoach-hai-duong-2026-11-27.pdf``): they survive e-mail, Zalo, zip archives on
Windows and URLs unchanged. Everything *inside* a file — titles, legends, names, table
headers, GeoPackage layer titles, XLSX sheet names — keeps its Vietnamese diacritics.
"""
from __future__ import annotations

from export.formats import FORMATS
from export.request import ExportError, ExportRequest
from export.run import ExportResult, run_export
from export.naming import file_name
from export.scene import Scene
from export.scene_build import build_scene

__all__ = ["FORMATS", "ExportError", "ExportRequest", "ExportResult", "Scene", "build_scene", "file_name",
           "run_export"]
