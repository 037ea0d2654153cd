"""Application ledger → 表三, with a small ledger whose answer was worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from model.formats import CellKey
from model.report import Report, new_report
from model.xlsx import apply_plan, plan_ledger_import, write_ledger_template
from model.xlsx.ledger import HELP_SHEET, LEDGER_SHEET, NOT_CLOSED, OPTIONS_SHEET

D = dt.date


def make_ledger(tmp_path: Path, rows: list[tuple], year: int = 2023) -> Path:
    p = tmp_path / "台账.xlsx"
    write_ledger_template(p, year)
    wb = openpyxl.load_workbook(p)
    ws = wb[LEDGER_SHEET]
    for i, (rec, app, res, closed) in enumerate(rows):
        r = 4 + i
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, rec)
        ws.cell(r, 3, app)
        ws.cell(r, 4, res)
        ws.cell(r, 5, closed)
    wb.save(p)
    return p


def test_template(tmp_path: Path) -> None:
    p = tmp_path / "t.xlsx"
    write_ledger_template(p, 2024)
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == [LEDGER_SHEET, OPTIONS_SHEET, HELP_SHEET]
    ws = wb[LEDGER_SHEET]
    assert [ws.cell(3, c).value for c in range(1, 7)] == ["序号", "收到日期", "申请人类型", "办理结果", "办结日期", "备注"]
    assert ws["B2"].value == 2024
    dvs = ws.data_validations.dataValidation
    lists = {str(dv.sqref): dv.formula1 for dv in dvs if dv.type == "list"}
    assert lists["C4:C503"].startswith(f"={OPTIONS_SHEET}!$A$2")
    opts = wb[OPTIONS_SHEET]
    apps = [opts.cell(r, 1).value for r in range(2, 8)]
    assert apps == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    results = [opts.cell(r, 2).value for r in range(2, 30) if opts.cell(r, 2).value]
    assert len(results) == 22 and results[-1] == NOT_CLOSED
    assert "（三）不予公开 / 1.属于国家秘密" in results
    assert "（六）其他处理 / 3.其他" in results
    assert "2024" in wb[HELP_SHEET].cell(9, 1).value


VALID = [
    (D(2023, 2, 1), "自然人", "（一）予以公开", D(2023, 2, 20)),
    (D(2023, 3, 5), "自然人", "（三）不予公开 / 4.保护第三方合法权益", D(2023, 3, 30)),
    (D(2023, 12, 20), "商业企业", NOT_CLOSED, None),
    (D(2022, 12, 15), "自然人", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", D(2023, 1, 10)),
    (D(2022, 11, 1), "科研机构", NOT_CLOSED, None),
    (D(2022, 5, 1), "自然人", "（一）予以公开", D(2022, 5, 20)),  # closed last year: not counted
    (D(2024, 1, 3), "自然人", NOT_CLOSED, None),  # next year: not counted
    ("2023年6月1日", " 法律服务机构 ", "（六）其他处理 / 3.其他", "２０２３-０６-２０"),
    (D(2023, 7, 1), "自然人", "1.本机关不掌握相关政府信息", D(2023, 12, 31)),
]

# worked out by hand from VALID (columns: natural, commercial, research, public_welfare, legal_service, other)
EXPECTED = {
    "new": [3, 1, 0, 0, 1, 0],
    "carried": [1, 0, 1, 0, 0, 0],
    "disclosed": [1, 0, 0, 0, 0, 0],
    "partial": [1, 0, 0, 0, 0, 0],
    "refused_third": [1, 0, 0, 0, 0, 0],
    "unable_none": [1, 0, 0, 0, 0, 0],
    "other_other": [0, 0, 0, 0, 1, 0],
    "carry_next": [0, 1, 1, 0, 0, 0],
}
COLS = ["natural", "commercial", "research", "public_welfare", "legal_service", "other"]


def test_ledger_to_table3(tmp_path: Path) -> None:
    r = new_report("测试乡人民政府", 2023)
    plan = plan_ledger_import(r, make_ledger(tmp_path, VALID))
    assert plan.ok, plan.problems
    apply_plan(r, plan)
    t3 = r.format.table("t3")
    for row in t3.rows():
        if row.computed:
            continue
        want = EXPECTED.get(row.key, [0] * 6)
        got = [r.get(CellKey("t3", row.key, c)) for c in COLS]
        assert got == want, row.key
    assert any("1件申请在2023年以后收到" in n for n in plan.notes)
    assert any("1件申请在2023年以前已办结" in n for n in plan.notes)
    from model.checks import run_checks

    assert not [f for f in run_checks(r) if f.code == "T3_BALANCE"]


def test_unclassifiable_rows_are_listed(tmp_path: Path) -> None:
    rows = [
        (D(2023, 1, 5), "外国人", "（一）予以公开", D(2023, 1, 9)),
        ("2023-02-30", "自然人", NOT_CLOSED, None),
        (D(2023, 5, 1), "自然人", "（一）予以公开", D(2023, 4, 1)),
        (D(2023, 5, 1), "自然人", None, D(2023, 5, 10)),
        (D(2023, 5, 1), "自然人", "（一）予以公开", None),
        (D(2023, 5, 1), "自然人", "（六）其他处理", D(2023, 5, 9)),
        (D(2023, 5, 1), "自然人", "同意公开", D(2023, 5, 9)),
        (D(2023, 5, 1), "自然人", "（一）予以公开", D(2023, 5, 9)),
    ]
    r = new_report("测试乡人民政府", 2023)
    plan = plan_ledger_import(r, make_ledger(tmp_path, rows))
    assert not plan.ok and not plan.changes
    by_row = {int(p.split("第")[1].split("行")[0]): p for p in plan.problems}
    assert sorted(by_row) == [4, 5, 6, 7, 8, 9, 10]
    assert "申请人类型“外国人”" in by_row[4]
    assert "收到日期“2023-02-30”不是有效日期" in by_row[5]
    assert "早于收到日期" in by_row[6]
    assert "已填办结日期，但没有办理结果" in by_row[7]
    assert "缺少办结日期" in by_row[8]
    assert "不能确定是哪一项" in by_row[9]
    assert "“同意公开”不是表三的办理结果" in by_row[10]


def test_ledger_2019_format(tmp_path: Path) -> None:
    r = Report(organ_name="测试镇人民政府", year=2020, format_id="2019")
    rows = [
        (D(2020, 3, 1), "自然人", "（六）其他处理 / 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", D(2020, 4, 1)),
        (D(2020, 3, 2), "其他", "（六）其他处理", D(2020, 4, 2)),
        (D(2019, 12, 30), "自然人", NOT_CLOSED, None),
    ]
    plan = plan_ledger_import(r, make_ledger(tmp_path, rows, 2020))
    assert plan.ok, plan.problems
    apply_plan(r, plan)
    assert r.get(CellKey("t3", "other", "natural")) == 1
    assert r.get(CellKey("t3", "other", "other")) == 1
    assert r.get(CellKey("t3", "new", "natural")) == 1 and r.get(CellKey("t3", "new", "other")) == 1
    assert r.get(CellKey("t3", "carried", "natural")) == 1
    assert r.get(CellKey("t3", "carry_next", "natural")) == 1


def test_ledger_year_mismatch_note(tmp_path: Path) -> None:
    r = new_report("测试乡人民政府", 2023)
    plan = plan_ledger_import(r, make_ledger(tmp_path, VALID[:1], year=2022))
    assert plan.ok and any("2022年" in n and "按2023年统计" in n for n in plan.notes)
