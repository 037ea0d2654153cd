"""Start next year's report from this one, and convert a report between formats.

The conversion keeps only what means the same in both formats.  Table 二 of the 2019
format counts different things from the 2021 one (本年新制作数量 is not 本年制发件数,
对外公开总数量 is not 现行有效件数, the fee block counted items, not 万元), so those cells are
never mapped; the notes returned say so cell by cell.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from model import limits
from model.formats import CellKey, load_format
from model.report import Contact, PreviousYear, ProseText, Report, new_report
from model.totals import Sheet

# Same meaning in 2019 and 2021 table 二: 处理决定数量 → 本年处理决定数量.
_T2_SAME_MEANING = {
    ("2019", "2021"): {
        ("xuke", "decisions"): ("xuke", "decisions"),
        ("chufa", "decisions"): ("chufa", "decisions"),
        ("qiangzhi", "decisions"): ("qiangzhi", "decisions"),
    },
    ("2021", "2019"): {
        ("xuke", "decisions"): ("xuke", "decisions"),
        ("chufa", "decisions"): ("chufa", "decisions"),
        ("qiangzhi", "decisions"): ("qiangzhi", "decisions"),
    },
}
# 表三（六）其他处理: one row in 2019, three in 2021.
_T3_OTHER_2019 = "other"
_T3_OTHER_2021 = ("other_nocorrection", "other_nofee", "other_other")


def convert_format(report: Report, target_id: str) -> tuple[Report, list[str]]:
    """A copy of ``report`` in format ``target_id`` with every value whose meaning is
    preserved; notes list what had to be left blank and why."""
    src = report.format
    dst = load_format(target_id)
    new = copy.deepcopy(report)
    new.format_id = dst.id
    new.values = {}
    notes: list[str] = []
    if src.id == dst.id:
        return copy.deepcopy(report), notes
    t2map = _T2_SAME_MEANING.get((src.id, dst.id), {})
    dropped_t2 = []
    for key, v in report.values.items():
        if key.table == "t2":
            target = t2map.get((key.row, key.col))
            if target:
                new.values[CellKey("t2", *target)] = v
            else:
                dropped_t2.append(key)
            continue
        if key.table == "t3" and key.row == _T3_OTHER_2019 and dst.id == "2021":
            if v == 0:
                for r in _T3_OTHER_2021:
                    new.values[CellKey("t3", r, key.col)] = 0
            continue
        if key.table == "t3" and key.row in _T3_OTHER_2021 and dst.id == "2019":
            continue
        if dst.has_cell(key) and not dst.is_computed(key):
            new.values[key] = v
    if dst.id == "2019":
        # three 2021 rows fold into one 2019 row without loss
        for col in dst.table("t3").block_of(_T3_OTHER_2019).columns:
            parts = [report.values.get(CellKey("t3", r, col.key)) for r in _T3_OTHER_2021]
            if col.computed or all(p is None for p in parts):
                continue
            new.values[CellKey("t3", _T3_OTHER_2019, col.key)] = sum(p or 0 for p in parts)
    elif src.id == "2019":
        other = [report.values.get(CellKey("t3", _T3_OTHER_2019, c.key))
                 for c in src.table("t3").block_of(_T3_OTHER_2019).columns if not c.computed]
        if any(v for v in other):
            notes.append("表三“（六）其他处理”在2021年格式中分为3项（逾期不补正、逾期未缴费、其他），"
                         "原来的数值无法自动拆分，请按实际情况重新填写这3行。")
    if dropped_t2:
        t2 = src.table("t2")
        dropped = set(dropped_t2)
        rows = []
        for row in t2.rows():
            cols = [c.label for c in t2.block_of(row.key).columns if CellKey("t2", row.key, c.key) in dropped]
            if cols:
                rows.append(f"“{row.label}”（{'、'.join(cols)}）")
        notes.append(f"表二的统计口径在两种格式间不同（例如“本年新制作数量”不等于“本年制发件数”，"
                     f"收费一栏从项目数改为万元金额），以下数值未转换，请按{dst.name}重新填写：{'；'.join(rows)}。")
    kept_prose = {p.key for p in dst.prose}
    new.prose = {k: v for k, v in report.prose.items() if k in kept_prose}
    notes.insert(0, f"已从{src.name}转换为{dst.name}。")
    return new, notes


def _snapshot(report: Report) -> PreviousYear:
    fmt = report.format
    sheet = Sheet(report)
    prev = PreviousYear(year=report.year, format_id=fmt.id)
    out = fmt.role_row("carry_out")
    if out:
        for col in fmt.table(out[0]).block_of(out[1]).columns:
            v = sheet.value(CellKey(out[0], out[1], col.key))
            if v is not None and not col.computed:
                prev.carry_out[col.key] = int(v)
    rec, tot = fmt.role_row("received"), fmt.role_row("applicant_total")
    if rec and tot:
        v = sheet.value(CellKey(rec[0], rec[1], tot[1]))
        prev.received_total = int(v) if v is not None else None
    role = fmt.role("effective")
    if role:
        for row in role["rows"]:
            v = report.values.get(CellKey(role["table"], row, role["effective"]))
            if v is not None:
                prev.effective[row] = int(v)
    prev.prose = {k: p.text for k, p in report.prose.items() if p.text}
    return prev


def next_year(report: Report, source_name: str = "") -> Report:
    """Next year's report: organ and contact carried, 结转下年度继续办理 → 上年结转,
    last year's figures kept for cross-checks, prose carried as a draft marked copied."""
    new = new_report(report.organ_name, report.year + 1, report.organ_kind)
    new.contact = replace(report.contact) if isinstance(report.contact, Contact) else Contact()
    new.deadline = None
    new.previous = _snapshot(report)
    new.previous.source = source_name[-limits.SOURCE_MAX:]  # a path: its end names the file
    apply_previous_carry(new)
    kept = {p.key for p in new.format.prose}
    new.prose = {k: ProseText(p.text, True) for k, p in report.prose.items() if k in kept and p.text}
    return new


def apply_previous_carry(report: Report) -> list[str]:
    """Set 上年结转 from the linked previous report's 结转下年度继续办理."""
    prev = report.previous
    fmt = report.format
    car = fmt.role_row("carried_in")
    if prev is None or car is None or not prev.carry_out:
        return ["没有关联上年报告的结转数。"]
    n = 0
    for col, v in prev.carry_out.items():
        key = CellKey(car[0], car[1], col)
        if fmt.has_cell(key) and not fmt.is_computed(key):
            report.values[key] = v
            n += 1
    return [f"已按{prev.year}年报告填入上年结转数（{n}列）。"]
