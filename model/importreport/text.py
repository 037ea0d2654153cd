"""The common representation of a published report: paragraphs and tables in reading order.

A table is a list of rows; a row lists its origin cells (``Cell(text, col, span)``) left to
right, ``col`` being the grid column after rowspans/colspans are resolved.  A cell covered by
a merge from above (rowspan, vMerge) is not repeated.  Readers (``readers.py``) produce this;
the recogniser (``recognise.py``) reads it.  No Qt.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Cell:
    text: str
    col: int = 0
    span: int = 1


@dataclass
class Para:
    text: str


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    # cells told apart only by the gaps between them (a PDF table without ruling lines): a
    # blank cell leaves no trace, so a row with fewer cells than columns cannot be placed
    loose: bool = False


Item = Para | Table

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """A label for comparison: NFKC (full-width digits and brackets to half-width), no
    spaces or line breaks, Chinese brackets and stops unified."""
    t = unicodedata.normalize("NFKC", text)
    t = _SPACE.sub("", t)
    t = t.replace("（", "(").replace("）", ")").replace("、", ".").replace("．", ".").replace("，", ",")
    t = t.replace("“", '"').replace("”", '"')
    return t


def clean_cell(text: str) -> str:
    """A cell's text with spaces inside line breaks joined (“本年新<br>公开数量”)."""
    t = text.replace("\u00a0", " ").replace("\u3000", " ")
    lines = [ln.strip() for ln in re.split(r"[\r\n]+", t)]
    return "".join(ln for ln in lines if ln).strip()


def row_cells_from_texts(texts: list[str]) -> list[Cell]:
    return [Cell(clean_cell(t), i, 1) for i, t in enumerate(texts)]


def lines_to_items(text: str) -> list[Item]:
    """Text copied from a site: a row per line with cells separated by tabs or “|”, or one
    cell per line (a line starting with a tab), rows separated by blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\[bookmark:[^\]\n]{0,80}\]", "", text)  # Word bookmarks left by a copy
    lines = text.split("\n")
    inner_tab = sum(1 for ln in lines if "\t" in ln.strip("\t ") )
    cell_per_line = inner_tab < 3 and sum(1 for ln in lines if ln.startswith("\t")) >= 10
    items: list[Item] = []
    table: Table | None = None
    row: list[str] | None = None

    def close_row() -> None:
        nonlocal row
        if row is not None and table is not None and any(c.strip() for c in row):
            table.rows.append(row_cells_from_texts(row))
        row = None

    for ln in lines:
        stripped = ln.strip(" \u3000\u00a0")
        if cell_per_line:
            if ln.startswith("\t"):
                if table is None:
                    table = Table()
                    items.append(table)
                if row is None:
                    row = []
                row.append(ln[1:])
                continue
            if not stripped.strip():
                close_row()
                continue
            if row is not None and table is not None and len(stripped) <= 20 and not _looks_heading(stripped):
                row[-1] += stripped  # a line break inside a cell (“本年新\n公开数量”)
                continue
            close_row()
            table = None
            items.append(Para(stripped.strip()))
            continue
        pipe = (stripped.startswith("|") and stripped.count("|") >= 2) or stripped.count(" | ") >= 2
        if pipe or ("\t" in stripped.strip("\t") or (stripped.startswith("\t") and stripped.strip())):
            if pipe:
                body = stripped.strip()
                if body.startswith("|"):
                    body = body[1:]
                if body.endswith("|"):
                    body = body[:-1]
                cells = body.split("|")
            else:
                cells = stripped.split("\t")
            if table is None:
                table = Table()
                items.append(table)
            table.rows.append(row_cells_from_texts(cells))
            continue
        if not stripped.strip():
            continue
        table = None
        items.append(Para(stripped.strip()))
    close_row()
    return items


_HEAD = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[(（][一二三四五六七八九十]+[)）]")


def _looks_heading(text: str) -> bool:
    return bool(_HEAD.match(text.strip()))
