"""Audit many published reports at once (a county 政务公开办 each spring): read every report
(published Word, web page, text-based PDF or copied text, or a project file), run every check, and find passages
shared between different organs' reports (内容雷同).  No Qt; the command line and the window
call ``audit`` and write its rows."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from model.checks import ERROR, WARNING, Finding, copied_passages, run_checks
from model.report import Report

READABLE = (".docx", ".html", ".htm", ".pdf", ".txt", ".gknb")
MAX_FILES = 5_000


@dataclass
class AuditRow:
    path: str
    organ: str = ""
    year: int | None = None
    format_name: str = ""
    errors: int = 0
    warnings: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    unplaced: int = 0  # cells and prose parts the importer could not place
    copied: int = 0  # passages shared with another organ's report
    problem: str = ""  # why the file could not be read ('' when it was)

    def to_dict(self) -> dict[str, object]:
        return {"file": self.path, "organ": self.organ, "year": self.year, "format": self.format_name,
                "errors": self.errors, "warnings": self.warnings, "codes": dict(sorted(self.codes.items())),
                "unplaced": self.unplaced, "copied": self.copied, "problem": self.problem}


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The readable files named or inside the folders named (not recursing into hidden
    folders), in a stable order, at most ``MAX_FILES``."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READABLE
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    seen: set[str] = set()
    unique = []
    for f in out:
        k = os.path.normcase(os.path.abspath(f))
        if k not in seen:
            seen.add(k)
            unique.append(f)
    return unique[:MAX_FILES]


def _read(path: Path) -> tuple[Report | None, int, str, list[Finding]]:
    from model.limits import InputError
    from model.storage import ProjectFileError, load_report

    if path.suffix.lower() == ".gknb":
        try:
            return load_report(path), 0, "", []
        except ProjectFileError as e:
            return None, 0, str(e), []
    from model.importreport import import_report

    try:
        result = import_report(path)
    except InputError as e:
        return None, 0, str(e), []
    except OSError as e:
        from model.fserrors import describe_os_error

        return None, 0, describe_os_error(e, path, "读取"), []
    # defects of the published document the project cannot show (a 总计 printed blank)
    return result.report, result.unplaced_cells + result.unplaced_parts, "", list(result.findings)


def audit(paths: Iterable[str | os.PathLike[str]],
          progress: Callable[[int, int, str], object] | None = None) -> tuple[list[AuditRow], list[list[Finding]]]:
    """One row per file and, per file, its findings (with the 内容雷同 findings added)."""
    files = collect(paths)
    rows: list[AuditRow] = []
    reports: list[Report] = []
    read_rows: list[AuditRow] = []
    all_findings: list[list[Finding]] = []
    for i, f in enumerate(files):
        if progress is not None:
            progress(i, len(files), f.name)
        report, unplaced, problem, published = _read(f)
        row = AuditRow(str(f), problem=problem, unplaced=unplaced)
        rows.append(row)
        if report is None:
            all_findings.append([])
            continue
        row.organ, row.year, row.format_name = report.organ_name, report.year, report.format.name
        reports.append(report)
        read_rows.append(row)
        all_findings.append(published + run_checks(report))
    copies = copied_passages(reports) if len(reports) > 1 else [[] for _ in reports]
    by_row = {id(r): c for r, c in zip(read_rows, copies, strict=True)}
    for row, fs in zip(rows, all_findings, strict=True):
        fs.extend(by_row.get(id(row), []))
        row.copied = len(by_row.get(id(row), []))
        row.errors = sum(1 for x in fs if x.severity == ERROR)
        row.warnings = sum(1 for x in fs if x.severity == WARNING)
        row.codes = dict(Counter(x.code for x in fs))
    return rows, all_findings


def write_xlsx(rows: list[AuditRow], path: str | os.PathLike[str]) -> None:
    """The audit as one sheet (every cell written safely: text never becomes a formula)."""
    import io

    from openpyxl import Workbook

    from model.files import atomic_write
    from model.xlsx.common import put

    wb = Workbook()
    ws = wb.active
    ws.title = "年报检查"
    codes = sorted({c for r in rows for c in r.codes})
    head = ["文件", "机关", "年度", "格式", "错误", "警告", "未能归位", "与其他单位雷同", "无法读取的原因", *codes]
    for j, h in enumerate(head, start=1):
        put(ws.cell(1, j), h)
    for i, r in enumerate(rows, start=2):
        values = [os.path.basename(r.path), r.organ, r.year, r.format_name, r.errors, r.warnings, r.unplaced,
                  r.copied, r.problem, *(r.codes.get(c, 0) for c in codes)]
        for j, v in enumerate(values, start=1):
            put(ws.cell(i, j), v)
    ws.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue(), keep_backup=False)
