"""Command line: ``python -m export --format pdf --out ban-do.pdf [options]`` (batch exports).

Bad arguments print a Vietnamese and an English message, exit non-zero and write nothing.
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

from core.errors import PlanMapError
from core.vocab import STATUSES, URBAN_CLASSES
from layers.query import ViewFilter
from layers.registry import DATA_DIR, LAYER_IDS

from export.request import FORMATS, ExportError, ExportRequest


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors, in both languages
        raise ExportError(f"Tham số dòng lệnh không hợp lệ: {message}", f"Invalid command-line argument: {message}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m export", description="Xuất bản đồ quy hoạch Hải Dương 2030 / Export the Hải Dương 2030 plan map.")
    p.add_argument("--format", required=True, help="|".join(FORMATS))
    p.add_argument("--out", required=True, type=Path, help="tệp đích, hoặc thư mục (tên tự đặt) / output file or folder")
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
    p.add_argument("--basemap", action="store_true", help="nền OSM nếu có mạng / OSM basemap when online")
    p.add_argument("--data-dir", type=Path, default=None)
    return p


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


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
    orientation = args.orientation or ("portrait" if args.format == "atlas" else "landscape")
    return ExportRequest(format=args.format, view=view, as_of=as_of, lang=args.lang, colour_mode=args.colour_mode,
                         extent=tuple(args.bbox) if args.bbox else None, paper=args.paper.upper(),
                         orientation=orientation, dpi=dpi, title=args.title, subtitle=args.subtitle,
                         ticks=args.ticks, basemap=args.basemap, features=_split(args.features))


def load_status(data_dir: Path, day: date) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(state on ``day``, every report, where they came from): the store, else ``progress.csv``."""
    try:
        from layers.registry import feature_refs
        from progress import ProgressStore

        store = ProgressStore()
        try:
            store.migrate()
            seed = data_dir / "progress.csv"
            store.ensure_seeded(feature_refs(data_dir), seed if seed.exists() else None)
            return store.state_as_of(day), store.audit_trail(), repr(store)
        finally:
            store.dispose()
    except PlanMapError:
        raise
    except Exception as exc:  # no store in this build / database unreachable: the seed file still tells the truth
        from export.scene import state_from_reports
        path = data_dir / "progress.csv"
        reports = pd.read_csv(path, dtype={"feature_id": str}) if path.exists() else pd.DataFrame()
        return state_from_reports(reports, day), reports, f"{path} ({type(exc).__name__}: {exc})"


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
    from export.run import run_export

    try:
        args = _parser().parse_args(argv)
        request = request_from_args(args).validate()
        data_dir = args.data_dir or Path(os.environ.get("PLANMAP_DATA_DIR") or DATA_DIR)
        from layers.registry import load_all
        frames = load_all(data_dir)
        state, history, origin = load_status(data_dir, request.day)
        result = run_export(request, frames, state, history)
        out: Path = args.out
        target = out / result.filename if (out.is_dir() or str(out).endswith(("/", os.sep))) else out
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
