"""The check catalogue: every rule the report is held to, as findings a clerk understands.

``run_checks(report)`` returns a list of ``Finding``; each has a stable ``code``, a
severity, a location (section, table, row, column, prose part), a Chinese message, the
numbers involved and, where one exists, a ``Fix`` that ``apply_fix`` can carry out.
Everything here is pure and cheap enough to run after every keystroke.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from model.formats import CellKey, Relation, ReportFormat, Table, format_for_year
from model.limits import COUNT_LIMIT, MONEY_PLACES
from model.report import FEE_PART, GOVERNMENT_KINDS, NO_RULES_KINDS, ORGAN_KINDS, Number, Report, format_number
from model.totals import Sheet

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

SIMILARITY_LIMIT = 0.9
FEE_UNIT_SUSPICIOUS = Decimal(1000)  # 万元: a township collecting ≥ 1000万元 is most likely 元


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
    for key, v in report.values.items():
        if not fmt.has_cell(key):
            continue
        col = fmt.column_of(key)
        where = fmt.cell_label(key)
        shown = format_number(v)
        if col.kind == "money":
            if v < 0:
                out.append(_cell_finding(fmt, "VALUE_NEGATIVE", ERROR, key, f"{where}的金额为负数（{shown}）。", actual=v))
            exp = Decimal(v).as_tuple().exponent
            if isinstance(exp, int) and -exp > MONEY_PLACES:
                out.append(_cell_finding(fmt, "MONEY_DECIMALS", ERROR, key,
                                         f"{where}的金额{shown}超过{MONEY_PLACES}位小数。", actual=v))
            if _abs(v) >= COUNT_LIMIT:
                out.append(_cell_finding(fmt, "VALUE_ABSURD", ERROR, key, f"{where}的金额{shown}大得不合理。", actual=v))
            continue
        if isinstance(v, Decimal) and v != v.to_integral_value():
            out.append(_cell_finding(fmt, "VALUE_FRACTION", ERROR, key, f"{where}填了小数（{shown}），件数只能是整数。", actual=v))
        if v < 0 and col.kind == "count":
            out.append(_cell_finding(fmt, "VALUE_NEGATIVE", ERROR, key, f"{where}为负数（{shown}），件数不能为负。", actual=v))
        if _abs(v) >= COUNT_LIMIT:
            out.append(_cell_finding(fmt, "VALUE_ABSURD", ERROR, key, f"{where}为{shown}，大得不合理，请核对。", actual=v))
    return out


def _check_relations(sheet: Sheet, fmt: ReportFormat) -> list[Finding]:
    out = []
    for rel in fmt.relations:
        t = fmt.table(rel.table)
        block = t.block_of(rel.left[0])
        for col in block.columns:
            left = [sheet.value(CellKey(t.key, r, col.key)) for r in rel.left]
            right = [sheet.value(CellKey(t.key, r, col.key)) for r in rel.right]
            if any(v is None for v in left + right):
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


def _input_leaves(t: Table, row: str, col: str) -> list[CellKey]:
    """The input cells a (possibly computed) cell of ``t`` is the sum of."""
    block = t.block_of(row)
    r = next(x for x in block.rows if x.key == row)
    if r.computed:
        return [k for sub in r.sum_of for k in _input_leaves(t, sub, col)]
    c = block.column(col)
    if c.computed:
        return [CellKey(t.key, row, k) for k in c.sum_of]
    return [CellKey(t.key, row, col)]


def _unverified(sheet: Sheet, t: Table, rel: Relation, col: str, label: str) -> Finding | None:
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
    role = fmt.role_row("rules_row")
    if not role or report.organ_kind not in NO_RULES_KINDS:
        return []
    t = fmt.table(role[0])
    cells = [CellKey(t.key, role[1], c.key) for c in t.block_of(role[1]).columns]
    nonzero = tuple(k for k in cells if report.values.get(k, 0) != 0)
    if not nonzero:
        return []
    kind = ORGAN_KINDS.get(report.organ_kind, "本机关")
    k = nonzero[0]
    others = [r.label for r in t.block_of(role[1]).rows if r.key != role[1]]
    where = f"应计入“{others[0]}”" if others else "不应计入此行"
    return [Finding("RULES_NOT_ALLOWED", WARNING,
                    f"{t.name}“{t.row(role[1]).label}”行填了非零数（{format_number(report.values[k])}），但{kind}没有规章制定权"
                    "（只有国务院部门、省级人民政府和设区的市、自治州人民政府可以制定规章）。"
                    f"本机关制发的文件{where}。",
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


def _check_cases_without_applications(report: Report, fmt: ReportFormat, sheet: Sheet) -> list[Finding]:
    totals = fmt.role("case_totals") or []
    rec, car = fmt.role_row("received"), fmt.role_row("carried_in")
    tot_col = fmt.role_row("applicant_total")
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
    return [_cell_finding(fmt, "CASES_WITHOUT_APPLICATIONS", INFO, k,
                          f"{fmt.table_name(k.table)}有{sum(cases)}件行政复议或行政诉讼，但本年（及上年）没有收到政府信息公开申请。"
                          "请核对这些案件是否因政府信息公开工作引起。", actual=sum(cases))]


# --------------------------------------------------------------------------- prose


def _check_prose_required(report: Report, fmt: ReportFormat) -> list[Finding]:
    out = []
    for p in fmt.prose:
        if p.required and not report.text(p.key).strip():
            head = fmt.section(p.section).heading
            label = p.heading or p.label
            extra = ""
            if p.role == "supervision" and report.organ_kind in GOVERNMENT_KINDS:
                extra = "人民政府须写明工作考核、社会评议和责任追究结果情况。"
            out.append(Finding("PROSE_EMPTY", WARNING, f"“{head}”中的“{label}”尚未填写。{extra}",
                               section=p.section, part=p.key))
    for p in fmt.prose:
        pt = report.prose.get(p.key)
        if pt is not None and pt.copied and pt.text.strip():
            out.append(Finding("PROSE_COPIED", WARNING,
                               f"“{fmt.section(p.section).heading}”中的“{p.heading or p.label}”还是从上年报告带入的文字，"
                               "尚未按本年度情况修改。", section=p.section, part=p.key))
    fee_part = fmt.part("other_matters")
    if fmt.fee_statement_required and fee_part and report.fee.is_blank() and "信息处理费" not in report.text(fee_part.key):
        out.append(Finding("FEE_STATEMENT_MISSING", WARNING,
                           f"“{fmt.section(fee_part.section).heading}”没有说明信息处理费的收取情况（发出收费通知的件数和金额、"
                           "实际收取的金额）。未收取的也应写明，例如“本年度未收取信息处理费。”",
                           section=fee_part.section, part=fee_part.key))
    return out


def _check_fee_figures(report: Report, fmt: ReportFormat, sheet: Sheet) -> list[Finding]:
    f = report.fee
    out: list[Finding] = []
    fee_part = fmt.part("other_matters")
    if fee_part is None:
        return out
    sec = fee_part.section
    if f.amount_collected is not None and f.amount_notified is not None and f.amount_collected > f.amount_notified:
        out.append(Finding("FEE_INCONSISTENT", WARNING,
                           f"实际收取的信息处理费（{format_number(f.amount_collected)}元）多于收费通知的金额"
                           f"（{format_number(f.amount_notified)}元）。", section=sec, part=FEE_PART,
                           expected=f.amount_notified, actual=f.amount_collected))
    if f.notices == 0 and ((f.amount_notified or 0) > 0 or (f.amount_collected or 0) > 0):
        out.append(Finding("FEE_INCONSISTENT", WARNING,
                           "没有发出收费通知，却填写了收费金额。", section=sec, part=FEE_PART))
    nofee = fmt.role_cell("unpaid_fee")
    unpaid = sheet.value(nofee) if nofee and fmt.has_cell(nofee) else None
    if nofee and unpaid and f.notices == 0:
        label = re.sub(r"^\d+\.", "", fmt.table(nofee.table).row(nofee.row).label).split("、")[0]
        out.append(Finding("FEE_INCONSISTENT", WARNING,
                           f"{fmt.table_name(nofee.table)}有{unpaid}件“{label}”，"
                           f"但“{fmt.section(sec).heading}”写明没有发出收费通知。",
                           section=sec, part=FEE_PART, actual=unpaid))
    return out


_RE_RECEIVED = re.compile(r"(?:收到|受理|新收)[^。；]{0,40}?申请[^。；，,\d]{0,12}?(\d+)\s*(?:件|个|份|条)")
_RE_CLOSED = re.compile(r"办结[^。；，,\d率]{0,6}?(\d+)\s*(?:件|个|份)")
_RE_RATE = re.compile(r"办结率[^。；，,\d]{0,4}?(\d+(?:\.\d+)?)\s*[%％]")
_RE_NONE = re.compile(r"(?:未|没有)(?:收到|受理)[^。；，,]{0,20}?申请")


def _check_prose_numbers(report: Report, fmt: ReportFormat, sheet: Sheet) -> list[Finding]:
    rec, res, car = fmt.role_row("received"), fmt.role_row("results_total"), fmt.role_row("carried_in")
    tot = fmt.role_row("applicant_total")
    if not rec or not res or not car or not tot:
        return []
    received = sheet.value(CellKey(rec[0], rec[1], tot[1]))
    carried = sheet.value(CellKey(car[0], car[1], tot[1]))
    closed = sheet.value(CellKey(res[0], res[1], tot[1]))
    t = fmt.table(rec[0])
    rec_label = f"{t.name}“{t.row(rec[1]).label}”{t.column(rec[1], tot[1]).label}"
    res_label = f"{fmt.table_name(res[0])}“{fmt.table(res[0]).row(res[1]).label}”"
    out: list[Finding] = []
    parts = [p for p in fmt.prose if p.section in ("s1", t.section)]
    for p in parts:
        text = report.text(p.key)
        if not text:
            continue
        for m in _RE_RECEIVED.finditer(text):
            n = int(m.group(1))
            if received is not None and n != received:
                out.append(Finding("PROSE_RECEIVED", WARNING,
                                   f"正文写“{m.group(0)}”，但{rec_label}为{received}件。",
                                   section=p.section, part=p.key, table=rec[0], row=rec[1], column=tot[1],
                                   expected=received, actual=n, difference=n - received))
        if received and _RE_NONE.search(text):
            m2 = _RE_NONE.search(text)
            assert m2
            out.append(Finding("PROSE_RECEIVED", WARNING,
                               f"正文写“{m2.group(0)}”，但{t.name}记录本年新收申请{received}件。",
                               section=p.section, part=p.key, table=rec[0], row=rec[1], column=tot[1],
                               expected=received, actual=0))
        for m in _RE_CLOSED.finditer(text):
            n = int(m.group(1))
            if closed is not None and n != closed:
                out.append(Finding("PROSE_CLOSED", WARNING,
                                   f"正文写“{m.group(0)}”，但{res_label}为{closed}件。",
                                   section=p.section, part=p.key, table=res[0], row=res[1], column=tot[1],
                                   expected=closed, actual=n, difference=n - closed))
        for m in _RE_RATE.finditer(text):
            stated = Decimal(m.group(1))
            base = (received or 0) + (carried or 0)
            if closed is None or not base:
                continue
            true = Decimal(closed) * 100 / Decimal(base)
            places = max(0, -int(stated.as_tuple().exponent))  # type: ignore[operator]
            if abs(true - stated) > Decimal(1).scaleb(-places) / 2 + Decimal("0.0001"):
                shown = true.quantize(Decimal(1).scaleb(-max(places, 1)))
                out.append(Finding("PROSE_RATE", WARNING,
                                   f"正文写“{m.group(0)}”，但按{t.name}计算，办结率为{closed}÷{base}＝{shown}%。",
                                   section=p.section, part=p.key, expected=shown, actual=stated))
    return out


def _check_publication(report: Report) -> list[Finding]:
    d = report.publication_date
    if d is None:
        return [Finding("PUBLISH_DATE_MISSING", INFO, "尚未填写发布日期（落款日期）。", section="s0")]
    out = []
    deadline = report.effective_deadline()
    if d > deadline:
        late = (d - deadline).days
        out.append(Finding("PUBLISH_LATE", WARNING,
                           f"发布日期{d.year}年{d.month}月{d.day}日晚于截止日期{deadline.year}年{deadline.month}月"
                           f"{deadline.day}日（晚{late}天）。不按时发布是追责情形之一。", section="s0", difference=late))
    if d <= dt.date(report.year, 12, 31):
        out.append(Finding("PUBLISH_EARLY", WARNING,
                           f"发布日期{d.year}年{d.month}月{d.day}日在报告年度结束之前；统计期限到{report.year}年12月31日。",
                           section="s0"))
    return out


def _check_format(report: Report, fmt: ReportFormat) -> list[Finding]:
    try:
        right = format_for_year(report.year)
    except ValueError as e:
        return [Finding("YEAR_UNSUPPORTED", ERROR, str(e), section="s0")]
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
        out.append(Finding("ORGAN_MISSING", WARNING, "尚未填写机关全称。", section="s0"))
    c = report.contact
    missing = [n for n, v in (("联系科室", c.office), ("地址", c.address), ("邮编", c.postcode), ("电话", c.phone)) if not v.strip()]
    if missing:
        out.append(Finding("CONTACT_MISSING", INFO, f"联系方式不完整：缺少{'、'.join(missing)}。", section="s0"))
    return out


# --------------------------------------------------------------------------- last year


@lru_cache(maxsize=256)
def similarity(a: str, b: str) -> float:
    """Share of the text that is the same (0..1); cached, so unchanged prose costs nothing."""
    if not a or not b:
        return 0.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < SIMILARITY_LIMIT or m.quick_ratio() < SIMILARITY_LIMIT:
        return m.quick_ratio()
    return m.ratio()


def _check_previous(report: Report, fmt: ReportFormat, sheet: Sheet) -> list[Finding]:
    prev = report.previous
    if prev is None:
        return []
    out = []
    car, out_row = fmt.role_row("carried_in"), fmt.role_row("carry_out")
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


# --------------------------------------------------------------------------- entry points

def run_checks(report: Report, sheet: Sheet | None = None) -> list[Finding]:
    fmt = report.format
    sheet = sheet or Sheet(report)
    out: list[Finding] = []
    out += _check_format(report, fmt)
    out += _check_identity(report)
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
