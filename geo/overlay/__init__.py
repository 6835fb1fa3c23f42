"""A user's own layer (GeoJSON, KML/KMZ, GeoPackage, Shapefile, CSV/XLSX) read into WGS 84.

One job a module: ``model`` (limits, Overlay, ImportReport), ``formats`` (format records),
``readers`` (one reader per format, a dispatch table), ``shapefile`` (its parts, zipped or on
disk), ``vector`` (GDAL behind bilingual errors), ``points`` (tables → points), ``clean``
(geometry checks), ``resolve`` (which CRS: pure), ``read`` (the path every file takes).
The public names are re-exported by ``geo.overlay_io``.
"""
