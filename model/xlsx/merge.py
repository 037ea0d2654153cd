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
from collections.abc import Iterable, Iterator, Sequence
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


@dataclass
class _Group:
    """The running sum of the reports of one (year, format): the merge adds each report to the
    group it belongs to as it reads it, and keeps only the sums, the per-organ rows and the
    prose (for 内容雷同); which group is the summary is decided at the end."""

    inputs: list[tuple[MergeInput, Report]] = field(default_factory=list)  # (row, the report's prose only)
    acc: dict[CellKey, Number] = field(default_factory=dict)
    filled: Counter[CellKey] = field(default_factory=Counter)
    fee: FeeInfo = field(default_factory=FeeInfo)
    seen_organs: dict[str, str] = field(default_factory=dict)
    included: int = 0

    def add(self, mi: MergeInput, rep: Report, skip_errors: bool) -> None:
        organ_key = "".join(rep.organ_name.split())
        prose_only = Report(organ_name=rep.organ_name, organ_kind=rep.organ_kind, year=rep.year, format_id=rep.format_id)
        prose_only.prose = rep.prose
        self.inputs.append((mi, prose_only))
        if organ_key and organ_key in self.seen_organs:
            mi.status = "excluded"
            mi.reason = f"与“{os.path.basename(self.seen_organs[organ_key])}”是同一单位，只汇总一次"
            return
        if skip_errors and mi.errors:
            mi.status = "excluded"
            mi.reason = f"有{mi.errors}个错误（已选择不汇总有错误的报告）"
            return
        if mi.errors:
            mi.reason = f"有{mi.errors}个错误，已汇总，请督促该单位改正"
        self.seen_organs[organ_key] = mi.path
        self.included += 1
        acc, filled = self.acc, self.filled
        for key, v in rep.values.items():
            acc[key] = acc[key] + v if key in acc else v
            filled[key] += 1
        fee = self.fee
        self.fee = FeeInfo(_add(fee.notices, rep.fee.notices),  # type: ignore[arg-type]
                           _add(fee.amount_notified, rep.fee.amount_notified),  # type: ignore[arg-type]
                           _add(fee.amount_collected, rep.fee.amount_collected))  # type: ignore[arg-type]


def merge_loaded(items: Iterable[tuple[str, Report | str]], organ_name: str = "汇总", year: int | None = None,
                 format_id: str | None = None, skip_errors: bool = False, organ_kind: str = "county_gov",
                 progress: Progress | None = None, total: int | None = None) -> MergeResult:
    """Merge reports; an item is (path, Report) or (path, error message).  ``items`` may be a
    generator that loads each report when asked: each is checked, summed and let go before
    the next (only its row and its prose are kept), so a county of any size fits in memory.

    ``progress(done, total)`` is called once per report (``total``: how many items there are,
    ``len(items)`` when not given); returning False raises ``Cancelled`` (nothing is
    returned, nothing was changed)."""
    if total is None:
        total = len(items) if isinstance(items, Sequence) else 0
    inputs: list[MergeInput] = []
    groups: dict[tuple[int, str], _Group] = {}  # in order of first appearance
    others: list[tuple[MergeInput, int, str, str]] = []  # of another year or format than the one asked for
    first_readable: tuple[int, str] | None = None
    done = 0
    for path, rep in items:
        tick(progress, done, total)
        done += 1
        if isinstance(rep, str):
            inputs.append(MergeInput(path, os.path.basename(path), "unreadable", rep))
            continue
        mi = MergeInput(path, rep.organ_name or os.path.basename(path), year=rep.year, format_id=rep.format_id)
        inputs.append(mi)
        if first_readable is None:
            first_readable = (rep.year, rep.format_id)
        sheet = Figures(rep)  # once per report, for the checks and the figures alike
        findings = run_checks(rep, sheet)
        mi.errors = sum(1 for f in findings if f.severity == ERROR)
        mi.warnings = sum(1 for f in findings if f.severity == WARNING)
        mi.figures = key_figures(rep, sheet)
        mi.blanks = len(rep.format.input_cells()) - len(rep.values)
        if (year is not None and rep.year != year) or (format_id is not None and rep.format_id != format_id):
            others.append((mi, rep.year, rep.format_id, rep.format.name))
            continue
        group = groups.get((rep.year, rep.format_id))
        if group is None:
            group = groups[(rep.year, rep.format_id)] = _Group()
        group.add(mi, rep, skip_errors)
    if first_readable is None:
        raise ValueError("没有可以汇总的报告：所有文件都无法读取。")
    if year is None or format_id is None:
        if groups:
            top = max(len(g.inputs) for g in groups.values())
            year, format_id = next(k for k, g in groups.items() if len(g.inputs) == top)
        else:
            year = year if year is not None else first_readable[0]
            format_id = format_id if format_id is not None else first_readable[1]
    fmt = load_format(format_id)
    chosen = groups.get((year, fmt.id), _Group())
    for key, g in groups.items():
        if g is not chosen:
            others.extend((mi, key[0], key[1], load_format(key[1]).name) for mi, _ in g.inputs)
    for mi, rep_year, rep_format, rep_format_name in others:
        mi.status = "excluded"
        parts = []
        if rep_year != year:
            parts.append(f"报告年度为{rep_year}年（汇总的是{year}年）")
        if rep_format != fmt.id:
            parts.append(f"使用{rep_format_name}（汇总使用{fmt.name}）")
        mi.reason = "，".join(parts)
    summary = Report(organ_name=organ_name, organ_kind=organ_kind, year=year, format_id=fmt.id)
    # passages of 50+ identical characters shared with another organ's report (内容雷同), on both
    merged = [(mi, rep) for mi, rep in chosen.inputs if mi.included]
    for (mi, _rep), found in zip(merged, copied_passages([rep for _, rep in merged]), strict=True):
        mi.copied = found
        if found:
            mi.warnings += len(found)
            note = f"有{len(found)}处正文与其他单位的报告雷同"
            mi.reason = f"{mi.reason}；{note}" if mi.reason else note
    summary.values = chosen.acc
    summary.fee = chosen.fee
    n_included = chosen.included
    mixed = {k: n_included - c for k, c in chosen.filled.items() if c < n_included}
    summary.members = [mi.as_member() for mi in inputs]
    tick(progress, done, max(total, done))
    return MergeResult(summary, inputs, mixed)


def _each_loaded(paths: Sequence[str | os.PathLike[str]]) -> Iterator[tuple[str, Report | str]]:
    """Each path with its report, loaded when asked for, or the message why it cannot be read."""
    for p in paths:
        try:
            yield os.fspath(p), load_report(p)
        except ProjectFileError as e:
            yield os.fspath(p), str(e)


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
    """Load and merge the project files ``paths`` (see the module docstring), one at a time."""
    paths = list(paths)
    return merge_loaded(_each_loaded(paths), organ_name, year, format_id, skip_errors, organ_kind, progress,
                        total=len(paths))


def find_reports(folder: str | os.PathLike[str]) -> list[Path]:
    """The .gknb files of a folder (not its backups), sorted by name."""
    return sorted(p for p in Path(folder).glob("*.gknb") if p.is_file())
