"""HTML export: parsed with html5lib — every heading, paragraph, label and number, the spans
of the shared grid, semantic and accessible tables, no script or external resource, the
clerk's text escaped, the fragment styled inline only, the 草稿 rule, the command line."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

from cli import run_cli
from model.content import H1, H2, PARA, SIGNATURE, report_blocks
from model.finality import unfinished
from model.formats import CellKey
from model.htmlexport import clipboard_texts, export_html, plain_text, render_html
from model.report import format_number
from model.tablegrid import CAPTION, HEADER, LABEL, VALUE, table_grid
from model.totals import Figures
from tests.export.helpers import HOSTILE_ORGAN, HOSTILE_PROSE, SAMPLES, SAMPLES_DIR, hostile, sample
from tests.model.helpers import complete_report


def parse(text: str) -> Element:
    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)


def parse_fragment(text: str) -> Element:
    return html5lib.parseFragment(text, treebuilder="etree", namespaceHTMLElements=False)


def text_of(el: Element) -> str:
    return "".join(el.itertext())


def grid_of(table: Element) -> list[tuple[int, int, int, int, str, str, str | None]]:
    """Origin cells of an HTML table: (row, col, rowspan, colspan, tag, text, scope), placed
    the way a browser places them (rowspan occupancy)."""
    taken: set[tuple[int, int]] = set()
    out = []
    rows = [tr for part in table if part.tag in ("thead", "tbody", "tfoot") for tr in part if tr.tag == "tr"]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))
            out.append((r, c, rs, cs, cell.tag, text_of(cell), cell.get("scope")))
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    taken.add((i, j))
            c += cs
    return sorted(out)


def expected_grid(report, key: str) -> list[tuple[int, int, int, int, str]]:  # type: ignore[no-untyped-def]
    sheet = Figures(report)
    grid = table_grid(report.format, key)
    return sorted((g.row, g.col, g.row_span, g.col_span,
                   format_number(sheet.value(g.key)) if g.kind == VALUE and g.key is not None else g.text)
                  for g in grid.cells)


# ---------------------------------------------------------------------------- content

@pytest.mark.parametrize("fragment", [False, True])
@pytest.mark.parametrize("name", SAMPLES)
def test_every_heading_paragraph_label_and_number(name: str, fragment: bool) -> None:
    report = sample(name)
    text = render_html(report, fragment=fragment)
    doc = parse_fragment(text) if fragment else parse(text)
    blocks = report_blocks(report)
    h1 = doc.findall(".//h1")
    assert len(h1) == 1 and text_of(h1[0]) == report.title
    assert [text_of(h) for h in doc.findall(".//h2")] == [b.text for b in blocks if b.kind == H1]
    assert [text_of(h) for h in doc.findall(".//h3")] == [b.text for b in blocks if b.kind == H2]
    paras = [text_of(p) for p in doc.findall(".//p")]
    want = [b.text for b in blocks if b.kind == PARA]
    assert [p for p in paras if p in want] == want
    sig = [b for b in blocks if b.kind == SIGNATURE][0]
    assert paras[-2:] == [sig.text, sig.date] or paras[-3:-1] == [sig.text, sig.date]
    tables = doc.findall(".//table")
    assert len(tables) == 3
    for tbl, key in zip(tables, ["t2", "t3", "t4"]):
        got = [(r, c, rs, cs, t) for r, c, rs, cs, _tag, t, _scope in grid_of(tbl)]
        assert got == expected_grid(report, key)  # labels character for character, numbers, spans


def test_tables_are_semantic_and_accessible() -> None:
    report = complete_report()
    doc = parse(render_html(report))
    tables = doc.findall(".//table")
    for tbl, key in zip(tables, ["t2", "t3", "t4"]):
        grid = table_grid(report.format, key)
        assert tbl[0].tag == "caption" and text_of(tbl[0]) == grid.title
        assert tbl.find("thead") is not None and tbl.findall("tbody")
        assert tbl.get("border") == "1"
        head_rows = len(grid.bands[0].header)
        assert len(tbl.find("thead").findall("tr")) == head_rows
        cells = {(g[0], g[1]): g for g in grid_of(tbl)}
        for g in grid.cells:
            r, c, rs, cs, tag, text, scope = cells[(g.row, g.col)]
            if g.kind == VALUE:
                assert tag == "td" and scope is None
            elif g.kind == LABEL:
                assert tag == "th" and scope == ("row" if g.row_key else "rowgroup")
            elif g.kind in (HEADER, CAPTION):
                assert tag == "th" and scope in ("col", "colgroup")
    t3 = grid_of(tables[1])
    assert any(t == "三、本年度办理结果" and rs == 22 and scope == "rowgroup" for _, _, rs, _, _, t, scope in t3)
    t2 = tables[0]
    assert len(t2.findall("tbody")) == len(table_grid(report.format, "t2").bands)


def test_blank_cell_is_empty_and_zero_is_zero() -> None:
    r = complete_report()
    blank, zero = CellKey("t3", "new", "natural"), CellKey("t3", "carried", "natural")
    r.set(blank, None)
    r.set(zero, 0)
    grid = table_grid(r.format, "t3")
    cells = {(g[0], g[1]): g for g in grid_of(parse(render_html(r)).findall(".//table")[1])}
    assert cells[grid.position(blank)][5] == ""  # type: ignore[index]
    assert cells[grid.position(zero)][5] == "0"  # type: ignore[index]
    assert "<td></td>" in render_html(r)


# ---------------------------------------------------------------------------- safety

@pytest.mark.parametrize("fragment", [False, True])
def test_no_script_and_no_external_resource(fragment: bool) -> None:
    text = render_html(hostile(), fragment=fragment)
    doc = parse_fragment(text) if fragment else parse(text)
    for el in doc.iter():
        assert el.tag not in ("script", "iframe", "object", "embed", "img", "link", "base", "form"), el.tag
        for name in el.attrib:
            assert not name.lower().startswith("on"), name
            assert name not in ("src", "href", "srcset", "action"), name
    assert not re.search(r"url\(|@import|https?://|javascript:", text)
    if not fragment:
        meta = [m for m in doc.iter("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        assert meta and "default-src 'none'" in meta[0].get("content", "")
        assert [m.get("charset") for m in doc.iter("meta") if m.get("charset")] == ["utf-8"]


@pytest.mark.parametrize("fragment", [False, True])
def test_the_clerks_text_appears_literally(fragment: bool) -> None:
    report = hostile()
    text = render_html(report, fragment=fragment)
    doc = parse_fragment(text) if fragment else parse(text)
    paras = [text_of(p) for p in doc.iter("p")]
    assert HOSTILE_PROSE in paras
    assert HOSTILE_ORGAN in paras
    assert text_of(doc.find(".//h1")) == report.title
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "&amp;amp;" in text  # an entity the clerk typed stays as typed
    if not fragment:
        assert doc.find(".//title").text.startswith(report.title)  # type: ignore[union-attr]
        author = [m.get("content") for m in doc.iter("meta") if m.get("name") == "author"]
        assert author == [HOSTILE_ORGAN]


def test_fragment_is_styled_inline_only() -> None:
    text = render_html(complete_report(), fragment=True)
    doc = parse_fragment(text)
    assert "<style" not in text and "class=\"gknb-report\"" in text
    els = [el for el in doc.iter() if el.tag in ("div", "h1", "h2", "h3", "p", "table", "caption", "th", "td")]
    assert len(els) > 300
    for el in els:
        assert el.get("style"), el.tag
    for td in doc.iter("td"):
        assert "border:1px solid #000" in td.get("style", "")
    for el in els:  # no style attribute cut short by a quote inside it
        style = el.get("style", "")
        assert style.rstrip().endswith(";") and '"' not in style, (el.tag, style)
    wrap = doc.find(".//div")
    assert wrap is not None and "仿宋_GB2312" in wrap.get("style", "") and "font-size:16pt" in wrap.get("style", "")
    assert not [k for el in doc.iter() for k in el.attrib if "仿宋" in k or k.startswith("'")]
    assert "text-align:center" in next(doc.iter("td")).get("style", "")


def test_standalone_page_is_one_utf8_file(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = export_html(sample("2021-上官乡"), out)
    data = out.read_bytes()
    assert result.size == len(data) and not result.fragment
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text
    assert text.count("<style>") == 1 and "<script" not in text


# ---------------------------------------------------------------------------- draft

@pytest.mark.parametrize("fragment", [False, True])
@pytest.mark.parametrize("name", SAMPLES)
def test_draft_rule_is_the_pdfs(name: str, fragment: bool) -> None:
    report = sample(name)
    left = unfinished(report)
    text = render_html(report, fragment=fragment)
    doc = parse_fragment(text) if fragment else parse(text)
    notes = [text_of(p) for p in doc.iter("p") if p.get("role") == "note"]
    if left.clean:
        assert notes == [] and "草稿" not in text
    else:
        notice = f"草稿：本报告尚有{left.summary()}，完成前不得发布。"
        assert notes and set(notes) == {notice}
        if not fragment:
            assert doc.find(".//title").text.endswith("（草稿）")  # type: ignore[union-attr]
            marks = [d for d in doc.iter("div") if d.get("class") == "gknb-watermark"]
            assert len(marks) == 1 and marks[0].get("aria-hidden") == "true"
            assert "position: fixed" in text  # a fixed element is printed on every page
        else:
            assert len(notes) == 2  # at the top and at the bottom of what is pasted
    final = render_html(report, fragment=fragment, final=True)
    assert ("草稿" in final) == bool(left.errors)


def test_errors_are_never_final() -> None:
    bad = complete_report()
    bad.set(CellKey("t3", "carry_next", "natural"), 99)
    assert unfinished(bad).errors
    assert "草稿：" in render_html(bad, final=True)


# ---------------------------------------------------------------------------- clipboard, CLI

def test_clipboard_has_html_and_plain_text() -> None:
    report = complete_report()
    html_text, plain = clipboard_texts(report)
    assert html_text == render_html(report, fragment=True)
    assert plain == plain_text(report)
    lines = plain.splitlines()
    assert lines[0] == report.title and "一、总体情况" in lines
    assert any(line.startswith("信息内容\t") for line in lines)
    assert "\t" in next(line for line in lines if line.startswith("三、本年度办理结果"))
    assert lines[-2:] == ["测试市测试区样板镇人民政府", "2025年1月20日"]


def test_cli_export_html(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = SAMPLES_DIR / "2021-瓶窑镇.gknb"
    out = tmp_path / "报告.html"
    assert run_cli(["export-html", str(src), "-o", str(out)]) == 0
    got = capsys.readouterr().out
    assert "已导出" in got and "草稿" in got
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    frag = tmp_path / "片段.htm"
    assert run_cli(["export-html", str(src), "-o", str(frag), "--fragment"]) == 0
    assert frag.read_bytes().startswith(b'\xef\xbb\xbf<div class="gknb-report"')  # UTF-8 to a browser too
    out.unlink()
    assert run_cli(["export-html", str(src), "-o", str(out), "--final"]) == 1
    err = capsys.readouterr().err
    assert "未导出正式版" in err and unfinished(sample("2021-瓶窑镇")).summary() in err and not out.exists()
    assert run_cli(["export-html", str(SAMPLES_DIR / "2021-上官乡.gknb"), "-o", str(out), "--final"]) == 0
    assert "草稿" not in out.read_text("utf-8")
    assert run_cli(["export-html", str(src), "-o", str(tmp_path / "a.txt")]) == 2
    assert "扩展名" in capsys.readouterr().err
