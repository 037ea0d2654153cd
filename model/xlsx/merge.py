"""County summary (汇总): the sum of many organs' reports of one year and format.

Rules (docs/excel.md):

* The year and format are those given, else the most common among the readable inputs
  (ties: the first file's).  Reports of another year or format are excluded and listed;
  unreadable files are listed; the same organ twice is excluded the second time.
* Every input cell is summed.  blank + blank = blank; blank + n = n, and the blank is
  remembered: ``MergeResult.mixed_blanks`` counts, per cell, the included reports that
  left it blank, and each organ's row records how many of its cells were blank.
* Reports with errors (``run_checks``) are included and flagged, unless
  ``skip_errors`` is set, in which case they are excluded.
* The per-organ rows (key figures of 表三 and 表四, error count) are stored in
  ``Report.members`` of the summary, so they survive save/load and ``export_xlsx``
  writes them as the sheet “各单位”.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from model.checks import ERROR, WARNING, copied_passages, run_checks
from model.formats import CellKey, load_format
from model.report import FeeInfo, Number, Report
from model.storage import ProjectFileError, load_report
from model.totals import Figures
from model.xlsx.common import Progress, tick

FIGURES = {
    "new": ("received", None),
    "carried": ("carried_in", None),
    "closed": ("results_total", None),
    "carry_next": ("carry_out", None),
}


@dataclass
class MergeInput:
    path: str
    organ: str = ""
    status: str = "included"  # included / excluded / unreadable
    reason: str = ""
    errors: int = 0
    warnings: int = 0
    figures: dict[str, Any] = field(default_factory=dict)
    blanks: int = 0
    year: int | None = None
    format_id: str | None = None
    copied: list[Any] = field(default_factory=list)  # COPIED_FROM_OTHER_ORGAN findings (model.checks.Finding)

    @property
    def included(self) -> bool:
        return self.status == "included"

    def status_text(self) -> str:
        if self.status == "included":
            return f"已汇总（有{self.errors}个错误）" if self.errors else "已汇总"
        if self.status == "unreadable":
            return "无法读取"
        return "未汇总"

    def as_member(self) -> dict[str, Any]:
        row: dict[str, Any] = {"organ": self.organ, "file": os.path.basename(self.path), "status": self.status,
                               "reason": self.reason, "errors": self.errors, "warnings": self.warnings,
                               "blanks": self.blanks}
        row.update(self.figures)
        return row


@dataclass
class MergeResult:
    report: Report
    inputs: list[MergeInput]
    mixed_blanks: dict[CellKey, int] = field(default_factory=dict)

    @property
    def included(self) -> list[MergeInput]:
        return [i for i in self.inputs if i.included]

    @property
    def excluded(self) -> list[MergeInput]:
        return [i for i in self.inputs if not i.included]


def _plain(v: Number | None) -> int | str | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else format(v, "f")
    return int(v)


def key_figures(report: Report, sheet: Figures | None = None) -> dict[str, Any]:
    """表三 新收/结转/办结/结转下年 totals and 表四 totals of one report."""
    fmt = report.format
    sheet = sheet or Figures(report)
    out: dict[str, Any] = {}
    total_col = fmt.role_table_row("applicant_total")
    for name, (role, _) in FIGURES.items():
        row = fmt.role_table_row(role)
        if row and total_col:
            out[name] = _plain(sheet.value(CellKey(row[0], row[1], total_col[1])))
        else:
            out[name] = None
    cases = fmt.role("case_totals") or []
    for cell in cases:
        key = CellKey(*cell)
        out[key.col] = _plain(sheet.value(key))
    return out


def _add(a: Number | None, b: Number | None) -> Number | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def merge_loaded(items: Sequence[tuple[str, Report | str]], organ_name: str = "汇总", year: int | None = None,
                 format_id: str | None = None, skip_errors: bool = False, organ_kind: str = "county_gov",
                 progress: Progress | None = None) -> MergeResult:
    """Merge already-loaded reports; an item is (path, Report) or (path, error message).

    ``progress(done, total)`` is called once per report; returning False raises
    ``Cancelled`` (nothing is returned, nothing was changed)."""
    inputs: list[MergeInput] = []
    reports: list[tuple[MergeInput, Report]] = []
    for path, rep in items:
        if isinstance(rep, str):
            inputs.append(MergeInput(path, os.path.basename(path), "unreadable", rep))
            continue
        mi = MergeInput(path, rep.organ_name or os.path.basename(path), year=rep.year, format_id=rep.format_id)
        inputs.append(mi)
        reports.append((mi, rep))
    if not reports:
        raise ValueError("没有可以汇总的报告：所有文件都无法读取。")
    if year is None or format_id is None:
        counts = Counter((r.year, r.format_id) for _, r in reports if (year is None or r.year == year)
                         and (format_id is None or r.format_id == format_id))
        if counts:
            top = max(counts.values())
            first = next((r.year, r.format_id) for _, r in reports if counts.get((r.year, r.format_id)) == top)
            year, format_id = first
        else:
            year = year if year is not None else reports[0][1].year
            format_id = format_id if format_id is not None else reports[0][1].format_id
    fmt = load_format(format_id)
    summary = Report(organ_name=organ_name, organ_kind=organ_kind, year=year, format_id=fmt.id)
    acc: dict[CellKey, Number] = {}
    filled: Counter[CellKey] = Counter()
    fee = FeeInfo()
    seen_organs: dict[str, str] = {}
    n_included = 0
    for i, (mi, rep) in enumerate(reports):
        tick(progress, i, len(reports))
        if rep.year != year or rep.format_id != fmt.id:
            mi.status = "excluded"
            parts = []
            if rep.year != year:
                parts.append(f"报告年度为{rep.year}年（汇总的是{year}年）")
            if rep.format_id != fmt.id:
                parts.append(f"使用{rep.format.name}（汇总使用{fmt.name}）")
            mi.reason = "，".join(parts)
        findings = run_checks(rep)
        mi.errors = sum(1 for f in findings if f.severity == ERROR)
        mi.warnings = sum(1 for f in findings if f.severity == WARNING)
        sheet = Figures(rep)
        mi.figures = key_figures(rep, sheet)
        mi.blanks = len(rep.format.input_cells()) - len(rep.values)
        if mi.status != "included":
            continue
        organ_key = "".join(rep.organ_name.split())
        if organ_key and organ_key in seen_organs:
            mi.status = "excluded"
            mi.reason = f"与“{os.path.basename(seen_organs[organ_key])}”是同一单位，只汇总一次"
            continue
        if skip_errors and mi.errors:
            mi.status = "excluded"
            mi.reason = f"有{mi.errors}个错误（已选择不汇总有错误的报告）"
            continue
        if mi.errors:
            mi.reason = f"有{mi.errors}个错误，已汇总，请督促该单位改正"
        seen_organs[organ_key] = mi.path
        n_included += 1
        for key, v in rep.values.items():
            acc[key] = acc[key] + v if key in acc else v
            filled[key] += 1
        fee = FeeInfo(_add(fee.notices, rep.fee.notices),  # type: ignore[arg-type]
                      _add(fee.amount_notified, rep.fee.amount_notified),  # type: ignore[arg-type]
                      _add(fee.amount_collected, rep.fee.amount_collected))  # type: ignore[arg-type]
    # passages of 50+ identical characters shared with another organ's report (内容雷同), on both
    merged = [(mi, rep) for mi, rep in reports if mi.included]
    for (mi, _rep), found in zip(merged, copied_passages([rep for _, rep in merged]), strict=True):
        mi.copied = found
        if found:
            mi.warnings += len(found)
            note = f"有{len(found)}处正文与其他单位的报告雷同"
            mi.reason = f"{mi.reason}；{note}" if mi.reason else note
    summary.values = acc
    summary.fee = fee
    mixed = {k: n_included - c for k, c in filled.items() if c < n_included}
    summary.members = [mi.as_member() for mi in inputs]
    tick(progress, len(reports), len(reports))
    return MergeResult(summary, inputs, mixed)


def load_all(paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None) -> list[tuple[str, Report | str]]:
    """Each path with its loaded report, or the Chinese message why it cannot be read.
    ``progress`` as in ``merge_loaded`` (once per file)."""
    out: list[tuple[str, Report | str]] = []
    paths = list(paths)
    for i, p in enumerate(paths):
        tick(progress, i, len(paths))
        try:
            out.append((os.fspath(p), load_report(p)))
        except ProjectFileError as e:
            out.append((os.fspath(p), str(e)))
    return out


def merge_reports(paths: Iterable[str | os.PathLike[str]], organ_name: str = "汇总", year: int | None = None,
                  format_id: str | None = None, skip_errors: bool = False, organ_kind: str = "county_gov",
                  progress: Progress | None = None) -> MergeResult:
    """Load and merge the project files ``paths`` (see the module docstring)."""
    paths = list(paths)
    n = len(paths)
    loaded = load_all(paths, None if progress is None else (lambda d, t: progress(d, 2 * n)))
    return merge_loaded(loaded, organ_name, year, format_id, skip_errors, organ_kind,
                        None if progress is None else (lambda d, t: progress(n + d, 2 * n)))


def find_reports(folder: str | os.PathLike[str]) -> list[Path]:
    """The .gknb files of a folder (not its backups), sorted by name."""
    return sorted(p for p in Path(folder).glob("*.gknb") if p.is_file())
