"""Import a published annual report (Word, saved web page, text-based PDF, copied text) into a ``Report``,
by labels, never by the order of numbers.  Qt-free.

``import_report(path, year=None, progress=None) -> ImportResult(report, notes, recognised,
unplaced_cells, unplaced_parts, findings)``;
``import_text(text, year=None)`` for pasted text.  Both raise ``InputError`` (Chinese)
when the file cannot be read or is not an annual report.  ``progress(done, total)`` (see
``model.xlsx.common.Progress``) is called between the stages; returning False raises
``Cancelled`` and nothing is returned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.importreport.readers import MAX_TEXT, read_file
from model.importreport.recognise import ImportResult, recognise
from model.importreport.text import lines_to_items
from model.limits import InputError
from model.xlsx.common import Progress, tick

__all__ = ["ImportResult", "import_report", "import_text"]


def _staged(read: Callable[[Callable[[int, int], object] | None], list[Any]], year: int | None,
            progress: Progress | None) -> ImportResult:
    """Read (a PDF page by page: most of the bar), then recognise."""
    def reading(done: int, total: int) -> None:
        tick(progress, 90 * done // max(total, 1), 100)

    tick(progress, 0, 100)
    items = read(reading if progress is not None else None)
    tick(progress, 90, 100)
    result = recognise(items, year)
    tick(progress, 100, 100)
    return result


def import_report(path: str | Path, year: int | None = None, progress: Progress | None = None) -> ImportResult:
    return _staged(lambda pages: read_file(path, pages), year, progress)


def import_text(text: str, year: int | None = None, progress: Progress | None = None) -> ImportResult:
    if len(text) > MAX_TEXT:
        raise InputError(f"粘贴的文字太长（{len(text):,} 字），一份年度报告不会超过 {MAX_TEXT:,} 字：请只复制报告本身。")
    return _staged(lambda _pages: lines_to_items(text), year, progress)
