"""Read a user's own layer (GeoJSON, KML/KMZ, GeoPackage, Shapefile, CSV/XLSX) into WGS 84.

``read_overlay(data, filename, declared_crs=None)`` returns an :class:`Overlay`
(a WGS 84 GeoDataFrame plus a report of what was read) or raises:

* ``CRSError`` — the file states no coordinate system and none was declared
  (the UI then asks the user; we never guess), or the declared one cannot fit;
* ``ImportRejected`` — the file was refused as a whole (limits, archive
  safety, missing Shapefile parts, mixed geometry types…), ``problems`` says why;
* ``DataError`` — the content is malformed.

``read_overlay_path(path)`` reads a file on disk, a ``.shp`` with its siblings included.
This module is the public entry; the work is done in the ``geo.overlay`` package.
"""
from __future__ import annotations

from core.text import vn_int
from geo.overlay.clean import FAMILIES
from geo.overlay.formats import FORMATS, UPLOAD_TYPES, Format, detect_format
from geo.overlay.model import FAMILY_LABELS, LIMITS, ImportReport, Limits, Overlay
from geo.overlay.points import X_NAMES, Y_NAMES, find_coordinate_columns
from geo.overlay.read import read_overlay, read_overlay_path
from geo.overlay.resolve import CRSInputs, ResolvedCRS, resolve_crs

__all__ = [
    "FAMILIES", "FAMILY_LABELS", "FORMATS", "LIMITS", "UPLOAD_TYPES", "X_NAMES", "Y_NAMES", "CRSInputs", "Format",
    "ImportReport", "Limits", "Overlay", "ResolvedCRS", "detect_format", "find_coordinate_columns",
    "read_overlay", "read_overlay_path", "resolve_crs", "vn_int",
]
