"""The official report formats, loaded from the data files in ``model/formats/``.

One JSON file describes one revision of 《中华人民共和国政府信息公开工作年度报告格式》:
its six sections, the prose parts, the three tables (blocks, rows, columns, stable keys,
exact labels, which cells are computed), the arithmetic relations, the semantic roles of
cells and prose parts the checks, sentences and exporters rely on, and how a report of an
earlier revision converts to it.  A future revision is one new ``format-XXXX.json`` file:
formats are discovered from the folder, never listed in code.  Extra folders (searched
first, so a file there replaces a bundled one of the same id) come from the environment
variable ``NIANBAO_FORMATS`` (folders separated by ``os.pathsep``).  How a table is placed
on a grid (merged headers, row labels, spans) is ``model.tablegrid``.

This module imports no Qt.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

FORMAT_DIR = Path(__file__).resolve().parent / "formats"
FORMATS_ENV = "NIANBAO_FORMATS"  # extra folders with format-*.json, searched before FORMAT_DIR

CELL_KINDS = ("count", "signed", "money")


class CellKey(NamedTuple):
    """Address of one table cell: table key, row key, column key."""

    table: str
    row: str
    col: str

    def as_text(self) -> str:
        return f"{self.table}.{self.row}.{self.col}"

    @classmethod
    def from_text(cls, text: str) -> CellKey:
        parts = text.split(".")
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"单元格地址格式不正确：{text!r}")
        return cls(*parts)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str
    path: tuple[str, ...] = ()
    sum_of: tuple[str, ...] = ()
    help: str = ""
    unit: str = ""

    @property
    def computed(self) -> bool:
        return bool(self.sum_of)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    path: tuple[str, ...] = ()
    sum_of: tuple[str, ...] = ()
    help: str = ""

    @property
    def computed(self) -> bool:
        return bool(self.sum_of)


@dataclass(frozen=True)
class Block:
    """A run of rows sharing one column header (table 二 has four or five blocks)."""

    key: str
    caption: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class Table:
    key: str
    section: str
    title: str
    name: str  # how the report refers to it: 表二
    corner: str | None
    row_label_columns: int
    blocks: tuple[Block, ...]
    _row_index: dict[str, tuple[Block, Row]] = field(default_factory=dict, compare=False, repr=False)

    # Derived lists and indexes, computed once per Table (a Table never changes: frozen, and a
    # changed format file is a new ReportFormat with new Tables).  Lists are handed out as copies.
    @cached_property
    def _cells(self) -> tuple[CellKey, ...]:
        return tuple(CellKey(self.key, r.key, c.key) for b in self.blocks for r in b.rows for c in b.columns)

    @cached_property
    def _columns(self) -> dict[tuple[str, str], Column]:
        return {(r.key, c.key): c for b in self.blocks for r in b.rows for c in b.columns}

    @cached_property
    def _computed(self) -> frozenset[CellKey]:
        return frozenset(k for k in self._cells if self.row(k.row).computed or self._columns[(k.row, k.col)].computed)

    @cached_property
    def _inputs(self) -> tuple[CellKey, ...]:
        return tuple(k for k in self._cells if k not in self._computed)

    @cached_property
    def total_plan(self) -> tuple[tuple[CellKey, tuple[CellKey, ...], bool], ...]:
        """How the computed cells are summed, in order: (cell, operands, whether operands may
        be computed cells).  Column sums add input cells; row sums come after the column sums
        of their rows and add those (see ``model.totals.table_totals``)."""
        plan: list[tuple[CellKey, tuple[CellKey, ...], bool]] = []
        tk = self.key
        for b in self.blocks:
            sum_cols = [c for c in b.columns if c.computed]
            for r in b.rows:
                if r.computed:
                    continue
                for c in sum_cols:
                    plan.append((CellKey(tk, r.key, c.key), tuple(CellKey(tk, r.key, k) for k in c.sum_of), False))
            for r in b.rows:
                if r.computed:
                    for c in b.columns:
                        plan.append((CellKey(tk, r.key, c.key), tuple(CellKey(tk, k, c.key) for k in r.sum_of), True))
        return tuple(plan)

    @cached_property
    def _leaves(self) -> dict[tuple[str, str], tuple[CellKey, ...]]:
        return {}

    def input_leaves(self, row: str, col: str) -> tuple[CellKey, ...]:
        """The input cells a (possibly computed) cell is the sum of (itself for an input cell)."""
        key = (row, col)
        found = self._leaves.get(key)
        if found is None:
            block = self.block_of(row)
            r = next(x for x in block.rows if x.key == row)
            if r.computed:
                found = tuple(k for sub in r.sum_of for k in self.input_leaves(sub, col))
            elif (c := block.column(col)).computed:
                found = tuple(CellKey(self.key, row, k) for k in c.sum_of)
            else:
                found = (CellKey(self.key, row, col),)
            self._leaves[key] = found
        return found

    def rows(self) -> list[Row]:
        return [r for b in self.blocks for r in b.rows]

    def block_of(self, row_key: str) -> Block:
        return self._row_index[row_key][0]

    def row(self, row_key: str) -> Row:
        return self._row_index[row_key][1]

    def has_cell(self, row_key: str, col_key: str) -> bool:
        return (row_key, col_key) in self._columns

    def column(self, row_key: str, col_key: str) -> Column:
        try:
            return self._columns[(row_key, col_key)]
        except KeyError:
            return self.block_of(row_key).column(col_key)  # the same KeyError as before

    def cells(self) -> list[CellKey]:
        """Every cell of the table, in reading order."""
        return list(self._cells)

    def is_computed(self, row_key: str, col_key: str) -> bool:
        if (row_key, col_key) in self._columns:
            return CellKey(self.key, row_key, col_key) in self._computed
        return self.row(row_key).computed or self.column(row_key, col_key).computed

    def input_cells(self) -> list[CellKey]:
        return list(self._inputs)

    def computed_cells(self) -> list[CellKey]:
        return [k for k in self._cells if k in self._computed]

    @property
    def width(self) -> int:
        """Number of value columns of the widest block."""
        return max(len(b.columns) for b in self.blocks)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    table: str | None = None


@dataclass(frozen=True)
class ProsePart:
    key: str
    section: str
    label: str
    heading: str | None
    required: bool
    guidance: str
    role: str | None = None  # what the program knows this part for, e.g. "request", "supervision"
    topic: str = ""  # the words naming it in a heading, e.g. 监督保障 (a merged “平台建设、监督保障” covers it)


@dataclass(frozen=True)
class Relation:
    """An arithmetic identity that must hold in every column of a table."""

    code: str
    table: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    severity: str
    title: str
    message: str


@dataclass(frozen=True)
class Conversion:
    """How a report of format ``source`` becomes one of the format that declares it (and,
    read backwards, the reverse).  Only what is declared carries over:

    - ``same_tables``: tables whose cells keep their meaning wherever row and column keys match;
    - ``cells``: (old, new) pairs of single cells that keep their meaning;
    - ``splits``: (table, old row, new rows): one old row became several (a 0 becomes 0 in each;
      another number cannot be split and is reported); backwards the rows are added up;
    - ``prose``: (old part, new part) pairs; ``same_prose``: parts with the same key carry over;
    - ``notes``: per table, why cells not carried have no counterpart.
    """

    source: str
    same_tables: tuple[str, ...] = ()
    cells: tuple[tuple[CellKey, CellKey], ...] = ()
    splits: tuple[Split, ...] = ()
    same_prose: bool = True
    prose: tuple[tuple[str, str], ...] = ()
    notes: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Split:
    table: str
    row: str
    into: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class ReportFormat:
    id: str
    name: str
    document: str
    first_year: int
    last_year: int | None
    fee_statement_required: bool
    sections: tuple[Section, ...]
    prose: tuple[ProsePart, ...]
    tables: tuple[Table, ...]
    relations: tuple[Relation, ...]
    roles: dict[str, Any]
    conversions: tuple[Conversion, ...] = ()

    @cached_property
    def relation_plan(self) -> tuple[tuple[Relation, Table, Column, tuple[CellKey, ...], tuple[CellKey, ...]], ...]:
        """Each relation with each column of its block: (relation, table, column, the cells of
        its left side, of its right side), in the order the checks go through them."""
        out = []
        for rel in self.relations:
            t = self.table(rel.table)
            for col in t.block_of(rel.left[0]).columns:
                out.append((rel, t, col, tuple(CellKey(t.key, r, col.key) for r in rel.left),
                            tuple(CellKey(t.key, r, col.key) for r in rel.right)))
        return tuple(out)

    @cached_property
    def _table_index(self) -> dict[str, Table]:
        return {t.key: t for t in self.tables}

    @cached_property
    def _inputs(self) -> tuple[CellKey, ...]:
        return tuple(k for t in self.tables for k in t.input_cells())

    @cached_property
    def _labels(self) -> dict[CellKey, str]:
        return {}

    @cached_property
    def _cell_columns(self) -> dict[CellKey, Column]:
        return {CellKey(t.key, r, c): col for t in self.tables for (r, c), col in t._columns.items()}

    @cached_property
    def _cells_by_text(self) -> dict[str, tuple[CellKey, Column, bool]]:
        return {k.as_text(): (k, col, self.table(k.table).is_computed(k.row, k.col)) for k, col in self._cell_columns.items()}

    def cells_by_text(self) -> dict[str, tuple[CellKey, Column, bool]]:
        """Each cell by its written address (``t3.new.natural``): (key, column, computed); read-only."""
        return self._cells_by_text

    def cell_columns(self) -> dict[CellKey, Column]:
        """Every cell of every table with its column (read-only: shared by every caller)."""
        return self._cell_columns

    def table(self, key: str) -> Table:
        try:
            return self._table_index[key]
        except KeyError:
            raise KeyError(key) from None

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def prose_part(self, key: str) -> ProsePart:
        for p in self.prose:
            if p.key == key:
                return p
        raise KeyError(key)

    def part(self, role: str) -> ProsePart | None:
        """The prose part with ``role`` (see ``ProsePart.role``), if this format has one."""
        return next((p for p in self.prose if p.role == role), None)

    def part_key(self, role: str) -> str | None:
        p = self.part(role)
        return p.key if p else None

    def table_name(self, key: str) -> str:
        try:
            return self.table(key).name
        except KeyError:
            return key

    def prose_of(self, section_key: str) -> list[ProsePart]:
        return [p for p in self.prose if p.section == section_key]

    def covers_year(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def has_cell(self, key: CellKey) -> bool:
        t = self._table_index.get(key.table)
        return t is not None and t.has_cell(key.row, key.col)

    def column_of(self, key: CellKey) -> Column:
        col = self._cell_columns.get(key)
        return col if col is not None else self.table(key.table).column(key.row, key.col)

    def is_computed(self, key: CellKey) -> bool:
        return self.table(key.table).is_computed(key.row, key.col)

    def input_cells(self) -> list[CellKey]:
        return list(self._inputs)

    def role(self, name: str) -> Any:
        return self.roles.get(name)

    def role_cell(self, name: str) -> CellKey | None:
        v = self.roles.get(name)
        if isinstance(v, list) and len(v) == 3 and all(isinstance(x, str) for x in v):
            return CellKey(*v)
        return None

    def role_table_row(self, name: str) -> tuple[str, str] | None:
        """The (table key, row key) a role names, e.g. "rules_row" → ("t2", "guizhang")."""
        v = self.roles.get(name)
        if isinstance(v, list) and len(v) == 2:
            return v[0], v[1]
        return None

    def cell_label(self, key: CellKey) -> str:
        """A human description of a cell, e.g. 表三“一、本年新收…”行“自然人”列."""
        try:
            return self._labels[key]
        except KeyError:
            pass
        label = self._cell_label(key)
        self._labels[key] = label
        return label

    def _cell_label(self, key: CellKey) -> str:
        t = self.table(key.table)
        row = t.row(key.row)
        col = t.column(key.row, key.col)
        tname = t.name
        if not t.row_label_columns:
            group = "".join(col.path[-1:])
            return f"{tname}“{group}{col.label}”"
        return f"{tname}“{row.label}”行“{col.label}”列"


class FormatError(Exception):
    """A format data file is inconsistent (a programming error, not a user error)."""


def _tuple(v: Any) -> tuple[str, ...]:
    return tuple(v or ())


def _parse(data: dict[str, Any]) -> ReportFormat:
    tables = []
    for td in data["tables"]:
        blocks = []
        for bd in td["blocks"]:
            cols = tuple(
                Column(c["key"], c["label"], c.get("kind", "count"), _tuple(c.get("path")),
                       _tuple(c.get("sum_of")), c.get("help", ""), c.get("unit", ""))
                for c in bd["columns"]
            )
            rows = tuple(
                Row(r["key"], r["label"], _tuple(r.get("path")), _tuple(r.get("sum_of")), r.get("help", ""))
                for r in bd["rows"]
            )
            blocks.append(Block(bd["key"], bd.get("caption"), cols, rows))
        index: dict[str, tuple[Block, Row]] = {}
        for b in blocks:
            for r in b.rows:
                if r.key in index:
                    raise FormatError(f"duplicate row key {td['key']}.{r.key}")
                index[r.key] = (b, r)
        tables.append(Table(td["key"], td["section"], td["title"], td.get("name") or td["title"], td.get("corner"),
                            int(td.get("row_label_columns", 1)), tuple(blocks), index))
    fmt = ReportFormat(
        id=data["id"], name=data["name"], document=data["document"],
        first_year=int(data["first_year"]), last_year=data.get("last_year"),
        fee_statement_required=bool(data.get("fee_statement_required")),
        sections=tuple(Section(s["key"], s["heading"], s.get("table")) for s in data["sections"]),
        prose=tuple(ProsePart(p["key"], p["section"], p["label"], p.get("heading"), bool(p["required"]),
                              p.get("guidance", ""), p.get("role"), p.get("topic", "")) for p in data["prose"]),
        tables=tuple(tables),
        relations=tuple(Relation(r["code"], r["table"], _tuple(r["left"]), _tuple(r["right"]),
                                 r["severity"], r["title"], r["message"]) for r in data["relations"]),
        roles=dict(data.get("roles", {})),
        conversions=tuple(_conversion(c) for c in data.get("conversions", ())),
    )
    _validate(fmt)
    return fmt


def _conversion(d: dict[str, Any]) -> Conversion:
    def pair(v: Any) -> tuple[CellKey, CellKey]:
        old, new = (v, v) if isinstance(v, str) else v
        return CellKey.from_text(old), CellKey.from_text(new)

    prose = d.get("prose", {})
    return Conversion(
        source=str(d["from"]),
        same_tables=_tuple(d.get("same_tables")),
        cells=tuple(pair(v) for v in d.get("cells", ())),
        splits=tuple(Split(s["table"], s["row"], _tuple(s["into"]), s.get("note", "")) for s in d.get("splits", ())),
        same_prose=bool(prose.get("same", True)),
        prose=tuple((str(a), str(b)) for a, b in prose.get("rename", {}).items()),
        notes=dict(d.get("notes", {})),
    )


def _validate(fmt: ReportFormat) -> None:
    if [s.key for s in fmt.sections] != ["s1", "s2", "s3", "s4", "s5", "s6"]:
        raise FormatError("a format has exactly the six sections s1..s6")
    for t in fmt.tables:
        for b in t.blocks:
            ckeys = [c.key for c in b.columns]
            if len(set(ckeys)) != len(ckeys):
                raise FormatError(f"duplicate column key in {t.key}.{b.key}")
            for c in b.columns:
                if c.kind not in CELL_KINDS:
                    raise FormatError(f"unknown kind {c.kind}")
                if any(k not in ckeys or k == c.key for k in c.sum_of):
                    raise FormatError(f"bad sum_of in column {t.key}.{c.key}")
            rkeys = [r.key for r in b.rows]
            for r in b.rows:
                if any(k not in rkeys or k == r.key for k in r.sum_of):
                    raise FormatError(f"bad sum_of in row {t.key}.{r.key}")
    for rel in fmt.relations:
        t = fmt.table(rel.table)
        for k in rel.left + rel.right:
            t.row(k)
    roles = [p.role for p in fmt.prose if p.role]
    if len(set(roles)) != len(roles):
        raise FormatError(f"format {fmt.id}: a prose role is given to two parts")
    for conv in fmt.conversions:
        for _old, new in conv.cells:
            if not fmt.has_cell(new):
                raise FormatError(f"format {fmt.id}: conversion from {conv.source} maps to unknown cell {new.as_text()}")
        for sp in conv.splits:
            for rk in sp.into:
                fmt.table(sp.table).row(rk)
        keys = {p.key for p in fmt.prose}
        if any(new not in keys for _old, new in conv.prose):
            raise FormatError(f"format {fmt.id}: conversion from {conv.source} renames to an unknown prose part")


def format_dirs() -> tuple[Path, ...]:
    """Where formats are looked for: the folders of ``NIANBAO_FORMATS`` first, then the bundled one."""
    return tuple(Path(p) for p in _extra_dirs().split(os.pathsep) if p) + (FORMAT_DIR,)


def _extra_dirs() -> str:
    return os.environ.get(FORMATS_ENV, "")


def load_format(format_id: str) -> ReportFormat:
    return _load(format_id, _extra_dirs())


def all_formats() -> tuple[ReportFormat, ...]:
    """Every known format, oldest first."""
    return _all(_extra_dirs())


@cache
def _load(format_id: str, _dirs: str) -> ReportFormat:
    for folder in format_dirs():
        path = folder / f"format-{format_id}.json"
        if path.is_file():
            with path.open(encoding="utf-8") as f:
                fmt = _parse(json.load(f))
            if fmt.id != format_id:
                raise FormatError(f"{path.name} declares id {fmt.id}")
            return fmt
    raise KeyError(format_id)


@cache
def _all(_dirs: str) -> tuple[ReportFormat, ...]:
    ids = {p.stem.removeprefix("format-") for d in format_dirs() if d.is_dir() for p in d.glob("format-*.json")}
    return tuple(sorted((load_format(i) for i in ids), key=lambda f: (f.first_year, f.id)))


def latest_format() -> ReportFormat:
    """The newest format (e.g. for a ledger template whose year is not known)."""
    return max(all_formats(), key=lambda f: (f.first_year, f.id))


def format_for_year(year: int) -> ReportFormat:
    """The official format a report for ``year`` must use."""
    candidates = [f for f in all_formats() if f.covers_year(year)]
    if not candidates:
        earliest = min(all_formats(), key=lambda f: f.first_year)
        if year < earliest.first_year:
            raise ValueError(f"{year}年早于现行《条例》（2019年修订）年度报告格式的适用年份（{earliest.first_year}年起）。")
        raise ValueError(f"没有适用于{year}年的报告格式。")
    return max(candidates, key=lambda f: f.first_year)
