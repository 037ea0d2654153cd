"""Every modal question goes through these few functions, so tests can replace them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

FILE_FILTER = "年报助手报告 (*.gknb);;所有文件 (*)"


def ask(parent: QWidget | None, title: str, text: str, buttons: list[str], default: int = 0,
        escape: int | None = None, icon: QMessageBox.Icon = QMessageBox.Icon.Question, detail: str = "") -> int:
    """Show a question with the given button texts; returns the index of the button chosen
    (``escape``, or the last button, when the box is closed)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    made = []
    for i, label in enumerate(buttons):
        role = QMessageBox.ButtonRole.AcceptRole if i == 0 else QMessageBox.ButtonRole.ActionRole
        if escape is not None and i == escape:
            role = QMessageBox.ButtonRole.RejectRole
        made.append(box.addButton(label, role))
    box.setDefaultButton(made[default])
    box.setEscapeButton(made[escape if escape is not None else len(made) - 1])
    box.exec()
    clicked = box.clickedButton()
    for i, b in enumerate(made):
        if b is clicked:
            return i
    return escape if escape is not None else len(made) - 1


def error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def open_file(parent: QWidget | None, title: str, folder: str = "", filt: str = FILE_FILTER) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filt)
    return path


def save_file(parent: QWidget | None, title: str, suggested: str = "", filt: str = FILE_FILTER) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filt)
    return path


def choose_folder(parent: QWidget | None, title: str, folder: str = "") -> str:
    """A folder chosen by the user, or "" when cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, folder)


def ask_int(parent: QWidget | None, title: str, label: str, value: int, minimum: int, maximum: int) -> int | None:
    """A whole number typed by the user, or None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    number, ok = QInputDialog.getInt(parent, title, label, value, minimum, maximum)
    return number if ok else None


def choose_import_source(parent: QWidget | None) -> tuple[str, str] | None:
    """从已发布的年报开始: ("file", "") or ("text", pasted text); None when cancelled."""
    from ui.import_preview import choose_source

    return choose_source(parent)


def review_import(parent: QWidget | None, review) -> int:  # noqa: ANN001 - model.importreport.review.ImportReview
    """The preview of an imported report; ui.import_preview.NEXT_YEAR, OPEN_IMPORTED or CANCEL."""
    from ui.import_preview import review_import as show

    return show(parent, review)
