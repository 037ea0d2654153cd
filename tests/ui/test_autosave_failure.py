"""An autosave that cannot be written is reported in the status bar, not raised."""

from __future__ import annotations

from model.formats import CellKey


def test_autosave_failure_is_a_message(opened, monkeypatch):
    w = opened("2021-上官乡")
    key = CellKey("t3", "new", "natural")
    assert w.doc.set_cells({key: 4}, "测试")

    def fail():
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(w.doc.file, "autosave", fail)
    assert w.autosave() is None
    assert "自动保存失败" in w.statusBar().currentMessage()
