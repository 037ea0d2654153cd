"""The wizard's pages: 基本信息, one page per section 一…六, and 检查与导出."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.checks import ERROR, INFO, SEVERITY_NAMES, WARNING, Finding
from model.formats import CellKey
from model.limits import CONTACT_MAX, ORGAN_NAME_MAX, TITLE_MAX, YEAR_MAX, YEAR_MIN, InputError
from model.report import FEE_PART, ORGAN_KINDS, Contact, Report
from ui.editing import Document, MergeId
from ui.keys import limit_line_edit, pass_undo_to_window

if TYPE_CHECKING:
    from ui.prose import FeeEditor, ProseEditor
    from ui.table_model import ReportTableModel
    from ui.table_view import ReportTableView

SEVERITY_COLORS = {ERROR: "#d32f2f", WARNING: "#e0a000", INFO: "#1e88e5", "ok": "#2e7d32"}


_DOTS: dict[str, QIcon] = {}


def dot_icon(color: str) -> QIcon:
    """A round dot of ``color`` (drawn once per colour)."""
    icon = _DOTS.get(color)
    if icon is None:
        icon = _DOTS[color] = _draw_dot(color)
    return icon


def _draw_dot(color: str) -> QIcon:
    pm = QPixmap(32, 32)
    pm.fill(QColor(0, 0, 0, 0))
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(color))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(4, 4, 24, 24)
    p.end()
    return QIcon(pm)


class DateField(QDateEdit):
    """A date typed as on Windows: the digits fill 年, 月, 日 in turn (Qt moves on by itself
    when a part is complete), and Tab leaves the field instead of walking its parts — so
    “2021 Tab” never puts the next figure into the wrong part."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt API
        return QWidget.focusNextPrevChild(self, next)


def finding_text(f: Finding) -> str:
    return f"【{SEVERITY_NAMES[f.severity]}】{f.message}"


class FindingsList(QListWidget):
    """Findings of one section, under the grid; activating one emits ``chosen(finding)``."""

    chosen = Signal(Finding)

    def __init__(self, doc: Document, section: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section = section
        self.setWordWrap(True)
        self.setIconSize(QSize(12, 12))
        self.setAccessibleName("本页检查结果")
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)  # the label above says 单击定位
        self._shown: list[Finding] = []
        doc.findingsChanged.connect(self.refresh)
        self.refresh()

    def _chosen(self, item: QListWidgetItem) -> None:
        f = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(f, Finding):
            self.chosen.emit(f)

    def refresh(self) -> None:
        """Only what changed: the rows of findings that stay are kept (and so is the
        selection on them), a changed row is rewritten, extra rows go."""
        fs = self.doc.findings_for(self.section)
        if fs == self._shown and self.count():
            return
        if not fs:
            self.clear()
            it = QListWidgetItem(dot_icon(SEVERITY_COLORS["ok"]), "本部分没有发现问题。")
            it.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(it)
            self._shown = []
            return
        if not self._shown:
            self.clear()  # the 没有发现问题 row
        self.setUpdatesEnabled(False)
        try:
            for i, f in enumerate(fs):
                it = self.item(i)
                if it is None:
                    it = QListWidgetItem()
                    self.addItem(it)
                elif i < len(self._shown) and self._shown[i] == f:
                    continue
                it.setIcon(dot_icon(SEVERITY_COLORS[f.severity]))
                it.setText(finding_text(f))
                it.setData(Qt.ItemDataRole.UserRole, f)
                it.setToolTip(f.message)
            while self.count() > len(fs):
                self.takeItem(self.count() - 1)
        finally:
            self.setUpdatesEnabled(True)
        self._shown = list(fs)


class Page(QWidget):
    """Base: a heading, scrollable content, and the section's findings underneath."""

    message = Signal(str)
    findingChosen = Signal(Finding)  # go to what the finding is about
    fixRequested = Signal(Finding)  # apply the finding's fix

    def __init__(self, doc: Document, section: str, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section = section
        outer = QVBoxLayout(self)
        self.heading = QLabel(heading)
        f = self.heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        self.heading.setFont(f)
        outer.addWidget(self.heading)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget()
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 0, 8, 0)
        self.scroll_area.setWidget(self.content)
        self.splitter.addWidget(self.scroll_area)
        self.findings = FindingsList(doc, section)
        self.findings.chosen.connect(self.findingChosen.emit)
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        lab = QLabel("本页检查结果（单击定位）：")
        bl.addWidget(lab)
        bl.addWidget(self.findings)
        self.splitter.addWidget(box)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        em = self.fontMetrics().height()
        self.splitter.setSizes([em * 40, em * 7])
        outer.addWidget(self.splitter, 1)

    def show_finding(self, f: Finding) -> None:
        """Move the focus to what the finding is about."""

    def first_field(self) -> QWidget | None:
        """Where the keyboard goes when the page is shown: its first field."""
        for w in self.content.findChildren(QWidget):
            if (w.isEnabled() and w.isVisibleTo(self) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and not isinstance(w, QScrollArea)):
                return w
        return self.findings

    def _findings_last_in_tab_order(self) -> None:
        """The findings list sits under the page's fields: Tab reaches it after them."""
        fields = [w for w in self.content.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if fields:
            QWidget.setTabOrder(fields[-1], self.findings)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scroll area shows no focus: never land there

    def commit_edits(self, quiet: bool = False) -> bool:
        """Store what an editor of this page still holds (a line edit being typed in, a grid
        cell with its editor open).  False when a value cannot be accepted: it stays where
        the clerk typed it, the reason is shown, and the caller must not go on.  ``quiet``
        (autosave): store what can be stored without disturbing the clerk's typing — an open
        cell editor stays open, a half-typed date is left alone, nothing is shown."""
        return True


class BasicInfoPage(Page):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(doc, "s0", "基本信息", parent)
        self._loading = False
        ident = QGroupBox("报告机关和年度")
        form = QFormLayout(ident)
        self.organ = QLineEdit()
        self.organ.setPlaceholderText("机关全称，例如 杭州市富阳区上官乡人民政府")
        limit_line_edit(self.organ, ORGAN_NAME_MAX, "机关全称", self.message.emit)
        self.kind = QComboBox()
        for k, name in ORGAN_KINDS.items():
            self.kind.addItem(name, k)
        self.year = QSpinBox()
        self.year.setRange(YEAR_MIN, YEAR_MAX)
        self.year.setSuffix("年度")
        self.format_label = QLabel()
        self.format_label.setWordWrap(True)
        self.format_warning = QLabel()
        self.format_warning.setWordWrap(True)
        self.format_warning.setStyleSheet("QLabel { color:#8a4b00; background:#fff0b3; padding:4px; }")
        self.format_fix = QPushButton()
        self.format_fix.clicked.connect(self._apply_format_fix)
        self._add(form, "机关全称(&M)：", self.organ)
        self._add(form, "机关类型(&K)：", self.kind)
        self._add(form, "报告年度(&Y)：", self.year)
        self.title_edit = QLineEdit()
        self.title_edit.setToolTip("一般不用填：留空时标题为“机关全称＋年度＋政府信息公开工作年度报告”。"
                                   "网站上发布的标题措辞不同（如“……（独山港镇）2021年度政府信息公开工作年度报告”）时在这里改。")
        limit_line_edit(self.title_edit, TITLE_MAX, "报告标题", self.message.emit)
        self.title_edit.editingFinished.connect(self._commit_title)
        self.title_edit.editingFinished.connect(doc.clear_pending)
        self.title_edit.textEdited.connect(doc.mark_pending)
        self._add(form, "报告标题(&I)：", self.title_edit)
        form.addRow("报告格式：", self.format_label)
        # the warning gets the row's whole width and the height its wrapped text needs; the
        # button sits under it (side by side, a wrapped label in a form row is cut off)
        form.addRow(self.format_warning)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.format_fix)
        fix_row.addStretch(1)
        form.addRow("", fix_row)
        self.body.addWidget(ident)

        contact = QGroupBox("联系方式（印在报告开头一段）")
        cform = QFormLayout(contact)
        self.contact: dict[str, QLineEdit] = {}
        for name, label in (("office", "联系科室(&O)："), ("address", "地址(&A)："), ("postcode", "邮编(&P)："),
                            ("phone", "电话(&T)："), ("fax", "传真(&X)：")):
            e = QLineEdit()
            limit_line_edit(e, CONTACT_MAX[name], label.split("(")[0], self.message.emit)
            self.contact[name] = e
            self._add(cform, label, e)
            e.editingFinished.connect(lambda n=name: self._commit_contact(n))
            e.editingFinished.connect(doc.clear_pending)
            e.textEdited.connect(doc.mark_pending)
        pass_undo_to_window(self.organ, *self.contact.values())
        self.body.addWidget(contact)

        dates = QGroupBox("发布")
        dform = QFormLayout(dates)
        self.pub_set = QCheckBox("已确定发布日期(&B)")
        self.pub = DateField()
        self.pub.setCalendarPopup(True)
        self.pub.setDisplayFormat("yyyy年M月d日")
        row = QHBoxLayout()
        row.addWidget(self.pub_set)
        row.addWidget(self.pub)
        row.addStretch(1)
        dform.addRow("发布日期（落款）：", row)
        self.deadline_custom = QCheckBox("另行规定的截止日期(&L)")
        self.deadline = DateField()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy年M月d日")
        self.deadline_hint = QLabel()
        row2 = QHBoxLayout()
        row2.addWidget(self.deadline_custom)
        row2.addWidget(self.deadline)
        row2.addWidget(self.deadline_hint)
        row2.addStretch(1)
        dform.addRow("截止日期：", row2)
        self.body.addWidget(dates)
        self.body.addStretch(1)

        self.organ.editingFinished.connect(self._commit_organ)
        self.organ.textEdited.connect(doc.mark_pending)
        self.organ.editingFinished.connect(doc.clear_pending)
        self.kind.currentIndexChanged.connect(self._commit_kind)
        self.year.valueChanged.connect(self._commit_year)
        self.pub_set.toggled.connect(self._commit_pub)
        self.pub.dateChanged.connect(self._commit_pub)
        self.deadline_custom.toggled.connect(self._commit_deadline)
        self.deadline.dateChanged.connect(self._commit_deadline)
        doc.reset.connect(self.load)
        doc.findingsChanged.connect(self._show_format)
        self.load()
        self._findings_last_in_tab_order()
        for w in (self.organ, self.title_edit, *self.contact.values()):
            w.installEventFilter(self)  # typing in a read-only report says why

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (self.doc.read_only and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.text() and event.text().isprintable()
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            msg = "文件以只读方式打开，不能修改。要修改请用“另存为”保存为自己的文件。"
            self.message.emit(msg)
            from PySide6.QtWidgets import QToolTip

            QToolTip.showText(obj.mapToGlobal(obj.rect().bottomLeft()), msg, obj)
        return super().eventFilter(obj, event)

    @staticmethod
    def _add(form: QFormLayout, text: str, w: QWidget) -> None:
        lab = QLabel(text)
        lab.setBuddy(w)
        form.addRow(lab, w)

    def load(self) -> None:
        self._loading = True
        r = self.doc.report
        _set_text(self.organ, r.organ_name)
        _set_text(self.title_edit, r.title_override)
        self.title_edit.setPlaceholderText(r.default_title)
        self.kind.setCurrentIndex(max(0, self.kind.findData(r.organ_kind)))
        self.year.setValue(r.year)
        for name, e in self.contact.items():
            _set_text(e, getattr(r.contact, name))
        self.pub_set.setChecked(r.publication_date is not None)
        self.pub.setEnabled(r.publication_date is not None)
        d = r.publication_date or dt.date(r.year + 1, 1, 20)
        self.pub.setDate(QDate(d.year, d.month, d.day))
        self.deadline_custom.setChecked(r.deadline is not None)
        self.deadline.setEnabled(r.deadline is not None)
        dl = r.effective_deadline()
        self.deadline.setDate(QDate(dl.year, dl.month, dl.day))
        self.deadline_hint.setText("" if r.deadline else f"（默认：{r.year + 1}年1月31日）")
        for w in (self.organ, self.title_edit, *self.contact.values()):
            w.setReadOnly(self.doc.read_only)
        for c in (self.kind, self.year, self.pub_set, self.deadline_custom):
            c.setEnabled(not self.doc.read_only)
        if self.doc.read_only:
            self.pub.setEnabled(False)
            self.deadline.setEnabled(False)
        self._loading = False
        self._show_format()

    def commit_edits(self, quiet: bool = False) -> bool:
        if self.doc.read_only:
            return True
        self._commit_organ()
        self._commit_title()
        for name in self.contact:
            self._commit_contact(name)
        if not quiet:
            for d in (self.pub, self.deadline):
                d.interpretText()  # a date being typed: its text becomes the value now
            self._commit_pub()
            self._commit_deadline()
        return True

    def _show_format(self) -> None:
        fmt = self.doc.report.format
        self.format_label.setText(fmt.name)
        fs = [f for f in self.doc.findings if f.code in ("FORMAT_OUTDATED", "FORMAT_MISMATCH", "YEAR_UNSUPPORTED")]
        if fs:
            self.format_warning.setText(fs[0].message)
            self.format_warning.show()
            fix = fs[0].fix
            self.format_fix.setVisible(fix is not None)
            if fix:
                self.format_fix.setText(fix.label)
                self.format_fix.setProperty("finding", fs[0])
        else:
            self.format_warning.hide()
            self.format_fix.hide()

    def _apply_format_fix(self) -> None:
        f = self.format_fix.property("finding")
        if isinstance(f, Finding):
            self.fixRequested.emit(f)

    def _change(self, text: str, fn, merge: int) -> None:
        if self._loading or self.doc.read_only:
            return
        self.doc.change(text, fn, merge)

    def _commit_title(self) -> None:
        try:
            text = self.doc.report.override_for(self.title_edit.text())
        except InputError:
            text = self.title_edit.text().strip()  # refused by the report's door below, like any field
        if text != self.doc.report.title_override:
            self._change("修改报告标题", lambda r: setattr(r, "title_override", text), MergeId.TITLE)

    def _commit_organ(self) -> None:
        name = self.organ.text().strip()
        if name != self.doc.report.organ_name:
            self._change("修改机关全称", lambda r: setattr(r, "organ_name", name), MergeId.ORGAN)

    def _commit_kind(self) -> None:
        k = self.kind.currentData()
        if k != self.doc.report.organ_kind:
            self._change("修改机关类型", lambda r: setattr(r, "organ_kind", k), MergeId.KIND)

    def _commit_year(self, year: int) -> None:
        if year != self.doc.report.year:
            self._change("修改报告年度", lambda r: setattr(r, "year", year), MergeId.YEAR)

    def _commit_contact(self, name: str) -> None:
        text = self.contact[name].text().strip()
        if text == getattr(self.doc.report.contact, name):
            return

        def mutate(r: Report) -> None:
            r.contact = Contact(**{**vars(r.contact), name: text})

        self._change("修改联系方式", mutate, MergeId.CONTACT + list(self.contact).index(name))

    def _commit_pub(self, *_: object) -> None:
        self.pub.setEnabled(self.pub_set.isChecked())
        q = self.pub.date()
        value = dt.date(q.year(), q.month(), q.day()) if self.pub_set.isChecked() else None
        if value != self.doc.report.publication_date:
            self._change("修改发布日期", lambda r: setattr(r, "publication_date", value), MergeId.PUBLICATION)

    def _commit_deadline(self, *_: object) -> None:
        self.deadline.setEnabled(self.deadline_custom.isChecked())
        q = self.deadline.date()
        value = dt.date(q.year(), q.month(), q.day()) if self.deadline_custom.isChecked() else None
        if value != self.doc.report.deadline:
            self._change("修改截止日期", lambda r: setattr(r, "deadline", value), MergeId.DEADLINE)

    def show_finding(self, f: Finding) -> None:
        if f.code.startswith("ORGAN"):
            self.organ.setFocus()
        elif f.code.startswith("CONTACT"):
            self.contact["office"].setFocus()
        elif f.code.startswith("PUBLISH"):
            self.pub_set.setFocus()
        else:
            self.year.setFocus()


class SectionPage(Page):
    """一 … 六: the section's prose editors and, for 二、三、四, its table."""

    def __init__(self, doc: Document, section: str, parent: QWidget | None = None) -> None:
        # imported here: the window builds a section page only when it is first shown
        from ui.prose import FeeEditor, ProseEditor
        from ui.table_model import ReportTableModel
        from ui.table_view import ReportTableView

        fmt = doc.report.format
        sec = fmt.section(section)
        super().__init__(doc, section, sec.heading, parent)
        self.editors: dict[str, ProseEditor] = {}
        self.view: ReportTableView | None = None
        self.model: ReportTableModel | None = None
        self.fee: FeeEditor | None = None
        for part in fmt.prose_of(section):
            ed = ProseEditor(doc, part)
            ed.message.connect(self.message.emit)
            self.editors[part.key] = ed
            self.body.addWidget(ed)
        if sec.table:
            t = fmt.table(sec.table)
            cap = QLabel(f"<b>{t.title}</b>　<span style='color:#555'>灰色单元格自动计算；空白不等于0，没有发生的请填0。"
                         "可从Excel/WPS复制整块粘贴（Ctrl+V）。</span>")
            cap.setWordWrap(True)
            self.body.addWidget(cap)
            self.model = ReportTableModel(doc, sec.table, self)
            self.view = ReportTableView(self.model)
            self.view.setAccessibleName(t.title)
            self.view.message.connect(self.message.emit)
            cap.setBuddy(self.view)
            self.body.addWidget(self.view)
        fee_part = doc.report.format.part("other_matters")
        if fee_part is not None and section == fee_part.section:
            self.fee = FeeEditor(doc)
            self.fee.message.connect(self.message.emit)
            fee_ed = self.editors.get(fee_part.key)
            if fee_ed is not None:
                self.fee.inserted.connect(fee_ed.insert)
            self.body.insertWidget(0, self.fee)
        self.body.addStretch(1)
        if self.view is not None:
            # the page scrolls with the current cell, so typing never lands in a cell out of sight
            self.view.selectionModel().currentChanged.connect(lambda cur, _prev: self._ensure_index_visible(cur))
        self._findings_last_in_tab_order()

    def commit_edits(self, quiet: bool = False) -> bool:
        ok = self.view.commit_editor(keep_open=quiet) if self.view is not None else True
        if self.fee is not None and not quiet:
            ok = self.fee.commit_edits() and ok
        return ok

    def show_finding(self, f: Finding) -> None:
        if self.view is not None:
            keys = list(f.cells)
            if f.table and f.row and f.column:
                keys.insert(0, CellKey(f.table, f.row, f.column))
            for k in keys:
                if self.view.select_key(k):
                    self.scroll_area.ensureWidgetVisible(self.view)
                    self._ensure_cell_visible(k)
                    return
        if f.part == FEE_PART and self.fee is not None:
            self.scroll_area.ensureWidgetVisible(self.fee)
            self.fee.edits["notices"].setFocus()
            return
        ed = self.editors.get(f.part or "")
        if ed is not None:
            self.scroll_area.ensureWidgetVisible(ed)
            ed.focus()

    def _ensure_cell_visible(self, key: CellKey) -> None:
        assert self.view is not None and self.model is not None
        self._ensure_index_visible(self.model.index_of(key))

    def _ensure_index_visible(self, index) -> None:  # type: ignore[no-untyped-def]
        assert self.view is not None
        if not index.isValid():
            return
        rect = self.view.visualRect(index)
        pt = self.view.viewport().mapTo(self.content, rect.center())
        self.scroll_area.ensureVisible(pt.x(), pt.y(), 50, 80)


class _WrapDelegate(QStyledItemDelegate):
    """Findings in the review tree wrap to as many lines as they need (a tree computes one
    line per row otherwise and cuts the rest)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index):  # noqa: N802 - Qt API
        s = super().sizeHint(option, index)
        if index.column() != 0:
            return s
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self.tree.columnWidth(0) - self.tree.indentation() * (depth + 1) - self.tree.iconSize().width() - 12
        text = str(index.data() or "")
        rect = option.fontMetrics.boundingRect(0, 0, max(80, width), 100_000, int(Qt.TextFlag.TextWordWrap), text)
        s.setHeight(max(s.height(), rect.height() + 6))
        return s


class ReviewPage(QWidget):
    """检查与导出: every finding grouped by section, fixes, PDF export and printing."""

    findingChosen = Signal(Finding)
    fixRequested = Signal(Finding)
    sectionChosen = Signal(str)
    currentChanged = Signal()
    message = Signal(str)
    exportPdf = Signal()
    printRequested = Signal()
    exportXlsx = Signal()
    exportDocx = Signal()
    exportHtml = Signal()
    copyHtml = Signal()

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section = "review"
        lay = QVBoxLayout(self)
        h = QLabel("检查与导出")
        f = h.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        h.setFont(f)
        lay.addWidget(h)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.checklist = QLabel()
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.TextFormat.PlainText)
        self.checklist.setAccessibleName("发布前核对")
        lay.addWidget(self.checklist)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["检查结果（双击或按回车定位）", "修正"])
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)  # long findings wrap instead of ending in “…”
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegateForColumn(0, _WrapDelegate(self.tree))
        # the wrapped heights depend on the column's width: a scroll bar that came and went with
        # them changed that width, which changed the heights again — an endless relayout that
        # ended in a crash for some lengths of findings.  Always there, it cannot feed back.
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.tree.header().sectionResized.connect(lambda *_: self.tree.scheduleDelayedItemsLayout())
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # a single click selects (the fix can then be chosen); double click or Enter goes there
        self.tree.itemActivated.connect(self._activated)
        self.tree.setAccessibleName("全部检查结果")
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(lambda *_: self.currentChanged.emit())
        self.tree.installEventFilter(self)
        lay.addWidget(self.tree, 1)
        out = QGroupBox("导出")
        ov = QVBoxLayout(out)  # two rows: the window need not grow wider for this page
        ol = QHBoxLayout()
        buttons = QHBoxLayout()
        ov.addLayout(ol)
        ov.addLayout(buttons)
        self.approval = QCheckBox("同时生成审签单(&A)")
        self.approval.setToolTip("另存一个“…-审签单.pdf”供领导审核签字；它不是报告的一部分，不要对外发布。")
        self.approval_inline = QCheckBox("审签单附在报告末尾(&M)")
        self.approval_inline.setToolTip("审签单放进同一个PDF的最后一页（这个文件就不能直接发布）。")
        self.approval_inline.setEnabled(False)
        self.approval.toggled.connect(self.approval_inline.setEnabled)
        self.approval.toggled.connect(lambda _on: self._show_checklist())
        self.approval_inline.toggled.connect(lambda _on: self._show_checklist())
        self.pdf_button = QPushButton("导出PDF(&S)…")
        self.print_button = QPushButton("打印(&P)…")
        self.xlsx_button = QPushButton("导出Excel(&X)…")
        self.docx_button = QPushButton("导出Word(&W)…")
        self.html_button = QPushButton("导出网页(&T)…")
        self.copy_html_button = QPushButton("复制网页版(&Y)")
        self.copy_html_button.setToolTip("复制后在网站编辑器中粘贴：表格是真正的表格，网页里的文字可以复制和朗读。")
        self.docx_button.clicked.connect(self.exportDocx.emit)
        self.html_button.clicked.connect(self.exportHtml.emit)
        self.copy_html_button.clicked.connect(self.copyHtml.emit)
        self.pdf_button.clicked.connect(self.exportPdf.emit)
        self.print_button.clicked.connect(self.printRequested.emit)
        self.xlsx_button.clicked.connect(self.exportXlsx.emit)
        ol.addWidget(self.approval)
        ol.addWidget(self.approval_inline)
        ol.addStretch(1)
        buttons.addStretch(1)
        for b in (self.xlsx_button, self.docx_button, self.html_button, self.copy_html_button, self.pdf_button,
                  self.print_button):
            buttons.addWidget(b)
        lay.addWidget(out)
        doc.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        self._show_checklist()
        fmt = self.doc.report.format
        fs = self.doc.findings
        n = {s: sum(1 for f in fs if f.severity == s) for s in (ERROR, WARNING, INFO)}
        if n[ERROR]:
            self.summary.setText(f"<b style='color:#b00020'>有{n[ERROR]}个错误</b>、{n[WARNING]}个警告、{n[INFO]}个提示。"
                                 "错误必须改正后再发布；警告请逐条核对。")
        elif n[WARNING]:
            self.summary.setText(f"没有错误；有{n[WARNING]}个警告、{n[INFO]}个提示，请逐条核对。")
        else:
            self.summary.setText(f"<b style='color:#2e7d32'>检查通过。</b>{('有' + str(n[INFO]) + '个提示。') if n[INFO] else ''}")
        sections = [("s0", "基本信息")] + [(s.key, s.heading) for s in fmt.sections]
        for key, title in sections:
            group = [f for f in fs if (f.section or "s0") == key]
            top = QTreeWidgetItem([f"{title}（{len(group)}）" if group else f"{title}：没有问题"])
            top.setIcon(0, dot_icon(SEVERITY_COLORS[_worst(group)]))
            top.setData(0, Qt.ItemDataRole.UserRole, key)  # a section's key: activating goes there
            self.tree.addTopLevelItem(top)
            for f in group:
                it = QTreeWidgetItem([f.message])
                it.setIcon(0, dot_icon(SEVERITY_COLORS[f.severity]))
                it.setToolTip(0, finding_text(f))
                it.setData(0, Qt.ItemDataRole.UserRole, f)
                top.addChild(it)
                if f.fix is not None and not self.doc.read_only:
                    b = QPushButton(f.fix.label)
                    b.setStyleSheet("QPushButton { margin: 2px 8px 2px 4px; padding: 2px 8px; }")
                    b.setToolTip("由程序自动修正（可以撤销）。键盘：选中该条后按 Ctrl+Enter，或用“编辑”菜单。")
                    b.clicked.connect(lambda _=False, ff=f: self.fixRequested.emit(ff))
                    self.tree.setItemWidget(it, 1, b)
            top.setExpanded(bool(group))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._show_checklist()

    def _show_checklist(self) -> None:
        if not self.isVisible():
            return  # not on the edit path while another step is shown: computed when this page is shown
        from model.checklist import checklist_lines, publication_checklist

        inline = self.approval_inline.isChecked() if self.approval.isChecked() else None
        items = publication_checklist(self.doc.report, self.doc.findings, approval_inline=inline)
        self.checklist.setText("发布前核对（√ 已符合，× 需改正，○ 待确认）：\n" + "\n".join(checklist_lines(items)))

    def commit_edits(self, quiet: bool = False) -> bool:
        return True

    def first_field(self) -> QWidget:
        return self.tree

    def current_finding(self) -> Finding | None:
        it = self.tree.currentItem()
        data = it.data(0, Qt.ItemDataRole.UserRole) if it is not None else None
        return data if isinstance(data, Finding) else None

    def fixable_finding(self) -> Finding | None:
        """The selected finding when it has a fix and the report may be changed."""
        f = self.current_finding()
        return f if f is not None and f.fix is not None and not self.doc.read_only else None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if obj is self.tree and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
                f = self.fixable_finding()
                if f is not None:
                    self.fixRequested.emit(f)
                elif self.current_finding() is not None:
                    self.message.emit("这一条没有自动修正：按回车定位到有关位置，手工修改。" if not self.doc.read_only
                                      else "文件以只读方式打开，不能修改。")
                return True
        return super().eventFilter(obj, event)

    def context_actions(self, item: QTreeWidgetItem) -> list:
        from PySide6.QtGui import QAction

        acts = []
        data = item.data(0, Qt.ItemDataRole.UserRole)
        go = QAction("定位到此处(&G)\tEnter", self.tree)
        go.triggered.connect(lambda: self._activated(item))
        acts.append(go)
        if isinstance(data, Finding) and data.fix is not None and not self.doc.read_only:
            fix = QAction(f"{data.fix.label}(&F)\tCtrl+Enter", self.tree)
            fix.triggered.connect(lambda _=False, ff=data: self.fixRequested.emit(ff))
            acts.append(fix)
        return acts

    def _context_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        item = self.tree.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self.tree)
        for a in self.context_actions(item):
            menu.addAction(a)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(data, Finding):
            self.findingChosen.emit(data)
        elif isinstance(data, str):
            self.sectionChosen.emit(data)

    def items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None
            out.extend(c for j in range(top.childCount()) if (c := top.child(j)) is not None)
        return out

    def fix_button(self, item: QTreeWidgetItem) -> QPushButton | None:
        w = self.tree.itemWidget(item, 1)
        return w if isinstance(w, QPushButton) else None


def _set_text(e: QLineEdit, text: str) -> None:
    """Only when it differs: the field being typed in keeps its cursor after a commit."""
    if e.text() != text and e.text().strip() != text:
        e.setText(text)


def _worst(fs: list[Finding]) -> str:
    sev = {f.severity for f in fs}
    for s in (ERROR, WARNING):
        if s in sev:
            return s
    return "ok"
