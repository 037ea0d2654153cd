"""Word (.docx) export of the report after GB/T 9704 (党政机关公文格式), with python-docx.

``export_docx(report, path, *, final=False) -> DocxResult`` writes the file atomically;
``render_docx(report, *, final=False) -> (bytes, DocxResult)`` gives the bytes.  The content
is the PDF's (``model.content``), the tables are the shared grid (``model.tablegrid``), the
draft rule is the PDF's (``model.finality``): a report that is not finished carries 草稿 in
the header and as a watermark on every page unless ``final`` is asked for; errors always do.

python-docx traps handled here (see docs of the project, libraries.md):
* ``font.name`` sets only the Latin fonts: every style and every run gets ``w:eastAsia``
  (and ``w:hint="eastAsia"`` when it holds Chinese text, so that “—”, quotes and the like
  take the Chinese font);
* the bundled template declares a Japanese East Asian theme language and theme fonts: the
  settings, document defaults and theme are set to zh-CN / 宋体;
* there is no page-number API: the footers carry a PAGE field written as XML;
* fonts a computer may lack (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体) get ``w:altName`` in the
  font table, so Word and WPS fall back to 仿宋 / 楷体 / 宋体.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

from model import APP_NAME, APP_VERSION
from model.checks import Finding, run_checks
from model.content import (
    H1,
    H2,
    PARA,
    SIGNATURE,
    TABLE,
    TITLE,
    Block,
    draft_notice,
    is_draft,
    report_blocks,
    signature_indents,
    text_width,
    title_lines,
)
from model.files import atomic_write
from model.finality import Unfinished, unfinished
from model.formats import Table
from model.report import Report, format_number
from model.tablegrid import LABEL, VALUE, TableGrid, table_grid, widen_for_figures
from model.totals import Figures

__all__ = ["DocxResult", "export_docx", "render_docx", "FONTS", "PAGE"]

# ---------------------------------------------------------------------------- page and fonts

PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26, "footer": 23}  # mm
LINES, CHARS = 22, 28
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
FOOTER_PT = 14.0  # 4号
TABLE_PT = 10.5  # 五号
LINE_PT = 28.0  # 固定值 28 磅
TITLE_CHARS = 20  # 2号 characters on a line of the type area

# role → (font named in the file, the name Word/WPS fall back to, its English name)
FONTS = {
    "body": ("仿宋_GB2312", "仿宋", "FangSong"),
    "title": ("方正小标宋简体", "宋体", "SimSun"),
    "h1": ("黑体", "黑体", "SimHei"),
    "h2": ("楷体_GB2312", "楷体", "KaiTi"),
    "song": ("宋体", "宋体", "SimSun"),
}
# font table entries: name → (altName, panose, family)
_FONT_TABLE = {
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern"),
    "仿宋": ("FangSong", "02010609060101010101", "modern"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern"),
    "楷体": ("KaiTi", "02010609060101010101", "modern"),
    "方正小标宋简体": ("宋体", "02000000000000000000", "auto"),
    "黑体": ("SimHei", "02010609060101010101", "modern"),
    "宋体": ("SimSun", "02010600030101010101", "auto"),
}

_TEXT_W_TWIPS = round((PAGE["width"] - PAGE["left"] - PAGE["right"]) / 25.4 * 1440)
_TEXT_H_TWIPS = round((PAGE["height"] - PAGE["top"] - PAGE["bottom"]) / 25.4 * 1440)
LINE_PITCH = _TEXT_H_TWIPS // LINES  # twips per grid line (≈ 28.95 pt)
CHAR_SPACE = round((_TEXT_W_TWIPS / CHARS / 20 - BODY_PT) * 4096)  # 1/4096 pt off the 3号 width
# Body paragraphs do not snap to the character grid: LibreOffice puts a 3号 character that is
# wider than its grid cell into two cells (text spread out); instead the body styles condense
# every character by 0.25 pt, which puts 28 characters on a line in Word, WPS and LibreOffice
# alike, while the grid (22 × 28) stays in the page setup.
CONDENSE = -5  # twentieths of a point


def _templates_beside_the_package() -> None:
    """python-docx finds its header/footer (and settings/styles) templates through
    ``docx/parts/../templates``; in the PyInstaller bundle the folder ``docx/parts`` does not
    exist (the modules are in the archive), so that path fails.  Read them from
    ``docx/templates`` — the folder the bundle does have — instead."""
    import docx
    from docx.parts import hdrftr, settings, styles

    folder = Path(docx.__file__).resolve().parent / "templates"

    def loader(name: str) -> Any:
        return classmethod(lambda cls: (folder / name).read_bytes())

    hdrftr.HeaderPart._default_header_xml = loader("default-header.xml")  # type: ignore[method-assign,assignment]
    hdrftr.FooterPart._default_footer_xml = loader("default-footer.xml")  # type: ignore[method-assign,assignment]
    settings.SettingsPart._default_settings_xml = loader("default-settings.xml")  # type: ignore[method-assign,assignment]
    styles.StylesPart._default_styles_xml = loader("default-styles.xml")  # type: ignore[method-assign,assignment]


_templates_beside_the_package()


@dataclass
class DocxResult:
    path: Path | None
    draft: bool  # the report is not finished (or has errors): every page carries “草稿”
    unfinished: Unfinished = field(default_factory=Unfinished)
    findings: list[Finding] = field(default_factory=list)
    size: int = 0  # bytes
    tables: int = 0
    paragraphs: int = 0


# ---------------------------------------------------------------------------- XML helpers

def _has_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 or ch in "—…“”‘’·" for ch in text)


def _set_fonts(rpr: Any, font: str, *, hint: bool = True) -> None:
    """Write every font slot of a run or style (``w:eastAsia`` included)."""
    rfonts = _ppr_child(rpr, "w:rFonts")
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), font)
    if hint:
        rfonts.set(qn("w:hint"), "eastAsia")


def _lang_zh(rpr: Any) -> None:
    lang = _ppr_child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _run(paragraph: Any, text: str, font: str, size: float | None = None, *, color: str | None = None,
         bold: bool | None = None) -> Any:
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, font, hint=_has_cjk(text))
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        _ppr_child(rpr, "w:color").set(qn("w:val"), color)
    if bold is not None:
        run.font.bold = bold
    return run


# the order of children the schema demands (Word refuses a file with them out of order)
_ORDER = {
    "w:pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
              "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
              "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
              "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    "w:rPr": ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
              "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
              "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"),
    "w:tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
                "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"),
}


def _ppr_child(parent: Any, tag: str) -> Any:
    """The child ``tag`` of a pPr / rPr / tblPr, created at its place in the schema order."""
    el = parent.find(qn(tag))
    if el is not None:
        return el
    el = OxmlElement(tag)
    order = _ORDER[_prefixed(parent.tag)].split()
    rank = order.index(tag.split(":")[1])
    for i, child in enumerate(parent):
        name = _prefixed(child.tag).split(":")[-1]
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def _prefixed(clark: str) -> str:
    return "w:" + clark.rsplit("}", 1)[-1]


def _indent_chars(paragraph_or_style: Any, *, first: int | None = None, left: int | None = None,
                  right: int | None = None) -> None:
    """Indents in hundredths of a character (``w:firstLineChars`` …) with the twip values of
    3号 beside them for programs that ignore the character units."""
    ppr = paragraph_or_style._element.get_or_add_pPr()
    ind = _ppr_child(ppr, "w:ind")
    unit = 20 * BODY_PT / 100  # twips per hundredth of a 3号 character
    if first is not None:
        ind.set(qn("w:firstLineChars"), str(first))
        ind.set(qn("w:firstLine"), str(round(first * unit)))
    if left is not None:
        ind.set(qn("w:leftChars"), str(left))
        ind.set(qn("w:left"), str(round(left * unit)))
    if right is not None:
        ind.set(qn("w:rightChars"), str(right))
        ind.set(qn("w:right"), str(round(right * unit)))


def _no_grid_snap(ppr: Any) -> None:
    snap = _ppr_child(ppr, "w:snapToGrid")
    snap.set(qn("w:val"), "0")


def _no_auto_space(ppr: Any) -> None:
    """No extra space between Chinese and Latin text or digits (“2021年”, as in the PDF)."""
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _ppr_child(ppr, tag).set(qn("w:val"), "0")


# ---------------------------------------------------------------------------- the template

def _fix_template(doc: Any) -> None:
    """zh-CN theme language and defaults, fonts with fall-backs; no stale template parts."""
    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is None:
        tfl = OxmlElement("w:themeFontLang")
        settings.append(tfl)
    tfl.set(qn("w:val"), "en-US")
    tfl.set(qn("w:eastAsia"), "zh-CN")
    doc.settings.odd_and_even_pages_header_footer = True

    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, FONTS["body"][0])
    for tag in ("w:sz", "w:szCs"):  # the character grid is measured in the default size
        _ppr_child(rpr_default, tag).set(qn("w:val"), str(round(BODY_PT * 2)))
    _lang_zh(rpr_default)
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    sp = ppr_default.find(qn("w:spacing"))
    if sp is not None:
        ppr_default.remove(sp)

    pkg = doc.part.package
    for part in pkg.iter_parts():
        name = str(part.partname)
        if name == "/word/theme/theme1.xml":
            blob = part.blob.decode("utf-8")
            blob = blob.replace('<a:ea typeface=""/>', '<a:ea typeface="宋体"/>')
            blob = blob.replace('script="Jpan" typeface="ＭＳ ゴシック"', 'script="Jpan" typeface="黑体"')
            blob = blob.replace('script="Jpan" typeface="ＭＳ 明朝"', 'script="Jpan" typeface="宋体"')
            part._blob = blob.encode("utf-8")
        elif name == "/word/fontTable.xml":
            part._blob = _font_table(part.blob)
        elif name == "/docProps/app.xml":
            part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                f"<Application>{xml_escape(APP_NAME)} {xml_escape(APP_VERSION)}</Application>"
                "<DocSecurity>0</DocSecurity></Properties>").encode()
    for rels in (doc.part.rels, pkg.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith("/stylesWithEffects") or rel.reltype.endswith("/thumbnail"):
                rels.pop(rid)


def _font_table(blob: bytes) -> bytes:
    root = parse_xml(blob)
    for el in root.findall(qn("w:font")):
        if el.get(qn("w:name")) in ("ＭＳ 明朝", "ＭＳ ゴシック"):
            root.remove(el)
    for name, (alt, panose, family) in _FONT_TABLE.items():
        el = OxmlElement("w:font")
        el.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:panose1", panose), ("w:charset", "86"), ("w:family", family),
                         ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), val)
            el.append(child)
        root.append(el)
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[no-any-return]


def _paragraph_style(doc: Any, style_id: str, name: str, font: str, size: float, *, line: float | None = LINE_PT,
                     align: Any = None, first_chars: int | None = None, keep_next: bool = False,
                     outline: int | None = None, condense: bool = True) -> Any:
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.element.set(qn("w:styleId"), style_id)
    st.base_style = None
    st.quick_style = True
    pf = st.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align is not None:
        pf.alignment = align
    pf.widow_control = True
    if keep_next:
        pf.keep_with_next = True
    if first_chars is not None:
        _indent_chars(st, first=first_chars)
    ppr = st.element.get_or_add_pPr()
    if outline is not None:
        _ppr_child(ppr, "w:outlineLvl").set(qn("w:val"), str(outline))
    _no_grid_snap(ppr)
    _no_auto_space(ppr)
    rpr = st.element.get_or_add_rPr()
    _set_fonts(rpr, font)
    st.font.size = Pt(size)
    if condense:
        _ppr_child(rpr, "w:spacing").set(qn("w:val"), str(CONDENSE))
    _lang_zh(rpr)
    return st


def _styles(doc: Any) -> None:
    # the template's own styles name theme fonts (Japanese fall-backs): explicit Chinese fonts
    for el in doc.styles.element.findall(qn("w:style")):
        rpr = el.find(qn("w:rPr"))
        if rpr is None:
            continue
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is not None:
            heading = any("major" in (v or "") for k, v in rfonts.attrib.items() if k.endswith("Theme") or k.endswith("theme"))
            _set_fonts(rpr, FONTS["h1"][0] if heading else FONTS["body"][0])
    normal = doc.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, FONTS["body"][0])
    _lang_zh(rpr)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(LINE_PT)
    _no_grid_snap(normal.element.get_or_add_pPr())
    _no_auto_space(normal.element.get_or_add_pPr())
    for sid in ("Header", "Footer"):
        st = doc.styles[sid]
        _set_fonts(st.element.get_or_add_rPr(), FONTS["song"][0])
        st.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _no_grid_snap(st.element.get_or_add_pPr())
    J, C = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, "GwBody", "公文正文", FONTS["body"][0], BODY_PT, align=J, first_chars=200)
    _paragraph_style(doc, "GwTitle", "公文标题", FONTS["title"][0], TITLE_PT, line=TITLE_PT * 1.6, align=C,
                     keep_next=True, outline=0, condense=False)
    _paragraph_style(doc, "GwH1", "一级标题", FONTS["h1"][0], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=200,
                     keep_next=True, outline=1)
    _paragraph_style(doc, "GwH2", "二级标题", FONTS["h2"][0], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_chars=200,
                     keep_next=True, outline=2)
    _paragraph_style(doc, "GwSign", "落款", FONTS["body"][0], BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(doc, "GwCell", "表格文字", FONTS["body"][0], TABLE_PT, line=None, align=C, condense=False)
    _paragraph_style(doc, "GwPageNo", "页码", FONTS["song"][0], FOOTER_PT, line=None, condense=False)
    _paragraph_style(doc, "GwDraft", "草稿标注", FONTS["h1"][0], TABLE_PT, line=None, condense=False)


def _page(section: Any) -> None:
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.footer_distance = Mm(PAGE["footer"])
    section.header_distance = Mm(PAGE["top"] - 12)
    section.start_type = WD_SECTION.NEW_PAGE
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


# ---------------------------------------------------------------------------- footers, draft

def _field(paragraph: Any, instr: str, font: str, size: float) -> None:
    """A field (PAGE …): begin, instruction, separate, a placeholder result, end."""
    def fld(kind: str) -> None:
        r = _run(paragraph, "", font, size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = _run(paragraph, "", font, size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    _run(paragraph, "1", font, size)
    fld("end")


def _page_number(footer: Any, odd: bool) -> None:
    """GB/T 9704 7.5: “— n —” in 4号 宋体, odd pages right and even pages left, one
    character in from the edge of the type area."""
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = "页码"
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    one_char = Twips(round(FOOTER_PT * 20))
    if odd:
        p.paragraph_format.right_indent = one_char
    else:
        p.paragraph_format.left_indent = one_char
    font = FONTS["song"][0]
    _run(p, "— ", font, FOOTER_PT)
    _field(p, "PAGE", font, FOOTER_PT)
    _run(p, " —", font, FOOTER_PT)


_WATERMARK = (
    '<w:r {w} {v} {o}><w:rPr><w:noProof/></w:rPr><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    '<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>'
    '<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>'
    '<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>'
    '<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
    'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
    '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
    '</v:shapetype>'
    '<v:shape id="GknbDraftMark{n}" o:spid="_x0000_s20{n}5" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:325;z-index:-251657216;'
    'mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d9262b" stroked="f">'
    '<v:fill opacity=".18"/><v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="草稿"/>'
    '</v:shape></w:pict></w:r>')


def _draft_header(header: Any, notice: str, n: int) -> None:
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = "草稿标注"
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _run(p, notice, FONTS["h1"][0], TABLE_PT, color="C00000")
    mark = parse_xml(_WATERMARK.format(w=nsdecls("w"), v='xmlns:v="urn:schemas-microsoft-com:vml"',
                                       o='xmlns:o="urn:schemas-microsoft-com:office:office"', n=n))
    p._p.append(mark)


# ---------------------------------------------------------------------------- body

def _para(doc: Any, text: str, style: str) -> Any:
    p = doc.add_paragraph(style=doc.styles[style])
    _run(p, text, _style_font(style))
    return p


def _style_font(style: str) -> str:
    return {"公文标题": FONTS["title"][0], "一级标题": FONTS["h1"][0], "二级标题": FONTS["h2"][0]}.get(style, FONTS["body"][0])


def _signature(doc: Any, organ: str, date: str) -> None:
    """The 落款 after GB/T 9704 7.3.5.2: one blank line, the organ, the date (see
    ``content.signature_indents``)."""
    organ_right, date_right = signature_indents(organ, date, CHARS)
    p = doc.add_paragraph(style="落款")
    p.paragraph_format.space_before = Pt(LINE_PT)
    p.paragraph_format.keep_with_next = True
    _indent_chars(p, right=round(organ_right * 100))
    _run(p, organ, FONTS["body"][0])
    d = doc.add_paragraph(style="落款")
    _indent_chars(d, right=round(date_right * 100))
    _run(d, date, FONTS["body"][0])


# ---------------------------------------------------------------------------- tables

def column_shares(t: Table) -> list[float]:
    """Column widths as shares of the type area (the PDF's proportions)."""
    lc, n = t.row_label_columns, t.width
    if lc == 0:
        return [1 / n] * n
    area = (PAGE["width"] - PAGE["left"] - PAGE["right"]) / 25.4 * 72
    value_share = 0.55 if n <= 3 else 0.42
    vw = max(min(area * value_share / n, 90.0), 24.0) / area
    label_total = 1 - vw * n
    weights = [1.0] if lc == 1 else [1.0 + 0.9 * i for i in range(lc)]
    weights[-1] += 0.8 if lc > 1 else 0.0
    s = sum(weights)
    return [label_total * w / s for w in weights] + [vw] * n


MIN_FIGURE_PT = 5.0


def _figure_twips(text: str, size_pt: float) -> float:
    """The width a figure needs in a table cell, margins included: digits are half a character
    in 仿宋, counted at 0.65 so that a wider substitute font (LibreOffice without 仿宋) fits too."""
    return len(text) * 0.65 * size_pt * 20 + 2 * 57 + 20


def _cell_lines(text: str, width_twips: int) -> int:
    usable = max(width_twips - 2 * 57, 100) / 20  # pt, without the cell margins
    per_line = max(usable / TABLE_PT, 1.0)
    return max(1, math.ceil(text_width(text) / per_line)) if text else 1


def _tbl_props(table: Any, widths: list[int]) -> None:
    tbl = table._tbl
    tblpr = tbl.tblPr
    for tag, attrs in (("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"}),
                       ("w:tblLayout", {"w:type": "fixed"})):
        el = _ppr_child(tblpr, tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
    borders = _ppr_child(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "6")
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000")
        borders.append(b)
    mar = _ppr_child(tblpr, "w:tblCellMar")
    for side, w in (("top", 28), ("left", 57), ("bottom", 28), ("right", 57)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(w))
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    grid = tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(w))


def _row_flags(row: Any, *, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _table(doc: Any, report: Report, grid: TableGrid, sheet: Figures) -> Any:
    t = report.format.table(grid.table_key)
    shares = column_shares(t)
    widths = [round(_TEXT_W_TWIPS * s) for s in shares]
    widths[-1] += _TEXT_W_TWIPS - sum(widths)
    figures = {g.key: format_number(sheet.value(g.key)) for g in grid.cells if g.kind == VALUE and g.key is not None}
    needs: dict[int, float] = {}
    for g in grid.cells:
        if g.kind == VALUE and g.col_span == 1 and g.key is not None and figures[g.key]:
            needs[g.col] = max(needs.get(g.col, 0.0), _figure_twips(figures[g.key], TABLE_PT))
    widths = [round(w) for w in widen_for_figures([float(w) for w in widths], needs, grid.label_cols)]
    widths[-1] += _TEXT_W_TWIPS - sum(widths)
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _tbl_props(table, widths)
    single = len(grid.bands) == 1
    head_rows = set(grid.bands[0].header) if single else set()
    for i, row in enumerate(table.rows):
        _row_flags(row, header=i in head_rows)
    lc = grid.label_cols
    lines = [1] * grid.n_rows
    style = doc.styles["表格文字"]
    plain = [c for row in table.rows for c in row.cells]  # before any merge: one per grid position
    for g in grid.cells:
        cell = plain[g.row * grid.n_cols + g.col]
        if g.row_span > 1 or g.col_span > 1:
            cell = cell.merge(plain[g.last_row * grid.n_cols + g.last_col])
        w = sum(widths[g.col:g.last_col + 1])
        cell.width = Twips(w)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        size = None
        if g.kind == VALUE:
            text = figures[g.key] if g.key is not None else ""
            if text and _figure_twips(text, TABLE_PT) > w:  # still too long: smaller, not broken
                size = max(MIN_FIGURE_PT, TABLE_PT * (w - 2 * 57) / (_figure_twips(text, TABLE_PT) - 2 * 57))
        else:
            text = g.text
        p = cell.paragraphs[0]
        p.style = style
        if g.kind == LABEL and (g.col_span > 1 or g.col == lc - 1):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            _run(p, text, FONTS["body"][0], size)
        if g.row_span == 1:
            lines[g.row] = max(lines[g.row], _cell_lines(text, w))
    _keep_together(table, grid, lines)
    return table


def _keep_together(table: Any, grid: TableGrid, lines: list[int]) -> None:
    """The PDF's pagination rules in Word's terms (``keep_with_next`` on a row's paragraphs
    keeps the row on the page of the next one): each block's caption and header stay with its
    first row; a merged group of up to 10 rows stays together, a longer one keeps three rows
    on each side of a break; a table that fits on a page with its heading is never broken."""
    keep: set[int] = set()
    for b in grid.bands:
        keep.update(b.header)
    for g in grid.cells:
        if g.kind == LABEL and g.row_span > 1:
            group = list(range(g.row, g.last_row + 1))
            keep.update(group[:-1] if g.row_span <= 10 else group[:2] + group[-3:-1])
    height = sum(n * TABLE_PT * 1.2 + 3.5 for n in lines)
    area = _TEXT_H_TWIPS / 20
    if height + 1.5 * LINE_PT <= area:
        keep.update(range(grid.n_rows - 1))
    for i in keep:
        if i >= grid.n_rows - 1:
            continue
        for cell in table.rows[i].cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _spacer(doc: Any, pt: float, keep_next: bool = False) -> None:
    p = doc.add_paragraph(style="表格文字")
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(pt)
    if keep_next:
        p.paragraph_format.keep_with_next = True


# ---------------------------------------------------------------------------- the document

def _build(report: Report, blocks: list[Block], draft: bool, notice: str) -> Any:
    doc = Document()
    _fix_template(doc)
    _styles(doc)
    section = doc.sections[0]
    _page(section)
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)
    if draft:
        _draft_header(section.header, notice, 1)
        _draft_header(section.even_page_header, notice, 2)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)  # the template's empty first paragraph
    sheet = Figures(report)
    fmt = report.format
    for b in blocks:
        if b.kind == TITLE:
            p = doc.add_paragraph(style="公文标题")
            for i, line in enumerate(title_lines(b.text, report.organ_name, TITLE_CHARS)):
                run = _run(p, line, FONTS["title"][0])
                if i:
                    run._r.insert(1 if run._r.rPr is not None else 0, OxmlElement("w:br"))
            p.paragraph_format.space_after = Pt(LINE_PT)
        elif b.kind == PARA:
            _para(doc, b.text, "公文正文")
        elif b.kind == H1:
            _para(doc, b.text, "一级标题")
        elif b.kind == H2:
            _para(doc, b.text, "二级标题")
        elif b.kind == TABLE and b.table:
            _spacer(doc, LINE_PT / 3, keep_next=True)
            _table(doc, report, table_grid(fmt, b.table), sheet)
            _spacer(doc, LINE_PT / 2)
        elif b.kind == SIGNATURE:
            if doc.paragraphs:
                doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the 落款 never alone on a page
            _signature(doc, b.text, b.date)
    props = doc.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title = report.title
    props.author = report.organ_name
    props.subject = "政府信息公开工作年度报告" + ("（草稿）" if draft else "")
    props.comments = notice if draft else ""
    props.keywords = "草稿" if draft else ""
    props.last_modified_by = f"{APP_NAME} {APP_VERSION}"
    props.created = now
    props.modified = now
    props.revision = 1
    props.language = "zh-CN"
    return doc


def render_docx(report: Report, *, final: bool = False) -> tuple[bytes, DocxResult]:
    """The .docx as bytes plus the result (path left empty).  ``final``: no 草稿 mark for a
    report that is unfinished but has no errors."""
    findings = run_checks(report)
    left = unfinished(report, findings)
    draft = is_draft(left, final)
    blocks = report_blocks(report)
    doc = _build(report, blocks, draft, draft_notice(left))
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    n_tables = sum(1 for b in blocks if b.kind == TABLE)
    return data, DocxResult(None, draft, left, findings, len(data), n_tables, len(doc.paragraphs))


def export_docx(report: Report, path: str | os.PathLike[str], *, final: bool = False) -> DocxResult:
    """Write the report as .docx to ``path`` (atomically: the old file stays whole on
    failure).  Raises OSError when the file cannot be written."""
    data, result = render_docx(report, final=final)
    atomic_write(path, data, keep_backup=False)
    result.path = Path(path)
    return result
