"""One thin Qt model per report table.  The grid (block captions, merged header rows, row
labels and value cells) is ``model.tablegrid.table_grid`` — the layout the PDF and Excel
draw too; values, totals and findings come from the ``Document``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from model.checks import ERROR, INFO, SEVERITY_NAMES, WARNING, Finding
from model.formats import CellKey, Table
from model.limits import MONEY_PLACES, InputError
from model.report import format_number, parse_cell
from model.tablegrid import CAPTION, EMPTY, HEADER, LABEL, VALUE, GridCell, TableGrid, table_grid
from ui.editing import Document

COVERED = "covered"  # a position inside a merged cell, not its top-left corner

CELL_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 3

COLOR_HEADER = QColor("#dfe7f1")
COLOR_CAPTION = QColor("#c9d6e8")
COLOR_LABEL = QColor("#f3f6fa")
COLOR_COMPUTED = QColor("#e4e4e4")
COLOR_ERROR = QColor("#f6b9b9")
COLOR_WARNING = QColor("#ffe8a3")
COLOR_COMPUTED_TEXT = QColor("#404040")
BRUSH_ERROR, BRUSH_WARNING, BRUSH_COMPUTED = QBrush(COLOR_ERROR), QBrush(COLOR_WARNING), QBrush(COLOR_COMPUTED)
BRUSH_COMPUTED_TEXT = QBrush(COLOR_COMPUTED_TEXT)

KIND_HINTS = {"count": "填写整数件数", "signed": "填写整数，可以为负数", "money": f"填写金额（万元），最多{MONEY_PLACES}位小数"}

Index = QModelIndex | QPersistentModelIndex


def bold_font() -> QFont:
    f = QFont()
    f.setBold(True)
    return f


class ReportTableModel(QAbstractTableModel):
    """``inputRejected(message, row, column)`` is emitted when typed text is refused."""

    inputRejected = Signal(str, int, int)

    def __init__(self, doc: Document, table_key: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.table_key = table_key
        self._grid: list[list[GridCell]] = []
        self._layout: TableGrid | None = None
        self._by_cell: dict[CellKey, list[Finding]] = {}
        # what each value cell shows (text, severity), computed once per change, not at every paint
        self._shown: dict[CellKey, tuple[str, str | None]] = {}
        self._data: dict[tuple[int, int], dict[int, Any]] = {}  # (row, col) → role → what data() returned
        self._build()
        doc.findingsChanged.connect(self._refresh)
        doc.formatChanged.connect(self._rebuild)

    # ------------------------------------------------------------------ layout
    @property
    def table(self) -> Table:
        return self.doc.report.format.table(self.table_key)

    def _build(self) -> None:
        """Every position of the grid: the origin cell of ``model.tablegrid`` or a COVERED marker."""
        g = table_grid(self.doc.report.format, self.table_key)
        rows: list[list[GridCell]] = []
        for r in range(g.n_rows):
            row: list[GridCell] = []
            for c in range(g.n_cols):
                cell = g.at(r, c)
                if cell is None:
                    row.append(GridCell(EMPTY, r, c))
                elif (cell.row, cell.col) == (r, c):
                    row.append(cell)
                else:
                    row.append(GridCell(COVERED, r, c))
            rows.append(row)
        self._layout = g
        self._grid = rows
        self._format_id = self.doc.report.format_id
        self._index_findings()
        self._shown = self._snapshot()
        self._data = {}

    def _snapshot(self) -> dict[CellKey, tuple[str, str | None]]:
        return {g.key: (format_number(self.doc.value(g.key)), self.severity(g.key))
                for g in self._cells() if g.kind == VALUE and g.key is not None}

    def _rebuild(self) -> None:
        try:
            self.doc.report.format.table(self.table_key)
        except KeyError:
            return
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _index_findings(self) -> None:
        by: dict[CellKey, list[Finding]] = {}
        for f in self.doc.findings:
            if f.table != self.table_key and not any(k.table == self.table_key for k in f.cells):
                continue
            keys = set(f.cells)
            if f.table and f.row and f.column:
                keys.add(CellKey(f.table, f.row, f.column))
            for k in keys:
                if self.position(k) is not None:
                    by.setdefault(k, []).append(f)
        self._by_cell = by

    ROLES_CHANGED = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.BackgroundRole,
                     Qt.ItemDataRole.ToolTipRole, SEVERITY_ROLE]

    def _refresh(self) -> None:
        """Totals and findings changed: dataChanged for the value cells whose text or colour
        changed (tooltips are built when asked, from the findings of now)."""
        if self._format_id != self.doc.report.format_id:
            self._rebuild()
            return
        self._index_findings()
        old, new = self._shown, self._snapshot()
        self._shown = new
        changed = [k for k, shown in new.items() if old.get(k) != shown]
        if not changed or not self._grid:
            return
        positions = [p for p in (self.position(k) for k in changed) if p is not None]
        for pos in positions:
            self._data.pop(pos, None)
        if len(positions) > 32:  # many: one range over them all
            rows = [r for r, _ in positions]
            cols = [c for _, c in positions]
            self.dataChanged.emit(self.index(min(rows), min(cols)), self.index(max(rows), max(cols)), self.ROLES_CHANGED)
            return
        for r, c in positions:
            i = self.index(r, c)
            self.dataChanged.emit(i, i, self.ROLES_CHANGED)

    # ------------------------------------------------------------------ helpers
    def cell(self, row: int, col: int) -> GridCell:
        return self._grid[row][col]

    def spans(self) -> list[tuple[int, int, int, int]]:
        return [(g.row, g.col, g.row_span, g.col_span) for g in self._cells() if g.row_span > 1 or g.col_span > 1]

    def _cells(self) -> tuple[GridCell, ...]:
        return self._layout.cells if self._layout else ()

    def figure_cells(self) -> list[GridCell]:
        """The value cells that show one figure each (not merged over several columns)."""
        return [g for g in self._cells() if g.kind == VALUE and g.key is not None and g.col_span == 1]

    def position(self, key: CellKey) -> tuple[int, int] | None:
        return self._layout.position(key) if self._layout else None

    def index_of(self, key: CellKey) -> QModelIndex:
        p = self.position(key)
        return self.index(*p) if p else QModelIndex()

    def key_at(self, row: int, col: int) -> CellKey | None:
        if 0 <= row < len(self._grid) and 0 <= col < len(self._grid[0]):
            return self._grid[row][col].key
        return None

    def is_input(self, row: int, col: int) -> bool:
        k = self.key_at(row, col)
        return k is not None and not self._stale() and not self.doc.report.format.is_computed(k)

    def input_positions(self) -> list[tuple[int, int]]:
        """Input cells in reading order (row by row)."""
        return [(g.row, g.col) for g in self._cells() if g.kind == VALUE and not g.computed]

    def findings_at(self, key: CellKey) -> list[Finding]:
        return self._by_cell.get(key, [])

    def shown(self, key: CellKey) -> tuple[str, str | None]:
        """(text, severity) the cell shows now."""
        try:
            return self._shown[key]
        except KeyError:
            return format_number(self.doc.value(key)), self.severity(key)

    def severity(self, key: CellKey) -> str | None:
        sev = {f.severity for f in self._by_cell.get(key, [])}
        for s in (ERROR, WARNING, INFO):
            if s in sev:
                return s
        return None

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._grid)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or not self._grid else len(self._grid[0])

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self._stale():
            return Qt.ItemFlag.NoItemFlags
        g = self._grid[index.row()][index.column()]
        if g.kind == VALUE:
            assert g.key is not None
            if g.computed or self.doc.read_only:  # the grid's cell knows (table_grid asked the format)
                return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        return Qt.ItemFlag.ItemIsEnabled

    def _stale(self) -> bool:
        """The report switched format and this model has not been rebuilt yet."""
        return self._format_id != self.doc.report.format_id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows, computed once per change of the cell (a paint asks each visible
        cell for a dozen roles); tooltips are built when asked."""
        if not index.isValid() or self._stale():
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._compute(index.row(), index.column(), role)
        pos = (index.row(), index.column())
        roles = self._data.get(pos)
        if roles is None:
            roles = self._data[pos] = {}
        try:
            return roles[role]
        except KeyError:
            value = roles[role] = self._compute(pos[0], pos[1], role)
            return value

    def _compute(self, row: int, column: int, role: int) -> Any:
        g = self._grid[row][column]
        R = Qt.ItemDataRole
        if g.kind == VALUE:
            key = g.key
            assert key is not None
            fmt = self.doc.report.format
            computed = g.computed
            if role in (R.DisplayRole, R.EditRole):
                return self.shown(key)[0]
            if role == R.BackgroundRole:
                sev = self.shown(key)[1]
                if sev == ERROR:
                    return BRUSH_ERROR
                if sev == WARNING:
                    return BRUSH_WARNING
                return BRUSH_COMPUTED if computed else None
            if role == R.ForegroundRole:
                return BRUSH_COMPUTED_TEXT if computed else None
            if role == R.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == R.FontRole and computed:
                return bold_font()
            if role == R.ToolTipRole:
                col = fmt.column_of(key)
                lines = [fmt.cell_label(key)]
                lines.append("自动计算，不能填写。" if computed else KIND_HINTS.get(col.kind, ""))
                if col.help:
                    lines.append(col.help)
                for found in self.findings_at(key):
                    lines.append(f"【{SEVERITY_NAMES[found.severity]}】{found.message}")
                return "\n".join(x for x in lines if x)
            if role == CELL_KEY_ROLE:
                return key
            if role == KIND_ROLE:
                return "computed" if computed else "input"
            if role == SEVERITY_ROLE:
                return self.shown(key)[1]
            if role == R.AccessibleTextRole:
                return f"{fmt.cell_label(key)}：{self.shown(key)[0] or '空白'}"
            return None
        if role == R.DisplayRole:
            return g.text
        if role == KIND_ROLE:
            return g.kind
        if role == R.BackgroundRole:
            if g.kind == CAPTION:
                return QBrush(COLOR_CAPTION)
            if g.kind == HEADER:
                return QBrush(COLOR_HEADER)
            if g.kind == LABEL:
                return QBrush(COLOR_LABEL)
            return None
        if role == R.TextAlignmentRole:
            if g.kind == LABEL:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == R.FontRole and g.kind in (CAPTION, HEADER):
            return bold_font()
        if role == R.ToolTipRole and g.kind in (LABEL, HEADER, CAPTION):
            return "\n".join(x for x in (g.text, g.help) if x) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.is_input(index.row(), index.column()):
            return False
        key = self._grid[index.row()][index.column()].key
        assert key is not None
        kind = self.doc.report.format.column_of(key).kind
        try:
            v = parse_cell(kind, "" if value is None else str(value))
        except InputError as e:
            self.inputRejected.emit(str(e), index.row(), index.column())
            return False
        self.doc.set_cells({key: v}, f"填写{self.doc.report.format.cell_label(key)}")
        return True
