"""从已发布的年报开始: where the published report comes from (a file, or text pasted from
the website), and the preview in which the clerk checks and corrects what was recognised
before it becomes a project.  What a cell's state means and what may be accepted is decided
by ``model.importreport.review``; these widgets only show it and pass her edits on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from model.formats import CellKey
from model.importreport.readers import MAX_TEXT as PASTE_MAX
from model.importreport.review import (
    BLANK,
    COMPUTED,
    CORRECTED,
    NOT_APPLICABLE,
    RECOGNISED,
    STATUS_TEXT,
    TOTAL_DIFFERS,
    UNREAD,
    CellState,
    ImportReview,
)
from model.limits import ORGAN_NAME_MAX, YEAR_MAX, YEAR_MIN, InputError
from model.report import ORGAN_KINDS, format_number
from model.tablegrid import CAPTION, HEADER, LABEL, VALUE, table_grid
from ui.keys import limit_line_edit

NEXT_YEAR, OPEN_IMPORTED, CANCEL = 0, 1, 2

_BACKGROUND = {
    UNREAD: "#f6c9c9",
    TOTAL_DIFFERS: "#fbd9a8",
    NOT_APPLICABLE: "#fff1b8",
    CORRECTED: "#cfe3fb",
    COMPUTED: "#e6e6e6",
    BLANK: "",
    RECOGNISED: "",
}
REFUSED = "refused"  # typed in the preview and not accepted as a number (the text stays)


class SourceDialog(QDialog):
    """Choose a file, or paste the text of the report as copied from the website."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从已发布的年报开始")
        self.choice: str = ""  # "file" or "text"
        lay = QVBoxLayout(self)
        intro = QLabel("用上一年度已经发布的报告开始：程序按表格的标签读出各项数字和各部分正文，"
                       "先给您核对、改正，再建立项目。原文空着的单元格仍是空白，不会当作 0。")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.file_button = QPushButton("选择文件(&F)…（Word .docx、网页 .html、PDF、文本 .txt）")
        self.file_button.clicked.connect(self._file)
        lay.addWidget(self.file_button)
        lab = QLabel("或者在网站上选中报告全文，复制后粘贴在这里(&P)：")
        self.paste = QPlainTextEdit()
        self.paste.setPlaceholderText("在这里粘贴（Ctrl+V）从网站复制的报告全文，从标题到落款……")
        lab.setBuddy(self.paste)
        lay.addWidget(lab)
        lay.addWidget(self.paste, 1)
        self.info = QLabel()
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        buttons = QDialogButtonBox()
        self.read_button = buttons.addButton("识别粘贴的文字(&R)", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.read_button.clicked.connect(self._text)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.paste.textChanged.connect(self._update)
        self._update()
        self.paste.setFocus()  # Ctrl+V at once; the file button is Alt+F
        w = self.fontMetrics().horizontalAdvance("字")
        self.resize(w * 46, w * 30)

    def _update(self) -> None:
        n = len(self.paste.toPlainText())
        self.read_button.setEnabled(0 < n <= PASTE_MAX)
        if n > PASTE_MAX:
            self.info.setText(f"粘贴的文字太长（{n:,} 字），一份年度报告不会超过 {PASTE_MAX:,} 字：请只复制报告本身。")
            self.info.setStyleSheet("QLabel { color:#b00020; }")
        else:
            self.info.setText(f"已粘贴 {n:,} 字。" if n else "")
            self.info.setStyleSheet("")

    def _file(self) -> None:
        self.choice = "file"
        self.accept()

    def _text(self) -> None:
        if not self.paste.toPlainText().strip():
            return
        self.choice = "text"
        self.accept()

    def text(self) -> str:
        return self.paste.toPlainText()


class ImportPreviewDialog(QDialog):
    """What was recognised, to be checked and corrected: organ, kind, year, format, the three
    tables with each cell marked by its state, the prose per part, the notes."""

    def __init__(self, review: ImportReview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.choice = CANCEL
        self._filling = False
        self.refused: dict[CellKey, tuple[str, str]] = {}  # typed text, reason
        self.prose_error = ""
        self.setWindowTitle("核对识别结果 — 从已发布的年报开始")
        lay = QVBoxLayout(self)
        lay.addLayout(self._top())
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        for tk in ("t2", "t3", "t4"):
            view = self._table(tk)
            self.tables[tk] = view
            self.tabs.addTab(view, review.format.table(tk).name)
        self.tabs.addTab(self._prose(), "正文")
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        for n in review.notes:
            self.notes.addItem(n)
        self.tabs.addTab(self.notes, f"说明（{len(review.notes)}）")
        lay.addWidget(self.tabs, 1)
        legend = QLabel("红色：原文不是数字，请改正或清空　橙色：原文的合计与各项之和不符　黄色：原文为“/”“—”“无”，留空"
                        "　蓝色：已改正　灰色：自动计算　白色空格：原文空白（不是 0）")
        legend.setWordWrap(True)
        lay.addWidget(legend)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.next_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.next_button.clicked.connect(lambda: self._finish(NEXT_YEAR))
        self.open_button.clicked.connect(lambda: self._finish(OPEN_IMPORTED))
        buttons.rejected.connect(self.reject)
        self.next_button.setDefault(True)
        lay.addWidget(buttons)
        self._refresh_all()
        self._show_first_problem()
        w = self.fontMetrics().horizontalAdvance("字")
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = w * 96, w * 60
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)

    # ------------------------------------------------------------------ parts
    def _top(self) -> QGridLayout:
        """Two columns of fields, so that the tables keep most of the height."""
        r = self.review.report
        grid = QGridLayout()
        self.organ = QLineEdit(r.organ_name)
        limit_line_edit(self.organ, ORGAN_NAME_MAX, "机关全称")
        self.organ.textChanged.connect(self._organ_changed)
        self.kind = QComboBox()
        for k, name in ORGAN_KINDS.items():
            self.kind.addItem(name, k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(r.organ_kind)))
        self.kind.activated.connect(self._kind_chosen)
        self.kind_chosen = False
        self.year = QSpinBox()
        self.year.setRange(YEAR_MIN, YEAR_MAX)
        self.year.setValue(r.year)
        self.year.setSuffix("年度")
        self.year.valueChanged.connect(self._year_changed)
        from_what = f"（从{self.review.organ_from}认出）" if self.review.organ_from else ""
        how = f"（{self.review.format_how}）" if self.review.format_how else ""
        fmt_label = QLabel(f"{r.format.name}{how}")
        fmt_label.setWordWrap(True)
        pub = r.publication_date
        c = r.contact
        contact = "　".join(x for x in (c.office, c.address, c.postcode, c.phone, c.fax) if x)
        contact_label = QLabel(contact or "（没有认出，可在“基本信息”中填写）")
        contact_label.setWordWrap(True)
        rows: list[tuple[str, QWidget, str, QWidget]] = [
            (f"机关全称{from_what}(&M)：", self.organ, "机关类型(&K)：", self.kind),
            ("报告年度(&Y)：", self.year, "表格格式：", fmt_label),
            ("发布日期：", QLabel(f"{pub.year}年{pub.month}月{pub.day}日" if pub else "（落款中没有日期）"),
             "联系方式：", contact_label),
        ]
        if self.review.source_name:
            rows.insert(0, ("来源：", QLabel(self.review.source_name), "", QLabel()))
        for i, (t1, w1, t2, w2) in enumerate(rows):
            for j, (text, w) in enumerate(((t1, w1), (t2, w2))):
                lab = QLabel(text)
                if not isinstance(w, QLabel):
                    lab.setBuddy(w)
                grid.addWidget(lab, i, 2 * j)
                grid.addWidget(w, i, 2 * j + 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        return grid

    def _table(self, tk: str) -> QTableWidget:
        grid = table_grid(self.review.format, tk)
        view = QTableWidget(grid.n_rows, grid.n_cols)
        view.horizontalHeader().hide()
        view.verticalHeader().hide()
        view.setWordWrap(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        bold = QFont(view.font())
        bold.setBold(True)
        for g in grid.cells:
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if g.kind in (CAPTION, HEADER, LABEL):
                item.setText(g.text)
                if g.kind != LABEL:
                    item.setFont(bold)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            elif g.kind == VALUE and g.key is not None:
                item.setData(Qt.ItemDataRole.UserRole, g.key.as_text())
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not g.computed:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            view.setItem(g.row, g.col, item)
            if g.row_span > 1 or g.col_span > 1:
                view.setSpan(g.row, g.col, g.row_span, g.col_span)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        w = view.fontMetrics().horizontalAdvance("字")
        for c in range(grid.n_cols):
            if c < grid.label_cols - 1:
                view.setColumnWidth(c, w * 7)  # group labels: （三）不予公开
            else:
                view.setColumnWidth(c, w * (17 if c < grid.label_cols else 5))
        view.resizeRowsToContents()  # wrapped headers shown whole
        view.itemChanged.connect(self._cell_edited)
        return view

    def _prose(self) -> QWidget:
        box = QSplitter()
        self.part_list = QListWidget()
        self.part_keys: list[str] = []
        for key, heading, _text in self.review.parts():
            self.part_keys.append(key)
            self.part_list.addItem(heading)
        self.part_edit = QPlainTextEdit()
        self.part_edit.textChanged.connect(self._prose_edited)
        self.part_list.currentRowChanged.connect(self._part_chosen)
        box.addWidget(self.part_list)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.part_info = QLabel()
        self.part_info.setWordWrap(True)
        rl.addWidget(self.part_info)
        rl.addWidget(self.part_edit, 1)
        box.addWidget(right)
        box.setStretchFactor(1, 3)
        self._refresh_parts()
        if self.part_keys:
            self.part_list.setCurrentRow(0)
        return box

    # ------------------------------------------------------------------ showing
    def _paint(self, item: QTableWidgetItem, state: CellState) -> None:
        fig = self.review.report
        key = state.key
        refused = self.refused.get(key)
        if refused is not None:
            item.setText(refused[0])
            item.setBackground(QBrush(QColor(_BACKGROUND[UNREAD])))
            item.setToolTip(f"{state.label}\n您输入的“{refused[0]}”不能作为数字：{refused[1]}")
            return
        if state.status in (COMPUTED, TOTAL_DIFFERS):
            from model.totals import Figures

            item.setText(format_number(Figures(fig).value(key)))
        elif state.status == UNREAD:
            item.setText(state.source)
        else:
            item.setText(format_number(fig.get(key)))
        colour = _BACKGROUND.get(state.status, "")
        item.setBackground(QBrush(QColor(colour)) if colour else QBrush())
        tip = [state.label, STATUS_TEXT[state.status]]
        if state.source.strip():
            tip.append(f"原文：“{state.source.strip()[:60]}”")
        if state.message:
            tip.append(state.message)
        item.setToolTip("\n".join(tip))

    def _refresh_table(self, tk: str) -> None:
        view = self.tables[tk]
        grid = table_grid(self.review.format, tk)
        self._filling = True
        try:
            for state in self.review.cells(tk):
                pos = grid.position(state.key)
                if pos is None:
                    continue
                item = view.item(*pos)
                if item is not None:
                    self._paint(item, state)
        finally:
            self._filling = False

    def _show_first_problem(self) -> None:
        """Open on the first table with a cell to look at, that cell current."""
        for i, tk in enumerate(self.tables):
            for state in self.review.cells(tk):
                if state.needs_attention:
                    pos = table_grid(self.review.format, tk).position(state.key)
                    if pos is not None:
                        self.tabs.setCurrentIndex(i)
                        self.tables[tk].setCurrentCell(*pos)
                        self.tables[tk].setFocus()
                        return

    def _refresh_tab_titles(self) -> None:
        for i, tk in enumerate(self.tables):
            n = sum(1 for c in self.review.cells(tk) if c.needs_attention)
            n += sum(1 for k in self.refused if k.table == tk)
            name = self.review.format.table(tk).name
            self.tabs.setTabText(i, f"{name}（{n}处待看）" if n else name)

    def _refresh_all(self) -> None:
        for tk in self.tables:
            self._refresh_table(tk)
        self._refresh_summary()

    def _refresh_parts(self) -> None:
        for i, (_key, heading, text) in enumerate(self.review.parts()):
            item = self.part_list.item(i)
            n = len(text.strip())
            item.setText(f"{heading}（{n}字）" if n else f"{heading}（空）")

    def _refresh_summary(self) -> None:
        self._refresh_tab_titles()
        counts = self.review.counts()
        y = self.review.report.year
        self.next_button.setText(f"开始{y + 1}年度的报告(&N)")
        self.open_button.setText(f"只打开导入的{y}年报告(&O)")
        parts = sum(1 for _k, _h, t in self.review.parts() if t.strip())
        bits = [f"识别出 {counts.get(RECOGNISED, 0) + counts.get(CORRECTED, 0)} 个数字", f"正文 {parts} 部分"]
        if counts.get(NOT_APPLICABLE):
            bits.append(f"{counts[NOT_APPLICABLE]} 个“不适用”")
        if counts.get(TOTAL_DIFFERS):
            bits.append(f"{counts[TOTAL_DIFFERS]} 个合计与原文不符（导入后由检查列出）")
        problems = self.problems()
        text = "，".join(bits) + "。"
        if problems:
            text += " " + problems[0]
        self.summary.setText(text)
        self.summary.setStyleSheet("QLabel { color:#b00020; }" if problems else "")
        self.next_button.setEnabled(not problems)
        self.open_button.setEnabled(not problems)

    def problems(self) -> list[str]:
        out = []
        if self.refused:
            out.append(f"有 {len(self.refused)} 个单元格里输入的不是数字（红色），请改正或清空。")
        if self.prose_error:
            out.append(self.prose_error)
        if not self.review.report.organ_name.strip():
            out.append("请填写机关全称。")
        return out + self.review.problems()

    # ------------------------------------------------------------------ editing
    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        raw = item.data(Qt.ItemDataRole.UserRole)
        if not raw:
            return
        key = CellKey.from_text(str(raw))
        text = item.text()
        try:
            self.review.set_cell(key, text)
        except InputError as e:
            self.refused[key] = (text, str(e))
        else:
            self.refused.pop(key, None)
        self._refresh_table(key.table)
        self._refresh_summary()

    def set_cell_text(self, key: CellKey, text: str) -> None:
        """Type a figure into a cell as the clerk would (used by the keyboard path and tests)."""
        pos = table_grid(self.review.format, key.table).position(key)
        if pos is None:
            raise KeyError(key)
        item = self.tables[key.table].item(*pos)
        if item is not None:
            item.setText(text)

    def _organ_changed(self, text: str) -> None:
        try:
            self.review.set_organ(text)
        except InputError as e:
            self.organ.setToolTip(str(e))
            return
        proposed = self.review.proposed_kind()
        if proposed and not self.kind_chosen:
            self.kind.setCurrentIndex(max(0, self.kind.findData(proposed)))
            self.review.set_kind(proposed)
        self._refresh_summary()

    def _kind_chosen(self, _index: int) -> None:
        self.kind_chosen = True
        self.review.set_kind(self.kind.currentData())

    def _year_changed(self, year: int) -> None:
        self.review.set_year(year)
        self._refresh_summary()

    def _part_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.part_keys):
            return
        key = self.part_keys[row]
        self._filling = True
        try:
            self.part_edit.setPlainText(self.review.report.text(key))
        finally:
            self._filling = False
        part = self.review.format.prose_part(key)
        self.part_info.setText(part.guidance or "")

    def _prose_edited(self) -> None:
        if self._filling:
            return
        row = self.part_list.currentRow()
        if not 0 <= row < len(self.part_keys):
            return
        try:
            self.review.set_text(self.part_keys[row], self.part_edit.toPlainText())
            self.prose_error = ""
        except InputError as e:
            self.prose_error = f"“{self.part_list.item(row).text()}”：{e}"
        self._refresh_parts()
        self._refresh_summary()

    def commit_open_editors(self) -> None:
        for view in self.tables.values():
            if view.state() == QAbstractItemView.State.EditingState:
                ed = view.indexWidget(view.currentIndex())
                if ed is not None:
                    view.commitData(ed)
                    view.closeEditor(ed, QAbstractItemDelegate.EndEditHint.NoHint)

    def _finish(self, choice: int) -> None:
        self.commit_open_editors()
        if self.problems():
            self._refresh_summary()
            return
        self.choice = choice
        self.accept()


def choose_source(parent: QWidget | None) -> tuple[str, str] | None:
    """("file", "") to choose a file, ("text", pasted) for pasted text, None when cancelled."""
    dlg = SourceDialog(parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return (dlg.choice, dlg.text() if dlg.choice == "text" else "")


def review_import(parent: QWidget | None, review: ImportReview) -> int:
    """Show the preview; NEXT_YEAR, OPEN_IMPORTED or CANCEL."""
    dlg = ImportPreviewDialog(review, parent)
    dlg.exec()
    return dlg.choice


__all__ = ["CANCEL", "NEXT_YEAR", "OPEN_IMPORTED", "ImportPreviewDialog", "SourceDialog", "choose_source",
           "review_import"]
