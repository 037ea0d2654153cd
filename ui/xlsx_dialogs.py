"""Dialogs of the 数据 menu for the Excel features (the main window calls these).

* ``run_import_dialog(parent, report)`` → (changes, description) or None
* ``run_ledger_import_dialog(parent, report)`` → (changes, description) or None
* ``run_export_xlsx_dialog(parent, report, suggested_path)``
* ``run_ledger_template_dialog(parent)``
* ``run_merge_dialog(parent)``

The work itself is done by ``model.xlsx`` (Qt-free).  Reading a sheet or a ledger and
loading/merging the county's files run in a worker thread (``run_with_progress``) behind
a window-modal QProgressDialog with 取消: the window stays responsive, and nothing is
applied until the work is done and its preview accepted; 取消 stops the model work at its
next progress call (``Cancelled``) and leaves the report untouched.  Modal questions go
through ``ui.dialogs``.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.formats import CellKey
from model.fserrors import describe_os_error
from model.report import Number, Report
from model.storage import ProjectFileError, save_report
from model.xlsx.common import Cancelled, Progress, XlsxError, tick
from model.xlsx.export import export_xlsx
from model.xlsx.importer import ImportPlan, plan_import
from model.xlsx.ledger import plan_ledger_import, write_ledger_template
from model.xlsx.merge import MergeResult, find_reports, load_all, merge_loaded
from ui import dialogs
from ui.settings import default_folder, in_default_folder

XLSX_FILTER = "Excel 工作簿 (*.xlsx *.xlsm)"
GKNB_FILTER = "年报助手项目 (*.gknb)"
IMPORT_DESCRIPTION = "从Excel导入表格"
LEDGER_DESCRIPTION = "从申请台账计算表三"


class _WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


def _with_suffix(path: str, suffix: str) -> str:
    return path if path.lower().endswith(suffix) else path + suffix


# --------------------------------------------------------------------------- work off the UI thread

T = TypeVar("T")
PROGRESS_DELAY_MS = 150  # work done within this time shows no dialog (the window waits, as for a click)
STEPS = 1000  # the progress bar's range (the model's totals are scaled to it)


class _Worker(QObject):
    """Runs ``fn(progress)`` in its own thread; reports progress and the outcome by signal."""

    progressed = Signal(int)
    done = Signal()

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.cancel = threading.Event()
        self.finished = threading.Event()
        self.outcome: tuple[str, Any] = ("cancelled", None)

    def progress(self, done: int, total: int) -> bool:
        self.progressed.emit(min(STEPS, done * STEPS // max(total, 1)))
        return not self.cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            self.outcome = ("ok", self.fn(self.progress))
        except Cancelled:
            self.outcome = ("cancelled", None)
        except BaseException as e:  # noqa: BLE001 - handed to the UI thread, raised there
            self.outcome = ("error", e)
        self.finished.set()
        self.done.emit()


class _Relay(QObject):
    """Lives in the UI thread: receives the worker's signals (queued) and drives the dialog."""

    def __init__(self, dlg: QProgressDialog, worker: _Worker) -> None:
        super().__init__()
        self.dlg = dlg
        self.worker = worker
        self.active = True  # progress still queued when the work is over is ignored
        self.user_cancelled = False

    @Slot()
    def cancelled(self) -> None:
        if not self.active:
            return
        self.user_cancelled = True
        self.worker.cancel.set()
        self.dlg.setLabelText("正在取消……")

    @Slot(int)
    def progressed(self, value: int) -> None:
        if not self.active:
            return
        if self.dlg.wasCanceled() and not self.user_cancelled:
            self.cancelled()
        self.dlg.setValue(value)


def run_with_progress(parent: QWidget | None, title: str, label: str, fn: Callable[[Progress], T]) -> T:
    """Run ``fn(progress)`` (model work, no Qt) in a worker thread while a window-modal
    progress dialog with 取消 is shown and the event loop keeps running.  Returns what
    ``fn`` returned; raises ``Cancelled`` if the user cancelled, or what ``fn`` raised.

    Work that is over within ``PROGRESS_DELAY_MS`` shows no dialog; otherwise the dialog
    (window-modal, so nothing else can be started meanwhile) appears at once."""
    worker = _Worker(fn)
    thread = QThread()
    worker.moveToThread(thread)
    dlg = QProgressDialog(label, "取消", 0, STEPS, parent)
    dlg.setWindowTitle(title)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(2_000_000_000)  # never by itself: shown below when the work takes long
    dlg.setAutoClose(False)
    dlg.setAutoReset(False)
    dlg.hide()
    relay = _Relay(dlg, worker)
    loop = QEventLoop()
    dlg.canceled.connect(relay.cancelled)  # the 取消 button, Esc, closing the dialog
    worker.progressed.connect(relay.progressed, Qt.ConnectionType.QueuedConnection)
    worker.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    thread.started.connect(worker.run)
    thread.start()
    try:
        if not worker.finished.wait(PROGRESS_DELAY_MS / 1000):
            dlg.show()
            dlg.setValue(0)
            loop.exec()
    finally:
        relay.active = False
        user_cancelled = relay.user_cancelled or dlg.wasCanceled()
        worker.cancel.set()  # if the loop ended otherwise (an exception here), the work stops soon
        thread.quit()
        thread.wait()
        dlg.canceled.disconnect(relay.cancelled)  # closing a progress dialog emits canceled
        dlg.close()
        dlg.deleteLater()
    kind, value = worker.outcome
    if kind == "cancelled" or user_cancelled:
        raise Cancelled()
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- import preview


class ImportPreviewDialog(QDialog):
    """Cell label, old value, new value; problems and notes; 导入 only when there are no problems."""

    def __init__(self, parent: QWidget | None, report: Report, plan: ImportPlan, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 560)
        self.plan = plan
        lay = QVBoxLayout(self)
        found = "；".join(plan.found.values()) or "没有找到可导入的表格"
        self.summary = QLabel(f"文件：{plan.source}\n找到：{found}")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        rows = plan.rows(report.format)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["单元格", "原值", "新值"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for i, (label, old, new) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(label))
            self.table.setItem(i, 1, QTableWidgetItem(old or "（空白）"))
            self.table.setItem(i, 2, QTableWidgetItem(new or "（空白）"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(QLabel(f"将修改 {len(rows)} 个单元格：" if rows else "没有需要修改的单元格。"))
        lay.addWidget(self.table, 1)
        self.messages = QPlainTextEdit()
        self.messages.setReadOnly(True)
        lines = [f"问题：{p}" for p in plan.problems] + [f"提示：{n}" for n in plan.notes]
        self.messages.setPlainText("\n".join(lines))
        self.messages.setVisible(bool(lines))
        self.messages.setMaximumHeight(160)
        if plan.problems:
            lay.addWidget(QLabel(f"发现 {len(plan.problems)} 个问题，请在 Excel 中改正后重新导入（不会做任何修改）："))
        lay.addWidget(self.messages)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("导入")
        ok.setEnabled(plan.ok and bool(plan.changes))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)


def _run_plan_dialog(parent: QWidget | None, report: Report, title: str, description: str, ledger: bool
                     ) -> tuple[dict[CellKey, Number | None], str] | None:
    what = "申请台账" if ledger else "要导入的 Excel 表格"
    path = dialogs.open_file(parent, f"选择{what}", default_folder(), XLSX_FILTER)
    if not path:
        return None
    snapshot = copy.deepcopy(report)  # the worker reads its own copy; the report is never touched here
    reader = plan_ledger_import if ledger else plan_import
    label = f"正在读取{'申请台账' if ledger else 'Excel 表格'}“{os.path.basename(path)}”……"
    try:
        plan = run_with_progress(parent, title, label, lambda progress: reader(snapshot, path, progress))
    except Cancelled:
        return None
    except XlsxError as e:
        dialogs.error(parent, title, str(e))
        return None
    dlg = ImportPreviewDialog(parent, report, plan, title)
    if dlg.exec() != QDialog.DialogCode.Accepted or not plan.ok or not plan.changes:
        return None
    return dict(plan.changes), description


def run_import_dialog(parent: QWidget | None, report: Report) -> tuple[dict[CellKey, Number | None], str] | None:
    """Ask for an .xlsx, preview what it changes; the accepted changes and a description."""
    return _run_plan_dialog(parent, report, "从 Excel 导入表格", IMPORT_DESCRIPTION, ledger=False)


def run_ledger_import_dialog(parent: QWidget | None, report: Report) -> tuple[dict[CellKey, Number | None], str] | None:
    """Ask for a ledger, preview 表三 computed from it; the accepted changes and a description."""
    return _run_plan_dialog(parent, report, "从申请台账计算表三", LEDGER_DESCRIPTION, ledger=True)


# --------------------------------------------------------------------------- export, template


def _save_xlsx(parent: QWidget | None, title: str, suggested: str, write: Callable[[str], object]) -> str | None:
    """Ask where to save a workbook and write it there; errors said in Chinese.  The path
    written, or None (cancelled or failed)."""
    path = dialogs.save_file(parent, title, in_default_folder(suggested), XLSX_FILTER)
    if not path:
        return None
    path = _with_suffix(path, ".xlsx")
    try:
        with _WaitCursor():
            write(path)
    except PermissionError:
        dialogs.error(parent, title, f"无法写入“{path}”：文件可能正在 Excel 中打开，请关闭后重试。")
        return None
    except OSError as e:
        dialogs.error(parent, title, describe_os_error(e, path))
        return None
    return path


def run_export_xlsx_dialog(parent: QWidget | None, report: Report, suggested_path: str | None) -> None:
    suggested = suggested_path or f"{report.title or '年度报告'}表格.xlsx"
    path = _save_xlsx(parent, "导出 Excel 表格", suggested, lambda p: export_xlsx(report, p))
    if path is None:
        return
    dialogs.info(parent, "导出 Excel 表格", f"已导出：{path}\n（表二、表三、表四和检查结果）")


def run_ledger_template_dialog(parent: QWidget | None, year: int | None = None) -> None:
    """``year``: the open report's year, proposed first (else the year being reported on now)."""
    today = dt.date.today()
    default = year or (today.year - 1 if today.month <= 3 else today.year)
    year = dialogs.ask_int(parent, "申请台账模板", "台账所属的报告年度：", default, 2019, 2100)
    if year is None:
        return
    chosen = year
    path = _save_xlsx(parent, "保存申请台账模板", f"{year}年政府信息公开申请台账.xlsx",
                      lambda p: write_ledger_template(p, chosen))
    if path is None:
        return
    dialogs.info(parent, "申请台账模板", f"已生成：{path}\n每件申请填一行，年底用“从申请台账计算表三”导入。")


# --------------------------------------------------------------------------- county summary


class MergeDialog(QDialog):
    """The .gknb files of a folder with their status; saves the summary."""

    def __init__(self, parent: QWidget | None, folder: str, paths: list[str] | None = None,
                 loaded: list[tuple[str, Report | str]] | None = None, result: MergeResult | None = None) -> None:
        """``loaded``/``result``: the files already read and merged (by ``run_merge_dialog``,
        off the UI thread); without them they are read here."""
        super().__init__(parent)
        self.setWindowTitle("汇总各单位报告")
        self.resize(820, 560)
        self.folder = folder
        self.paths = paths if paths is not None else [os.fspath(p) for p in find_reports(folder)]
        if loaded is None:
            with _WaitCursor():
                loaded = load_all(self.paths)
        self.loaded = loaded
        self.merged: MergeResult | None = result
        self.saved_path: str | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"文件夹：{folder}（{len(self.paths)} 个项目文件）"))
        form = QFormLayout()
        self.organ = QLineEdit("汇总")
        self.organ.setPlaceholderText("例如 某某县人民政府")
        form.addRow("汇总报告的机关名称：", self.organ)
        self.skip_errors = QCheckBox("不汇总有错误的报告")
        self.skip_errors.toggled.connect(self._skip_toggled)
        form.addRow("", self.skip_errors)
        self.also_xlsx = QCheckBox("同时导出 Excel（含“各单位”工作表）")
        self.also_xlsx.setChecked(True)
        form.addRow("", self.also_xlsx)
        lay.addLayout(form)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["文件", "单位", "状态", "说明"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存汇总…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        if self.merged is not None:
            self.show_result()
        else:
            self.recompute()

    def _skip_toggled(self, checked: bool) -> None:
        if not self.recompute(progress=True):  # cancelled: back to what the list shows
            self.skip_errors.blockSignals(True)
            self.skip_errors.setChecked(not checked)
            self.skip_errors.blockSignals(False)

    def recompute(self, progress: bool = False) -> bool:
        """Merge again (with the progress dialog if ``progress``); False if cancelled."""
        if not self.loaded:
            self.merged = None
            self.summary.setText("文件夹中没有年报助手项目文件（.gknb）。")
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return True
        organ = self.organ.text().strip() or "汇总"
        skip = self.skip_errors.isChecked()
        loaded = self.loaded
        try:
            if progress:
                self.merged = run_with_progress(self, "汇总各单位报告", f"正在汇总 {len(loaded)} 个文件……",
                                                lambda p: merge_loaded(loaded, organ_name=organ, skip_errors=skip,
                                                                       progress=p))
            else:
                with _WaitCursor():
                    self.merged = merge_loaded(loaded, organ_name=organ, skip_errors=skip)
        except Cancelled:
            return False
        except ValueError as e:
            self.merged = None
            self.summary.setText(str(e))
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return True
        self.show_result()
        return True

    def show_result(self) -> None:
        if self.merged is None:
            return
        inputs = self.merged.inputs
        self.table.setRowCount(len(inputs))
        for i, m in enumerate(inputs):
            for j, text in enumerate([os.path.basename(m.path), m.organ, m.status_text(), m.reason]):
                self.table.setItem(i, j, QTableWidgetItem(text))
        rep = self.merged.report
        self.summary.setText(f"{rep.year}年，{rep.format.name}：汇总 {len(self.merged.included)} 个，"
                             f"未汇总 {len(self.merged.excluded)} 个。")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(self.merged.included))

    def save(self) -> None:
        if self.merged is None:
            return
        self.merged.report.organ_name = self.organ.text().strip() or "汇总"
        default = str(Path(self.folder).parent / f"{self.merged.report.year}年汇总.gknb")
        path = dialogs.save_file(self, "保存汇总报告", default, GKNB_FILTER)
        if not path:
            return
        path = _with_suffix(path, ".gknb")
        if os.path.abspath(path) in {os.path.abspath(p) for p in self.paths}:
            dialogs.error(self, "保存汇总报告", "汇总结果不能覆盖参与汇总的文件。")
            return
        try:
            save_report(self.merged.report, path)
            if self.also_xlsx.isChecked():
                export_xlsx(self.merged.report, str(Path(path).with_suffix(".xlsx")))
        except (ProjectFileError, OSError) as e:
            dialogs.error(self, "保存汇总报告", str(e))
            return
        self.saved_path = path
        extra = "\n并导出了同名的 .xlsx。" if self.also_xlsx.isChecked() else ""
        dialogs.info(self, "保存汇总报告", f"已保存：{path}{extra}")
        self.accept()


def _load_and_merge(paths: list[str], progress: Progress) -> tuple[list[tuple[str, Report | str]], MergeResult | None]:
    """Model work of the merge dialog: read every file, then merge (progress over both)."""
    n = max(len(paths), 1)
    loaded = load_all(paths, lambda d, t: progress(d, 2 * n))
    try:
        result = merge_loaded(loaded, progress=lambda d, t: progress(n + d * n // max(t, 1), 2 * n)) if loaded else None
    except ValueError:
        result = None  # nothing readable: the dialog says so
    return loaded, result


def run_merge_dialog(parent: QWidget | None) -> None:
    folder = dialogs.choose_folder(parent, "选择存放各单位项目文件（.gknb）的文件夹", default_folder())
    if not folder:
        return
    paths = [os.fspath(p) for p in find_reports(folder)]
    try:
        loaded, result = run_with_progress(parent, "汇总各单位报告", f"正在读取并汇总 {len(paths)} 个项目文件……",
                                           lambda progress: _load_and_merge(paths, progress))
    except Cancelled:
        return
    dlg = MergeDialog(parent, folder, paths, loaded, result)
    dlg.exec()


# --------------------------------------------------------------------------- audit of published reports


def run_audit_dialog(parent: QWidget | None) -> None:
    """数据 → 检查已发布的年报…: every published report (or project) in a folder read and checked
    off the window's thread, with 取消; the result shown and, if wished, saved as a table."""
    from model.audit import audit, collect, write_xlsx

    folder = dialogs.choose_folder(parent, "选择存放已发布年报（.docx、.html、.pdf、.txt、.gknb）的文件夹", default_folder())
    if not folder:
        return
    n = len(collect([folder]))
    if not n:
        dialogs.info(parent, "检查已发布的年报", "这个文件夹里没有可以检查的年报（.docx、.html、.htm、.pdf、.txt 或 .gknb）。")
        return
    try:
        rows, _findings = run_with_progress(parent, "检查已发布的年报", f"正在读取并检查 {n} 份年报……",
                                            lambda progress: audit([folder], lambda i, total, _name: tick(progress, i, total)))
    except Cancelled:
        return
    lines = []
    for r in rows:
        if r.problem:
            lines.append(f"× {os.path.basename(r.path)}：{r.problem}")
        else:
            extra = f"，{r.copied}处与其他单位雷同" if r.copied else ""
            lines.append(f"{'×' if r.errors else '√'} {r.organ or os.path.basename(r.path)} {r.year}年："
                         f"{r.errors}个错误，{r.warnings}个警告{extra}")
    bad = sum(1 for r in rows if r.problem)
    choice = dialogs.ask(parent, "检查已发布的年报", f"共检查 {len(rows)} 份，{bad} 份无法读取。\n\n" + "\n".join(lines[:25])
                         + ("\n……" if len(lines) > 25 else ""), ["保存为Excel表(&S)…", "关闭"], default=0, escape=1,
                         detail="\n".join(lines))
    if choice != 0:
        return
    _save_xlsx(parent, "保存检查结果", "年报检查结果.xlsx", lambda p: write_xlsx(rows, p))
