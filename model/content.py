"""What the report says, in order, for every renderer (PDF, Word, HTML): no layout, no Qt.

``report_blocks(report)`` gives the title, the opening paragraph, the six sections with
their sub-headings, paragraphs and tables, the 信息处理费 sentence and the 落款, with
exactly the decisions of the PDF (``model.pdf.document.Builder.build``): the opening
paragraph is left out when the clerk's 总体概述 already states the 统计期限; a sub-heading
is printed when its part has text or is required; the fee sentence is added to 六 unless
the clerk's text already contains it.  ``tests/export`` checks that the PDF says the same.

``draft_notice(left)`` is the line every draft page carries (the same as the PDF's).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from model.finality import Unfinished
from model.report import Report, fee_sentence

SECTION_PREFIX = re.compile(r"^[一二三四五六七八九十]+、")
BLANK_DATE = "\u3000\u3000年\u3000月\u3000日"
NO_ORGAN = "（机关名称）"

TITLE, PARA, H1, H2, TABLE, SIGNATURE = "title", "para", "h1", "h2", "table", "signature"


def chinese_date(d: dt.date) -> str:
    """GB/T 9704 7.3.5.4: Arabic numerals, no leading zeros: 2022年1月13日."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_count(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def opening_text(report: Report) -> str:
    """The opening paragraph: basis, contents, statistical period, contact."""
    fmt = report.format
    parts = "、".join(SECTION_PREFIX.sub("", s.heading) for s in fmt.sections)
    y = report.year
    text = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开"
            f"工作年度报告格式》（{fmt.document}）要求编制，全文包括{parts}等{cn_count(len(fmt.sections))}部分。"
            f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。")
    c = report.contact
    fields = [(c.address, "地址"), (c.postcode, "邮编"), (c.phone, "电话"), (c.fax, "传真")]
    details = "，".join(f"{label}：{v.strip()}" for v, label in fields if v.strip())
    who = report.organ_name.strip() + c.office.strip()
    if c.office.strip() or details:
        text += f"如对本报告有任何疑问，请与{who}联系"
        text += f"（{details}）。" if details else "。"
    return text


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a prose part: one per line, blank lines and edge spaces dropped."""
    out = []
    for p in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        p = p.strip(" \t\u3000\u00a0")
        if p:
            out.append(p)
    return out


@dataclass(frozen=True)
class Block:
    """One element of the report.  ``kind``: title, para, h1 (一、), h2 (（一）), table
    (``table`` is its key), signature (``text`` the organ, ``date`` the 成文日期)."""

    kind: str
    text: str = ""
    section: str | None = None
    part: str | None = None
    table: str | None = None
    date: str = ""


def signature_texts(report: Report) -> tuple[str, str]:
    """The 落款: organ (or a placeholder) and date (or a blank date to write in)."""
    date = chinese_date(report.publication_date) if report.publication_date else BLANK_DATE
    return report.organ_name.strip() or NO_ORGAN, date


def report_blocks(report: Report) -> list[Block]:
    r = report
    fmt = r.format
    out = [Block(TITLE, r.title, "s0")]
    if "统计期限" not in r.text("s1.intro"):
        out.append(Block(PARA, opening_text(r), "s0"))
    for s in fmt.sections:
        out.append(Block(H1, s.heading, s.key))
        for p in fmt.prose_of(s.key):
            paras = paragraphs(r.text(p.key))
            if p.heading and (paras or p.required):
                out.append(Block(H2, p.heading, s.key, p.key))
            out += [Block(PARA, para, s.key, p.key) for para in paras]
        if s.key == "s6":
            fee = fee_sentence(r.fee)
            if fee and fee not in r.text("s6.other"):
                out.append(Block(PARA, fee, "s6"))
        if s.table:
            out.append(Block(TABLE, fmt.table(s.table).title, s.key, table=s.table))
    organ, date = signature_texts(r)
    out.append(Block(SIGNATURE, organ, "s0", date=date))
    return out


def draft_notice(left: Unfinished) -> str:
    """The 草稿 line of a draft (the PDF prints the same at the top of every page)."""
    return f"草稿：本报告尚有{left.summary()}，完成前不得发布。"


def is_draft(left: Unfinished, final: bool) -> bool:
    """The PDF's rule: errors always make a draft; otherwise anything unfinished does,
    unless the clerk asked for the final version."""
    return bool(left.errors) or (not final and not left.clean)


def text_width(text: str) -> float:
    """Width in characters of body text: ASCII (digits, Latin) counts half."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’·" else 1.0 for ch in text)
