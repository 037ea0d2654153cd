"""Export of 表二, 表三 and 表四 to .xlsx in the official layout.

The layout is ``model.tablegrid.table_grid`` — the grid the window and the PDF draw:
every caption (表二's blocks, merged full-width rows), merged header and row-label cell and
value cell with its span; this module only adds the sheet's heading rows, widths, heights
and styles.  Values are written as numbers (counts as
integers, money as exact decimals with the number format ``0.####``), blank cells stay
empty; every cell is written through ``model.xlsx.common.put`` (text is never a formula,
unwritable characters are dropped), computed totals come from ``model.totals.Figures``.  A sheet “检查结果” lists the
findings of ``run_checks``; a summary (county merge) also gets a sheet “各单位”.
"""

from __future__ import annotations

import io
import math
import os
import unicodedata
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.checks import SEVERITY_NAMES, describe_location, run_checks, sort_findings
from model.files import atomic_write
from model.formats import Table
from model.limits import MONEY_PLACES
from model.report import ORGAN_KINDS, Report, format_number
from model.tablegrid import CAPTION, HEADER, LABEL, VALUE, TableGrid, table_grid
from model.totals import Figures
from model.xlsx.common import put, safe_property

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")
FONT = Font(name="宋体", size=10)
BOLD = Font(name="宋体", size=10, bold=True)
TITLE_FONT = Font(name="黑体", size=14)
COUNT_FORMAT = "0"
MONEY_FORMAT = "0." + "#" * MONEY_PLACES  # every place a clerk can type is shown

# widths in Excel character units; an A4 page with 1.8 cm margins holds about this many
PORTRAIT_UNITS = 92
FINDINGS_SHEET = "检查结果"
MEMBERS_SHEET = "各单位"


def text_units(text: str) -> int:
    """Display width of text in Excel character units (CJK characters count double)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _box(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, value: Any = None, *,
         align: Alignment = CENTER, font: Font = FONT, fill: PatternFill | None = None) -> None:
    """Write a (possibly merged) bordered cell."""
    if r2 > r1 or c2 > c1:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            cell = ws.cell(r, c)
            cell.border = BORDER
            cell.alignment = align
            cell.font = font
            if fill is not None:
                cell.fill = fill
    if value is not None:
        put(ws.cell(r1, c1), value)


def _column_widths(g: TableGrid) -> list[float]:
    """Widths of the grid columns of a table, from its labels."""
    lc = g.label_cols
    widths = [0.0] * g.n_cols
    for cell in g.cells:
        if cell.kind == LABEL and cell.col_span == 1:
            per_line = text_units(cell.text) / max(1, min(cell.row_span, 8))
            if cell.row_span == 1:
                per_line = min(per_line, 46.0)
            widths[cell.col] = max(widths[cell.col], per_line + 2)
        elif cell.kind == HEADER and cell.col_span == 1 and cell.col >= lc:
            widths[cell.col] = max(widths[cell.col], text_units(cell.text) / 2 + 2)
    # labels spanning several label columns must fit too (e.g. 表三 “一、本年新收…”)
    for cell in g.cells:
        if cell.kind == LABEL and cell.col_span > 1:
            need = min(text_units(cell.text) + 2, 70) - sum(widths[cell.col: cell.col + cell.col_span])
            if need > 0:
                widths[cell.last_col] += need
    for i in range(g.n_cols):
        widths[i] = max(widths[i], 6.0 if i < lc else 8.0)
    if lc == 1:
        widths[0] = max(widths[0], 18.0)
    return widths


def _line_count(text: str, width_units: float) -> int:
    return max(1, math.ceil(text_units(text) / max(width_units - 1, 1)))


def _value_cell(ws: Worksheet, r: int, c: int, value: Any, kind: str, computed: bool) -> None:
    _box(ws, r, c, r, c, align=CENTER, fill=COMPUTED_FILL if computed else None)
    cell = ws.cell(r, c)
    cell.number_format = MONEY_FORMAT if kind == "money" else COUNT_FORMAT
    if value is None:
        return
    if kind == "money":
        put(cell, Decimal(value))
    elif isinstance(value, Decimal):
        put(cell, int(value) if value == value.to_integral_value() else value)
    else:
        put(cell, int(value))


def _write_table(ws: Worksheet, report: Report, sheet: Figures, table: Table) -> None:
    fmt = report.format
    g = table_grid(fmt, table.key)
    ncols = g.n_cols
    widths = _column_widths(g)
    for c in g.cells:  # a figure column wide enough for its longest figure (else Excel shows ####)
        if c.kind == VALUE and c.col_span == 1 and c.key is not None:
            v = sheet.value(c.key)
            if v is not None:
                widths[c.col] = max(widths[c.col], len(format_number(v)) + 2.0)
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = round(w, 1)
    heading = fmt.section(table.section).heading
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    put(ws.cell(1, 1), heading)
    ws.cell(1, 1).font = TITLE_FONT
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 24
    sub = f"{report.organ_name}　{report.year}年度" if report.organ_name else f"{report.year}年度"
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    put(ws.cell(2, 1), sub)
    ws.cell(2, 1).font = FONT
    ws.cell(2, 1).alignment = Alignment(horizontal="center", vertical="center")
    top = 3  # grid row 0 is sheet row 3, below the heading and the organ/year line
    for cell in g.cells:
        r1, c1 = top + cell.row, 1 + cell.col
        r2, c2 = r1 + cell.row_span - 1, c1 + cell.col_span - 1
        if cell.kind == CAPTION:
            _box(ws, r1, c1, r2, c2, cell.text, align=LEFT, font=BOLD)
        elif cell.kind == HEADER:
            _box(ws, r1, c1, r2, c2, cell.text, font=BOLD)
        elif cell.kind == LABEL:
            _box(ws, r1, c1, r2, c2, cell.text, align=LEFT if cell.row_span == 1 else CENTER)
        elif cell.kind == VALUE:
            assert cell.key is not None
            _value_cell(ws, r1, c1, sheet.value(cell.key), fmt.column_of(cell.key).kind, cell.computed)
            if cell.col_span > 1:  # narrow block: its last column spans the width
                ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
                for cc in range(c1 + 1, c2 + 1):
                    ws.cell(r1, cc).border = BORDER
    captions = set(g.caption_rows())
    for r in range(g.n_rows):
        if r in captions:
            continue
        lines = 1
        for cell in g.row_cells(r):
            if cell.kind in (HEADER, LABEL) and cell.row_span == 1:
                lines = max(lines, _line_count(cell.text, sum(widths[cell.col: cell.col + cell.col_span])))
        ws.row_dimensions[top + r].height = 15 * lines + 4
    first = [r for r in g.bands[0].header if r not in captions]
    _page_setup(ws, sum(widths), top + first[0], top + first[-1], len(g.bands) > 1)


def _page_setup(ws: Worksheet, total_width: float, header_first: int, header_last: int, many_blocks: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if total_width > PORTRAIT_UNITS else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1  # each official table on one A4 page, as it is printed for sign-off
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.7
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    # table 二 has a header per block: repeat the title; tables 三/四 repeat their header
    ws.print_title_rows = "1:2" if many_blocks else f"{header_first}:{header_last}"
    ws.sheet_view.showGridLines = False


def _list_page_setup(ws: Worksheet) -> None:
    """A4 landscape, as wide as the page, as many pages as the list needs, header row repeated."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "2:2"


def _write_findings(ws: Worksheet, report: Report) -> None:
    fmt = report.format
    findings = sort_findings(run_checks(report))
    heads = ["序号", "类别", "代码", "位置", "说明", "修改建议"]
    widths = [6, 8, 22, 36, 70, 30]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heads))
    put(ws.cell(1, 1), f"{report.title}：检查结果")
    ws.cell(1, 1).font = TITLE_FONT
    for i, (h, w) in enumerate(zip(heads, widths), start=1):
        _box(ws, 2, i, 2, i, h, font=BOLD)
        ws.column_dimensions[get_column_letter(i)].width = w
    if not findings:
        _box(ws, 3, 1, 3, len(heads), "未发现问题。", align=LEFT)
    for n, f in enumerate(findings, start=1):
        r = 2 + n
        values = [n, SEVERITY_NAMES.get(f.severity, f.severity), f.code, describe_location(fmt, f), f.message,
                  f.fix.label if f.fix else ""]
        for i, v in enumerate(values, start=1):
            _box(ws, r, i, r, i, v, align=CENTER if i <= 3 else LEFT)
        ws.row_dimensions[r].height = 15 * _line_count(f.message, 70) + 4
    ws.freeze_panes = "A3"
    _list_page_setup(ws)


MEMBER_COLUMNS: list[tuple[str, str, float]] = [
    ("organ", "单位", 34),
    ("status", "状态", 10),
    ("new", "表三新收", 10),
    ("carried", "表三上年结转", 12),
    ("closed", "表三办结", 10),
    ("carry_next", "表三结转下年", 12),
    ("review_total", "表四行政复议总计", 14),
    ("direct_total", "表四未经复议直接起诉总计", 16),
    ("after_total", "表四复议后起诉总计", 14),
    ("errors", "错误数", 8),
    ("warnings", "警告数", 8),
    ("blanks", "空白单元格数", 12),
    ("file", "文件", 30),
    ("reason", "说明", 40),
]


def _write_members(ws: Worksheet, report: Report) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(MEMBER_COLUMNS))
    put(ws.cell(1, 1), f"{report.title}：各单位情况")
    ws.cell(1, 1).font = TITLE_FONT
    for i, (_, head, w) in enumerate(MEMBER_COLUMNS, start=1):
        _box(ws, 2, i, 2, i, head, font=BOLD)
        ws.column_dimensions[get_column_letter(i)].width = w
    status_names = {"included": "已汇总", "excluded": "未汇总", "unreadable": "无法读取"}
    for n, m in enumerate(report.members, start=1):
        r = 2 + n
        for i, (key, _, _) in enumerate(MEMBER_COLUMNS, start=1):
            v = m.get(key)
            if key == "status":
                v = status_names.get(str(v), v)
            _box(ws, r, i, r, i, v, align=LEFT if key in ("organ", "file", "reason") else CENTER)
            if isinstance(v, int):
                ws.cell(r, i).number_format = COUNT_FORMAT
    ws.freeze_panes = "B3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(MEMBER_COLUMNS))}{2 + len(report.members)}"
    _list_page_setup(ws)


def build_workbook(report: Report) -> Workbook:
    fmt = report.format
    sheet = Figures(report)
    wb = Workbook()
    first = True
    for table in fmt.tables:
        if first:
            ws = wb.active
            assert ws is not None
            ws.title = table.name
            first = False
        else:
            ws = wb.create_sheet(table.name)
        _write_table(ws, report, sheet, table)
    _write_findings(wb.create_sheet(FINDINGS_SHEET), report)
    if report.members:
        _write_members(wb.create_sheet(MEMBERS_SHEET), report)
    wb.properties.title = safe_property(report.title)
    wb.properties.creator = "年报助手"
    wb.properties.subject = safe_property(f"{fmt.name}；{ORGAN_KINDS.get(report.organ_kind, '')}")
    return wb


def workbook_bytes(report: Report) -> bytes:
    buf = io.BytesIO()
    build_workbook(report).save(buf)
    return buf.getvalue()


def export_xlsx(report: Report, path: str | os.PathLike[str]) -> None:
    """Write 表二/表三/表四 and the findings to ``path`` atomically (temp file + replace)."""
    atomic_write(path, workbook_bytes(report), keep_backup=False)
