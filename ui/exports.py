"""The window's exports: Excel (through ``ui.xlsx_dialogs``), PDF, Word, HTML, the web copy and
print, each after the one final-or-draft question (``model.finality``).  A mixin of ``MainWindow``."""

from __future__ import annotations

import os
import tempfile
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from model.files import approval_path_for, export_file_stem
from model.fserrors import describe_os_error
from ui import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as _Base
else:
    _Base = object


def pdf_viewer_available() -> bool:
    """Whether the system has a program for PDF files (opening one can fail silently)."""
    import shutil
    import subprocess
    import sys

    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        buf = ctypes.create_unicode_buffer(520)
        # AssocQueryStringW(ASSOCF_NONE, ASSOCSTR_EXECUTABLE, ".pdf", "open", …)
        size = ctypes.c_ulong(len(buf))
        res = ctypes.windll.shlwapi.AssocQueryStringW(0, 2, ".pdf", "open", buf, ctypes.byref(size))  # type: ignore[attr-defined]
        return res == 0 and bool(buf.value)
    if sys.platform == "darwin":  # pragma: no cover
        return True
    tool = shutil.which("xdg-mime")
    if tool is None:
        return shutil.which("xdg-open") is not None
    try:
        out = subprocess.run([tool, "query", "default", "application/pdf"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.stdout.strip())


class ExportsMixin(_Base):
    if TYPE_CHECKING:  # provided by MainWindow
        from ui.editing import Document
        from ui.pages import ReviewPage

        doc: Document | None
        _print_dir: Path | None

        def message(self, text: str, ms: int = 8000) -> None: ...
        def commit_edits(self, quiet: bool = False) -> bool: ...
        def default_folder(self) -> str: ...
        def _review_page(self) -> ReviewPage | None: ...

    # ================================================================== data menu (ui/xlsx_dialogs)
    def _apply_import(self, result: object) -> None:
        if not result or self.doc is None:
            return
        changes, text = cast("tuple[dict[Any, Any], str]", result)
        if not changes:
            self.message("没有导入任何数值。")
            return
        fmt = self.doc.report.format
        ok = {k: v for k, v in changes.items() if fmt.has_cell(k) and not fmt.is_computed(k)}
        if self.doc.set_cells(ok, text or "导入Excel"):
            self.message(f"{text or '已导入'}：{len(ok)}个单元格（可按Ctrl+Z撤销）")

    def _call_xlsx(self, call: Callable[[types.ModuleType], object]) -> object:
        """Run one of ``ui.xlsx_dialogs``' dialogs: ``call(module)``."""
        from ui import xlsx_dialogs  # imported on first use: keeps openpyxl out of start-up

        try:
            return call(xlsx_dialogs)
        except Exception as e:  # noqa: BLE001 - never lose the clerk's work over a helper's bug
            dialogs.error(self, "Excel功能出错", f"操作未完成：{e}")
            return None

    def import_xlsx(self) -> None:
        if self.doc is not None and self.commit_edits():
            report = self.doc.report
            self._apply_import(self._call_xlsx(lambda m: m.run_import_dialog(self, report)))

    def import_ledger(self) -> None:
        if self.doc is not None and self.commit_edits():
            report = self.doc.report
            self._apply_import(self._call_xlsx(lambda m: m.run_ledger_import_dialog(self, report)))

    def export_xlsx(self) -> None:
        if self.doc is not None and self.commit_edits():
            report, suggested = self.doc.report, self._suggest(".xlsx")
            self._call_xlsx(lambda m: m.run_export_xlsx_dialog(self, report, suggested))

    def ledger_template(self) -> None:
        year = self.doc.report.year if self.doc is not None else None
        self._call_xlsx(lambda m: m.run_ledger_template_dialog(self, year))

    def merge_reports(self) -> None:
        self._call_xlsx(lambda m: m.run_merge_dialog(self))

    def audit_reports(self) -> None:
        self._call_xlsx(lambda m: m.run_audit_dialog(self))

    # ================================================================== PDF & print
    def _suggest(self, ext: str) -> str:
        assert self.doc is not None
        if self.doc.path:
            return str(Path(self.doc.path).with_suffix(ext))
        r = self.doc.report
        return os.path.join(self.default_folder(), export_file_stem(r.year, r.organ_name) + ext)

    @staticmethod
    def _pdf_writer():  # type: ignore[no-untyped-def]
        from model.pdf import export_pdf  # imported on first use: keeps reportlab out of start-up

        return export_pdf

    def _confirm_final(self, what: str) -> bool | None:
        """Final or draft?  True: final (no 草稿 mark), False: draft, None: cancelled.  A clean
        report is final without a question; errors make a draft; anything else unfinished is
        asked once, listing what remains."""
        from model.finality import final_question, unfinished

        assert self.doc is not None
        left = unfinished(self.doc.report, self.doc.findings)
        if left.clean:
            return True
        if left.errors:
            choice = dialogs.ask(self, what, f"报告中还有{left.summary()}（见“检查与导出”），只能{what}带“草稿”标记的版本，"
                                 "不得发布。仍要继续吗？", [f"{what}草稿(&D)", "取消"], default=1, escape=1,
                                 icon=QMessageBox.Icon.Warning)
            return None if choice != 0 else False
        choice = dialogs.ask(self, what, final_question(left, what), [f"{what}正式版(&F)", f"{what}草稿(&D)", "取消"],
                             default=1, escape=2, icon=QMessageBox.Icon.Warning,
                             detail="正式版没有“草稿”标记，可以发布；草稿标注“草稿”，不得发布。")
        return {0: True, 1: False}.get(choice)

    def _approval_options(self) -> tuple[bool, bool]:
        review = self._review_page()  # a review page never shown has the boxes unticked
        if review is None:
            return False, False
        return review.approval.isChecked(), review.approval.isChecked() and review.approval_inline.isChecked()

    def export_pdf(self) -> str | None:
        if self.doc is None or not self.commit_edits():
            return None
        writer = self._pdf_writer()
        final = self._confirm_final("导出")
        if final is None:
            return None
        path = dialogs.save_file(self, "导出PDF", self._suggest(".pdf"), "PDF文件 (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        sheet, inline = self._approval_options()
        had_sheet = sheet and not inline and approval_path_for(path).exists()
        try:
            result = writer(self.doc.report, path, approval_sheet=sheet, approval_inline=inline, final=final)
        except OSError as e:
            dialogs.error(self, "导出失败", f"PDF未能生成：{describe_os_error(e, path)}")
            return None
        except Exception as e:  # noqa: BLE001
            dialogs.error(self, "导出失败", f"PDF未能生成：{e}")
            return None
        kind = "正式版" if final and not getattr(result, "draft", False) else "草稿（每页有“草稿”标记）"
        extra = ""
        approval = getattr(result, "approval_path", None)
        if approval is not None:
            extra = f"；审签单另存为 {os.path.basename(approval)}（不要对外发布{'，已替换原有的同名文件' if had_sheet else ''}）"
        self.message(f"已导出PDF{kind}：{path}{extra}")
        return path

    @staticmethod
    def _word_writer():  # type: ignore[no-untyped-def]
        from model.wordexport import export_docx  # imported on first use: keeps python-docx out of start-up

        return export_docx

    @staticmethod
    def _html_module():  # type: ignore[no-untyped-def]
        from model import htmlexport

        return htmlexport

    def _export_other(self, what: str, ext: str, filt: str, write: Callable[[str, bool], object]) -> str | None:
        """导出Word / 导出网页: the same final-or-draft question as the PDF, then ``write(path, final)``."""
        if self.doc is None or not self.commit_edits():
            return None
        final = self._confirm_final("导出")
        if final is None:
            return None
        path = dialogs.save_file(self, f"导出{what}", self._suggest(ext), filt)
        if not path:
            return None
        if not path.lower().endswith(ext):
            path += ext
        try:
            result = write(path, final)
        except OSError as e:
            dialogs.error(self, "导出失败", f"{what}未能生成：{describe_os_error(e, path)}")
            return None
        except Exception as e:  # noqa: BLE001 - never lose the clerk's work over a writer's bug
            dialogs.error(self, "导出失败", f"{what}未能生成：{e}")
            return None
        kind = "正式版" if final and not getattr(result, "draft", False) else "草稿（标注“草稿”）"
        self.message(f"已导出{what}{kind}：{path}")
        return path

    def export_docx(self) -> str | None:
        if self.doc is None:
            return None
        writer, report = self._word_writer(), self.doc.report
        return self._export_other("Word", ".docx", "Word文档 (*.docx)",
                                  lambda path, final: writer(report, path, final=final))

    def export_html(self) -> str | None:
        if self.doc is None:
            return None
        mod, report = self._html_module(), self.doc.report
        return self._export_other("网页", ".html", "网页 (*.html *.htm)",
                                  lambda path, final: mod.export_html(report, path, final=final))

    def copy_html(self) -> bool:
        """复制网页版: the report as HTML and as plain text on the clipboard, for pasting into the
        website's editor (which keeps inline styles only)."""
        if self.doc is None or not self.commit_edits():
            return False
        final = self._confirm_final("复制")
        if final is None:
            return False
        from PySide6.QtCore import QMimeData
        from PySide6.QtGui import QGuiApplication

        html, text = self._html_module().clipboard_texts(self.doc.report, final=final)
        data = QMimeData()
        data.setHtml(html)
        data.setText(text)
        QGuiApplication.clipboard().setMimeData(data)
        self.message("已复制网页版（" + ("正式版" if final else "草稿") + "）：在网站编辑器中按 Ctrl+V 粘贴。")
        return True

    def _print_folder(self) -> Path:
        """A private folder of this window for print files (never a name from the report)."""
        if self._print_dir is None or not self._print_dir.is_dir():
            self._print_dir = Path(tempfile.mkdtemp(prefix="nianbao-print-"))
        return self._print_dir

    def print_report(self) -> str | None:
        if self.doc is None or not self.commit_edits():
            return None
        writer = self._pdf_writer()
        final = self._confirm_final("打印")
        if final is None:
            return None
        fd, path = tempfile.mkstemp(prefix="年度报告-", suffix=".pdf", dir=self._print_folder())
        os.close(fd)
        sheet, _inline = self._approval_options()
        try:
            # printed for signing: the 审签单 (when chosen) comes out with the report
            writer(self.doc.report, path, approval_sheet=sheet, approval_inline=True, final=final)
        except Exception as e:  # noqa: BLE001
            dialogs.error(self, "打印失败", f"PDF未能生成：{e}")
            return None
        if not pdf_viewer_available() or not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            dialogs.warning(self, "打印", f"这台电脑上没有找到PDF阅读器，无法直接打印。文件已生成：\n{path}\n"
                            "请安装PDF阅读器，或把文件复制到能打印的电脑上打开后打印。")
            self.message(f"未能打开PDF阅读器；打印文件：{path}")
        else:
            self.message("已交给PDF阅读器打开，请在其中打印。如果没有出现阅读器窗口，请打开：" + path, 15000)
        return path
