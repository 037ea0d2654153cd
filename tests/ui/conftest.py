"""UI test setup: settings, recovery files and locks in tmp; every modal dialog replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.conftest import SAMPLES


class Dialogs:
    """Scripted answers for ui.dialogs; records every call."""

    def __init__(self) -> None:
        self.answers: list[int] = []
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.open_paths: list[str] = []
        self.save_paths: list[str] = []

    def ask(self, parent, title, text, buttons, default=0, escape=None, icon=None, detail=""):
        self.asked.append(text)
        if not self.answers:
            raise AssertionError(f"unexpected question: {text}")
        return self.answers.pop(0)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture
def dialogs(monkeypatch):
    from ui import dialogs as mod

    d = Dialogs()
    monkeypatch.setattr(mod, "ask", d.ask)
    monkeypatch.setattr(mod, "error", lambda p, t, x: d.errors.append(x))
    monkeypatch.setattr(mod, "warning", lambda p, t, x: d.warnings.append(x))
    monkeypatch.setattr(mod, "info", lambda p, t, x: d.infos.append(x))
    monkeypatch.setattr(mod, "open_file", lambda *a, **k: d.open_paths.pop(0) if d.open_paths else "")
    monkeypatch.setattr(mod, "save_file", lambda *a, **k: d.save_paths.pop(0) if d.save_paths else "")
    # a modal nobody answers would hang the run: every other question fails the test at once
    for name in ("ask_int", "choose_folder", "choose_import_source", "review_import"):
        if hasattr(mod, name):
            monkeypatch.setattr(mod, name, lambda *a, _n=name, **k: (_ for _ in ()).throw(AssertionError(f"unexpected {_n}")))
    from PySide6.QtWidgets import QMessageBox

    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: (_ for _ in ()).throw(AssertionError("modal box")))
    return d


@pytest.fixture
def samples(tmp_path) -> Path:
    """Copies of the sample projects (locks and saves land in tmp)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in SAMPLES.glob("*.gknb"):
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture
def window(qtbot, dialogs):
    from ui.app import make_app
    from ui.main_window import MainWindow

    make_app()
    w = MainWindow()
    w.show()
    yield w
    if w.doc is not None:
        w.doc.mark_saved()
    w.close()
    w._release()
    w.deleteLater()
    qtbot.wait(1)


@pytest.fixture
def opened(window, samples):
    def open_(name: str):
        assert window.open_path(str(samples / f"{name}.gknb"))
        return window

    return open_
