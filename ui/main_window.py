"""The main window: start screen, the wizard (steps list + pages), menus and their wiring.
Files, autosave and recovery are ``ui.files``; exports and print are ``ui.exports``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import overload

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from model import APP_NAME, APP_VERSION
from model.checks import Finding, apply_fix
from model.wizard import BASIC, REVIEW, Wizard
from ui import dialogs
from ui.editing import Document
from ui.exports import ExportsMixin
from ui.files import CANCEL, DISCARD, SAVE, FilesMixin, WindowPrompter, safe_file_name  # noqa: F401 - re-exported
from ui.pages import (
    SEVERITY_COLORS,
    BasicInfoPage,
    Page,
    ReviewPage,
    SectionPage,
    dot_icon,
)
from ui.settings import recent_files, settings
from ui.start import StartWidget

AUTOSAVE_MS = 60_000


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


class MainWindow(FilesMixin, ExportsMixin, QMainWindow):
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
        self.start.publishedRequested.connect(self.start_from_published)
        self.start.exampleRequested.connect(self.open_example)
        self.start.recentChosen.connect(self.open_path)
        self.stack.addWidget(self.start)

        self.wizard = QWidget()
        wl = QHBoxLayout(self.wizard)
        self._title_lines: dict[tuple[str, int], str] = {}  # (title, font height) → its lines
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
        self.a_published = self._act("从已发布的年报开始(&B)…", self.start_from_published,
                                     tip="读取上年已发布的年报（Word .docx、网页 .html、PDF、.txt，或粘贴网站上的文字），核对后据此开始本年度报告")
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
        self.a_audit = self._act("检查已发布的年报(&C)…", self.audit_reports,
                                 tip="县级政务公开办：检查一个文件夹里各单位已发布的年报，列出问题和单位之间的内容雷同")
        self.a_fix = self._act("自动修正所选问题(&F)", self.fix_selected, "Ctrl+Shift+F",
                               "在“检查与导出”中选中一条可以修正的问题后执行（也可按 Ctrl+Enter）")
        self.a_recover = self._act("恢复未保存的报告(&V)…", self.recover_dialog)
        self.a_help = self._act("使用说明(&H)", self.show_help, K.HelpContents)
        self.a_about = self._act("关于年报助手(&A)", self.show_about)

    def _make_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        for a in (self.a_new, self.a_open, self.a_next_year, self.a_published, self.a_example):
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
        d.addAction(self.a_audit)
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

    def _step_title_lines(self, title: str) -> str:
        """The title broken into lines that fit the list with room to spare, in the list's
        own font.  Left to the list's word wrap, a title was cut with “…” where the style
        draws text narrower than it measures (the Windows style: “五、存在的主要问题及改进情况”
        lost its second half and the state line)."""
        fm = self.steps.fontMetrics()
        cached = self._title_lines.get((title, fm.height()))
        if cached is not None:
            return cached  # titles do not change; the states do, at every edit
        em = fm.horizontalAdvance("字")
        room = (self.steps.maximumWidth() - self.steps.iconSize().width() - 2 * self.steps.spacing()
                - 2 * self.steps.frameWidth() - self.steps.verticalScrollBar().sizeHint().width() - 2 * em)
        lines, cur = [], ""
        for ch in title:
            if cur and ch not in "、，）" and fm.horizontalAdvance(cur + ch) > room:
                lines.append(cur)
                cur = ""
            cur += ch
        if lines:
            size = -(-len(title) // (len(lines) + 1))  # as many lines, evened out (CJK: equal widths)
            chunks = [title[i:i + size] for i in range(0, len(title), size)]
            for i in range(1, len(chunks)):
                while chunks[i][:1] in ("、", "，", "）") and chunks[i]:
                    chunks[i - 1], chunks[i] = chunks[i - 1] + chunks[i][0], chunks[i][1:]
            cur = "\n".join(c for c in chunks if c)
        self._title_lines[(title, fm.height())] = cur
        return cur

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
            it.setText(f"{self._step_title_lines(step.title)}\n{st.text}")
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
                    if isinstance(page, Page):
                        page.scroll_area.ensureWidgetVisible(target)  # and never a field out of sight
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
