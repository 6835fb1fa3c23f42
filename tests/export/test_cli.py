"""``python -m export``: writes the file it is asked for; refuses bad arguments in vi and en, writing nothing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from export.cli import main

from tests.export.conftest import MINI, REPO, pdf_text


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(MINI))
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    return tmp_path


def test_pdf_into_a_folder_gets_its_content_name(env, capsys):
    out = env / "out"
    out.mkdir()
    assert main(["--format", "pdf", "--out", str(out), "--as-of", "2026-11-27"]) == 0
    files = list(out.iterdir())
    assert [f.name for f in files] == ["ban-do-quy-hoach-hai-duong-2026-11-27.pdf"]
    text = pdf_text(files[0].read_bytes())[0]
    assert "Lương Điền" in text and "Chuẩn bị đầu tư" in text  # status seeded from progress.csv into the store
    assert "ProgressStore" in capsys.readouterr().out


@pytest.mark.parametrize("fmt, suffix", [("png", "png"), ("atlas", "pdf"), ("pptx", "pptx"), ("html", "html"),
                                         ("geojson", "geojson"), ("gpkg", "gpkg"), ("csv", "csv"), ("xlsx", "xlsx"),
                                         ("svg", "svg")])
def test_every_format_from_the_command_line(env, fmt, suffix):
    target = env / f"x.{suffix}"
    args = ["--format", fmt, "--out", str(target), "--layers", "urban_areas", "industrial_zones", "--dpi", "150"]
    assert main(args) == 0
    assert target.stat().st_size > 500


def test_options_reach_the_page(env):
    target = env / "a3.png"
    assert main(["--format", "png", "--out", str(target), "--paper", "a3", "--orientation", "portrait",
                 "--dpi", "150", "--lang", "en", "--title", "Sở Xây dựng"]) == 0
    from PIL import Image
    assert Image.open(target).size == (1754, 2480)


@pytest.mark.parametrize("args, vi, en", [
    (["--format", "png", "--dpi", "1000"], "1000 dpi nằm ngoài khoảng", "1000 dpi is outside the allowed range"),
    (["--format", "png", "--dpi", "nhiều"], "phải là một số", "must be a number"),
    (["--format", "png", "--layers", "duong_bo"], "Không có lớp bản đồ: duong_bo", "No such map layer: duong_bo"),
    (["--format", "jpeg"], "Định dạng 'jpeg' không được hỗ trợ", "Format 'jpeg' is not supported"),
    (["--format", "pdf", "--as-of", "2999-01-01"], "ở tương lai", "in the future"),
    (["--format", "pdf", "--as-of", "27/11/2026"], "không đúng dạng YYYY-MM-DD", "not in the form YYYY-MM-DD"),
    (["--format", "pdf", "--paper", "Letter"], "Khổ giấy", "Paper"),
    (["--format", "pdf", "--frobnicate"], "Tham số dòng lệnh không hợp lệ", "Invalid command-line argument"),
])
def test_bad_arguments_fail_clearly_and_write_nothing(env, capsys, args, vi, en):
    target = env / "never.out"
    assert main(args + ["--out", str(target)]) != 0
    err = capsys.readouterr().err
    assert vi in err and en in err and err.startswith("Lỗi: ")
    assert not target.exists()
    assert not [p for p in env.iterdir() if p.name.startswith(".export-")]


def test_module_entry_point(env):
    target = env / "x.csv"
    proc = subprocess.run([sys.executable, "-m", "export", "--format", "csv", "--out", str(target)],
                          cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Lương Điền" in target.read_bytes().decode("utf-8-sig")
    bad = subprocess.run([sys.executable, "-m", "export", "--format", "csv", "--out", str(target), "--dpi", "1000"],
                         cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Resolution 1000 dpi" in bad.stderr


def test_unreachable_store_is_an_error_not_stale_statuses(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = dict(os.environ, PLANMAP_DB_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    out = tmp_path / "x.csv"
    proc = subprocess.run([sys.executable, "-m", "export", "--format", "csv", "--out", str(out)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "Không mở được kho tiến độ" in proc.stderr and "Could not open the progress store" in proc.stderr
    assert not out.exists()
