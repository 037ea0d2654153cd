"""Excel import, ledger import and the county merge run off the UI thread behind a
progress dialog with 取消 (pytest-qt, offscreen)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QPushButton

from model.formats import CellKey
from model.report import new_report
from model.storage import load_report, report_to_dict, save_report
from model.xlsx import Cancelled, plan_import
from ui import dialogs
from ui import xlsx_dialogs as xd

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def _progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


class SlowWork:
    """A stand-in for a long model call: reports progress until told to stop."""

    def __init__(self) -> None:
        self.calls = 0
        self.thread_ok = True

    def __call__(self, *args: Any, progress: Any = None, **kw: Any) -> Any:
        import threading

        self.thread_ok = threading.current_thread() is not threading.main_thread()
        cb = progress if progress is not None else args[-1]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            self.calls += 1
            if cb(self.calls % 1000, 1000) is False:
                raise Cancelled()
            time.sleep(0.005)
        raise AssertionError("never cancelled")


@pytest.fixture
def seen(qtbot, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Press 取消 on the progress dialog once it has shown (from inside the nested loop);
    count timer ticks meanwhile (the window stays responsive)."""
    monkeypatch.setattr(xd, "PROGRESS_DELAY_MS", 0)
    out: dict[str, Any] = {"ticks": 0}
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: out.__setitem__("ticks", out["ticks"] + 1))
    ticker.start()
    out["ticker"] = ticker

    def press_cancel() -> None:
        found = _progress_dialogs()
        if not found or out["ticks"] < 5:
            QTimer.singleShot(20, press_cancel)
            return
        dlg = found[0]
        out["title"] = dlg.windowTitle()
        out["label"] = dlg.labelText()
        out["value"] = dlg.value()
        buttons = [b.text() for b in dlg.findChildren(QPushButton)]
        out["buttons"] = buttons
        out["modal"] = dlg.isModal() or dlg.windowModality().name != "NonModal"
        cancel = [b for b in dlg.findChildren(QPushButton) if b.text() == "取消"]
        cancel[0].click()  # as the clerk does

    out["start"] = lambda: QTimer.singleShot(20, press_cancel)
    return out


def test_import_progress_dialog_and_cancel(qtbot, monkeypatch, seen, xlsx_fixtures: Path) -> None:  # type: ignore[no-untyped-def]
    report = load_report(SAMPLES / "2021-上官乡.gknb")
    before = report_to_dict(report)
    work = SlowWork()
    monkeypatch.setattr(xd, "plan_import", work)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(xlsx_fixtures / "2021-上官乡-一张表.xlsx"))
    previews: list[Any] = []
    monkeypatch.setattr(xd.ImportPreviewDialog, "exec", lambda self: previews.append(self) or QDialog.DialogCode.Accepted)
    seen["start"]()
    assert xd.run_import_dialog(None, report) is None
    assert seen["title"] == "从 Excel 导入表格" and "正在读取" in seen["label"] and "取消" in seen["buttons"]
    assert seen["modal"] and seen["value"] > 0  # the worker's progress reached the bar
    assert seen["ticks"] >= 5 and work.calls > 1 and work.thread_ok  # the UI thread kept running
    assert previews == []  # nothing previewed, nothing proposed
    assert report_to_dict(report) == before
    assert _progress_dialogs() == []


def test_ledger_progress_dialog_and_cancel(qtbot, monkeypatch, seen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = new_report("测试乡人民政府", 2023)
    report.set(CellKey("t3", "new", "natural"), 7)
    before = report_to_dict(report)
    work = SlowWork()
    monkeypatch.setattr(xd, "plan_ledger_import", work)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(tmp_path / "台账.xlsx"))
    seen["start"]()
    assert xd.run_ledger_import_dialog(None, report) is None
    assert seen["title"] == "从申请台账计算表三" and "申请台账" in seen["label"]
    assert report_to_dict(report) == before and work.thread_ok


def test_real_ledger_import_cancelled_midway(qtbot, monkeypatch, seen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The real model work stops at its next progress call."""
    from tests.xlsx.test_bounded import big_ledger

    p = big_ledger(tmp_path / "台账.xlsx", 20000)
    report = new_report("测试乡人民政府", 2023)
    before = report_to_dict(report)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(p))
    shown: list[Any] = []
    monkeypatch.setattr(xd.ImportPreviewDialog, "exec", lambda self: shown.append(1) or QDialog.DialogCode.Accepted)
    seen["start"]()
    assert xd.run_ledger_import_dialog(None, report) is None
    assert "取消" in seen["buttons"] and shown == [] and report_to_dict(report) == before  # run to the end, it would preview


def test_normal_import_gives_the_same_result(qtbot, monkeypatch, xlsx_fixtures: Path) -> None:  # type: ignore[no-untyped-def]
    src = xlsx_fixtures / "2021-上官乡-一张表.xlsx"
    report = new_report("测试乡人民政府", 2021)
    direct = plan_import(report, src)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(src))
    monkeypatch.setattr(xd.ImportPreviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    res = xd.run_import_dialog(None, report)
    assert res is not None
    changes, text = res
    assert changes == direct.changes and text == xd.IMPORT_DESCRIPTION
    assert report.values == {}


def test_merge_progress_dialog_and_cancel(qtbot, monkeypatch, seen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "各单位"
    folder.mkdir()
    for name in ("甲乡", "乙镇"):
        save_report(new_report(f"{name}人民政府", 2023), folder / f"{name}.gknb")
    monkeypatch.setattr(dialogs, "choose_folder", lambda *a, **k: str(folder))
    work = SlowWork()
    monkeypatch.setattr(xd, "load_all", work)
    opened: list[Any] = []
    monkeypatch.setattr(xd.MergeDialog, "exec", lambda self: opened.append(self) or 0)
    seen["start"]()
    xd.run_merge_dialog(None)
    assert seen["title"] == "汇总各单位报告" and "2 个项目文件" in seen["label"]
    assert opened == [] and work.thread_ok
    assert sorted(p.name for p in folder.iterdir()) == ["乙镇.gknb", "甲乡.gknb"]


def test_worker_error_is_raised_in_the_ui_thread(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom(progress: Any) -> None:
        raise ValueError("坏了")

    with pytest.raises(ValueError, match="坏了"):
        xd.run_with_progress(None, "标题", "正在……", boom)
    assert xd.run_with_progress(None, "标题", "正在……", lambda p: 42) == 42
    qtbot.wait(50)
    assert _progress_dialogs() == []  # quick work: no dialog, not even later


def test_quick_import_shows_no_progress_dialog(qtbot, monkeypatch, xlsx_fixtures: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(xd, "PROGRESS_DELAY_MS", 5000)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(xlsx_fixtures / "2021-上官乡-一张表.xlsx"))
    during: list[int] = []
    monkeypatch.setattr(xd.ImportPreviewDialog, "exec",
                        lambda self: during.append(len(_progress_dialogs())) or QDialog.DialogCode.Rejected)
    assert xd.run_import_dialog(None, new_report("测试乡人民政府", 2021)) is None
    qtbot.wait(50)
    assert during == [0] and _progress_dialogs() == []


def test_xlsx_dialogs_ask_only_through_ui_dialogs() -> None:
    src = Path(xd.__file__).read_text(encoding="utf-8")
    for name in ("QMessageBox", "QFileDialog", "QInputDialog"):
        assert name not in src, name


@pytest.fixture
def main_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import shutil

    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda p, t, x: errors.append(x))
    monkeypatch.setattr(dialogs, "info", lambda p, t, x: None)
    from ui.app import make_app
    from ui.main_window import MainWindow

    make_app()
    w = MainWindow()
    w.show()
    proj = tmp_path / "上官乡.gknb"
    shutil.copy(SAMPLES / "2021-上官乡.gknb", proj)
    assert w.open_path(str(proj))
    w.errors = errors
    yield w
    if w.doc is not None:
        w.doc.mark_saved()
    w.close()
    w._release()
    w.deleteLater()
    qtbot.wait(1)


def test_window_import_through_the_worker_applies_after_preview(main_window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from model.xlsx import export_xlsx

    w = main_window
    key = CellKey("t3", "new", "natural")
    sheet = tmp_path / "改.xlsx"
    export_xlsx(w.doc.report, sheet)
    wb = openpyxl.load_workbook(sheet)
    ws = wb["表三"]
    row = next(c.row for c in ws["A"] if isinstance(c.value, str) and "本年新收" in c.value)
    old = w.doc.report.values[key]
    assert ws.cell(row, 4).value == old  # 自然人 is the first value column after three label columns
    ws.cell(row, 4).value = old + 40
    ws.cell(row, 10).value += 40  # the row's 总计 (checked against the sum on import)
    wb.save(sheet)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: str(sheet))
    monkeypatch.setattr(xd.ImportPreviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    w.import_xlsx()
    assert w.errors == []
    assert w.doc.report.values[key] == old + 40 and w.doc.undo_stack.count() == 1


def test_window_cancelled_import_changes_nothing(main_window, monkeypatch, seen) -> None:  # type: ignore[no-untyped-def]
    w = main_window
    before = report_to_dict(w.doc.report)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: "x.xlsx")
    monkeypatch.setattr(xd, "plan_import", SlowWork())
    seen["start"]()
    w.import_xlsx()
    assert "取消" in seen["buttons"] and w.errors == []
    assert report_to_dict(w.doc.report) == before and w.doc.undo_stack.count() == 0


def test_merge_dialog_skip_errors_recomputes_and_cancel_reverts(qtbot, monkeypatch, seen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "各单位"
    folder.mkdir()
    good = new_report("甲乡人民政府", 2023)
    good.set(CellKey("t3", "new", "natural"), 2)
    save_report(good, folder / "甲乡.gknb")
    bad = new_report("乙镇人民政府", 2023)
    bad.set(CellKey("t3", "new", "natural"), 5)  # 5 received, nothing closed or carried: an error
    save_report(bad, folder / "乙镇.gknb")
    dlg = xd.MergeDialog(None, str(folder))
    qtbot.addWidget(dlg)
    assert dlg.merged is not None and len(dlg.merged.included) == 2
    errors = [m for m in dlg.merged.inputs if m.errors]
    monkeypatch.setattr(xd, "PROGRESS_DELAY_MS", 0)
    dlg.skip_errors.setChecked(True)  # merged again behind the progress dialog
    assert len(dlg.merged.included) == 2 - len(errors)
    monkeypatch.setattr(xd, "merge_loaded", SlowWork())
    seen["start"]()
    dlg.skip_errors.setChecked(False)  # cancelled: the box goes back, the list stays
    assert "取消" in seen["buttons"]
    assert dlg.skip_errors.isChecked() and len(dlg.merged.included) == 2 - len(errors)
