"""Word export: read the .docx back with python-docx and check content, fonts, page, footers,
tables (merges, repeated headers, rows never split), the 草稿 rule and the command line."""

from __future__ import annotations

import copy
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from cli import run_cli
from model.content import H1, H2, PARA, SIGNATURE, TABLE, TITLE, report_blocks
from model.finality import unfinished
from model.formats import CellKey
from model.report import format_number
from model.tablegrid import VALUE, table_grid
from model.totals import Figures
from model.wordexport import CHAR_SPACE, LINE_PITCH, export_docx, render_docx
from tests.export.helpers import HOSTILE_ORGAN, HOSTILE_PROSE, SAMPLES, SAMPLES_DIR, hostile, sample
from tests.model.helpers import complete_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f—“”]")


def write(report, tmp_path: Path, name: str = "r.docx", **kw):  # type: ignore[no-untyped-def]
    out = tmp_path / name
    result = export_docx(report, out, **kw)
    return out, result, docx.Document(str(out))


def body_texts(d) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in d.paragraphs]


def table_cells(tbl) -> list[tuple[int, int, int, int, str]]:  # type: ignore[no-untyped-def]
    """Origin cells of a Word table from its XML: (row, col, row_span, col_span, text),
    following w:gridSpan and w:vMerge (not python-docx's row.cells, which repeats merges)."""
    origins: dict[tuple[int, int], list] = {}  # type: ignore[type-arg]
    below: dict[int, tuple[int, int]] = {}  # grid column → origin still open downwards
    for r, tr in enumerate(tbl._tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tcpr = tc.tcPr
            vm = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
            if vm is not None and vm.get(qn("w:val")) != "restart":
                o = below[c]
                origins[o][2] += 1
            else:
                origins[(r, c)] = [r, c, 1, span, text]
                for k in range(c, c + span):
                    below.pop(k, None)
                if vm is not None:
                    below[c] = (r, c)
            c += span
    return sorted(tuple(v) for v in origins.values())  # type: ignore[misc]


# ---------------------------------------------------------------------------- content

@pytest.mark.parametrize("name", SAMPLES)
def test_every_heading_paragraph_label_and_number_is_in_the_file(tmp_path: Path, name: str) -> None:
    report = sample(name)
    _, result, d = write(report, tmp_path)
    texts = body_texts(d)
    blocks = report_blocks(report)
    assert result.tables == 3 and len(d.tables) == 3
    want = [b.text for b in blocks if b.kind in (PARA, H1, H2)]
    got = [t for t in texts if t]
    # the paragraphs in order (title and 落款 checked apart)
    assert [t for t in got if t in want] == want
    title = d.paragraphs[0]
    assert title.style.name == "公文标题" and title.text.replace("\n", "") == report.title
    sig = [b for b in blocks if b.kind == SIGNATURE][0]
    assert texts[-2:] == [sig.text, sig.date]
    assert [p.style.name for p in d.paragraphs if p.text in [b.text for b in blocks if b.kind == H1]] == ["一级标题"] * 6
    sheet = Figures(report)
    for tbl, key in zip(d.tables, ["t2", "t3", "t4"]):
        grid = table_grid(report.format, key)
        got_cells = table_cells(tbl)
        want_cells = sorted(
            (g.row, g.col, g.row_span, g.col_span,
             format_number(sheet.value(g.key)) if g.kind == VALUE and g.key is not None else g.text)
            for g in grid.cells)
        assert got_cells == want_cells  # every label character for character, every number, every merge


def test_merges_are_real_word_merges(tmp_path: Path) -> None:
    _, _, d = write(complete_report(), tmp_path)
    t3 = d.tables[1]._tbl
    xml = t3.xml
    assert 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml and "w:gridSpan" in xml
    cells = table_cells(d.tables[1])
    big = [c for c in cells if c[4] == "三、本年度办理结果"]
    assert big and big[0][2] == 22  # the 22 rows of 三 under one label
    assert any(c[4] == "（三）不予公开" and c[2] == 8 for c in cells)


def test_blank_is_empty_and_zero_is_zero(tmp_path: Path) -> None:
    r = complete_report()
    blank = CellKey("t3", "new", "natural")
    r.set(blank, None)
    r.set(CellKey("t3", "carried", "natural"), 0)
    r.set(CellKey("t2", "guizhang", "issued"), 7)
    _, _, d = write(r, tmp_path)
    grid = table_grid(r.format, "t3")
    pos = grid.position(blank)
    assert pos is not None
    by_pos = {(c[0], c[1]): c[4] for c in table_cells(d.tables[1])}
    assert by_pos[pos] == ""
    zero = grid.position(CellKey("t3", "carried", "natural"))
    assert zero is not None and by_pos[zero] == "0"


def test_money_keeps_its_decimals(tmp_path: Path) -> None:
    r = complete_report()
    key = next(k for k in r.format.input_cells() if r.format.column_of(k).kind == "money")
    r.set(key, Decimal("12.3456"))
    _, _, d = write(r, tmp_path)
    assert "12.3456" in [c[4] for t in d.tables for c in table_cells(t)]


def test_hostile_text_is_written_as_text(tmp_path: Path) -> None:
    out, _, d = write(hostile(), tmp_path)
    texts = body_texts(d)
    assert HOSTILE_PROSE in texts
    assert texts[-2] == HOSTILE_ORGAN
    assert d.core_properties.author == HOSTILE_ORGAN
    with zipfile.ZipFile(out) as z:
        assert "<script>" not in z.read("word/document.xml").decode()


# ---------------------------------------------------------------------------- fonts and language

def test_east_asian_fonts_on_every_style_and_run(tmp_path: Path) -> None:
    out, _, d = write(sample("2021-上官乡"), tmp_path)
    runs = [r for p in d.paragraphs for r in p.runs]
    runs += [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    for s in d.sections:
        for part in (s.footer, s.even_page_footer):
            runs += [r for p in part.paragraphs for r in p.runs]
    assert len(runs) > 300
    for r in runs:
        rf = r._r.rPr.find(qn("w:rFonts"))
        assert rf is not None and rf.get(qn("w:eastAsia")), r.text
        assert rf.get(qn("w:ascii")) and rf.get(qn("w:hAnsi"))
        if CJK.search(r.text):
            assert rf.get(qn("w:hint")) == "eastAsia", r.text
    fonts = {r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs}
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"} <= fonts
    for st in d.styles:
        if st.type == 1 and st.name in ("Normal", "公文正文", "公文标题", "一级标题", "二级标题", "表格文字", "落款", "页码"):
            rf = st.element.rPr.find(qn("w:rFonts"))
            assert rf.get(qn("w:eastAsia")), st.name
            assert rf.get(qn("w:eastAsiaTheme")) is None
    for el in d.styles.element.findall(qn("w:style")):  # every style of the file, the template's too
        rf = el.find(f"{W}rPr/{W}rFonts")
        if rf is not None:
            assert rf.get(qn("w:eastAsia")), el.get(qn("w:styleId"))
            assert not [k for k in rf.attrib if k.lower().endswith("theme")], el.get(qn("w:styleId"))
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        settings = z.read("word/settings.xml").decode()
        styles = z.read("word/styles.xml").decode()
        theme = z.read("word/theme/theme1.xml").decode()
        fonts_xml = z.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings
    assert "w:evenAndOddHeaders" in settings
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert 'w:eastAsia="仿宋_GB2312"' in defaults and 'w:eastAsia="zh-CN"' in defaults and "eastAsiaTheme" not in defaults
    assert '<a:ea typeface="宋体"/>' in theme and 'typeface="ＭＳ 明朝"' not in theme
    assert "ＭＳ 明朝" not in fonts_xml
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体"), ("仿宋", "FangSong")):
        assert re.search(rf'<w:font w:name="{name}"><w:altName w:val="{alt}"/>', fonts_xml), name
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names


def test_body_style_after_gbt9704(tmp_path: Path) -> None:
    _, _, d = write(complete_report(), tmp_path)
    body = d.styles["公文正文"]
    pf = body.paragraph_format
    assert body.font.size.pt == 16  # 3号
    assert pf.line_spacing.pt == 28 and pf.line_spacing_rule == 4  # EXACTLY
    ind = body.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "640"
    assert d.styles["公文标题"].font.size.pt == 22  # 2号
    assert d.styles["公文标题"].paragraph_format.alignment == 1  # centred
    for name in ("公文标题", "一级标题", "二级标题"):
        assert d.styles[name].paragraph_format.keep_with_next
    paras = [p for p in d.paragraphs if p.style.name == "公文正文"]
    assert len(paras) >= 8


def test_page_is_a4_with_gbt9704_margins_and_grid(tmp_path: Path) -> None:
    _, _, d = write(complete_report(), tmp_path)
    s = d.sections[0]
    mm = 36000
    assert (round(s.page_width / mm), round(s.page_height / mm)) == (210, 297)
    assert [round(x / mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch, space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    assert (pitch, space) == (LINE_PITCH, CHAR_SPACE)
    text_h = (297 - 37 - 35) / 25.4 * 1440
    text_w = (210 - 28 - 26) / 25.4 * 1440
    assert int(text_h // pitch) == 22  # 22 lines
    assert round(text_w / (16 * 20 + space * 20 / 4096)) == 28  # 28 characters of 3号


def test_footers_carry_the_page_field_on_the_outer_side(tmp_path: Path) -> None:
    _, _, d = write(complete_report(), tmp_path)
    s = d.sections[0]
    assert d.settings.odd_and_even_pages_header_footer
    for footer, align in ((s.footer, 2), (s.even_page_footer, 0)):  # odd right, even left
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert 'w:fldCharType="begin"' in xml and "PAGE" in xml and 'w:fldCharType="end"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment == align
        assert all(r.font.size is None or r.font.size.pt == 14 for r in p.runs)  # 4号
        assert {r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in p.runs} == {"宋体"}
    assert s.footer.paragraphs[0].paragraph_format.right_indent.pt == 14  # 空一字
    assert s.even_page_footer.paragraphs[0].paragraph_format.left_indent.pt == 14


# ---------------------------------------------------------------------------- tables

def test_header_rows_repeat_and_rows_never_split(tmp_path: Path) -> None:
    r = complete_report()
    _, _, d = write(r, tmp_path)
    for tbl, key in zip(d.tables, ["t2", "t3", "t4"]):
        grid = table_grid(r.format, key)
        rows = tbl._tbl.tr_lst
        assert len(rows) == grid.n_rows
        for i, tr in enumerate(rows):
            assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
            header = tr.trPr.find(qn("w:tblHeader")) is not None
            if len(grid.bands) == 1:
                assert header == (i in grid.bands[0].header), (key, i)
            else:
                assert not header  # 表二: one header per block, none of them may repeat over another block
    t3 = table_grid(r.format, "t3")
    assert len(t3.bands[0].header) >= 2


def test_numbers_are_centred_and_labels_start_left(tmp_path: Path) -> None:
    r = complete_report()
    _, _, d = write(r, tmp_path)
    grid = table_grid(r.format, "t3")
    tbl = d.tables[1]
    tc_by_origin = {}
    for ri, tr in enumerate(tbl._tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            tc_by_origin[(ri, c)] = tc
            c += tc.grid_span
    for g in grid.cells:
        tc = tc_by_origin[(g.row, g.col)]
        jc = tc.find(f"{W}p/{W}pPr/{W}jc").get(qn("w:val"))
        if g.kind == VALUE:
            assert jc == "center"
        elif g.row_key == "new":
            assert jc == "left"


# ---------------------------------------------------------------------------- draft

@pytest.mark.parametrize("name", SAMPLES)
def test_draft_rule_is_the_pdfs(tmp_path: Path, name: str) -> None:
    report = sample(name)
    left = unfinished(report)
    _, result, d = write(report, tmp_path)
    assert result.draft == (not left.clean)
    s = d.sections[0]
    for header in (s.header, s.even_page_header):
        text = "".join(p.text for p in header.paragraphs)
        xml = header._element.xml
        if result.draft:
            assert text == f"草稿：本报告尚有{left.summary()}，完成前不得发布。"
            assert 'string="草稿"' in xml  # the watermark
        else:
            assert "草稿" not in text and "草稿" not in xml
    assert (d.core_properties.subject.endswith("（草稿）")) == result.draft
    assert d.core_properties.title == report.title and d.core_properties.author == report.organ_name
    assert d.core_properties.created.year >= 2025


def test_final_drops_the_mark_but_errors_never(tmp_path: Path) -> None:
    r = sample("2021-瓶窑镇")
    assert not unfinished(r).clean and not unfinished(r).errors
    _, result, _ = write(r, tmp_path, final=True)
    assert not result.draft
    bad = complete_report()
    bad.set(CellKey("t3", "carry_next", "natural"), 99)  # breaks the identity: an error
    assert unfinished(bad).errors
    _, result, d = write(bad, tmp_path, "bad.docx", final=True)
    assert result.draft and "草稿" in d.sections[0].header.paragraphs[0].text


def test_render_is_bytes_and_export_is_atomic(tmp_path: Path) -> None:
    data, result = render_docx(complete_report())
    assert data[:2] == b"PK" and result.size == len(data) and result.path is None
    out = tmp_path / "r.docx"
    out.write_bytes(b"old")
    target = tmp_path / "sub"
    target.mkdir()
    with pytest.raises(OSError):
        export_docx(complete_report(), target)  # a folder: refused, nothing half-written
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx", "sub"]


# ---------------------------------------------------------------------------- command line

def test_cli_export_docx(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = SAMPLES_DIR / "2021-瓶窑镇.gknb"
    out = tmp_path / "报告.docx"
    assert run_cli(["export-docx", str(src), "-o", str(out)]) == 0
    got = capsys.readouterr().out
    assert "已导出" in got and "草稿" in got
    assert docx.Document(str(out)).paragraphs[0].text.startswith("杭州市余杭区瓶窑镇人民政府")
    out.unlink()
    assert run_cli(["export-docx", str(src), "-o", str(out), "--final"]) == 1
    err = capsys.readouterr().err
    assert "未导出正式版" in err and unfinished(sample("2021-瓶窑镇")).summary() in err
    assert not out.exists()
    assert run_cli(["export-docx", str(SAMPLES_DIR / "2021-上官乡.gknb"), "-o", str(out), "--final"]) == 0
    assert out.exists()
    assert run_cli(["export-docx", str(src), "-o", str(tmp_path / "x.doc")]) == 2
    assert "扩展名" in capsys.readouterr().err
    assert run_cli(["export-docx", str(tmp_path / "无.gknb"), "-o", str(out)]) == 2


def test_cli_write_error_is_chinese(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "d.docx").mkdir()
    assert run_cli(["export-docx", str(SAMPLES_DIR / "2021-上官乡.gknb"), "-o", str(tmp_path / "d.docx")]) == 2
    err = capsys.readouterr().err
    assert "无法写入" in err and "Traceback" not in err


def test_title_breaks_after_the_organ(tmp_path: Path) -> None:
    r = copy.deepcopy(sample("2021-上官乡"))
    _, _, d = write(r, tmp_path)
    title = d.paragraphs[0]
    assert title._p.xml.count("<w:br/>") == 1
    assert title.text.split("\n") == ["杭州市富阳区上官乡人民政府", "2021年政府信息公开工作年度报告"]
    assert [b.kind for b in report_blocks(r)][:1] == [TITLE]
    assert TABLE in [b.kind for b in report_blocks(r)]


def test_works_where_docx_parts_folder_is_missing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """In the PyInstaller bundle ``docx/parts`` is no folder on disk, and python-docx looks for
    its footer template at ``docx/parts/../templates`` (found by the bundle smoke run)."""
    from docx.parts import hdrftr

    monkeypatch.setattr(hdrftr, "__file__", str(tmp_path / "nowhere" / "docx" / "parts" / "hdrftr.py"))
    _, _, d = write(complete_report(), tmp_path)
    assert d.sections[0].footer.paragraphs[0].text.startswith("— ")


def test_cli_when_the_program_files_are_broken(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import model.wordexport as we

    def broken(*a, **k):  # type: ignore[no-untyped-def]
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(we, "render_docx", broken)
    out = tmp_path / "a.docx"
    assert run_cli(["export-docx", str(SAMPLES_DIR / "2021-上官乡.gknb"), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "程序文件不完整" in err and "无法写入" not in err and not out.exists()


def test_signature_indents_follow_gbt9704(tmp_path: Path) -> None:
    import datetime as dt

    r = complete_report()
    r.publication_date = dt.date(2025, 1, 8)
    _, _, d = write(r, tmp_path)
    organ_p, date_p = d.paragraphs[-2], d.paragraphs[-1]
    assert (organ_p.text, date_p.text) == ("测试市测试区样板镇人民政府", "2025年1月8日")
    assert organ_p.style.name == date_p.style.name == "落款"
    assert d.styles["落款"].paragraph_format.alignment == 2  # right
    o = organ_p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))
    dd = date_p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))
    # organ 右空二字; the date (digits half a character each: 6 wide) starts two characters
    # right of the organ's first (13 wide): 2 + 13 − 2 − 6 = 7 characters from the right
    assert (o, dd) == ("200", "700")
    assert organ_p.paragraph_format.space_before.pt == 28  # one blank line above
    assert organ_p.paragraph_format.keep_with_next and d.paragraphs[-3].paragraph_format.keep_with_next


def test_figures_in_the_millions_fit_their_cells(tmp_path: Path) -> None:
    """8-digit figures (a city, a county summary) get wider columns, else smaller type, so
    that Word does not break “99999999” over two lines; ordinary figures keep 五号 type."""
    from model.limits import MONEY_LIMIT
    from model.wordexport import TABLE_PT, _figure_twips

    r = complete_report(2024, "county_gov")
    _, _, plain = write(r, tmp_path, "plain.docx")
    for key in r.format.input_cells():
        big = 99_999 if key.table == "t4" else 99_999_999  # 表四 counts cases: fifteen columns, no label to shrink
        r.set(key, Decimal(MONEY_LIMIT - 1) if r.format.column_of(key).kind == "money" else big)
    _, _, d = write(r, tmp_path)
    for table, before in zip(d.tables, plain.tables, strict=True):
        figures = [c for row in table.rows for c in row.cells if c.text.strip().isdigit() and len(c.text.strip()) >= 6]
        assert figures
        for c in figures:
            size = c.paragraphs[0].runs[0].font.size
            pt = size.pt if size is not None else TABLE_PT
            assert _figure_twips(c.text.strip(), pt) <= c.width.twips + 1, (c.text, pt, c.width.twips)
        assert _grid_width(table) == _grid_width(before)  # the type area, as before
    assert not [run for t in plain.tables for row in t.rows for c in row.cells for p in c.paragraphs
                for run in p.runs if run.font.size is not None and run.text.strip().isdigit()]


def _grid_width(table) -> int:  # type: ignore[no-untyped-def]
    return sum(int(gc.get(qn("w:w"))) for gc in table._tbl.tblGrid.findall(qn("w:gridCol")))


def test_long_figures_in_table_four_take_room_from_its_short_ones(tmp_path: Path) -> None:
    """表四 has no label column to give room: a few 8-digit figures among its fifteen columns
    (11398889 typed where a city's count went) took the 5 pt floor and still broke as
    “1139888/9” in the .docx.  The columns of “0” give room instead."""
    from model.wordexport import TABLE_PT, _figure_twips

    r = complete_report(2024, "county_gov")
    for col, v in (("review_upheld", 11_398_889), ("review_corrected", 22_222_222), ("direct_corrected", 11_398_889)):
        r.set(CellKey("t4", "cases", col), v)
    _, _, d = write(r, tmp_path)
    t4 = d.tables[-1]
    figures = [c for row in t4.rows for c in row.cells if c.text.strip().isdigit()]
    assert any(len(c.text.strip()) == 8 for c in figures)
    for c in figures:
        size = c.paragraphs[0].runs[0].font.size
        pt = size.pt if size is not None else TABLE_PT
        assert _figure_twips(c.text.strip(), pt) <= c.width.twips + 1, (c.text, pt, c.width.twips)
