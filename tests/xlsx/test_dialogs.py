"""The 数据-menu dialogs, offscreen, with QFileDialog/QMessageBox static functions patched."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QInputDialog, QMessageBox

from model.formats import CellKey
from model.report import new_report
from model.storage import load_report, save_report
from ui import xlsx_dialogs as xd

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for name in ("critical", "information", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda p, t, text, *a, _n=name, **k: shown.append((_n, text))))
    return shown


def _open(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (path, "")))


def _save(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (path, "")))


def test_import_dialog_accept(qtbot, monkeypatch, boxes, xlsx_fixtures: Path) -> None:  # type: ignore[no-untyped-def]
    report = new_report("测试乡人民政府", 2021)
    _open(monkeypatch, str(xlsx_fixtures / "2021-上官乡-一张表.xlsx"))
    seen = {}

    def fake_exec(self: xd.ImportPreviewDialog) -> int:
        qtbot.addWidget(self)
        seen["rows"] = self.table.rowCount()
        seen["ok"] = self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        seen["first"] = self.table.item(0, 0).text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(xd.ImportPreviewDialog, "exec", fake_exec)
    res = xd.run_import_dialog(None, report)
    assert res is not None
    changes, text = res
    assert text == "从Excel导入表格"
    assert changes[CellKey("t3", "new", "natural")] == 1 and len(changes) == 166
    assert seen["rows"] == 166 and seen["ok"] and seen["first"].startswith("表二")
    assert report.values == {}  # the dialog only proposes; the main window applies


def test_import_dialog_problems_disable_import(qtbot, monkeypatch, boxes, xlsx_fixtures: Path) -> None:  # type: ignore[no-untyped-def]
    report = load_report(SAMPLES / "2021-上官乡.gknb")
    _open(monkeypatch, str(xlsx_fixtures / "2021-瓶窑镇-2019格式.xlsx"))
    seen = {}

    def fake_exec(self: xd.ImportPreviewDialog) -> int:
        qtbot.addWidget(self)
        seen["ok"] = self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        seen["text"] = self.messages.toPlainText()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(xd.ImportPreviewDialog, "exec", fake_exec)
    assert xd.run_import_dialog(None, report) is None
    assert seen["ok"] is False and "2019年格式" in seen["text"]


def test_import_dialog_bad_file_and_cancel(qtbot, monkeypatch, boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "x.xlsx"
    bad.write_text("hello", encoding="utf-8")
    _open(monkeypatch, str(bad))
    assert xd.run_import_dialog(None, new_report("测试乡人民政府", 2021)) is None
    assert boxes and boxes[0][0] == "critical" and "不是 Excel" in boxes[0][1]
    _open(monkeypatch, "")
    assert xd.run_import_dialog(None, new_report("测试乡人民政府", 2021)) is None


def test_ledger_dialogs(qtbot, monkeypatch, boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "台账.xlsx"
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (2023, True)))
    _save(monkeypatch, str(tmp_path / "台账"))
    xd.run_ledger_template_dialog(None)
    assert p.exists() and boxes[-1][0] == "information"
    wb = openpyxl.load_workbook(p)
    ws = wb["申请台账"]
    ws["B4"] = "2023-01-02"
    ws["C4"] = "自然人"
    ws["D4"] = "（一）予以公开"
    ws["E4"] = "2023-01-09"
    wb.save(p)
    _open(monkeypatch, str(p))
    monkeypatch.setattr(xd.ImportPreviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    res = xd.run_ledger_import_dialog(None, new_report("测试乡人民政府", 2023))
    assert res is not None
    changes, text = res
    assert text == "从申请台账计算表三"
    assert changes[CellKey("t3", "new", "natural")] == 1 and changes[CellKey("t3", "disclosed", "natural")] == 1
    assert changes[CellKey("t3", "carried", "natural")] == 0


def test_export_dialog(qtbot, monkeypatch, boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "表格"
    _save(monkeypatch, str(out))
    xd.run_export_xlsx_dialog(None, load_report(SAMPLES / "2021-上官乡.gknb"), None)
    assert (tmp_path / "表格.xlsx").exists() and boxes[-1][0] == "information"


def test_merge_dialog(qtbot, monkeypatch, boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "各单位"
    folder.mkdir()
    for name, n in (("甲乡", 1), ("乙镇", 2)):
        r = new_report(f"{name}人民政府", 2023)
        r.set(CellKey("t3", "new", "natural"), n)
        save_report(r, folder / f"{name}.gknb")
    old = new_report("丙镇人民政府", 2020)
    save_report(old, folder / "丙镇.gknb")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    out = tmp_path / "汇总.gknb"
    _save(monkeypatch, str(out))
    seen = {}

    def fake_exec(self: xd.MergeDialog) -> int:
        qtbot.addWidget(self)
        seen["rows"] = [(self.table.item(i, 1).text(), self.table.item(i, 2).text()) for i in range(self.table.rowCount())]
        self.organ.setText("某县人民政府")
        self.save()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(xd.MergeDialog, "exec", fake_exec)
    xd.run_merge_dialog(None)
    assert ("丙镇人民政府", "未汇总") in seen["rows"] and ("甲乡人民政府", "已汇总") in seen["rows"]
    s = load_report(out)
    assert s.organ_name == "某县人民政府" and s.get(CellKey("t3", "new", "natural")) == 3
    assert (tmp_path / "汇总.xlsx").exists()
    assert "各单位" in openpyxl.load_workbook(tmp_path / "汇总.xlsx").sheetnames
