"""Read a user's own layer into WGS 84: the one path every format takes.

size checks → the format's reader (readers.READERS) → geometry cleaning (clean) → which CRS
(resolve.resolve_crs) → reprojection through geo.crs → where it lands (inside the province?) →
an :class:`Overlay` with its report. All work happens in a temporary folder removed on success
and on failure; nothing is written anywhere else.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from pathlib import Path

import numpy as np
import shapely

from core import tables
from core.archive import malformed
from core.bilingual import Text
from core.errors import CRSError, DataError, PlanMapError
from geo import crs as crsmod

from . import shapefile
from .clean import clean_geometries, json_safe
from .formats import Format, detect_format
from .model import LIMITS, ImportReport, Limits, Overlay, reject
from .readers import READERS, Source
from .resolve import CRSInputs, resolve_crs
from .vector import check_count

log = logging.getLogger(__name__)
MB = 1048576


def read_overlay(data: bytes, filename: str, declared_crs: str | None = None, limits: Limits = LIMITS) -> Overlay:
    """Read one uploaded file into a WGS 84 :class:`Overlay`; raise a bilingual PlanMapError otherwise.

    A failure no reader foresaw (a library's own exception) is logged here and becomes a DataError:
    what reaches the page is always a message, never a traceback.
    """
    filename = Path(str(filename).replace("\\", "/")).name or "tệp"
    return _guarded(filename, lambda: _read(data, filename, declared_crs, limits))


def read_overlay_path(path: str | Path, declared_crs: str | None = None, limits: Limits = LIMITS) -> Overlay:
    """Read a file on disk; a ``.shp`` is read with its ``.shx``/``.dbf``/``.prj`` beside it, as GDAL reads it."""
    path = Path(path)
    filename = path.name or "tệp"

    def run() -> Overlay:
        if not path.is_file():
            raise DataError(f"Không tìm thấy tệp {filename}.", f"File not found: {filename}.")
        fmt = detect_format(filename, from_folder=True)
        if fmt.code != "shp":
            return _read(path.read_bytes(), filename, declared_crs, limits, fmt)
        parts = shapefile.folder_parts(path)
        _check_size(sum(p.stat().st_size for p in parts.values()), filename, limits)
        data = b"".join(parts[ext].read_bytes() for ext in sorted(parts))  # what the digest is of
        return _read(data, filename, declared_crs, limits, fmt, parts)

    return _guarded(filename, run)


def _guarded(filename: str, run) -> Overlay:
    try:
        return run()
    except PlanMapError:
        raise
    except Exception as exc:  # noqa: BLE001 - see read_overlay
        log.warning("unforeseen error reading %s", filename, exc_info=True)
        raise malformed(filename, f"{type(exc).__name__}: {exc}") from exc


def _check_size(size: int, filename: str, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise reject(
            f"Tệp {filename} nặng {size / MB:.1f} MB, vượt giới hạn {limits.max_file_bytes / MB:.0f} MB.",
            f"{filename} is {size / MB:.1f} MB, over the limit of {limits.max_file_bytes / MB:.0f} MB.",
        )


def _read(data: bytes, filename: str, declared_crs: str | None, limits: Limits, fmt: Format | None = None,
          parts: dict[str, Path] | None = None) -> Overlay:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DataError("Không có nội dung tệp.", "No file content.")
    data = bytes(data)
    _check_size(len(data), filename, limits)
    if not data:
        raise DataError(f"Tệp {filename} rỗng.", f"{filename} is empty.")
    fmt = fmt or detect_format(filename)
    declared = crsmod.normalize_code(declared_crs) if declared_crs else None
    if declared:
        crsmod.get_crs(declared)
    tmp = Path(tempfile.mkdtemp(prefix="overlay-"))
    src = Source(data, filename, fmt.code, tmp, limits, parts=parts)
    try:
        gdf, file_crs, origin = READERS[fmt.code](src)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    tables.refuse_duplicate_columns([str(c) for c in gdf.columns], filename)  # which one would a popup show?
    check_count(len(gdf), filename, limits)
    gdf, family, repaired, dropped = clean_geometries(gdf, filename)
    sample = _sample_xy(gdf)
    chosen = resolve_crs(CRSInputs(filename, fmt.code, file_crs, origin, declared,
                                   tuple(float(v) for v in gdf.total_bounds), sample))
    warns = src.warns + list(chosen.warnings)
    out = _to_wgs84(gdf, chosen.source, filename)
    share, suggestion, placement = _placement(out, family, chosen.source, sample)
    warns += placement
    if repaired:
        warns.append(Text(f"Đã sửa {repaired} hình học không hợp lệ (make_valid).",
                          f"{repaired} invalid geometries were repaired (make_valid)."))
    out = json_safe(out.reset_index(drop=True))
    report = ImportReport(
        filename=filename, format=fmt.code, format_label=tuple(fmt.label), source_crs=chosen.source,
        crs_origin=chosen.origin, feature_count=len(out), geometry_family=family, repaired=repaired,
        dropped_empty=dropped, inside_share=share, suggested_crs=suggestion, warnings=warns,
    )
    digest = hashlib.sha256(data + (declared or "").encode()).hexdigest()[:16]
    return Overlay(name=Path(filename).stem, gdf=out, report=report, digest=digest)


def _to_wgs84(gdf, source: str, filename: str):
    out = crsmod.to_wgs84(gdf, source)
    coords = shapely.get_coordinates(np.asarray(out.geometry.values, dtype=object))
    if coords.size and not np.isfinite(coords).all():
        raise CRSError(
            f"Không thể chuyển tọa độ của {filename} từ {source} sang WGS 84: giá trị nằm ngoài phạm vi của hệ tọa độ này.",
            f"The coordinates of {filename} cannot be converted from {source} to WGS 84: values lie outside that system.",
        )
    return out


def _placement(out, family: str, source: str, sample) -> tuple[float, str | None, list[Text]]:
    """(share of features inside the province, a CRS that would fit better, the warning when most lie outside)."""
    geoms = np.asarray(out.geometry.values, dtype=object)
    reps = shapely.point_on_surface(geoms) if family == "polygon" else shapely.centroid(geoms)
    rx, ry = shapely.get_x(reps), shapely.get_y(reps)
    share = float(np.mean(crsmod.inside_province(rx, ry))) if len(rx) else 0.0
    if share >= 0.5:
        return share, None, []
    suggestion = crsmod.suggest_crs(*sample, exclude=[source])
    hint_vi = f" — {crsmod.choice_label(suggestion, 'vi')} sẽ đặt dữ liệu trong tỉnh" if suggestion else ""
    hint_en = f" — {crsmod.choice_label(suggestion, 'en')} would put it inside" if suggestion else ""
    return share, suggestion, [Text(
        f"{(1 - share):.0%} đối tượng nằm ngoài tỉnh Hải Dương với hệ tọa độ {source}{hint_vi}. "
        f"Hãy kiểm tra lại hệ tọa độ.",
        f"{(1 - share):.0%} of the features lie outside Hải Dương province with {source}{hint_en}. "
        f"Check the coordinate system.",
    )]


def _sample_xy(gdf, n: int = 2000):
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if len(geoms) > n:
        geoms = geoms[np.linspace(0, len(geoms) - 1, n).astype(int)]
    coords = shapely.get_coordinates(shapely.centroid(geoms))
    return coords[:, 0], coords[:, 1]
