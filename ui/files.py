"""The window's file handling: opening, new, the example, next year, saving, autosave and
recovery.  The policy (lock, read-only, change on disk, recovery) is ``model.document``'s; this
mixin of ``MainWindow`` asks the questions and shows the results."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from model import APP_NAME, recovery
from model.document import OpenDocument, SaveResult
from model.files import project_file_stem, safe_file_name  # noqa: F401 - safe_file_name re-exported
from model.fserrors import describe_os_error
from model.resources import example_report_path
from model.storage import EXTENSION, ProjectFileError, load_report
from ui import dialogs
from ui.editing import Document
from ui.settings import add_recent, default_folder, remove_recent
from ui.start import NewReportDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as _Base
else:
    _Base = object

SAVE, DISCARD, CANCEL = 0, 1, 2


class WindowPrompter:
    """``model.document.Prompter`` with the window's dialogs."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask(self, title: str, text: str, choices: list[str], default: int, escape: int) -> int:
        return dialogs.ask(self.parent, title, text, choices, default=default, escape=escape, icon=QMessageBox.Icon.Warning)

    def tell(self, title: str, text: str) -> None:
        dialogs.error(self.parent, title, text)  # every message it tells is a refusal or a failure


class FilesMixin(_Base):
    if TYPE_CHECKING:  # provided by MainWindow
        from PySide6.QtWidgets import QLabel

        from ui.start import StartWidget

        doc: Document | None
        prompter: WindowPrompter
        start: StartWidget
        read_only_label: QLabel
        untitled_name: str

        def message(self, text: str, ms: int = 8000) -> None: ...
        def commit_edits(self, quiet: bool = False) -> bool: ...
        def set_document(self, doc: Document | None, untitled: str = "未命名报告") -> None: ...
        def display_name(self) -> str: ...
        def _update_title(self) -> None: ...
        def _update_actions(self) -> None: ...

    # ================================================================== files
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False means the clerk cancelled."""
        if self.doc is None:
            return True
        if not self.commit_edits():
            return False  # a value the clerk typed is refused: stay so that it can be corrected
        if not self.doc.is_modified():
            return True
        choice = dialogs.ask(self, APP_NAME, f"“{self.display_name()}”有未保存的修改。是否保存？",
                             ["保存(&S)", "不保存(&N)", "取消"], default=0, escape=CANCEL,
                             icon=QMessageBox.Icon.Warning)
        if choice == SAVE:
            return self.save()
        return choice == DISCARD

    def _release(self) -> None:
        """Let go of the open file: its lock (only if still ours) and its recovery copy."""
        if self.doc is not None:
            self.doc.file.close()

    def close_report(self) -> bool:
        if not self.maybe_save():
            return False
        self._release()
        self.set_document(None)
        return True

    @staticmethod
    def default_folder() -> str:
        return default_folder()

    def open_dialog(self) -> None:
        folder = self.default_folder()
        path = dialogs.open_file(self, "打开报告", folder)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        if os.path.exists(path) and os.path.samefile(path, example_report_path()):
            self.open_example()  # the bundled example always opens as an untitled copy
            return self.doc is not None
        if self.doc is not None and self.doc.path and os.path.abspath(self.doc.path) == os.path.abspath(path):
            self.message("这个报告已经打开。")
            return True
        if not self.maybe_save():
            return False
        crashed = self._recoveries_of(path)
        if crashed:
            e = crashed[0]
            choice = dialogs.ask(self, "恢复未保存的内容",
                                 f"“{os.path.basename(path)}”上次没有正常保存就退出了。找到自动保存的内容：\n\n{e.describe()}\n\n"
                                 "恢复：打开自动保存的内容（比文件里的新），检查后保存。\n"
                                 "打开已保存的文件：自动保存的内容仍保留，可随时用“文件 → 恢复未保存的报告…”找回。",
                                 ["恢复(&R)", "打开已保存的文件(&O)", "取消"], default=0, escape=2,
                                 icon=QMessageBox.Icon.Warning)
            if choice == 2:
                return False
            if choice == 0:
                self._release()
                self.set_document(None)
                return self._restore(e)
        self._release()
        self.set_document(None)
        opened = OpenDocument.open(path, self.prompter)
        if opened is None:  # unreadable (the clerk was told why) or cancelled
            if not os.path.exists(path):
                remove_recent(path)
                self.start.refresh()
            return False
        self.set_document(Document(opened.report, file=opened))
        add_recent(path)
        self.message(f"已打开 {path}")
        return True

    def new_report(self) -> None:
        dlg = NewReportDialog(self)
        if not dlg.exec():
            return
        if not self.maybe_save():
            return
        self._release()
        self.set_document(Document(dlg.report()))
        self.message("已新建报告。请逐步填写，完成后保存（Ctrl+S）。")

    def open_example(self) -> None:
        if not self.maybe_save():
            return
        try:
            report = load_report(example_report_path())
        except ProjectFileError as e:
            dialogs.error(self, "无法打开示例", str(e))
            return
        self._release()
        self.set_document(Document(report), "示例报告（副本）")
        self.message("这是示例报告的副本；保存时请另选位置。")

    def start_from_last_year(self) -> None:
        folder = self.default_folder()
        path = dialogs.open_file(self, "选择上一年度的报告", folder)
        if not path:
            return
        try:
            last = load_report(path)
        except ProjectFileError as e:
            dialogs.error(self, "无法打开", str(e))
            return
        if not self.maybe_save():
            return
        try:
            from model.carry import next_year  # rarely needed: imported on first use

            report = next_year(last, os.path.basename(path))
        except ValueError as e:
            dialogs.error(self, "无法开始新年度", str(e))
            return
        self._release()
        doc = Document(report)
        self.set_document(doc, f"{report.organ_name}{report.year}年报告")
        doc.mark_modified()
        self.message(f"已根据{last.year}年报告创建{report.year}年报告：结转数和正文已带入，请另存为新文件。")
        suggested = os.path.join(os.path.dirname(path), project_file_stem(report.year, report.organ_name) + EXTENSION)
        self.save_as(suggested)

    def start_from_published(self) -> bool:
        """从已发布的年报开始: last year's report as published (Word, a saved web page, a PDF,
        copied text) read by its labels off the window's thread; the preview shows what was
        recognised and takes the clerk's corrections; then last year's report is saved as a
        project and this year's is started from it (the link the cross-year checks use), or
        the imported report opens as it is."""
        from model.importreport import import_report, import_text
        from model.importreport.review import ImportReview
        from model.limits import InputError
        from model.xlsx.common import Cancelled
        from ui.import_preview import CANCEL, OPEN_IMPORTED
        from ui.xlsx_dialogs import run_with_progress

        source = dialogs.choose_import_source(self)
        if source is None:
            return False
        kind, pasted = source
        folder = self.default_folder()
        if kind == "file":
            path = dialogs.open_file(self, "选择已发布的年报", folder,
                                     "已发布的年报 (*.docx *.html *.htm *.pdf *.txt);;所有文件 (*)")
            if not path:
                return False
            name = os.path.basename(path)
            folder = os.path.dirname(path)

            def work(progress):
                return import_report(path, progress=progress)
        else:
            name = "粘贴的文字"

            def work(progress):
                return import_text(pasted, progress=progress)
        try:
            result = run_with_progress(self, "从已发布的年报开始", f"正在读取“{name}”……", work)
        except Cancelled:
            self.message("已取消导入，没有改动任何内容。")
            return False
        except InputError as e:
            dialogs.error(self, "无法导入", str(e))
            return False
        except OSError as e:
            dialogs.error(self, "无法导入", describe_os_error(e, name, "读取"))
            return False
        review = ImportReview(result, name)
        choice = dialogs.review_import(self, review)
        if choice == CANCEL or not self.maybe_save():
            return False
        r = review.accept()
        self._release()
        doc = Document(r)
        self.set_document(doc, f"{r.organ_name}{r.year}年报告（导入）")
        doc.mark_modified()
        if choice == OPEN_IMPORTED:
            self.message("已导入已发布的年报：请逐步核对，空白的单元格是原文中空着的。保存后可“从上年报告开始”。")
            return True
        # last year's report becomes a project first: this year's links to it
        stem = project_file_stem(r.year, r.organ_name)
        if (not self.save_as(os.path.join(folder, stem + EXTENSION), f"保存导入的{r.year}年报告（上年报告）")
                or self.doc is None or not self.doc.path):
            self.message(f"导入的{r.year}年报告还没有保存：保存后可用“从上年报告开始”建立{r.year + 1}年报告。")
            return True
        last_path = self.doc.path
        try:
            from model.carry import next_year

            report = next_year(r, os.path.basename(last_path))
        except ValueError as e:
            dialogs.error(self, "无法开始新年度", str(e))
            return True
        self._release()
        doc = Document(report)
        self.set_document(doc, f"{report.organ_name}{report.year}年报告")
        doc.mark_modified()
        self.message(f"已把导入的{r.year}年报告保存为“{os.path.basename(last_path)}”，并据此创建{report.year}年报告："
                     "结转数和正文已带入，请另存为新文件。")
        self.save_as(os.path.join(os.path.dirname(last_path),
                                  project_file_stem(report.year, report.organ_name) + EXTENSION),
                     f"保存{report.year}年报告")
        return True

    def save(self) -> bool:
        if self.doc is None or not self.commit_edits():
            return False
        result = self.doc.file.save(self.prompter)
        if result == SaveResult.SAVE_AS:
            return self.save_as()
        if result != SaveResult.SAVED:
            return False
        self._saved()
        return True

    def save_as(self, suggested: str = "", title: str = "另存为") -> bool:
        if self.doc is None or not self.commit_edits():
            return False
        if not suggested:
            suggested = self.doc.path or os.path.join(
                self.default_folder(),
                project_file_stem(self.doc.report.year, self.doc.report.organ_name) + EXTENSION)
        path = dialogs.save_file(self, title, suggested)
        if not path:
            return False
        if not path.lower().endswith(EXTENSION):
            path += EXTENSION
        if not self.doc.file.save_as(os.path.abspath(path), self.prompter):
            return False
        self._saved()
        self.read_only_label.hide()
        self._update_actions()
        return True

    def _saved(self) -> None:
        assert self.doc is not None and self.doc.path
        self.doc.mark_saved()
        add_recent(self.doc.path)
        self.message(f"已保存到 {self.doc.path}")
        self._update_title()

    # ================================================================== autosave & recovery
    def autosave(self) -> Path | None:
        if self.doc is None:
            return None
        self.commit_edits(quiet=True)
        if not self.doc.is_modified():
            return None
        try:
            target = self.doc.file.autosave()
        except OSError as e:
            self.message(f"自动保存失败：{describe_os_error(e, str(recovery.app_data_dir()))}")
            return None
        self.message("已自动保存恢复副本。", 3000)
        return target

    def recover_dialog(self) -> bool:
        """文件 → 恢复未保存的报告…: at any time, not only at start-up."""
        if not recovery.list_recoveries():
            dialogs.info(self, "恢复未保存的报告", "没有找到需要恢复的报告：所有自动保存的副本都属于正常运行中的窗口，或已经处理过。")
            return False
        if not self.maybe_save():
            return False
        return self.offer_recovery(from_menu=True)

    def offer_recovery(self, from_menu: bool = False) -> bool:
        """At start (or from the file menu): offer to restore what a crashed session autosaved."""
        entries = recovery.list_recoveries()
        if not entries:
            return False
        e = entries[0]
        more = f"\n\n（另有{len(entries) - 1}份恢复副本。）" if len(entries) > 1 else ""
        intro = "找到自动保存的内容" if from_menu else "年报助手上次没有正常退出。找到自动保存的内容"
        choice = dialogs.ask(self, "恢复未保存的报告",
                             f"{intro}：\n\n{e.describe()}\n\n是否恢复？{more}",
                             ["恢复(&R)", "放弃(&D)", "以后再说"], default=0, escape=2)
        if choice == 2:
            return False
        if choice == 1:
            recovery.discard(e)
            return False
        if self.doc is not None:  # from the menu: the report shown was settled by maybe_save
            self._release()
            self.set_document(None)
        return self._restore(e)

    @staticmethod
    def _recoveries_of(path: str) -> list[recovery.RecoveryEntry]:
        """Recovery copies a crashed session left of this very file."""
        def same(a: str) -> bool:
            try:
                return os.path.samefile(a, path)
            except OSError:
                return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(path))

        return [e for e in OpenDocument.recoveries() if e.original and same(e.original)]

    def _restore(self, e: recovery.RecoveryEntry) -> bool:
        restored = OpenDocument.restore(e, self.prompter)
        if restored is None:
            return False
        doc = Document(restored.report, file=restored)
        self.set_document(doc, "恢复的报告")
        doc.mark_modified()
        if doc.path:
            add_recent(doc.path)
        self.message("已恢复自动保存的内容，请检查后保存。")
        return True
