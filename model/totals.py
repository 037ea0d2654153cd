"""Computed cells (总计 columns and rows), never typed.

A computed cell is the sum of its operands.  If every operand is blank the total is blank
too; otherwise blanks are left out of the sum (the blank-cell check reports them).
"""

from __future__ import annotations

from model.formats import CellKey, ReportFormat, Table
from model.report import Number, Report


def table_totals(table: Table, values: dict[CellKey, Number]) -> dict[CellKey, Number | None]:
    """The computed cells of one table.  Row sums use the column totals of their rows,
    so the corner cell (row total × column total) is consistent either way."""
    out: dict[CellKey, Number | None] = {}
    for key, operands, computed_operands in table.total_plan:
        total: Number | None = None
        for ok in operands:
            v = out[ok] if computed_operands and ok in out else values.get(ok)
            if v is not None:
                total = 0 + v if total is None else total + v
        out[key] = total
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
