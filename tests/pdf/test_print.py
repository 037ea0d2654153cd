"""The PDF looks like a real 公文 (issue 13 §4): a bundled 仿宋 body, titles broken between
words and overridable, no nearly empty pages, 五 with its sub-headings, 自然人 on one line,
real metadata."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

os.environ["GKNB_PDF_FONTS"] = "bundled"

from model.content import H2, TITLE, report_blocks, title_lines  # noqa: E402
from model.fontcover import BUNDLED, bundled_font_dir, read_cmap  # noqa: E402
from model.htmlexport import render_html  # noqa: E402
from model.limits import TITLE_MAX  # noqa: E402
from model.pdf import DATE_ENV, render_pdf  # noqa: E402
from model.pdf.document import TITLE_CHARS, Builder  # noqa: E402
from model.pdf.fonts import load_fonts  # noqa: E402
from model.pdf.layout import AREA_H, Blank, Box, TableRow, TextLine, paginate  # noqa: E402
from model.pdf.typeset import Shaper  # noqa: E402
from model.report import InputError  # noqa: E402
from model.storage import dumps, load_report, loads  # noqa: E402
from model.wordexport import render_docx  # noqa: E402
from tests.export.helpers import SAMPLES, sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXED = dt.datetime(2022, 1, 13, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def boxes_of(report) -> list[Box]:  # type: ignore[no-untyped-def]
    return Builder(report, Shaper(load_fonts())).build()


def line_text(b: TextLine) -> str:
    return b.shaped.text[b.line.start:b.line.end]


def title_of(boxes: list[Box]) -> list[str]:
    out = []
    for b in boxes:
        if isinstance(b, Blank):
            break
        assert isinstance(b, TextLine)
        out.append(line_text(b))
    return out


# ----------------------------------------------------------------------------- 仿宋

def test_body_is_the_bundled_fangsong_when_no_font_is_installed() -> None:
    fonts = load_fonts()
    face = fonts.faces[fonts.roles["fangsong"]]
    assert face.bundled and face.path.name == "GKNBFang-Regular.ttf"
    assert fonts.faces[fonts.roles["song"]].path.name == "GKNBSerifSC-Regular.ttf"  # 宋体 stays 宋体


def test_bundled_fangsong_covers_gb2312_and_every_label() -> None:
    cmap = read_cmap(bundled_font_dir() / BUNDLED["fang"])
    gb = [bytes([a, b]).decode("gb2312") for a in range(0xB0, 0xF8) for b in range(0xA1, 0xFF)
          if (a, b) not in {(0xD7, x) for x in range(0xFA, 0xFF)}]
    assert len(gb) == 6763 and all(ord(c) in cmap for c in gb)
    labels = set()
    for f in (ROOT / "model" / "formats").glob("*.json"):
        labels |= {ch for ch in f.read_text(encoding="utf-8") if ord(ch) > 0x7F}
    labels |= {ch for ch in (ROOT / "model" / "sentences.py").read_text(encoding="utf-8") if ord(ch) > 0x7F}
    assert sorted(ch for ch in labels if ord(ch) not in cmap and not ch.isspace()) == []


def test_bundled_fangsong_has_its_licence_with_the_font_exception() -> None:
    text = (bundled_font_dir() / "GKNBFang-Regular.LICENSE.txt").read_text(encoding="utf-8")
    assert "FandolFang" in text and "GNU GENERAL PUBLIC LICENSE" in text and "Version 3" in text
    assert "As a special exception, if you create a document which uses this font" in text
    size = (bundled_font_dir() / BUNDLED["fang"]).stat().st_size
    assert size < 6_000_000  # the bundle stays reasonable


def test_installed_fangsong_is_still_preferred(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from model.fontcover import SYSTEM_CANDIDATES, find_system_fonts
    (tmp_path / "simfang.ttf").write_bytes(b"")
    found = find_system_fonts([tmp_path])
    assert found["fangsong"].name == "simfang.ttf"
    assert SYSTEM_CANDIDATES["fangsong"][0] == "仿宋_gb2312.ttf"


def test_pdf_embeds_the_fangsong_for_the_body() -> None:
    data, _ = render_pdf(sample("2021-上官乡"), created=FIXED)
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        names |= {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("GKNBFang" in n for n in names), names


# ----------------------------------------------------------------------------- title

@pytest.mark.parametrize("organ,expected", [
    ("平湖市独山港经济开发区（独山港镇）人民政府",
     ["平湖市独山港经济开发区（独山港镇）", "人民政府2021年政府信息公开工作年度报告"]),
    ("杭州市富阳区上官乡人民政府", ["杭州市富阳区上官乡人民政府", "2021年政府信息公开工作年度报告"]),
    ("宁波市鄞州区人民政府首南街道办事处", ["宁波市鄞州区人民政府首南街道办事处", "2021年政府信息公开工作年度报告"]),
    ("中共杭州市西湖区委机构编制委员会办公室（杭州市西湖区机构编制研究中心）",
     None),
])
def test_pdf_title_breaks_between_words(organ: str, expected: list[str] | None) -> None:
    r = copy.deepcopy(sample("2021-上官乡"))
    r.organ_name = organ
    lines = title_of(boxes_of(r))
    assert "".join(lines) == r.title
    assert lines == title_lines(r.title, organ, TITLE_CHARS)  # the same lines as Word and HTML
    if expected is not None:
        assert lines == expected
    else:
        assert len(lines) >= 2 and not any(ln.startswith(("府", "人", "政府", "民")) for ln in lines)


def test_title_override_in_pdf_word_and_html() -> None:
    r = copy.deepcopy(sample("2021-上官乡"))
    r.organ_name = "平湖市独山港经济开发区（独山港镇）人民政府"
    wording = "平湖市独山港经济开发区（独山港镇）2021年度政府信息公开工作年度报告"
    r.title_override = wording
    assert r.title == wording and r.default_title.endswith("人民政府2021年政府信息公开工作年度报告")
    assert "".join(title_of(boxes_of(r))) == wording
    assert report_blocks(r)[0].kind == TITLE and report_blocks(r)[0].text == wording
    html = render_html(r)
    assert "独山港镇）" in html and "2021年度政府信息公开工作年度报告" in html
    data, _ = render_docx(r)
    import docx  # type: ignore[import-untyped]
    doc = docx.Document(io.BytesIO(data))
    assert "".join(doc.paragraphs[0].text.split()) == wording
    assert doc.core_properties.title == wording
    pdf, _ = render_pdf(r, created=FIXED)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == wording
    r.title_override = "  "
    assert r.title == r.default_title  # blank: the usual title


def test_title_override_is_saved_and_old_files_still_load(tmp_path: Path) -> None:
    r = copy.deepcopy(sample("2021-上官乡"))
    assert r.title_override == "" and "title_override" not in json.loads(dumps(r))["report"]
    r.title_override = "上官乡2021年度政府信息公开工作年度报告\n"  # cleaned: one line, no edge spaces
    text = dumps(r)
    assert json.loads(text)["report"]["title_override"] == "上官乡2021年度政府信息公开工作年度报告"
    assert loads(text).title == "上官乡2021年度政府信息公开工作年度报告"
    for v in ("v1", "v2"):
        assert load_report(ROOT / "tests" / "fixtures" / "schema" / f"{v}.gknb").title_override == ""
    with pytest.raises(InputError, match="报告标题最多"):
        r.title_override = "长" * (TITLE_MAX + 1)
    doc = json.loads(text)
    doc["report"]["title_override"] = "长" * (TITLE_MAX + 1)
    with pytest.raises(Exception, match="title_override"):
        loads(json.dumps(doc, ensure_ascii=False).encode("utf-8"))


# ----------------------------------------------------------------------------- pages

def fill(pages) -> list[float]:  # type: ignore[no-untyped-def]
    return [(p[-1].top + p[-1].box.height) / AREA_H for p in pages]


@pytest.mark.parametrize("name", SAMPLES)
def test_no_nearly_empty_page(name: str) -> None:
    pages = paginate(boxes_of(sample(name)))
    f = fill(pages)
    assert all(x >= 0.55 for x in f[:-1]), [round(x, 2) for x in f]


def test_table_two_no_longer_stands_alone() -> None:
    # 上官乡 and 瓶窑镇: 表二 used to get a page of its own, half to two-thirds empty
    for name in ("2021-上官乡", "2021-瓶窑镇"):
        pages = paginate(boxes_of(sample(name)))
        assert len(pages) == 6
        assert all(x >= 0.8 for x in fill(pages)[:-1])


def test_six_and_signature_stay_with_the_text_before() -> None:
    pages = paginate(boxes_of(sample("2021-瓶窑镇")))
    last = [line_text(p.box) for p in pages[-1] if isinstance(p.box, TextLine)]
    assert "六、其他需要报告的事项" in last and last[0] != "六、其他需要报告的事项"


def row(h: float, keep: bool = False, soft: bool = False) -> Box:
    b = Blank(h, keep_with_next=keep, discardable=False)
    b.soft_keep = soft
    return b


def test_paginate_soft_keep_is_given_up_only_to_fill_a_page() -> None:
    from model.pdf.layout import TableLayout
    shaper = Shaper(load_fonts())
    from model.pdf.document import CELL
    from model.pdf.layout import Cell
    t = TableLayout(shaper, [100.0], 10, [Cell(i, 0, 1, 1, "", "center", CELL) for i in range(10)], [50.0] * 10)
    rows = t.rows({}, {0}, set(range(9)))  # row 0 hard, the rest soft
    text = [row(100.0) for _ in range(3)]
    # 300 of 600 used: 300 free (half the page) → the table starts here
    pages = paginate(text + rows, area_h=600.0)
    assert len(pages) == 2 and sum(isinstance(p.box, TableRow) for p in pages[0]) == 6
    # 500 of 600 used: only a sixth free → the table moves whole
    pages = paginate([row(250.0), row(250.0)] + t.rows({}, {0}, set(range(9))), area_h=600.0)
    assert len(pages) == 2 and not any(isinstance(p.box, TableRow) for p in pages[0])


# ----------------------------------------------------------------------------- 五

def test_section_five_prints_its_sub_headings() -> None:
    r = sample("2021-瓶窑镇")
    r = copy.deepcopy(r)
    r.set_text("s5.last_year", "上年度指出的问题已全部整改。")
    heads = [b.text for b in report_blocks(r) if b.kind == H2 and b.section == "s5"]
    assert heads == ["（一）存在的主要问题", "（二）改进情况", "（三）上年度问题整改情况"]
    pdf_lines = [line_text(b) for b in boxes_of(r) if isinstance(b, TextLine)]
    i = pdf_lines.index("（一）存在的主要问题")
    assert pdf_lines.index("（二）改进情况") > i and "（三）上年度问题整改情况" in pdf_lines


def test_section_five_headings_only_number_the_parts_with_text() -> None:
    r = copy.deepcopy(sample("2021-瓶窑镇"))
    r.set_text("s5.problems", "")
    assert [b.text for b in report_blocks(r) if b.kind == H2 and b.section == "s5"] == []  # one part: no numbering


def test_section_five_keeps_the_clerks_own_numbering() -> None:
    r = copy.deepcopy(sample("2021-瓶窑镇"))
    r.set_text("s5.problems", "（一）存在的主要问题\n宣传不够。")
    r.set_text("s5.improvements", "（二）改进情况\n加强宣传。")
    texts = [b.text for b in report_blocks(r) if b.section == "s5"]
    assert texts.count("（一）存在的主要问题") == 1 and texts.count("（二）改进情况") == 1


# ----------------------------------------------------------------------------- 自然人, metadata

@pytest.mark.parametrize("name", SAMPLES)
def test_short_table_headers_are_never_split(name: str) -> None:
    for b in boxes_of(sample(name)):
        if isinstance(b, TableRow):
            for c in b.table.cells:
                if c.text in ("自然人", "其他", "总计", "维持", "纠正"):
                    assert len(c.lines) == 1, (c.text, [c.text[ln.start:ln.end] for ln in c.lines])


def test_metadata_title_author_and_real_date(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    r = sample("2021-上官乡")
    monkeypatch.delenv(DATE_ENV, raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data, _ = render_pdf(r)
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == r.title and meta.author == r.organ_name
    created = meta.creation_date
    assert created is not None and abs((created - dt.datetime.now(dt.UTC)).total_seconds()) < 300
    data, _ = render_pdf(r, created=FIXED)
    assert PdfReader(io.BytesIO(data)).metadata["/CreationDate"] == "D:20220113093000+08'00'"


def test_fixed_date_gives_identical_bytes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    r = sample("2021-上官乡")
    monkeypatch.setenv(DATE_ENV, "2022-01-13T09:30:00+08:00")
    a, _ = render_pdf(r)
    b, _ = render_pdf(r)
    assert a == b and b"D:20220113093000+08'00'" in a
