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


def signature_indents(organ: str, date: str, line_chars: float = 28) -> tuple[float, float]:
    """GB/T 9704 7.3.5.2 (不加盖印章): how far (in characters) the organ and the date stand
    from the right edge: the organ 右空二字, the date's first character two characters right
    of the organ's first; a date longer than the organ is 右空二字 and the organ moves left.
    A name that needs more than one line: both 右空二字."""
    ow, dw = text_width(organ), text_width(date)
    if ow > line_chars - 2:
        return 2.0, 2.0
    organ_right, date_right = 2.0, ow - dw
    if date_right < 2.0:
        date_right = 2.0
        organ_right = 2.0 + dw + 2.0 - ow
    return organ_right, date_right


CLERK_NUMBERED = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def part_headings(report: Report, section: str) -> dict[str, str]:
    """Sub-headings for a section whose parts have none of their own in the format (五:
    存在的主要问题, 改进情况, 上年度问题整改情况): “（一）存在的主要问题”, … numbered over the
    parts that have text, so that the parts do not run together.  None when fewer than two
    parts have text, or when the clerk numbered the parts already (a part beginning with
    “（一）”)."""
    parts = report.format.prose_of(section)
    if len(parts) < 2 or any(p.heading for p in parts):
        return {}
    filled = [(p, paragraphs(report.text(p.key))) for p in parts]
    filled = [(p, paras) for p, paras in filled if paras]
    if len(filled) < 2 or any(CLERK_NUMBERED.match(paras[0]) for _, paras in filled):
        return {}
    return {p.key: f"（{cn_count(i)}）{p.label}" for i, (p, _) in enumerate(filled, start=1)}


def report_blocks(report: Report) -> list[Block]:
    r = report
    fmt = r.format
    out = [Block(TITLE, r.title, "s0")]
    intro_key, fee_part = fmt.part_key("intro"), fmt.part("other_matters")
    if "统计期限" not in (r.text(intro_key) if intro_key else ""):
        out.append(Block(PARA, opening_text(r), "s0"))
    for s in fmt.sections:
        out.append(Block(H1, s.heading, s.key))
        numbered = part_headings(r, s.key)
        for p in fmt.prose_of(s.key):
            paras = paragraphs(r.text(p.key))
            heading = p.heading or numbered.get(p.key)
            if heading and (paras or (p.required and p.heading)):
                out.append(Block(H2, heading, s.key, p.key))
            out += [Block(PARA, para, s.key, p.key) for para in paras]
        if fee_part is not None and s.key == fee_part.section:
            fee = fee_sentence(r.fee)
            if fee and fee not in r.text(fee_part.key):
                out.append(Block(PARA, fee, s.key))
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


def title_lines(title: str, organ: str, max_width: float) -> list[str]:
    """The title in lines of at most ``max_width`` characters (``text_width``), broken where
    the words allow (GB/T 9704 7.3.1: 词意完整、排列对称): after the organ name, before an opening or after a
    closing bracket, before 人民政府 / the year / 政府信息公开 / 年度报告 — never inside a word.  The two
    lines are kept about equally long; a break after the whole organ name is preferred.  A
    title with no allowed break that fits is returned whole (the program then wraps it)."""
    if text_width(title) <= max_width:
        return [title]
    organ = organ.strip()
    points: dict[int, float] = {}  # break position → bonus (characters)

    def add(k: int, bonus: float = 0.0) -> None:
        if 0 < k < len(title):
            points[k] = max(points.get(k, -1e9), bonus)

    if organ and title.startswith(organ):
        add(len(organ), 2.0)
    for m in re.finditer(r"[）)]", title[: len(organ)] if organ else title):
        add(m.end(), 0.5)
    for m in re.finditer(r"[（(]", title[: len(organ)] if organ else title):
        add(m.start())  # before a bracketed second name: 办公室 / （…研究中心）
    for word in ("人民政府", "政府信息公开", "年度报告"):
        for m in re.finditer(word, title):
            add(m.start())
    for m in re.finditer(r"\d{4}年", title):
        add(m.start())
    best: tuple[float, int] | None = None
    for k, bonus in points.items():
        w1, w2 = text_width(title[:k]), text_width(title[k:])
        if max(w1, w2) > max_width:
            continue
        score = abs(w1 - w2) - bonus
        if best is None or score < best[0]:
            best = (score, k)
    if best is not None:
        return [title[: best[1]], title[best[1]:]]
    # three lines or more: the first allowed break that fits, then the rest again
    for k in sorted(points, reverse=True):
        if text_width(title[:k]) <= max_width:
            return [title[:k], *title_lines(title[k:], "", max_width)]
    return [title]
