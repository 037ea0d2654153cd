"""Typing, paste, delete, undo/redo in the real grid widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from model.formats import CellKey, load_format
from model.storage import load_report
from tests.conftest import SAMPLES
from ui.editing import Document
from ui.pages import SectionPage
from ui.table_model import ReportTableModel

NEW_NAT = CellKey("t3", "new", "natural")
NEW_TOT = CellKey("t3", "new", "total")


def page(window, section: str) -> SectionPage:
    window.goto_step(window.step_keys.index(section))
    p = window.pages[window.step_keys.index(section)]
    assert isinstance(p, SectionPage)
    return p


def type_into(qtbot, view, key: CellKey, text: str) -> None:
    """Select the cell, type (the first key opens the editor), press Enter in the editor."""
    view.select_key(key)
    qtbot.keyClick(view, text[0])
    editors = [e for e in view.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    qtbot.keyClicks(editor, text[1:])
    assert editor.text() == text
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=2000)  # Qt commits queued


def test_typing_updates_total_and_findings(qtbot, opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    m, v = p.model, p.view
    assert m.data(m.index_of(NEW_TOT)) == "1"
    assert "完成" in w.step_text("s3")
    type_into(qtbot, v, NEW_NAT, "5")
    assert w.doc.report.values[NEW_NAT] == 5
    assert m.data(m.index_of(NEW_TOT)) == "5"  # total follows
    codes = {f.code for f in w.doc.findings_for("s3")}
    assert any(f.severity == "error" for f in w.doc.findings_for("s3")), codes
    assert "错误" in w.step_text("s3")
    assert m.data(m.index_of(NEW_NAT), Qt.ItemDataRole.BackgroundRole) is not None
    assert "【错误】" in m.data(m.index_of(NEW_NAT), Qt.ItemDataRole.ToolTipRole)
    assert w.isWindowModified()
    # Enter moved down to the next input cell of the same column
    assert m.key_at(v.currentIndex().row(), v.currentIndex().column()) == CellKey("t3", "carried", "natural")
    # undo / redo through the window's actions
    w.a_undo.trigger()
    assert w.doc.report.values[NEW_NAT] == 1
    assert m.data(m.index_of(NEW_TOT)) == "1"
    assert not w.isWindowModified()
    w.a_redo.trigger()
    assert w.doc.report.values[NEW_NAT] == 5


def test_rejected_input_keeps_old_value(qtbot, opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    type_into(qtbot, p.view, NEW_NAT, "1.5")
    assert w.doc.report.values[NEW_NAT] == 1
    assert "整数" in w.statusBar().currentMessage()
    type_into(qtbot, p.view, NEW_NAT, "-2")
    assert w.doc.report.values[NEW_NAT] == 1
    assert "负数" in w.statusBar().currentMessage()
    assert w.doc.undo_stack.count() == 0
    type_into(qtbot, p.view, NEW_NAT, "12")
    assert w.doc.report.values[NEW_NAT] == 12
    assert w.statusBar().currentMessage() == ""  # the old refusal is gone


def test_computed_cells_not_editable(opened):
    w = opened("2021-上官乡")
    m = page(w, "s3").model
    idx = m.index_of(NEW_TOT)
    assert not (m.flags(idx) & Qt.ItemFlag.ItemIsEditable)
    assert not m.setData(idx, "3")
    assert m.data(idx, Qt.ItemDataRole.BackgroundRole).color().name() == "#e4e4e4"


def test_money_and_signed_parsing(qtbot, window, samples):
    assert window.open_path(str(samples / "2021-瓶窑镇.gknb"))  # 2019 format has signed 本年增/减
    p = page(window, "s2")
    m = p.model
    key = CellKey("t2", "xuke", "change")
    m.setData(m.index_of(key), "-3")
    assert window.doc.report.values[key] == -3
    window._release()


def test_delete_clears_to_blank_in_one_step(qtbot, opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    v, m = p.view, p.model
    v.select_key(NEW_NAT)
    v.selectionModel().select(m.index_of(CellKey("t3", "new", "commercial")), v.selectionModel().SelectionFlag.Select)
    qtbot.keyClick(v, Qt.Key.Key_Delete)
    assert NEW_NAT not in w.doc.report.values
    assert CellKey("t3", "new", "commercial") not in w.doc.report.values
    assert m.data(m.index_of(NEW_NAT)) == ""
    assert w.doc.undo_stack.count() == 1
    w.a_undo.trigger()
    assert w.doc.report.values[NEW_NAT] == 1


def test_paste_valid_block_skips_total_column(qtbot, opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    v, m = p.view, p.model
    v.select_key(NEW_NAT)
    # a whole row as copied from Excel, with its 总计 column
    QGuiApplication.clipboard().setText("2\t1\t0\t0\t0\t0\t99\r\n0\t0\t0\t0\t0\t1\t1\r\n")
    qtbot.keyClick(v, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    vals = w.doc.report.values
    assert vals[NEW_NAT] == 2 and vals[CellKey("t3", "new", "commercial")] == 1
    assert vals[CellKey("t3", "carried", "other")] == 1
    assert m.data(m.index_of(NEW_TOT)) == "3"  # computed, the pasted 99 was skipped
    assert "跳过" in w.statusBar().currentMessage()
    assert w.doc.undo_stack.count() == 1
    w.a_undo.trigger()
    assert vals[NEW_NAT] == 1 and CellKey("t3", "carried", "other") in vals and vals[CellKey("t3", "carried", "other")] == 0


def test_paste_invalid_block_changes_nothing(qtbot, opened, dialogs):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    v = p.view
    v.select_key(NEW_NAT)
    before = dict(w.doc.report.values)
    QGuiApplication.clipboard().setText("2\t1\n3\tabc\n")
    qtbot.keyClick(v, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert w.doc.report.values == before
    assert dialogs.warnings and "商业企业" in dialogs.warnings[0] and "abc" in dialogs.warnings[0]
    assert "上年结转" in dialogs.warnings[0]
    # too large for the table
    v.select_key(CellKey("t3", "new", "other"))
    QGuiApplication.clipboard().setText("1\t2\t3\t4\n")
    qtbot.keyClick(v, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "超出" in dialogs.warnings[-1]
    assert w.doc.report.values == before


def test_paste_single_value_fills_selection(opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    v, m = p.view, p.model
    v.select_key(NEW_NAT)
    sm = v.selectionModel()
    for col in ("commercial", "research"):
        sm.select(m.index_of(CellKey("t3", "new", col)), sm.SelectionFlag.Select)
    note = v.paste_text("7\n")
    assert "3个" in note
    assert [w.doc.report.values[CellKey("t3", "new", c)] for c in ("natural", "commercial", "research")] == [7, 7, 7]


def test_copy_gives_tab_separated_text(opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    v, m = p.view, p.model
    v.select_key(NEW_NAT)
    v.selectionModel().select(m.index_of(NEW_TOT), v.selectionModel().SelectionFlag.Select)
    v.copy()
    assert QGuiApplication.clipboard().text() == "1\t0\t0\t0\t0\t0\t1\n"


def test_tab_skips_computed_cells(qtbot, opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    v, m = p.view, p.model
    v.select_key(CellKey("t3", "new", "other"))
    qtbot.keyClick(v, Qt.Key.Key_Tab)
    assert m.key_at(v.currentIndex().row(), v.currentIndex().column()) == CellKey("t3", "carried", "natural")
    qtbot.keyClick(v, Qt.Key.Key_Backtab)
    assert m.key_at(v.currentIndex().row(), v.currentIndex().column()) == CellKey("t3", "new", "other")


@pytest.mark.parametrize("name", ["2021-上官乡", "2021-瓶窑镇", "2020-清凉峰镇"])
def test_table_models_pass_qtmodeltester(qtmodeltester, name):
    report = load_report(SAMPLES / f"{name}.gknb")
    doc = Document(report)
    for t in load_format(report.format_id).tables:
        m = ReportTableModel(doc, t.key)
        qtmodeltester.check(m, force_py=True)
        # and while values change
        key = t.input_cells()[0]
        doc.set_cells({key: 3})
        qtmodeltester.check(m, force_py=True)
        doc.undo_stack.undo()


def test_layout_comes_from_format(opened):
    w = opened("2021-上官乡")
    m3 = page(w, "s3").model
    texts = {m3.cell(r, c).text for r in range(m3.rowCount()) for c in range(m3.columnCount())}
    assert {"申请人情况", "法人或其他组织", "自然人", "总计", "三、本年度办理结果", "（三）不予公开"} <= texts
    spans = m3.spans()
    assert any(cs == 5 for _, _, _, cs in spans)  # 法人或其他组织 over five columns
    m4 = page(w, "s4").model
    t4 = {m4.cell(r, c).text for r in range(m4.rowCount()) for c in range(m4.columnCount())}
    assert {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"} <= t4
    m2 = page(w, "s2").model
    captions = [m2.cell(r, 0).text for r in range(m2.rowCount()) if m2.cell(r, 0).kind == "caption"]
    assert captions == [b.caption for b in load_format("2021").table("t2").blocks]
    # row labels carry the help text
    r, c = next((r, c) for r in range(m3.rowCount()) for c in range(m3.columnCount())
                if m3.cell(r, c).text == "1.属于国家秘密")
    assert "第十四条" in m3.data(m3.index(r, c), Qt.ItemDataRole.ToolTipRole)


def test_an_edit_repaints_only_the_cells_that_changed(qtbot, opened):
    """The grid's displayed values are computed once per change; only cells whose text or
    colour changed are signalled (the edited cell, its totals, cells whose findings changed)."""
    w = opened("2021-上官乡")
    p = page(w, "s3")
    m = p.model
    changed: list[tuple[int, int]] = []
    m.dataChanged.connect(lambda a, b, _roles: changed.extend(
        (r, c) for r in range(a.row(), b.row() + 1) for c in range(a.column(), b.column() + 1)))
    before = {k: m.shown(k) for k in m._shown}
    w.doc.set_cells({NEW_NAT: 5})
    after = {k: (m.data(m.index_of(k)), m.data(m.index_of(k), Qt.ItemDataRole.UserRole + 3)) for k in before}
    moved = {k for k in before if before[k] != after[k]}
    assert {NEW_NAT, NEW_TOT} <= moved
    assert set(changed) >= {m.position(k) for k in moved}
    assert len(changed) < m.rowCount() * m.columnCount() / 4  # not the whole grid
    # what is shown is what the document says, cell by cell
    from model.report import format_number

    for k in before:
        assert after[k] == (format_number(w.doc.value(k)), m.severity(k))
    w.doc.undo_stack.undo()
    assert m.data(m.index_of(NEW_TOT)) == "1"


def test_the_findings_list_follows_the_findings_in_place(qtbot, opened):
    w = opened("2021-上官乡")
    p = page(w, "s3")
    fl = p.findings

    def texts() -> list[str]:
        return [fl.item(i).text() for i in range(fl.count())]

    from ui.pages import finding_text

    assert texts() == ["本部分没有发现问题。"]
    w.doc.set_cells({NEW_NAT: 5})
    assert texts() == [finding_text(f) for f in w.doc.findings_for("s3")] != []
    first = fl.item(0)
    w.doc.set_cells({NEW_NAT: 6})  # the same findings with other figures: rows rewritten in place
    assert fl.item(0) is first and texts() == [finding_text(f) for f in w.doc.findings_for("s3")]
    assert all(fl.item(i).data(Qt.ItemDataRole.UserRole) == f for i, f in enumerate(w.doc.findings_for("s3")))
    w.doc.undo_stack.undo()
    w.doc.undo_stack.undo()
    assert texts() == ["本部分没有发现问题。"]


def _fits(view, index) -> tuple[str, bool]:
    """The text a cell paints and whether it fits whole (the style elides what does not)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    opt = QStyleOptionViewItem()
    opt.initFrom(view)
    opt.rect = view.visualRect(index)
    view.itemDelegate().initStyleOption(opt, index)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return opt.text, opt.fontMetrics.horizontalAdvance(opt.text) <= opt.rect.width() - 2 * margin


def test_long_figures_show_whole_in_narrow_columns(qtbot, opened):
    """表四 has 15 figure columns: a city's 11398889 showed as “11398…” at the window's first
    size and narrower.  The figure is drawn smaller, never cut."""
    w = opened("2021-上官乡")
    p = page(w, "s4")
    keys = [CellKey("t4", "cases", c) for c in ("review_upheld", "review_corrected", "direct_corrected")]
    w.doc.set_cells({keys[0]: 11398889, keys[1]: 22222222, keys[2]: 99999999}, "大数")
    for width in (1050, 900, 760):
        w.resize(width, 672)
        qtbot.wait(10)
        for key in keys + [CellKey("t4", "cases", "review_total")]:
            text, whole = _fits(p.view, p.model.index_of(key))
            assert len(text) == 8 and whole, (width, key, text, p.view.columnWidth(0))
