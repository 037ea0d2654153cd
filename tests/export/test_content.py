"""The shared content (model.content) says exactly what the PDF says, in the same order."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("GKNB_PDF_FONTS", "bundled")

from model.content import (  # noqa: E402
    H1,
    H2,
    PARA,
    SIGNATURE,
    TABLE,
    TITLE,
    report_blocks,
    signature_indents,
    text_width,
    title_lines,
)
from model.pdf.document import Builder  # noqa: E402
from model.pdf.fonts import load_fonts  # noqa: E402
from model.pdf.layout import TableRow, TextLine  # noqa: E402
from model.pdf.typeset import Shaper  # noqa: E402
from model.report import FeeInfo  # noqa: E402
from tests.export.helpers import SAMPLES, hostile, sample  # noqa: E402
from tests.model.helpers import complete_report  # noqa: E402


def pdf_sequence(report) -> list[str]:  # type: ignore[no-untyped-def]
    """The PDF's texts in order: one entry per shaped text, "<table>" per table."""
    boxes = Builder(report, Shaper(load_fonts())).build()
    out: list[str] = []
    last = None
    for b in boxes:
        if isinstance(b, TextLine):
            if b.shaped is not last:
                out.append(b.shaped.text)
            last = b.shaped
        elif isinstance(b, TableRow):
            if last != "table":
                out.append("<table>")
            last = "table"
    return out


def content_sequence(report) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for b in report_blocks(report):
        if b.kind == TABLE:
            out.append("<table>")
        elif b.kind == SIGNATURE:
            out += [b.text, b.date]
        else:
            out.append(b.text)
    return out


def variants():  # type: ignore[no-untyped-def]
    yield from ((n, sample(n)) for n in SAMPLES)
    yield "hostile", hostile()
    r = complete_report()
    yield "complete", r
    r2 = complete_report()
    r2.fee = FeeInfo(2, 30, 10)
    r2.set_text("s1.intro", "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。")
    r2.publication_date = None
    r2.organ_name = ""
    yield "fee-intro-blank", r2


@pytest.mark.parametrize("name,report", list(variants()))
def test_content_is_the_pdfs(name, report) -> None:  # type: ignore[no-untyped-def]
    assert content_sequence(report) == pdf_sequence(report)


def test_block_kinds_follow_the_format() -> None:
    r = complete_report()
    blocks = report_blocks(r)
    assert blocks[0].kind == TITLE and blocks[0].text == r.title
    assert [b.text for b in blocks if b.kind == H1] == [s.heading for s in r.format.sections]
    assert [b.table for b in blocks if b.kind == TABLE] == ["t2", "t3", "t4"]
    assert "（一）主动公开" in [b.text for b in blocks if b.kind == H2]
    assert blocks[-1].kind == SIGNATURE and blocks[-1].date == "2025年1月20日"
    assert any(b.kind == PARA and "统计期限" in b.text for b in blocks)


def test_a_blank_date_and_organ_leave_room_to_write() -> None:
    r = complete_report()
    r.publication_date = None
    r.organ_name = ""
    sig = report_blocks(r)[-1]
    assert sig.text == "（机关名称）" and sig.date == "\u3000\u3000年\u3000月\u3000日"
    r.publication_date = dt.date(2025, 1, 8)
    assert report_blocks(r)[-1].date == "2025年1月8日"  # no leading zeros (GB/T 9704 7.3.5.4)


@pytest.mark.parametrize("organ,expected", [
    ("杭州市富阳区上官乡人民政府", ["杭州市富阳区上官乡人民政府", "2021年政府信息公开工作年度报告"]),
    ("平湖市独山港经济开发区（独山港镇）人民政府",
     ["平湖市独山港经济开发区（独山港镇）", "人民政府2021年政府信息公开工作年度报告"]),
    ("瓶窑镇人民政府", ["瓶窑镇人民政府2021年", "政府信息公开工作年度报告"]),
    ("某镇", ["某镇2021年政府信息公开工作年度报告"]),
])
def test_title_breaks_between_words(organ: str, expected: list[str]) -> None:
    title = f"{organ}2021年政府信息公开工作年度报告"
    lines = title_lines(title, organ, 20)
    assert lines == expected
    assert "".join(lines) == title
    assert all(text_width(x) <= 20 for x in lines)


def test_signature_after_gbt9704() -> None:
    # organ 右空二字; the date starts two characters right of the organ's first character
    organ, date = "杭州市富阳区上官乡人民政府", "2022年1月13日"
    o, d = signature_indents(organ, date)
    assert o == 2
    assert (28 - o - text_width(organ)) + 2 == 28 - d - text_width(date)
    # a date longer than the organ: the date 右空二字, the organ two characters further left
    o, d = signature_indents("某局", "2022年12月31日")
    assert d == 2 and (28 - o - text_width("某局")) + 2 == 28 - d - text_width("2022年12月31日")
