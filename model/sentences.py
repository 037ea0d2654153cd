"""Ready sentences a clerk can insert into the prose, and the ones built from the tables.

The wording lives here, not in the window: the same sentences serve any front end, and the
numbers come from ``model.totals.Sheet`` (a blank figure is never written as 0).  Which part
offers which sentence follows the parts' roles in the format file, not their keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from model.formats import CellKey, ReportFormat
from model.report import Report, fee_sentence, format_number
from model.totals import Sheet

NO_FEE = "本年度未收取信息处理费。"

# (menu text, sentence) by the role of a prose part
READY_SENTENCES: dict[str, list[tuple[str, str]]] = {
    "request": [("未收到申请", "本年度未收到政府信息公开申请。")],
    "supervision": [("未发生责任追究", "本年度未发生政府信息公开工作责任追究情况。"),
                    ("考核、评议", "本机关将政府信息公开工作纳入年度绩效考核，并通过政务公开满意度测评开展社会评议。")],
    "cases_note": [("未发生复议诉讼", "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。")],
    "other_matters": [("未收取信息处理费", NO_FEE), ("无其他事项", "本年度无其他需要报告的事项。")],
}


class MenuSentence(NamedTuple):
    """One entry of a part's 插入 menu; ``make`` builds the text when it is chosen."""

    label: str
    tooltip: str
    make: Callable[[Report, Sheet | None], str]


def sentence_menu(fmt: ReportFormat, part_key: str) -> list[MenuSentence]:
    """The sentences the part ``part_key`` offers: generated ones and ready ones, by role."""
    role = next((p.role for p in fmt.prose if p.key == part_key), None)
    if role is None:
        return []
    out: list[MenuSentence] = []
    rec = fmt.role_row("received")
    if role == "request" and rec:
        out.append(MenuSentence(f"按{fmt.table_name(rec[0])}数字生成一句", "", request_sentence))
    for label, text in READY_SENTENCES.get(role, []):
        out.append(MenuSentence(label, text, _fixed(text)))
    if role == "other_matters":
        out.append(MenuSentence("按信息处理费数字生成一句", "", _fee))
    return out


def _fixed(text: str) -> Callable[[Report, Sheet | None], str]:
    return lambda _report, _sheet: text


def _fee(report: Report, _sheet: Sheet | None) -> str:
    return fee_sentence(report.fee)


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
