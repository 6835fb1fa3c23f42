"""A Shapefile is several files: find its parts (in a zip, or beside a .shp on disk) and read them as GDAL does.

A zip passes core.archive's checks before any member is unpacked; only the parts of the one
Shapefile are extracted. Without .shx or .dbf the file is refused with the parts named.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from core import archive
from core.bilingual import Text

from .formats import SHAPEFILE_PARTS
from .model import Limits, reject
from .vector import check_count, count_features, crs_of, read_vector

REQUIRED = (".shp", ".shx", ".dbf")  # a zip's .shp is there by construction


def _missing(where_vi: str, where_en: str, missing: list[str]):
    return reject(
        f"Shapefile {where_vi} thiếu phần {', '.join(missing)} (cần đủ .shp, .shx, .dbf; nên có .prj).",
        f"The Shapefile {where_en} lacks {', '.join(missing)} (.shp, .shx and .dbf are required; "
        f".prj is recommended).",
        problems=[Text(f"thiếu {m}", f"missing {m}") for m in missing],
    )


def parts_of(stem: str, names: list[str]) -> tuple[dict[str, str], list[str]]:
    """({extension: name} of the Shapefile ``stem``'s parts among ``names`` (any case), required parts missing)."""
    by_lower = {n.lower(): n for n in names}
    parts = {ext: by_lower[(stem + ext).lower()] for ext in SHAPEFILE_PARTS if (stem + ext).lower() in by_lower}
    return parts, [ext for ext in REQUIRED if ext not in parts]


def _read(shp: Path, has_prj: bool, filename: str, limits: Limits, warns: list[Text]):
    check_count(count_features(shp, filename), filename, limits)
    gdf = read_vector(shp, filename)
    return gdf, (crs_of(gdf, warns) if has_prj else None), "file"


def read_zip(data: bytes, filename: str, tmp: Path, limits: Limits, warns: list[Text]):
    """The one Shapefile inside a zip upload."""
    with archive.open_checked(data, filename, limits.archive) as zf:
        infos = zf.infolist()
        shp = [i for i in infos if i.filename.lower().endswith(".shp") and not i.is_dir()
               and "__macosx" not in i.filename.lower()]
        if not shp:
            inner = [i.filename for i in infos if Path(i.filename).suffix.lower() in (".geojson", ".kml", ".gpkg")]
            raise reject(
                f"Tệp nén {filename} không chứa Shapefile (.shp)."
                + (f" Hãy tải trực tiếp tệp {inner[0]}." if inner else ""),
                f"The archive {filename} holds no Shapefile (.shp)."
                + (f" Upload {inner[0]} directly instead." if inner else ""),
            )
        if len(shp) > 1:
            names = ", ".join(i.filename for i in shp[:5])
            raise reject(
                f"Tệp nén {filename} có {len(shp)} Shapefile ({names}); mỗi lần hãy tải một lớp.",
                f"The archive {filename} holds {len(shp)} Shapefiles ({names}); upload one layer at a time.",
            )
        parts, missing = parts_of(shp[0].filename[:-4], [i.filename for i in infos])
        if missing:
            raise _missing(f"trong {filename}", f"in {filename}", missing)
        chosen = [i for i in infos if i.filename in parts.values()]
        files = archive.extract(zf, chosen, tmp / "unzipped", filename, limits.archive)
    shp_path = next(p for p in files if p.suffix.lower() == ".shp")
    return _read(shp_path, ".prj" in parts, filename, limits, warns)


def folder_parts(shp: Path) -> dict[str, Path]:
    """The parts beside ``shp`` on disk; ImportRejected naming the .shx/.dbf that are missing."""
    parts, missing = parts_of(shp.stem, [p.name for p in shp.parent.iterdir() if p.is_file()])
    if missing:
        raise _missing(f"{shp.name}", f"{shp.name}", missing)
    return {ext: shp.parent / name for ext, name in parts.items()}


def read_folder(parts: dict[str, Path], filename: str, tmp: Path, limits: Limits, warns: list[Text]):
    """A Shapefile from its folder, copied under one stem into ``tmp`` (sibling names may differ in case)."""
    copies = {ext: tmp / f"data{ext}" for ext in parts}
    for ext, path in parts.items():
        shutil.copyfile(path, copies[ext])
    return _read(copies[".shp"], ".prj" in parts, filename, limits, warns)
