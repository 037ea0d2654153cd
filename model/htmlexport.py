"""HTML export of the report: a standalone page or a fragment for a website's editor.

``render_html(report, *, fragment=False, final=False) -> str`` and ``export_html(report, path,
*, fragment=False, final=False) -> HtmlResult`` (UTF-8, atomic).  ``clipboard_texts(report,
final=False) -> (html, plain)`` gives what 复制网页版 puts on the clipboard (``text/html``: the
fragment; ``text/plain``: the same text with tab-separated table rows).

* The standalone page is one file: UTF-8, inline CSS in one ``<style>``, no scripts, no
  external resources (a Content-Security-Policy that forbids them says so to the browser).
* The fragment is paragraphs, headings and tables with inline styles only (site editors drop
  ``<style>`` blocks) and ``border="1"`` on tables (some drop styles, too).
* Tables are semantic: ``<caption>``, ``<thead>``, ``<th scope>``, ``rowspan``/``colspan``
  from the shared grid (``model.tablegrid``); numbers as text; a blank cell is empty, 0 is 0.
* Every text of the clerk (organ, prose, contact) is escaped: ``<script>`` stays text.
* The content is the PDF's (``model.content``); a draft (``model.finality``, the PDF's rule)
  carries a 草稿 notice at the top (and the bottom) and, on the page, a 草稿 watermark that
  is repeated on every printed page.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

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
    title_lines,
)
from model.files import atomic_write
from model.finality import Unfinished, unfinished
from model.report import Report, format_number
from model.tablegrid import CAPTION, HEADER, LABEL, VALUE, GridCell, TableGrid, table_grid
from model.totals import Figures

__all__ = ["HtmlResult", "clipboard_texts", "export_html", "render_html"]

BODY_FONTS = "'仿宋_GB2312', '仿宋', FangSong, STFangsong, FangSong_GB2312, serif"
TITLE_FONTS = "'方正小标宋简体', '方正小标宋_GBK', '华文中宋', STZhongsong, '宋体', SimSun, serif"
HEI_FONTS = "'黑体', SimHei, 'Microsoft YaHei', sans-serif"
KAI_FONTS = "'楷体_GB2312', '楷体', KaiTi, STKaiti, serif"

# inline styles of the fragment (and the classes of the page say the same in CSS); they go
# into style="…" attributes, so font names are quoted with ' only
S_WRAP = f"font-family:{BODY_FONTS};font-size:16pt;line-height:1.75;color:#000;"
S_TITLE = f"font-family:{TITLE_FONTS};font-size:22pt;font-weight:normal;text-align:center;line-height:1.5;margin:0 0 1em 0;"
S_H1 = f"font-family:{HEI_FONTS};font-size:16pt;font-weight:normal;text-indent:2em;margin:0;"
S_H2 = f"font-family:{KAI_FONTS};font-size:16pt;font-weight:normal;text-indent:2em;margin:0;"
S_P = "text-indent:2em;text-align:justify;margin:0;"
S_SIGN = "text-align:right;margin:0;"
S_TABLE = "border-collapse:collapse;width:100%;margin:0.4em 0 0.8em 0;font-size:10.5pt;line-height:1.35;"
S_CAPTION = "font-size:10.5pt;font-weight:bold;padding:0 0 0.3em 0;"
S_CELL = "border:1px solid #000;padding:2px 4px;vertical-align:middle;"
S_DRAFT = "color:#c00000;border:1px solid #c00000;padding:4px 8px;margin:0 0 1em 0;font-size:11pt;text-indent:0;"

CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
html {{ background: #f3f3f3; }}
body {{ margin: 0; padding: 2em 1em; }}
.gknb-report {{ {S_WRAP} max-width: 156mm; margin: 0 auto; background: #fff; padding: 20mm 24mm;
  box-shadow: 0 0 4px rgba(0,0,0,.25); position: relative; }}
.gknb-report h1 {{ {S_TITLE} }}
.gknb-report h2 {{ {S_H1} }}
.gknb-report h3 {{ {S_H2} }}
.gknb-report p {{ {S_P} }}
.gknb-report p.gknb-sign {{ {S_SIGN} }}
.gknb-report p.gknb-sign-first {{ margin-top: 1.75em; }}
.gknb-report table {{ {S_TABLE} }}
.gknb-report caption {{ {S_CAPTION} }}
.gknb-report th, .gknb-report td {{ {S_CELL} text-align: center; font-weight: normal; }}
.gknb-report th.gknb-left {{ text-align: left; }}
.gknb-report p.gknb-draft {{ {S_DRAFT} }}
.gknb-watermark {{ position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-family: {HEI_FONTS};
  font-size: 120pt; color: rgba(200, 20, 20, .13); transform: rotate(-35deg); pointer-events: none; z-index: 1;
  user-select: none; }}
@media print {{
  html, body {{ background: #fff; padding: 0; }}
  .gknb-report {{ box-shadow: none; padding: 0; max-width: none; }}
  .gknb-report tr {{ break-inside: avoid; }}
  .gknb-report thead {{ display: table-header-group; }}
  .gknb-report table.gknb-blocks thead {{ display: table-row-group; }}
  .gknb-report h2, .gknb-report h3 {{ break-after: avoid; }}
}}
@media (max-width: 700px) {{
  body {{ padding: 0; }}
  .gknb-report {{ padding: 1em; font-size: 13pt; }}
  .gknb-report h1 {{ font-size: 18pt; }}
  .gknb-report h2, .gknb-report h3 {{ font-size: 13pt; }}
}}
""".strip()


@dataclass
class HtmlResult:
    path: Path | None
    draft: bool
    fragment: bool
    unfinished: Unfinished = field(default_factory=Unfinished)
    findings: list[Finding] = field(default_factory=list)
    size: int = 0  # bytes (UTF-8)
    tables: int = 0


def esc(text: str) -> str:
    """Text for HTML content or a quoted attribute: & < > " ' escaped."""
    return html.escape(text, quote=True)


# ---------------------------------------------------------------------------- tables

def _cell_html(g: GridCell, grid: TableGrid, sheet: Figures, inline: bool) -> str:
    attrs = []
    if g.row_span > 1:
        attrs.append(f'rowspan="{g.row_span}"')
    if g.col_span > 1:
        attrs.append(f'colspan="{g.col_span}"')
    left = g.kind == LABEL and (g.col_span > 1 or g.col == grid.label_cols - 1)
    if g.kind == VALUE:
        tag = "td"
        text = format_number(sheet.value(g.key)) if g.key is not None else ""
    elif g.kind in (CAPTION, HEADER):
        tag = "th"
        text = g.text
        group = g.kind == CAPTION or (g.col_key is None and g.col >= grid.label_cols)
        attrs.insert(0, f'scope="{"colgroup" if group else "col"}"')
    elif g.kind == LABEL:
        tag = "th"
        text = g.text
        attrs.insert(0, f'scope="{"row" if g.row_key is not None else "rowgroup"}"')
    else:
        tag = "td"
        text = ""
    if inline:
        style = S_CELL + ("text-align:left;" if left else "text-align:center;") + ("font-weight:normal;" if tag == "th" else "")
        attrs.append(f'style="{style}"')
    elif left:
        attrs.append('class="gknb-left"')
    joined = (" " + " ".join(attrs)) if attrs else ""
    return f"<{tag}{joined}>{esc(text)}</{tag}>"


def _table_html(grid: TableGrid, sheet: Figures, inline: bool) -> str:
    # a table of several blocks (表二) has a header per block: its first one must not be
    # repeated over another block's rows on a printed page
    cls = ' class="gknb-blocks"' if len(grid.bands) > 1 and not inline else ""
    ident = "" if inline else f' id="gknb-{esc(grid.table_key)}"'  # page.html#gknb-t3 opens at 表三
    out = ['<table' + ident + ' border="1" cellspacing="0" cellpadding="3"' + cls + (f' style="{S_TABLE}"' if inline else "") + ">"]
    cap_style = f' style="{S_CAPTION}"' if inline else ""
    out.append(f"<caption{cap_style}>{esc(grid.title)}</caption>")
    for bi, band in enumerate(grid.bands):
        if bi == 0:
            out.append("<thead>")
            for r in band.header:
                out.append("<tr>" + "".join(_cell_html(g, grid, sheet, inline) for g in grid.row_cells(r)) + "</tr>")
            out.append("</thead>")
            out.append("<tbody>")
        else:
            out.append("<tbody>")
            for r in band.header:
                out.append("<tr>" + "".join(_cell_html(g, grid, sheet, inline) for g in grid.row_cells(r)) + "</tr>")
        for r in band.body:
            out.append("<tr>" + "".join(_cell_html(g, grid, sheet, inline) for g in grid.row_cells(r)) + "</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


# ---------------------------------------------------------------------------- the document

def _body(report: Report, blocks: list[Block], inline: bool, draft: bool, notice: str) -> str:
    sheet = Figures(report)
    fmt = report.format

    def st(style: str) -> str:
        return f' style="{style}"' if inline else ""

    out = []
    draft_p = f'<p class="gknb-draft" role="note"{st(S_DRAFT)}>{esc(notice)}</p>'
    if draft:
        out.append(draft_p)
    for b in blocks:
        if b.kind == TITLE:
            lines = title_lines(b.text, report.organ_name, 20)
            out.append(f"<h1{st(S_TITLE)}>" + "<br>".join(esc(x) for x in lines) + "</h1>")
        elif b.kind == PARA:
            out.append(f"<p{st(S_P)}>{esc(b.text)}</p>")
        elif b.kind == H1:
            out.append(f"<h2{st(S_H1)}>{esc(b.text)}</h2>")
        elif b.kind == H2:
            out.append(f"<h3{st(S_H2)}>{esc(b.text)}</h3>")
        elif b.kind == TABLE and b.table:
            out.append(_table_html(table_grid(fmt, b.table), sheet, inline))
        elif b.kind == SIGNATURE:
            organ_right, date_right = signature_indents(b.text, b.date)
            s1 = S_SIGN + f"padding-right:{organ_right:g}em;margin-top:1.75em;"
            s2 = S_SIGN + f"padding-right:{date_right:g}em;"
            if inline:
                out.append(f'<p style="{s1}">{esc(b.text)}</p>')
                out.append(f'<p style="{s2}">{esc(b.date)}</p>')
            else:
                out.append(f'<p class="gknb-sign gknb-sign-first" style="padding-right:{organ_right:g}em">{esc(b.text)}</p>')
                out.append(f'<p class="gknb-sign" style="padding-right:{date_right:g}em">{esc(b.date)}</p>')
    if draft and inline:
        out.append(draft_p)
    return "\n".join(out)


def render_html(report: Report, *, fragment: bool = False, final: bool = False,
                findings: list[Finding] | None = None) -> str:
    """The report as HTML: a whole page, or (``fragment``) a ``<div>`` with inline styles."""
    fs = run_checks(report) if findings is None else findings
    left = unfinished(report, fs)
    draft = is_draft(left, final)
    notice = draft_notice(left)
    blocks = report_blocks(report)
    body = _body(report, blocks, fragment, draft, notice)
    if fragment:
        return f'<div class="gknb-report" lang="zh-CN" style="{S_WRAP}">\n{body}\n</div>\n'
    title = esc(report.title + ("（草稿）" if draft else ""))
    mark = '<div class="gknb-watermark" aria-hidden="true">草稿</div>\n' if draft else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{esc(APP_NAME)} {esc(APP_VERSION)}">\n'
        f'<meta name="author" content="{esc(report.organ_name)}">\n'
        f"<title>{title}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f"{mark}<article class=\"gknb-report\">\n{body}\n</article>\n</body>\n</html>\n")


def export_html(report: Report, path: str | os.PathLike[str], *, fragment: bool = False,
                final: bool = False) -> HtmlResult:
    """Write the page (or the fragment, with a UTF-8 byte order mark) to ``path`` in UTF-8,
    atomically.  Raises OSError."""
    findings = run_checks(report)
    left = unfinished(report, findings)
    text = render_html(report, fragment=fragment, final=final, findings=findings)
    data = text.encode("utf-8")
    if fragment:  # no <meta charset> in a fragment: the byte order mark tells a browser it is UTF-8
        data = b"\xef\xbb\xbf" + data
    atomic_write(path, data, keep_backup=False)
    n_tables = sum(1 for b in report_blocks(report) if b.kind == TABLE)
    return HtmlResult(Path(path), is_draft(left, final), fragment, left, findings, len(data), n_tables)


# ---------------------------------------------------------------------------- clipboard

def plain_text(report: Report, *, final: bool = False, findings: list[Finding] | None = None) -> str:
    """The report as plain text: paragraphs, tables as tab-separated rows (merged cells
    written once, in their first row and column)."""
    fs = run_checks(report) if findings is None else findings
    left = unfinished(report, fs)
    draft = is_draft(left, final)
    sheet = Figures(report)
    fmt = report.format
    out: list[str] = [draft_notice(left), ""] if draft else []
    for b in report_blocks(report):
        if b.kind == TABLE and b.table:
            grid = table_grid(fmt, b.table)
            for r in range(grid.n_rows):
                row = []
                for c in range(grid.n_cols):
                    g = grid.at(r, c)
                    if g is None or g.row != r or g.col != c:
                        row.append("")
                    elif g.kind == VALUE:
                        row.append(format_number(sheet.value(g.key)) if g.key is not None else "")
                    else:
                        row.append(g.text)
                out.append("\t".join(row).rstrip("\t"))
            out.append("")
        elif b.kind == SIGNATURE:
            out += ["", b.text, b.date]
        elif b.kind == PARA:
            out.append("\u3000\u3000" + b.text)
        else:
            out.append(b.text)
    return "\n".join(out) + "\n"


def clipboard_texts(report: Report, *, final: bool = False) -> tuple[str, str]:
    """What 复制网页版 puts on the clipboard: (``text/html`` — the fragment, ``text/plain``)."""
    fs = run_checks(report)
    return (render_html(report, fragment=True, final=final, findings=fs),
            plain_text(report, final=final, findings=fs))
