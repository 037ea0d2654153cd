"""The main window: start screen, the wizard (steps list + pages), menus, files, autosave
and the lock file."""

from __future__ import annotations

import os
import tempfile
import types
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast, overload

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from model import APP_NAME, APP_VERSION, recovery
from model.carry import next_year
from model.checks import Finding, apply_fix
from model.document import OpenDocument, SaveResult
from model.fserrors import describe_os_error
from model.resources import example_report_path
from model.storage import EXTENSION, ProjectFileError, load_report
from model.wizard import BASIC, REVIEW, Wizard
from ui import dialogs
from ui.document import Document
from ui.pages import (
    SEVERITY_COLORS,
    BasicInfoPage,
    Page,
    ReviewPage,
    SectionPage,
    dot_icon,
)
from ui.settings import add_recent, default_folder, recent_files, remove_recent, settings
from ui.start import NewReportDialog, StartWidget

AUTOSAVE_MS = 60_000


class WindowPrompter:
    """``model.document.Prompter`` with the window's dialogs."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask(self, title: str, text: str, choices: list[str], default: int, escape: int) -> int:
        return dialogs.ask(self.parent, title, text, choices, default=default, escape=escape, icon=QMessageBox.Icon.Warning)

    def tell(self, title: str, text: str) -> None:
        dialogs.error(self.parent, title, text)  # every message it tells is a refusal or a failure


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


def approval_path(pdf: str) -> str:
    """The separate 审签单 file next to ``pdf`` (as model.pdf.approval_path_for names it)."""
    base, ext = os.path.splitext(pdf)
    return f"{base}-审签单{ext or '.pdf'}"


def safe_file_name(name: str) -> str:
    """A file name proposed from the organ name: no folder parts, no characters Windows
    refuses, not too long."""
    out = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return (out or "报告")[:60]  # 60 CJK characters are 180 bytes: room for a year, a suffix and ".bak"
SAVE, DISCARD, CANCEL = 0, 1, 2


class PageList(Sequence[QWidget]):
    """The wizard's pages, built on first use: opening a report builds only the page shown,
    the other seven (three of them with large grids) when first visited or asked for.
    ``pages[i]`` builds page i if needed; ``built(i)`` never builds."""

    def __init__(self, count: int = 0, build: Callable[[int], QWidget] | None = None) -> None:
        self._items: list[QWidget | None] = [None] * count
        self._build = build

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> QWidget: ...

    @overload
    def __getitem__(self, i: slice) -> list[QWidget]: ...

    def __getitem__(self, i: int | slice) -> QWidget | list[QWidget]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._items)))]
        if i < 0:
            i += len(self._items)
        if not 0 <= i < len(self._items):
            raise IndexError(i)
        page = self._items[i]
        if page is None:
            assert self._build is not None
            page = self._items[i] = self._build(i)
        return page

    def __iter__(self) -> Iterator[QWidget]:
        return (self[i] for i in range(len(self._items)))

    def built(self, i: int) -> QWidget | None:
        return self._items[i] if -len(self._items) <= i < len(self._items) else None

    def built_pages(self) -> list[QWidget]:
        return [p for p in self._items if p is not None]


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.doc: Document | None = None
        self.untitled_name = "未命名报告"
        self._print_dir: Path | None = None
        self.pages = PageList()
        self.flow: Wizard | None = None  # the wizard's state (model.wizard); None on the start screen

        self.stack = QStackedWidget()
        self.start = StartWidget()
        self.start.newRequested.connect(self.new_report)
        self.start.openRequested.connect(self.open_dialog)
        self.start.nextYearRequested.connect(self.start_from_last_year)
        self.start.exampleRequested.connect(self.open_example)
        self.start.recentChosen.connect(self.open_path)
        self.stack.addWidget(self.start)

        self.wizard = QWidget()
        wl = QHBoxLayout(self.wizard)
        self.steps = QListWidget()
        self.steps.setAccessibleName("步骤")
        self.steps.setIconSize(QSize(16, 16))
        em = self.fontMetrics().horizontalAdvance("字")
        self.steps.setFixedWidth(int(em * 17))
        self.steps.setSpacing(3)
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        wl.addWidget(self.steps)
        right = QVBoxLayout()
        self.page_stack = QStackedWidget()
        right.addWidget(self.page_stack, 1)
        nav = QHBoxLayout()
        self.read_only_label = QLabel("只读：此文件已被其他人打开，修改请“另存为”。")
        self.read_only_label.setStyleSheet("QLabel { color:#8a4b00; }")
        nav.addWidget(self.read_only_label)
        nav.addStretch(1)
        self.prev_button = QPushButton("上一步(&B)")
        self.next_button = QPushButton("下一步(&N)")
        self.prev_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        right.addLayout(nav)
        wl.addLayout(right, 1)
        self.stack.addWidget(self.wizard)
        self.setCentralWidget(self.stack)
        self.steps.currentRowChanged.connect(self._show_step)

        self._make_actions()
        self._make_menus()
        self.prompter = WindowPrompter(self)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.statusBar().showMessage("就绪")
        self._restore_geometry()
        self._update_title()
        self._update_actions()

    # ================================================================== actions & menus
    def _act(self, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(lambda _=False: slot())
        return a

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.a_new = self._act("新建报告(&N)…", self.new_report, K.New)
        self.a_open = self._act("打开(&O)…", self.open_dialog, K.Open)
        self.a_next_year = self._act("从上年报告开始(&L)…", self.start_from_last_year, "Ctrl+Shift+N")
        self.a_example = self._act("打开示例报告(&E)", self.open_example)
        self.a_save = self._act("保存(&S)", self.save, K.Save)
        self.a_save_as = self._act("另存为(&A)…", self.save_as, "Ctrl+Shift+S")
        self.a_pdf = self._act("导出PDF(&D)…", self.export_pdf, "Ctrl+E")
        self.a_print = self._act("打印(&P)…", self.print_report, K.Print)
        self.a_docx = self._act("导出Word(&W)…", self.export_docx, "Ctrl+Shift+E")
        self.a_html = self._act("导出网页(&H)…", self.export_html)
        self.a_copy_html = self._act("复制网页版(&Y)", self.copy_html, "Ctrl+Shift+C",
                                     "把报告复制为网页格式，直接粘贴到网站的编辑器")
        self.a_close = self._act("关闭报告(&C)", self.close_report, K.Close)
        self.a_quit = self._act("退出(&X)", self.close, "Ctrl+Q")
        self.a_undo = self._act("撤销(&U)", self.undo, K.Undo)
        self.a_redo = self._act("重做(&R)", self.redo, "Ctrl+Y")
        self.a_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.a_prev = self._act("上一步(&B)", self.go_previous, "Ctrl+PgUp")
        self.a_next = self._act("下一步(&N)", self.go_next, "Ctrl+PgDown")
        self.a_check = self._act("检查与导出(&K)", lambda: self.goto_key(REVIEW), "F7")
        self.a_import = self._act("导入Excel表格(&I)…", self.import_xlsx)
        self.a_ledger = self._act("从申请台账导入(&L)…", self.import_ledger)
        self.a_export_xlsx = self._act("导出Excel(&X)…", self.export_xlsx)
        self.a_template = self._act("生成台账模板(&T)…", self.ledger_template)
        self.a_merge = self._act("汇总多份报告(&M)…", self.merge_reports)
        self.a_fix = self._act("自动修正所选问题(&F)", self.fix_selected, "Ctrl+Shift+F",
                               "在“检查与导出”中选中一条可以修正的问题后执行（也可按 Ctrl+Enter）")
        self.a_recover = self._act("恢复未保存的报告(&V)…", self.recover_dialog)
        self.a_help = self._act("使用说明(&H)", self.show_help, K.HelpContents)
        self.a_about = self._act("关于年报助手(&A)", self.show_about)

    def _make_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        for a in (self.a_new, self.a_open, self.a_next_year, self.a_example):
            m.addAction(a)
        self.recent_menu = m.addMenu("最近文件(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addAction(self.a_recover)
        m.addSeparator()
        for a in (self.a_save, self.a_save_as):
            m.addAction(a)
        m.addSeparator()
        for a in (self.a_pdf, self.a_docx, self.a_html, self.a_copy_html, self.a_print):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.a_close)
        m.addAction(self.a_quit)
        e = mb.addMenu("编辑(&E)")
        e.addAction(self.a_undo)
        e.addAction(self.a_redo)
        e.addSeparator()
        e.addAction(self.a_fix)
        self.go_menu = mb.addMenu("转到(&G)")
        d = mb.addMenu("数据(&D)")
        for a in (self.a_import, self.a_ledger, self.a_export_xlsx):
            d.addAction(a)
        d.addSeparator()
        d.addAction(self.a_template)
        d.addAction(self.a_merge)
        h = mb.addMenu("帮助(&H)")
        h.addAction(self.a_help)
        h.addAction(self.a_about)
        for a in (self.a_prev, self.a_next, self.a_check):
            self.addAction(a)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        for i, p in enumerate(files):
            a = QAction(f"&{i + 1} {os.path.basename(p)}", self.recent_menu)
            a.setStatusTip(p)
            a.triggered.connect(lambda _=False, pp=p: self.open_path(pp))
            self.recent_menu.addAction(a)
        if not files:
            a = QAction("（无）", self.recent_menu)
            a.setEnabled(False)
            self.recent_menu.addAction(a)

    def _update_actions(self) -> None:
        has = self.doc is not None
        for a in (self.a_save, self.a_save_as, self.a_pdf, self.a_docx, self.a_html, self.a_copy_html, self.a_print,
                  self.a_close, self.a_prev, self.a_next,
                  self.a_check, self.a_import, self.a_ledger, self.a_export_xlsx):
            a.setEnabled(has)
        if has:
            assert self.doc is not None
            ro = self.doc.read_only
            self.a_import.setEnabled(not ro)
            self.a_ledger.setEnabled(not ro)
            self.a_undo.setEnabled(self.doc.undo_stack.canUndo())
            self.a_redo.setEnabled(self.doc.undo_stack.canRedo())
            self.a_undo.setText(f"撤销“{self.doc.undo_stack.undoText()}”(&U)" if self.doc.undo_stack.canUndo() else "撤销(&U)")
            self.a_redo.setText(f"重做“{self.doc.undo_stack.redoText()}”(&R)" if self.doc.undo_stack.canRedo() else "重做(&R)")
        else:
            self.a_undo.setEnabled(False)
            self.a_redo.setEnabled(False)
        self._update_fix_action()

    def _review_page(self) -> ReviewPage | None:
        page = self.pages.built(-1) if len(self.pages) else None
        return page if isinstance(page, ReviewPage) else None

    def _update_fix_action(self) -> None:
        review = self._review_page()
        f = review.fixable_finding() if review is not None else None
        self.a_fix.setEnabled(f is not None)
        self.a_fix.setText(f"自动修正所选问题：{f.fix.label}(&F)" if f is not None and f.fix else "自动修正所选问题(&F)")

    def fix_selected(self) -> None:
        review = self._review_page()
        f = review.fixable_finding() if review is not None else None
        if f is None:
            self.message("请先在“检查与导出”中选中一条可以自动修正的问题。")
            return
        self.apply_finding_fix(f)

    # ================================================================== title & state
    def display_name(self) -> str:
        if self.doc is None:
            return ""
        return os.path.basename(self.doc.path) if self.doc.path else self.untitled_name

    def _update_title(self) -> None:
        if self.doc is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        ro = "（只读）" if self.doc.read_only else ""
        self.setWindowTitle(f"{self.display_name()}[*]{ro} — {APP_NAME}")
        self.setWindowModified(self.doc.is_modified())

    def message(self, text: str, ms: int = 8000) -> None:
        self.statusBar().showMessage(text, ms)

    # ================================================================== document
    def set_document(self, doc: Document | None, untitled: str = "未命名报告") -> None:
        old = self.doc
        self.doc = doc
        self.untitled_name = untitled
        self._clear_pages()
        if old is not None:
            old.deleteLater()
        if doc is None:
            self.stack.setCurrentWidget(self.start)
            self.start.refresh()
        else:
            doc.setParent(self)
            doc.modifiedChanged.connect(self._on_modified)
            doc.undo_stack.indexChanged.connect(self._on_undo_index)
            doc.findingsChanged.connect(self._update_steps)
            # an edit, undo or redo makes the last refusal or result message stale
            doc.cellsChanged.connect(self._clear_status)
            doc.undo_stack.indexChanged.connect(self._clear_status)
            doc.formatChanged.connect(self._rebuild_pages)
            self._build_pages()
            self.stack.setCurrentWidget(self.wizard)
            self.read_only_label.setVisible(doc.read_only)
        self._update_title()
        self._update_actions()

    def _clear_status(self, *_: object) -> None:
        self.statusBar().clearMessage()

    def _on_modified(self, _modified: bool) -> None:
        self._update_title()

    def _on_undo_index(self, _i: int) -> None:
        self._update_actions()

    def _clear_pages(self) -> None:
        self.steps.blockSignals(True)
        self.steps.clear()
        self.steps.blockSignals(False)
        while self.page_stack.count():
            w = self.page_stack.widget(0)
            self.page_stack.removeWidget(w)
            w.deleteLater()
        self.pages = PageList()
        self.flow = None
        self.go_menu.clear()

    def _build_pages(self, step: int = 0) -> None:
        """The steps list and the 转到 menu, then show ``step``; a page itself is made when
        it is first shown or asked for (``_make_page``)."""
        doc = self.doc
        assert doc is not None
        self.flow = Wizard(doc.report.format)
        self.pages = PageList(len(self.flow), self._make_page)
        self.steps.blockSignals(True)
        for i, title in enumerate(s.title for s in self.flow.steps):
            it = QListWidgetItem(title)
            it.setData(Qt.ItemDataRole.UserRole, title)
            self.steps.addItem(it)
            a = QAction(f"&{i + 1} {title}", self.go_menu)
            a.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            a.triggered.connect(lambda _=False, n=i: self.goto_step(n))
            self.go_menu.addAction(a)
        self.go_menu.addSeparator()
        self.go_menu.addAction(self.a_prev)
        self.go_menu.addAction(self.a_next)
        self.steps.blockSignals(False)
        self._update_steps()
        self.goto_step(min(max(0, step), len(self.flow) - 1))

    def _make_page(self, i: int) -> QWidget:
        doc = self.doc
        assert doc is not None
        key = self.step_keys[i]
        page: QWidget
        if key == BASIC:
            page = BasicInfoPage(doc)
        elif key == REVIEW:
            review = ReviewPage(doc)
            review.findingChosen.connect(self.goto_finding)
            review.sectionChosen.connect(self.goto_key)
            review.fixRequested.connect(self.apply_finding_fix)
            review.currentChanged.connect(self._update_fix_action)
            review.exportPdf.connect(self.export_pdf)
            review.printRequested.connect(self.print_report)
            review.exportXlsx.connect(self.export_xlsx)
            review.exportDocx.connect(self.export_docx)
            review.exportHtml.connect(self.export_html)
            review.copyHtml.connect(self.copy_html)
            review.message.connect(self.message)
            page = review
        else:
            page = SectionPage(doc, key)
        if isinstance(page, Page):
            page.message.connect(self.message)
            page.findingChosen.connect(self.goto_finding)
            page.fixRequested.connect(self.apply_finding_fix)
        self.page_stack.addWidget(page)  # the stack holds the pages built so far, in any order
        return page

    def _rebuild_pages(self) -> None:
        cur = self.steps.currentRow()
        self._clear_pages()
        self._build_pages(cur)

    def _update_steps(self) -> None:
        doc, flow = self.doc, self.flow
        if doc is None or flow is None:
            return
        for i, step in enumerate(flow.steps):
            it = self.steps.item(i)
            if it is None:
                continue
            st = flow.state(i, doc.findings)  # the review step sums up the whole report
            it.setText(f"{step.title}\n{st.text}")
            it.setIcon(dot_icon(SEVERITY_COLORS[st.level]))
            it.setToolTip(f"{step.title}：{st.text}")

    @property
    def step_keys(self) -> list[str]:
        return self.flow.keys if self.flow is not None else []

    def step_text(self, key: str) -> str:
        i = self.step_keys.index(key)
        item = self.steps.item(i)
        return item.text() if item else ""

    # ================================================================== committing
    def commit_edits(self, quiet: bool = False) -> bool:
        """Every path that reads or leaves the report calls this first: what an editor still
        holds (a line edit being typed in, a cell editor open, a date half typed) goes into the
        report.  False when a value cannot be accepted; the caller then stops (the value stays
        where it was typed, with the reason at the field).  ``quiet``: for autosave."""
        if self.doc is None:
            return True
        ok = True
        for page in self.pages.built_pages():
            if isinstance(page, Page | ReviewPage):
                ok = page.commit_edits(quiet) and ok
        if ok and not quiet:
            self.doc.clear_pending()
        self.doc.flush()
        return ok

    # ================================================================== navigation
    def _show_step(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            shown = self.page_stack.currentWidget()
            if self.doc is not None and not self.commit_edits():
                stay = [j for j in range(len(self.pages)) if self.pages.built(j) is shown]
                if stay:  # a value on the page shown is refused: stay there so it can be corrected
                    self.steps.blockSignals(True)
                    self.steps.setCurrentRow(stay[0])
                    self.steps.blockSignals(False)
                    return
            page = self.pages[row]  # built on first visit
            self.page_stack.setCurrentWidget(page)
            if self.flow is not None:
                self.flow.go(row)
            if not self.steps.hasFocus() and isinstance(page, Page | ReviewPage):
                target = page.first_field()  # never the page's scroll area, where keys vanish
                if target is not None:
                    target.setFocus(Qt.FocusReason.OtherFocusReason)
        flow = self.flow
        self.prev_button.setEnabled(flow is not None and flow.can_previous())
        self.next_button.setEnabled(flow is not None and flow.can_next())

    def goto_step(self, n: int) -> None:
        if 0 <= n < len(self.pages):
            self.steps.setCurrentRow(n)
            self._show_step(n)

    def goto_key(self, key: str) -> None:
        if self.flow is not None and key in self.flow.keys:
            self.goto_step(self.flow.index_of(key))

    def current_step(self) -> int:
        return self.flow.current if self.flow is not None else -1

    def go_next(self) -> None:
        if self.flow is not None and self.flow.can_next():
            self.goto_step(self.flow.current + 1)

    def go_previous(self) -> None:
        if self.flow is not None and self.flow.can_previous():
            self.goto_step(self.flow.current - 1)

    def page_for(self, section: str) -> QWidget | None:
        if section in self.step_keys:
            return self.pages[self.step_keys.index(section)]
        return None

    def goto_finding(self, f: Finding) -> None:
        if self.flow is None:
            return
        i = self.flow.step_of(f)
        self.goto_step(i)
        page = self.pages[i]
        if isinstance(page, Page):
            page.show_finding(f)

    # ================================================================== editing
    def undo(self) -> None:
        if self.doc is not None:
            self.doc.undo_stack.undo()

    def redo(self) -> None:
        if self.doc is not None:
            self.doc.undo_stack.redo()

    def apply_finding_fix(self, f: Finding) -> None:
        if self.doc is None or f.fix is None or not self.commit_edits():
            return
        if self.doc.read_only:
            self.message("文件以只读方式打开，不能修改。")
            return
        fix = f.fix
        notes = self.doc.change(fix.label, lambda r: apply_fix(r, fix))
        first = notes[0] if isinstance(notes, list) and notes else ""
        # the status bar gets the first line only; the whole account goes to the dialog below
        self.message(f"已执行“{fix.label}”。{first}（可按Ctrl+Z撤销）")
        if isinstance(notes, list) and len(notes) > 1:
            dialogs.info(self, "修正结果", "\n".join(notes))

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
            report = next_year(last, os.path.basename(path))
        except ValueError as e:
            dialogs.error(self, "无法开始新年度", str(e))
            return
        self._release()
        doc = Document(report)
        self.set_document(doc, f"{report.organ_name}{report.year}年报告")
        doc.mark_modified()
        self.message(f"已根据{last.year}年报告创建{report.year}年报告：结转数和正文已带入，请另存为新文件。")
        suggested = os.path.join(os.path.dirname(path), f"{report.year}-{report.organ_name or '报告'}{EXTENSION}")
        self.save_as(suggested)

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

    def save_as(self, suggested: str = "") -> bool:
        if self.doc is None or not self.commit_edits():
            return False
        if not suggested:
            suggested = self.doc.path or os.path.join(
                self.default_folder(),
                safe_file_name(f"{self.doc.report.year}-{self.doc.report.organ_name or '报告'}") + EXTENSION)
        path = dialogs.save_file(self, "另存为", suggested)
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
        self._call_xlsx(lambda m: m.run_ledger_template_dialog(self))

    def merge_reports(self) -> None:
        self._call_xlsx(lambda m: m.run_merge_dialog(self))

    # ================================================================== PDF & print
    def _suggest(self, ext: str) -> str:
        assert self.doc is not None
        if self.doc.path:
            return str(Path(self.doc.path).with_suffix(ext))
        r = self.doc.report
        return os.path.join(self.default_folder(), safe_file_name(f"{r.organ_name or '报告'}{r.year}年政府信息公开工作年度报告") + ext)

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
        choice = dialogs.ask(self, what, final_question(left), ["导出正式版(&F)", f"{what}草稿(&D)", "取消"],
                             default=1, escape=2, icon=QMessageBox.Icon.Warning,
                             detail="正式版没有“草稿”标记，可以发布；草稿每页都有“草稿”标记。")
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
        had_sheet = sheet and not inline and os.path.exists(approval_path(path))
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

    # ================================================================== help
    def show_help(self) -> None:
        dialogs.info(self, "使用说明", (
            "• 左侧列出全部步骤，可直接单击跳转；Ctrl+PgDown 下一步，Ctrl+PgUp 上一步，Ctrl+1…8 直达。\n"
            "• 表格：直接输入数字；Enter 向下，Tab 向右（跳过灰色的合计格）；Delete 清空；\n"
            "  Ctrl+C / Ctrl+V 可与Excel、WPS互相复制粘贴整块数字。\n"
            "• 灰色单元格自动计算。空白不等于0：没有发生的事项请填0。\n"
            "• 红色为错误、黄色为警告，鼠标停留可看说明；“检查与导出”页汇总全部问题。\n"
            "• Ctrl+Z 撤销，Ctrl+Y 重做，Ctrl+S 保存。每分钟自动保存一份恢复副本。"))

    def show_about(self) -> None:
        dialogs.info(self, "关于年报助手", f"年报助手 {APP_VERSION}\n政府信息公开工作年度报告编制工具（离线使用）。")

    # ================================================================== window
    def _restore_geometry(self) -> None:
        """Last size and place, but never one too small to work in or off every screen (a
        window closed on a small or 200 % screen); maximised again if it was."""
        s = settings()
        em = self.fontMetrics().height()
        g = s.value("window/geometry")
        if isinstance(g, QByteArray) and not g.isEmpty():
            self.restoreGeometry(g)
        screen = self.screen().availableGeometry()
        default = QSize(int(em * 75), int(em * 48)).boundedTo(screen.size())
        small = self.width() < min(int(em * 50), screen.width()) or self.height() < min(int(em * 32), screen.height())
        if not isinstance(g, QByteArray) or g.isEmpty() or small or not screen.intersects(self.frameGeometry()):
            self.resize(default)
            self.move(screen.center() - self.rect().center())
        if s.value("window/maximized") in (True, "true"):
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/maximized", self.isMaximized())
        s.sync()
        self._release()
        if self._print_dir is not None:
            import shutil

            shutil.rmtree(self._print_dir, ignore_errors=True)  # a viewer may still hold a file: left to the system
        event.accept()
