"""The grid widget: a QTableView over ``ReportTableModel`` with Excel-like keys.

* typing starts editing; Enter moves down, Tab / Shift+Tab move to the next / previous
  input cell (computed and label cells are skipped); Delete clears the selected cells;
* Ctrl+C copies the selection as tab-separated text; Ctrl+V pastes a rectangular block
  copied from Excel/WPS starting at the current cell (see ``paste_text`` for the rules);
* every change goes through the Document as one undoable step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from model.formats import CellKey
from model.limits import InputError
from model.report import Number, parse_cell
from ui.table_model import CELL_KEY_ROLE, COVERED, ReportTableModel

MAX_PASTE_CELLS = 5000


class PasteError(Exception):
    """``str()`` is the Chinese message shown to the clerk."""


def split_clipboard(text: str) -> list[list[str]]:
    """Rows of tab-separated cells as Excel/WPS put them on the clipboard (the final line
    break is dropped; quoted cells with line breaks are unquoted)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows: list[list[str]] = []
    for line in _logical_lines(text):
        rows.append([c.strip() for c in line.split("\t")])
    return rows


def _logical_lines(text: str) -> list[str]:
    out: list[str] = []
    cur = ""
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "\n" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [line.replace('"', "") if line.count('"') >= 2 else line for line in out]


# a figure too long for its column is drawn smaller, down to this share of the font, never cut
# to “11398…” (表四's 15 columns hold a city's 8-digit counts); the view is kept wide enough
# for the longest figure at this size
FIGURE_FONT_FLOOR = 0.7


def text_margin(widget: QWidget) -> int:
    """What the style keeps free on each side of an item's text."""
    return widget.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1


class CellDelegate(QStyledItemDelegate):
    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        opt: Any = option  # its fields (text, rect, font …) are not in the type stubs
        if not opt.text or opt.rect.width() <= 0 or index.data(CELL_KEY_ROLE) is None:
            return
        widget = opt.widget if opt.widget is not None else self.parent()
        room = opt.rect.width() - 2 * (text_margin(widget) if isinstance(widget, QWidget) else 1) - 1
        if opt.fontMetrics.horizontalAdvance(opt.text) <= room:
            return
        font = QFont(opt.font)
        size = font.pointSizeF()
        if size <= 0:
            return
        floor = size * FIGURE_FONT_FLOOR
        smaller = max(floor, size * room / max(opt.fontMetrics.horizontalAdvance(opt.text), 1))
        while True:
            font.setPointSizeF(smaller)
            metrics = QFontMetrics(font)
            if metrics.horizontalAdvance(opt.text) <= room or smaller <= floor:
                break
            smaller = max(floor, smaller - 0.25)
        opt.font = font
        opt.fontMetrics = metrics

    def createEditor(self, parent: QWidget, option, index):  # noqa: N802
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        m = index.model()
        if isinstance(m, ReportTableModel):
            editor.textEdited.connect(m.doc.mark_pending)  # the title shows ``*`` while it is open
        return editor

    def sizeHint(self, option, index):  # noqa: N802
        # a label merged over many rows must not make its first row tall
        m = index.model()
        if isinstance(m, ReportTableModel) and m.cell(index.row(), index.column()).row_span > 1:
            s = super().sizeHint(option, index)
            s.setHeight(option.fontMetrics.height())
            return s
        return super().sizeHint(option, index)

    def setEditorData(self, editor: QWidget, index) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit) and not editor.text():
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")


class ReportTableView(QTableView):
    """``message(str)`` reports refusals and paste results for the status bar."""

    message = Signal(str)

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._rejected = False
        self._longest = 0  # the widest figure shown (px, bold), for ``_fit_figures``
        model.inputRejected.connect(self._on_rejected)
        model.modelReset.connect(self._layout)
        model.dataChanged.connect(self._fit_figures)
        self._layout()

    def table_model(self) -> ReportTableModel:
        m = self.model()
        assert isinstance(m, ReportTableModel)
        return m

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        m = self.table_model()
        self.clearSpans()
        for r, c, rs, cs in m.spans():
            self.setSpan(r, c, rs, cs)
        t = m.table
        lc = t.row_label_columns
        em = self.fontMetrics().horizontalAdvance("字")
        h = self.horizontalHeader()
        h.setMinimumSectionSize(int(em * 2.2))
        if lc == 3:
            widths = [int(em * 2.6), int(em * 8), int(em * 13)]
        elif lc == 1:
            widths = [int(em * 9)]
        else:
            widths = []
        for i, w in enumerate(widths):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(i, w)
        for i in range(lc, m.columnCount()):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self._label_width = sum(widths)
        self._min_value = int(em * (3.2 if t.width > 10 else 4.5))
        self._fit_figures()
        self.resizeRowsToContents()
        self.updateGeometry()

    def _fit_figures(self, top_left=None, bottom_right=None, *_args) -> None:  # type: ignore[no-untyped-def]
        """The narrowest the figure columns may get: the longest figure shown, at the smallest
        size the delegate draws it (``FIGURE_FONT_FLOOR``), must still fit whole.  Measured
        whole when the table is laid out; on an edit only the cells that changed (the columns
        do not narrow again while the page is open: a figure made shorter leaves them wide)."""
        m = self.table_model()
        t = m.table
        bold = QFont(self.font())
        bold.setBold(True)  # totals are bold
        metrics = QFontMetrics(bold)
        if top_left is None or bottom_right is None:
            keys: list[CellKey | None] = [g.key for g in m.figure_cells()]
            self._longest = 0
        else:
            keys = [m.key_at(r, c) for r in range(top_left.row(), bottom_right.row() + 1)
                    for c in range(top_left.column(), bottom_right.column() + 1)]
        for key in keys:
            if key is not None:
                self._longest = max(self._longest, metrics.horizontalAdvance(m.shown(key)[0]))
        longest = self._longest
        need = int(longest * FIGURE_FONT_FLOOR) + 2 * text_margin(self) + 3
        width = self._label_width + max(self._min_value, need) * t.width + 4
        if width != self.minimumWidth():
            self.setMinimumWidth(width)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.resizeRowsToContents()
        self.updateGeometry()

    def sizeHint(self):  # noqa: N802
        s = super().sizeHint()
        height = sum(self.rowHeight(r) for r in range(self.model().rowCount())) + 2 * self.frameWidth() + 2
        s.setHeight(height)
        return s

    def minimumSizeHint(self):  # noqa: N802
        s = super().minimumSizeHint()
        s.setHeight(self.sizeHint().height())
        return s

    # ------------------------------------------------------------------ committing
    def open_editor(self) -> QLineEdit | None:
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        ed = self.indexWidget(self.currentIndex())
        return ed if isinstance(ed, QLineEdit) else None

    def commit_editor(self, keep_open: bool = False) -> bool:
        """Store the text of a cell editor still open (Ctrl+S, quit, export … read the report
        right after).  False when the text is refused: the editor stays open with it.
        ``keep_open`` (autosave): the value is stored, the editor stays as it is, nothing shown."""
        ed = self.open_editor()
        if ed is None:
            return True
        idx = self.currentIndex()
        m = self.table_model()
        key = m.key_at(idx.row(), idx.column())
        if key is not None:
            try:
                value = parse_cell(m.doc.report.format.column_of(key).kind, ed.text())
            except InputError as e:
                if not keep_open:
                    self._show_refusal(str(e), idx.row(), idx.column())
                    ed.setFocus()
                return False
            if keep_open:
                m.doc.set_cells({key: value}, f"填写{m.doc.report.format.cell_label(key)}")
                return True
        self.commitData(ed)
        self.closeEditor(ed, QAbstractItemDelegate.EndEditHint.NoHint)
        return True

    # ------------------------------------------------------------------ moving
    def focusInEvent(self, event) -> None:  # noqa: N802
        """Focus arriving from outside (Tab, Shift+Tab, a shortcut, a jump) lands on an input
        cell, so that the first key typed is a value in a cell that takes it."""
        super().focusInEvent(event)
        cur = self.currentIndex()
        m = self.table_model()
        if cur.isValid() and m.is_input(cur.row(), cur.column()):
            return
        positions = m.input_positions()
        if not positions:
            return
        if event.reason() == Qt.FocusReason.MouseFocusReason:
            return  # the click itself chooses the cell
        target = positions[-1] if event.reason() == Qt.FocusReason.BacktabFocusReason else positions[0]
        self.setCurrentIndex(m.index(*target))
        self.scrollTo(m.index(*target))

    def select_key(self, key: CellKey) -> bool:
        idx = self.table_model().index_of(key)
        if not idx.isValid():
            return False
        self.setCurrentIndex(idx)
        self.scrollTo(idx)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _step(self, forward: bool, down: bool = False) -> bool:
        m = self.table_model()
        cur = self.currentIndex()
        positions = m.input_positions()
        if not positions:
            return False
        here = (cur.row(), cur.column()) if cur.isValid() else (-1, -1)
        if down:
            below = sorted((r, c) for r, c in positions if c == here[1] and r > here[0])
            if below:
                target = below[0]
            else:
                after = [p for p in positions if p[1] > here[1]]
                target = min(after, key=lambda p: (p[1], p[0])) if after else positions[0]
        elif forward:
            after = [p for p in positions if p > here]
            if not after:
                return False
            target = after[0]
        else:
            before = [p for p in positions if p < here]
            if not before:
                return False
            target = before[-1]
        self.setCurrentIndex(m.index(*target))
        return True

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.table_model().doc.clear_pending()  # committed, or refused with the reason shown
        rejected, self._rejected = self._rejected, False
        if rejected:
            return
        H = QAbstractItemDelegate.EndEditHint
        if hint == H.EditNextItem:
            if not self._step(True):
                self.focusNextChild()
        elif hint == H.EditPreviousItem:
            if not self._step(False):
                self.focusPreviousChild()
        elif hint == H.SubmitModelCache:
            self._step(True, down=True)

    def _on_rejected(self, msg: str, row: int, col: int) -> None:
        self._rejected = True
        self._show_refusal(msg, row, col)

    def _show_refusal(self, msg: str, row: int, col: int) -> None:
        self.message.emit(msg)
        rect = self.visualRect(self.table_model().index(row, col))
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 2)), msg, self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != QAbstractItemView.State.EditingState:
            self.clear_selection_cells()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and mods & Qt.KeyboardModifier.ControlModifier:
            QWidget.focusNextPrevChild(self, key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier)
            return  # Ctrl+Tab leaves the grid at once (Tab walks its cells)
        if key == Qt.Key.Key_Tab and not (mods & Qt.KeyboardModifier.ControlModifier):
            if not self._step(True):
                self.focusNextChild()
            return
        if key == Qt.Key.Key_Backtab:
            if not self._step(False):
                self.focusPreviousChild()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            self._step(True, down=True)
            return
        if (self.state() != QAbstractItemView.State.EditingState and event.text() and event.text().isprintable()
                and not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))):
            cur = self.currentIndex()
            m = self.table_model()
            if cur.isValid() and (not m.is_input(cur.row(), cur.column()) or m.doc.read_only):
                self._show_refusal(self._why_not_input(cur.row(), cur.column()), cur.row(), cur.column())
                return
        super().keyPressEvent(event)

    def _why_not_input(self, row: int, col: int) -> str:
        m = self.table_model()
        doc = m.doc
        key = m.key_at(row, col)
        if doc.read_only:
            return "文件以只读方式打开，不能修改。"
        if key is not None and doc.report.format.is_computed(key):
            return f"{doc.report.format.cell_label(key)}是自动计算的合计，不能填写；请填写它左侧或上方的各项。"
        return "这里是表头或项目名称，不能填写数字。请用方向键或Tab移到白色的单元格再输入。"

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        # Tab inside the grid moves between input cells; leave the grid at its ends
        if self.state() != QAbstractItemView.State.EditingState and self._step(next):
            return True
        return QWidget.focusNextPrevChild(self, next)

    # ------------------------------------------------------------------ editing
    def _selected_keys(self) -> list[CellKey]:
        m = self.table_model()
        keys = []
        for idx in self.selectedIndexes() or [self.currentIndex()]:
            if idx.isValid() and m.is_input(idx.row(), idx.column()):
                k = m.key_at(idx.row(), idx.column())
                if k is not None:
                    keys.append(k)
        return keys

    def clear_selection_cells(self) -> None:
        keys = self._selected_keys()
        if not keys:
            return
        doc = self.table_model().doc
        if doc.read_only:
            self.message.emit("文件以只读方式打开，不能修改。")
            return
        if doc.set_cells({k: None for k in keys}, f"清除{len(keys)}个单元格"):
            self.message.emit(f"已清除{len(keys)}个单元格。")

    def copy(self) -> None:
        idxs = [i for i in self.selectedIndexes() if i.isValid()]
        if not idxs:
            return
        rows = sorted({i.row() for i in idxs})
        cols = sorted({i.column() for i in idxs})
        m = self.table_model()
        lines = []
        for r in range(rows[0], rows[-1] + 1):
            cells = []
            for c in range(cols[0], cols[-1] + 1):
                g = m.cell(r, c)
                if g.kind == COVERED:
                    cells.append("")
                else:
                    cells.append(str(m.data(m.index(r, c)) or ""))
            lines.append("\t".join(cells))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        try:
            note = self.paste_text(text)
        except PasteError as e:
            self.message.emit(str(e))
            _warn(self, str(e))
            return
        if note:
            self.message.emit(note)

    def paste_text(self, text: str) -> str:
        """Paste tab-separated ``text`` with its top-left at the current cell.

        Rules: the block must fit inside the table; every target that is an input cell is
        parsed with ``parse_cell`` — all or nothing: one bad value rejects the whole paste
        and names the cell; an empty source cell blanks its target; targets that are
        computed totals, labels or headers are skipped (their source text is ignored), so a
        block copied with its 总计 column can be pasted as it is.  A single value pasted
        onto a selection fills every selected input cell.  Returns a note for the status
        bar; raises PasteError with a Chinese message."""
        m = self.table_model()
        doc = m.doc
        if doc.read_only:
            raise PasteError("文件以只读方式打开，不能粘贴。")
        rows = split_clipboard(text)
        if not rows or all(not any(c for c in r) for r in rows) and len(rows) == 1 and rows[0] == [""]:
            raise PasteError("剪贴板中没有可以粘贴的内容。")
        fmt = doc.report.format
        changes: dict[CellKey, Number | None] = {}
        if len(rows) == 1 and len(rows[0]) == 1 and len(self._selected_keys()) > 1:
            targets = self._selected_keys()
            for k in targets:
                changes[k] = self._parse(fmt.column_of(k).kind, rows[0][0], fmt.cell_label(k))
            doc.set_cells(changes, f"粘贴到{len(changes)}个单元格")
            return f"已粘贴到{len(changes)}个单元格。"
        cur = self.currentIndex()
        if not cur.isValid():
            raise PasteError("请先选中要粘贴到的第一个单元格。")
        r0, c0 = cur.row(), cur.column()
        height, width = len(rows), max(len(r) for r in rows)
        if height * width > MAX_PASTE_CELLS:
            raise PasteError("粘贴的内容过多，不像是从本表复制的。")
        if r0 + height > m.rowCount() or c0 + width > m.columnCount():
            raise PasteError(f"粘贴的区域（{height}行×{width}列）超出了表格范围：从选中的单元格开始，"
                             f"下方只有{m.rowCount() - r0}行、右侧只有{m.columnCount() - c0}列。")
        skipped = 0
        for i, line in enumerate(rows):
            for j in range(width):
                text_ij = line[j] if j < len(line) else ""
                r, c = r0 + i, c0 + j
                key = m.key_at(r, c)
                if key is None or fmt.is_computed(key):
                    if text_ij:
                        skipped += 1
                    continue
                changes[key] = self._parse(fmt.column_of(key).kind, text_ij, fmt.cell_label(key))
        if not changes:
            raise PasteError("粘贴区域内没有可以填写的单元格（自动计算的单元格和表头不能填写）。")
        doc.set_cells(changes, f"粘贴{len(changes)}个单元格")
        note = f"已粘贴{len(changes)}个单元格。"
        if skipped:
            note += f"跳过了{skipped}个落在表头或自动计算单元格上的值。"
        return note

    @staticmethod
    def _parse(kind: str, text: str, where: str) -> Number | None:
        try:
            return parse_cell(kind, text)
        except InputError as e:
            raise PasteError(f"未粘贴任何内容：{where}的值有误。{e}") from None


def _warn(parent: QWidget, text: str) -> None:
    from ui import dialogs

    dialogs.warning(parent, "无法粘贴", text)


__all__ = ["ReportTableView", "PasteError", "split_clipboard"]
