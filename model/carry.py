"""Start next year's report from this one, and convert a report between formats.

What converts is declared in the format files (``Conversion`` in ``model.formats``): a
format names the earlier format it replaces, the tables and single cells that keep their
meaning, rows that were split, renamed prose parts, and why the rest has no counterpart.
Nothing else carries over; the notes returned say so table by table.  Formats further
apart convert step by step along the declared conversions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace

from model import limits
from model.formats import CellKey, Conversion, ReportFormat, all_formats, load_format
from model.report import Contact, Number, PreviousYear, ProseText, Report, new_report
from model.totals import Figures


@dataclass(frozen=True)
class Step:
    """One declared conversion, read forwards (``conv.source`` → ``dst``) or backwards."""

    src: ReportFormat
    dst: ReportFormat
    conv: Conversion
    forward: bool

    def _pairs(self) -> dict[CellKey, CellKey]:
        pairs = {a: b for a, b in self.conv.cells}
        return pairs if self.forward else {b: a for a, b in pairs.items()}

    def cell(self, key: CellKey) -> CellKey | None:
        """The cell of ``dst`` meaning what ``key`` of ``src`` means, if one is declared."""
        pairs = self._pairs()
        if key in pairs:
            target: CellKey | None = pairs[key]
        elif key.table in self.conv.same_tables and not self._split_row(key):
            target = key
        else:
            target = None
        if target is None or not self.dst.has_cell(target) or self.dst.is_computed(target):
            return None
        return target

    def _split_row(self, key: CellKey) -> bool:
        for sp in self.conv.splits:
            if sp.table == key.table and (key.row in sp.into or key.row == sp.row):
                return True
        return False

    def part(self, key: str) -> str | None:
        renames = dict(self.conv.prose) if self.forward else {b: a for a, b in self.conv.prose}
        if key in renames:
            return renames[key]
        if key in renames.values():
            return None  # renamed away: its old key means something else now, if anything
        if self.conv.same_prose and any(p.key == key for p in self.dst.prose):
            return key
        return None


def _steps(src: ReportFormat, dst: ReportFormat) -> list[Step] | None:
    """The shortest chain of declared conversions from ``src`` to ``dst`` (``[]`` if equal)."""
    if src.id == dst.id:
        return []
    formats = {f.id: f for f in all_formats()}
    formats.setdefault(src.id, src)
    formats.setdefault(dst.id, dst)
    edges: dict[str, list[Step]] = {}
    for f in formats.values():
        for conv in f.conversions:
            old = formats.get(conv.source)
            if old is None:
                continue
            edges.setdefault(old.id, []).append(Step(old, f, conv, True))
            edges.setdefault(f.id, []).append(Step(f, old, conv, False))
    paths: dict[str, list[Step]] = {src.id: []}
    queue = [src.id]
    while queue:
        at = queue.pop(0)
        for step in edges.get(at, []):
            if step.dst.id in paths:
                continue
            paths[step.dst.id] = paths[at] + [step]
            if step.dst.id == dst.id:
                return paths[dst.id]
            queue.append(step.dst.id)
    return None


def cell_mapper(src: ReportFormat, dst: ReportFormat) -> Callable[[CellKey], CellKey | None]:
    """Where a cell of ``src`` lands in ``dst`` (``None``: nothing declared)."""
    steps = _steps(src, dst) or []
    if src.id != dst.id and not steps:
        return lambda key: None

    def go(key: CellKey) -> CellKey | None:
        k: CellKey | None = key
        for st in steps:
            k = st.cell(k) if k is not None else None
        return k

    return go


def part_mapper(src: ReportFormat, dst: ReportFormat) -> Callable[[str], str | None]:
    """Which prose part of ``dst`` a part of ``src`` becomes (``None``: it does not carry)."""
    steps = _steps(src, dst)
    if steps is None:
        return lambda key: None

    def go(key: str) -> str | None:
        k: str | None = key
        for st in steps:
            k = st.part(k) if k is not None else None
        return k

    return go


def _convert_step(values: dict[CellKey, Number], st: Step, notes: list[str]) -> dict[CellKey, Number]:
    src, dst, conv = st.src, st.dst, st.conv
    out: dict[CellKey, Number] = {}
    dropped: dict[str, list[CellKey]] = {}
    for key, v in values.items():
        target = st.cell(key)
        if target is not None:
            out[target] = v
        elif not any(sp.table == key.table and key.row in (sp.into if not st.forward else (sp.row,))
                     for sp in conv.splits):
            dropped.setdefault(key.table, []).append(key)
    for sp in conv.splits:
        t_src = src.table(sp.table)
        if st.forward:  # one row became several: a 0 is 0 in each, another number cannot be split
            split_cols = [c for c in t_src.block_of(sp.row).columns if not c.computed]
            old = [values.get(CellKey(sp.table, sp.row, c.key)) for c in split_cols]
            for c, ov in zip(split_cols, old, strict=True):
                if ov == 0:
                    for r in sp.into:
                        if dst.has_cell(CellKey(sp.table, r, c.key)):
                            out[CellKey(sp.table, r, c.key)] = 0
            if any(ov for ov in old):
                labels = "、".join(f"“{dst.table(sp.table).row(r).label}”" for r in sp.into)
                notes.append(sp.note or f"{t_src.name}“{t_src.row(sp.row).label}”在{dst.name}中分为{len(sp.into)}项"
                             f"（{labels}），原来的数值无法自动拆分，请按实际情况重新填写这{len(sp.into)}行。")
        else:  # several rows fold into one without loss
            for c in dst.table(sp.table).block_of(sp.row).columns:
                parts = [values.get(CellKey(sp.table, r, c.key)) for r in sp.into]
                if c.computed or all(p is None for p in parts):
                    continue
                out[CellKey(sp.table, sp.row, c.key)] = sum(p or 0 for p in parts)
    for tk, keys in dropped.items():
        try:
            t = src.table(tk)
        except KeyError:
            continue
        gone = set(keys)
        rows = []
        for row in t.rows():
            cols = [c.label for c in t.block_of(row.key).columns if CellKey(tk, row.key, c.key) in gone]
            if cols:
                rows.append(f"“{row.label}”（{'、'.join(cols)}）" if t.row_label_columns else "、".join(cols))
        why = conv.notes.get(tk) or f"{t.name}在两种格式间不同"
        notes.append(f"{why}，以下数值未转换，请按{dst.name}重新填写：{'；'.join(rows)}。")
    return out


def convert_format(report: Report, target_id: str) -> tuple[Report, list[str]]:
    """A copy of ``report`` in format ``target_id`` with every value whose meaning is
    preserved (as the format files declare); notes list what had to be left blank and why."""
    src = report.format
    dst = load_format(target_id)
    if src.id == dst.id:
        return copy.deepcopy(report), []
    new = copy.deepcopy(report)
    new.format_id = dst.id
    notes: list[str] = []
    steps = _steps(src, dst)
    if steps is None:
        new.values = {}
        notes.append(f"{src.name}与{dst.name}之间没有转换规则，表格数值没有转换，请重新填写。")
    else:
        values = dict(report.values)
        for st in steps:
            values = _convert_step(values, st, notes)
        new.values = values
    parts = part_mapper(src, dst)
    new.prose = {}
    for k, v in report.prose.items():
        target = parts(k)
        if target is not None:
            new.prose[target] = v
    notes.insert(0, f"已从{src.name}转换为{dst.name}。")
    return new, notes


def _snapshot(report: Report, dst: ReportFormat) -> PreviousYear:
    """What next year's report (format ``dst``) keeps of ``report``: its keys are ``dst``'s,
    and only figures and parts the conversion data declares as the same carry over."""
    fmt = report.format
    sheet = Figures(report)
    cells, parts = cell_mapper(fmt, dst), part_mapper(fmt, dst)
    prev = PreviousYear(year=report.year, format_id=fmt.id)
    out, out_dst = fmt.role_table_row("carry_out"), dst.role_table_row("carry_out")
    if out and out_dst:
        for col in fmt.table(out[0]).block_of(out[1]).columns:
            v = sheet.value(CellKey(out[0], out[1], col.key))
            target = cells(CellKey(out[0], out[1], col.key))
            if v is not None and not col.computed and target and (target.table, target.row) == out_dst:
                prev.carry_out[target.col] = int(v)
    rec, tot, rec_dst = fmt.role_table_row("received"), fmt.role_table_row("applicant_total"), dst.role_table_row("received")
    if rec and tot and rec_dst:
        same = any((t.table, t.row) == rec_dst for c in fmt.table(rec[0]).block_of(rec[1]).columns
                   if (t := cells(CellKey(rec[0], rec[1], c.key))) is not None)
        v = sheet.value(CellKey(rec[0], rec[1], tot[1]))
        prev.received_total = int(v) if v is not None and same else None
    role, role_dst = fmt.role("effective"), dst.role("effective")
    if role and role_dst:
        for row in role["rows"]:
            v = report.values.get(CellKey(role["table"], row, role["effective"]))
            target = cells(CellKey(role["table"], row, role["effective"]))
            if v is not None and target and target.col == role_dst["effective"] and target.row in role_dst["rows"]:
                prev.effective[target.row] = int(v)
    for k, p in report.prose.items():
        target_part = parts(k)
        if p.text and target_part:
            prev.prose[target_part] = p.text
    return prev


def next_year(report: Report, source_name: str = "") -> Report:
    """Next year's report: organ and contact carried, 结转下年度继续办理 → 上年结转,
    last year's figures kept for cross-checks, prose carried as a draft marked copied.
    Across a format revision only what the conversion data declares carries."""
    new = new_report(report.organ_name, report.year + 1, report.organ_kind)
    new.contact = replace(report.contact) if isinstance(report.contact, Contact) else Contact()
    new.deadline = None
    new.previous = _snapshot(report, new.format)
    new.previous.source = source_name[-limits.SOURCE_MAX:]  # a path: its end names the file
    apply_previous_carry(new)
    new.prose = {k: ProseText(text, True) for k, text in new.previous.prose.items()}
    return new


def apply_previous_carry(report: Report) -> list[str]:
    """Set 上年结转 from the linked previous report's 结转下年度继续办理."""
    prev = report.previous
    fmt = report.format
    car = fmt.role_table_row("carried_in")
    if prev is None or car is None or not prev.carry_out:
        return ["没有关联上年报告的结转数。"]
    n = 0
    for col, v in prev.carry_out.items():
        key = CellKey(car[0], car[1], col)
        if fmt.has_cell(key) and not fmt.is_computed(key):
            report.values[key] = v
            n += 1
    return [f"已按{prev.year}年报告填入上年结转数（{n}列）。"]
