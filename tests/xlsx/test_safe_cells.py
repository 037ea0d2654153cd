"""What we write is safe to open: text that looks like a formula stays text, numbers stay
numbers, characters an .xlsx cannot hold are dropped instead of crashing the export."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli import run_cli
from model.formats import CellKey
from model.report import Contact, ProseText, Report, new_report
from model.storage import save_report
from model.xlsx import export_xlsx, write_ledger_template
from model.xlsx.common import put, writable_text
from model.xlsx.merge import merge_loaded

HOSTILE = [
    '=HYPERLINK("http://evil.example/x","点我")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "#REF!",
    "甲\x00乙\x07丙\x0b丁\x1f",
    "戊\ud800己\udfff",
    "=cmd|' /C calc'!A0",
]


def cleaned(text: str) -> str:
    """What the file should show: unwritable characters dropped, CR as LF."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", "", text).replace("\r", "\n")


def formula_tags(path: Path) -> list[str]:
    """Sheet parts holding a formula element."""
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/")
                and re.search(rb"<(?:\w+:)?f[\s>/]", z.read(n))]


def all_cells(path: Path) -> list[Any]:
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def assert_safe(path: Path) -> list[Any]:
    cells = all_cells(path)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert formula_tags(path) == []
    for c in cells:
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert c.data_type == "s" and c.quotePrefix, c.coordinate
    return cells


def hostile_report(name: str) -> Report:
    r = new_report(name, 2021)
    r.contact = Contact(office=name, address=name, postcode="=1", phone="+86-1", fax="@x")
    for part in r.format.prose:
        r.prose[part.key] = ProseText(name)
    r.set(CellKey("t3", "new", "natural"), 3)
    return r


@pytest.mark.parametrize("name", HOSTILE)
def test_export_with_hostile_organ_name(tmp_path: Path, name: str) -> None:
    out = tmp_path / "o.xlsx"
    report = hostile_report(name)
    export_xlsx(report, out)  # today: \x00 etc. crash here
    cells = assert_safe(out)
    name = report.organ_name  # as the report holds it (new_report trims the name)
    wb = openpyxl.load_workbook(out)
    assert wb["表二"]["A2"].value == f"{cleaned(name)}　2021年度"
    assert wb["表二"]["A2"].data_type == "s"
    assert wb["检查结果"]["A1"].value.startswith(cleaned(name))
    assert wb.properties.title == f"{cleaned(name)}2021年政府信息公开工作年度报告"
    assert any(c.value == 3 and c.data_type == "n" for c in cells)


def test_numbers_stay_numbers(tmp_path: Path) -> None:
    r = new_report("测试镇人民政府", 2021)
    r.format_id = "2019"
    r.set(CellKey("t2", "xuke", "change"), -5)
    r.set(CellKey("t2", "chufa", "change"), 0)
    out = tmp_path / "o.xlsx"
    export_xlsx(r, out)
    assert_safe(out)
    ws = openpyxl.load_workbook(out)["表二"]
    numbers = [c for row in ws.iter_rows() for c in row if isinstance(c.value, int) and not isinstance(c.value, bool)]
    assert any(c.value == -5 and c.data_type == "n" for c in numbers)
    assert any(c.value == 0 and c.data_type == "n" for c in numbers)


def test_merge_sheet_with_hostile_organ_names(tmp_path: Path) -> None:
    items: list[tuple[str, Report | str]] = []
    for i, name in enumerate(HOSTILE):
        items.append((str(tmp_path / f"{i}.gknb"), hostile_report(name)))
    items.append((str(tmp_path / "坏.gknb"), "=HYPERLINK(\"x\")无法读取\x00"))
    res = merge_loaded(items, organ_name='=HYPERLINK("http://evil.example","县")')
    out = tmp_path / "汇总.xlsx"
    export_xlsx(res.report, out)
    assert_safe(out)
    ws = openpyxl.load_workbook(out)["各单位"]
    organs = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
    for _, rep in items:
        if isinstance(rep, Report):
            assert cleaned(rep.organ_name) in organs
    reasons = [ws.cell(r, 14).value for r in range(3, ws.max_row + 1)]
    assert '=HYPERLINK("x")无法读取' in reasons
    figures = [ws.cell(r, 3) for r in range(3, 3 + len(HOSTILE))]
    assert all(c.value == 3 and c.data_type == "n" for c in figures)


def test_cli_merge_xlsx_with_formula_organ(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "各单位"
    folder.mkdir()
    for i, name in enumerate(['=HYPERLINK("http://evil.example","甲乡")', "@乙镇", "-丙镇"]):
        r = new_report(name, 2021)
        r.set(CellKey("t3", "new", "natural"), i + 1)
        save_report(r, folder / f"{i}.gknb")
    out = tmp_path / "sum.gknb"
    code = run_cli(["merge", str(folder), "-o", str(out), "--xlsx", str(tmp_path / "sum.xlsx"), "--organ", "=1+1"])
    assert code in (0, 1)
    cells = assert_safe(tmp_path / "sum.xlsx")
    assert '=HYPERLINK("http://evil.example","甲乡")' in [c.value for c in cells]


def test_ledger_template_has_no_formula_cells(tmp_path: Path) -> None:
    p = tmp_path / "t.xlsx"
    write_ledger_template(p, 2024)
    assert_safe(p)


def test_put_and_writable_text() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    cases: list[tuple[Any, Any, str]] = [
        ("=1+1", "=1+1", "s"), ("#N/A", "#N/A", "s"), ("-3", "-3", "s"), (-3, -3, "n"), (Decimal("-1.25"), Decimal("-1.25"), "n"),
        (0, 0, "n"), ("a\x00b", "ab", "s"), ("x\ud83dy", "xy", "s"), ("a\r\nb\rc", "a\nb\nc", "s"), (True, "是", "s"), (float("nan"), "nan", "s"),
        (["list"], "['list']", "s"),
    ]
    for i, (given, want, dtype) in enumerate(cases, start=1):
        c = ws.cell(i, 1)
        put(c, given)
        assert c.value == want and c.data_type == dtype, given
    put(ws.cell(1, 2), None)
    assert ws.cell(1, 2).value is None
    assert writable_text("a" * 40000).endswith("…") and len(writable_text("a" * 40000)) == 32767
    assert writable_text("换行\n和\t制表保留") == "换行\n和\t制表保留"


def test_cli_export_with_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "r.gknb"
    r = new_report("甲\x07乙\x0b镇=1", 2021)
    save_report(r, proj)
    out = tmp_path / "o.xlsx"
    assert run_cli(["export-xlsx", str(proj), "-o", str(out)]) == 0  # today: IllegalCharacterError
    assert_safe(out)
    # the bell is dropped at the door; the vertical tab is a line break, a space in a one-line name
    assert openpyxl.load_workbook(out)["表三"]["A2"].value == "甲乙 镇=1　2021年度"
