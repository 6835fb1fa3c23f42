"""Command line of the progress store: ``python -m progress --help``.

    python -m progress users add NAME --role reporter --scope "Bình Giang"   # password: prompt or stdin
    python -m progress users list
    python -m progress import FILE --as USER
    python -m progress status [--as-of YYYY-MM-DD] [--format table|csv]
    python -m progress audit [--format table|csv]
    python -m progress seed

The database is ``$PLANMAP_DB_URL`` (or ``--db``), else ``var/planmap.sqlite``. Every command first
migrates the schema and, on an empty store, seeds it from ``data/progress.csv``. Passwords are never
taken from the command line: typed at a prompt, or read from standard input when it is not a terminal.
"""
from __future__ import annotations

import argparse
import getpass
import io
import sys
from pathlib import Path

from core.errors import ImportRejected, PlanMapError
from core.vocab import status_label

from .rules import parse_date


def _refs():
    from layers.registry import feature_refs  # lazy: the registry loads geometry

    return feature_refs()


def _store(args):
    from .store import ProgressStore

    store = ProgressStore(args.db)
    store.migrate()
    return store


def _out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _print_frame(df, fmt: str) -> None:
    if fmt == "csv":
        buf = io.StringIO()
        df.to_csv(buf, index=False)
        _out(buf.getvalue())
    else:
        _out(_text_table(df))


def _text_table(df, max_width: int = 44) -> str:
    """A plain left-aligned text table (long cells cut with …)."""
    import pandas as pd

    def cell(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT:
            return ""
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d %H:%M UTC")
        text = str(value).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    rows = [[str(c) for c in df.columns]] + [[cell(v) for v in row] for row in df.itertuples(index=False)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(df.columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _read_password(name: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(f"Mật khẩu cho {name} / password: ")
        second = getpass.getpass("Nhập lại / again: ")
        if first != second:
            raise PlanMapError("Hai lần nhập mật khẩu không khớp.", "The two passwords differ.")
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def cmd_users(args, store, refs) -> int:
    if args.users_cmd == "add":
        password = _read_password(args.name)
        user = store.create_user(args.name, password, args.role, args.scope or "")
        _out(f"Đã tạo người dùng / created user: {user.name} ({user.role}; {user.scope_text() or '-'})\n")
        return 0
    rows = store.list_users()
    if not rows:
        _out("Chưa có người dùng / no users yet\n")
        return 0
    for r in rows:
        locked = f"  locked until {r['locked_until']:%Y-%m-%d %H:%M} UTC" if r["locked_until"] else ""
        _out(f"{r['name']}\t{r['role']}\t{r['scope']}{locked}\n")
    return 0


def cmd_import(args, store, refs) -> int:
    user = store.get_user(args.as_user)
    if user is None:
        raise PlanMapError(f"Không có người dùng «{args.as_user}».", f"No user “{args.as_user}”.")
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        raise PlanMapError(f"Không mở được tệp {path}.", f"Cannot open file {path}.") from None
    pv = store.preview_import(data, path.name, user, refs)
    try:
        written = store.commit_import(pv)
    except ImportRejected as exc:
        for p in exc.problems:
            print(f"{p.message('vi')}  |  {p.message('en')}", file=sys.stderr)
        print(f"{exc.vi}\n{exc.en}", file=sys.stderr)
        return 1
    _out(f"Đã ghi {written} dòng / {written} rows written (bỏ qua / skipped: {pv.skipped})\n")
    return 0


def cmd_status(args, store, refs) -> int:
    day = parse_date(args.as_of) if args.as_of else None
    table = store.dashboard_table(refs, day, lang="vi")
    cols = ["feature_id", "name", "layer", "district", "status", "status_label", "progress_pct", "as_of", "unit", "overdue"]
    df = table[cols].sort_values(["layer", "feature_id"]).copy()
    df["status_label"] = df["status"].map(lambda c: status_label(c, "vi"))
    _print_frame(df, args.format)
    return 0


def cmd_audit(args, store, refs) -> int:
    trail = store.audit_trail()
    if args.format == "table":
        trail = trail[["report_id", "reported_at", "reported_by", "feature_id", "status", "progress_pct", "as_of",
                       "unit", "corrects_report_id", "note"]]
    _print_frame(trail, args.format)
    return 0


def cmd_seed(args, store, refs) -> int:
    written = store.seed_from_csv(args.file, refs)
    _out(f"Đã ghi {written} dòng từ dữ liệu ban đầu / {written} seed rows written\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m progress", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database URL (default: $PLANMAP_DB_URL or var/planmap.sqlite)")
    sub = parser.add_subparsers(dest="cmd", required=True)

    users = sub.add_parser("users", help="manage users")
    users_sub = users.add_subparsers(dest="users_cmd", required=True)
    add = users_sub.add_parser("add", help="add a user (password from a prompt or stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=("viewer", "reporter", "admin"), default="reporter")
    add.add_argument("--scope", default="", help='districts/units/ids, comma-separated, or "*"')
    users_sub.add_parser("list", help="list users")

    imp = sub.add_parser("import", help="import a CSV/XLSX annual report (all rows or none)")
    imp.add_argument("file")
    imp.add_argument("--as", dest="as_user", required=True, help="the reporting user")

    status = sub.add_parser("status", help="every feature's state on a date")
    status.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    status.add_argument("--format", choices=("table", "csv"), default="table")

    audit = sub.add_parser("audit", help="every report ever written")
    audit.add_argument("--format", choices=("table", "csv"), default="table")

    seed = sub.add_parser("seed", help="seed from data/progress.csv (idempotent)")
    seed.add_argument("--file", help="seed CSV (default: $PLANMAP_SEED_CSV or data/progress.csv)")
    return parser


COMMANDS = {"users": cmd_users, "import": cmd_import, "status": cmd_status, "audit": cmd_audit, "seed": cmd_seed}


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    args = build_parser().parse_args(argv)
    try:
        store = _store(args)
        needs_refs = args.cmd in ("import", "status", "seed") or store.is_empty()
        refs = _refs() if needs_refs else None
        if store.is_empty() and args.cmd != "seed":
            store.seed_from_csv(None, refs)
        return COMMANDS[args.cmd](args, store, refs)
    except PlanMapError as exc:
        print(f"Lỗi: {exc.vi}\nError: {exc.en}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"Lỗi / Error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
