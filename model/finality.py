"""Whether a report may leave as final: what still makes it a draft.

A report is a draft while it has errors, blank input cells, a format that is not the one for
its year, or prose carried from last year and not edited since.  Every export (PDF, and the
later Word and HTML writers) marks a draft as 草稿; exporting it as final is a decision the
clerk confirms (the window asks, listing what remains; the command line's ``--final`` refuses).
Errors are never exported as final.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.checks import ERROR, Finding, run_checks
from model.report import Report

OUTDATED_CODES = frozenset({"FORMAT_OUTDATED", "FORMAT_MISMATCH", "YEAR_UNSUPPORTED"})


@dataclass(frozen=True)
class Unfinished:
    errors: int = 0
    blanks: int = 0  # blank input cells over all tables
    copied: int = 0  # prose parts still exactly last year's text
    outdated: bool = False  # the tables are not the format for the report's year

    @property
    def clean(self) -> bool:
        return not (self.errors or self.blanks or self.copied or self.outdated)

    def reasons(self) -> list[str]:
        out = []
        if self.errors:
            out.append(f"{self.errors}个错误")
        if self.blanks:
            out.append(f"{self.blanks}处空白")
        if self.copied:
            out.append(f"{self.copied}处沿用上年文字")
        if self.outdated:
            out.append("表格格式不是本年度应使用的格式")
        return out

    def summary(self) -> str:
        """“2处空白、1处沿用上年文字” ('' when clean)."""
        return "、".join(self.reasons())


def unfinished(report: Report, findings: list[Finding] | None = None) -> Unfinished:
    fs = run_checks(report) if findings is None else findings
    blanks = sum(1 for t in report.format.tables for k in t.input_cells() if k not in report.values)
    copied = sum(1 for p in report.prose.values() if p.copied)
    return Unfinished(errors=sum(1 for f in fs if f.severity == ERROR), blanks=blanks, copied=copied,
                      outdated=any(f.code in OUTDATED_CODES for f in fs))


def final_question(u: Unfinished, verb: str = "导出") -> str:
    """The one question before a final export (``verb``: 导出, 打印, 复制) of an unfinished report."""
    return f"仍有{u.summary()}，确定{verb}正式版？"
