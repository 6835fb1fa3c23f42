"""Command line of the progress store: ``python -m progress --help``.

    python -m progress users add NAME --role reporter --scope "Bình Giang"   # password: prompt or stdin
    python -m progress users list
    python -m progress users unlock NAME          # lift its sign-in locks now
    python -m progress users passwd NAME          # new password (prompt or stdin); its sessions end
    python -m progress users set-role NAME ROLE [--scope ...]
    python -m progress users set-scope NAME "Bình Giang, Gia Lộc"
    python -m progress users remove NAME          # its reports stay, signed with its name
    python -m progress migrate                    # schema only (as $PLANMAP_DB_MIGRATE_URL when set)
    python -m progress template --as USER [--format csv|xlsx] [--lang vi|en] [--out FILE]
    python -m progress import FILE --as USER
    python -m progress status [--as-of YYYY-MM-DD] [--format table|csv]
    python -m progress audit [--format table|csv]
    python -m progress seed

The database is ``$PLANMAP_DB_URL`` (or ``--db``), else ``var/planmap.sqlite``. Every command first
migrates the schema (as ``$PLANMAP_DB_MIGRATE_URL`` when set) and, on an empty store, seeds it from
``data/progress.csv``. Passwords are never
taken from the command line: typed at a prompt, or read from standard input when it is not a terminal.
"""
from __future__ import annotations

import argparse
import getpass
import io
import sys
from pathlib import Path
from typing import Callable

from core.errors import ImportRejected, PlanMapError
from core.text import slug
from core.vocab import status_label

from . import auth, importer, seed
from .rules import parse_date
from .store import ProgressStore
from .users import ROLES


def _refs():
    from layers.registry import feature_refs  # lazy: the registry loads geometry

    return feature_refs()


def _store(args, factory: Callable[[str | None], ProgressStore]) -> ProgressStore:
    store = factory(args.db)
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


def _users_add(args, store, refs) -> str:
    password = _read_password(args.name)
    user = auth.create_user(store, args.name, password, args.role, args.scope or "", refs=refs)
    return f"Đã tạo người dùng / created user: {user.name} ({user.role}; {user.scope_text() or '-'})"


def _users_list(args, store, refs) -> str:
    rows = auth.list_users(store)
    if not rows:
        return "Chưa có người dùng / no users yet"
    lines = []
    for r in rows:
        locked = f"  locked until {r['locked_until']:%Y-%m-%d %H:%M} UTC" if r["locked_until"] else ""
        lines.append(f"{r['name']}\t{r['role']}\t{r['scope']}{locked}")
    return "\n".join(lines)


def _users_unlock(args, store, refs) -> str:
    auth.unlock(store, args.name)
    return f"Đã mở khóa đăng nhập / sign-in unlocked: {args.name}"


def _users_passwd(args, store, refs) -> str:
    auth.set_password(store, args.name, _read_password(args.name))
    return f"Đã đổi mật khẩu, các phiên cũ đã kết thúc / password changed, old sessions ended: {args.name}"


def _users_set_role(args, store, refs) -> str:
    user = auth.set_role(store, args.name, args.role, args.scope, refs=refs)
    return f"Đã đổi vai trò / role changed: {user.name} ({user.role}; {user.scope_text() or '-'})"


def _users_set_scope(args, store, refs) -> str:
    user = auth.set_scope(store, args.name, args.scope, refs=refs)
    return f"Đã đổi phạm vi / scope changed: {user.name} ({user.scope_text() or '-'})"


def _users_remove(args, store, refs) -> str:
    auth.remove_user(store, args.name)
    return f"Đã xóa người dùng (báo cáo của họ vẫn giữ nguyên) / user removed (their reports stay): {args.name}"


USER_COMMANDS = {
    "add": _users_add, "list": _users_list, "unlock": _users_unlock, "passwd": _users_passwd,
    "set-role": _users_set_role, "set-scope": _users_set_scope, "remove": _users_remove,
}


def cmd_users(args, store, refs) -> int:
    _out(USER_COMMANDS[args.users_cmd](args, store, refs) + "\n")
    return 0


def cmd_migrate(args, store, refs) -> int:
    _out("Lược đồ đã mới nhất / schema is current\n")
    return 0


def _user(store, name: str):
    user = auth.get_user(store, name)
    if user is None:
        raise PlanMapError(f"Không có người dùng «{name}».", f"No user “{name}”.")
    return user


def cmd_template(args, store, refs) -> int:
    """The annual report file a user fills in: their places, pre-filled with today's state (as on the Report page)."""
    user = _user(store, args.as_user)
    data = importer.template(user, refs, fmt=args.format, state=store.state_as_of(), lang=args.lang)
    stem = "bao-cao" if args.lang == "vi" else "report"
    out = Path(args.out) if args.out else Path(f"{stem}-{slug(user.name) or 'user'}.{args.format}")
    if out.exists() and not args.force:
        raise PlanMapError(f"Tệp {out} đã có; chọn tên khác bằng --out, hoặc thêm --force để ghi đè.",
                           f"{out} exists; choose another name with --out, or add --force to overwrite it.")
    try:
        out.write_bytes(data)
    except OSError:
        raise PlanMapError(f"Không ghi được tệp {out}.", f"Cannot write file {out}.") from None
    _out(f"Đã ghi mẫu báo cáo / report template written: {out}\n")
    return 0


def cmd_import(args, store, refs) -> int:
    user = _user(store, args.as_user)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        raise PlanMapError(f"Không mở được tệp {path}.", f"Cannot open file {path}.") from None
    pv = importer.preview(data, path.name, user, refs)
    try:
        written = importer.commit(store, pv)
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
    written = seed.seed_from_csv(store, args.file, refs)
    _out(f"Đã ghi {written} dòng từ dữ liệu ban đầu / {written} seed rows written\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m progress", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database URL (default: $PLANMAP_DB_URL or var/planmap.sqlite)")
    sub = parser.add_subparsers(dest="cmd", required=True)

    users = sub.add_parser("users", help="manage users")
    users_sub = users.add_subparsers(dest="users_cmd", required=True)
    scope_help = 'districts or feature ids, comma-separated ("Bình Giang, Gia Lộc"), or "*" alone'
    add = users_sub.add_parser("add", help="add a user (password from a prompt or stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="reporter")
    add.add_argument("--scope", default="", help=scope_help)
    users_sub.add_parser("list", help="list users")
    users_sub.add_parser("unlock", help="lift a user's sign-in locks now").add_argument("name")
    users_sub.add_parser("passwd", help="set a new password (prompt or stdin); ends the user's sessions").add_argument("name")
    set_role = users_sub.add_parser("set-role", help="change a user's role")
    set_role.add_argument("name")
    set_role.add_argument("role", choices=ROLES)
    set_role.add_argument("--scope", default=None, help=scope_help + " (default: keep the current one)")
    set_scope = users_sub.add_parser("set-scope", help="change a user's scope")
    set_scope.add_argument("name")
    set_scope.add_argument("scope", help=scope_help)
    users_sub.add_parser("remove", help="remove a user (their reports stay)").add_argument("name")

    sub.add_parser("migrate", help="bring the schema up to date (and nothing else)")

    tpl = sub.add_parser("template", help="write the report file USER fills in (their places, today's state)")
    tpl.add_argument("--as", dest="as_user", required=True, help="the reporting user")
    tpl.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
    tpl.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the headers")
    tpl.add_argument("--out", help="file to write (default: bao-cao-USER.xlsx)")
    tpl.add_argument("--force", action="store_true", help="overwrite --out if it exists")

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


COMMANDS = {
    "users": cmd_users, "template": cmd_template, "import": cmd_import, "status": cmd_status, "audit": cmd_audit, "seed": cmd_seed,
    "migrate": cmd_migrate,
}
# Commands that need the plan's features: reading reports, or matching a scope to the plan.
_NEEDS_REFS = {"template", "import", "status", "seed"}
_USERS_NEED_REFS = {"add", "set-role", "set-scope"}


def main(argv: list[str] | None = None, *, store_factory: Callable[[str | None], ProgressStore] = ProgressStore) -> int:
    """Run one command; ``store_factory`` makes the store (tests inject one with a ``before_commit``)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    args = build_parser().parse_args(argv)
    try:
        store = _store(args, store_factory)
        empty = store.is_empty() and args.cmd != "migrate"
        needs_refs = args.cmd in _NEEDS_REFS or (args.cmd == "users" and args.users_cmd in _USERS_NEED_REFS) or empty
        refs = _refs() if needs_refs else None
        if empty and args.cmd != "seed":
            seed.seed_from_csv(store, None, refs)
        return COMMANDS[args.cmd](args, store, refs)
    except PlanMapError as exc:
        print(f"Lỗi: {exc.vi}\nError: {exc.en}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"Lỗi / Error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
