"""The preview of an imported published report: every cell marked by what the published text
said, corrections by the keyboard, nothing accepted while a printed figure is unread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from model.formats import CellKey
from model.importreport import import_text
from model.importreport.review import (
    BLANK,
    COMPUTED,
    CORRECTED,
    NOT_APPLICABLE,
    RECOGNISED,
    TOTAL_DIFFERS,
    UNREAD,
    ImportReview,
)
from model.limits import InputError

FIXTURE = Path(__file__).resolve().parents[1] / "importreport" / "fixtures" / "2021-上官乡.txt"
GRANTED = CellKey("t3", "disclosed", "natural")
GRANTED_BIZ = CellKey("t3", "disclosed", "commercial")
TOTAL_ROW = CellKey("t3", "results_total", "natural")


def _altered() -> str:
    """The published 上官乡 text with three things real pages have: a figure that is not a
    count (1.5), a “/” for not applicable, a printed total that is not the sum of its parts."""
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    i = next(n for n, t in enumerate(lines) if t.strip() == "（一）予以公开")
    assert lines[i + 1].strip() == "0" and lines[i + 2].strip() == "0"
    lines[i + 1] = "\t1.5"
    lines[i + 2] = "\t/"
    j = next(n for n, t in enumerate(lines) if t.strip() == "（七）总计")
    assert lines[j + 1].strip() == "1"
    lines[j + 1] = "\t9"
    return "\n".join(lines)


@pytest.fixture
def review() -> ImportReview:
    rv = ImportReview(import_text(_altered()), "粘贴的文字")
    keys = {c.key for c in rv.cells()}
    assert {GRANTED, GRANTED_BIZ, TOTAL_ROW} <= keys, "the format's keys used here have changed"
    return rv


def test_review_marks_each_cell_by_what_was_published(review):
    assert review.cell(GRANTED).status == UNREAD and review.cell(GRANTED).source == "1.5"
    assert review.cell(GRANTED_BIZ).status == NOT_APPLICABLE
    total = review.cell(TOTAL_ROW)
    assert total.status == TOTAL_DIFFERS and "9" in total.message
    assert review.cell(CellKey("t3", "new", "natural")).status == RECOGNISED
    assert review.counts().get(COMPUTED, 0) > 0
    # an unread figure stops accepting: it would be dropped without her seeing it
    assert review.problems() and "1.5" not in review.problems()[0] and "予以公开" in review.problems()[0]
    with pytest.raises(InputError):
        review.accept()
    # a refused correction changes nothing
    with pytest.raises(InputError):
        review.set_cell(GRANTED, "一点五")
    assert review.cell(GRANTED).status == UNREAD and review.report.get(GRANTED) is None
    with pytest.raises(InputError):
        review.set_cell(TOTAL_ROW, "9")  # a total is computed, never typed
    # clearing on purpose is a correction: blank stays blank, not 0
    review.set_cell(GRANTED, "")
    assert review.cell(GRANTED).status == CORRECTED and review.report.get(GRANTED) is None
    assert review.accept() is review.report


def test_correcting_a_cell_updates_the_totals(review):
    review.set_cell(GRANTED, "8")
    assert review.report.get(GRANTED) == 8
    assert review.cell(GRANTED).status == CORRECTED
    # the published total 9 was 1 (another row) + the figure printed as 1.5, read as 8: agrees now
    assert review.cell(TOTAL_ROW).status == COMPUTED


def test_preview_dialog_by_keyboard(qtbot, review):
    from model.tablegrid import table_grid
    from ui.import_preview import NEXT_YEAR, OPEN_IMPORTED, ImportPreviewDialog

    dlg = ImportPreviewDialog(review)
    qtbot.addWidget(dlg)
    dlg.show()
    assert "原文不是数字" in dlg.summary.text() and not dlg.next_button.isEnabled()
    assert dlg.next_button.text().startswith("开始2022年度") and dlg.open_button.text().startswith("只打开导入的2021年")
    view = dlg.tables["t3"]
    dlg.tabs.setCurrentWidget(view)
    row, col = table_grid(review.format, "t3").position(GRANTED)
    item = view.item(row, col)
    assert item.text() == "1.5" and "1.5" in item.toolTip()
    # letters typed into the cell: refused, the text stays where it was typed, nothing accepted
    view.setFocus()
    view.setCurrentCell(row, col)
    qtbot.keyClicks(view, "x")
    qtbot.keyClick(view.indexWidget(view.currentIndex()), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert view.item(row, col).text() == "x" and review.report.get(GRANTED) is None
    assert "不是数字" in dlg.summary.text()
    dlg._finish(NEXT_YEAR)
    assert dlg.result() == 0 and dlg.choice != NEXT_YEAR  # not accepted
    # the figure typed over it: taken, the total row follows
    view.setCurrentCell(row, col)
    qtbot.keyClicks(view, "8")
    qtbot.keyClick(view.indexWidget(view.currentIndex()), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert review.report.get(GRANTED) == 8 and not dlg.refused
    trow, tcol = table_grid(review.format, "t3").position(TOTAL_ROW)
    assert view.item(trow, tcol).text() == "9"
    assert dlg.next_button.isEnabled()
    # the organ kind follows the name until she picks one
    dlg.organ.setText("某某县统计局")
    assert review.report.organ_kind == "county_dept"
    # a figure still in the editor when she presses the button is taken too
    view.setCurrentCell(row, col)
    qtbot.keyClicks(view, "7")
    dlg._finish(OPEN_IMPORTED)
    assert dlg.choice == OPEN_IMPORTED and review.report.get(GRANTED) == 7


def test_preview_prose_edits_reach_the_report(qtbot, review):
    from ui.import_preview import ImportPreviewDialog

    dlg = ImportPreviewDialog(review)
    qtbot.addWidget(dlg)
    first = dlg.part_keys[0]
    assert dlg.part_edit.toPlainText() == review.report.text(first)
    dlg.part_edit.setPlainText("改过的概述。")
    assert review.report.text(first) == "改过的概述。"
    assert "（6字）" in dlg.part_list.item(0).text()
    # an empty organ name cannot be accepted
    dlg.organ.setText("")
    assert "机关全称" in dlg.summary.text() and not dlg.open_button.isEnabled()


def test_source_dialog_paste(qtbot):
    from ui.import_preview import SourceDialog

    dlg = SourceDialog()
    qtbot.addWidget(dlg)
    assert not dlg.read_button.isEnabled()
    dlg.paste.setPlainText(FIXTURE.read_text(encoding="utf-8"))
    assert dlg.read_button.isEnabled() and "已粘贴" in dlg.info.text()
    dlg.read_button.click()
    assert dlg.choice == "text" and dlg.text().startswith(FIXTURE.read_text(encoding="utf-8")[:20])


def test_pasted_text_beyond_the_limit_is_refused():
    from model.importreport.readers import MAX_TEXT

    with pytest.raises(InputError, match="太长"):
        import_text("年" * (MAX_TEXT + 1))


def test_import_can_be_cancelled():
    from model.xlsx.common import Cancelled

    with pytest.raises(Cancelled):
        import_text(FIXTURE.read_text(encoding="utf-8"), progress=lambda done, total: done == 0)


def test_blank_cells_stay_blank(review):
    blanks = [c for c in review.cells("t2") if c.status == BLANK]
    assert all(review.report.get(c.key) is None for c in blanks)
