"""Start screen (no file open) and the 新建报告 dialog."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from model.formats import format_for_year
from model.limits import ORGAN_NAME_MAX, YEAR_MAX, YEAR_MIN, InputError
from model.organs import propose_kind
from model.report import ORGAN_KINDS, Report, default_report_year, new_report
from ui.keys import limit_line_edit
from ui.settings import recent_files


class NewReportDialog(QDialog):
    """Organ full name, organ kind, year; the format for the year is shown as she types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.organ = QLineEdit()
        self.organ.setPlaceholderText("例如 杭州市富阳区上官乡人民政府")
        limit_line_edit(self.organ, ORGAN_NAME_MAX, "机关全称")
        self.kind = QComboBox()
        for k, name in ORGAN_KINDS.items():
            self.kind.addItem(name, k)
        self.year = QSpinBox()
        self.year.setRange(YEAR_MIN, YEAR_MAX)
        self.year.setValue(default_report_year())
        self.year.setSuffix("年度")
        self.format_label = QLabel()
        self.format_label.setWordWrap(True)
        for text, w in (("机关全称(&M)：", self.organ), ("机关类型(&K)：", self.kind), ("报告年度(&Y)：", self.year)):
            lab = QLabel(text)
            lab.setBuddy(w)
            form.addRow(lab, w)
        form.addRow("将使用的格式：", self.format_label)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建(&C)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.year.valueChanged.connect(self._update)
        self.organ.textChanged.connect(self._update)
        # the kind follows the name as she types, until she picks one herself
        self.kind_chosen = False
        self.kind.activated.connect(lambda _i: setattr(self, "kind_chosen", True))
        self.organ.textChanged.connect(self._propose_kind)
        self._update()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 36)

    def _propose_kind(self, name: str) -> None:
        k = propose_kind(name)
        if k is not None and not self.kind_chosen:
            self.kind.setCurrentIndex(max(0, self.kind.findData(k)))

    def _update(self) -> None:
        ok = True
        try:
            fmt = format_for_year(self.year.value())
            self.format_label.setText(fmt.name)
            self.format_label.setStyleSheet("")
        except ValueError as e:
            self.format_label.setText(str(e))
            self.format_label.setStyleSheet("QLabel { color:#b00020; }")
            ok = False
        if not self.organ.text().strip():
            ok = False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def report(self) -> Report:
        try:
            return new_report(self.organ.text(), self.year.value(), self.kind.currentData())
        except (ValueError, InputError) as e:  # pragma: no cover - the button is disabled then
            raise InputError(str(e)) from e


class StartWidget(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    nextYearRequested = Signal()
    publishedRequested = Signal()
    exampleRequested = Signal()
    recentChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        outer.addLayout(col, 3)
        outer.addStretch(1)
        col.addStretch(1)
        title = QLabel("年报助手")
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 2.2)
        f.setBold(True)
        title.setFont(f)
        col.addWidget(title)
        sub = QLabel("编制《政府信息公开工作年度报告》：逐步填写、自动合计、逐项检查、导出PDF。")
        sub.setWordWrap(True)
        col.addWidget(sub)
        col.addSpacing(self.fontMetrics().height())
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, tip, sig) in enumerate((
            ("new", "新建报告(&N)…", "从空白开始一份新的年度报告", self.newRequested),
            ("open", "打开(&O)…", "打开已保存的报告（.gknb）", self.openRequested),
            ("next", "从上年报告开始(&L)…", "选择上一年度的报告：机关信息、联系方式、结转数和正文带入新报告", self.nextYearRequested),
            ("example", "打开示例报告(&S)", "打开一份填好的示例（副本，不会改动示例本身）", self.exampleRequested),
            ("published", "从已发布的年报开始(&B)…",
             "上一年度的报告只有 Word、网页、PDF 或网站上的文字：读出数字和正文，核对后开始新报告", self.publishedRequested),
        )):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setMinimumHeight(int(self.fontMetrics().height() * 2.6))
            b.clicked.connect(sig.emit)
            grid.addWidget(b, i // 3, i % 3)
            self.buttons[key] = b
        col.addLayout(grid)
        col.addSpacing(self.fontMetrics().height())
        lab = QLabel("最近打开的报告(&R)：")
        col.addWidget(lab)
        self.recent = QListWidget()
        lab.setBuddy(self.recent)
        self.recent.itemActivated.connect(lambda it: self.recentChosen.emit(it.data(Qt.ItemDataRole.UserRole)))
        col.addWidget(self.recent, 2)
        col.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        files = recent_files()
        for p in files:
            exists = os.path.exists(p)
            it = QListWidgetItem(f"{os.path.basename(p)}　—　{os.path.dirname(p)}" + ("" if exists else "（找不到）"))
            it.setData(Qt.ItemDataRole.UserRole, p)
            it.setToolTip(p)
            if not exists:
                it.setForeground(Qt.GlobalColor.gray)
            self.recent.addItem(it)
        if not files:
            it = QListWidgetItem("（还没有打开过报告）")
            it.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(it)
