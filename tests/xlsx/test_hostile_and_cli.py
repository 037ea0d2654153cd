"""Broken and hostile files, and the command line (exit codes, project file untouched)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from model.report import new_report
from model.xlsx import XlsxError, plan_import
from model.xlsx.common import MAX_ROWS

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def _bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(100):
                f.write(block)


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("收到日期,申请人类型\n2023-01-01,自然人\n", encoding="utf-8"), "不是 Excel 工作簿"),
    (lambda p: p.write_bytes(os.urandom(4096)), "不是 Excel 工作簿"),
    (lambda p: p.write_bytes(b"PK\x03\x04" + os.urandom(2000)), "已损坏"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".xls"),
    (lambda p: p.write_bytes(b""), "空文件"),
    (lambda p: p.write_text("<html><table></table></html>", encoding="utf-8"), "网页或文本"),
    (_bomb, "压缩炸弹"),
])
def test_unreadable_files(tmp_path: Path, make, words: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "x.xlsx"
    make(p)
    with pytest.raises(XlsxError) as e:
        plan_import(new_report("测试乡人民政府", 2021), p)
    assert words in str(e.value)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    p = tmp_path / "x.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(XlsxError, match="Word"):
        plan_import(new_report("测试乡人民政府", 2021), p)


def test_huge_sheet_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("大表")
    for i in range(60_000):
        ws.append([i, "无关内容", i * 2])
    wb.save(p)
    # reading stops at the cap: the cells looked at are counted, not timed (180,000 without the cap)
    from model.xlsx import common

    seen = []
    finish = common._SheetParser.finish_cell
    monkeypatch.setattr(common._SheetParser, "finish_cell", lambda self: (seen.append(1), finish(self))[1])
    plan = plan_import(new_report("测试乡人民政府", 2021), p)
    assert 0 < len(seen) <= 3 * MAX_ROWS + 1
    assert any(f"前{MAX_ROWS}行" in n for n in plan.notes)
    assert not plan.ok and "没有找到表二、表三或表四" in plan.problems[0]


def test_cli_import_dry_run_and_real(tmp_path: Path, xlsx_fixtures: Path) -> None:
    proj = tmp_path / "r.gknb"
    assert run("new", "--organ", "测试乡人民政府", "--year", "2021", "-o", str(proj)).returncode == 0
    before = proj.read_bytes()
    sheet = xlsx_fixtures / "2021-上官乡-一张表.xlsx"
    res = run("import-xlsx", str(sheet), "--into", str(proj), "--dry-run")
    assert res.returncode == 0, res.stderr
    assert "试运行" in res.stdout and proj.read_bytes() == before
    res = run("import-xlsx", str(sheet), "--into", str(proj))
    assert res.returncode == 0, res.stderr
    assert proj.read_bytes() != before and (tmp_path / "r.gknb.bak").read_bytes() == before


@pytest.mark.parametrize("fixture, code", [("2021-瓶窑镇-2019格式.xlsx", 1), ("2021-表三-错误.xlsx", 1),
                                           ("2021-表四-公式.xlsx", 1)])
def test_cli_problems_leave_file_untouched(tmp_path: Path, xlsx_fixtures: Path, fixture: str, code: int) -> None:
    proj = tmp_path / "r.gknb"
    shutil.copy(SAMPLES / "2021-上官乡.gknb", proj)
    before = proj.read_bytes()
    res = run("import-xlsx", str(xlsx_fixtures / fixture), "--into", str(proj))
    assert res.returncode == code
    assert "问题：" in res.stdout and "未做任何修改" in res.stdout
    assert proj.read_bytes() == before and not (tmp_path / "r.gknb.bak").exists()


def test_cli_unreadable_is_exit_2(tmp_path: Path) -> None:
    proj = tmp_path / "r.gknb"
    shutil.copy(SAMPLES / "2021-上官乡.gknb", proj)
    before = proj.read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_text("这不是表格", encoding="utf-8")
    res = run("import-xlsx", str(bad), "--into", str(proj))
    assert res.returncode == 2 and "错误：" in res.stderr
    assert proj.read_bytes() == before
    res = run("import-ledger", str(bad), "--into", str(proj))
    assert res.returncode == 2 and proj.read_bytes() == before


def test_cli_export(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    res = run("export-xlsx", str(SAMPLES / "2021-瓶窑镇.gknb"), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert openpyxl.load_workbook(out).sheetnames == ["表二", "表三", "表四", "检查结果"]
    assert run("export-xlsx", str(SAMPLES / "2021-瓶窑镇.gknb"), "-o", str(tmp_path / "o.txt")).returncode == 2
