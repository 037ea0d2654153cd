"""Keyboard helpers shared by the pages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QToolTip


class _UndoPassThrough(QObject):
    """A line edit that commits on every change keeps no undo history of its own, yet it
    swallows Ctrl+Z / Ctrl+Y.  Let those keys reach the window's undo stack instead."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo)
            if isinstance(obj, QLineEdit) and ((undo and not obj.isUndoAvailable())
                                                or (redo and not obj.isRedoAvailable())):
                return True  # not accepted: the application shortcut runs
        return False


_FILTER: _UndoPassThrough | None = None


def pass_undo_to_window(*widgets: QLineEdit) -> None:
    global _FILTER
    if _FILTER is None:
        _FILTER = _UndoPassThrough()
    for w in widgets:
        w.installEventFilter(_FILTER)


def limit_line_edit(e: QLineEdit, limit: int, what: str, report: Callable[[str], object] | None = None) -> None:
    """The shared limit where the clerk types: longer input or a longer paste is refused
    visibly (a tooltip at the field, and the status bar through ``report``), never cut silently."""
    e.setMaxLength(limit)

    def refused() -> None:
        if len(e.text()) < limit:
            return  # another kind of refusal (a validator): its own message
        what_ = what.rstrip("：:")
        msg = f"{what_}最多{limit}个字，多出的部分没有输入。"
        QToolTip.showText(e.mapToGlobal(QPoint(0, e.height())), msg, e)
        if report is not None:
            report(msg)

    e.inputRejected.connect(refused)
