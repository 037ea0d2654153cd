"""The positioned layout of one report table, the same for every renderer.

``table_grid(fmt, "t3")`` places every piece of a table on one grid: block captions (表二),
the merged header rows of each block (corner, column groups from ``Column.path``, column
labels), the merged row labels (groups from ``Row.path``) and one value cell per
``CellKey``.  Grid columns are the row-label columns first, then the value columns; grid
rows are, block after block, the caption, the header rows and the data rows.  A block
narrower than the table (表二 第二十条第（五）项 …) lets its last column span to the
table's width, in the header and in every data row.

The grid model, the PDF, Excel, Word and HTML writers all draw this grid; none of them
computes positions or spans of its own.  Texts are the format's labels, character for
character.  This module imports no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.formats import Block, CellKey, ReportFormat, Table

CAPTION, HEADER, LABEL, VALUE, EMPTY = "caption", "header", "label", "value", "empty"


@dataclass(frozen=True)
class GridCell:
    """One origin cell of the grid and the rectangle it covers.

    ``col_key`` is set on a HEADER cell that is a column's own label, ``row_key`` on a
    LABEL cell that is a row's own label (not a group label) and on every VALUE cell.
    """

    kind: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str = ""
    key: CellKey | None = None
    computed: bool = False
    help: str = ""
    row_key: str | None = None
    col_key: str | None = None

    @property
    def last_row(self) -> int:
        return self.row + self.row_span - 1

    @property
    def last_col(self) -> int:
        return self.col + self.col_span - 1


@dataclass(frozen=True)
class Band:
    """A horizontal band of the grid: one block's caption and header rows, then its data rows."""

    block: int
    header: range
    body: range

    @property
    def rows(self) -> range:
        return range(self.header.start, self.body.stop)


@dataclass(frozen=True)
class TableGrid:
    table_key: str
    title: str
    n_rows: int
    n_cols: int
    label_cols: int
    cells: tuple[GridCell, ...]
    bands: tuple[Band, ...]
    _cover: tuple[tuple[int, ...], ...] = field(default=(), compare=False, repr=False)
    _pos: dict[CellKey, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    _by_row: tuple[tuple[int, ...], ...] = field(default=(), compare=False, repr=False)

    def at(self, row: int, col: int) -> GridCell | None:
        """The origin cell covering (row, col); None outside the grid or where nothing is."""
        if not (0 <= row < self.n_rows and 0 <= col < self.n_cols):
            return None
        i = self._cover[row][col]
        return self.cells[i] if i >= 0 else None

    def is_origin(self, row: int, col: int) -> bool:
        g = self.at(row, col)
        return g is not None and g.row == row and g.col == col

    def row_cells(self, row: int) -> list[GridCell]:
        """Origin cells starting in this row, left to right."""
        if not 0 <= row < self.n_rows:
            return []
        return [self.cells[i] for i in self._by_row[row]]

    def position(self, key: CellKey) -> tuple[int, int] | None:
        return self._pos.get(key)

    def value_cells(self) -> list[GridCell]:
        return [c for c in self.cells if c.kind == VALUE]

    def band_of(self, row: int) -> Band | None:
        for b in self.bands:
            if row in b.rows:
                return b
        return None

    def caption_rows(self) -> list[int]:
        return [c.row for c in self.cells if c.kind == CAPTION]


def _header(t: Table, block: Block, top: int) -> list[GridCell]:
    """The merged header of a block, its first row at grid row ``top``.

    The corner (if any) fills the label columns over all header rows.  Consecutive
    columns sharing a path prefix are merged under one group cell per level; a column's
    own label spans down to the last header row.
    """
    depth = 1 + max(len(c.path) for c in block.columns)
    lc = t.row_label_columns
    n = len(block.columns)
    cells: list[GridCell] = []
    if lc:
        cells.append(GridCell(HEADER, top, 0, depth, lc, t.corner or ""))
    for level in range(depth - 1):
        i = 0
        while i < n:
            col = block.columns[i]
            if len(col.path) <= level:
                i += 1
                continue
            j = i
            while j + 1 < n and block.columns[j + 1].path[: level + 1] == col.path[: level + 1]:
                j += 1
            cells.append(GridCell(HEADER, top + level, lc + i, 1, j - i + 1, col.path[level]))
            i = j + 1
    for i, col in enumerate(block.columns):
        span = 1 + (t.width - n if i == n - 1 else 0)
        first = len(col.path)
        cells.append(GridCell(HEADER, top + first, lc + i, depth - first, span, col.label,
                              help=col.help, col_key=col.key))
    return cells


def _labels(t: Table, block: Block, top: int) -> list[GridCell]:
    """Merged row labels of a block, its first data row at grid row ``top``.

    Group labels of consecutive rows sharing a path prefix are merged vertically; a row's
    own label spans the label columns its group path does not use.
    """
    lc = t.row_label_columns
    if not lc:
        return []
    rows = block.rows
    cells: list[GridCell] = []
    for level in range(lc - 1):
        i = 0
        while i < len(rows):
            r = rows[i]
            if len(r.path) <= level:
                i += 1
                continue
            j = i
            while j + 1 < len(rows) and rows[j + 1].path[: level + 1] == r.path[: level + 1]:
                j += 1
            cells.append(GridCell(LABEL, top + i, level, j - i + 1, 1, r.path[level]))
            i = j + 1
    for i, r in enumerate(rows):
        first = min(len(r.path), lc - 1)
        cells.append(GridCell(LABEL, top + i, first, 1, lc - first, r.label, help=r.help, row_key=r.key))
    return cells


def build_grid(t: Table) -> TableGrid:
    """The grid of one table (uncached; use ``table_grid``)."""
    lc = t.row_label_columns
    ncols = lc + t.width
    cells: list[GridCell] = []
    bands: list[Band] = []
    row = 0
    for bi, block in enumerate(t.blocks):
        head_start = row
        if block.caption:
            cells.append(GridCell(CAPTION, row, 0, 1, ncols, block.caption))
            row += 1
        header = _header(t, block, row)
        cells += header
        row = max(h.row + h.row_span for h in header)
        body_start = row
        cells += _labels(t, block, row)
        n = len(block.columns)
        for ri, rw in enumerate(block.rows):
            for ci, col in enumerate(block.columns):
                span = 1 + (t.width - n if ci == n - 1 else 0)
                cells.append(GridCell(VALUE, row + ri, lc + ci, 1, span, key=CellKey(t.key, rw.key, col.key),
                                      computed=t.is_computed(rw.key, col.key), help=col.help,
                                      row_key=rw.key, col_key=col.key))
        row += len(block.rows)
        bands.append(Band(bi, range(head_start, body_start), range(body_start, row)))
    cells.sort(key=lambda c: (c.row, c.col))
    cover = [[-1] * ncols for _ in range(row)]
    by_row: list[list[int]] = [[] for _ in range(row)]
    pos: dict[CellKey, tuple[int, int]] = {}
    for i, g in enumerate(cells):
        by_row[g.row].append(i)
        if g.key is not None:
            pos[g.key] = (g.row, g.col)
        for gr in range(g.row, g.row + g.row_span):
            for gc in range(g.col, g.col + g.col_span):
                if cover[gr][gc] != -1:
                    raise ValueError(f"overlapping cells in {t.key} at ({gr}, {gc})")
                cover[gr][gc] = i
    return TableGrid(t.key, t.title, row, ncols, lc, tuple(cells), tuple(bands),
                     tuple(tuple(x) for x in cover), pos, tuple(tuple(x) for x in by_row))


_CACHE: dict[tuple[str, str], tuple[Table, TableGrid]] = {}


def table_grid(fmt: ReportFormat, table_key: str) -> TableGrid:
    """The grid of ``fmt.table(table_key)``, cached per (format id, table).

    The cache entry is reused only for the very same ``Table`` object, so a different
    format file with the same id (a test, a revision loaded from elsewhere) gets its own grid.
    """
    t = fmt.table(table_key)
    hit = _CACHE.get((fmt.id, table_key))
    if hit is not None and hit[0] is t:
        return hit[1]
    grid = build_grid(t)
    _CACHE[(fmt.id, table_key)] = (t, grid)
    return grid


def widen_for_figures(widths: list[float], needs: dict[int, float], label_cols: int,
                      keep_labels: float = 0.6, keep_figures: float = 0.93) -> list[float]:
    """Column widths with each figure column at least as wide as its longest figure needs
    (``needs``: grid column → width, in the renderer's unit), the room taken evenly from the
    label columns, which wrap, down to ``keep_labels`` of their width; then, if that is not
    enough (表四 has no label column), from the figure columns whose figures are short, down
    to what they need and to ``keep_figures`` of their width (their headings, two characters
    a line in 表四, must not become one character a line).  A city's or a county summary's
    figures run to 8 digits; broken over two lines they read as two numbers.
    What still does not fit is the renderer's to print smaller."""
    grown = [max(needs.get(i, 0.0) - w, 0.0) if i >= label_cols else 0.0 for i, w in enumerate(widths)]
    extra = sum(grown)
    if extra <= 0:
        return list(widths)
    labels = sum(widths[:label_cols])
    take = min(extra, labels * (1 - keep_labels)) if labels > 0 else 0.0
    slack = [max(w - max(needs.get(i, 0.0), w * keep_figures), 0.0) if i >= label_cols and not grown[i] else 0.0
             for i, w in enumerate(widths)]
    spare = sum(slack)
    give = min(extra - take, spare)
    if take + give <= 0:
        return list(widths)
    scale = (take + give) / extra
    out = []
    for i, w in enumerate(widths):
        if i < label_cols:
            out.append(w * (labels - take) / labels)
        elif grown[i]:
            out.append(w + grown[i] * scale)
        else:
            out.append(w - (slack[i] * give / spare if spare else 0.0))
    return out
