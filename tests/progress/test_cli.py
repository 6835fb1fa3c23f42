"""``python -m progress`` run as a user would: a subprocess, password on stdin, exit statuses."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from progress import ProgressStore, auth

from .test_concurrency import cli_env

SEED = (
    "feature_id,status,progress_pct,as_of,note,source\n"
    "urban-ke-sat,preparing,,2023-02-28,Mục tiêu đô thị loại IV,https://example.org/a\n"
    "iz-tan-truong,operating,100,2022-05-01,,https://example.org/b\n"
)
HEADER = "feature_id,status,progress_pct,as_of,note,source\n"


@pytest.fixture
def cli(db_url, tmp_path):
    seed = tmp_path / "seed.csv"
    seed.write_text(SEED, encoding="utf-8")
    env = cli_env(db_url, PLANMAP_SEED_CSV=str(seed))

    def run(*args, stdin: str = "", ok: bool | None = None):
        proc = subprocess.run(
            [sys.executable, "-m", "progress", *args], input=stdin.encode("utf-8"),
            cwd=tmp_path, env=env, capture_output=True, timeout=120,
        )
        proc.out = proc.stdout.decode("utf-8")
        proc.err = proc.stderr.decode("utf-8")
        if ok is True:
            assert proc.returncode == 0, proc.err
        return proc

    run.url = db_url
    return run


def test_users_add_reads_the_password_from_stdin(cli):
    r = cli("users", "add", "bg-reporter", "--role", "reporter", "--scope", "Bình Giang", stdin="mat-khau-rat-dai-1\n", ok=True)
    assert "bg-reporter" in r.out
    listed = cli("users", "list", ok=True).out
    assert "bg-reporter\treporter\tBình Giang" in listed
    store = ProgressStore(cli.url)
    assert auth.authenticate(store, "bg-reporter", "mat-khau-rat-dai-1").scope == frozenset({"Bình Giang"})
    store.dispose()
    # Too short a password is refused, and there is no way to pass one on the command line.
    bad = cli("users", "add", "ngan", "--scope", "Gia Lộc", stdin="ngan\n")
    assert bad.returncode == 2 and "ít nhất 10 ký tự" in bad.err
    argv = cli("users", "add", "x", "--password", "mat-khau-rat-dai-1")
    assert argv.returncode == 2 and "unrecognized arguments" in argv.err


def test_first_command_seeds_and_seed_is_idempotent(cli):
    cli("users", "list", ok=True)
    audit = cli("audit", "--format", "csv", ok=True).out
    assert len(list(csv.DictReader(io.StringIO(audit)))) == 2
    assert "0 seed rows written" in cli("seed", ok=True).out
    assert len(list(csv.DictReader(io.StringIO(cli("audit", "--format", "csv", ok=True).out)))) == 2


def test_import_good_and_bad_files(cli, tmp_path):
    cli("users", "add", "bg", "--role", "reporter", "--scope", "Bình Giang", stdin="mat-khau-rat-dai-1\n", ok=True)
    good = tmp_path / "tot.csv"
    good.write_text(HEADER + "urban-ke-sat,Hoàn thành,100,30/10/2026,xong,\niz-binh-giang,preparing,5,2026-10-01,,\n", encoding="utf-8")
    r = cli("import", str(good), "--as", "bg")
    assert r.returncode == 0, r.err
    assert "2 rows written" in r.out

    before = cli("audit", "--format", "csv", ok=True).out
    bad = tmp_path / "loi.csv"
    bad.write_text(
        HEADER + "urban-ke-sat,in_progress,50,2026-01-01,,\nurban-chi-linh,in_progress,50,2026-01-01,,\n"
        "khong-co,in_progress,50,2026-01-01,,\niz-binh-giang,in_progress,200,2026-01-01,,\n",
        encoding="utf-8",
    )
    r = cli("import", str(bad), "--as", "bg")
    assert r.returncode == 1
    assert "Dòng 3:" in r.err and "ngoài phạm vi" in r.err
    assert "Dòng 4:" in r.err and "khong-co" in r.err
    assert "Dòng 5:" in r.err and "từ 0 đến 100" in r.err
    assert "Row 5:" in r.err  # English twin
    assert cli("audit", "--format", "csv", ok=True).out == before  # store untouched

    missing = cli("import", str(tmp_path / "khong-co.csv"), "--as", "bg")
    assert missing.returncode == 2 and "Không mở được tệp" in missing.err
    nobody = cli("import", str(good), "--as", "ai-do")
    assert nobody.returncode == 2 and "Không có người dùng" in nobody.err


def test_status_as_of_prints_every_feature(cli):
    out = cli("status", "--as-of", "2023-01-01", "--format", "csv", ok=True).out
    rows = {r["feature_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert len(rows) == 6
    assert rows["iz-tan-truong"]["status"] == "operating" and rows["iz-tan-truong"]["name"] == "KCN Tân Trường"
    assert rows["urban-ke-sat"]["status"] == "unknown"  # its seed report is dated 2023-02-28
    assert rows["rail-hn-hp"]["name"] == "Đường sắt Hà Nội – Hải Phòng"
    later = {r["feature_id"]: r for r in csv.DictReader(io.StringIO(
        cli("status", "--as-of", "2023-03-01", "--format", "csv", ok=True).out))}
    assert later["urban-ke-sat"]["status"] == "preparing"
    assert later["urban-ke-sat"]["status_label"] == "Chuẩn bị đầu tư"
    table = cli("status", ok=True).out
    assert "Đô thị Kẻ Sặt" in table and "Chưa rõ (chưa có nguồn)" in table
    bad = cli("status", "--as-of", "hôm qua")
    assert bad.returncode == 2


def _locked_out(url: str, name: str, password: str, client: str = "203.0.113.9") -> None:
    """Lock ``name`` for unknown clients by guessing from ``client``, the way an attacker would."""
    from core.errors import AuthError

    store = ProgressStore(url)
    for i in range(5):
        try:
            auth.authenticate(store, name, f"doan-sai-{i}", client=client)
        except AuthError:
            pass
    store.dispose()


def _signs_in(url: str, name: str, password: str, client: str = "10.1.1.1") -> bool:
    from core.errors import AuthError

    store = ProgressStore(url)
    try:
        return auth.authenticate(store, name, password, client=client).name == name
    except AuthError:
        return False
    finally:
        store.dispose()


def test_users_unlock_lifts_a_lock_at_once(cli):
    cli("users", "add", "quan-tri", "--role", "admin", "--scope", "*", stdin="mat-khau-rat-dai-1\n", ok=True)
    _locked_out(cli.url, "quan-tri", "mat-khau-rat-dai-1")
    assert not _signs_in(cli.url, "quan-tri", "mat-khau-rat-dai-1")  # a new client is locked out
    assert "locked until" in cli("users", "list", ok=True).out
    assert "sign-in unlocked: quan-tri" in cli("users", "unlock", "quan-tri", ok=True).out
    assert "locked until" not in cli("users", "list", ok=True).out
    assert _signs_in(cli.url, "quan-tri", "mat-khau-rat-dai-1")
    nobody = cli("users", "unlock", "khong-ai")
    assert nobody.returncode == 2 and "Không có người dùng «khong-ai»" in nobody.err and "No user" in nobody.err


def test_users_passwd_changes_the_password_and_ends_sessions(cli):
    cli("users", "add", "bg", "--scope", "Bình Giang", stdin="mat-khau-rat-dai-1\n", ok=True)
    store = ProgressStore(cli.url)
    token = auth.start_session(store, auth.authenticate(store, "bg", "mat-khau-rat-dai-1"))
    cli("users", "passwd", "bg", stdin="mat-khau-moi-dai-2\n", ok=True)
    from core.errors import AuthError
    with pytest.raises(AuthError):
        auth.user_for_session(store, token)
    store.dispose()
    assert not _signs_in(cli.url, "bg", "mat-khau-rat-dai-1") and _signs_in(cli.url, "bg", "mat-khau-moi-dai-2")
    short = cli("users", "passwd", "bg", stdin="ngan\n")
    assert short.returncode == 2 and "ít nhất 10 ký tự" in short.err and _signs_in(cli.url, "bg", "mat-khau-moi-dai-2")


def test_users_set_scope_and_set_role_match_the_plan(cli):
    cli("users", "add", "bg", "--scope", "binh giang", stdin="mat-khau-rat-dai-1\n", ok=True)
    assert "bg\treporter\tBình Giang" in cli("users", "list", ok=True).out  # stored in official spelling
    assert "Gia Lộc, Thanh Miện" in cli("users", "set-scope", "bg", "THANH  MIỆN, gia loc", ok=True).out
    typo = cli("users", "set-scope", "bg", "Binh Gaing")
    assert typo.returncode == 2 and "Có phải «Bình Giang»?" in typo.err and "Did you mean “Bình Giang”?" in typo.err
    assert "bg\treporter\tGia Lộc, Thanh Miện" in cli("users", "list", ok=True).out  # unchanged by the refusal
    both = cli("users", "set-scope", "bg", "Bình Giang,*")
    assert both.returncode == 2 and "phải đứng một mình" in both.err
    assert "(viewer;" in cli("users", "set-role", "bg", "viewer", ok=True).out
    assert "(admin; *)" in cli("users", "set-role", "bg", "admin", ok=True).out
    bad = cli("users", "set-role", "bg", "boss")
    assert bad.returncode == 2 and "invalid choice" in bad.err


def test_users_remove_keeps_their_reports_and_the_last_admin(cli, tmp_path):
    cli("users", "add", "quan-tri", "--role", "admin", "--scope", "*", stdin="mat-khau-rat-dai-1\n", ok=True)
    last = cli("users", "remove", "quan-tri")
    assert last.returncode == 2 and "quản trị viên cuối cùng" in last.err and "last administrator" in last.err
    demote = cli("users", "set-role", "quan-tri", "viewer")
    assert demote.returncode == 2 and "quản trị viên cuối cùng" in demote.err
    cli("users", "add", "bg", "--scope", "Bình Giang", stdin="mat-khau-rat-dai-2\n", ok=True)
    good = tmp_path / "tot.csv"
    good.write_text(HEADER + "urban-ke-sat,in_progress,30,2026-10-30,,\n", encoding="utf-8")
    cli("import", str(good), "--as", "bg", ok=True)
    assert "their reports stay" in cli("users", "remove", "bg", ok=True).out
    assert "bg\t" not in cli("users", "list", ok=True).out and not _signs_in(cli.url, "bg", "mat-khau-rat-dai-2")
    audit = list(csv.DictReader(io.StringIO(cli("audit", "--format", "csv", ok=True).out)))
    assert [r["reported_by"] for r in audit].count("bg") == 1  # history is never rewritten
    reuse = cli("users", "add", "bg", "--scope", "Gia Lộc", stdin="mat-khau-rat-dai-3\n")
    assert reuse.returncode == 2 and "báo cáo cũ" in reuse.err  # a newcomer cannot inherit those reports


def test_reserved_and_unknown_names_are_refused(cli):
    seed = cli("users", "add", "seed", "--role", "viewer", stdin="mat-khau-rat-dai-1\n")
    assert seed.returncode == 2 and "dành cho hệ thống" in seed.err and "reserved" in seed.err
    nowhere = cli("users", "add", "x", "--scope", "Nowhere", stdin="mat-khau-rat-dai-1\n")
    assert nowhere.returncode == 2 and "«Nowhere» không khớp" in nowhere.err and "Bình Giang" in nowhere.err
    assert "Chưa có người dùng" in cli("users", "list", ok=True).out


def test_template_is_the_file_the_import_takes(cli, tmp_path):
    """README's flow: write the template for a reporter, fill one row, import it — the row lands, the rest waits."""
    openpyxl = pytest.importorskip("openpyxl")
    cli("users", "add", "bg", "--role", "reporter", "--scope", "Bình Giang", stdin="mat-khau-rat-dai-1\n", ok=True)
    r = cli("template", "--as", "bg", ok=True)
    path = tmp_path / "bao-cao-bg.xlsx"
    assert str(path.name) in r.out and path.exists()
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(c) for c in rows[0]]
    assert "Mã đối tượng" in header  # Vietnamese headers people read
    ids = [row[header.index("Mã đối tượng")] for row in rows[1:] if row and row[0]]
    assert "iz-binh-giang" in ids and "iz-tan-truong" not in ids  # only the reporter's own places
    again = cli("template", "--as", "bg")
    assert again.returncode == 2 and "--force" in again.err  # an existing file is never overwritten silently
    nobody = cli("template", "--as", "ai-do")
    assert nobody.returncode == 2 and "ai-do" in nobody.err

    csv_out = tmp_path / "mau.csv"
    cli("template", "--as", "bg", "--format", "csv", "--out", str(csv_out), ok=True)
    table = list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    head = table[0]
    row = next(r for r in table[1:] if r and r[head.index("Mã đối tượng")] == "iz-binh-giang")
    row[head.index("Tình trạng")] = "Đang triển khai"
    row[head.index("Tiến độ (%)")] = "40"
    row[head.index("Tính đến ngày")] = "30/11/2026"
    filled = tmp_path / "da-dien.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([head, row])
    cli("import", str(filled), "--as", "bg", ok=True)
    audit = list(csv.DictReader(io.StringIO(cli("audit", "--format", "csv", ok=True).out)))
    mine = [a for a in audit if a["reported_by"] == "bg"]
    assert [(a["feature_id"], a["status"], float(a["progress_pct"])) for a in mine] == [("iz-binh-giang", "in_progress", 40.0)]
