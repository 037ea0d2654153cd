"""The report as boxes: title, opening paragraph, the six sections with their prose and
tables (built from the format definition only), the fee sentence, 落款 and the optional
approval sheet (审签单)."""

from __future__ import annotations

from model import content
from model.checks import ERROR, INFO, WARNING, Finding
from model.formats import Table
from model.pdf.layout import AREA_H, AREA_W, LEFT, Blank, Box, Cell, TableLayout, TableRow, TextLine
from model.pdf.linebreak import Line
from model.pdf.typeset import Shaped, Shaper, Style
from model.report import ORGAN_KINDS, Report, format_number
from model.tablegrid import LABEL, VALUE, table_grid, widen_for_figures
from model.totals import Figures

BODY_SIZE = 16.0  # 3号
PITCH = AREA_H / 22  # 22 lines per page ≈ 28.98 pt
BODY_TRACKING = AREA_W / 28 - BODY_SIZE  # 28 characters per line
TITLE_SIZE = 22.0  # 2号
TITLE_CHARS = 20  # 2号 characters on a line of the type area
SHORT_HEADER = 3  # column headers of up to this many characters (自然人) stay on one line
TABLE_SIZE = 10.0  # a little under 五号 so that 表三 fits on one page

BODY = Style("fangsong", BODY_SIZE, PITCH, BODY_TRACKING)
H1 = Style("hei", BODY_SIZE, PITCH, BODY_TRACKING)
H2 = Style("kai", BODY_SIZE, PITCH, BODY_TRACKING)
TITLE = Style("title", TITLE_SIZE, TITLE_SIZE * 1.6)
CELL = Style("fangsong", TABLE_SIZE, TABLE_SIZE * 1.25)
FORM = Style("fangsong", 14.0, 14.0 * 1.4)  # 审签单

CHAR = BODY_SIZE + BODY_TRACKING  # one character of body text


class Builder:
    def __init__(self, report: Report, shaper: Shaper) -> None:
        self.report = report
        self.fmt = report.format
        self.shaper = shaper
        self.boxes: list[Box] = []
        self.sheet = Figures(report)

    # ------------------------------------------------------------------ text
    def text_lines(self, text: str, style: Style, *, indent: float = 0.0, align: str = "justify",
                   where: str = "", section: str | None = None, part: str | None = None,
                   width: float = AREA_W, x: float = LEFT, fake_bold: bool = False) -> list[TextLine]:
        shaped = self.shaper.shape(text, style, where, section, part)
        lines = self.shaper.lines(shaped, width, width - indent)
        out = []
        for i, ln in enumerate(lines):
            dx = indent if i == 0 else 0.0
            out.append(TextLine(shaped, ln, x + dx, width - dx, style.leading, align, fake_bold))
        return out

    def paragraph(self, text: str, style: Style = BODY, **kw: object) -> None:
        lines = self.text_lines(text, style, indent=2 * CHAR, **kw)  # type: ignore[arg-type]
        if len(lines) >= 2:
            lines[0].keep_with_next = True  # no orphan
            lines[-2].keep_with_next = True  # no widow
        self.boxes += lines

    def heading(self, text: str, style: Style, section: str | None = None) -> None:
        lines = self.text_lines(text, style, indent=2 * CHAR, align="left", where=text, section=section)
        for ln in lines:
            ln.keep_with_next = True
        self.boxes += lines

    def title(self) -> None:
        """2号小标宋, centred, in lines broken between words (``model.content.title_lines``,
        the same lines as the Word and HTML exports)."""
        text = self.report.title
        shaped = self.shaper.shape(text, TITLE, "标题", "s0")
        lines: list[Line] = []
        start = 0
        parts = content.title_lines(shaped.text, self.report.organ_name, TITLE_CHARS)
        for k, part in enumerate(parts):
            end = start + len(part)
            if shaped.width(start, end) <= AREA_W + 0.01:
                lines.append(Line(start, end, shaped.width(start, end), k == len(parts) - 1))
            else:  # a part with no allowed break that is still too wide: wrap it
                sub = Shaped(shaped.text[start:end], shaped.faces[start:end], shaped.widths[start:end], TITLE)
                lines += [Line(ln.start + start, ln.end + start, ln.width, ln.last and k == len(parts) - 1)
                          for ln in self.shaper.lines(sub, AREA_W)]
            start = end
        fake = self.shaper.fonts.fake_bold_title
        for ln in lines:
            self.boxes.append(TextLine(shaped, ln, LEFT, AREA_W, TITLE.leading, "center", fake, True))
        self.boxes.append(Blank(PITCH, keep_with_next=True, discardable=False))

    # ------------------------------------------------------------------ body
    def build(self) -> list[Box]:
        """The boxes of ``model.content.report_blocks`` (the same content as Word and HTML)."""
        fmt = self.fmt
        for b in content.report_blocks(self.report):
            s = fmt.section(b.section) if b.section and b.section != "s0" else None
            if b.kind == content.TITLE:
                self.title()
            elif b.kind == content.H1:
                self.heading(b.text, H1, b.section)
            elif b.kind == content.H2:
                self.heading(b.text, H2, b.section)
            elif b.kind == content.PARA:
                if s is None:
                    where = "开头说明"
                elif b.part is None:
                    where = f"{s.heading} /信息处理费"
                else:
                    p = fmt.prose_part(b.part)
                    where = f"{s.heading} /{p.heading or p.label}"
                self.paragraph(b.text, where=where, section=b.section, part=b.part)
            elif b.kind == content.TABLE and b.table:
                self.table(fmt.table(b.table))
            elif b.kind == content.SIGNATURE:
                self.signature()
        return self.boxes

    def signature(self) -> None:
        """GB/T 9704 7.3.5.2 (不加盖印章): one blank line, then the organ 右空二字, then the
        date whose first character is two characters right of the organ's first."""
        r = self.report
        date = content.chinese_date(r.publication_date) if r.publication_date else content.BLANK_DATE
        organ = r.organ_name.strip() or "（机关名称）"
        if self.boxes:
            self.boxes[-1].keep_with_next = True
        self.boxes.append(Blank(PITCH, keep_with_next=True, discardable=False))
        right = LEFT + AREA_W - 2 * CHAR
        o_shaped = self.shaper.shape(organ, BODY, "落款", "s0")
        d_shaped = self.shaper.shape(date, BODY, "落款", "s0")
        o_lines = self.shaper.lines(o_shaped, AREA_W - 2 * CHAR)
        ow = max(ln.width for ln in o_lines)
        dw = d_shaped.width()
        organ_x = right - ow
        date_x = organ_x + 2 * CHAR
        if date_x + dw > right:
            date_x = right - dw
            organ_x = date_x - 2 * CHAR
        for ln in o_lines:
            self.boxes.append(TextLine(o_shaped, ln, organ_x, ow, PITCH, "left", keep_with_next=True))
        d_lines = self.shaper.lines(d_shaped, AREA_W)
        for ln in d_lines:
            self.boxes.append(TextLine(d_shaped, ln, date_x, dw, PITCH, "left"))

    # ------------------------------------------------------------------ tables
    def column_widths(self, t: Table) -> list[float]:
        lc, n = t.row_label_columns, t.width
        if lc == 0:
            return [AREA_W / n] * n
        value_share = 0.55 if n <= 3 else 0.42
        vw = max(min(AREA_W * value_share / n, 90.0), 24.0)
        # a short column header is one word and never split (“自然/人”): its column is made wide enough
        labels = [max((len(b.columns[i].label) for b in t.blocks if i < len(b.columns)), default=0) for i in range(n)]
        widths = [max(vw, k * TABLE_SIZE + 2 * TableLayout.PAD_X + 1.0) if k <= SHORT_HEADER else vw for k in labels]
        label_total = AREA_W - sum(widths)
        weights = [1.0] if lc == 1 else [1.0 + 0.9 * i for i in range(lc)]
        weights[-1] += 0.8 if lc > 1 else 0.0
        s = sum(weights)
        return [label_total * w / s for w in weights] + widths

    def _widen_for_figures(self, widths: list[float], cells: list[Cell], label_cols: int, where: str) -> list[float]:
        """Figure columns wide enough for their longest figure (``widen_for_figures``); what
        still does not fit is printed smaller (``TableLayout``), never broken over two lines."""
        needs: dict[int, float] = {}
        for cell in cells:
            if cell.one_line and cell.col_span == 1 and cell.text:
                w = self.shaper.shape(cell.text, CELL, where).width() + 2 * TableLayout.PAD_X + 1.0
                needs[cell.col] = max(needs.get(cell.col, 0.0), w)
        # the figure columns give no room here: the PDF's own type fits 8 digits in 表四's
        # columns at 5 pt, and a heading column made a little wider breaks “结果维/持”
        return widen_for_figures(widths, needs, label_cols, keep_figures=1.0)

    def table(self, t: Table) -> None:
        g = table_grid(self.fmt, t.key)
        cells: list[Cell] = []
        repeat: dict[int, tuple[int, ...]] = {}
        keep: set[int] = set()
        where = f"{self.fmt.section(t.section).heading} /表格"
        for band in g.bands:
            keep.update(band.header)
            body = list(band.body)
            for r in body:
                repeat[r] = tuple(band.header)
            if len(body) <= 8:
                keep.update(body[:-1])  # a short block (表二) is never broken
            else:
                keep.update(body[:2])  # at least three data rows below the header
                keep.update(body[-3:-1])  # and three at the end of the table
        for c in g.cells:
            text, align = c.text, "center"
            if c.kind == VALUE:
                assert c.key is not None
                text = format_number(self.sheet.value(c.key))
            elif c.kind == LABEL:
                align = "left" if c.col_span > 1 or c.col == g.label_cols - 1 else "center"
                if c.row_span > 1:
                    group = list(range(c.row, c.row + c.row_span))
                    if c.row_span <= 10:
                        keep.update(group[:-1])  # a short merged group stays on one page
                    else:
                        keep.update(group[:2] + group[-3:-1])  # at least three rows each side of a break
            cells.append(Cell(c.row, c.col, c.row_span, c.col_span, text, align, CELL, one_line=c.kind == VALUE))
        widths = self._widen_for_figures(self.column_widths(t), cells, t.row_label_columns, where)
        rows = g.n_rows
        layout = TableLayout(self.shaper, widths, rows, cells, [CELL.leading + 5] * rows, where, t.section)
        soft: set[int] = set()
        if sum(layout.heights) + 1.5 * PITCH <= AREA_H:
            # a table that fits on one page with its heading is not broken — unless that
            # leaves a page largely empty (``layout.paginate``)
            soft = set(range(rows - 1))
        if self.boxes:
            self.boxes[-1].keep_with_next = True  # the heading or the lead-in (“…情况如下：”) stays with it
        self.boxes.append(Blank(PITCH / 3, keep_with_next=True))
        self.boxes += layout.rows(repeat, keep, soft)
        self.boxes.append(Blank(PITCH / 2))


# ---------------------------------------------------------------------------- approval sheet

def approval_boxes(report: Report, shaper: Shaper, findings: list[Finding]) -> list[Box]:
    """审签单: title, the report, the open findings by severity, 拟稿人/审核人/签发人 with
    room for a signature and a date."""
    boxes: list[Box] = []
    head = Style("title", TITLE_SIZE, TITLE_SIZE * 1.6)
    shaped = shaper.shape("政府信息公开工作年度报告审签单", head, "审签单", "s0")
    for i, ln in enumerate(shaper.lines(shaped, AREA_W)):
        tl = TextLine(shaped, ln, LEFT, AREA_W, head.leading, "center", shaper.fonts.fake_bold_title, True)
        tl.new_page = i == 0
        boxes.append(tl)
    boxes.append(Blank(PITCH, keep_with_next=True, discardable=False))
    n = {s: sum(1 for f in findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
    result = (f"错误{n[ERROR]}项，警告{n[WARNING]}项，提示{n[INFO]}项"
              + ("（错误未改正，本稿为草稿，不得发布）" if n[ERROR] else "")
              if any(n.values()) else "未发现问题")
    date = content.chinese_date(report.publication_date) if report.publication_date else "未填写"
    kind = ORGAN_KINDS.get(report.organ_kind, "")
    rows = [
        ("报告名称", report.title),
        ("报告格式", report.format.name),
        ("机关类型", kind),
        ("发布日期", date),
        ("导出时尚未处理的检查结果", result),
    ]
    widths = [AREA_W * 0.2, AREA_W * 0.4, AREA_W * 0.1, AREA_W * 0.3]
    cells: list[Cell] = []
    mins: list[float] = []
    r = 0
    for label, value in rows:
        cells.append(Cell(r, 0, 1, 1, label, "center", FORM))
        cells.append(Cell(r, 1, 1, 3, value, "left", FORM))
        mins.append(40.0)
        r += 1
    for role in ("拟稿人", "审核人", "签发人"):
        cells.append(Cell(r, 0, 1, 1, role, "center", FORM))
        cells.append(Cell(r, 1, 1, 1, "", "left", FORM))
        cells.append(Cell(r, 2, 1, 1, "日期", "center", FORM))
        cells.append(Cell(r, 3, 1, 1, "\u3000\u3000年\u3000月\u3000日", "center", FORM))
        mins.append(64.0)
        r += 1
    cells.append(Cell(r, 0, 1, 1, "备注", "center", FORM))
    cells.append(Cell(r, 1, 1, 3, "", "left", FORM))
    mins.append(110.0)
    r += 1
    layout = TableLayout(shaper, widths, r, cells, mins, "审签单", "s0")
    rows_boxes: list[TableRow] = layout.rows({}, set(range(r - 1)))
    boxes += rows_boxes
    return boxes
