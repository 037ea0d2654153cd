"""The check catalogue: every rule the report is held to, as findings a clerk understands.

``run_checks(report)`` returns a list of ``Finding``; each has a stable ``code``, a
severity, a location (section, table, row, column, prose part), a Chinese message, the
numbers involved and, where one exists, a ``Fix`` that ``apply_fix`` can carry out.
Everything here is pure and cheap enough to run after every keystroke.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from model.formats import CellKey, Relation, ReportFormat, Table, format_for_year
from model.limits import COUNT_LIMIT, MONEY_LIMIT, MONEY_PLACES, NUMBER_MAX
from model.organs import RULES_BASIS
from model.report import FEE_PART, GOVERNMENT_KINDS, NO_RULES_KINDS, ORGAN_KINDS, Number, Report, format_number
from model.totals import Figures

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

SIMILARITY_LIMIT = 0.9
FEE_STATEMENT_FROM = 2021  # 《政府信息公开信息处理费管理办法》 applies from 2021-01-01
# parts the format marks required where the requirement is not confirmed from the official text:
# only a hint (format-spec.md marks “上年度问题整改情况” as remembered, not verified)
# parts whose requirement could not be confirmed from the official text: a hint, not a warning (by role)
UNCONFIRMED_REQUIRED = {"last_year_fixes"}
FEE_UNIT_SUSPICIOUS = Decimal(1000)  # 万元: a township collecting ≥ 1000万元 is most likely 元


# every code the catalogue can raise, with the rule it comes from (README's check table)
CATALOGUE: dict[str, str] = {
    "T3_BALANCE": "年报格式表三勾稽关系：第一项加第二项之和＝第三项加第四项之和",
    "RELATION_UNVERIFIED": "同上；空白不等于0，有空白的列无法核对",
    "VALUE_NEGATIVE": "年报格式：件数、金额不为负（本年增/减除外）",
    "VALUE_FRACTION": "年报格式：件数为整数",
    "VALUE_ABSURD": "合理性：超出任何机关可能的数量",
    "MONEY_DECIMALS": "年报格式表二：收费金额以万元为单位；格式未规定小数位，最小的单位是分（6位小数）",
    "BLANK_CELLS": "年报格式：没有发生的填0，不留空",
    "RULES_NOT_ALLOWED": "《立法法》第九十一、九十三条：规章只由国务院部门和省、自治区、直辖市、设区的市、自治州人民政府制定",
    "FEE_UNIT": "年报格式表二“行政事业性收费”单位为万元",
    "ISSUED_GT_EFFECTIVE": "年报格式表二：本年制发的文件一般仍现行有效",
    "CASES_WITHOUT_APPLICATIONS": "《条例》第五十条第（三）项；复议诉讼一般由申请引起",
    "PROSE_EMPTY": "《条例》第五十条；年报格式一（一）至（五）、五",
    "LAST_YEAR_FIXES_HINT": "第三方评估的常见要求（30号文原文未核实，故只作提示）",
    "PROSE_COPIED": "国办公开办函〔2021〕30号：“内容雷同”列为问责情形",
    "FEE_STATEMENT_MISSING": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号，2021年起）；年报格式六",
    "FEE_INCONSISTENT": "同上：收费通知、金额与表三“逾期未按收费通知要求缴纳费用”一致",
    "PROSE_RECEIVED": "《条例》第五十条第（二）项；正文与表三“一、本年新收”一致",
    "PROSE_CLOSED": "同上；正文与表三“（七）总计”一致",
    "PROSE_RATE": "同上；办结率＝（七）总计÷（一＋二）",
    "PROSE_RESULT_COUNT": "同上；正文的分项办理结果与表三“三、本年度办理结果”各行一致",
    "PROSE_PERCENT": "同上；正文百分比＝所写件数÷表三的总数",
    "PROSE_T4_RESULT": "《条例》第五十条第（三）项；“均获维持”与表四纠正、其他结果、尚未审结一致",
    "PROSE_T4_COUNT": "同上；正文的复议、诉讼件数（含“无”）与表四“总计”一致",
    "SUPERVISION_RESULTS_MISSING": "《条例》第五十条第（四）项；年报格式一（五）：各级人民政府报告工作考核、社会评议和责任追究结果",
    "BASIS_OUTDATED": "国办公开办函〔2021〕30号取代〔2019〕60号的格式（2021年度起）",
    "BASIS_MISCITED": "国办公开办函〔2021〕30号《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》：所引文号、文件名须与原文一致",
    "PERIOD_WRONG": "《条例》第五十条：年度报告统计1月1日至12月31日",
    "STRUCTURE_ANNOUNCED": "年报格式：六个部分",
    "PROSE_DRAFT_TRACE": "《条例》第四十九条：年度报告向社会公布，不是呈报件",
    "PROSE_OTHER_YEAR": "《条例》第四十九、五十条：报告本年度情况；“内容雷同”为问责情形",
    "PROSE_PLACEHOLDER": "同上：发布前补全",
    "PROSE_UNFINISHED": "同上：发布前补全（提示）",
    "PROSE_SIMILAR": "国办公开办函〔2021〕30号：“内容雷同”列为问责情形",
    "CARRY_MISMATCH": "年报格式表三：二、上年结转＝上年报告四、结转下年度继续办理",
    "EFFECTIVE_MISMATCH": "年报格式表二：现行有效件数＝上年＋本年制发－本年废止",
    "PUBLISH_LATE": "《条例》第四十九条：每年1月31日前公布",
    "PUBLISH_EARLY": "同上：统计期限到12月31日",
    "PUBLISH_DATE_MISSING": "同上（基本信息）",
    "FORMAT_OUTDATED": "国办公开办函〔2021〕30号：2021年度起用新格式",
    "FORMAT_MISMATCH": "同上",
    "YEAR_UNSUPPORTED": "本程序支持的格式（2019年度起）",
    "YEAR_FUTURE": "基本信息",
    "ORGAN_MISSING": "基本信息",
    "CONTACT_MISSING": "《条例》第二十四条第（三）项：公开联系方式（基本信息）",
    "FONT_MISSING_CHAR": "GB/T 9704：PDF 须能印出每个字",
    "COPIED_FROM_OTHER_ORGAN": "国办公开办函〔2021〕30号：“内容雷同”列为问责情形（县级汇总时比较各报告）",
    "PUBLISHED_TOTAL_BLANK": "年报格式：总计＝各分项之和（导入已发布的报告时发现原表总计空白而分项有数）",
}


@dataclass(frozen=True)
class Fix:
    """A repair the program can carry out.  ``kind`` selects it, ``params`` details it."""

    kind: str
    label: str
    params: tuple[tuple[str, Any], ...] = ()

    def param(self, name: str) -> Any:
        return dict(self.params).get(name)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    part: str | None = None  # prose part key, e.g. "s1.request"
    expected: Number | None = None
    actual: Number | None = None
    difference: Number | None = None
    fix: Fix | None = None
    cells: tuple[CellKey, ...] = field(default=())  # every cell the finding concerns

    def to_dict(self) -> dict[str, Any]:
        def num(v: Number | None) -> Any:
            if v is None:
                return None
            return format_number(v) if isinstance(v, Decimal) else v

        return {
            "code": self.code,
            "severity": self.severity,
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "part": self.part,
            "message": self.message,
            "expected": num(self.expected),
            "actual": num(self.actual),
            "difference": num(self.difference),
            "fix": {"kind": self.fix.kind, "label": self.fix.label} if self.fix else None,
            "cells": [k.as_text() for k in self.cells],
        }


def _abs(n: Number) -> Number:
    return -n if n < 0 else n


def _cell_finding(fmt: ReportFormat, code: str, severity: str, key: CellKey, message: str,
                  **kw: Any) -> Finding:
    return Finding(code, severity, message, section=fmt.table(key.table).section, table=key.table,
                   row=key.row, column=key.col, cells=(key,), **kw)


# --------------------------------------------------------------------------- tables


def _check_values(report: Report, fmt: ReportFormat) -> list[Finding]:
    out = []
    columns = fmt.cell_columns()
    for key, v in report.values.items():
        col = columns.get(key)
        if col is None:
            continue
        if type(v) is int and 0 <= v < COUNT_LIMIT and col.kind != "money":
            continue  # the usual case: a whole, plausible count (nothing below applies)
        if col.kind == "money":
            exp = Decimal(v).as_tuple().exponent
            if v < 0:
                out.append(_cell_finding(fmt, "VALUE_NEGATIVE", ERROR, key,
                                         f"{fmt.cell_label(key)}的金额为负数（{format_number(v)}）。金额不能为负，请改正。", actual=v))
            if isinstance(exp, int) and -exp > MONEY_PLACES:
                out.append(_cell_finding(fmt, "MONEY_DECIMALS", ERROR, key,
                                         f"{fmt.cell_label(key)}的金额{format_number(v)}超过{MONEY_PLACES}位小数（单位万元，最小到分）。"
                                         "请核对单位和数字。",
                                         actual=v))
            if _abs(v) >= MONEY_LIMIT:
                out.append(_cell_finding(fmt, "VALUE_ABSURD", ERROR, key,
                                         f"{fmt.cell_label(key)}的金额{format_number(v)}大得不合理（单位万元，最多不到"
                                         f"{format_number(MONEY_LIMIT)}万元），请核对单位和数字。", actual=v))
            continue
        if isinstance(v, Decimal) and v != v.to_integral_value():
            out.append(_cell_finding(fmt, "VALUE_FRACTION", ERROR, key,
                                     f"{fmt.cell_label(key)}填了小数（{format_number(v)}），件数只能是整数，请改正。", actual=v))
        if v < 0 and col.kind == "count":
            out.append(_cell_finding(fmt, "VALUE_NEGATIVE", ERROR, key,
                                     f"{fmt.cell_label(key)}为负数（{format_number(v)}），件数不能为负，请改正。", actual=v))
        if _abs(v) >= COUNT_LIMIT:
            out.append(_cell_finding(fmt, "VALUE_ABSURD", ERROR, key,
                                     f"{fmt.cell_label(key)}为{format_number(v)}，大得不合理（件数最多{format_number(NUMBER_MAX)}），"
                                     "请核对：是否粘贴了电话号码、证件号码？", actual=v))
    return out


def _check_relations(sheet: Figures, fmt: ReportFormat) -> list[Finding]:
    out = []
    totals, values = sheet.totals, sheet.report.values  # as sheet.value, without a call per cell
    for rel, t, col, left_keys, right_keys in fmt.relation_plan:
        left = [totals[k] if k in totals else values.get(k) for k in left_keys]
        right = [totals[k] if k in totals else values.get(k) for k in right_keys]
        if None in left or None in right:
            if not col.computed:  # a total column follows from the columns it sums
                f = _unverified(sheet, t, rel, col.key, col.label)
                if f is not None:
                    out.append(f)
            continue
        lsum: Number = sum(left)  # type: ignore[arg-type]
        rsum: Number = sum(right)  # type: ignore[arg-type]
        if lsum == rsum:
            continue
        msg = rel.message.format(column=f"“{col.label}”列", left=format_number(lsum),
                                 right=format_number(rsum), diff=format_number(_abs(lsum - rsum)))
        cells = tuple(CellKey(t.key, r, col.key) for r in rel.left + rel.right)
        # located at the first input row of the identity, so going to it lands on a cell she can edit
        out.append(Finding(rel.code, rel.severity, msg, section=t.section, table=t.key,
                           row=rel.left[0], column=col.key, expected=lsum, actual=rsum,
                           difference=lsum - rsum, cells=cells))
    return out


def _input_leaves(t: Table, row: str, col: str) -> tuple[CellKey, ...]:
    """The input cells a (possibly computed) cell of ``t`` is the sum of."""
    return t.input_leaves(row, col)


def _unverified(sheet: Figures, t: Table, rel: Relation, col: str, label: str) -> Finding | None:
    """A column of the identity that has some figures but also blanks: it cannot be checked;
    said here instead of passing in silence.  A wholly blank column is the blank check's."""
    leaves = [k for r in rel.left + rel.right for k in _input_leaves(t, r, col)]
    blank = [k for k in leaves if k not in sheet.report.values]
    if not blank or len(blank) == len(leaves):
        return None
    fmt = sheet.format
    msg = (f"“{label}”列的{rel.title}无法核对：有{len(blank)}个单元格空白（例如{fmt.cell_label(blank[0])}）。"
           "请填写，没有发生的填0。")
    return Finding("RELATION_UNVERIFIED", WARNING, msg, section=t.section, table=t.key, row=blank[0].row,
                   column=blank[0].col, actual=len(blank), cells=tuple(blank))


def _check_blanks(report: Report, fmt: ReportFormat) -> list[Finding]:
    out = []
    for t in fmt.tables:
        blanks = tuple(k for k in t.input_cells() if k not in report.values)
        if not blanks:
            continue
        total = len(t.input_cells())
        name = t.name
        if len(blanks) == total:
            msg = f"{name}尚未填写（{total}个单元格都是空白）。没有发生的事项请填0，不要留空。"
        else:
            msg = (f"{name}有{len(blanks)}个单元格未填写，例如{fmt.cell_label(blanks[0])}。"
                   "空白不等于0：没有发生的事项请填0。")
        out.append(Finding("BLANK_CELLS", WARNING, msg, section=t.section, table=t.key,
                           row=blanks[0].row, column=blanks[0].col, actual=len(blanks), cells=blanks,
                           fix=Fix("fill_blanks", f"将{name}剩余的{len(blanks)}个空白单元格填为0", (("table", t.key),))))
    return out


def _check_rules(report: Report, fmt: ReportFormat) -> list[Finding]:
    role = fmt.role_table_row("rules_row")
    if not role or report.organ_kind not in NO_RULES_KINDS:
        return []
    t = fmt.table(role[0])
    cells = [CellKey(t.key, role[1], c.key) for c in t.block_of(role[1]).columns]
    nonzero = tuple(k for k in cells if report.values.get(k, 0) != 0)
    if not nonzero:
        return []
    kind = ORGAN_KINDS[report.organ_kind]
    k = nonzero[0]
    others = [r.label for r in t.block_of(role[1]).rows if r.key != role[1]]
    where = f"应计入“{others[0]}”行" if others else "不应计入此行"
    return [Finding("RULES_NOT_ALLOWED", WARNING,
                    f"{fmt.cell_label(k)}填了{format_number(report.values[k])}，"
                    f"但机关类型是“{kind}”，没有规章制定权（{RULES_BASIS}）。本机关制发的文件{where}；"
                    "如果机关类型选错了，请在基本信息中改正。",
                    section=t.section, table=t.key, row=k.row, column=k.col, actual=report.values[k], cells=nonzero)]


def _check_fee_unit(report: Report, fmt: ReportFormat) -> list[Finding]:
    key = fmt.role_cell("fee_amount")
    if key is None:
        return []
    v = report.values.get(key)
    if v is None or v < FEE_UNIT_SUSPICIOUS:
        return []
    return [_cell_finding(fmt, "FEE_UNIT", WARNING, key,
                          f"{fmt.table(key.table).row(key.row).label}金额为{format_number(v)}万元（即{format_number(v * 10000)}元），"
                          "数额异常大。表头单位是万元，是否把“元”误填成了“万元”？", actual=v)]


def _check_effective_vs_issued(report: Report, fmt: ReportFormat) -> list[Finding]:
    role = fmt.role("effective")
    if not role:
        return []
    out = []
    for row in role["rows"]:
        ik = CellKey(role["table"], row, role["issued"])
        ek = CellKey(role["table"], row, role["effective"])
        issued, eff = report.values.get(ik), report.values.get(ek)
        if issued is not None and eff is not None and issued > eff:
            out.append(_cell_finding(fmt, "ISSUED_GT_EFFECTIVE", INFO, ek,
                                     f"{fmt.cell_label(ek)}（{eff}）小于{fmt.column_of(ik).label}（{issued}）。"
                                     "本年制发的文件一般仍现行有效，请核对。", expected=issued, actual=eff))
    return out


def _check_cases_without_applications(report: Report, fmt: ReportFormat, sheet: Figures) -> list[Finding]:
    totals = fmt.role("case_totals") or []
    rec, car = fmt.role_table_row("received"), fmt.role_table_row("carried_in")
    tot_col = fmt.role_table_row("applicant_total")
    if not totals or not rec or not car or not tot_col:
        return []
    cases = [sheet.value(CellKey(*k)) or 0 for k in totals]
    if sum(cases) == 0:
        return []
    received = sheet.value(CellKey(rec[0], rec[1], tot_col[1]))
    carried = sheet.value(CellKey(car[0], car[1], tot_col[1]))
    last = report.previous.received_total if report.previous else None
    if received != 0 or carried not in (0, None) or last not in (0, None):
        return []
    k = CellKey(*totals[0])
    rec_label = fmt.table(rec[0]).row(rec[1]).label
    return [_cell_finding(fmt, "CASES_WITHOUT_APPLICATIONS", INFO, k,
                          f"{fmt.table_name(k.table)}各“{fmt.column_of(k).label}”栏共有{sum(cases)}件行政复议或行政诉讼，"
                          f"但{fmt.table_name(rec[0])}“{rec_label}”为0（上年也没有结转的申请）。"
                          "请核对这些案件是否因政府信息公开工作引起。", actual=sum(cases))]


# --------------------------------------------------------------------------- prose


def _check_prose_required(report: Report, fmt: ReportFormat) -> list[Finding]:
    out = []
    headings: list[tuple[str, str]] | None = None  # read once, when a required part is empty
    for p in fmt.prose:
        if p.required and not report.text(p.key).strip():
            head = fmt.section(p.section).heading
            label = p.heading or p.label
            if headings is None:
                headings = _topic_headings(report, fmt)
            if _covered_by_heading(fmt, p.key, headings):
                continue  # written in a merged sub-item, e.g. “（四）平台建设、监督保障情况”
            if p.role in UNCONFIRMED_REQUIRED:
                out.append(Finding("LAST_YEAR_FIXES_HINT", INFO,
                                   f"“{head}”中没有写“{label}”。建议写明上一年度报告所提问题的整改落实情况"
                                   "（第三方评估常要求；本程序未能从国办公开办函〔2021〕30号原文核实这是硬性要求，故只作提示）。",
                                   section=p.section, part=p.key))
                continue
            extra = ""
            if p.role == "supervision" and report.organ_kind in GOVERNMENT_KINDS:
                extra = "人民政府须写明工作考核、社会评议和责任追究结果情况。"
            out.append(Finding("PROSE_EMPTY", WARNING, f"“{head}”中的“{label}”尚未填写。{extra}请填写本年度的实际情况。",
                               section=p.section, part=p.key))
    for p in fmt.prose:
        pt = report.prose.get(p.key)
        if pt is not None and pt.copied and pt.text.strip():
            out.append(Finding("PROSE_COPIED", WARNING,
                               f"“{fmt.section(p.section).heading}”中的“{p.heading or p.label}”还是从上年报告带入的文字，"
                               "尚未按本年度情况修改，请改写为本年度的情况。", section=p.section, part=p.key))
    # the 信息处理费 statement follows the report year (国办函〔2020〕109号, in force 2021), not the format
    fee_part = fmt.part("other_matters")
    if fee_part and report.year >= FEE_STATEMENT_FROM and report.fee.is_blank() and \
            not re.search(r"信息处理费|收费", report.text(fee_part.key)):
        out.append(Finding("FEE_STATEMENT_MISSING", WARNING,
                           f"“{fmt.section(fee_part.section).heading}”没有说明信息处理费的收取情况（发出收费通知的件数和金额、"
                           "实际收取的金额）。未收取的也应写明，例如“本年度未收取信息处理费。”",
                           section=fee_part.section, part=fee_part.key))
    return out


def _check_fee_figures(report: Report, fmt: ReportFormat, sheet: Figures) -> list[Finding]:
    f = report.fee
    out: list[Finding] = []
    fee_part = fmt.part("other_matters")
    if fee_part is None:
        return out
    sec = fee_part.section
    if f.amount_collected is not None and f.amount_notified is not None and f.amount_collected > f.amount_notified:
        out.append(Finding("FEE_INCONSISTENT", WARNING,
                           f"实际收取的信息处理费（{format_number(f.amount_collected)}元）多于收费通知的金额"
                           f"（{format_number(f.amount_notified)}元）。请核对这两个金额。", section=sec, part=FEE_PART,
                           expected=f.amount_notified, actual=f.amount_collected))
    if f.notices == 0 and ((f.amount_notified or 0) > 0 or (f.amount_collected or 0) > 0):
        out.append(Finding("FEE_INCONSISTENT", WARNING,
                           "没有发出收费通知，却填写了收费金额。请核对收费通知的件数和金额。", section=sec, part=FEE_PART))
    nofee = fmt.role_cell("unpaid_fee")
    unpaid = sheet.value(nofee) if nofee and fmt.has_cell(nofee) else None
    if nofee and unpaid and f.notices == 0:
        label = re.sub(r"^\d+\.", "", fmt.table(nofee.table).row(nofee.row).label).split("、")[0]
        out.append(Finding("FEE_INCONSISTENT", WARNING,
                           f"{fmt.table_name(nofee.table)}有{unpaid}件“{label}”，"
                           f"但“{fmt.section(sec).heading}”写明没有发出收费通知。请核对收费通知的件数或表中这一行。",
                           section=sec, part=FEE_PART, actual=unpaid))
    return out


RESULT_GROUP_LABELS = {
    "予以公开及部分公开": "（一）予以公开＋（二）部分公开",
    "予以公开": "（一）予以公开",
    "部分公开": "（二）部分公开",
    "不予公开": "（三）不予公开",
    "无法提供": "（四）无法提供",
    "不予处理": "（五）不予处理",
    "其他处理": "（六）其他处理",
    "结转下年度": "四、结转下年度继续办理",
}
MENTIONS_SHOWN = 4  # quotes listed in one finding; the rest are counted


def _counted(distinct: list[str], count: int) -> str:
    """``_listed`` of ``count`` mentions whose first different words are ``distinct`` (at most
    MENTIONS_SHOWN of them kept)."""
    shown = "；".join(distinct[:MENTIONS_SHOWN])
    return shown + (f"等，共{count}处" if count > min(len(distinct), MENTIONS_SHOWN) else "")


def _listed(items: list[str]) -> str:
    """The first few distinct mentions; how many there are in all when that is more."""
    distinct = list(dict.fromkeys(items))
    shown = "；".join(distinct[:MENTIONS_SHOWN])
    return shown + (f"等，共{len(items)}处" if len(items) > min(len(distinct), MENTIONS_SHOWN) else "")


@lru_cache(maxsize=4096)
def _pct_fits(stated: Decimal, count: Decimal, base: Number | None) -> bool:
    """Whether ``stated``% is count÷base, rounded or cut to the places it is written with."""
    if not base:
        return False
    true = count * 100 / Decimal(base)
    places = max(0, -int(stated.as_tuple().exponent))  # type: ignore[operator]
    unit = Decimal(1).scaleb(-places)
    return abs(true - stated) <= unit / 2 + Decimal("0.0001") or Decimal(0) <= true - stated < unit


def _group_value(sheet: Figures, fmt: ReportFormat, table: str, prefixes: tuple[str, ...],
                 col: str) -> tuple[Number | None, list[CellKey]]:
    t = fmt.table(table)
    keys = [CellKey(table, r.key, col) for r in t.rows() if not r.sum_of and any(
        r.key == p or (r.key.startswith(p) if p.endswith("_") or p == "other" else False) for p in prefixes)]
    vals = [sheet.value(k) for k in keys]
    if not keys or all(v is None for v in vals):
        return None, keys
    return sum(v for v in vals if v is not None), keys


@lru_cache(maxsize=64)
def _mention_counts(text: str) -> tuple[tuple[Any, int, str, tuple[str, str, str]], ...]:
    """Each distinct mention of ``text`` (``model.sentences.mentions``) with how often it is
    said, its quoted words and what it says (kind, figure, base), in order of first mention:
    worked out once per text, not at every edit of a table."""
    from model.sentences import mentions

    return tuple((m, times, f"“{m.quote}”", (m.what, str(m.value), str(m.base)))
                 for m, times in Counter(mentions(text)).items())


def _check_prose_numbers(report: Report, fmt: ReportFormat, sheet: Figures) -> list[Finding]:
    """What the prose says of 表三/表四 against the tables: one finding per (code, part)
    listing every contradicting mention (a prose full of figures must not flood the list)."""
    rec, res, car = fmt.role_table_row("received"), fmt.role_table_row("results_total"), fmt.role_table_row("carried_in")
    tot = fmt.role_table_row("applicant_total")
    if not rec or not res or not car or not tot:
        return []
    rec_key, res_key = CellKey(rec[0], rec[1], tot[1]), CellKey(res[0], res[1], tot[1])
    received, closed = sheet.value(rec_key), sheet.value(res_key)
    carried = sheet.value(CellKey(car[0], car[1], tot[1]))
    rec_label, res_label = fmt.cell_label(rec_key), fmt.cell_label(res_key)
    t3_name = fmt.table_name(res[0])
    # 表四's case groups (复议, and the two kinds of 诉讼) as the format declares them
    groups = [g for g in (fmt.roles.get("case_groups") or []) if isinstance(g, dict)
              and fmt.has_cell(CellKey(g["table"], g["row"], g["total"]))]
    t4_table = groups[0]["table"] if groups else res[0]
    t4_name = fmt.table_name(t4_table)
    totals = {CellKey(g["table"], g["row"], g["total"]): g for g in groups}
    t4 = {k: sheet.value(k) for k in totals}
    not_upheld = {CellKey(g["table"], g["row"], c): g for g in groups for c in g["not_upheld"]
                  if fmt.has_cell(CellKey(g["table"], g["row"], c))}
    t4.update({k: sheet.value(k) for k in not_upheld})
    review = [k for k, g in totals.items() if g.get("kind") == "review"]
    suits = [k for k, g in totals.items() if g.get("kind") == "suit"]
    from model.sentences import RESULT_GROUPS

    results: dict[str, tuple[Number | None, list[CellKey]]] = {}

    def _judge_mention(m: Any, add: Any) -> None:
        """What the tables say against one mention: ``add(code, words, cells, expected, actual)``."""
        n = m.value
        if m.what == "received" and received is not None and n != received:
            add("PROSE_RECEIVED", f"“{m.quote}”（{t3_name}为{received}件）", (rec_key,), received, int(n))
        elif m.what == "none" and received:
            add("PROSE_RECEIVED", f"“{m.quote}”（{t3_name}本年新收{received}件）", (rec_key,), received, 0)
        elif m.what == "closed" and closed is not None and n != closed:
            add("PROSE_CLOSED", f"“{m.quote}”（{t3_name}为{closed}件）", (res_key,), closed, int(n))
        elif m.what == "rate" and closed is not None and (received or 0) + (carried or 0):
            base = (received or 0) + (carried or 0)
            if not _pct_fits(n, Decimal(closed), base):
                true = (Decimal(closed) * 100 / Decimal(base)).quantize(Decimal("0.1"))
                add("PROSE_RATE", f"“{m.quote}”（按{t3_name}为{closed}÷{base}＝{true}%）", (res_key, rec_key), true, n)
        elif m.what.startswith("result:"):
            name = m.what.split(":", 1)[1]
            if name not in results:  # once per group, not once per mention
                results[name] = _group_value(sheet, fmt, res[0], RESULT_GROUPS[name], tot[1])
            v, keys = results[name]
            if v is not None and n != v:
                parts = [sheet.value(k) for k in keys if sheet.value(k)]
                how = "＋".join(str(x) for x in parts) + f"＝{v}" if len(parts) > 1 else str(v)
                add("PROSE_RESULT_COUNT", f"“{m.quote}”（{t3_name}{RESULT_GROUP_LABELS[name]}为{how}件）",
                    tuple(keys), v, int(n))
        elif m.what == "percent" and m.base is not None:
            bases = [b for b in (closed, received, (received or 0) + (carried or 0)) if b]
            if bases and not any(_pct_fits(n, m.base, b) for b in bases):
                b0 = bases[0]
                true = (m.base * 100 / Decimal(b0)).quantize(Decimal("0.1"))
                add("PROSE_PERCENT", f"“{m.quote}”（{m.base}÷{b0}＝{true}%）", (res_key,), true, n)
        elif m.what == "t4_none" and t4:
            cases = sum(t4[k] or 0 for k in totals)
            if cases:
                add("PROSE_T4_COUNT", f"“{m.quote}”（{t4_name}共{cases}件）", (), cases, 0)
        elif m.what == "t4_upheld" and t4:
            bad = {k: t4[k] for k in not_upheld if t4[k]}
            if bad:
                what = "、".join(f"{_case_group(fmt, k)}“{fmt.column_of(k).label}”{v}件" for k, v in bad.items())
                add("PROSE_T4_RESULT", f"“{m.quote}”（{t4_name}有{what}）", tuple(bad), 0,
                    sum(v for v in bad.values() if v is not None))
        elif m.what == "t4_review" and review and t4[review[0]] is not None and n != t4[review[0]]:
            v = t4[review[0]]
            add("PROSE_T4_COUNT", f"“{m.quote}”（{t4_name}{_case_group(fmt, review[0])}“总计”为{v}件）",
                (review[0],), v, int(n))
        elif m.what == "t4_suit" and suits and t4[suits[0]] is not None:
            total = sum(t4[k] or 0 for k in suits)
            if n != total:
                cols = {2: "两"}.get(len(suits), str(len(suits)))
                add("PROSE_T4_COUNT", f"“{m.quote}”（{t4_name}行政诉讼{cols}栏“总计”共{total}件）",
                    tuple(suits), total, int(n))

    # A mention is judged by what it says (kind, figure, base), not by its words: the
    # verdict of one is reused for every other mention saying the same (in any part) with other words.
    Verdict = list[tuple[str, str, tuple[CellKey, ...], Number | None, Number | None]]
    verdicts: dict[tuple[str, str, str], Verdict] = {}
    recording: list[Verdict] = [[]]
    prefix = [0]  # length of the quoted words every message of a verdict starts with

    def add(code: str, words: str, keys: tuple[CellKey, ...] = (), exp: Number | None = None,
            act: Number | None = None, recording: list[Verdict] = recording, prefix: list[int] = prefix) -> None:
        recording[0].append((code, words[prefix[0]:], keys, exp, act))

    out: list[Finding] = []
    for p in fmt.prose:
        if p.section not in ("s1", "s3", "s4"):
            continue
        text = report.text(p.key)
        if not text:
            continue
        found: dict[str, list[Any]] = {}  # code → [the first MENTIONS_SHOWN different words, how many in all]
        cells: dict[str, set[CellKey]] = {}
        first: dict[str, tuple[Number | None, Number | None]] = {}
        for m, times, quoted, vkey in _mention_counts(text):  # the same words said again are judged once
            verdict = verdicts.get(vkey)
            if verdict is None:
                verdict = verdicts[vkey] = []
                recording[0], prefix[0] = verdict, len(quoted)
                _judge_mention(m, add)
            for code, rest, keys, exp, act in verdict:
                acc = found.get(code)
                if acc is None:
                    acc = found[code] = [[], 0]
                    cells[code] = set(keys)
                    first[code] = (exp, act)
                elif keys:
                    cells[code].update(keys)
                shown = acc[0]
                if len(shown) < MENTIONS_SHOWN:
                    words = quoted + rest
                    if words not in shown:
                        shown.append(words)
                acc[1] += times
        for code, (shown, count) in found.items():
            exp, act = first[code]
            out.append(Finding(code, WARNING, PROSE_NUMBER_MESSAGES[code].format(items=_counted(shown, count), n=count,
                                                                                 rec=rec_label, res=res_label),
                               section=p.section, part=p.key, expected=exp, actual=act,
                               table=t4_table if code.startswith("PROSE_T4") else res[0],
                               cells=tuple(sorted(cells[code], key=lambda k: k.as_text()))))
    return out


def _case_group(fmt: ReportFormat, key: CellKey) -> str:
    """The group a 表四 column belongs to, by the format's own header (行政复议, 未经复议直接起诉 …)."""
    path = fmt.column_of(key).path
    return path[-1] if path else ""


PROSE_NUMBER_MESSAGES = {
    "PROSE_RECEIVED": "正文所写的收到申请件数与{rec}不符：{items}。"
                      "请按表三改正正文，或核对表三。",
    "PROSE_CLOSED": "正文所写的办结件数与{res}不符：{items}。请按表三改正正文，或核对表三。",
    "PROSE_RATE": "正文所写的办结率与表三算出的不符：{items}。办结率＝（七）总计÷（一、本年新收＋二、上年结转），请按表三改正。",
    "PROSE_RESULT_COUNT": "正文所写的办理结果件数与表三“三、本年度办理结果”各行的“总计”列不符：{items}。"
                          "请按表三改正正文，或核对表三。",
    "PROSE_PERCENT": "正文所写的百分比与所写件数对不上（按{res}、{rec}都算不出）：{items}。请重新计算。",
    "PROSE_T4_RESULT": "正文说复议、诉讼“均获维持”，与表四不符：{items}。请改写正文，如实说明纠正、其他结果或尚未审结的案件。",
    "PROSE_T4_COUNT": "正文所写的行政复议、行政诉讼情况与表四“行政复议总计”“未经复议直接起诉总计”“复议后起诉总计”不符：{items}。"
                      "请按表四改正正文，或核对表四。",
}


# ---------------------------------------------------------------- what the prose itself says

# a sub-item heading naming two topics (“（四）政府信息公开平台建设、监督保障情况。”) covers
# both parts, so neither is empty; the topic words are the parts' ``topic`` in the format file
_HEADING = re.compile(r"^\s*[（(]?[一二三四五六七八九十\d]{1,2}[）)、．.]?\s*([^。\n：:]{2,40}?)(?:情况)?[。：:\n]")
SUPERVISION_WORDS = re.compile(r"考核|评议|追究|问责")
# rules of the formats (2019 and 2021 alike have six parts)
_DOC_NUMBER = re.compile(r"^(.*?)〔(\d{4})〕(\d+)号$")


def outdated_documents(year: int) -> tuple[str, ...]:
    """The documents of the format revisions that no longer apply to a report of ``year``
    (from the format files: each names its ``document`` and ``last_year``)."""
    from model.formats import all_formats

    return tuple(f.document for f in all_formats() if f.last_year is not None and f.last_year < year)


@lru_cache(maxsize=4)
def format_documents() -> dict[tuple[str, str], str]:
    """The format notices by (year, number): “国办公开办函〔2021〕30号” → {("2021", "30"): "国办公开办函"}."""
    from model.formats import all_formats

    out = {}
    for f in all_formats():
        m = _DOC_NUMBER.match(f.document)
        if m:
            out[(m.group(2), m.group(3))] = m.group(1)
    return out


# a document number as cited: issuer's abbreviation, year in any bracket, number
_DOC_CITED = re.compile(r"(国(?:务院)?办[\u4e00-\u9fff]{0,4}?)\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号")
# the notice's title with its words turned round (“年度工作报告格式”)
_TITLE_MISCITED = re.compile(r"政府信息公开年度工作报告格式")


def _miscited_basis(s: str) -> list[str]:
    """Where a sentence cites a format notice wrongly: the issuer's abbreviation (“国办公开函”
    for 国办公开办函) or the number of the year's notice (“〔2021〕3号”) — only in a sentence
    about the report's format — or the title's words turned round."""
    docs = format_documents()
    years = {y for y, _ in docs}
    out = []
    about_format = "格式" in s or "年度报告" in s
    for m in _DOC_CITED.finditer(s):
        issuer, year, number = m.group(1), m.group(2), m.group(3)
        right = docs.get((year, number))
        # 国办发, 国办函 are other series with their own numbers: a slip only where the issuer
        # is the 公开办's, or the sentence speaks of the report's format
        if right is not None and issuer != right and ("公开" in issuer or about_format):
            out.append(f"“{m.group(0)}”（应为“{right}〔{year}〕{number}号”）")
        elif right is None and about_format and year in years and issuer in docs.values():
            want = next(n for y, n in docs if y == year)
            out.append(f"“{m.group(0)}”（{year}年的格式通知是{issuer}〔{year}〕{want}号）")
    for m in _TITLE_MISCITED.finditer(s):
        out.append(f"“{m.group(0)}”（应为“政府信息公开工作年度报告格式”，"
                   "即国办公开办函〔2021〕30号《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》）")
    return out


@lru_cache(maxsize=16)
def _outdated_basis(documents: tuple[str, ...]) -> re.Pattern[str] | None:
    """Those documents as clerks cite them (any bracket, spaces), and the 2019 notice's title."""
    alts = []
    for doc in documents:
        m = _DOC_NUMBER.match(doc)
        if m:
            alts.append(rf"{re.escape(m.group(1))}\s*[〔\[［(（]\s*{m.group(2)}\s*[〕\]］)）]\s*{m.group(3)}\s*号")
    if not alts:
        return None
    if any("2019" in a for a in alts):
        alts.append("年度报告有关事项的通知")  # the 2019 notice's title, often cited instead of its number
    return re.compile("|".join(alts))
_PERIOD = re.compile(r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
                     r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PERIOD_CONTEXT = re.compile(r"统计|涵盖|期限|时限|报告期")
_STRUCTURE = re.compile(r"([一二三四五六七八九十]|\d{1,2})\s*(?:个)?\s*部分(?!公开)")
_STRUCTURE_CONTEXT = re.compile(r"包括|组成|分为|包含|内容|全文")
_DRAFT = re.compile(r"贵(?:办|局|委|厅|单位|部门|司|处|室)|妥否|请(?:予)?审(?:阅|定|核|批)|请(?:领导)?批示|"
                    r"征求意见稿|送审稿|修改稿|[（(【\[]?草稿[）)】\]]?")
_YEAR_START = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、．.][^。\n]{0,30}?[。：:\n]\s*)?(\d{4})\s*年(?!\d)")
_YEAR_CARRY = re.compile(r"(?:结转|转结)(?:至|到|入)?\s*(\d{4})\s*年")
_YEAR_TOTAL = re.compile(r"(?<![较比与])(\d{4})\s*年度?\s*[，,]?\s*(?:全年)?共(?:计)?(?:收到|受理|发布|公开|主动公开|办结|制发)")
_PLACEHOLDERS = [
    (re.compile(r"[\u4e00-\u9fff][ \u3000_＿]{2,}(?:条|件|篇|个|次|期|项|份|元|万元)"), "缺了数字"),
    (re.compile(r"[_＿]{3,}"), "是待填的横线"),
    (re.compile(r"[（(][ \u3000_＿]*[）)]\s*(?:条|件|篇|个|次|期|项|份)"), "缺了数字"),
    (re.compile(r"(?<![A-Za-z])(?:[XxＸｘ]{2,}|×{2,}|○{2,}|△{2,})(?![A-Za-z])"), "是待填的占位符"),
    (re.compile(r"[*＊]{3,}"), "是模板的待填标记"),
    (re.compile(r"〔\s*(\d{4})(?=\d)\d{1,4}(?:\s*号)?"), "文号不完整（缺“〕”）"),
    (re.compile(r"〔\s*\d{4}\s*〕\s*号"), "文号缺序号"),
]
_SENTENCE_END = "。！？!?”’）)」』】…；;：:"


def _quote(text: str, start: int, end: int, pad: int = 8) -> str:
    return text[max(0, start - pad):min(len(text), end + pad)].replace("\n", " ").strip()


def _topic_headings(report: Report, fmt: ReportFormat) -> list[tuple[str, str]]:
    """(part, heading) of each 总体情况 sub-item that has a topic and opens with a heading."""
    out = []
    for other in fmt.prose:
        if other.topic:
            m = _HEADING.match(report.text(other.key))
            if m:
                out.append((other.key, m.group(1)))
    return out


def _covered_by_heading(fmt: ReportFormat, part: str, headings: list[tuple[str, str]]) -> bool:
    """Whether another 总体情况 sub-item's heading also names this one (a merged sub-item);
    ``headings``: ``_topic_headings`` of the report."""
    topic = next((p.topic for p in fmt.prose if p.key == part), "")
    if not topic:
        return False
    return any(key != part and topic in heading for key, heading in headings)


def _check_prose_text(report: Report, fmt: ReportFormat) -> list[Finding]:
    """The prose read for itself: results a 人民政府 must report, the stated basis, period and
    structure, last year's years, draft and placeholder traces.  One finding per (code, part)."""
    out: list[Finding] = []
    year = report.year
    n_sections = len(fmt.sections)
    outdated = outdated_documents(year)
    for p in fmt.prose:
        text = report.text(p.key)
        if not text.strip():
            continue
        where = f"“{fmt.section(p.section).heading}”中的“{p.heading or p.label}”"
        hits: dict[str, list[str]] = {}
        for code, items in _text_hits(text, year, n_sections, p.role or p.key, p.section, outdated).items():
            hits[code] = items
        if (p.role == "supervision" and report.organ_kind in GOVERNMENT_KINDS
                and not SUPERVISION_WORDS.search(text)):
            hits["SUPERVISION_RESULTS_MISSING"] = []
        for code, items in hits.items():
            out.append(Finding(code, TEXT_SEVERITY.get(code, WARNING),
                               TEXT_MESSAGES[code].format(where=where, items=_listed(items), year=year,
                                                          next=year + 1, n=n_sections,
                                                          kind=ORGAN_KINDS.get(report.organ_kind, "")),
                               section=p.section, part=p.key))
    return out


@lru_cache(maxsize=512)
def _text_hits(text: str, year: int, n_sections: int, part: str, section: str,
               outdated: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """``part``: the part's role if it has one (``intro``), else its key; ``outdated``: the
    documents no longer in force for ``year`` (``outdated_documents``)."""
    hits: dict[str, list[str]] = {}
    basis = _outdated_basis(outdated)
    from model.sentences import cn_number, sentences

    for s in sentences(text):
        if basis is not None:
            m0 = basis.search(s)
            if m0:
                hits.setdefault("BASIS_OUTDATED", []).append(f"“{_quote(s, m0.start(), m0.end(), 16)}”")
        if "国" in s or "格式" in s:
            miscited = _miscited_basis(s)
            if miscited:
                hits.setdefault("BASIS_MISCITED", []).extend(miscited)
        if _PERIOD_CONTEXT.search(s):
            for m in _PERIOD.finditer(s):
                y1 = int(m.group(1)) if m.group(1) else year
                y2 = int(m.group(4)) if m.group(4) else y1
                start, end = (y1, int(m.group(2)), int(m.group(3))), (y2, int(m.group(5)), int(m.group(6)))
                if start != (year, 1, 1) or end != (year, 12, 31):
                    hits.setdefault("PERIOD_WRONG", []).append(f"“{m.group(0)}”")
        if part == "intro" and _STRUCTURE_CONTEXT.search(s):
            for m in _STRUCTURE.finditer(s):
                n = cn_number(m.group(1))
                if n is not None and n != n_sections:
                    hits.setdefault("STRUCTURE_ANNOUNCED", []).append(f"“{_quote(s, m.start(), m.end(), 12)}”")
    for m in _DRAFT.finditer(text):
        hits.setdefault("PROSE_DRAFT_TRACE", []).append(f"“{_quote(text, m.start(), m.end())}”")
    older = []
    for para in text.split("\n"):
        y = _YEAR_START.match(para)
        if y and (int(y.group(1)) < year or (int(y.group(1)) > year + 1)
                  or (int(y.group(1)) == year + 1 and section != "s5")):
            older.append(f"“{_quote(para, y.start(1), y.end(), 0)}……”（段首）")
    for m in _YEAR_CARRY.finditer(text):
        if int(m.group(1)) != year + 1:
            older.append(f"“{_quote(text, m.start(), m.end(), 4)}”（结转应至{year + 1}年）")
    for m in _YEAR_TOTAL.finditer(text):
        if int(m.group(1)) != year:
            older.append(f"“{_quote(text, m.start(), m.end(), 0)}”")
    if older:
        hits["PROSE_OTHER_YEAR"] = older
    for rx, why in _PLACEHOLDERS:
        for m in rx.finditer(text):
            hits.setdefault("PROSE_PLACEHOLDER", []).append(f"“{_quote(text, m.start(), m.end(), 6)}”{why}")
    last = text.rstrip().rsplit("\n", 1)[-1].strip()  # a sentence cut off, not a caption line
    if (len(last) >= 20 and last[-1] not in _SENTENCE_END and re.search(r"[，,、]", last)
            and not re.search(r"[\d件条个次%％]$", last)):  # “…行政诉讼0件” lacks only its full stop
        hits["PROSE_UNFINISHED"] = [f"“……{last[-12:]}”"]
    return hits


TEXT_SEVERITY = {"PROSE_UNFINISHED": INFO}
TEXT_MESSAGES = {
    "SUPERVISION_RESULTS_MISSING": "{where}没有写工作考核、社会评议和责任追究结果。{kind}属于各级人民政府，"
                                   "按《条例》第五十条第（四）项和年报格式一（五），应报告这三项结果（没有发生追责的也写明）。",
    "BASIS_OUTDATED": "{year}年度报告所引编制依据已经过时：{items}。国办公开办函〔2019〕60号规定的是2019年的格式；"
                      "2021年度起应依据国办公开办函〔2021〕30号《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》。",
    "BASIS_MISCITED": "{where}所引的年报格式通知有误：{items}。请按原文改正。",
    "PERIOD_WRONG": "{where}所写的统计期限不是本年度全年：{items}。应为{year}年1月1日至{year}年12月31日。",
    "STRUCTURE_ANNOUNCED": "{where}所说的报告结构与格式不符：{items}。年报格式规定{n}个部分（一、总体情况……六、其他需要报告的事项），请改正。",
    "PROSE_DRAFT_TRACE": "{where}留有草稿或呈报文字：{items}。年度报告是面向公众发布的，请删去写给上级的呈报语和草稿标记。",
    "PROSE_OTHER_YEAR": "{where}写的是别的年度：{items}。这常是上年报告的文字带入后没有改，请改为{year}年度的情况"
                        "（结转下年度的，应写{next}年）。",
    "PROSE_PLACEHOLDER": "{where}有未填完的地方：{items}。请补上实际内容再发布。",
    "PROSE_UNFINISHED": "{where}最后一句似乎没有写完：{items}。请检查是否漏了文字或句号。",
}


def _check_publication(report: Report) -> list[Finding]:
    d = report.publication_date
    if d is None:
        return [Finding("PUBLISH_DATE_MISSING", INFO, "尚未填写发布日期（落款日期），请在“基本信息”中填写。", section="s0")]
    out = []
    deadline = report.effective_deadline()
    if d > deadline:
        late = (d - deadline).days
        out.append(Finding("PUBLISH_LATE", WARNING,
                           f"发布日期{d.year}年{d.month}月{d.day}日晚于截止日期{deadline.year}年{deadline.month}月"
                           f"{deadline.day}日（晚{late}天）。不按时发布是追责情形之一；请核对发布日期，尚未发布的请尽快发布。", section="s0", difference=late))
    if d <= dt.date(report.year, 12, 31):
        out.append(Finding("PUBLISH_EARLY", WARNING,
                           f"发布日期{d.year}年{d.month}月{d.day}日在报告年度结束之前；统计期限到{report.year}年12月31日，请核对发布日期。",
                           section="s0"))
    return out


def _check_format(report: Report, fmt: ReportFormat) -> list[Finding]:
    try:
        right = format_for_year(report.year)
    except ValueError as e:
        return [Finding("YEAR_UNSUPPORTED", ERROR, f"{e}请核对年度；更早年度的报告请按当年的格式另行编写。", section="s0")]
    if report.year > dt.date.today().year:
        return [Finding("YEAR_FUTURE", WARNING, f"报告年度{report.year}年还没有到来，请核对年度。", section="s0")]
    if right.id == fmt.id:
        return []
    if right.first_year > fmt.first_year:
        return [Finding("FORMAT_OUTDATED", WARNING,
                        f"{report.year}年度报告应使用{right.name}，本报告使用的是已过时的{fmt.name}。",
                        section="s0", fix=Fix("migrate_format", f"转换为{right.name}", (("format", right.id),)))]
    return [Finding("FORMAT_MISMATCH", WARNING,
                    f"{report.year}年度报告应使用{right.name}，本报告使用的是{fmt.name}。", section="s0",
                    fix=Fix("migrate_format", f"转换为{right.name}", (("format", right.id),)))]


def _check_identity(report: Report) -> list[Finding]:
    out = []
    if not report.organ_name.strip():
        out.append(Finding("ORGAN_MISSING", WARNING, "尚未填写机关全称，请在“基本信息”中填写。", section="s0"))
    c = report.contact
    missing = [n for n, v in (("联系科室", c.office), ("地址", c.address), ("邮编", c.postcode), ("电话", c.phone)) if not v.strip()]
    if missing:
        out.append(Finding("CONTACT_MISSING", INFO, f"联系方式不完整：缺少{'、'.join(missing)}，请在“基本信息”中补全。", section="s0"))
    return out


# --------------------------------------------------------------------------- last year


@lru_cache(maxsize=256)
def similarity(a: str, b: str, floor: float = SIMILARITY_LIMIT) -> float:
    """Share of the text that is the same (0..1), exact at or above ``floor``; below it only an
    upper bound (cheap, and enough to tell it is below).  Cached, so unchanged prose costs nothing."""
    if not a or not b:
        return 0.0
    import difflib  # only when two texts are compared: not at start-up

    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < floor or m.quick_ratio() < floor:
        return m.quick_ratio()
    return m.ratio()


def _check_previous(report: Report, fmt: ReportFormat, sheet: Figures) -> list[Finding]:
    prev = report.previous
    if prev is None:
        return []
    out = []
    car, out_row = fmt.role_table_row("carried_in"), fmt.role_table_row("carry_out")
    if car and prev.carry_out:
        t = fmt.table(car[0])
        out_label = t.row(out_row[1]).label if out_row and out_row[0] == t.key else "结转下年度继续办理"
        for col in t.block_of(car[1]).columns:
            if col.computed or col.key not in prev.carry_out:
                continue
            key = CellKey(t.key, car[1], col.key)
            v = report.values.get(key)
            want = prev.carry_out[col.key]
            if v is not None and v != want:
                out.append(_cell_finding(fmt, "CARRY_MISMATCH", WARNING, key,
                                         f"{fmt.cell_label(key)}为{v}，但{prev.year}年报告“{out_label}”为{want}。",
                                         expected=want, actual=v, difference=v - want,
                                         fix=Fix("carry_from_previous", "改为上年报告的结转数")))
    role = fmt.role("effective")
    if role and prev.effective:
        for row in role["rows"]:
            if row not in prev.effective:
                continue
            vals = [report.values.get(CellKey(role["table"], row, role[c])) for c in ("issued", "repealed", "effective")]
            if any(v is None for v in vals):
                continue
            issued, repealed, eff = vals
            expected_eff: Number = prev.effective[row] + issued - repealed  # type: ignore[operator]
            if eff != expected_eff:
                key = CellKey(role["table"], row, role["effective"])
                lab = {c: fmt.column_of(CellKey(role["table"], row, role[c])).label for c in ("issued", "repealed", "effective")}
                out.append(_cell_finding(fmt, "EFFECTIVE_MISMATCH", INFO, key,
                                         f"{fmt.cell_label(key)}为{eff}，而上年“{lab['effective']}”{prev.effective[row]}件"
                                         f"＋“{lab['issued']}”{issued}件－“{lab['repealed']}”{repealed}件＝{expected_eff}件。"
                                         "如有修订、清理等情况可忽略。",
                                         expected=expected_eff, actual=eff, difference=eff - expected_eff))  # type: ignore[operator]
    for s in fmt.sections:
        now = "\n".join(report.text(p.key) for p in fmt.prose_of(s.key)).strip()
        old = "\n".join(prev.prose.get(p.key, "") for p in fmt.prose_of(s.key)).strip()
        if len(now) < 20 or not old:
            continue
        r = similarity(now, old)
        if r >= SIMILARITY_LIMIT:
            out.append(Finding("PROSE_SIMILAR", WARNING,
                               f"“{s.heading}”的文字有{int(r * 100)}%与{prev.year}年报告相同。"
                               "“内容雷同”是年报追责情形之一，请按本年度实际情况改写。",
                               section=s.key, part=fmt.prose_of(s.key)[0].key if fmt.prose_of(s.key) else None))
    return out


# --------------------------------------------------------------------------- many reports

COPY_MIN_CHARS = 50  # identical characters that make a passage copied, not a shared phrase


_CITED = re.compile(r"《[^》]{0,100}》|[（(]?[\u4e00-\u9fff]{0,10}[〔\[［]\d{4}[〕\]］]\s*\d+\s*号[）)]?")


@lru_cache(maxsize=8)
def _heading_words(format_id: str) -> re.Pattern[str]:
    """The format's own section titles (“主动公开政府信息情况”…): everybody lists them."""
    from model.formats import load_format

    titles = {re.sub(r"^[一二三四五六七八九十]+、", "", s.heading) for s in load_format(format_id).sections}
    titles |= {"因政府信息公开工作被申请行政复议、提起行政诉讼情况", "政府信息公开工作存在的主要问题及改进情况"}
    return re.compile("|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)))


def _copy_text(report: Report, text: str) -> str:
    """The text compared for copies: spaces removed, titles of laws and documents and the
    format's section titles replaced by a mark (citing the same 《条例》 is no copy)."""
    t = "".join(text.split())
    t = _CITED.sub("§", t)
    return _heading_words(report.format_id).sub("§", t)


# the preface's form sentences: basis, parts, period, where to get it, whom to ask — a county or
# district hands the same preface to all its organs, so sharing them is no 内容雷同
_PREFACE_FORM = re.compile(r"编制(?:本|而成|《|了)|(?:要求|规定|有关规定)编制|[一二三四五六七八九十\d]\s*个?部分|部分组成|"
                           r"(?:全文|报告|内容)(?:主要)?(?:包括|包含|涵盖|由)|统计(?:期限|时限|周期|区间|期为|期自|数据)|时间范围|疑问|意见或建议|请(?:与|联系)|联系(?:电话|方式|地址)|下载")
_SENTENCE_PIECES = re.compile(r"([。；;！？!?\n])")


def _own_words(report: Report, part: str) -> str:
    """The text of a part compared for copies: in the preface, the form sentences left out
    (the rest stays as written, so a passage running over several sentences is still seen)."""
    text = report.text(part)
    try:
        role = report.format.prose_part(part).role
    except KeyError:
        return text
    if role != "intro":
        return text
    pieces = _SENTENCE_PIECES.split(text)
    kept = [pieces[i] + (pieces[i + 1] if i + 1 < len(pieces) else "")
            for i in range(0, len(pieces), 2) if not _PREFACE_FORM.search(pieces[i])]
    return "".join(kept)


def _windows(text: str, k: int) -> set[str]:
    return {text[i:i + k] for i in range(len(text) - k + 1)}


def copied_passages(reports: Sequence[Report], min_chars: int = COPY_MIN_CHARS) -> list[list[Finding]]:
    """Passages of ``min_chars``+ identical characters (spaces ignored) shared by the prose of
    reports of different organs (county merge, audit of many reports): a finding on each of
    the reports, one per prose part, naming the other organs.  A passage found in more than
    half of three or more reports is the common template everybody was given, not a copy."""
    n = len(reports)
    out: list[list[Finding]] = [[] for _ in reports]
    texts: list[dict[str, str]] = [{p: _copy_text(r, _own_words(r, p)) for p in r.prose} for r in reports]
    owners: dict[str, set[int]] = {}
    where: dict[tuple[int, str], set[str]] = {}  # (report, window) → its parts holding the window
    for i, parts in enumerate(texts):
        for part, t in parts.items():
            for w in _windows(t, min_chars):
                owners.setdefault(w, set()).add(i)
                where.setdefault((i, w), set()).add(part)
    common = max(2, n // 2) if n >= 3 else n
    names = ["".join(r.organ_name.split()) for r in reports]
    hits: dict[tuple[int, str], dict[int, str]] = {}  # (report, part) → other report → a passage
    for w, who in owners.items():
        if len(who) < 2 or (n >= 3 and len(who) > common):
            continue
        organs = {names[i] for i in who}
        if len(organs) < 2:
            continue
        for i in who:
            for part in where[(i, w)]:
                slot = hits.setdefault((i, part), {})
                for j in who:
                    if names[j] != names[i] and j not in slot:
                        slot[j] = w
    for (i, part), others in hits.items():
        fmt = reports[i].format
        try:
            pp = fmt.prose_part(part)
            label = f"“{fmt.section(pp.section).heading}”中的“{pp.heading or pp.label}”"
            section = pp.section
        except KeyError:
            label, section = f"正文“{part}”", None
        t = texts[i][part]
        items = []
        for j, w in others.items():
            at = t.find(w)
            end = at + len(w)
            other = texts[j].values()
            while end < len(t) and any(t[at:end + 1] in ot for ot in other):
                end += 1  # the whole shared passage, not just the window found
            while at > 0 and any(t[at - 1:end] in ot for ot in other):
                at -= 1
            quoted = t[at:at + 24].replace("§", "《…》")  # a title or heading compared as a mark
            items.append(f"与“{reports[j].organ_name}”的报告有{end - at}字相同（“{quoted}……”）")
        out[i].append(Finding("COPIED_FROM_OTHER_ORGAN", WARNING,
                              f"{label}{'；'.join(items[:MENTIONS_SHOWN])}"
                              f"{f'等，共{len(items)}个单位' if len(items) > MENTIONS_SHOWN else ''}。"
                              "“内容雷同”是年报追责情形之一，请按本机关本年度的实际情况改写。",
                              section=section, part=part))
    return out


# --------------------------------------------------------------------------- entry points

def run_checks(report: Report, sheet: Figures | None = None) -> list[Finding]:
    fmt = report.format
    sheet = sheet or Figures(report)
    out: list[Finding] = []
    out += _check_format(report, fmt)
    out += _check_identity(report)
    if any(f.code == "YEAR_UNSUPPORTED" for f in out):
        # a year before the formats the program has (the old format): its tables, parts,
        # structure and deadline are not the ones held here, so nothing is measured against them
        from model.fontcover import check_font_coverage

        return out + check_font_coverage(report, sheet)
    out += _check_values(report, fmt)
    out += _check_relations(sheet, fmt)
    out += _check_blanks(report, fmt)
    out += _check_rules(report, fmt)
    out += _check_fee_unit(report, fmt)
    out += _check_effective_vs_issued(report, fmt)
    out += _check_cases_without_applications(report, fmt, sheet)
    out += _check_prose_required(report, fmt)
    out += _check_fee_figures(report, fmt, sheet)
    out += _check_prose_numbers(report, fmt, sheet)
    out += _check_prose_text(report, fmt)
    out += _check_publication(report)
    out += _check_previous(report, fmt, sheet)
    from model.fontcover import check_font_coverage

    out += check_font_coverage(report, sheet)
    return out


def describe_location(fmt: ReportFormat, f: Finding) -> str:
    """Where a finding is, in words a clerk knows: 表三“…”行“…”列, a heading, 基本信息."""
    if f.table and f.row and f.column and fmt.has_cell(CellKey(f.table, f.row, f.column)):
        return fmt.cell_label(CellKey(f.table, f.row, f.column))
    if f.cells and fmt.has_cell(f.cells[0]):
        return fmt.cell_label(f.cells[0])
    if f.table:
        name = fmt.table_name(f.table)
        try:
            return f"{name}“{fmt.table(f.table).row(f.row).label}”行" if f.row else name
        except KeyError:
            return name
    if f.part:
        try:
            p = fmt.prose_part(f.part)
            return f"{fmt.section(p.section).heading}／{p.heading or p.label}"
        except KeyError:
            return f.part
    if f.section and f.section != "s0":
        try:
            return fmt.section(f.section).heading
        except KeyError:
            return f.section
    return "基本信息"


SECTION_ORDER = {"s0": 0, "s1": 1, "s2": 2, "s3": 3, "s4": 4, "s5": 5, "s6": 6}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SECTION_ORDER.get(f.section or "s0", 9), SEVERITY_ORDER[f.severity]))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def apply_fix(report: Report, fix: Fix) -> list[str]:
    """Carry out a fix on the report; returns notes on what was done or left undone."""
    fmt = report.format
    if fix.kind == "fill_blanks":
        table = fix.param("table")
        n = 0
        for k in fmt.table(table).input_cells():
            if k not in report.values:
                report.values[k] = 0
                n += 1
        return [f"已将{n}个空白单元格填为0。"]
    if fix.kind == "carry_from_previous":
        from model.carry import apply_previous_carry

        return apply_previous_carry(report)
    if fix.kind == "migrate_format":
        from model.carry import convert_format

        new, notes = convert_format(report, fix.param("format"))
        report.__dict__.update(new.__dict__)
        return notes
    raise ValueError(f"未知的修正：{fix.kind}")
