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
    assert [f.name for f in files] == ["ban-do-quy-hoach-hai-duong-a4-ngang-2026-11-27.pdf"]
    text = pdf_text(files[0].read_bytes())[0]
    assert "Lương Điền" in text
    assert "ProgressStore" in capsys.readouterr().out
    # the status seeded from progress.csv into the store: its key is on the map coloured by status (colour by class
    # tells class alone, issue 10)
    assert main(["--format", "pdf", "--out", str(env / "status") + "/", "--as-of", "2026-11-27",
                 "--colour-mode", "status"]) == 0
    assert "Chuẩn bị đầu tư" in pdf_text(next((env / "status").iterdir()).read_bytes())[0]


@pytest.mark.parametrize("out", ["new-folder/", "new-folder"])
def test_out_folder_that_does_not_exist_is_created_and_never_overwritten_by_the_next_paper(env, out):
    """`--out out/` (as in the README) makes the folder; A4 and A3 land side by side in it."""
    folder = env / "new-folder"
    for paper in ("A4", "A3"):
        assert main(["--format", "pdf", "--out", str(env / out), "--as-of", "2026-11-27", "--paper", paper]) == 0
    assert folder.is_dir()
    assert sorted(f.name for f in folder.iterdir()) == ["ban-do-quy-hoach-hai-duong-a3-ngang-2026-11-27.pdf",
                                                         "ban-do-quy-hoach-hai-duong-a4-ngang-2026-11-27.pdf"]


def test_district_extent_frames_that_district(env):
    import subprocess as sp
    assert main(["--format", "pdf", "--out", str(env) + "/", "--as-of", "2026-11-27", "--district", "binh giang"]) == 0
    (pdf,) = env.glob("*.pdf")
    assert pdf.name == "ban-do-quy-hoach-hai-duong-huyen-binh-giang-a4-ngang-2026-11-27.pdf"
    text = sp.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert "Phạm vi: Huyện Bình Giang" in " ".join(text.split())
    assert "Chí Linh" not in text          # far north: outside the district's frame


def test_extent_options_are_checked(env, capsys):
    assert main(["--format", "pdf", "--out", str(env / "x.pdf"), "--district", "Hà Nội"]) == 2
    err = capsys.readouterr().err
    assert "Không có huyện" in err and "No district called" in err and "Bình Giang" in err
    assert main(["--format", "pdf", "--out", str(env / "x.pdf"), "--district", "Gia Lộc",
                 "--bbox", "106", "20.8", "106.3", "21"]) == 2
    assert "Chỉ chọn một phạm vi" in capsys.readouterr().err
    assert not (env / "x.pdf").exists()


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
