"""Computed cells (总计 columns and rows), never typed.

A computed cell is the sum of its operands.  If every operand is blank the total is blank
too; otherwise blanks are left out of the sum (the blank-cell check reports them).
"""

from __future__ import annotations

from model.formats import CellKey, ReportFormat, Table
from model.report import Number, Report


def _sum(values: list[Number | None]) -> Number | None:
    filled = [v for v in values if v is not None]
    if not filled:
        return None
    total: Number = 0
    for v in filled:
        total = total + v
    return total


def table_totals(table: Table, values: dict[CellKey, Number]) -> dict[CellKey, Number | None]:
    """The computed cells of one table.  Row sums use the column totals of their rows,
    so the corner cell (row total × column total) is consistent either way."""
    out: dict[CellKey, Number | None] = {}
    tk = table.key
    for b in table.blocks:
        sum_rows = [r for r in b.rows if r.computed]
        sum_cols = [c for c in b.columns if c.computed]
        for r in b.rows:
            if r.computed:
                continue
            for c in sum_cols:
                out[CellKey(tk, r.key, c.key)] = _sum([values.get(CellKey(tk, r.key, k)) for k in c.sum_of])
        for r in sum_rows:
            for c in b.columns:
                key = CellKey(tk, r.key, c.key)
                operands: list[Number | None] = []
                for k in r.sum_of:
                    ok = CellKey(tk, k, c.key)
                    operands.append(out[ok] if ok in out else values.get(ok))
                out[key] = _sum(operands)
    return out


def compute_totals(fmt: ReportFormat, values: dict[CellKey, Number]) -> dict[CellKey, Number | None]:
    out: dict[CellKey, Number | None] = {}
    for t in fmt.tables:
        out.update(table_totals(t, values))
    return out


class Figures:
    """Input values plus computed totals: what every reader (grid, checks, PDF, Excel) sees."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.format = report.format
        self.totals = compute_totals(self.format, report.values)

    def value(self, key: CellKey) -> Number | None:
        if key in self.totals:
            return self.totals[key]
        return self.report.values.get(key)
