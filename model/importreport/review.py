"""The clerk's review of an imported published report, before it becomes a project.

``ImportReview(result)`` holds a working copy of the recognised report and, for every
value cell of the three tables, what the published text said and what will go into the
project: recognised, blank (nothing printed), not applicable (“/”, “—”, “无”), a
published figure that could not be read as a number, or a total that the program
computes (compared with the published one).  The clerk corrects cells, the organ, the
year and the prose here; ``accept()`` refuses while a published figure is still unread
(it would otherwise be dropped without her seeing it).  Qt-free: the window only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.formats import CellKey, ReportFormat
from model.importreport.recognise import ImportResult
from model.limits import InputError
from model.organs import propose_kind
from model.report import Number, Report, format_number, parse_cell
from model.totals import Figures

# the state of one value cell, as the preview marks it
RECOGNISED = "recognised"  # a number read from the published table
BLANK = "blank"  # nothing printed there (blank is not 0)
NOT_APPLICABLE = "not_applicable"  # “/”, “—”, “无”: kept blank, shown apart from 0
UNREAD = "unread"  # something printed that is not a number: must be corrected or cleared
CORRECTED = "corrected"  # changed by the clerk in the preview
COMPUTED = "computed"  # a total the program computes; the published one agrees or is blank
TOTAL_DIFFERS = "total_differs"  # a published total that is not the sum of its parts

STATUS_TEXT = {
    RECOGNISED: "已识别",
    BLANK: "原文空白",
    NOT_APPLICABLE: "原文为不适用记号，留空",
    UNREAD: "原文不是数字，请改正或清空",
    CORRECTED: "已改正",
    COMPUTED: "自动计算",
    TOTAL_DIFFERS: "原文的合计与各项之和不符",
}


@dataclass
class CellState:
    key: CellKey
    label: str
    source: str  # the published text of the cell ("" when nothing was printed or found)
    status: str
    message: str = ""  # why it is unread, or what differs

    @property
    def needs_attention(self) -> bool:
        return self.status in (UNREAD, TOTAL_DIFFERS)


class ImportReview:
    def __init__(self, result: ImportResult, source_name: str = "") -> None:
        self.result = result
        self.report: Report = result.report
        self.source_name = source_name
        self.recognised: dict[str, Any] = result.recognised
        self._entries: dict[CellKey, dict[str, Any]] = {}
        for entry in self.recognised.get("cells", []):
            try:
                key = CellKey.from_text(entry["cell"])
            except (KeyError, ValueError):
                continue
            self._entries[key] = entry
        self._corrected: set[CellKey] = set()
        self._cleared_unread: set[CellKey] = set()

    # ------------------------------------------------------------------ what was read
    @property
    def format(self) -> ReportFormat:
        return self.report.format

    @property
    def format_how(self) -> str:
        return str(self.recognised.get("format_how", ""))

    @property
    def organ_from(self) -> str:
        return str(self.recognised.get("organ_from", ""))

    @property
    def notes(self) -> list[str]:
        return list(self.result.notes)

    def source_text(self, key: CellKey) -> str:
        entry = self._entries.get(key)
        return str(entry.get("source", "")) if entry else ""

    def cell(self, key: CellKey, figures: Figures | None = None) -> CellState:
        """What the preview shows for one value cell of the format's tables (``figures``: the
        totals already computed, when many cells are asked at once)."""
        fmt = self.format
        label = fmt.cell_label(key)
        entry = self._entries.get(key)
        source = str(entry.get("source", "")) if entry else ""
        if fmt.is_computed(key):
            return self._total(key, label, source, entry, figures or Figures(self.report))
        if key in self._corrected:
            return CellState(key, label, source, CORRECTED)
        if entry is None or not source.strip():
            return CellState(key, label, source, BLANK)
        if entry.get("note") == "不适用":
            return CellState(key, label, source, NOT_APPLICABLE)
        if self.report.get(key) is None and key not in self._cleared_unread:
            try:
                parse_cell(fmt.column_of(key).kind, source)
                message = ""
            except InputError as e:
                message = str(e)
            return CellState(key, label, source, UNREAD, message or "原文不是数字")
        return CellState(key, label, source, RECOGNISED)

    def _total(self, key: CellKey, label: str, source: str, entry: dict[str, Any] | None,
               figures: Figures) -> CellState:
        computed = figures.value(key)
        published: Number | None = None
        if entry is not None and entry.get("value") is not None:
            try:
                published = parse_cell(self.format.column_of(key).kind, str(entry["value"]))
            except InputError:
                published = None
        if published is not None and computed is not None and published != computed:
            return CellState(key, label, source, TOTAL_DIFFERS,
                             f"原文为 {format_number(published)}，各项之和为 {format_number(computed)}")
        if published is not None and computed is None:
            return CellState(key, label, source, TOTAL_DIFFERS,
                             f"原文为 {format_number(published)}，各项都是空白")
        return CellState(key, label, source, COMPUTED)

    def cells(self, table_key: str | None = None) -> list[CellState]:
        keys = [k for k in self.format_cells() if table_key is None or k.table == table_key]
        figures = Figures(self.report)  # once for all the totals asked
        return [self.cell(k, figures) for k in keys]

    def format_cells(self) -> list[CellKey]:
        out: list[CellKey] = []
        for tk in ("t2", "t3", "t4"):
            out.extend(self.format.table(tk).cells())
        return out

    def unread(self) -> list[CellState]:
        return [c for c in self.cells() if c.status == UNREAD]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.cells():
            out[c.status] = out.get(c.status, 0) + 1
        return out

    # ------------------------------------------------------------------ corrections
    def set_cell(self, key: CellKey, text: str) -> Number | None:
        """The clerk's figure for an input cell (blank clears it); a refused text raises
        ``InputError`` with the reason and changes nothing."""
        fmt = self.format
        if not fmt.has_cell(key) or fmt.is_computed(key):
            raise InputError(f"“{fmt.cell_label(key) if fmt.has_cell(key) else key.as_text()}”是自动计算的，不能填写。")
        value = parse_cell(fmt.column_of(key).kind, text)
        self.report.set(key, value)
        self._corrected.add(key)
        if value is None:
            self._cleared_unread.add(key)
        return value

    def set_organ(self, name: str) -> None:
        self.report.organ_name = name

    def proposed_kind(self) -> str | None:
        return propose_kind(self.report.organ_name)

    def set_kind(self, kind: str) -> None:
        self.report.organ_kind = kind

    def set_year(self, year: int) -> None:
        self.report.year = year

    def parts(self) -> list[tuple[str, str, str]]:
        """(key, heading, text) of every prose part of the format, in order."""
        out = []
        for sec in self.format.sections:
            for part in self.format.prose_of(sec.key):
                heading = part.label or sec.heading
                out.append((part.key, heading, self.report.text(part.key)))
        return out

    def set_text(self, part: str, text: str) -> None:
        self.report.set_text(part, text)

    # ------------------------------------------------------------------ accepting
    def problems(self) -> list[str]:
        """What stops ``accept()``: published figures not read and not corrected."""
        bad = self.unread()
        if not bad:
            return []
        names = "、".join(f"“{c.label}”" for c in bad[:5]) + ("等" if len(bad) > 5 else "")
        return [f"还有 {len(bad)} 个单元格的原文不是数字（{names}），请改正，或清空后再接受。"]

    def accept(self) -> Report:
        problems = self.problems()
        if problems:
            raise InputError(problems[0])
        return self.report
