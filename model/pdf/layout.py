"""Page geometry after GB/T 9704, boxes, tables and the paginator.

Everything the document contains becomes a list of boxes of fixed height (a text line, a
table row, a blank line).  The paginator fills the type area from top to bottom, keeps
boxes flagged ``keep_with_next`` together with what follows, never cuts a box (so never a
table row) and repeats a table's header rows at the top of a continuation page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from model.pdf.linebreak import Line
from model.pdf.typeset import Shaped, Shaper, Style, draw_line

MM = 72 / 25.4
PAGE_W, PAGE_H = A4
LEFT = 28 * MM  # 订口
TOP = 37 * MM  # 天头
AREA_W = 156 * MM
AREA_H = 225 * MM
AREA_TOP = PAGE_H - TOP
AREA_BOTTOM = AREA_TOP - AREA_H
AREA_RIGHT = LEFT + AREA_W
ASCENT = 0.88  # baseline below the top of a line box, in em


class Box:
    height: float = 0.0
    keep_with_next: bool = False
    soft_keep: bool = False  # the keep may be given up to fill a page (a table that would fit whole)
    discardable: bool = False  # a blank line: dropped at the top of a page
    new_page: bool = False

    def draw(self, c: Canvas, top: float) -> None:  # top: PDF y of the box's upper edge
        pass


@dataclass
class Blank(Box):
    height: float
    keep_with_next: bool = False
    discardable: bool = True


@dataclass
class TextLine(Box):
    """One line of text inside the type area."""

    shaped: Shaped
    line: Line
    x: float  # left edge of the line
    avail: float  # width the line is justified to
    height: float
    align: str = "justify"  # justify / left / center / right
    fake_bold: bool = False
    keep_with_next: bool = False

    def draw(self, c: Canvas, top: float) -> None:
        st = self.shaped.style
        baseline = top - (self.height - st.size) / 2 - ASCENT * st.size if self.align == "center-v" else \
            top - ASCENT * st.size
        x = self.x
        if self.align == "center":
            x += (self.avail - self.line.width) / 2
        elif self.align == "right":
            x += self.avail - self.line.width
        draw_line(c, self.shaped, self.line, x, baseline, self.avail, self.fake_bold, justify=self.align == "justify")


# ----------------------------------------------------------------------------- tables

@dataclass
class Cell:
    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    align: str = "center"  # center / left
    style: Style | None = None
    shaped: Shaped | None = None
    lines: list[Line] = field(default_factory=list)
    need: float = 0.0  # height the text needs incl. padding
    one_line: bool = False  # a figure: printed smaller rather than broken over two lines


@dataclass
class TableRow(Box):
    table: TableLayout
    row: int
    height: float
    repeat: tuple[int, ...] = ()  # header rows to repeat above this row on a new page
    keep_with_next: bool = False
    soft_keep: bool = False


class TableLayout:
    """A grid of cells with spans, drawn with full borders."""

    PAD_X = 2.5
    PAD_Y = 2.5
    MIN_FIGURE_SIZE = 5.0  # pt

    def __init__(self, shaper: Shaper, col_widths: list[float], n_rows: int, cells: list[Cell],
                 min_heights: list[float] | None = None, where: str = "", section: str | None = None) -> None:
        self.col_widths = col_widths
        self.n_rows = n_rows
        self.cells = cells
        self.x_edges = [0.0]
        for w in col_widths:
            self.x_edges.append(self.x_edges[-1] + w)
        heights = list(min_heights) if min_heights else [0.0] * n_rows
        for cell in cells:
            assert cell.style is not None
            w = self.x_edges[cell.col + cell.col_span] - self.x_edges[cell.col] - 2 * self.PAD_X
            cell.shaped = shaper.shape(cell.text, cell.style, where, section)
            cell.lines = shaper.lines(cell.shaped, max(w, 1.0))
            while cell.one_line and len(cell.lines) > 1 and cell.style.size > self.MIN_FIGURE_SIZE:
                # a city's or a county summary's figures run to 8 digits: “99999999”
                # broken as “999999/99” would be read as two numbers
                smaller = cell.style.size - 0.5
                cell.style = replace(cell.style, size=smaller, leading=cell.style.leading * smaller / cell.style.size)
                cell.shaped = shaper.shape(cell.text, cell.style, where, section)
                cell.lines = shaper.lines(cell.shaped, max(w, 1.0))
            n = len(cell.lines) if cell.text else 1
            cell.need = n * cell.style.leading + 2 * self.PAD_Y
        for cell in sorted(cells, key=lambda c: c.row_span):
            span = range(cell.row, cell.row + cell.row_span)
            have = sum(heights[r] for r in span)
            if cell.need > have:
                add = (cell.need - have) / cell.row_span
                for r in span:
                    heights[r] += add
        self.heights = heights
        self.by_row: dict[int, list[Cell]] = {}
        for cell in cells:
            self.by_row.setdefault(cell.row, []).append(cell)

    def rows(self, header: dict[int, tuple[int, ...]], keep: set[int], soft: set[int] | None = None) -> list[TableRow]:
        """One box per grid row; ``header`` maps a data row to the header rows repeated above
        it on a continuation page; rows in ``keep`` stay with the next row; rows only in
        ``soft`` stay with it unless that would leave much of a page empty (``paginate``)."""
        soft = (soft or set()) - keep
        return [TableRow(self, r, self.heights[r], header.get(r, ()), r in keep or r in soft, r in soft)
                for r in range(self.n_rows)]

    def draw(self, c: Canvas, x0: float, placed: dict[int, float]) -> None:
        """Draw the rows in ``placed`` (row → PDF y of its top edge) on the current page."""
        c.setLineWidth(0.6)
        for cell in self.cells:
            visible = [r for r in range(cell.row, cell.row + cell.row_span) if r in placed]
            if not visible:
                continue
            top = placed[visible[0]]
            bottom = placed[visible[-1]] - self.heights[visible[-1]]
            left = x0 + self.x_edges[cell.col]
            right = x0 + self.x_edges[cell.col + cell.col_span]
            c.rect(left, bottom, right - left, top - bottom, stroke=1, fill=0)
            if not cell.text or cell.shaped is None or cell.style is None:
                continue
            st = cell.style
            text_h = len(cell.lines) * st.leading
            avail = right - left - 2 * self.PAD_X
            c.saveState()
            p = c.beginPath()
            p.rect(left, bottom, right - left, top - bottom)
            c.clipPath(p, stroke=0, fill=0)
            y = top - max((top - bottom - text_h) / 2, 0) - (st.leading - st.size) / 2 - ASCENT * st.size
            for ln in cell.lines:
                if cell.align == "center":
                    x = left + self.PAD_X + (avail - ln.width) / 2
                    draw_line(c, cell.shaped, ln, x, y, avail, justify=False)
                else:
                    draw_line(c, cell.shaped, ln, left + self.PAD_X, y, avail, justify=True)
                y -= st.leading
            c.restoreState()


# ----------------------------------------------------------------------------- paginator

@dataclass
class Placed:
    box: Box
    top: float  # offset from the top of the type area


SOFT_MIN_FREE = 0.25  # a table kept whole moves to the next page only when less than this is left


def paginate(boxes: list[Box], area_h: float = AREA_H, soft_min_free: float = SOFT_MIN_FREE) -> list[list[Placed]]:
    """Fill pages from the top.  A run of boxes flagged ``keep_with_next`` goes to the next
    page when it does not fit; but a *soft* keep (a table that would fit on a page whole) is
    given up when at least ``soft_min_free`` of the page would otherwise stay empty: the
    table then starts here and continues on the next page below its repeated header rows,
    so that no page is left nearly empty."""
    pages: list[list[Placed]] = [[]]
    y = 0.0
    n = len(boxes)
    broken: set[int] = set()  # tables whose soft keeps were given up

    def keeps(b: Box) -> bool:
        if not b.keep_with_next:
            return False
        return not (b.soft_keep and isinstance(b, TableRow) and id(b.table) in broken)

    def run(i: int) -> tuple[float, int]:
        need = boxes[i].height
        j = i
        while keeps(boxes[j]) and j + 1 < n and need < area_h:
            j += 1
            need += boxes[j].height
        return need, j

    for i, box in enumerate(boxes):
        if box.new_page and pages[-1]:
            pages.append([])
            y = 0.0
        if box.discardable and not pages[-1]:
            continue
        # the run of boxes that must stay together with this one
        need, j = run(i)
        if pages[-1] and y + need > area_h + 1e-6 and area_h - y >= soft_min_free * area_h:
            soft = {id(b.table) for b in boxes[i:j + 1] if isinstance(b, TableRow) and b.soft_keep}
            if soft:
                broken |= soft
                need, j = run(i)
                if y + need > area_h + 1e-6:
                    broken -= soft  # even the hard part does not fit: the table moves whole
        if pages[-1] and y + need > area_h + 1e-6:
            pages.append([])
            y = 0.0
            if box.discardable:
                continue
        page = pages[-1]
        if not page and isinstance(box, TableRow) and box.repeat:
            for r in box.repeat:
                page.append(Placed(TableRow(box.table, r, box.table.heights[r]), y))
                y += box.table.heights[r]
        page.append(Placed(box, y))
        y += box.height
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return pages


def draw_page(c: Canvas, page: list[Placed], x0: float = LEFT, top0: float = AREA_TOP) -> None:
    """Draw the boxes of one page in reading order (a table where its first row is)."""
    tables: dict[int, tuple[TableLayout, dict[int, float]]] = {}
    for p in page:
        if isinstance(p.box, TableRow):
            t = p.box.table
            tables.setdefault(id(t), (t, {}))[1][p.box.row] = top0 - p.top
    drawn: set[int] = set()
    for p in page:
        if isinstance(p.box, TableRow):
            key = id(p.box.table)
            if key not in drawn:
                drawn.add(key)
                t, placed = tables[key]
                t.draw(c, x0, placed)
        else:
            p.box.draw(c, top0 - p.top)
