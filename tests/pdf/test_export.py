"""PDF export: content from the format definition, numbers, fonts, draft mark, approval
sheet, hostile text, missing characters, CLI."""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

os.environ["GKNB_PDF_FONTS"] = "bundled"  # reproducible: only the bundled fonts

from cli import run_cli  # noqa: E402
from model.checks import has_errors, run_checks  # noqa: E402
from model.fontcover import ui_font_files  # noqa: E402
from model.formats import CellKey  # noqa: E402
from model.pdf import export_pdf, scan_missing_chars  # noqa: E402
from model.report import FeeInfo, fee_sentence, format_number  # noqa: E402
from model.storage import load_report  # noqa: E402
from model.tablegrid import table_grid  # noqa: E402
from model.totals import Figures  # noqa: E402

SAMPLES = ["2021-上官乡", "2021-瓶窑镇", "2020-清凉峰镇"]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> list[str]:
    return [norm(p.extract_text() or "") for p in PdfReader(str(path)).pages]


def embedded_fonts(path: Path) -> dict[str, bool]:
    out = {}
    for page in PdfReader(str(path)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for f in fonts.values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            out[str(f["/BaseFont"])] = "/FontFile2" in desc
    return out


def load(sample_path, name: str):  # type: ignore[no-untyped-def]
    return load_report(sample_path(name))


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_contains_every_heading_label_and_number(sample_path, tmp_path: Path, name: str) -> None:
    report = load(sample_path, name)
    out = tmp_path / "r.pdf"
    result = export_pdf(report, out, final=True)  # content only: two samples are unfinished drafts
    assert out.is_file() and result.pages == len(PdfReader(str(out)).pages)
    assert 4 <= result.pages <= 12
    text = "".join(pdf_text(out))
    fmt = report.format
    assert norm(report.title) in text
    for s in fmt.sections:
        assert norm(s.heading) in text, s.heading
    for p in fmt.prose:
        if p.heading and report.text(p.key):
            assert norm(p.heading) in text
    sheet = Figures(report)
    for t in fmt.tables:
        grid = table_grid(fmt, t.key)
        for g in grid.cells:  # captions, headers, row labels
            if g.text:
                assert norm(g.text) in text, g.text
        # every number of the table right after its row's label, left to right ("0" alone
        # would be found anywhere); a blank cell adds nothing
        for band in grid.bands:
            for r in band.body:
                row = grid.row_cells(r)
                own = "".join(c.text for c in row if c.kind != "value")
                numbers = "".join(format_number(sheet.value(c.key)) for c in row if c.key is not None)
                assert norm(own) + numbers in text, (own, numbers)
    # every paragraph of prose is there (page numbers taken out of the running text)
    body = re.sub(r"—\d+—", "", text)
    for p in fmt.prose:
        for para in report.text(p.key).split("\n"):
            if para.strip():
                assert norm(para) in body, para[:30]
    assert "—1—" in text and "—2—" in text
    assert "草稿" not in text
    assert all(embedded_fonts(out).values()) and embedded_fonts(out)


@pytest.mark.parametrize("name", ["2021-上官乡", "2021-瓶窑镇"])
def test_table_cells_are_drawn_in_reading_order(sample_path, tmp_path: Path, name: str) -> None:
    """Each table row is drawn as its label followed by its numbers left to right (text
    extraction, copy and paste and screen readers follow the drawing order)."""
    report = load(sample_path, name)
    for i, key in enumerate(report.format.input_cells()):
        report.set(key, Decimal(100 + i) if report.format.column_of(key).kind == "money" else 100 + i)
    out = tmp_path / "r.pdf"
    export_pdf(report, out)
    text = "".join(pdf_text(out))
    sheet = Figures(report)
    for t in report.format.tables:
        g = table_grid(report.format, t.key)
        for band in g.bands:
            for r in band.body:
                row = g.row_cells(r)
                own = "".join(c.text for c in row if c.kind != "value")
                numbers = "".join(format_number(sheet.value(c.key)) for c in row if c.key is not None)
                assert norm(own) + numbers in text, (own, numbers)
            heads = [c.text for c in g.cells if c.kind == "header" and c.col_key and c.row in band.header]
            if t.key == "t2":  # one header row per block: its labels side by side
                assert norm("".join([t.corner or ""] + heads)) in text


def test_pages_numbered_and_opening_paragraph(sample_path, tmp_path: Path) -> None:
    report = load(sample_path, "2021-上官乡")
    out = tmp_path / "r.pdf"
    result = export_pdf(report, out)
    pages = pdf_text(out)
    for i, page in enumerate(pages, start=1):
        assert f"—{i}—" in page
    assert "统计期限自2021年1月1日起至2021年12月31日止" in pages[0]
    assert "国办公开办函〔2021〕30号" in pages[0]
    assert "《中华人民共和国政府信息公开条例》" in pages[0]
    # blank publication date: the date line is left for handwriting
    assert report.publication_date is None
    assert pages[-1].endswith(f"杭州市富阳区上官乡人民政府年月日—{result.pages}—")


def test_signature_date_without_leading_zeros_and_contact(sample_path, tmp_path: Path) -> None:
    report = load(sample_path, "2021-上官乡")
    report.publication_date = dt.date(2022, 1, 3)
    report.contact.office = "党政办公室"
    report.contact.phone = "0571-63500000"
    out = tmp_path / "r.pdf"
    export_pdf(report, out)
    text = "".join(pdf_text(out))
    assert "2022年1月3日" in text
    assert "请与杭州市富阳区上官乡人民政府党政办公室联系（电话：0571-63500000）" in text


def test_fee_sentence_in_section_six(sample_path, tmp_path: Path) -> None:
    report = load(sample_path, "2021-上官乡")
    report.fee = FeeInfo(2, Decimal("150"), Decimal("100"))
    out = tmp_path / "r.pdf"
    export_pdf(report, out)
    text = "".join(pdf_text(out))
    assert norm(fee_sentence(report.fee)) in text
    assert text.index("六、其他需要报告的事项") < text.index(norm(fee_sentence(report.fee)))


def test_draft_mark_iff_errors(sample_path, tmp_path: Path) -> None:
    report = load(sample_path, "2021-上官乡")
    assert not has_errors(run_checks(report))
    clean = export_pdf(report, tmp_path / "clean.pdf")
    assert not clean.draft
    assert all("草稿" not in p for p in pdf_text(tmp_path / "clean.pdf"))

    bad = copy.deepcopy(report)
    bad.values[CellKey("t3", bad.format.table("t3").rows()[0].key, "natural")] = -5
    assert has_errors(run_checks(bad))
    draft = export_pdf(bad, tmp_path / "draft.pdf")
    assert draft.draft
    pages = pdf_text(tmp_path / "draft.pdf")
    assert len(pages) == draft.pages
    assert all("草稿" in p for p in pages)


def test_approval_sheet_iff_chosen(sample_path, tmp_path: Path) -> None:
    report = load(sample_path, "2021-瓶窑镇")
    without = export_pdf(report, tmp_path / "a.pdf")
    with_sheet = export_pdf(report, tmp_path / "b.pdf", approval_sheet=True, approval_inline=True)
    assert with_sheet.total_pages == without.pages + 1 == with_sheet.pages + 1
    a = pdf_text(tmp_path / "a.pdf")
    b = pdf_text(tmp_path / "b.pdf")
    assert not any("审签单" in p for p in a)
    last = b[-1]
    from model.checks import run_checks

    warnings = sum(1 for f in run_checks(report) if f.severity == "warning")  # the sample's warnings of today
    for word in ("审签单", "拟稿人", "审核人", "签发人", norm(report.title), f"错误0项，警告{warnings}项"):
        assert word in last, word
    assert "2022年1月13日" in "".join(b)


def test_rewrites_atomically(sample_path, tmp_path: Path) -> None:
    report = load(sample_path, "2020-清凉峰镇")
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old")
    export_pdf(report, out)
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


RARE = "\U00030EDD"  # 𰻝 (biáng): in no bundled font
EMOJI = "😀"


def hostile(sample_path):  # type: ignore[no-untyped-def]
    r = load(sample_path, "2021-上官乡")
    r.set_text("s1.active", '<b>粗体</b> & <script>alert("x")</script> &amp; &lt; 引号“”‘’"\' ' + EMOJI + "👍🏽" + RARE)
    r.set_text("s1.request", "长" * 8000 + "，" + "abcdefghij" * 600 + "。" + "政务公开" * 1500)
    r.set_text("s1.management", "\n".join(f"第{i}段。" for i in range(100)))
    r.set_text("s1.platform", "\u200b零宽\ufeff字符\x07控制\t制表" + "，" * 40 + "（" * 40)
    return r


def test_hostile_text(sample_path, tmp_path: Path) -> None:
    report = hostile(sample_path)
    out = tmp_path / "h.pdf"
    result = export_pdf(report, out)
    pages = pdf_text(out)
    assert len(pages) == result.pages
    assert 25 <= result.pages <= 70  # ~20,000 characters at 616 a page, plus the rest
    text = "".join(pages)
    assert norm('<b>粗体</b>&<script>alert("x")</script>&amp;&lt;') in text  # printed, not interpreted
    assert "第0段。" in text and "第99段。" in text
    assert "abcdefghij" * 3 in text
    assert "零宽字符控制制表" in text
    missing = {m.char for m in result.missing_chars}
    assert RARE in missing and EMOJI in missing
    assert all(m.part == "s1.active" for m in result.missing_chars if m.char == RARE)
    assert "□" in text


def test_missing_char_check_is_registered(sample_path) -> None:
    report = hostile(sample_path)
    found = [f for f in run_checks(report) if f.code == "FONT_MISSING_CHAR"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].part == "s1.active"
    assert RARE in found[0].message and "U+30EDD" in found[0].message
    clean = load(sample_path, "2021-上官乡")
    assert not [f for f in run_checks(clean) if f.code == "FONT_MISSING_CHAR"]
    assert scan_missing_chars(clean) == []


def test_rare_character_falls_back_to_another_bundled_font(sample_path, tmp_path: Path) -> None:
    report = load(sample_path, "2021-上官乡")
    report.organ_name = "杭州市富阳区䶮垟乡人民政府"  # outside GB 2312: drawn by the fallback font
    result = export_pdf(report, tmp_path / "r.pdf")
    assert result.missing_chars == []
    assert "䶮垟乡" in "".join(pdf_text(tmp_path / "r.pdf"))


def test_cli(sample_path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.pdf"
    assert run_cli(["export-pdf", str(sample_path("2021-瓶窑镇")), "-o", str(out), "--approval-sheet=inline"]) == 0
    assert "已导出" in capsys.readouterr().out
    assert len(PdfReader(str(out)).pages) == 7  # 6 pages of report (no half-empty page before 表三) + the 审签单
    bad = tmp_path / "bad.gknb"
    bad.write_text("不是项目文件", encoding="utf-8")
    assert run_cli(["export-pdf", str(bad), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "错误" in capsys.readouterr().err
    assert run_cli(["export-pdf", str(tmp_path / "none.gknb"), "-o", str(tmp_path / "x.pdf")]) == 2


def test_ui_font_files() -> None:
    files = ui_font_files()
    assert files and all(f.is_file() and f.suffix == ".ttf" for f in files)
    for f in files:
        assert (f.parent / (f.stem + ".LICENSE.txt")).is_file()


@pytest.mark.parametrize("figure", [9_999_999, 99_999_999])
def test_figures_in_the_millions_are_each_printed_on_one_line(sample_path, figure) -> None:
    """A city's or a county summary's figures run to 8 digits (and their totals to 9): each is
    printed whole on one line — wider columns, else smaller type — never broken like
    “999999/99”, which reads as two numbers.  Ordinary figures keep the columns as they were."""
    from model.limits import MONEY_LIMIT
    from model.pdf.document import TABLE_SIZE, Builder
    from model.pdf.fonts import load_fonts
    from model.pdf.layout import TableRow
    from model.pdf.typeset import Shaper

    report = load(sample_path, "2021-上官乡")
    plain = {t.key: _table_layout(Builder, Shaper(load_fonts()), report, t, TableRow) for t in report.format.tables}
    for key in report.format.input_cells():
        money = report.format.column_of(key).kind == "money"
        report.set(key, Decimal(min(figure, MONEY_LIMIT - 1)) if money else figure)
    for t in report.format.tables:
        layout = _table_layout(Builder, Shaper(load_fonts()), report, t, TableRow)
        figures = [c for c in layout.cells if c.one_line and c.text]
        assert figures and all(len(c.lines) == 1 for c in figures), t.key
        assert sum(layout.col_widths) == pytest.approx(sum(plain[t.key].col_widths))
    assert all(c.style.size == TABLE_SIZE for c in plain["t3"].cells if c.one_line)


def _table_layout(builder, shaper, report, t, row_type):  # type: ignore[no-untyped-def]
    b = builder(report, shaper)
    b.table(t)
    return next(x for x in b.boxes if isinstance(x, row_type)).table
