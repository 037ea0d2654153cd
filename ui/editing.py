"""The open report as the window sees it: the ``Report``, its file, the undo stack, and the
current ``Figures`` (totals) and findings, recomputed by ``model`` after every change."""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from model.checks import Finding, run_checks, sort_findings
from model.document import OpenDocument
from model.formats import CellKey
from model.report import Number, Report
from model.totals import Figures


class MergeId(enum.IntEnum):
    """Undo merge ids: typing in one field of 基本信息 and committing it again merges into one
    undo step per field (``SnapshotCommand.mergeWith``)."""

    ORGAN = 101
    KIND = 102
    YEAR = 103
    TITLE = 104
    CONTACT = 110  # + the field's index (office, address, postcode, phone, fax)
    PUBLICATION = 120
    DEADLINE = 121


def _restore(target: Report, source: Report) -> None:
    target.__dict__.update(copy.deepcopy(source).__dict__)


class CellsCommand(QUndoCommand):
    """Set one or more cells (typing, Delete, paste, import) as one undoable step."""

    def __init__(self, doc: Document, changes: dict[CellKey, Number | None], text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.new = dict(changes)
        self.old = {k: doc.report.values.get(k) for k in changes}

    def redo(self) -> None:
        self.doc._write_cells(self.new)

    def undo(self) -> None:
        self.doc._write_cells(self.old)


class SnapshotCommand(QUndoCommand):
    """Any other change (a fix, a field of 基本信息, the fee figures, a format conversion):
    the report before and after, restored as a whole."""

    def __init__(self, doc: Document, text: str, mutate: Callable[[Report], object], merge_id: int = -1) -> None:
        super().__init__(text)
        self.doc = doc
        self.mutate = mutate
        self.before = copy.deepcopy(doc.report)
        self.after: Report | None = None
        self.result: object = None
        self._merge_id = merge_id

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SnapshotCommand) or other.id() != self.id() or self.id() < 0:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self.after is None:
            self.result = self.mutate(self.doc.report)
            self.after = copy.deepcopy(self.doc.report)
            self.doc._after_reset(self.before.format_id)
        else:
            fid = self.doc.report.format_id
            _restore(self.doc.report, self.after)
            self.doc._after_reset(fid)

    def undo(self) -> None:
        fid = self.doc.report.format_id
        _restore(self.doc.report, self.before)
        self.doc._after_reset(fid)


class Document(QObject):
    """Signals:
    cellsChanged(table keys)  – cell values (and therefore totals) changed;
    findingsChanged()         – the findings list was recomputed;
    reset()                   – anything may have changed (restore, fix, field edit);
    formatChanged()           – the report now uses another format (pages must be rebuilt);
    modifiedChanged(bool)."""

    cellsChanged = Signal(object)
    findingsChanged = Signal()
    reset = Signal()
    formatChanged = Signal()
    modifiedChanged = Signal(bool)

    def __init__(self, report: Report, path: str | None = None, parent: QObject | None = None,
                 file: OpenDocument | None = None) -> None:
        super().__init__(parent)
        self.report = report
        # the file policy (lock, read-only, change on disk, recovery) lives in model.document
        self.file = file if file is not None else OpenDocument(report, path)
        assert self.file.report is report
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._prose_dirty = False
        self._pending = False  # a field or cell editor holds text not yet committed
        self.sheet = Figures(report)
        self.findings: list[Finding] = sort_findings(run_checks(report, self.sheet))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.recompute)

    # ----------------------------------------------------------------- state
    @property
    def path(self) -> str | None:
        return self.file.path

    @path.setter
    def path(self, value: str | None) -> None:
        self.file.path = value

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.file.read_only = value

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean() or self._prose_dirty or self._pending

    def mark_pending(self, *_: object) -> None:
        """An editor's text changed and is not committed yet: the report counts as modified
        (title ``*``, quit asks) until ``commit_pending`` settles it."""
        if self.read_only or self._pending:
            return
        was = self.is_modified()
        self._pending = True
        if not was:
            self.modifiedChanged.emit(True)

    def clear_pending(self) -> None:
        """The editors have committed (or dropped) their text: the marker follows the report."""
        if not self._pending:
            return
        self._pending = False
        self.modifiedChanged.emit(self.is_modified())

    def mark_saved(self) -> None:
        self._pending = False
        self._prose_dirty = False
        self.undo_stack.setClean()
        self.modifiedChanged.emit(False)

    def mark_modified(self) -> None:
        """Used for edits whose undo lives elsewhere (prose editors) and for untitled copies."""
        was = self.is_modified()
        self._prose_dirty = True
        if not was:
            self.modifiedChanged.emit(True)

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(self.is_modified())

    # ----------------------------------------------------------------- computing
    def recompute(self, emit: bool = True) -> None:
        self._timer.stop()
        self.sheet = Figures(self.report)
        self.findings = sort_findings(run_checks(self.report, self.sheet))
        if emit:
            self.findingsChanged.emit()

    def value(self, key: CellKey) -> Number | None:
        return self.sheet.value(key)

    def findings_for(self, section: str) -> list[Finding]:
        return [f for f in self.findings if (f.section or "s0") == section]

    # ----------------------------------------------------------------- editing
    def set_cells(self, changes: dict[CellKey, Number | None], text: str = "填写单元格") -> bool:
        """Push one undoable step; unchanged cells are dropped.  False if nothing changed."""
        if self.read_only:
            return False
        real = {k: v for k, v in changes.items() if self.report.values.get(k) != v or (k in self.report.values) != (v is not None)}
        if not real:
            return False
        self.undo_stack.push(CellsCommand(self, real, text))
        return True

    def change(self, text: str, mutate: Callable[[Report], object], merge_id: int = -1) -> object:
        """Any non-cell change as one undoable step; returns what ``mutate`` returned."""
        if self.read_only:
            return None
        cmd = SnapshotCommand(self, text, mutate, merge_id)
        self.undo_stack.push(cmd)
        return cmd.result

    def _write_cells(self, values: dict[CellKey, Number | None]) -> None:
        for k, v in values.items():
            self.report.set(k, v)
        self.recompute()
        self.cellsChanged.emit({k.table for k in values})

    def _after_reset(self, old_format: str) -> None:
        self.recompute(emit=False)
        if self.report.format_id != old_format:
            self.formatChanged.emit()  # views rebuild for the new tables first
        self.findingsChanged.emit()
        self.reset.emit()

    def set_prose(self, part: str, text: str) -> None:
        """Prose typing: the editor keeps its own undo; this only stores and marks modified."""
        if self.read_only or self.report.text(part) == text:
            return
        self.report.set_text(part, text)
        self.mark_modified()
        self._timer.start()  # findings follow the text a moment later

    def flush(self) -> None:
        """Recompute now if a prose change is pending (before saving, exporting, checking)."""
        if self._timer.isActive():
            self._timer.stop()
            self.recompute()
