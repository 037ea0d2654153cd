"""Integrity of Excel reading: a long ledger is read to its last row (or refused, never
cut short), and hostile workbooks finish or are refused instead of running for minutes.

Timing ratios (hostile vs. a normal import) are measured in bench/bench_xlsx.py; here each
call only has to come back (a guard thread turns a hang into a failure, not a timing
assertion) with the right answer."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli import run_cli
from model.formats import CellKey
from model.report import new_report
from model.storage import load_report, save_report
from model.xlsx import XlsxError, common, ledger, plan_import, plan_ledger_import, write_ledger_template
from model.xlsx.common import Cancelled, ReadLimits
from tests.xlsx import hostile_files as hf

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
APPS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
GUARD_S = 120  # only turns a hang into a failure


def finishes(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a thread; fail if it has not come back after GUARD_S seconds."""
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            out["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(GUARD_S)
    assert not t.is_alive(), "did not finish"
    if "error" in out:
        raise out["error"]
    return out.get("value")


def big_ledger(path: Path, n: int, year: int = 2023) -> Path:
    write_ledger_template(path, year)
    wb = openpyxl.load_workbook(path)
    ws = wb[ledger.LEDGER_SHEET]
    for i in range(n):
        r = 4 + i
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, dt.date(year, 1 + i % 12, 1 + i % 28))
        ws.cell(r, 3, APPS[i % len(APPS)])
        if i % 10 == 9:
            ws.cell(r, 4, ledger.NOT_CLOSED)
        else:
            ws.cell(r, 4, "（一）予以公开")
            ws.cell(r, 5, dt.date(year, 1 + i % 12, 1 + i % 28))
    wb.save(path)
    return path


def _row_total(values: dict[CellKey, Any], row: str) -> int:
    return sum(v for k, v in values.items() if k.row == row)


# --------------------------------------------------------------------------- item 1: every ledger row


def test_ledger_of_5000_applications_counts_all(tmp_path: Path) -> None:
    p = big_ledger(tmp_path / "台账.xlsx", 5000)
    plan = plan_ledger_import(new_report("测试乡人民政府", 2023), p)
    assert plan.ok, plan.problems
    assert _row_total(plan.imported, "new") == 5000
    assert _row_total(plan.imported, "disclosed") == 4500
    assert _row_total(plan.imported, "carry_next") == 500
    assert plan.imported[CellKey("t3", "new", "natural")] == 834  # 5000 rows, 6 types in turn
    assert "5000件申请" in plan.found["t3"]
    assert not any("只读取" in n for n in plan.notes)


def test_cli_ledger_of_5000_applications(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = big_ledger(tmp_path / "台账.xlsx", 5000)
    proj = tmp_path / "r.gknb"
    save_report(new_report("测试乡人民政府", 2023), proj)
    assert run_cli(["import-ledger", str(p), "--into", str(proj)]) == 0
    out = capsys.readouterr().out
    assert "5000件申请" in out and "只读取" not in out
    saved = load_report(proj)
    assert sum(saved.get(CellKey("t3", "new", c)) or 0 for c in ("natural", "commercial", "research", "public_welfare",
                                                                  "legal_service", "other")) == 5000


def test_ledger_over_the_limit_is_an_error_that_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(ledger, "LEDGER_LIMITS", ReadLimits(max_rows=1000, max_cols=40, read_merges=False,
                                                            overflow_error=True))
    p = big_ledger(tmp_path / "台账.xlsx", 1200)
    plan = plan_ledger_import(new_report("测试乡人民政府", 2023), p)
    assert not plan.ok and not plan.changes
    assert "1000行" in plan.problems[0] and "未导入任何数据" in plan.problems[0]
    proj = tmp_path / "r.gknb"
    shutil.copy(SAMPLES / "2021-上官乡.gknb", proj)
    rep = load_report(proj)
    rep.year = 2023
    save_report(rep, proj)
    before = proj.read_bytes()
    assert run_cli(["import-ledger", str(p), "--into", str(proj)]) == 1
    out = capsys.readouterr().out
    assert "问题：" in out and "1000行" in out and "未做任何修改" in out
    assert proj.read_bytes() == before


def test_ledger_within_the_limit_is_read_to_the_last_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "LEDGER_LIMITS", ReadLimits(max_rows=1000, max_cols=40, read_merges=False,
                                                            overflow_error=True))
    p = big_ledger(tmp_path / "台账.xlsx", 997)  # rows 4..1000
    plan = plan_ledger_import(new_report("测试乡人民政府", 2023), p)
    assert plan.ok and _row_total(plan.imported, "new") == 997


# --------------------------------------------------------------------------- item 2: bounded work


@pytest.mark.parametrize("plan", [plan_import, plan_ledger_import], ids=["tables", "ledger"])
def test_overlapping_merged_ranges_are_refused(tmp_path: Path, plan: Callable[..., Any]) -> None:
    p = hf.overlapping_merges(tmp_path / "m.xlsx")
    report = new_report("测试乡人民政府", 2021)
    if plan is plan_ledger_import:  # the ledger does not need merged ranges: it is read, no header found
        res = finishes(lambda: plan(report, p))
        assert not res.ok and "没有找到申请台账" in res.problems[0]
        return
    with pytest.raises(XlsxError, match="合并单元格互相重叠"):
        finishes(lambda: plan(report, p))


@pytest.mark.parametrize("plan", [plan_import, plan_ledger_import], ids=["tables", "ledger"])
def test_many_disjoint_merged_ranges_are_read(tmp_path: Path, plan: Callable[..., Any]) -> None:
    p = hf.many_small_merges(tmp_path / "m.xlsx")
    res = finishes(lambda: plan(new_report("测试乡人民政府", 2021), p))
    assert not res.ok and "没有找到" in res.problems[0]


def test_more_merged_ranges_than_the_cap_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_MERGES", 500)
    p = hf.merges_over_cap(tmp_path / "m.xlsx", 600)
    with pytest.raises(XlsxError, match="超过500个合并单元格"):
        finishes(lambda: plan_import(new_report("测试乡人民政府", 2021), p))
    merges_ok = hf.merges_over_cap(tmp_path / "ok.xlsx", 400)
    assert not finishes(lambda: plan_import(new_report("测试乡人民政府", 2021), merges_ok)).ok


@pytest.mark.parametrize("plan", [plan_import, plan_ledger_import], ids=["tables", "ledger"])
def test_huge_declared_dimension(tmp_path: Path, plan: Callable[..., Any]) -> None:
    p = hf.huge_dimension(tmp_path / "d.xlsx")
    res = finishes(lambda: plan(new_report("测试乡人民政府", 2021), p))
    assert not res.ok
    if plan is plan_import:
        assert any("只读取了前2000行" in n for n in res.notes)
    else:  # the filled cell at row 1048576 is far below the ledger limit: an error, not a note
        assert "没有找到申请台账" in res.problems[0]


@pytest.mark.parametrize("plan", [plan_import, plan_ledger_import], ids=["tables", "ledger"])
def test_many_sheets(tmp_path: Path, plan: Callable[..., Any]) -> None:
    p = hf.many_sheets(tmp_path / "s.xlsx", 300)
    res = finishes(lambda: plan(new_report("测试乡人民政府", 2021), p))
    assert any("300个工作表" in n and "前50个" in n for n in res.notes)


def test_too_many_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_CELLS", 10_000)
    p = hf.many_cells(tmp_path / "c.xlsx", 20_000)
    for plan in (plan_import, plan_ledger_import):
        with pytest.raises(XlsxError, match="单元格超过1万个"):
            finishes(lambda plan=plan: plan(new_report("测试乡人民政府", 2021), p))
    small = hf.many_cells(tmp_path / "ok.xlsx", 5_000)
    assert not finishes(lambda: plan_import(new_report("测试乡人民政府", 2021), small)).ok


def test_too_many_shared_strings_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_SHARED_STRINGS", 1000)
    p = hf.many_strings(tmp_path / "s.xlsx", 2000)
    with pytest.raises(XlsxError, match="文字条目超过1000条"):
        finishes(lambda: plan_ledger_import(new_report("测试乡人民政府", 2021), p))
    ok = hf.many_strings(tmp_path / "ok.xlsx", 500)
    assert not finishes(lambda: plan_import(new_report("测试乡人民政府", 2021), ok)).ok


def test_too_many_styles_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xlsx_fixtures: Path) -> None:
    monkeypatch.setattr(common, "MAX_BOOK_MARKUP", 2000)
    p = hf.many_styles(tmp_path / "st.xlsx", 3000)
    for plan in (plan_import, plan_ledger_import):
        with pytest.raises(XlsxError, match="样式、名称或文字定义异常多"):
            finishes(lambda plan=plan: plan(new_report("测试乡人民政府", 2021), p))
    assert plan_import(new_report("测试乡人民政府", 2021), xlsx_fixtures / "2021-上官乡-一张表.xlsx").ok


def test_cli_hostile_file_leaves_project_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    proj = tmp_path / "r.gknb"
    shutil.copy(SAMPLES / "2021-上官乡.gknb", proj)
    before = proj.read_bytes()
    p = hf.overlapping_merges(tmp_path / "m.xlsx")
    assert finishes(lambda: run_cli(["import-xlsx", str(p), "--into", str(proj)])) == 2
    assert "合并单元格" in capsys.readouterr().err
    monkeypatch.setattr(common, "MAX_CELLS", 10_000)
    big = hf.many_cells(tmp_path / "c.xlsx", 20_000)
    assert finishes(lambda: run_cli(["import-ledger", str(big), "--into", str(proj)])) == 2
    assert "单元格超过" in capsys.readouterr().err
    assert proj.read_bytes() == before and not (tmp_path / "r.gknb.bak").exists()


def test_progress_is_reported_and_cancel_stops(tmp_path: Path, xlsx_fixtures: Path) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    src = xlsx_fixtures / "2021-上官乡-一张表.xlsx"
    plan = plan_import(new_report("测试乡人民政府", 2021), src, progress=progress)
    assert plan.ok and calls and calls[-1][0] == calls[-1][1]
    assert all(0 <= d <= t for d, t in calls)
    with pytest.raises(Cancelled):
        plan_import(new_report("测试乡人民政府", 2021), src, progress=lambda d, t: False)
    p = big_ledger(tmp_path / "台账.xlsx", 3000)
    seen: list[int] = []

    def stop_midway(done: int, total: int) -> bool:
        seen.append(done)
        return done == 0 or done < total // 3

    with pytest.raises(Cancelled):
        plan_ledger_import(new_report("测试乡人民政府", 2023), p, progress=stop_midway)
    assert len(seen) > 2  # stopped during the rows, not only before or after


def test_ledger_rows_far_below_a_gap_are_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A filled row far below the limit (after empty rows) still makes the ledger too long."""
    monkeypatch.setattr(ledger, "LEDGER_LIMITS", ReadLimits(max_rows=1000, max_cols=40, read_merges=False,
                                                            overflow_error=True))
    p = big_ledger(tmp_path / "台账.xlsx", 50)
    wb = openpyxl.load_workbook(p)
    ws = wb[ledger.LEDGER_SHEET]
    ws.cell(5000, 2, dt.date(2023, 5, 5))
    ws.cell(5000, 3, "自然人")
    wb.save(p)
    plan = plan_ledger_import(new_report("测试乡人民政府", 2023), p)
    assert not plan.ok and "1000行" in plan.problems[0]


def test_sheet_reader_cell_kinds(tmp_path: Path) -> None:
    """The streaming sheet reader: rich inline text (phonetic runs left out), booleans,
    errors, shared formulas (the text of the first, so external links are seen in every
    cell), uncached formulas, string results, cells without addresses, exponents,
    namespace prefixes."""
    rows = (
        '<row r="2">'
        '<c r="B2" t="inlineStr"><is><r><t>甲</t></r><r><t xml:space="preserve"> 乙</t></r><rPh><t>コウ</t></rPh></is></c>'
        '<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>'
        '<c r="E2"><f t="shared" ref="E2:E3" si="0">[1]Sheet1!A1</f><v>5</v></c>'
        '<c r="F2"><f>SUM(A1:A2)</f></c><c r="G2" t="str"><f>A1</f><v>文字</v></c><c r="H2"><v>1.5E3</v></c>'
        '</row><row r="3"><c r="E3"><f t="shared" si="0"/><v>6</v></c></row>'
        '<row r="5"><c><v>1</v></c><c><v>2</v></c><c t="inlineStr"><is><t>   </t></is></c></row>'
    )
    p = hf.write_package(tmp_path / "k.xlsx", [hf.sheet_xml("A1:H5", rows)])
    (g,), notes = common.open_grids(p)
    assert g.values[(2, 2)] == "甲 乙" and g.values[(2, 3)] is True and g.values[(2, 4)] == "#N/A"
    assert g.formulas[(2, 5)] == g.formulas[(3, 5)] == "=[1]Sheet1!A1"
    assert g.values[(2, 5)] == 5 and g.values[(3, 5)] == 6
    assert g.formulas[(2, 6)] == "=SUM(A1:A2)" and (2, 6) in g.uncached and (2, 6) not in g.values
    assert g.values[(2, 7)] == "文字" and g.values[(2, 8)] == 1500.0
    assert g.values[(5, 1)] == 1 and g.values[(5, 2)] == 2 and (5, 3) not in g.values
    prefixed = ('<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<x:sheetData><x:row r="1"><x:c r="A1"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    p2 = hf.write_package(tmp_path / "x.xlsx", [prefixed])
    (g2,), _ = common.open_grids(p2)
    assert g2.values == {(1, 1): 3}
    broken = hf.write_package(tmp_path / "b.xlsx", [hf.sheet_xml("A1", '<row r="1"><c r="A1"><v>3</v></row>')])
    with pytest.raises(XlsxError, match="损坏"):
        common.open_grids(broken)
