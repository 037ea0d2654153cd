"""The publication checklist (发布前核对清单) of 检查与导出 and ``main.py check``: what an
evaluator looks at when the report goes on the website, each item answered yes / no / not
yet known.  No Qt.

``publication_checklist(report, findings=None, *, approval_inline=None)`` gives the items in
order: ``deadline`` (published by the deadline: 次年1月31日 unless the report sets its own),
``tables_text`` (tables are text, not pictures), ``similarity`` (the prose is at most
``SIMILARITY_FLAG`` the same as last year's report), ``signature_date`` (the 落款 date lies
after the year reported on) and ``approval_sheet`` (the 审签单 is not inside the published file).
``ok`` is True (done), False (to be put right) or None (cannot be known yet: no date, no
last year's report; or a reminder for the clerk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from model.checks import SIMILARITY_LIMIT, Finding, similarity
from model.report import Report

# some provinces' evaluations deduct points when a report is more than half the same as last
# year's; the check PROSE_SIMILAR (内容雷同) warns from SIMILARITY_LIMIT (90 %) on
SIMILARITY_FLAG = 0.5
MIN_TEXT = 20  # a section with less text than this is not compared

KEYS = ("deadline", "tables_text", "similarity", "signature_date", "approval_sheet")


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    ok: bool | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def mark(self) -> str:
        return {True: "√", False: "×", None: "○"}[self.ok]


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _deadline(report: Report) -> ChecklistItem:
    label = "按时发布"
    deadline = report.effective_deadline()
    own = "（本报告设定的截止日期）" if report.deadline else ""
    d = report.publication_date
    if d is None:
        return ChecklistItem("deadline", label, None, f"尚未填写发布日期；应于{_date(deadline)}{own}前发布。")
    if d > deadline:
        return ChecklistItem("deadline", label, False,
                             f"发布日期{_date(d)}晚于截止日期{_date(deadline)}{own}（晚{(d - deadline).days}天）。")
    return ChecklistItem("deadline", label, True, f"发布日期{_date(d)}，不晚于截止日期{_date(deadline)}{own}。")


def _tables_text() -> ChecklistItem:
    return ChecklistItem("tables_text", "表格为文字", True,
                         "本程序导出的PDF、Word和网页版中，表格都是文字（可复制、可检索），不是图片。"
                         "如另行转换或截图上网，请保持表格为文字。")


def section_similarity(report: Report) -> list[tuple[str, str, float, int]]:
    """Per section with text: (key, heading, share the same as last year's, characters now)."""
    prev = report.previous
    if prev is None:
        return []
    fmt = report.format
    out = []
    for s in fmt.sections:
        parts = fmt.prose_of(s.key)
        now = "\n".join(report.text(p.key) for p in parts).strip()
        old = "\n".join(prev.prose.get(p.key, "") for p in parts).strip()
        if len(now) < MIN_TEXT or not old:
            continue
        # exact from the 50 % flag up (below the 90 % warning checks.similarity gives an upper bound only)
        out.append((s.key, s.heading, similarity(now, old, SIMILARITY_FLAG), len(now)))
    return out


def _similarity(report: Report, findings: list[Finding] | None) -> ChecklistItem:
    label = f"与上年报告相似度不超过{int(SIMILARITY_FLAG * 100)}%"
    prev = report.previous
    if prev is None or not any(v.strip() for v in prev.prose.values()):
        return ChecklistItem("similarity", label, None, "没有关联上年报告的正文，无法比较。")
    sims = section_similarity(report)
    if not sims:
        return ChecklistItem("similarity", label, None, "正文尚未填写，无法比较。")
    total = sum(n for *_, n in sims)
    overall = sum(r * n for _, _, r, n in sims) / total
    high = [(h, r) for _, h, r, _ in sims if r > SIMILARITY_FLAG]
    flag = int(SIMILARITY_FLAG * 100)
    detail = f"全文约{int(overall * 100)}%与{prev.year}年报告相同"
    if high:
        detail += f"；超过{flag}%的部分：" + "、".join(f"{h}（{int(r * 100)}%）" for h, r in high)
    very = [h for h, r in high if r >= SIMILARITY_LIMIT]
    if very or (findings is not None and any(f.code == "PROSE_SIMILAR" for f in findings)):
        detail += "；检查结果中已有“内容雷同”警告"
    if overall > SIMILARITY_FLAG or high:
        detail += f"。部分地区评估对相似度超过{flag}%的报告扣分，请按本年度实际情况改写。"
        return ChecklistItem("similarity", label, False, detail)
    return ChecklistItem("similarity", label, True, detail + f"，未超过{flag}%。")


def _signature_date(report: Report) -> ChecklistItem:
    label = "落款日期在报告年度结束之后"
    d = report.publication_date
    end = dt.date(report.year, 12, 31)
    if d is None:
        return ChecklistItem("signature_date", label, None, f"尚未填写落款日期；应在{_date(end)}之后。")
    if d <= end:
        return ChecklistItem("signature_date", label, False,
                             f"落款日期{_date(d)}不在{report.year}年度结束之后；统计期限到{_date(end)}。")
    return ChecklistItem("signature_date", label, True, f"落款日期{_date(d)}。")


def _approval_sheet(approval_inline: bool | None) -> ChecklistItem:
    label = "审签单不在发布的文件中"
    if approval_inline:
        return ChecklistItem("approval_sheet", label, False,
                             "导出时选择了把审签单附在报告末尾：这份PDF只供内部审签，请另行导出不含审签单的文件发布。")
    detail = ("审签单另存为“…-审签单.pdf”，只供内部审签，不要上传到网站。"
              if approval_inline is False else
              "发布前请确认上传的文件里没有审签单（导出PDF时不要选择“附在报告末尾”）。")
    return ChecklistItem("approval_sheet", label, True if approval_inline is False else None, detail)


def publication_checklist(report: Report, findings: list[Finding] | None = None, *,
                          approval_inline: bool | None = None) -> list[ChecklistItem]:
    """The checklist items in order (``KEYS``).  ``findings``: the report's check results,
    if already at hand (used to point at the “内容雷同” warning).  ``approval_inline``: how
    the 审签单 was exported (True: at the end of the report; False: as a file of its own;
    None: not known — the item is a reminder)."""
    return [
        _deadline(report),
        _tables_text(),
        _similarity(report, findings),
        _signature_date(report),
        _approval_sheet(approval_inline),
    ]


def checklist_lines(items: list[ChecklistItem]) -> list[str]:
    """The checklist as text lines (for ``main.py check``)."""
    return [f"{it.mark} {it.label}：{it.detail}" for it in items]
