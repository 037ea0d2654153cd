"""QSettings in INI format (org "nianbao", app "年报助手"): geometry and recent files.
Tests redirect it with ``QSettings.setPath(IniFormat, UserScope, tmp)``."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ORG = "nianbao"
APP = "年报助手"
MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)


def recent_files() -> list[str]:
    v = settings().value("recent/files", [])
    if isinstance(v, str):
        v = [v]
    return [str(x) for x in v if x] if isinstance(v, list) else []


def add_recent(path: str) -> None:
    p = os.path.abspath(path)
    before = recent_files()
    files = [f for f in before if os.path.normcase(f) != os.path.normcase(p)]
    files.insert(0, p)
    if files[:MAX_RECENT] == before:
        return  # already the first: nothing to write (opening the last file again)
    s = settings()
    s.setValue("recent/files", files[:MAX_RECENT])
    s.sync()


def remove_recent(path: str) -> None:
    files = [f for f in recent_files() if os.path.normcase(f) != os.path.normcase(os.path.abspath(path))]
    s = settings()
    s.setValue("recent/files", files)
    s.sync()


def default_folder() -> str:
    """Where a file dialog starts: the folder of the last report, else 文档 (never the
    program's own folder)."""
    for p in recent_files():
        folder = os.path.dirname(p)
        if os.path.isdir(folder):
            return folder
    from PySide6.QtCore import QStandardPaths

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # a 文档 folder that does not exist would make the dialog fall back to the program's folder
    return docs if docs and os.path.isdir(docs) else os.path.expanduser("~")


def in_default_folder(name: str) -> str:
    """``name`` (a bare file name) in ``default_folder()``; a path is left as it is."""
    return name if os.path.dirname(name) else os.path.join(default_folder(), name)
