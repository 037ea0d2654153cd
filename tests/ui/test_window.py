"""Files, prompts, recovery, lock, fixes, prose and the hooks to the other helpers' modules."""

from __future__ import annotations

import json
import os
import socket
import sys
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from model import lockfile, recovery
from model.formats import CellKey
from model.storage import load_report
from ui.main_window import CANCEL, DISCARD, SAVE
from ui.pages import BasicInfoPage, ReviewPage, SectionPage

NEW_NAT = CellKey("t3", "new", "natural")


def edit_cell(w, key, value):
    w.doc.set_cells({key: value})


def test_title_shows_name_and_unsaved_mark(opened):
    w = opened("2021-上官乡")
    assert w.windowTitle().startswith("2021-上官乡.gknb[*]")
    assert not w.isWindowModified()
    edit_cell(w, NEW_NAT, 4)
    assert w.isWindowModified()
    w.a_undo.trigger()
    assert not w.isWindowModified()


def test_save_reopen_compare(opened, samples, dialogs):
    w = opened("2021-上官乡")
    edit_cell(w, NEW_NAT, 4)
    ed = w.pages[1].editors["s1.active"]
    ed.edit.setPlainText("本年度主动公开政府信息800条。")
    assert w.isWindowModified()
    w.a_save.trigger()
    assert not w.isWindowModified()
    again = load_report(samples / "2021-上官乡.gknb")
    assert again.values[NEW_NAT] == 4
    assert again.text("s1.active") == "本年度主动公开政府信息800条。"
    # save as: new path, lock moves along
    target = samples / "副本.gknb"
    dialogs.save_paths.append(str(target)[:-5])  # extension added by the window
    w.a_save_as.trigger()
    assert w.doc.path == str(target)
    assert load_report(target).values[NEW_NAT] == 4
    assert lockfile.read_lock(target) is not None
    assert lockfile.read_lock(samples / "2021-上官乡.gknb") is None
    assert "副本.gknb" in w.windowTitle()


def test_unsaved_changes_prompt(opened, samples, dialogs):
    w = opened("2021-上官乡")
    edit_cell(w, NEW_NAT, 9)
    dialogs.answers.append(CANCEL)
    assert not w.close()
    assert w.isVisible() and w.doc is not None
    # opening another file asks too; 不保存 discards
    dialogs.answers.append(DISCARD)
    assert w.open_path(str(samples / "2020-清凉峰镇.gknb"))
    assert load_report(samples / "2021-上官乡.gknb").values[NEW_NAT] == 1
    edit_cell(w, CellKey("t3", "new", "natural"), 2)
    dialogs.answers.append(SAVE)
    assert w.close_report()
    assert load_report(samples / "2020-清凉峰镇.gknb").values[CellKey("t3", "new", "natural")] == 2
    assert w.doc is None and len(dialogs.asked) == 3


def test_project_file_error_is_shown(window, tmp_path, dialogs):
    bad = tmp_path / "坏.gknb"
    bad.write_text("not json", encoding="utf-8")
    assert not window.open_path(str(bad))
    assert dialogs.errors and "无法读取" in dialogs.errors[0]
    assert window.doc is None


def test_apply_fix_from_review_page_is_one_undo_step(opened):
    w = opened("2020-清凉峰镇")
    w.goto_step(len(w.pages) - 1)
    review = w.pages[-1]
    assert isinstance(review, ReviewPage)
    item = next(i for i in review.items() if i.data(0, Qt.ItemDataRole.UserRole).code == "BLANK_CELLS")
    f = item.data(0, Qt.ItemDataRole.UserRole)
    blanks = len(f.cells)
    assert blanks > 0 and f.cells[0] not in w.doc.report.values
    review.fix_button(item).click()
    assert all(k in w.doc.report.values for k in f.cells)
    assert not any(x.code == "BLANK_CELLS" and x.table == f.table for x in w.doc.findings)
    assert w.doc.undo_stack.count() == 1
    w.a_undo.trigger()
    assert f.cells[0] not in w.doc.report.values
    # blank cells of 表三 are highlighted in the grid
    p = w.pages[w.step_keys.index("s3")]
    idx = p.model.index_of(f.cells[0]) if f.table == "t3" else None
    if idx is not None:
        assert p.model.data(idx, Qt.ItemDataRole.BackgroundRole).color().name() == "#ffe8a3"


def test_clicking_a_finding_goes_to_the_cell(opened):
    w = opened("2021-上官乡")
    edit_cell(w, NEW_NAT, 7)  # breaks the 表三 balance
    review = w.pages[-1]
    item = next(i for i in review.items() if i.data(0, Qt.ItemDataRole.UserRole).section == "s3")
    review._activated(item)
    assert w.current_step() == w.step_keys.index("s3")
    page = w.pages[w.current_step()]
    f = item.data(0, Qt.ItemDataRole.UserRole)
    cur = page.view.currentIndex()
    assert page.model.key_at(cur.row(), cur.column()) in set(f.cells) | {CellKey(f.table, f.row, f.column)}


def test_format_migration_fix_rebuilds_pages(opened):
    w = opened("2021-瓶窑镇")  # 2021 report on the 2019 format
    basic = w.pages[0]
    assert isinstance(basic, BasicInfoPage)
    assert basic.format_warning.isVisibleTo(basic) and basic.format_fix.isVisibleTo(basic)
    basic.format_fix.click()
    assert w.doc.report.format_id == "2021"
    assert isinstance(w.pages[w.step_keys.index("s2")], SectionPage)
    assert w.pages[w.step_keys.index("s2")].model.table.blocks[0].columns[0].key == "issued"
    w.a_undo.trigger()
    assert w.doc.report.format_id == "2019"
    assert w.pages[w.step_keys.index("s2")].model.table.blocks[0].columns[0].key == "made"


def test_prose_edit_marks_modified_and_clears_copied(window, samples, dialogs):
    last = samples / "2021-上官乡.gknb"
    dialogs.open_paths.append(str(last))
    dialogs.save_paths.append(str(samples / "2022-上官乡.gknb"))
    window.a_next_year.trigger()
    doc = window.doc
    assert doc.report.year == 2022 and doc.path == str(samples / "2022-上官乡.gknb")
    assert not window.isWindowModified()
    ed = window.pages[1].editors["s1.active"]
    assert doc.report.prose["s1.active"].copied and ed.copied.isVisibleTo(ed)
    ed.edit.appendPlainText("新增一句。")
    assert not doc.report.prose["s1.active"].copied
    assert not ed.copied.isVisibleTo(ed)
    assert window.isWindowModified()
    assert ed.count.text().endswith("字")


def test_fee_fields_and_sentence(opened):
    w = opened("2021-上官乡")
    p = w.pages[w.step_keys.index("s6")]
    fee = p.fee
    fee.edits["notices"].setText("abc")
    fee.edits["notices"].editingFinished.emit()
    assert w.doc.report.fee.notices is None or w.doc.report.fee.notices != "abc"
    assert "不是数字" in w.statusBar().currentMessage()
    fee.edits["notices"].setText("0")
    fee.edits["notices"].editingFinished.emit()
    assert w.doc.report.fee.notices == 0
    fee.insert_button.click()
    assert "未收取信息处理费" in w.doc.report.text("s6.other")
    w.a_undo.trigger()  # the fee figure is undoable
    assert w.doc.report.fee.notices is None


def test_basic_info_edit_is_undoable(opened):
    w = opened("2021-上官乡")
    basic = w.pages[0]
    old = w.doc.report.organ_name
    basic.organ.setText("某某乡人民政府")
    basic.organ.editingFinished.emit()
    assert w.doc.report.organ_name == "某某乡人民政府"
    w.a_undo.trigger()
    assert w.doc.report.organ_name == old and basic.organ.text() == old


def test_steps_show_state(opened):
    w = opened("2021-上官乡")
    assert "完成" in w.step_text("s3")
    edit_cell(w, NEW_NAT, 7)
    assert "个错误" in w.step_text("s3")
    w.doc.set_cells({CellKey("t3", "new", "natural"): 1})
    w.doc.set_cells({CellKey("t3", "new", "commercial"): None})
    assert "个警告" in w.step_text("s3")


def test_crash_recovery_offered_and_restored(window, samples, dialogs):
    path = samples / "2021-上官乡.gknb"
    report = load_report(path)
    report.values[NEW_NAT] = 42
    rf = recovery.write_recovery(report, path)
    doc = json.loads(rf.read_text(encoding="utf-8"))
    doc["pid"] = 2**22 + 12345  # a process that has ended
    rf.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    dialogs.answers.append(0)  # 恢复
    assert window.offer_recovery()
    assert window.doc.report.values[NEW_NAT] == 42
    assert window.doc.path == os.path.normcase(os.path.abspath(path))
    assert window.isWindowModified()
    assert not rf.exists() or recovery.list_recoveries() == []
    # nothing more to offer on the next start
    assert not window.offer_recovery()


def test_autosave_writes_and_save_discards(opened):
    w = opened("2021-上官乡")
    assert w.autosave() is None  # nothing to save
    edit_cell(w, NEW_NAT, 3)
    rf = w.autosave()
    assert rf is not None and rf.exists()
    assert recovery.load_recovery(rf).values[NEW_NAT] == 3
    w.a_save.trigger()
    assert not rf.exists()


def test_lock_warning(window, samples, dialogs):
    path = samples / "2021-上官乡.gknb"
    lockfile.lock_path(path).write_text(json.dumps({"user": "小王", "host": "别的电脑", "pid": 1, "time": "2025-01-05T09:00:00"}),
                                        encoding="utf-8")
    dialogs.answers.append(2)  # 取消
    assert not window.open_path(str(path))
    assert window.doc is None
    assert "小王" in dialogs.asked[-1]
    dialogs.answers.append(0)  # 只读
    assert window.open_path(str(path))
    assert window.doc.read_only and "只读" in window.windowTitle()
    m = window.pages[window.step_keys.index("s3")].model
    assert not (m.flags(m.index_of(NEW_NAT)) & Qt.ItemFlag.ItemIsEditable)
    assert lockfile.read_lock(path).user == "小王"  # not taken over
    # read-only means read-only everywhere: prose, basic information, cells
    before = path.read_bytes()
    prose = window.pages[window.step_keys.index("s1")]
    editors = prose.findChildren(QPlainTextEdit) + prose.findChildren(QTextEdit)
    assert editors and all(e.isReadOnly() for e in editors)
    assert not window.doc.set_cells({NEW_NAT: 7})
    window.doc.set_prose("s1.active", "改过的文字")
    assert window.doc.report.text("s1.active") != "改过的文字"
    basic = window.pages[0]
    assert not basic.year.isEnabled() and not basic.kind.isEnabled()
    # saving onto the same file while 小王 holds it is refused
    dialogs.save_paths.append(str(path))
    assert not window.save()
    assert "小王" in dialogs.errors[-1] and path.read_bytes() == before


def test_stale_lock_taken_over_silently(window, samples):
    path = samples / "2021-上官乡.gknb"
    lockfile.lock_path(path).write_text(json.dumps({"user": "我", "host": socket.gethostname(), "pid": 2**22 + 999, "time": ""}),
                                        encoding="utf-8")
    assert window.open_path(str(path))
    assert not window.doc.read_only
    assert lockfile.read_lock(path).pid == os.getpid()


def test_example_opens_as_untitled_copy(window):
    window.a_example.trigger()
    assert window.doc is not None and window.doc.path is None
    assert "示例" in window.windowTitle()


def test_xlsx_menu_entries_call_the_dialogs(opened, dialogs, monkeypatch):
    import ui

    w = opened("2021-上官乡")
    fake = types.ModuleType("ui.xlsx_dialogs")
    calls = []
    fake.run_import_dialog = lambda parent, report: ({NEW_NAT: 6, CellKey("t3", "new", "commercial"): None}, "导入Excel")
    fake.run_export_xlsx_dialog = lambda parent, report, suggested: calls.append(suggested)
    monkeypatch.setitem(sys.modules, "ui.xlsx_dialogs", fake)
    monkeypatch.setattr(ui, "xlsx_dialogs", fake, raising=False)
    w.a_import.trigger()
    assert w.doc.report.values[NEW_NAT] == 6 and CellKey("t3", "new", "commercial") not in w.doc.report.values
    assert w.doc.undo_stack.count() == 1
    w.a_undo.trigger()
    assert w.doc.report.values[NEW_NAT] == 1
    w.a_export_xlsx.trigger()
    assert calls and calls[0].endswith(".xlsx")


def test_pdf_export_and_print(opened, dialogs, monkeypatch, tmp_path):
    import model

    w = opened("2021-上官乡")
    written = []
    fake = types.ModuleType("model.pdf")
    fake.export_pdf = lambda report, path, approval_sheet=False, **kw: (written.append((path, approval_sheet)),
                                                                        open(path, "wb").write(b"%PDF-1.4\n"))
    monkeypatch.setitem(sys.modules, "model.pdf", fake)
    monkeypatch.setattr(model, "pdf", fake, raising=False)
    review = w.pages[-1]
    review.approval.setChecked(True)
    dialogs.save_paths.append(str(tmp_path / "报告"))
    review.pdf_button.click()
    assert written[-1] == (str(tmp_path / "报告.pdf"), True)
    opened_urls = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened_urls.append(url.toLocalFile()) or True)
    import ui.exports

    monkeypatch.setattr(ui.exports, "pdf_viewer_available", lambda: True)
    review.print_button.click()
    assert opened_urls and opened_urls[0].endswith(".pdf") and os.path.exists(opened_urls[0])


def test_recent_files_and_geometry_remembered(opened, samples):
    from ui.settings import recent_files

    w = opened("2021-上官乡")
    assert recent_files()[0] == str(samples / "2021-上官乡.gknb")
    w.close()
    from ui.settings import settings

    assert not settings().value("window/geometry").isEmpty()


def test_new_report_dialog_shows_format_live(qtbot):
    from ui.start import NewReportDialog

    d = NewReportDialog()
    qtbot.addWidget(d)
    d.organ.setText("某某街道办事处")
    d.year.setValue(2020)
    assert "2019" in d.format_label.text()
    d.year.setValue(2023)
    assert "2021" in d.format_label.text()
    d.year.setValue(2015)
    assert "早于" in d.format_label.text()
    assert not d.buttons.buttons()[0].isEnabled()
    d.year.setValue(2024)
    r = d.report()
    assert r.format_id == "2021" and r.organ_name == "某某街道办事处"


def test_qt_dialogs_are_chinese(window):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_ctrl_z_in_a_committed_line_edit_reaches_the_undo_stack(qtbot, opened):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    w = opened("2021-上官乡")
    basic = w.pages[0]
    old = w.doc.report.contact.office
    basic.contact["office"].setText("综合办公室")
    basic.contact["office"].editingFinished.emit()
    assert w.doc.report.contact.office == "综合办公室"
    field = basic.contact["address"]  # the cursor moved on to the next field
    ev = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(field, ev)
    assert not ev.isAccepted()  # the field lets Ctrl+Z through to the window's undo
    field.insert("新")  # while typing, the field's own undo still has priority
    ev2 = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(field, ev2)
    assert ev2.isAccepted()
    w.a_undo.trigger()
    assert w.doc.report.contact.office == old


def test_bundled_example_given_as_a_file_still_opens_as_a_copy(window):
    from model.resources import example_report_path

    assert window.open_path(str(example_report_path()))
    assert window.doc is not None and window.doc.path is None  # untitled: saving asks for a new place


@pytest.mark.parametrize("scale", [1.0, 1.6])
def test_step_titles_are_whole_on_lines_that_fit(window, samples, scale):
    """Each step title is in the list whole, broken into lines that fit the list in its own
    font: left to word wrap, the Windows style cut “五、存在的主要问题及改进情况” with “…”."""
    w = window
    f = w.steps.font()
    f.setPointSizeF(f.pointSizeF() * scale)
    w.steps.setFont(f)
    assert w.open_path(str(samples / "2021-上官乡.gknb"))
    fm = w.steps.fontMetrics()
    room = w.steps.maximumWidth() - w.steps.iconSize().width() - 2 * w.steps.frameWidth()
    titles = [s.title for s in w.flow.steps]
    broken = 0
    for i, title in enumerate(titles):
        *lines, state = w.steps.item(i).text().split("\n")
        assert "".join(lines) == title and state
        assert all(fm.horizontalAdvance(line) < room for line in lines), (title, lines)
        assert not any(line[:1] in "、，）" for line in lines)
        broken += len(lines) > 1
    assert broken  # the long titles were broken, not left to the list


def test_review_findings_settle_at_every_width(opened, qtbot):
    """The review tree wraps findings to the column's width; a scroll bar coming and going
    with the wrapped heights changed that width again, an endless relayout that crashed the
    program (seen when the messages grew by a few characters)."""
    w = opened("2020-清凉峰镇")
    w.goto_step(len(w.pages) - 1)
    review = w.pages[-1]
    for width in range(760, 1400, 9):
        w.resize(width, 640)
        qtbot.wait(1)
        first = review.tree.header().sectionSize(0)
        qtbot.wait(1)
        assert review.tree.header().sectionSize(0) == first, width
