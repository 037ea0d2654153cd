"""python main.py import-report FILE -o OUT.gknb [--year Y] [--json] [--force]"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import _subcommands, build_parser, run_cli
from model.storage import load_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def test_import_report_is_a_known_command() -> None:
    assert "import-report" in _subcommands(build_parser())


def test_import_published_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.gknb"
    assert run_cli(["import-report", str(FIXTURES / "2021-上官乡.txt"), "-o", str(out)]) == 0
    assert "已导入" in capsys.readouterr().out
    assert load_report(out).values == load_report(SAMPLES / "2021-上官乡.gknb").values
    # an existing file is not overwritten without --force
    assert run_cli(["import-report", str(FIXTURES / "2021-上官乡.txt"), "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert run_cli(["import-report", str(FIXTURES / "2021-上官乡.txt"), "-o", str(out), "--force"]) == 0


def test_json_lists_each_cell_with_its_source_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.gknb"
    assert run_cli(["import-report", str(FIXTURES / "2021-瓶窑镇.txt"), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "2019" and data["year"] == 2021
    cell = next(c for c in data["cells"] if c["cell"] == "t3.new.natural")
    assert cell["source"] == "11" and cell["value"] == "11"
    assert data["publication_date"] == "2022-01-13"


def test_cells_it_could_not_place_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.txt"
    src.write_text("某某镇2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n规章\t1\t2\t3\n"
                   "行政规范性文件\t1\t2\t3\t4\t5\n不知道什么\t7\n", encoding="utf-8")
    out = tmp_path / "r.gknb"
    assert run_cli(["import-report", str(src), "-o", str(out)]) == 1
    text = capsys.readouterr().out
    assert "行政规范性文件" in text and "不知道什么" in text
    assert load_report(out).values  # what was recognised is kept


def test_unreadable_exit_2_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0")
    out = tmp_path / "r.gknb"
    assert run_cli(["import-report", str(src), "-o", str(out)]) == 2
    assert "另存为 .docx" in capsys.readouterr().err
    assert not out.exists()
