"""Command line: ``python -m export --format pdf --out ban-do.pdf [options]`` (batch exports).

Bad arguments print a Vietnamese and an English message, exit non-zero and write nothing.
``--overlay FILE`` (repeatable) adds the user's own layer, read by the map's importer
(``geo.overlay_io.read_overlay``); ``--overlay-crs EPSG:9209`` after it declares that file's
coordinate system (before any ``--overlay``: the default for every file that states none).
A file the importer refuses (no CRS, malformed…) stops the export with its message.
The status comes from the progress store (``PLANMAP_DB_URL``, else the app's SQLite file),
migrated and seeded from ``progress.csv`` on first use, exactly as the app does.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from core.errors import CRSError, DataError, PlanMapError
from core.vocab import STATUSES, URBAN_CLASSES
from export.extent import district_extent, view_extent
from export.formats import FORMATS
from export.request import ExportError, ExportRequest
from export.run import run_export
from geo.overlay_io import read_overlay
from layers.overlay_style import OverlayStyle
from layers.query import ViewFilter
from layers.registry import LAYER_IDS, configured_data_dir, feature_refs, load_all
from progress import ProgressStore, seed as seeding


class _OverlayFile(argparse.Action):
    """``--overlay FILE``: one more [path, declared CRS] pair."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items.append([values, None])
        setattr(namespace, self.dest, items)


class _OverlayCRS(argparse.Action):
    """``--overlay-crs CODE``: the CRS of the ``--overlay`` just before it (before any: of all)."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = getattr(namespace, "overlay", None) or []
        if items and items[-1][1] is None:
            items[-1][1] = values
        elif items:
            raise ExportError(f"--overlay-crs {values}: tệp {items[-1][0]} đã có hệ tọa độ {items[-1][1]}.",
                              f"--overlay-crs {values}: {items[-1][0]} already has the coordinate system "
                              f"{items[-1][1]}.")
        else:
            setattr(namespace, self.dest, values)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors, in both languages
        raise ExportError(f"Tham số dòng lệnh không hợp lệ: {message}", f"Invalid command-line argument: {message}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m export", description="Xuất bản đồ quy hoạch Hải Dương 2030 / Export the Hải Dương 2030 plan map.")
    p.add_argument("--format", required=True, help="|".join(FORMATS))
    # str, not Path: Path("out/") drops the slash that says "a folder"
    p.add_argument("--out", required=True, help="tệp đích, hoặc thư mục (kết thúc bằng / hoặc không có đuôi; "
                                                "tên tự đặt) / output file, or folder (ends with / or has no extension)")
    p.add_argument("--layers", nargs="+", default=None, help=" ".join(LAYER_IDS))
    p.add_argument("--classes", nargs="+", default=None, help=" ".join(URBAN_CLASSES))
    p.add_argument("--statuses", nargs="+", default=None, help=" ".join(STATUSES))
    p.add_argument("--query", default="", help="lọc theo tên / filter by name")
    p.add_argument("--features", nargs="+", default=None, help="atlas: chỉ các mã này / only these feature ids")
    p.add_argument("--as-of", default=None, help="YYYY-MM-DD")
    p.add_argument("--paper", default="A4")
    p.add_argument("--orientation", default=None, help="landscape|portrait (atlas: portrait)")
    p.add_argument("--dpi", default="200")
    p.add_argument("--lang", default="vi")
    p.add_argument("--colour-mode", default="class", help="class|status")
    p.add_argument("--ticks", default="degrees", help="degrees|metres")
    p.add_argument("--title", default=None)
    p.add_argument("--subtitle", default=None)
    p.add_argument("--bbox", nargs=4, type=float, default=None, metavar=("MINLON", "MINLAT", "MAXLON", "MAXLAT"))
    p.add_argument("--district", default=None, help="chỉ một huyện, thị xã, thành phố (vd. “Bình Giang”) / one district")
    p.add_argument("--view", nargs=3, type=float, default=None, metavar=("LAT", "LON", "ZOOM"),
                   help="khung nhìn như trên bản đồ / the map's view (centre and zoom)")
    p.add_argument("--basemap", action="store_true", help="nền OSM nếu có mạng / OSM basemap when online")
    p.add_argument("--data-dir", type=Path, default=None)
    p.add_argument("--overlay", action=_OverlayFile, default=None, metavar="FILE",
                   help="dữ liệu riêng (GeoJSON, KML/KMZ, GPKG, Shapefile .zip, CSV/XLSX), lặp lại được / "
                        "your own data, repeatable")
    p.add_argument("--overlay-crs", action=_OverlayCRS, default=None, metavar="EPSG:CODE",
                   help="hệ tọa độ của tệp --overlay đứng trước (vd. EPSG:9209) / CRS of the preceding --overlay")
    return p


def read_overlays(args: argparse.Namespace) -> tuple:
    """The ``--overlay`` files read by the map's importer, each with the default style.

    Raises the importer's own error (vi + en), naming the file, for the first file it refuses.
    """
    pairs = []
    for path, declared in args.overlay or []:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise ExportError(f"Không đọc được tệp dữ liệu riêng {path}: {err.strerror or err}.",
                              f"Could not read the overlay file {path}: {err.strerror or err}.") from None
        try:
            overlay = read_overlay(data, path.name, declared or args.overlay_crs)
        except PlanMapError as err:
            problems = [p for p in getattr(err, "problems", []) if getattr(p, "vi", None)]
            extra_vi = "".join(f"\n  - {p.vi}" for p in problems if p.vi != err.vi)
            extra_en = "".join(f"\n  - {p.en}" for p in problems if p.en != err.en)
            crs = isinstance(err, CRSError)
            hint_vi = " Chỉ rõ bằng --overlay-crs, ví dụ --overlay-crs EPSG:9209." if crs else ""
            hint_en = " State it with --overlay-crs, e.g. --overlay-crs EPSG:9209." if crs else ""
            raise type(err)(f"{path.name}: {err.message('vi')}{hint_vi}{extra_vi}",
                            f"{path.name}: {err.message('en')}{hint_en}{extra_en}") from None
        pairs.append((overlay, OverlayStyle()))
    return tuple(pairs)


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def extent_from_args(args: argparse.Namespace) -> tuple[tuple[float, float, float, float] | None, str | None]:
    """(lon/lat box, its name) from ``--district``, ``--view`` or ``--bbox`` (at most one of them)."""
    given = [name for name in ("district", "view", "bbox") if getattr(args, name) is not None]
    if len(given) > 1:
        raise ExportError(f"Chỉ chọn một phạm vi: {', '.join('--' + g for g in given)}.",
                          f"Choose one extent only: {', '.join('--' + g for g in given)}.")
    if args.district is not None:
        return district_extent(args.district)
    if args.view is not None:
        lat, lon, zoom = args.view
        return view_extent(lat, lon, zoom), None
    return (tuple(args.bbox) if args.bbox else None), None


def output_path(out: str, filename: str) -> Path:
    """Where to write: ``out`` itself, or ``out/filename`` when ``out`` is a folder — an existing one,
    one written with a trailing slash, or a path without an extension (created when missing)."""
    path = Path(out)
    if path.is_dir() or out.endswith(("/", os.sep)) or not path.suffix:
        return path / filename
    return path


def request_from_args(args: argparse.Namespace) -> ExportRequest:
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise ExportError(f"Ngày '{args.as_of}' không đúng dạng YYYY-MM-DD.",
                          f"Date '{args.as_of}' is not in the form YYYY-MM-DD.") from None
    try:
        dpi = int(args.dpi)
    except ValueError:
        raise ExportError(f"Độ phân giải '{args.dpi}' phải là một số (150–300).",
                          f"Resolution '{args.dpi}' must be a number (150–300).") from None
    view = ViewFilter(layers=_split(args.layers) or LAYER_IDS,
                      classes=_split(args.classes) or tuple(URBAN_CLASSES),
                      statuses=_split(args.statuses) or tuple(STATUSES), query=args.query or "")
    orientation = args.orientation or (FORMATS[args.format].orientation if args.format in FORMATS else "landscape")
    extent, extent_label = extent_from_args(args)
    return ExportRequest(format=args.format, view=view, as_of=as_of, lang=args.lang, colour_mode=args.colour_mode,
                         overlays=read_overlays(args), extent=extent, extent_label=extent_label,
                         paper=args.paper.upper(),
                         orientation=orientation, dpi=dpi, title=args.title, subtitle=args.subtitle,
                         ticks=args.ticks, basemap=args.basemap, features=_split(args.features))


def load_status(data_dir: Path, day: date) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(state on ``day``, every report, where they came from): the store, else ``progress.csv``."""
    try:
        store = ProgressStore()
        try:
            store.migrate()
            seed = data_dir / "progress.csv"
            seeding.ensure_seeded(store, feature_refs(data_dir), seed if seed.exists() else None)
            return store.state_as_of(day), store.audit_trail(), repr(store)
        finally:
            store.dispose()
    except PlanMapError:
        raise
    except Exception as exc:  # unreachable database: say so rather than print stale first statuses
        raise DataError(
            f"Không mở được kho tiến độ (PLANMAP_DB_URL): {exc}. Không xuất tệp nào.",
            f"Could not open the progress store (PLANMAP_DB_URL): {exc}. Nothing was exported.",
        ) from None


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an export is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        request = request_from_args(args).validate()
        data_dir = args.data_dir or configured_data_dir()
        frames = load_all(data_dir)
        state, history, origin = load_status(data_dir, request.day)
        result = run_export(request, frames, state, history)
        target = output_path(args.out, result.filename)
        _write_atomically(target, result.data)
    except PlanMapError as err:
        print(f"Lỗi: {err.message('vi')}\nError: {err.message('en')}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"Lỗi: không ghi được tệp ({err}).\nError: could not write the file ({err}).", file=sys.stderr)
        return 1
    print(f"{target}  ({len(result.data):,} B, {result.features} đối tượng/features, {result.seconds:.2f} s; "
          f"tiến độ/status: {origin})")
    return 0
