"""Export layout, and export → import round trips (property test over random reports)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.formats import CellKey, load_format
from model.report import Report, new_report
from model.storage import load_report
from model.totals import Figures
from model.xlsx import apply_plan, export_xlsx, plan_import
from model.xlsx.export import FINDINGS_SHEET

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def test_export_layout_2021(tmp_path: Path) -> None:
    r = load_report(SAMPLES / "2021-上官乡.gknb")
    out = tmp_path / "a.xlsx"
    export_xlsx(r, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["表二", "表三", "表四", FINDINGS_SHEET]
    t3 = wb["表三"]
    fmt = r.format
    # header straight from model.tablegrid: corner merged 3×3, 申请人情况 across 7 columns
    assert t3["A3"].value == fmt.table("t3").corner
    merged = {str(m) for m in t3.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "E4:I4", "D4:D5", "J4:J5", "A8:A29", "B10:B17"} <= merged
    assert t3["A6"].value == "一、本年新收政府信息公开申请数量" and "A6:C6" in merged
    assert t3["C10"].value == "1.属于国家秘密"
    assert t3["D6"].value == 1 and isinstance(t3["D6"].value, int)
    assert t3["J6"].value == 1  # computed 总计 from model.totals.Figures
    assert t3["E6"].value == 0
    # printed for sign-off: A4, each official table scaled onto one page (no orphan rows)
    assert int(t3.page_setup.paperSize) == int(t3.PAPERSIZE_A4)
    assert t3.sheet_properties.pageSetUpPr.fitToPage and t3.page_setup.fitToHeight == 1
    assert t3.page_setup.orientation == "landscape"
    assert int(t3.page_setup.paperSize) == 9  # A4
    assert t3.sheet_properties.pageSetUpPr.fitToPage and t3.page_setup.fitToWidth == 1
    assert t3.print_title_rows == "$3:$5"
    assert t3["D6"].border.left.style == "thin"
    t2 = wb["表二"]
    assert t2["A3"].value == "第二十条第（一）项" and "A3:D3" in {str(m) for m in t2.merged_cells.ranges}
    assert t2["B4"].value == "本年制发件数"
    assert t2.page_setup.orientation == "portrait"
    t4 = wb["表四"]
    assert t4["A3"].value == "行政复议" and t4["F3"].value == "行政诉讼" and t4["F4"].value == "未经复议直接起诉"
    assert t4.page_setup.orientation == "landscape"
    assert [t4.cell(6, c).value for c in range(1, 16)] == [0] * 15


def test_export_blank_money_and_findings(tmp_path: Path) -> None:
    r = new_report("测试乡人民政府", 2023)
    r.set(CellKey("t2", "shoufei", "amount"), Decimal("190.457379"))  # to the 分, as a real report printed it
    r.set(CellKey("t3", "new", "natural"), 0)
    out = tmp_path / "b.xlsx"
    export_xlsx(r, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["表二"]
    cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    money = [c for c in cells.values() if c.number_format == "0.######" and c.value is not None]
    assert len(money) == 1 and Decimal(str(money[0].value)) == Decimal("190.457379")  # every place shown
    t3 = wb["表三"]
    assert t3["D6"].value == 0 and t3["E6"].value is None and t3["D7"].value is None  # blank stays empty
    assert t3["J6"].value == 0  # total of a 0 and blanks
    f = wb[FINDINGS_SHEET]
    assert f["A2"].value == "序号" and f.max_row > 3  # an empty report has findings
    from model.checks import run_checks, sort_findings

    expected = [x.message for x in sort_findings(run_checks(r))]
    assert [f.cell(row, 5).value for row in range(3, 3 + len(expected))] == expected


def test_export_is_atomic_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "c.xlsx"
    out.write_bytes(b"old")
    r = new_report("测试乡人民政府", 2023)
    import model.xlsx.export as ex

    def boom(report: Report) -> bytes:
        raise RuntimeError("disk")

    monkeypatch.setattr(ex, "workbook_bytes", boom)
    with pytest.raises(RuntimeError):
        ex.export_xlsx(r, out)
    assert out.read_bytes() == b"old"


@pytest.mark.parametrize("name", ["2021-上官乡", "2021-瓶窑镇", "2020-清凉峰镇"])
def test_samples_round_trip(tmp_path: Path, name: str) -> None:
    r = load_report(SAMPLES / f"{name}.gknb")
    out = tmp_path / "s.xlsx"
    export_xlsx(r, out)
    fresh = Report(organ_name="x", year=r.year, format_id=r.format_id)
    plan = plan_import(fresh, out)
    assert plan.ok, plan.problems
    assert plan.format_id == r.format_id
    apply_plan(fresh, plan)
    assert fresh.values == r.values


def _value(kind: str) -> st.SearchStrategy:
    if kind == "money":
        return st.decimals(min_value=0, max_value=99999, places=4, allow_nan=False, allow_infinity=False)
    if kind == "signed":
        return st.integers(-500, 500)
    return st.integers(0, 5000)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    fid = draw(st.sampled_from(["2019", "2021"]))
    fmt = load_format(fid)
    r = Report(organ_name="随机乡人民政府", year=2020 if fid == "2019" else 2022, format_id=fid)
    for key in fmt.input_cells():
        if draw(st.booleans()):
            v = draw(st.one_of(st.none(), _value(fmt.column_of(key).kind)))
            if v is not None:
                r.values[key] = v
    return r


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reports())
def test_property_export_then_import_is_identity(tmp_path: Path, report: Report) -> None:
    out = tmp_path / "p.xlsx"
    export_xlsx(report, out)
    fresh = Report(organ_name="x", year=report.year, format_id=report.format_id)
    fresh.values = {CellKey("t3", "new", "natural"): 99}  # overwritten (or blanked) by the import
    plan = plan_import(fresh, out)
    assert plan.ok, plan.problems
    apply_plan(fresh, plan)
    assert fresh.values == report.values
    for k, v in report.values.items():
        assert type(fresh.values[k]) is type(v) or isinstance(v, Decimal)
    assert Figures(fresh).totals == Figures(report).totals
