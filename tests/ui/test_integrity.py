"""Nothing the clerk types is lost or shifted: an edit still open is committed before anything
reads the report, and keyboard entry into a grid lands in the input cells."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea

from model.formats import CellKey
from model.storage import load_report

FAX = "0571-99998888"
CELL = CellKey("t3", "new", "natural")


def _focus(qtbot, w, widget):
    w.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget()),
                    timeout=2000)


def type_fax(qtbot, w):
    """Type into 传真 and leave the cursor there (no editingFinished yet)."""
    w.goto_step(0)
    e = w.pages[0].contact["fax"]
    _focus(qtbot, w, e)
    e.selectAll()
    QTest.keyClicks(e, FAX)
    return lambda r: r.contact.fax == FAX


def type_organ(qtbot, w):
    w.goto_step(0)
    e = w.pages[0].organ
    _focus(qtbot, w, e)
    e.end(False)
    QTest.keyClicks(e, "X")  # QTest cannot synthesise CJK keys
    return lambda r: r.organ_name.endswith("X")


def type_grid(qtbot, w):
    """Open a cell editor by typing and leave it open."""
    i = w.step_keys.index("s3")
    w.goto_step(i)
    view = w.pages[i].view
    view.select_key(CELL)
    _focus(qtbot, w, view)
    QTest.keyClick(view, Qt.Key.Key_5)  # opens the editor with the first digit
    QTest.keyClicks(QApplication.focusWidget(), "7")
    assert view.state() == view.State.EditingState
    return lambda r: r.values.get(CELL) == 57


def type_date(qtbot, w):
    w.goto_step(0)
    page = w.pages[0]
    page.pub_set.setChecked(True)
    _focus(qtbot, w, page.pub)
    old = page.pub.date()
    le = page.pub.findChild(QLineEdit)
    le.setSelection(0, 4)  # the year section
    QTest.keyClicks(page.pub, "2027")
    want = dt.date(2027, old.month(), old.day())
    return lambda r: r.publication_date == want


EDITORS = {"fax": type_fax, "organ": type_organ, "grid": type_grid, "date": type_date}


@pytest.mark.parametrize("editor", list(EDITORS))
def test_ctrl_s_saves_the_edit_still_open(qtbot, opened, samples, editor):
    w = opened("2021-上官乡")
    holds = EDITORS[editor](qtbot, w)
    assert w.isWindowModified(), "an uncommitted edit must show the modified marker"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert holds(load_report(samples / "2021-上官乡.gknb"))
    assert not w.isWindowModified()


@pytest.mark.parametrize("editor", list(EDITORS))
def test_quit_asks_about_the_edit_still_open(qtbot, opened, dialogs, editor):
    w = opened("2021-上官乡")
    holds = EDITORS[editor](qtbot, w)
    dialogs.answers.append(2)  # 取消
    assert not w.close()
    assert dialogs.asked and "未保存" in dialogs.asked[-1]
    assert holds(w.doc.report)


@pytest.mark.parametrize("path", ["step", "autosave", "pdf", "xlsx", "print", "check"])
def test_every_reader_sees_the_edit_still_open(qtbot, opened, dialogs, monkeypatch, tmp_path, path):
    from model import recovery

    w = opened("2021-上官乡")
    holds = type_fax(qtbot, w)
    seen = []
    if path == "step":
        w.goto_step(3)
        seen.append(w.doc.report)
    elif path == "autosave":
        rf = w.autosave()
        assert rf is not None
        seen.append(recovery.load_recovery(rf))
    elif path in ("pdf", "print"):
        monkeypatch.setattr(w, "_pdf_writer", lambda: lambda report, out, **k: (seen.append(report), open(out, "wb").close()))
        from PySide6.QtGui import QDesktopServices

        monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
        monkeypatch.setattr(w, "_confirm_final", lambda what: True, raising=False)
        dialogs.save_paths.append(str(tmp_path / "x.pdf"))
        w.export_pdf() if path == "pdf" else w.print_report()
    elif path == "xlsx":
        monkeypatch.setattr(w, "_call_xlsx", lambda call: seen.append(w.doc.report))
        w.export_xlsx()
    elif path == "check":
        w.a_check.trigger()
        seen.append(w.doc.report)
        assert not any(f.code.startswith("CONTACT") and "传真" in f.message for f in w.doc.findings)
    assert seen and holds(seen[0])


def _type_row(qtbot, view, values):
    for i, v in enumerate(values):
        QTest.keyClicks(QApplication.focusWidget(), v)
        if i < len(values) - 1:
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.wait(5)  # the delegate commits on Return through a queued call


@pytest.mark.parametrize("section,expected", [
    ("s2", {("t2", "guizhang", "issued"): 0, ("t2", "guizhang", "repealed"): 0, ("t2", "guizhang", "effective"): 0,
            ("t2", "guifanxing", "issued"): 2, ("t2", "guifanxing", "repealed"): 1}),
    ("s3", {("t3", "new", "natural"): 3, ("t3", "new", "commercial"): 1, ("t3", "new", "research"): 4,
            ("t3", "new", "public_welfare"): 1}),
    ("s4", {("t4", "cases", "review_upheld"): 5, ("t4", "cases", "review_corrected"): 0}),
])
def test_tab_into_a_grid_lands_on_the_first_input_cell(qtbot, opened, section, expected):
    w = opened("2021-上官乡")
    i = w.step_keys.index(section)
    w.goto_step(i)
    page = w.pages[i]
    for k in expected:
        w.doc.set_cells({CellKey(*k): None})
    # the focus comes from the widget before the grid, by Tab
    before = list(page.editors.values())[-1].edit if page.editors else None
    view = page.view
    if before is not None:
        _focus(qtbot, w, before)
        QTest.keyClick(before, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Tab leaves a text box
        if QApplication.focusWidget() is not view:
            view.clearFocus()
            view.setFocus(Qt.FocusReason.TabFocusReason)
    else:
        view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    assert view.table_model().is_input(view.currentIndex().row(), view.currentIndex().column())
    _type_row(qtbot, view, [str(v) for v in expected.values()])
    got = {k: w.doc.report.values.get(CellKey(*k)) for k in expected}
    assert got == expected


def test_shift_tab_from_below_lands_on_the_last_input_cell(qtbot, opened):
    w = opened("2021-上官乡")
    i = w.step_keys.index("s3")
    w.goto_step(i)
    view = w.pages[i].view
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus(Qt.FocusReason.BacktabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    m = view.table_model()
    cur = view.currentIndex()
    assert m.is_input(cur.row(), cur.column())
    assert (cur.row(), cur.column()) == m.input_positions()[-1]


def test_typing_on_a_header_or_total_is_refused_visibly(qtbot, opened):
    w = opened("2021-上官乡")
    i = w.step_keys.index("s3")
    w.goto_step(i)
    view = w.pages[i].view
    msgs = []
    view.message.connect(msgs.append)
    m = view.table_model()
    _focus(qtbot, w, view)
    total = m.index_of(CellKey("t3", "new", "total"))
    view.setCurrentIndex(total)
    before = w.doc.report.values.copy()
    QTest.keyClicks(view, "5")
    assert msgs and "自动计算" in msgs[-1]
    view.setCurrentIndex(m.index(0, 0))
    QTest.keyClicks(view, "5")
    assert len(msgs) == 2 and "不能填写" in msgs[-1]
    assert w.doc.report.values == before


def test_ctrl_number_and_finding_jump_select_an_input_cell(qtbot, opened):
    w = opened("2021-上官乡")
    i = w.step_keys.index("s2")
    QTest.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert w.steps.currentRow() == i
    view = w.pages[i].view
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    cur = view.currentIndex()
    assert view.table_model().is_input(cur.row(), cur.column())


# ---------------------------------------------------------------------- the review page by keyboard
def _review_item_with_fix(w):
    review = w.pages[-1]
    for it in review.items():
        f = it.data(0, Qt.ItemDataRole.UserRole)
        if f.fix is not None:
            return review, it, f
    raise AssertionError("no finding with a fix")


def test_fix_reachable_by_keyboard_and_menu(qtbot, opened):
    w = opened("2020-清凉峰镇")  # 127 blank cells: a 填0 fix
    w.goto_step(len(w.step_keys) - 1)
    review, it, f = _review_item_with_fix(w)
    review.tree.setCurrentItem(it)
    assert w.a_fix.isEnabled() and f.fix.label in w.a_fix.text()
    before = len(w.doc.report.values)
    _focus(qtbot, w, review.tree)
    QTest.keyClick(review.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(w.doc.report.values) != before
    w.a_undo.trigger()
    assert len(w.doc.report.values) == before
    review, it, f = _review_item_with_fix(w)
    # the context menu offers it too
    acts = [a.text() for a in review.context_actions(it)]
    assert any("定位" in t for t in acts) and any(f.fix.label in t for t in acts)
    review.tree.setCurrentItem(it)
    w.a_fix.trigger()
    assert len(w.doc.report.values) != before


def test_single_click_selects_double_click_jumps(qtbot, opened):
    w = opened("2020-清凉峰镇")
    last = len(w.step_keys) - 1
    w.goto_step(last)
    review = w.pages[-1]
    it = review.items()[0]
    rect = review.tree.visualItemRect(it)
    QTest.mouseClick(review.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.current_step() == last
    assert review.tree.currentItem() is it
    QTest.mouseDClick(review.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.current_step() != last
    assert "双击或按回车" in review.tree.headerItem().text(0)


def test_new_report_after_recovery_is_not_titled_recovered(window, samples, dialogs, monkeypatch):
    import json

    from model import recovery
    from model.report import new_report

    report = load_report(samples / "2021-上官乡.gknb")
    rf = recovery.write_recovery(report, None, "crashed")
    data = json.loads(rf.read_text(encoding="utf-8"))
    data["pid"] = 2**22 + 4321  # a process that has ended
    rf.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    dialogs.answers.append(0)  # 恢复
    assert window.offer_recovery()
    assert "恢复的报告" in window.windowTitle()

    class FakeDialog:
        def __init__(self, parent):
            pass

        def exec(self):
            return True

        def report(self):
            return new_report("某某街道办事处", 2024, "street")

    import ui.files

    monkeypatch.setattr(ui.files, "NewReportDialog", FakeDialog)
    dialogs.answers.append(1)  # 不保存 the recovered report
    window.new_report()
    assert window.doc.report.organ_name == "某某街道办事处"
    assert "恢复的报告" not in window.windowTitle() and "未命名报告" in window.windowTitle()


def test_recovery_is_offered_from_the_file_menu(window, dialogs):
    assert window.a_recover.isEnabled()
    window.a_recover.trigger()
    assert dialogs.infos and "没有" in dialogs.infos[-1]


def test_first_save_dialog_opens_in_documents(window, dialogs, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    from ui import dialogs as dmod
    from ui.editing import Document

    asked = []
    monkeypatch.setattr(dmod, "save_file", lambda parent, title, suggested="", filt="": asked.append(suggested) or "")
    docs = tmp_path / "文档"
    docs.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda loc: str(docs))
    window.set_document(Document(load_report(__import__("tests.conftest").conftest.SAMPLES / "2021-上官乡.gknb")))
    window.save()
    assert asked and os.path.dirname(asked[0]) == str(docs)
    # no 文档 folder on this machine: the home folder, never the program's own folder
    docs.rmdir()
    asked.clear()
    window.save()
    assert asked and os.path.dirname(asked[0]) == os.path.expanduser("~")


def test_window_restores_maximised_and_a_usable_size(qtbot, dialogs):
    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.settings import settings

    make_app()
    w = MainWindow()
    w.resize(300, 200)  # left small (a small or 200 % screen)
    w.showMaximized()
    qtbot.waitUntil(w.isMaximized)
    w.close()
    assert settings().value("window/maximized") in (True, "true")
    w2 = MainWindow()
    w2.show()
    assert w2.isMaximized() or w2.windowState() & Qt.WindowState.WindowMaximized
    w2.setWindowState(Qt.WindowState.WindowNoState)
    w2.close()
    settings().setValue("window/maximized", False)
    w3 = MainWindow()
    em = w3.fontMetrics().height()
    assert w3.width() >= em * 40 and w3.height() >= em * 25
    w3.close()


def test_print_does_not_claim_success_without_a_viewer(opened, dialogs, monkeypatch):
    from PySide6.QtGui import QDesktopServices


    w = opened("2021-上官乡")
    monkeypatch.setattr(w, "_pdf_writer", lambda: lambda report, out, **k: open(out, "wb").close())
    monkeypatch.setattr(w, "_confirm_final", lambda what: True, raising=False)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    import ui.exports

    monkeypatch.setattr(ui.exports, "pdf_viewer_available", lambda: False)
    path = w.print_report()
    assert path and dialogs.warnings and "阅读器" in dialogs.warnings[-1]
    assert "已在PDF阅读器中打开" not in w.statusBar().currentMessage()
    # a private folder, a name not built from the organ name
    assert "上官乡" not in os.path.basename(path)
    if os.name != "nt":  # Windows has no mode bits: the folder is in the user's own %TEMP%, private by its ACL
        assert os.stat(os.path.dirname(path)).st_mode & 0o077 == 0


# ---------------------------------------------------------------------- limits where she types
def test_fields_enforce_the_shared_limits_visibly(qtbot, opened, samples):
    from PySide6.QtGui import QGuiApplication

    from model.limits import CONTACT_MAX, ORGAN_NAME_MAX, PROSE_MAX, YEAR_MAX, YEAR_MIN

    w = opened("2021-上官乡")
    page = w.pages[0]
    msgs = []
    page.message.connect(msgs.append)
    assert page.organ.maxLength() == ORGAN_NAME_MAX
    assert all(e.maxLength() == CONTACT_MAX[n] for n, e in page.contact.items())
    assert (page.year.minimum(), page.year.maximum()) == (YEAR_MIN, YEAR_MAX)
    _focus(qtbot, w, page.contact["fax"])
    page.contact["fax"].clear()
    QGuiApplication.clipboard().setText("9" * (CONTACT_MAX["fax"] + 50))
    QTest.keyClick(page.contact["fax"], Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert msgs and "最多" in msgs[-1]
    w.a_save.trigger()
    assert len(load_report(samples / "2021-上官乡.gknb").contact.fax) == CONTACT_MAX["fax"]
    # prose: a paste beyond the limit is refused, the text before it kept
    i = w.step_keys.index("s1")
    w.goto_step(i)
    sec = w.pages[i]
    pmsgs = []
    sec.message.connect(pmsgs.append)
    ed = sec.editors["s1.active"]
    before = w.doc.report.text("s1.active")
    ed.edit.textCursor().insertText("字" * (PROSE_MAX + 1))
    assert pmsgs and "最多" in pmsgs[-1]
    assert w.doc.report.text("s1.active") == before and ed.edit.toPlainText() == before
    w.a_save.trigger()
    assert load_report(samples / "2021-上官乡.gknb").text("s1.active") == before


# ---------------------------------------------------------------------- final or draft
def test_export_of_unfinished_report_asks_once_final_or_draft(opened, dialogs, monkeypatch, tmp_path):
    w = opened("2020-清凉峰镇")  # 127 blank cells, no errors
    calls = []
    monkeypatch.setattr(w, "_pdf_writer", lambda: lambda report, out, **k: (calls.append(k), open(out, "wb").close()))
    dialogs.answers.append(1)  # 导出草稿
    dialogs.save_paths.append(str(tmp_path / "a.pdf"))
    assert w.export_pdf()
    assert len(dialogs.asked) == 1 and "仍有127处空白" in dialogs.asked[0] and "确定导出正式版" in dialogs.asked[0]
    assert calls[-1]["final"] is False
    dialogs.answers.append(0)  # 导出正式版
    dialogs.save_paths.append(str(tmp_path / "b.pdf"))
    assert w.export_pdf()
    assert calls[-1]["final"] is True
    dialogs.answers.append(2)  # 取消
    assert w.export_pdf() is None and len(calls) == 2


def test_export_of_a_report_with_errors_offers_only_a_draft(opened, dialogs, monkeypatch, tmp_path):
    w = opened("2021-上官乡")
    w.doc.set_cells({CELL: 99})  # breaks the 勾稽关系
    calls = []
    monkeypatch.setattr(w, "_pdf_writer", lambda: lambda report, out, **k: (calls.append(k), open(out, "wb").close()))
    dialogs.answers.append(0)  # 导出草稿
    dialogs.save_paths.append(str(tmp_path / "a.pdf"))
    assert w.export_pdf()
    assert "错误" in dialogs.asked[-1] and calls[-1]["final"] is False


def test_clean_report_exports_final_without_a_question(opened, dialogs, monkeypatch, tmp_path):
    w = opened("2021-上官乡")
    calls = []
    monkeypatch.setattr(w, "_pdf_writer", lambda: lambda report, out, **k: (calls.append(k), open(out, "wb").close()))
    dialogs.save_paths.append(str(tmp_path / "a.pdf"))
    assert w.export_pdf() and not dialogs.asked and calls[-1]["final"] is True


# ---------------------------------------------------------------------- two writers
def test_save_asks_when_the_file_changed_on_disk(opened, samples, dialogs):
    from model.document import CANCEL_SAVE, OVERWRITE
    from model.storage import save_report

    w = opened("2021-上官乡")
    path = samples / "2021-上官乡.gknb"
    other = load_report(path)
    other.contact.fax = "另一个窗口写的"
    save_report(other, path)  # e.g. the command line with --force, or another program
    w.doc.set_cells({CELL: 9})
    dialogs.answers.append(CANCEL_SAVE)
    assert not w.save()
    assert "已被其他程序或其他人修改" in dialogs.asked[-1]
    assert load_report(path).contact.fax == "另一个窗口写的"  # nothing overwritten
    dialogs.answers.append(OVERWRITE)
    assert w.save()
    assert load_report(path).values[CELL] == 9


def test_open_anyway_keeps_the_other_windows_lock(window, samples, dialogs):
    import json
    import subprocess
    import sys

    from model import lockfile
    from model.document import OPEN_ANYWAY

    path = samples / "2021-上官乡.gknb"
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lp = lockfile.lock_path(path)
        lp.write_text(json.dumps({"user": "小李", "host": lockfile._hostname(), "pid": holder.pid,
                                  "started": lockfile.process_start(holder.pid), "time": "2026-12-01T09:00:00"}),
                      encoding="utf-8")
        dialogs.answers.append(OPEN_ANYWAY)
        assert window.open_path(str(path))
        assert not window.doc.read_only
        assert window.close_report()
        assert lockfile.read_lock(path).user == "小李"  # still theirs
    finally:
        holder.kill()
        holder.wait()


# ---------------------------------------------------------------------- found in the real window
def test_opening_a_crashed_file_offers_its_recovery(window, samples, dialogs):
    import json

    from model import recovery

    path = samples / "2021-上官乡.gknb"
    report = load_report(path)
    report.values[CELL] = 77
    rf = recovery.write_recovery(report, path, "crashed")
    data = json.loads(rf.read_text(encoding="utf-8"))
    data["pid"] = 2**22 + 999  # ended
    rf.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    dialogs.answers.append(0)  # 恢复
    assert window.open_path(str(path))
    assert "没有正常" in dialogs.asked[-1]
    assert window.doc.report.values[CELL] == 77 and window.isWindowModified()


def test_step_change_puts_the_focus_on_the_page(qtbot, opened):
    w = opened("2021-上官乡")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    for i in range(len(w.step_keys)):
        w.goto_step(i)
        fw = w.focusWidget()  # the window's focus widget (offscreen, activation comes and goes)
        assert fw is not None and w.pages[i].isAncestorOf(fw), (i, fw)
        assert fw.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(fw, QScrollArea)


def test_tab_order_goes_down_the_page(qtbot, opened):
    w = opened("2021-上官乡")
    i = w.step_keys.index("s3")
    w.goto_step(i)
    page = w.pages[i]
    editors = [e.edit for e in page.editors.values()]
    chain, x = [], editors[0]
    for _ in range(40):
        x = x.nextInFocusChain()
        if x is page.findings or x is page.view:
            chain.append(x)
        if len(chain) == 2:
            break
    assert chain == [page.view, page.findings]  # the grid (above) before the findings (below)


def test_current_cell_is_scrolled_into_view(qtbot, opened):
    w = opened("2021-上官乡")
    i = w.step_keys.index("s3")
    w.goto_step(i)
    page = w.pages[i]
    page.resize(900, 400)
    qtbot.wait(1)
    m = page.view.table_model()
    last = m.input_positions()[-1]
    page.view.setCurrentIndex(m.index(*last))
    qtbot.wait(1)
    rect = page.view.visualRect(m.index(*last))
    top_left = page.view.viewport().mapTo(page.scroll_area.viewport(), rect.topLeft())
    assert 0 <= top_left.y() <= page.scroll_area.viewport().height() - rect.height() + 1


def test_date_typing_with_tab_and_dashes(qtbot, opened):
    w = opened("2021-上官乡")
    w.goto_step(0)
    page = w.pages[0]
    page.pub_set.setChecked(True)
    _focus(qtbot, w, page.pub)
    page.pub.setCurrentSectionIndex(0)
    page.pub.findChild(QLineEdit).setSelection(0, 4)
    QTest.keyClicks(page.pub, "2022-3-7")
    QTest.keyClick(page.pub, Qt.Key.Key_Tab)  # leaves the field
    assert QApplication.focusWidget() is not page.pub
    assert w.doc.report.publication_date == dt.date(2022, 3, 7)
    # Tab never walks the sections (typing a year already moves on to the month by itself)
    _focus(qtbot, w, page.pub)
    page.pub.setCurrentSectionIndex(1)
    QTest.keyClick(page.pub, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.pub
    assert w.doc.report.publication_date == dt.date(2022, 3, 7)


def test_ctrl_tab_leaves_the_grid(qtbot, opened):
    w = opened("2021-上官乡")
    i = w.step_keys.index("s3")
    w.goto_step(i)
    view = w.pages[i].view
    _focus(qtbot, w, view)
    QTest.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is not view


def test_silent_keys_now_say_why(qtbot, window, samples, dialogs):
    import json

    from model import lockfile

    path = samples / "2021-上官乡.gknb"
    lockfile.lock_path(path).write_text(json.dumps({"user": "小王", "host": "别的电脑", "pid": 1, "time": ""}), encoding="utf-8")
    dialogs.answers.append(0)  # 只读
    assert window.open_path(str(path))
    i = window.step_keys.index("s3")
    window.goto_step(i)
    view = window.pages[i].view
    msgs = []
    view.message.connect(msgs.append)
    view.select_key(CELL)
    _focus(qtbot, window, view)
    QTest.keyClicks(view, "5")
    assert msgs and "只读" in msgs[-1]
    assert window.a_save.isEnabled()  # Ctrl+S offers 另存为 instead of doing nothing


# ---------------------------------------------------------------------- Word and HTML from the window
def test_word_and_html_export_and_copy_from_the_window(qtbot, opened, dialogs, tmp_path):
    from PySide6.QtGui import QGuiApplication

    w = opened("2020-清凉峰镇")  # unfinished: asked once, the draft chosen
    w.goto_step(len(w.step_keys) - 1)
    review = w.pages[-1]
    dialogs.answers.append(1)  # 导出草稿
    dialogs.save_paths.append(str(tmp_path / "报告"))
    review.docx_button.click()
    out = tmp_path / "报告.docx"
    assert out.exists() and out.stat().st_size > 5000
    from docx import Document as Docx

    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "清凉峰镇" in text and "草稿" in "".join(p.text for s in Docx(str(out)).sections for p in s.header.paragraphs) + text
    dialogs.answers.append(0)  # 导出正式版
    dialogs.save_paths.append(str(tmp_path / "网页"))
    review.html_button.click()
    html = (tmp_path / "网页.html").read_text(encoding="utf-8")
    assert "<table" in html and "清凉峰镇" in html and "<script" not in html.lower()
    dialogs.answers.append(1)
    review.copy_html_button.click()
    md = QGuiApplication.clipboard().mimeData()
    assert md.hasHtml() and "<table" in md.html() and "清凉峰镇" in md.text()


def test_excel_dialogs_start_in_the_last_reports_folder(opened, samples, dialogs, monkeypatch):
    from ui import dialogs as dmod
    from ui import xlsx_dialogs

    w = opened("2021-上官乡")  # now a recent file in ``samples``
    seen = []
    monkeypatch.setattr(dmod, "open_file", lambda parent, title, folder="", filt="": seen.append(folder) or "")
    monkeypatch.setattr(dmod, "save_file", lambda parent, title, suggested="", filt="": seen.append(suggested) or "")
    monkeypatch.setattr(dmod, "choose_folder", lambda parent, title, folder="": seen.append(folder) or "")
    monkeypatch.setattr(dmod, "ask_int", lambda *a, **k: 2025)
    xlsx_dialogs.run_import_dialog(w, w.doc.report)
    xlsx_dialogs.run_ledger_template_dialog(w)
    xlsx_dialogs.run_merge_dialog(w)
    assert len(seen) == 3
    assert all(os.path.dirname(x) == str(samples) or x == str(samples) for x in seen), seen


def test_title_override_and_checklist_in_the_window(qtbot, opened, samples):
    w = opened("2021-上官乡")
    page = w.pages[0]
    assert page.title_edit.placeholderText() == w.doc.report.default_title
    _focus(qtbot, w, page.title_edit)
    QTest.keyClicks(page.title_edit, "X")  # QTest cannot synthesise CJK keys
    w.a_save.trigger()
    assert load_report(samples / "2021-上官乡.gknb").title_override == "X"
    w.goto_step(len(w.step_keys) - 1)  # the checklist is computed when its page is shown
    review = w.pages[-1]
    text = review.checklist.text()
    assert "发布前核对" in text and "审签单" in text
    review.approval.setChecked(True)
    review.approval_inline.setChecked(True)
    line = next(x for x in review.checklist.text().splitlines() if "审签单" in x)
    assert line.startswith("×")  # the sheet inside the published file
    review.approval_inline.setChecked(False)
    line = next(x for x in review.checklist.text().splitlines() if "审签单" in x)
    assert line.startswith("√")


def test_a_step_change_never_focuses_a_field_out_of_sight(qtbot, opened):
    w = opened("2021-上官乡")
    w.resize(1000, 500)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    i = w.step_keys.index("s3")
    w.goto_step(i)
    page = w.pages[i]
    page.scroll_area.verticalScrollBar().setValue(page.scroll_area.verticalScrollBar().maximum())
    w.goto_step(0)
    w.goto_step(i)
    fw = w.focusWidget()
    top = fw.mapTo(page.scroll_area.viewport(), fw.rect().topLeft()).y()
    assert 0 <= top < page.scroll_area.viewport().height()


def test_read_only_basic_fields_say_why(qtbot, window, samples, dialogs):
    import json

    from model import lockfile

    path = samples / "2021-上官乡.gknb"
    lockfile.lock_path(path).write_text(json.dumps({"user": "小王", "host": "别的电脑", "pid": 1, "time": ""}), encoding="utf-8")
    dialogs.answers.append(0)  # 只读
    assert window.open_path(str(path))
    page = window.pages[0]
    msgs = []
    page.message.connect(msgs.append)
    _focus(qtbot, window, page.contact["office"])
    QTest.keyClicks(page.contact["office"], "a")
    assert msgs and "只读" in msgs[-1]


def test_copy_asks_in_its_own_words(opened, dialogs):
    w = opened("2020-清凉峰镇")
    dialogs.answers.append(2)  # 取消
    assert not w.copy_html()
    assert "确定复制正式版" in dialogs.asked[-1]


def test_ledger_template_proposes_the_open_reports_year(opened, dialogs, monkeypatch):
    from ui import dialogs as dmod

    w = opened("2020-清凉峰镇")
    asked = []
    monkeypatch.setattr(dmod, "ask_int", lambda parent, title, label, value, lo, hi: asked.append(value) or None)
    w.ledger_template()
    assert asked == [2020]


def test_start_from_a_published_report(window, dialogs, monkeypatch, tmp_path):
    import shutil
    from pathlib import Path

    from ui import dialogs as dmod
    from ui.import_preview import CANCEL, NEXT_YEAR, OPEN_IMPORTED

    src = Path(__file__).resolve().parents[1] / "importreport" / "fixtures" / "2021-上官乡.txt"
    txt = tmp_path / "上官乡2021年报.txt"
    shutil.copy(src, txt)
    sources: list = []
    choices: list = []
    reviewed: list = []
    monkeypatch.setattr(dmod, "choose_import_source", lambda parent: sources.pop(0))

    def review(parent, rv):
        reviewed.append(rv)
        return choices.pop(0)

    monkeypatch.setattr(dmod, "review_import", review)
    # open the imported report as it is
    sources.append(("file", ""))
    dialogs.open_paths.append(str(txt))
    choices.append(OPEN_IMPORTED)
    assert window.start_from_published()
    assert "上官乡" in reviewed[-1].report.organ_name and reviewed[-1].source_name == txt.name
    r = window.doc.report
    assert r.year == 2021 and r.values and window.isWindowModified()
    # cancelled in the preview: nothing changes, not even the question to save
    sources.append(("file", ""))
    dialogs.open_paths.append(str(txt))
    choices.append(CANCEL)
    assert not window.start_from_published()
    assert window.doc.report is r
    # or start next year's report from it: last year's saved as a project first, then the new
    # one carries its figures and the link for the cross-year checks
    sources.append(("text", txt.read_text(encoding="utf-8")))
    choices.append(NEXT_YEAR)
    dialogs.answers.append(1)  # 不保存 the imported one shown before
    dialogs.save_paths.extend([str(tmp_path / "2021-上官乡"), str(tmp_path / "2022-上官乡")])
    assert window.start_from_published()
    r = window.doc.report
    assert r.year == 2022 and r.previous is not None and r.previous.year == 2021
    assert (tmp_path / "2021-上官乡.gknb").exists() and (tmp_path / "2022-上官乡.gknb").exists()
    assert r.previous.source == "2021-上官乡.gknb"
    # something that is not a report: a Chinese message, nothing opened
    bad = tmp_path / "x.txt"
    bad.write_text("今天天气很好。", encoding="utf-8")
    sources.append(("file", ""))
    dialogs.open_paths.append(str(bad))
    assert not window.start_from_published()
    assert dialogs.errors and window.doc.report.year == 2022


def test_audit_of_published_reports_from_the_data_menu(window, dialogs, monkeypatch, tmp_path):
    import shutil
    from pathlib import Path

    from ui import dialogs as dmod

    fixtures = Path(__file__).resolve().parents[1] / "importreport" / "fixtures"
    folder = tmp_path / "各单位"
    folder.mkdir()
    for name in ("2021-上官乡.txt", "2021-瓶窑镇.txt"):
        shutil.copy(fixtures / name, folder / name)
    monkeypatch.setattr(dmod, "choose_folder", lambda parent, title, folder_="": str(folder))
    dialogs.answers.append(0)  # 保存为Excel表
    dialogs.save_paths.append(str(tmp_path / "结果"))
    window.a_audit.trigger()
    assert "共检查 2 份" in dialogs.asked[-1] and "瓶窑镇" in dialogs.asked[-1]
    assert (tmp_path / "结果.xlsx").exists()
