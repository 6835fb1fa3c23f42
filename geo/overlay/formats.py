"""The formats a user's layer may come in, as records: which extensions, which reader, what label."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.bilingual import Text

from .model import reject

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


@dataclass(frozen=True)
class Format:
    code: str                     # the reader's key in geo.overlay.read.READERS
    extensions: tuple[str, ...]   # lower-case, with the dot
    label: Text
    uploadable: bool = True       # one file in a browser upload (a bare .shp needs its siblings)


FORMAT_LIST: tuple[Format, ...] = (
    Format("geojson", (".geojson", ".json"), Text("GeoJSON", "GeoJSON")),
    Format("kml", (".kml",), Text("KML", "KML")),
    Format("kmz", (".kmz",), Text("KMZ (KML nén)", "KMZ (zipped KML)")),
    Format("gpkg", (".gpkg",), Text("GeoPackage", "GeoPackage")),
    Format("shapefile", (".zip",), Text("Shapefile (nén .zip)", "Shapefile (zipped)")),
    Format("csv", (".csv", ".txt"), Text("CSV có cột tọa độ", "CSV with coordinate columns")),
    Format("xlsx", (".xlsx",), Text("Excel (.xlsx) có cột tọa độ", "Excel (.xlsx) with coordinate columns")),
    Format("shp", (".shp",), Text("Shapefile", "Shapefile"), uploadable=False),
)
FORMATS: dict[str, Format] = {ext: f for f in FORMAT_LIST for ext in f.extensions}
UPLOAD_TYPES = tuple(ext[1:] for f in FORMAT_LIST if f.uploadable for ext in f.extensions)


def detect_format(filename: str, from_folder: bool = False) -> Format:
    """The format of ``filename`` by its extension; ImportRejected for what cannot be read.

    A bare ``.shp`` is read only from a folder (its ``.shx``/``.dbf``/``.prj`` beside it): an
    upload is one file, so there it must come zipped.
    """
    ext = Path(filename).suffix.lower()
    if ext in SHAPEFILE_PARTS and not (from_folder and ext == ".shp"):
        if from_folder:
            raise reject(
                f"{filename} là một phần của Shapefile: hãy chỉ tệp .shp (các tệp .shx, .dbf, .prj nằm cạnh nó).",
                f"{filename} is one part of a Shapefile: name the .shp file (with its .shx, .dbf, .prj beside it).",
            )
        raise reject(
            "Shapefile gồm nhiều tệp: hãy nén .shp, .shx, .dbf (và .prj) thành một tệp .zip rồi tải lên.",
            "A Shapefile is several files: zip .shp, .shx, .dbf (and .prj) into one .zip and upload that.",
        )
    if ext not in FORMATS:
        raise reject(
            f"Không hỗ trợ định dạng «{ext or filename}». Chấp nhận: GeoJSON, KML/KMZ, GeoPackage, "
            f"Shapefile nén .zip, CSV/XLSX có cột tọa độ.",
            f"Format '{ext or filename}' is not supported. Accepted: GeoJSON, KML/KMZ, GeoPackage, "
            f"zipped Shapefile, CSV/XLSX with coordinate columns.",
        )
    return FORMATS[ext]
