"""Editors for the prose parts of a section and the structured 信息处理费 figures."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from model.checks import SEVERITY_NAMES
from model.formats import ProsePart
from model.limits import PROSE_MAX, InputError
from model.report import FEE_PART, FeeInfo, Report, fee_sentence, format_number, parse_cell, parse_yuan
from model.sentences import sentence_menu
from ui.editing import Document
from ui.keys import pass_undo_to_window


class ProseEditor(QFrame):
    """One prose part: heading, text (guidance as placeholder), character count, a marker
    while the text is still last year's, ready sentences, and the part's findings."""

    message = Signal(str)

    def __init__(self, doc: Document, part: ProsePart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.part = part
        self.setObjectName("proseEditor")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        title = part.heading or part.label
        self.title = QLabel(f"<b>{title}</b>" + ("" if part.required else "（选填）"))
        top.addWidget(self.title)
        self.copied = QLabel("沿用上年文字，请按本年度情况修改")
        self.copied.setStyleSheet("QLabel { background:#fff0b3; color:#6b4e00; padding:1px 6px; border-radius:3px; }")
        self.copied.setToolTip("这段文字是从上年报告带过来的。修改后标记消失。内容雷同是年报追责情形之一。")
        top.addWidget(self.copied)
        top.addStretch(1)
        self.count = QLabel()
        top.addWidget(self.count)
        self.insert_button = QToolButton()
        self.insert_button.setText("插入常用语句")
        # room for the menu arrow, which the Fusion style draws over the text otherwise
        self.insert_button.setStyleSheet("QToolButton { padding-right: 1.2em; }")
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.insert_button)
        self.insert_button.setMenu(self.menu)
        self._fill_menu()
        top.addWidget(self.insert_button)
        lay.addLayout(top)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(part.guidance)
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(title)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._min_lines = 4 if part.required else 2
        self.title.setBuddy(self.edit)
        lay.addWidget(self.edit)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.hide()
        lay.addWidget(self.notes)
        self.load()
        self.edit.textChanged.connect(self._changed)
        self.edit.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self.edit.installEventFilter(self)  # a new width re-wraps the text: fit again
        self._fit()
        doc.reset.connect(self.load)
        doc.findingsChanged.connect(self._show_findings)
        self._show_findings()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if obj is self.edit and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            QTimer.singleShot(0, self._fit)
        return False

    def _fit(self) -> None:
        """Grow with the text (between a few lines and 16 lines), so the page scrolls, not the box."""
        lines = int(self.edit.document().size().height())  # QPlainTextEdit: visual lines
        lines = max(self._min_lines, min(lines + 1, 16))
        fm = self.edit.fontMetrics()
        m = self.edit.contentsMargins()
        h = lines * fm.lineSpacing() + int(2 * self.edit.document().documentMargin()) + m.top() + m.bottom() + 4
        if self.edit.height() != h:
            self.edit.setFixedHeight(h)

    def _fill_menu(self) -> None:
        self.menu.clear()
        for entry in sentence_menu(self.doc.report.format, self.part.key):
            act = QAction(entry.label, self.menu)
            if entry.tooltip:
                act.setToolTip(entry.tooltip)
            act.triggered.connect(lambda _=False, e=entry: self.insert(e.make(self.doc.report, self.doc.sheet)))
            self.menu.addAction(act)
        self.insert_button.setVisible(bool(self.menu.actions()))

    def insert(self, text: str) -> None:
        if not text:
            return
        cur = self.edit.textCursor()
        if self.edit.toPlainText() and not cur.atBlockStart():
            text = "\n" + text
        cur.insertText(text)
        self.edit.setFocus()

    def load(self) -> None:
        text = self.doc.report.text(self.part.key)
        if self.edit.toPlainText() != text:
            self.edit.blockSignals(True)
            self.edit.setPlainText(text)
            self.edit.blockSignals(False)
        self.edit.setReadOnly(self.doc.read_only)
        self.insert_button.setEnabled(not self.doc.read_only)
        self._update_marks()

    def _changed(self) -> None:
        text = self.edit.toPlainText()
        if len(text) > PROSE_MAX and not self.doc.read_only:
            # refused where she typed or pasted: the box goes back to what the report holds
            msg = f"每一部分正文最多{PROSE_MAX}字，这次输入或粘贴后会有{len(text)}字，未接受。请分段整理后再粘贴。"
            self.edit.blockSignals(True)
            self.edit.undo()
            if len(self.edit.toPlainText()) > PROSE_MAX:
                self.edit.setPlainText(self.doc.report.text(self.part.key))
            self.edit.blockSignals(False)
            self.message.emit(msg)
            from PySide6.QtWidgets import QToolTip

            QToolTip.showText(self.edit.mapToGlobal(self.edit.rect().topLeft()), msg, self.edit)
            return
        self.doc.set_prose(self.part.key, text)
        self._update_marks()

    def _update_marks(self) -> None:
        p = self.doc.report.prose.get(self.part.key)
        self.copied.setVisible(bool(p and p.copied and p.text))
        n = len(self.edit.toPlainText().strip())
        self.count.setText(f"{n}字")

    def _show_findings(self) -> None:
        fs = [f for f in self.doc.findings if f.part == self.part.key]
        if not fs:
            self.notes.hide()
            self.edit.setStyleSheet("")
            return
        self.notes.setText("\n".join(f"【{SEVERITY_NAMES[f.severity]}】{f.message}" for f in fs))
        color = "#b00020" if any(f.severity == "error" for f in fs) else "#8a6100"
        self.notes.setStyleSheet(f"QLabel {{ color:{color}; }}")
        self.notes.show()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)


class FeeEditor(QFrame):
    """Section 六: 信息处理费 (元) — structured figures the model turns into a sentence."""

    inserted = Signal(str)
    message = Signal(str)

    FIELDS = (("notices", "发出收费通知件数(&T)："), ("amount_notified", "通知金额（元）(&M)："),
              ("amount_collected", "实际收取金额（元）(&C)："))

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>信息处理费</b>（《政府信息公开信息处理费管理办法》；未收取的也要写明）"))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for i, (name, label) in enumerate(self.FIELDS):
            e = QLineEdit()
            e.setPlaceholderText("未填写" if i else "例如 0")
            e.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 18)
            e.editingFinished.connect(lambda n=name: self._commit(n))
            e.textEdited.connect(doc.mark_pending)
            e.editingFinished.connect(doc.clear_pending)
            lab = QLabel(label)
            lab.setBuddy(e)
            form.addRow(lab, e)
            self.edits[name] = e
        pass_undo_to_window(*self.edits.values())
        lay.addLayout(form)
        row = QHBoxLayout()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        row.addWidget(self.preview, 1)
        self.insert_button = QPushButton("插入到正文(&I)")
        self.insert_button.clicked.connect(lambda: self.inserted.emit(fee_sentence(self.doc.report.fee)))
        row.addWidget(self.insert_button)
        lay.addLayout(row)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("QLabel { color:#8a6100; }")
        lay.addWidget(self.notes)
        self.load()
        doc.reset.connect(self.load)
        doc.findingsChanged.connect(self._show_findings)
        self._show_findings()

    def load(self) -> None:
        fee = self.doc.report.fee
        for name, e in self.edits.items():
            v = getattr(fee, name)
            e.setText(format_number(v))
            e.setReadOnly(self.doc.read_only)
        s = fee_sentence(fee)
        self.preview.setText(f"将生成：{s}" if s else "填写收费通知件数后，可生成标准表述。")
        self.insert_button.setEnabled(bool(s) and not self.doc.read_only)

    def commit_edits(self) -> bool:
        """Commit every field (before a save, an export, leaving the page); False when one
        holds text that cannot be accepted (it stays in the field, the reason is shown)."""
        return all([self._commit(name, keep=True) for name in self.edits])

    def _commit(self, name: str, keep: bool = False) -> bool:
        text = self.edits[name].text()
        try:
            value = parse_cell("count", text) if name == "notices" else parse_yuan(text)
        except InputError as e:
            self.message.emit(str(e))
            if not keep:
                self.edits[name].setText(format_number(getattr(self.doc.report.fee, name)))
            from PySide6.QtWidgets import QToolTip

            QToolTip.showText(self.edits[name].mapToGlobal(self.edits[name].rect().bottomLeft()), str(e), self)
            if keep:
                self.edits[name].setFocus()
            return False
        if getattr(self.doc.report.fee, name) == value or self.doc.read_only:
            return True

        def mutate(r: Report) -> None:
            f = r.fee
            r.fee = FeeInfo(**{**vars(f), name: value})

        self.doc.change("修改信息处理费", mutate)
        return True

    def _show_findings(self) -> None:
        fs = [f for f in self.doc.findings if f.part == FEE_PART]
        self.notes.setText("\n".join(f"【{SEVERITY_NAMES[f.severity]}】{f.message}" for f in fs))
        self.notes.setVisible(bool(fs))
