"""GDAL (through pyogrio) behind bilingual errors: read a layer, count and list layers, name the file's CRS."""
from __future__ import annotations

import warnings
from pathlib import Path

from core.archive import malformed
from core.bilingual import Text
from core.errors import PlanMapError
from core.text import vn_int
from geo import crs as crsmod

from .model import Limits, reject


def read_vector(path: Path, filename: str, layer=None):
    """One layer as a GeoDataFrame; any GDAL failure is "malformed" (DataError)."""
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pyogrio.read_dataframe(path, layer=layer)
    except PlanMapError:
        raise
    except Exception as exc:  # pyogrio/GDAL errors of every kind mean "malformed" here
        raise malformed(filename, exc) from exc


def count_features(path: Path, filename: str, layer=None) -> int:
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            n = pyogrio.read_info(path, layer=layer, force_feature_count=True)["features"]
    except Exception as exc:
        raise malformed(filename, exc) from exc
    return int(n)


def check_count(n: int, filename: str, limits: Limits) -> None:
    """Refuse a file with more features than the limit, before they are read."""
    if n > limits.max_features:
        raise reject(
            f"Tệp {filename} có {vn_int(n)} đối tượng, vượt giới hạn {vn_int(limits.max_features)}.",
            f"{filename} holds {n:,} features, over the limit of {limits.max_features:,}.",
        )


def list_layers(path: Path, filename: str) -> list[tuple[str, str | None]]:
    """(name, geometry type or None) of each layer in the file."""
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:
        raise malformed(filename, exc) from exc
    return [(str(name), gtype) for name, gtype in layers]


def no_features(filename: str):
    return reject(f"Tệp {filename} không có đối tượng nào.", f"{filename} holds no features.")


def crs_of(gdf, warns: list[Text] | None = None) -> str | None:
    """The file's CRS as an EPSG code, "?<name>" when unrecognised, None when absent."""
    if gdf.crs is None:
        return None
    code, bound, exact = crsmod.identify(gdf.crs)
    if code is None:
        return "?" + gdf.crs.name
    if warns is not None and bound:
        warns.append(Text(
            f"Tệp tự ghi tham số chuyển đổi (TOWGS84) cho «{gdf.crs.name}»; chương trình dùng phép chuyển "
            f"đổi chuẩn EPSG:6960 cho {code} thay cho tham số đó.",
            f"The file carries its own TOWGS84 parameters for '{gdf.crs.name}'; the standard EPSG:6960 "
            f"transformation for {code} is used instead.",
        ))
    elif warns is not None and not exact and gdf.crs.name != _name(code):
        warns.append(Text(f"Hệ tọa độ trong tệp «{gdf.crs.name}» được nhận là {code}.",
                          f"The file's coordinate system '{gdf.crs.name}' was identified as {code}."))
    return code


def _name(code: str) -> str:
    try:
        return crsmod.get_crs(code).name
    except PlanMapError:
        return code
