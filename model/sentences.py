"""Ready sentences a clerk can insert into the prose, and the ones built from the tables.

The wording lives here, not in the window: the same sentences serve any front end, and the
numbers come from ``model.totals.Sheet`` (a blank figure is never written as 0).
"""

from __future__ import annotations

from model.formats import CellKey
from model.report import Report, format_number
from model.totals import Sheet

NO_FEE = "本年度未收取信息处理费。"

# (menu text, sentence) by prose part
READY_SENTENCES: dict[str, list[tuple[str, str]]] = {
    "s1.request": [("未收到申请", "本年度未收到政府信息公开申请。")],
    "s1.supervision": [("未发生责任追究", "本年度未发生政府信息公开工作责任追究情况。"),
                       ("考核、评议", "本机关将政府信息公开工作纳入年度绩效考核，并通过政务公开满意度测评开展社会评议。")],
    "s4.note": [("未发生复议诉讼", "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。")],
    "s6.other": [("未收取信息处理费", NO_FEE), ("无其他事项", "本年度无其他需要报告的事项。")],
}


def request_sentence(report: Report, sheet: Sheet | None = None) -> str:
    """依申请公开 summary from 表三's 总计 column: received, carried over, closed, carried
    forward.  Empty when the figures it needs are still blank."""
    fmt = report.format
    sheet = sheet or Sheet(report)
    tot = fmt.role_row("applicant_total")
    rows = [fmt.role_row(r) for r in ("received", "carried_in", "results_total", "carry_out")]
    if tot is None or any(r is None for r in rows):
        return ""
    values = [sheet.value(CellKey(r[0], r[1], tot[1])) for r in rows if r is not None]
    if any(v is None for v in values):
        return ""
    rec, car, res, out = (format_number(v) for v in values)
    return f"本年度共收到政府信息公开申请{rec}件，上年结转{car}件，本年度办结{res}件，结转下年度继续办理{out}件。"
