"""The command line never answers with a traceback or a window to what is not a command:
over-long names, unknown sub-commands, --version without heavy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cli import is_cli, run_cli
from model.storage import dumps
from tests.model.helpers import complete_report
from tests.model.test_cli import ROOT, run


@pytest.mark.parametrize("suffix,argv", [
    (".gknb", lambda src, out: ["new", "--organ", "某镇人民政府", "--year", "2024", "-o", out]),
    (".gknb", lambda src, out: ["next-year", src, "-o", out]),
    (".pdf", lambda src, out: ["export-pdf", src, "-o", out]),
    (".xlsx", lambda src, out: ["export-xlsx", src, "-o", out]),
    (".xlsx", lambda src, out: ["ledger-template", "-o", out]),
    (".gknb", lambda src, out: ["merge", src, "-o", out]),
])
@pytest.mark.parametrize("length", [300, pytest.param(120, marks=pytest.mark.skipif(os.name == "nt", reason="bytes: POSIX"))])
def test_over_long_output_file_name_gives_a_chinese_message(tmp_path, capsys, suffix, argv, length):
    src = tmp_path / "a.gknb"
    src.write_bytes(dumps(complete_report()))
    out = tmp_path / ("报" * length + suffix)  # 120 CJK = 360 bytes: too long for ext4 as well
    code = run_cli([str(x) for x in argv(src, out)])
    err = capsys.readouterr().err
    assert code == 2 and "文件名过长" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gknb"]


def test_over_long_input_path_gives_a_chinese_message(tmp_path, capsys):
    code = run_cli(["check", str(tmp_path / ("报" * 300 + ".gknb"))])
    err = capsys.readouterr().err
    assert code == 2 and "过长" in err and "Traceback" not in err


def test_over_long_format_id_in_a_file_gives_a_chinese_message(tmp_path, capsys):
    doc = json.loads(dumps(complete_report()))
    doc["report"]["format_id"] = "9" * 5000
    p = tmp_path / "f.gknb"
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert run_cli(["check", str(p)]) == 2
    err = capsys.readouterr().err
    assert "不认识的报告格式" in err and len(err) < 400


@pytest.mark.parametrize("argv,window", [
    ([], False),
    (["a.gknb"], False),
    (["D:\\报告\\2024.GKNB"], False),
    (["exprot-pdf", "x.gknb"], True),
    (["x.gknb", "y.gknb"], True),
    (["x.txt"], True),
    (["x.gknb.bak"], True),
    (["report"], True),
    (["--version"], True),
])
def test_only_nothing_or_one_project_file_starts_the_window(argv, window):
    assert is_cli(argv) is window


@pytest.mark.parametrize("argv", [["exprot-pdf", "x.gknb"], ["x.txt"], ["x.gknb", "y.gknb"], ["报告"]])
def test_unknown_command_is_an_error(capsys, argv):
    assert run_cli(argv) == 2
    err = capsys.readouterr().err
    assert f"无法识别的命令“{argv[0]}”" in err
    for name in ("new", "check", "export-pdf", "merge"):
        assert name in err


def test_unknown_command_through_main_never_opens_a_window(tmp_path):
    p = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "exprot-pdf", "x.gknb"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert p.returncode == 2
    assert "无法识别的命令“exprot-pdf”" in p.stderr
    assert "PySide6" not in p.stderr and "ui.app" not in p.stderr


def test_version_is_fast_and_light():
    p = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--version"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert p.returncode == 0 and p.stdout.startswith("年报助手")
    for heavy in ("openpyxl", "reportlab", "PySide6", "model.checks", "argparse"):
        assert f" {heavy}\n" not in p.stderr and f" {heavy}." not in p.stderr, heavy
    assert run("--help").returncode == 0
