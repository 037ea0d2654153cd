"""Import of sheets laid out by hand the way offices do (tests/xlsx/make_fixtures.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from model.formats import CellKey
from model.report import Report, new_report
from model.storage import load_report
from model.xlsx import apply_plan, plan_import

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def blank_like(r: Report) -> Report:
    return Report(organ_name="x", year=r.year, format_id=r.format_id)


def test_onesheet_title_rows_text_and_fullwidth_numbers(xlsx_fixtures: Path) -> None:
    sample = load_report(SAMPLES / "2021-上官乡.gknb")
    r = blank_like(sample)
    plan = plan_import(r, xlsx_fixtures / "2021-上官乡-一张表.xlsx")
    assert plan.ok, plan.problems
    assert plan.format_id == "2021"
    assert set(plan.found) == {"t2", "t3", "t4"} and "Sheet1" in plan.found["t3"]
    apply_plan(r, plan)
    assert r.values == sample.values


def test_separate_sheets_formulas_and_subtotal_row(xlsx_fixtures: Path) -> None:
    r = new_report("测试乡人民政府", 2021)
    plan = plan_import(r, xlsx_fixtures / "2021-分表-公式.xlsx")
    assert plan.ok, plan.problems
    assert any("（三）不予公开" in n and "小计" in n for n in plan.notes)
    apply_plan(r, plan)
    assert r.get(CellKey("t2", "shoufei", "amount")) == Decimal("1.25")
    assert r.get(CellKey("t2", "xuke", "decisions")) == 124
    assert r.get(CellKey("t3", "disclosed", "natural")) == 3  # label “予以公开” without its number
    assert r.get(CellKey("t3", "other_nofee", "natural")) == 1
    assert r.get(CellKey("t4", "cases", "direct_pending")) == 2
    assert r.get(CellKey("t3", "refused_law", "natural")) == 0


def test_2019_sample_into_2019_report(xlsx_fixtures: Path) -> None:
    sample = load_report(SAMPLES / "2021-瓶窑镇.gknb")
    r = blank_like(sample)
    plan = plan_import(r, xlsx_fixtures / "2021-瓶窑镇-2019格式.xlsx")
    assert plan.ok, plan.problems
    apply_plan(r, plan)
    assert r.values == sample.values


def test_2019_sheet_into_2021_report_is_precise_error(xlsx_fixtures: Path) -> None:
    r = load_report(SAMPLES / "2021-上官乡.gknb")
    before = dict(r.values)
    plan = plan_import(r, xlsx_fixtures / "2021-瓶窑镇-2019格式.xlsx")
    assert not plan.ok
    assert plan.format_id == "2019"
    t2 = next(p for p in plan.problems if "表二" in p)
    assert "工作表“年报表格”" in t2 and "2019年格式" in t2 and "第5行“本年新制作数量”" in t2 or "本年新制作数量" in t2
    assert "应为“本年制发件数”" in t2
    t3 = next(p for p in plan.problems if "中的表三" in p)
    assert "第47行“（六）其他处理”" in t3 and "1.申请人无正当理由逾期不补正" in t3
    assert r.values == before


def test_blanks_stay_blank(xlsx_fixtures: Path) -> None:
    sample = load_report(SAMPLES / "2020-清凉峰镇.gknb")
    r = blank_like(sample)
    plan = plan_import(r, xlsx_fixtures / "2020-清凉峰镇-空白.xlsx")
    assert plan.ok, plan.problems
    assert set(plan.found) == {"t3"} and any("没有找到表二" in n for n in plan.notes)
    apply_plan(r, plan)
    assert r.get(CellKey("t3", "new", "natural")) == 1
    assert r.get(CellKey("t3", "carried", "natural")) == 0  # 0 stays 0
    assert r.get(CellKey("t3", "new", "commercial")) is None  # empty stays blank
    assert CellKey("t3", "partial", "natural") not in r.values


def test_empty_cell_clears_existing_value(xlsx_fixtures: Path) -> None:
    sample = load_report(SAMPLES / "2020-清凉峰镇.gknb")
    r = blank_like(sample)
    r.set(CellKey("t3", "partial", "natural"), 7)
    plan = plan_import(r, xlsx_fixtures / "2020-清凉峰镇-空白.xlsx")
    assert plan.changes[CellKey("t3", "partial", "natural")] is None
    assert plan.old[CellKey("t3", "partial", "natural")] == 7


def test_wrong_total_unknown_row_and_column(xlsx_fixtures: Path) -> None:
    r = new_report("测试乡人民政府", 2021)
    plan = plan_import(r, xlsx_fixtures / "2021-表三-错误.xlsx")
    assert not plan.ok
    text = "\n".join(plan.problems)
    assert "第30行（“（八）其他情形”）不是表三" in text
    assert "L列（表头“法人或其他组织小计”）" in text
    assert "第6行J列" in text and "合计为5" in text and "应为4" in text
    assert r.values == {}


def test_formulas_without_cache_and_external_links(xlsx_fixtures: Path) -> None:
    r = new_report("测试乡人民政府", 2021)
    plan = plan_import(r, xlsx_fixtures / "2021-表四-公式.xlsx")
    text = "\n".join(plan.problems)
    assert "第5行A列" in text and "没有保存计算结果" in text
    assert "第5行B列" in text and "其他工作簿" in text
