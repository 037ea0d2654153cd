"""Import a published annual report (Word, saved web page, text-based PDF, copied text) into a ``Report``,
by labels, never by the order of numbers.  Qt-free.

``import_report(path, year=None, progress=None) -> ImportResult(report, notes, recognised,
unplaced_cells, unplaced_parts, findings)``;
``import_text(text, year=None)`` for pasted text.  Both raise ``InputError`` (Chinese)
when the file cannot be read or is not an annual report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from model.importreport.readers import read_file
from model.importreport.recognise import ImportResult, recognise
from model.importreport.text import lines_to_items

__all__ = ["ImportResult", "import_report", "import_text"]


def import_report(path: str | Path, year: int | None = None,
                  progress: Callable[[int, int], object] | None = None) -> ImportResult:
    """``progress(done, total)`` while a PDF is read page by page; an exception raised in it
    (取消) ends the import, nothing is returned or written."""
    return recognise(read_file(path, progress), year)


def import_text(text: str, year: int | None = None) -> ImportResult:
    return recognise(lines_to_items(text), year)
