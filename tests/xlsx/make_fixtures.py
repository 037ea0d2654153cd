"""Build the hand-made, real-world-shaped sheets in tests/fixtures/xlsx/.

Each sheet is laid out the way township offices lay out their own Excel files, typed
here label by label (NOT produced by model.xlsx.export): extra title rows, merged
cells, labels with stray spaces and line breaks, numbers stored as text, full-width
digits, formulas with cached results, tables on one sheet or several.

    .venv/bin/python tests/xlsx/make_fixtures.py
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "xlsx"

# 表三 row labels as offices type them: (col A, col B, col C, row key)
T3_HEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_2021 = [
    ("一、本年新收政府信息公开申请数量", None, None, "new"),
    ("二、上年结转政府信息公开申请数量", None, None, "carried"),
    ("三、本年度办理结果", "（一）予以公开", None, "disclosed"),
    ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, "partial"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "1.属于国家秘密", "refused_secret"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "2.其他法律行政法规禁止公开", "refused_law"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "3.危及“三安全一稳定”", "refused_safety"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "4.保护第三方合法权益", "refused_third"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "5.属于三类内部事务信息", "refused_internal"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "6.属于四类过程性信息", "refused_process"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "7.属于行政执法案卷", "refused_enforcement"),
    ("三、本年度办理结果", "（三）\n\n不予公开", "8.属于行政查询事项", "refused_query"),
    ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息", "unable_none"),
    ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作", "unable_create"),
    ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确", "unable_unclear"),
    ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请", "notproc_petition"),
    ("三、本年度办理结果", "（五）不予处理", "2.重复申请", "notproc_repeat"),
    ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物", "notproc_publication"),
    ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请", "notproc_massive"),
    ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "notproc_confirm"),
    ("三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_nocorrection"),
    ("三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_nofee"),
    ("三、本年度办理结果", "（六）其他处理", "3.其他", "other_other"),
    ("三、本年度办理结果", "（七）总计", None, "results_total"),
    ("四、结转下年度继续办理", None, None, "carry_next"),
]
T3_2019 = [r for r in T3_2021 if not r[3].startswith("other_")]
T3_2019.insert(20, ("三、本年度办理结果", "（六）其他处理", None, "other"))
T3_COLS = ["natural", "commercial", "research", "public_welfare", "legal_service", "other", "total"]
T4_COLS = [f"{g}_{c}" for g in ("review", "direct", "after") for c in ("upheld", "corrected", "other", "pending", "total")]

T2_2021 = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", "guizhang", ["issued", "repealed", "effective"]), ("行政规范性文件", "guifanxing", ["issued", "repealed", "effective"])]),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "xuke", ["decisions"])]),
    ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", "chufa", ["decisions"]), ("行政强制", "qiangzhi", ["decisions"])]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "shoufei", ["amount"])]),
]
T2_2019 = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", "guizhang", ["made", "published", "total_public"]), ("规范性文件", "guifanxing", ["made", "published", "total_public"])]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", "xuke", ["prev_items", "change", "decisions"]),
      ("其他对外管理服务事项", "qita_fuwu", ["prev_items", "change", "decisions"])]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", "chufa", ["prev_items", "change", "decisions"]), ("行政强制", "qiangzhi", ["prev_items", "change", "decisions"])]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", "shoufei", ["prev_items", "change"])]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", "caigou", ["purchase_items", "purchase_amount"])]),
]


def put(ws: Worksheet, r: int, c: int, v: Any) -> None:
    if v is not None:
        ws.cell(r, c, v)


def t2(ws: Worksheet, r: int, c: int, blocks: list, vals: dict[str, Any], text=str) -> int:
    """Write 表二 at (r, c) the office way; returns the next free row."""
    ws.cell(r, c, "二、主动公开政府信息情况")
    r += 1
    for caption, heads, rows in blocks:
        ws.cell(r, c, caption)
        ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 3)
        r += 1
        ws.cell(r, c, "信息内容")
        for i, h in enumerate(heads):
            ws.cell(r, c + 1 + i, h)
        if len(heads) == 1:
            ws.merge_cells(start_row=r, start_column=c + 1, end_row=r, end_column=c + 3)
        r += 1
        for label, key, cols in rows:
            ws.cell(r, c, label)
            for i, col in enumerate(cols):
                v = vals.get(f"t2.{key}.{col}")
                put(ws, r, c + 1 + i, None if v is None else text(v))
            if len(cols) == 1:
                ws.merge_cells(start_row=r, start_column=c + 1, end_row=r, end_column=c + 3)
            r += 1
    return r + 1


def t3(ws: Worksheet, r: int, c: int, rows: list, vals: dict[str, Any], text=str, totals: bool = True) -> int:
    ws.cell(r, c, "三、收到和处理政府信息公开申请情况")
    r += 1
    ws.cell(r, c, T3_HEAD)
    ws.merge_cells(start_row=r, start_column=c, end_row=r + 2, end_column=c + 2)
    ws.cell(r, c + 3, "申请人情况")
    ws.merge_cells(start_row=r, start_column=c + 3, end_row=r, end_column=c + 9)
    ws.cell(r + 1, c + 3, "自然人")
    ws.merge_cells(start_row=r + 1, start_column=c + 3, end_row=r + 2, end_column=c + 3)
    ws.cell(r + 1, c + 4, "法人或其他组织")
    ws.merge_cells(start_row=r + 1, start_column=c + 4, end_row=r + 1, end_column=c + 8)
    ws.cell(r + 1, c + 9, "总计")
    ws.merge_cells(start_row=r + 1, start_column=c + 9, end_row=r + 2, end_column=c + 9)
    for i, h in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        ws.cell(r + 2, c + 4 + i, h)
    r += 3
    first = r
    for a, b, cc, key in rows:
        ws.cell(r, c, a)
        if b:
            ws.cell(r, c + 1, b)
        if cc:
            ws.cell(r, c + 2, cc)
        if not b:
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 2)
        elif not cc:
            ws.merge_cells(start_row=r, start_column=c + 1, end_row=r, end_column=c + 2)
        for i, col in enumerate(T3_COLS):
            if col == "total" and not totals:
                continue
            v = vals.get(f"t3.{key}.{col}")
            put(ws, r, c + 3 + i, None if v is None else text(v))
        r += 1
    _merge_runs(ws, first, r - 1, c)
    _merge_runs(ws, first, r - 1, c + 1)
    return r + 1


def _merge_runs(ws: Worksheet, first: int, last: int, c: int) -> None:
    """Merge consecutive equal group labels vertically, clearing the copies."""
    r = first
    while r <= last:
        v = ws.cell(r, c).value
        end = r
        while end + 1 <= last and v and ws.cell(end + 1, c).value == v and ws.cell(end + 1, c + 1).value:
            end += 1
        if end > r and ws.cell(r, c + 1).value:
            for rr in range(r + 1, end + 1):
                ws.cell(rr, c).value = None
            ws.merge_cells(start_row=r, start_column=c, end_row=end, end_column=c)
        r = end + 1


def t4(ws: Worksheet, r: int, c: int, vals: dict[str, Any], text=str) -> int:
    ws.cell(r, c, "四、政府信息公开行政复议、行政诉讼情况")
    r += 1
    ws.cell(r, c, "行政复议")
    ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 4)
    ws.cell(r, c + 5, "行政诉讼")
    ws.merge_cells(start_row=r, start_column=c + 5, end_row=r, end_column=c + 14)
    for i, h in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        ws.cell(r + 1, c + i, h)
        ws.merge_cells(start_row=r + 1, start_column=c + i, end_row=r + 2, end_column=c + i)
        ws.cell(r + 2, c + 5 + i, h)
        ws.cell(r + 2, c + 10 + i, h)
    ws.cell(r + 1, c + 5, "未经复议直接起诉")
    ws.merge_cells(start_row=r + 1, start_column=c + 5, end_row=r + 1, end_column=c + 9)
    ws.cell(r + 1, c + 10, "复议后起诉")
    ws.merge_cells(start_row=r + 1, start_column=c + 10, end_row=r + 1, end_column=c + 14)
    r += 3
    for i, col in enumerate(T4_COLS):
        v = vals.get(f"t4.cases.{col}")
        put(ws, r, c + i, None if v is None else text(v))
    return r + 2


def fullwidth(v: Any) -> str:
    return str(v).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def zeros_2021() -> dict[str, Any]:
    v: dict[str, Any] = {}
    for _, _, rows in T2_2021:
        for _, key, cols in rows:
            for col in cols:
                v[f"t2.{key}.{col}"] = 0
    for *_, key in T3_2021:
        for col in T3_COLS:
            v[f"t3.{key}.{col}"] = 0
    for col in T4_COLS:
        v[f"t4.cases.{col}"] = 0
    return v


def shangguan() -> dict[str, Any]:
    """上官乡 2021 (sample text): all 0 except 表三 自然人 新收 1, 保护第三方 1."""
    v = zeros_2021()
    for k in ("t3.new.natural", "t3.new.total", "t3.refused_third.natural", "t3.refused_third.total",
              "t3.results_total.natural", "t3.results_total.total"):
        v[k] = 1
    return v


def pingyao() -> dict[str, Any]:
    """瓶窑镇 2021 report on the 2019 format (sample text)."""
    v: dict[str, Any] = {}
    for _, _, rows in T2_2019:
        for _, key, cols in rows:
            for col in cols:
                v[f"t2.{key}.{col}"] = 0
    for *_, key in T3_2019:
        for col in T3_COLS:
            v[f"t3.{key}.{col}"] = 0
    for col in T4_COLS:
        v[f"t4.cases.{col}"] = 0
    v.update({"t3.new.natural": 11, "t3.new.total": 11, "t3.disclosed.natural": 9, "t3.disclosed.total": 9,
              "t3.partial.natural": 1, "t3.partial.total": 1, "t3.results_total.natural": 10,
              "t3.results_total.total": 10, "t3.carry_next.natural": 1, "t3.carry_next.total": 1})
    v["t2.caigou.purchase_items"] = v["t2.caigou.purchase_amount"] = None  # left empty in the sample
    return v


def set_cached(path: Path, sheet_xml: str, cached: dict[str, Any]) -> None:
    """Give formula cells a cached result, as Excel does when it saves."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[sheet_xml].decode("utf-8")
    for ref, value in cached.items():
        xml, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>', rf"\g<1>\g<2><v>{value}</v>", xml)
        assert n == 1, ref
    parts[sheet_xml] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def build() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    made = []

    # 1. 上官乡 2021, all tables on one sheet, title rows, text numbers, full-width digits, stray spaces
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "附件："
    ws["A2"] = "富阳区上官乡2021年政府信息公开工作年度报告 表格"
    ws.merge_cells("A2:J2")
    vals = shangguan()
    blocks = [(cap.replace("（一）", "（ 一 ）"), heads,
               [(lbl.replace("行政规范性文件", "行政规范性\n文件"), k, cols) for lbl, k, cols in rows]) for cap, heads, rows in T2_2021]
    r = t2(ws, 4, 1, blocks, vals, text=fullwidth)
    rows = [(a, b, (cc + " ") if cc else cc, k) for a, b, cc, k in T3_2021]
    r = t3(ws, r, 1, rows, vals, text=lambda v: f" {fullwidth(v)} " if v else "0")
    t4(ws, r, 1, vals, text=str)
    p = OUT / "2021-上官乡-一张表.xlsx"
    wb.save(p)
    made.append(p)

    # 2. A 2021 workbook with one sheet per table, offset to column B, labels without some
    #    numbering, a subtotal row for （三）, totals as formulas with cached results
    wb = Workbook()
    vals = zeros_2021()
    vals.update({"t2.guifanxing.issued": 3, "t2.guifanxing.repealed": 1, "t2.guifanxing.effective": 25,
                 "t2.xuke.decisions": 124, "t2.chufa.decisions": 7, "t2.shoufei.amount": 1.25,
                 "t3.new.natural": 5, "t3.new.commercial": 2, "t3.carried.natural": 1,
                 "t3.disclosed.natural": 3, "t3.partial.commercial": 1, "t3.refused_secret.natural": 1,
                 "t3.unable_none.natural": 1, "t3.unable_none.commercial": 1, "t3.other_nofee.natural": 1,
                 "t4.cases.review_upheld": 1, "t4.cases.review_total": 1,
                 "t4.cases.direct_pending": 2, "t4.cases.direct_total": 2})
    ws2 = wb.active
    ws2.title = "表2"
    ws2["B1"] = "附件1：主动公开政府信息情况"
    t2(ws2, 3, 2, T2_2021, vals, text=lambda v: v)
    ws3 = wb.create_sheet("表3")
    ws3["B1"] = "附件2"
    rows = []
    for a, b, cc, k in T3_2021:
        if k == "disclosed":
            b = "予以公开"
        rows.append((a, b, cc, k))
        if k == "partial":
            rows.append((a, "（三）不予公开", None, "_sub3"))
    # the subtotal row: written as a group label row with the sum of its rows
    vals.update({"t3._sub3.natural": 1})
    t3(ws3, 3, 2, rows, vals, text=lambda v: v, totals=False)
    # totals column K (= 2 + 9) as formulas; cached results patched in below
    cached = {}
    first = 7  # heading in row 3, header rows 4-6
    keys = [x[3] for x in rows]
    for i, k in enumerate(keys):
        rr = first + i
        ws3.cell(rr, 11, f"=SUM(E{rr}:J{rr})")
        if k.startswith("_"):
            continue
        if k == "results_total":
            continue
        cached[f"K{rr}"] = sum(vals.get(f"t3.{k}.{c}", 0) for c in T3_COLS[:-1])
    # the 总计 row of results as formulas too
    tot_row = first + keys.index("results_total")
    r_first, r_sub = first + keys.index("disclosed"), first + keys.index("_sub3")
    for j, col in enumerate(T3_COLS[:-1]):
        letter = "EFGHIJ"[j]
        ws3.cell(tot_row, 5 + j, f"=SUM({letter}{r_first}:{letter}{tot_row - 1})-{letter}{r_sub}")
        cached[f"{letter}{tot_row}"] = sum(vals.get(f"t3.{k}.{col}", 0) for *_, k in T3_2021[2:23])
    cached[f"K{tot_row}"] = sum(cached[f"{letter}{tot_row}"] for letter in "EFGHIJ")
    ws4 = wb.create_sheet("表4")
    t4(ws4, 2, 2, vals, text=lambda v: v)
    p = OUT / "2021-分表-公式.xlsx"
    wb.save(p)
    set_cached(p, "xl/worksheets/sheet2.xml", cached)
    made.append(p)

    # 3. 瓶窑镇: a 2019-format sheet (2021 report year)
    wb = Workbook()
    ws = wb.active
    ws.title = "年报表格"
    ws["A1"] = "附件：瓶窑镇2021年政府信息公开工作年度报告数据"
    vals = pingyao()
    r = t2(ws, 3, 1, T2_2019, vals)
    r = t3(ws, r, 1, T3_2019, vals)
    t4(ws, r, 1, vals)
    p = OUT / "2021-瓶窑镇-2019格式.xlsx"
    wb.save(p)
    made.append(p)

    # 4. 清凉峰镇 2020 (2019 format) with blank cells, only 表三
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    v4 = {"t3.new.natural": 1, "t3.new.total": 1, "t3.carried.natural": 0, "t3.carried.total": 0,
          "t3.disclosed.natural": 1, "t3.disclosed.total": 1}
    t3(ws, 1, 1, T3_2019, v4)
    p = OUT / "2020-清凉峰镇-空白.xlsx"
    wb.save(p)
    made.append(p)

    # 5. 2021 表三 with a wrong total, an unknown row and an unknown column
    wb = Workbook()
    ws = wb.active
    ws.title = "申请情况"
    vals = zeros_2021()
    vals.update({"t3.new.natural": 4, "t3.new.total": 5, "t3.disclosed.natural": 4, "t3.disclosed.total": 4,
                 "t3.results_total.natural": 4, "t3.results_total.total": 4})
    rows = list(T3_2021)
    rows.insert(24, ("三、本年度办理结果", "（八）其他情形", None, "extra"))
    vals["t3.extra.natural"] = 2
    t3(ws, 2, 1, rows, vals)
    ws.cell(4, 12, "法人或其他组织小计")
    ws.merge_cells("L4:L5")
    ws.cell(6, 12, 0)
    p = OUT / "2021-表三-错误.xlsx"
    wb.save(p)
    made.append(p)

    # 6. formulas without cached results and a link to another workbook
    wb = Workbook()
    ws = wb.active
    vals = zeros_2021()
    t4(ws, 1, 1, vals)
    ws["A5"] = "=1+1"  # no cached value (openpyxl never stores one)
    ws["B5"] = "='[其他单位.xlsx]Sheet1'!B4"
    p = OUT / "2021-表四-公式.xlsx"
    wb.save(p)
    set_cached(p, "xl/worksheets/sheet1.xml", {"B5": 3})
    made.append(p)
    return made


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    sys.exit(0)
