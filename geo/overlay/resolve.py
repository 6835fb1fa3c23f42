"""Which CRS a layer's coordinates are in: a pure decision from what the file says, what the user chose
and what the numbers look like. No file is read here; the answer or a bilingual CRSError.

The rule: the file's own statement wins (with a warning when the user chose another); a file that
states none uses the user's choice; with neither we ask (never guess). GeoJSON without a crs
member is WGS 84 by RFC 7946, unless its numbers are plainly metres. Degrees that are metres
are refused, with the offered CRS that would place the data in the province.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.bilingual import Text
from core.errors import CRSError
from geo import crs as crsmod


@dataclass(frozen=True)
class CRSInputs:
    filename: str
    format: str                              # the format code ("geojson", "csv", …)
    file_crs: str | None                     # an EPSG code, "?name" when unrecognised, None when absent
    origin: str                              # "file" | "standard": where file_crs came from
    declared: str | None                     # the user's choice, normalised (EPSG:nnnn)
    bounds: tuple[float, float, float, float]  # minx, miny, maxx, maxy of the coordinates
    sample: tuple[np.ndarray, np.ndarray]    # representative (x, y), for suggestions


@dataclass(frozen=True)
class ResolvedCRS:
    source: str                 # the CRS the coordinates are read in
    origin: str                 # "file" | "declared" | "standard"
    warnings: tuple[Text, ...] = ()


def looks_geographic(bounds: tuple[float, float, float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90


def resolve_crs(inp: CRSInputs) -> ResolvedCRS:
    """The source CRS and its origin for ``inp`` (see the module docstring); CRSError when it cannot be told."""
    filename, file_crs, origin, declared = inp.filename, inp.file_crs, inp.origin, inp.declared
    geographic = looks_geographic(inp.bounds)
    warns: list[Text] = []
    if file_crs and file_crs.startswith("?"):
        name = file_crs[1:]
        if not declared:
            raise CRSError(
                f"Không nhận ra hệ tọa độ ghi trong tệp ({name}). Hãy chọn hệ tọa độ của dữ liệu.",
                f"The coordinate system stated in the file ({name}) is not recognised. Choose the data's system.",
            )
        warns.append(Text(f"Hệ tọa độ trong tệp ({name}) không nhận ra được; dùng {declared} theo lựa chọn.",
                          f"The file's coordinate system ({name}) is not recognised; using the chosen {declared}."))
        file_crs = None
    if inp.format == "geojson" and origin == "standard" and not geographic:
        # RFC 7946 says WGS 84, but these numbers are metres: the exporter left out the crs member.
        if not declared:
            top = max(abs(inp.bounds[2]), abs(inp.bounds[3]))
            raise CRSError(
                f"Tọa độ trong {filename} không phải kinh độ/vĩ độ (giá trị tới {top:,.0f}) "
                f"và tệp không ghi hệ tọa độ. Hãy chọn hệ tọa độ (thường là EPSG:9209 ở Hải Dương).",
                f"The coordinates in {filename} are not longitude/latitude (values up to "
                f"{top:,.0f}) and the file states no coordinate system. "
                f"Choose one (usually EPSG:9209 in Hải Dương).",
            )
        file_crs = None
    if file_crs:
        source = file_crs
        if declared and declared != file_crs:
            warns.append(Text(
                f"Tệp ghi hệ tọa độ {file_crs}; dùng hệ này thay cho {declared} đã chọn.",
                f"The file states {file_crs}; that is used instead of the chosen {declared}.",
            ))
    elif declared:
        source, origin = declared, "declared"
    else:
        raise crsmod.missing_crs_error()
    if crsmod.get_crs(source).is_geographic and not geographic:
        suggestion = crsmod.suggest_crs(*inp.sample)
        raise CRSError(
            f"Tọa độ trong {filename} là mét, không phải độ, nên không thể là {crsmod.choice_label(source, 'vi')}."
            + (f" {suggestion} sẽ đặt dữ liệu trong tỉnh." if suggestion else ""),
            f"The coordinates in {filename} are metres, not degrees, so they cannot be "
            f"{crsmod.choice_label(source, 'en')}." + (f" {suggestion} would place them in the province." if suggestion else ""),
        )
    return ResolvedCRS(source, origin, tuple(warns))
