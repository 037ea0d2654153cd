"""Import of filled 表二/表三/表四 from an .xlsx that an office laid out its own way.

Tables are found by their labels, never by fixed addresses (see docs/excel.md):

1. Every worksheet is scanned (capped, merged ranges expanded for labels).
2. For each table of the report's format, the sheet holding most of its row labels
   (表四: its column headers) is chosen.  Labels are compared after normalisation
   (full-width → ASCII, spaces and line breaks removed, quotes dropped, 、→.), with the
   leading enumeration or a parenthesised remark as fall-backs when that is unique.
3. The format version of what was found is recognised from the labels only one version
   has (2019: “本年新制作数量”, “（六）其他处理” as a data row…); a table in another
   version than the report's is not imported and reported precisely.
4. Value columns are recognised from the header cells above the first data row: a
   column's stack of header texts must end with the column's label and contain its
   group (e.g. “未经复议直接起诉”).
5. Each input cell is parsed with ``model.report.parse_cell`` (text numbers, full-width
   digits, thousands separators).  An empty cell means blank (so it clears a value);
   0 stays 0.  Computed cells (总计) are not imported; if the sheet has one that differs
   from the sum of the imported values that is a problem.

Any problem makes the plan unusable (``plan.ok`` is False); nothing is changed then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from model.formats import Block, CellKey, Column, ReportFormat, Row, Table, all_formats
from model.limits import InputError
from model.report import Number, Report, format_number, parse_cell
from model.totals import compute_totals
from model.xlsx.common import Grid, Progress, clipped, col_letter, norm, open_grids, strip_enum, without_parens

BLANK_MARKS = {"-", "--", "—", "——", "/", "\\", "无", "空"}
HEADER_LOOKBACK = 8


@dataclass
class ImportPlan:
    """What an import would change, and why it cannot (``problems``)."""

    source: str
    format_id: str | None  # the format the sheet was recognised as (None: no table found)
    target_format_id: str
    changes: dict[CellKey, Number | None] = field(default_factory=dict)  # key → new value (None: blank)
    old: dict[CellKey, Number | None] = field(default_factory=dict)  # key → value before
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    found: dict[str, str] = field(default_factory=dict)  # table key → where it was found
    imported: dict[CellKey, Number | None] = field(default_factory=dict)  # every input cell read

    @property
    def ok(self) -> bool:
        return not self.problems

    def rows(self, fmt: ReportFormat) -> list[tuple[str, str, str]]:
        """(cell label, old, new) for a preview, in table order."""
        order = {k: i for i, k in enumerate(c for t in fmt.tables for c in t.cells())}
        out = []
        for key in sorted(self.changes, key=lambda k: order.get(k, 0)):
            out.append((fmt.cell_label(key), format_number(self.old.get(key)), format_number(self.changes[key])))
        return out


# --------------------------------------------------------------------------- label index


@dataclass
class _Labels:
    """Normalised labels of one table in one format."""

    fmt: ReportFormat
    table: Table
    leaf: dict[str, list[Row]]  # exact forms (label, group+label) → rows
    loose: dict[str, list[Row]]  # without enumeration / parenthesised parts (unique only)
    groups: set[str]
    col_leaf: set[str]


def _labels(fmt: ReportFormat, table: Table) -> _Labels:
    leaf: dict[str, list[Row]] = {}
    loose: dict[str, list[Row]] = {}
    groups: set[str] = set()
    for r in table.rows():
        forms = {norm(r.label)}
        for i in range(len(r.path)):
            forms.add("".join(norm(p) for p in r.path[i:]) + norm(r.label))
        for f in forms:
            leaf.setdefault(f, []).append(r)
        for f in {strip_enum(norm(r.label)), without_parens(norm(r.label)), without_parens(strip_enum(norm(r.label)))}:
            if len(f) >= 4:
                loose.setdefault(f, []).append(r)
        groups.update(norm(p) for p in r.path)
    cols = {norm(c.label) for b in table.blocks for c in b.columns}
    return _Labels(fmt, table, leaf, {k: v for k, v in loose.items() if len(v) == 1 and k not in leaf}, groups, cols)


def _distinct(tk: str) -> dict[str, set[str]]:
    """Per format id, the labels of table ``tk`` no other format has (as data rows / columns)."""
    sets: dict[str, set[str]] = {}
    for f in all_formats():
        try:
            t = f.table(tk)
        except KeyError:
            continue
        s = {norm(r.label) for r in t.rows()} | {norm(c.label) for b in t.blocks for c in b.columns}
        s |= {norm(b.caption) for b in t.blocks if b.caption}
        sets[f.id] = s
    return {fid: s - set().union(*(o for k, o in sets.items() if k != fid)) for fid, s in sets.items()}


def _original_labels(tk: str) -> dict[str, str]:
    """Normalised label → the label as the format writes it (for messages)."""
    out: dict[str, str] = {}
    for f in all_formats():
        try:
            t = f.table(tk)
        except KeyError:
            continue
        for b in t.blocks:
            for x in [b.caption or ""] + [c.label for c in b.columns] + [r.label for r in b.rows] + \
                    [p for r in b.rows for p in r.path] + [p for c in b.columns for p in c.path]:
                if x:
                    out.setdefault(norm(x), x)
    return out


# --------------------------------------------------------------------------- sheet reading helpers


def _is_texty(v: Any) -> bool:
    return isinstance(v, str) and norm(v) != ""


@dataclass
class _RowHit:
    row: Row
    sheet_row: int
    label_col: int  # column of the label cell
    label_end: int  # last column of the label cell (merged)
    text: str


def _match_rows(g: Grid, lab: _Labels, rows_by_sheet: dict[int, list[tuple[int, int, str]]]) -> list[_RowHit]:
    hits: list[_RowHit] = []
    for r, texts in rows_by_sheet.items():
        best: _RowHit | None = None
        for c, _oc, t in texts:
            cands = lab.leaf.get(t) or lab.loose.get(t) or []
            if len(cands) > 1:
                ctx = {tt for cc, _, tt in texts if cc < c}
                narrowed = [x for x in cands if any(norm(p) in ctx for p in x.path)]
                cands = narrowed if len(narrowed) == 1 else []
            if len(cands) == 1:
                span = g.span(r, c)
                if best is None or c > best.label_col:
                    best = _RowHit(cands[0], r, c, span[3], t)
        if best is not None:
            hits.append(best)
    return hits


def _stack(g: Grid, col: int, top: int, bottom: int) -> list[tuple[str, int]]:
    """Header texts of one sheet column between rows top..bottom (merged expanded),
    consecutive repeats removed; each with the origin column of its cell."""
    out: list[tuple[str, int]] = []
    for r in range(top, bottom + 1):
        o = g.origin(r, col)
        v = g.values.get(o)
        if not _is_texty(v):
            continue
        t = norm(v)
        if out and out[-1][0] == t:
            continue
        out.append((t, o[1]))
    return out


def _match_columns(g: Grid, block: Block, top: int, bottom: int, first_col: int, last_col: int
                   ) -> tuple[dict[str, int], dict[int, str]]:
    """Map column keys of ``block`` to sheet columns; also return the header text of
    every sheet column in range (for messages about unknown columns)."""
    stacks = {c: _stack(g, c, top, bottom) for c in range(first_col, last_col + 1)}
    heads = {c: s[-1][0] for c, s in stacks.items() if s}
    leaf_counts: dict[str, int] = {}
    for col in block.columns:
        leaf_counts[norm(col.label)] = leaf_counts.get(norm(col.label), 0) + 1
    found: dict[str, int] = {}
    for col in block.columns:
        want = norm(col.label)
        group = norm(col.path[-1]) if col.path else None
        for c in sorted(stacks):
            s = stacks[c]
            if not s or s[-1][1] != c:
                continue  # the header cell belongs to a column further left (merged)
            last = s[-1][0]
            ok = last == want or (without_parens(last) == without_parens(want) and without_parens(want) != "")
            if not ok:
                continue
            texts = [t for t, _ in s]
            if leaf_counts[want] > 1 and (group is None or group not in texts[:-1]):
                continue
            if c in found.values():
                continue
            found[col.key] = c
            break
    return found, heads


# --------------------------------------------------------------------------- value parsing


def sheet_value(v: Any, kind: str) -> Number | None:
    """A value read from a sheet cell for a column of ``kind``; raises InputError."""
    if v is None:
        return None
    if isinstance(v, bool):
        raise InputError(f"“{v}”不是数字。")
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        raise InputError("单元格是日期格式（Excel 可能把“1-2”之类的输入自动变成了日期），请改为数字。")
    if isinstance(v, int):
        return parse_cell(kind, str(v))
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise InputError("单元格不是有效的数字。")
        try:
            d = Decimal(repr(v))
        except InvalidOperation:
            raise InputError("单元格不是有效的数字。") from None
        if kind == "money":
            d = d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))
            return parse_cell(kind, format(d, "f"))
        if d == d.to_integral_value():
            return parse_cell(kind, str(int(d)))
        return parse_cell(kind, format(d, "f"))
    if isinstance(v, Decimal):
        return parse_cell(kind, format(v, "f"))
    t = str(v)
    if norm(t) in BLANK_MARKS:
        return None
    return parse_cell(kind, t)


# --------------------------------------------------------------------------- the import


class _Importer:
    def __init__(self, report: Report, grids: list[Grid], plan: ImportPlan) -> None:
        self.report = report
        self.fmt = report.format
        self.grids = grids
        self.plan = plan
        self.row_texts = {g.name: self._texts(g) for g in grids}
        self.sheet_totals: dict[CellKey, tuple[Grid, int, int]] = {}
        self._text_cache: dict[str, dict[str, list[tuple[int, int]]]] = {}

    @staticmethod
    def _texts(g: Grid) -> dict[int, list[tuple[int, int, str]]]:
        rows: dict[int, list[tuple[int, int, str]]] = {}
        for (r, c), v in g.values.items():
            if _is_texty(v):
                rows.setdefault(r, []).append((c, c, norm(v)))
        for (r, c), (r1, c1) in g._origin.items():  # noqa: SLF001
            if (r, c) != (r1, c1):
                v = g.values.get((r1, c1))
                if _is_texty(v):
                    rows.setdefault(r, []).append((c, c1, norm(v)))
        for r in rows:
            rows[r].sort()
        return rows

    def where(self, g: Grid, r: int, c: int | None = None) -> str:
        return f"工作表“{g.name}”第{r}行" + (f"{col_letter(c)}列" if c else "")

    # ---- finding a table

    def all_texts(self, g: Grid) -> dict[str, list[tuple[int, int]]]:
        if g.name in self._text_cache:
            return self._text_cache[g.name]
        out: dict[str, list[tuple[int, int]]] = {}
        self._text_cache[g.name] = out
        for r, texts in self.row_texts[g.name].items():
            for c, oc, t in texts:
                if oc == c:
                    out.setdefault(t, []).append((r, c))
        return out

    def locate(self, tk: str) -> tuple[Grid, str] | None:
        """The sheet holding table ``tk`` and the format version its labels belong to."""
        best: tuple[int, int, Grid] | None = None
        for i, g in enumerate(self.grids):
            score = 0
            for f in all_formats():
                try:
                    t = f.table(tk)
                except KeyError:
                    continue
                score = max(score, self.score(g, f, t))
            if score and (best is None or score > best[0]):
                best = (score, -i, g)
        if best is None:
            return None
        g = best[2]
        texts = self.all_texts(g)
        distinct = _distinct(tk)
        counts = {fid: sum(1 for lbl in s if lbl in texts) for fid, s in distinct.items()}
        fid = self.fmt.id
        top = max(counts.values(), default=0)
        if top and counts.get(fid, 0) < top:
            fid = max(counts, key=lambda k: (counts[k], k == self.fmt.id))
        # a heading of this format that is a data row of another (2019 表三 “（六）其他处理”)
        if fid == self.fmt.id:
            for _group, _subs, other in self._row_not_group(g, tk):
                return g, other
        return g, fid

    def _row_not_group(self, g: Grid, tk: str) -> list[tuple[str, list[str], str]]:
        """Group headings of this format's table ``tk`` that the sheet has with none of the
        rows under them, where another format has that heading as a data row of its own:
        (heading, this format's rows under it, the other format's id)."""
        target = self.fmt.table(tk)
        texts = self.all_texts(g)
        out = []
        for group in dict.fromkeys(p for r in target.rows() for p in r.path):
            subs = [r.label for r in target.rows() if r.path and r.path[-1] == group]
            if norm(group) not in texts or any(norm(x) in texts for x in subs):
                continue
            for f in all_formats():
                if f.id == self.fmt.id:
                    continue
                try:
                    rows = f.table(tk).rows()
                except KeyError:
                    continue
                if any(norm(r.label) == norm(group) for r in rows):
                    out.append((group, subs, f.id))
                    break
        return out

    def score(self, g: Grid, f: ReportFormat, t: Table) -> int:
        texts = self.all_texts(g)
        if t.row_label_columns:
            lab = _labels(f, t)
            return len({r.key for lbl, rows in lab.leaf.items() if lbl in texts for r in rows if len(rows) == 1})
        return sum(1 for lbl in {norm(p) for b in t.blocks for c in b.columns for p in c.path} if lbl in texts)

    # ---- reading a located table

    def run(self) -> None:
        any_found = False
        detected: list[str] = []
        for table in self.fmt.tables:
            loc = self.locate(table.key)
            name = table.name
            if loc is None:
                self.plan.notes.append(f"文件中没有找到{name}，{name}保持不变。")
                continue
            g, fid = loc
            any_found = True
            detected.append(fid)
            if fid != self.fmt.id:
                self.wrong_version(g, table, fid)
                continue
            if table.row_label_columns:
                self.read_labelled(g, table)
            else:
                self.read_unlabelled(g, table)
        if not any_found:
            self.plan.problems.append("文件中没有找到表二、表三或表四：没有一个工作表含有年报表格的行标题或表头"
                                      "（例如“一、本年新收政府信息公开申请数量”“行政复议”）。")
        if detected:
            self.plan.format_id = max(set(detected), key=detected.count) if self.fmt.id not in detected or \
                detected.count(self.fmt.id) < max(detected.count(d) for d in detected) else self.fmt.id
        self.check_totals()

    def wrong_version(self, g: Grid, table: Table, fid: str) -> None:
        name = table.name
        other = next(f for f in all_formats() if f.id == fid)
        distinct = _distinct(table.key)
        texts = self.all_texts(g)
        seen = sorted((pos[0], lbl) for lbl in distinct.get(fid, set()) if lbl in texts for pos in texts[lbl][:1])
        split = [(grp, subs) for grp, subs, oid in self._row_not_group(g, table.key) if oid == fid]
        if not seen and split:
            seen = [(texts[norm(grp)][0][0], grp) for grp, _subs in split]
        orig = _original_labels(table.key)
        samples = "、".join(f"第{r}行“{orig.get(lbl, lbl)}”" for r, lbl in seen[:3])
        expected = [lbl for lbl in self._labels_in_order(self.fmt.table(table.key)) if lbl in distinct.get(self.fmt.id, set())]
        exp = "、".join(f"“{orig.get(x, x)}”" for x in expected[:4])
        for grp, subs in split[:1]:
            if not exp:
                exp = f"“{grp}”应分为" + "、".join(f"“{s[:12]}…”" if len(s) > 12 else f"“{s}”" for s in subs) + "几行"
        self.plan.problems.append(
            f"工作表“{g.name}”中的{name}是{other.name}的表格（{samples or '表头与本格式不同'}），"
            f"而本报告使用{self.fmt.name}，应为{exp or '本格式的行列'}。{name}未导入；"
            f"请改用{self.fmt.name}的表格填写，或先在程序中转换报告格式。")

    @staticmethod
    def _labels_in_order(t: Table) -> list[str]:
        out: list[str] = []
        for b in t.blocks:
            if b.caption:
                out.append(norm(b.caption))
            out += [norm(c.label) for c in b.columns] + [norm(r.label) for r in b.rows]
        return out

    def read_labelled(self, g: Grid, table: Table) -> None:
        name = table.name
        lab = _labels(self.fmt, table)
        hits = _match_rows(g, lab, self.row_texts[g.name])
        by_key: dict[str, _RowHit] = {}
        for h in hits:
            if h.row.key in by_key:
                prev = by_key[h.row.key]
                self.plan.problems.append(f"{self.where(g, h.sheet_row)}与第{prev.sheet_row}行都是{name}的"
                                          f"“{h.row.label}”行，无法确定用哪一行。")
                continue
            by_key[h.row.key] = h
        if not by_key:
            return
        rows_used = sorted(h.sheet_row for h in by_key.values())
        self.plan.found[table.key] = f"工作表“{g.name}”第{rows_used[0]}–{rows_used[-1]}行"
        prev_end = 0
        claimed: set[int] = set()
        for block in table.blocks:
            bh = [by_key[r.key] for r in block.rows if r.key in by_key]
            missing = [r for r in block.rows if r.key not in by_key and not r.computed]
            for r in missing:
                self.plan.problems.append(f"工作表“{g.name}”中的{name}缺少“{r.label}”行（{self.fmt.name}）。")
            if not bh:
                continue
            first = min(h.sheet_row for h in bh)
            last = max(h.sheet_row for h in bh)
            label_end = max(h.label_end for h in bh)
            top = max(prev_end + 1, first - HEADER_LOOKBACK, 1)
            last_col = min(g.max_col, label_end + 3 * table.width + 4)
            cols, heads = _match_columns(g, block, top, first - 1, label_end + 1, last_col)
            for col in block.columns:
                if col.key not in cols and not col.computed:
                    self.plan.problems.append(f"工作表“{g.name}”中的{name}（第{top}–{first - 1}行的表头）缺少"
                                              f"“{col.label}”列。")
            self.read_cells(g, table, block, {r.key: by_key[r.key].sheet_row for r in block.rows if r.key in by_key},
                            cols)
            known_rows = {h.sheet_row for h in bh}
            claimed |= known_rows
            self.unknown_columns(g, table, cols, heads, sorted(known_rows), label_end, last_col)
            self.unknown_rows(g, table, block, lab, first, last, known_rows, cols, by_key)
            prev_end = last

    def read_unlabelled(self, g: Grid, table: Table) -> None:
        name = table.name
        texts = self.all_texts(g)
        block = table.blocks[0]
        tops = [norm(p) for p in dict.fromkeys(c.path[0] for c in block.columns if c.path)]
        anchors = [texts.get(t, []) for t in tops]
        if not all(anchors):
            return
        # the first row holding all top-level groups
        start = None
        for r, c in anchors[0]:
            if all(any(rr == r for rr, _ in a) for a in anchors[1:]):
                start = (r, c)
                break
        if start is None:
            self.plan.problems.append(f"工作表“{g.name}”中{name}的表头不完整：应有" + "、".join(f"“{t}”" for t in tops) + "。")
            return
        r0, c0 = start
        last_anchor = max(c for a in anchors for rr, c in a if rr == r0)
        c_end = g.span(r0, last_anchor)[3]
        known = {norm(p) for c in block.columns for p in c.path} | {norm(c.label) for c in block.columns}
        bottom = r0
        for r in range(r0, r0 + HEADER_LOOKBACK):
            if any(g.text(r, c) in known for c in range(c0, c_end + 1)):
                bottom = max(bottom, max(g.span(r, c)[2] for c in range(c0, c_end + 1) if g.text(r, c) in known))
        data_row = bottom + 1
        cols, heads = _match_columns(g, block, r0, bottom, c0, c_end)
        for col in block.columns:
            if col.key not in cols and not col.computed:
                self.plan.problems.append(f"工作表“{g.name}”中的{name}（第{r0}–{bottom}行的表头）缺少“{col.path[-1] if col.path else ''}"
                                          f"{col.label}”列。")
        self.plan.found[table.key] = f"工作表“{g.name}”第{r0}–{data_row}行"
        row = block.rows[0]
        self.read_cells(g, table, block, {row.key: data_row}, cols)
        self.unknown_columns(g, table, cols, heads, [data_row], c0 - 1, c_end)
        for c in range(c0, c_end + 1):
            v = g.raw(data_row, c)
            if _is_texty(v) and norm(v) in known:
                self.plan.problems.append(f"{self.where(g, data_row, c)}：{name}表头下面应是数字行，却是“{clipped(v)}”。")
                break

    def read_cells(self, g: Grid, table: Table, block: Block, rows: dict[str, int], cols: dict[str, int]) -> None:
        for row in block.rows:
            sr = rows.get(row.key)
            for col in block.columns:
                sc = cols.get(col.key)
                if sr is None or sc is None:
                    continue
                key = CellKey(table.key, row.key, col.key)
                if table.is_computed(row.key, col.key):
                    self.sheet_totals[key] = (g, sr, sc)
                    continue
                value = self.read_one(g, sr, sc, key, col)
                if value is _ERROR:
                    continue
                self.plan.imported[key] = value  # type: ignore[assignment]

    def read_one(self, g: Grid, r: int, c: int, key: CellKey, col: Column) -> Any:
        where = f"{self.where(g, r, c)}（{self.fmt.cell_label(key)}）"
        if (r, c) in g.formulas:
            f = g.formulas[(r, c)]
            if "[" in f and "]" in f:
                self.plan.problems.append(f"{where}的公式引用了其他工作簿（{clipped(f, 40)}），程序不读取外部文件。"
                                          "请在 Excel 中把它改为数值后再导入。")
                return _ERROR
            if (r, c) in g.uncached:
                self.plan.problems.append(f"{where}是公式（{clipped(f, 40)}），但文件中没有保存计算结果。"
                                          "请在 Excel 中打开并保存一次，或把它改为数值后再导入。")
                return _ERROR
        o = g.origin(r, c)
        v = g.values.get((r, c)) if o == (r, c) else None
        try:
            return sheet_value(v, col.kind)
        except InputError as e:
            self.plan.problems.append(f"{where}：{e}")
            return _ERROR

    def unknown_columns(self, g: Grid, table: Table, cols: dict[str, int], heads: dict[int, str], data_rows: list[int],
                        label_end: int, last_col: int) -> None:
        used = set(cols.values())
        name = table.name
        for c in range(label_end + 1, last_col + 1):
            if c in used:
                continue
            filled = [r for r in data_rows if g.origin(r, c) == (r, c) and g.values.get((r, c)) is not None
                      and not (_is_texty(g.values[(r, c)]) and norm(g.values[(r, c)]) in BLANK_MARKS)]
            if not filled:
                continue
            head = heads.get(c, "")
            self.plan.problems.append(f"工作表“{g.name}”{col_letter(c)}列（表头“{clipped(head) if head else '无'}”）不是{name}"
                                      f"（{self.fmt.name}）中的列，但第{filled[0]}行填有数据。请删除这一列或把数据移到对应的列。")

    def unknown_rows(self, g: Grid, table: Table, block: Block, lab: _Labels, first: int, last: int, known: set[int],
                     cols: dict[str, int], by_key: dict[str, _RowHit]) -> None:
        name = table.name
        value_cols = sorted(cols.values())
        for r in range(first + 1, last):
            if r in known:
                continue
            filled = [c for c in value_cols if g.origin(r, c) == (r, c) and g.values.get((r, c)) is not None]
            if not filled:
                continue
            texts = [(c, t) for c, oc, t in self.row_texts[g.name].get(r, []) if c < value_cols[0]]
            label = texts[-1][1] if texts else ""
            label_shown = clipped(g.shown_value(r, texts[-1][0])) if texts else ""
            members = [rr for rr in block.rows if rr.path and norm(rr.path[-1]) == label]
            if label and members:
                self.group_subtotal(g, table, r, label_shown, members, cols)
                continue
            if any(_is_texty(g.values.get((r, c))) and not self._numeric_text(g.values.get((r, c))) for c in filled):
                continue  # a header row inside the block (表二 block headers)
            self.plan.problems.append(f"工作表“{g.name}”第{r}行（“{label_shown or '无标题'}”）不是{name}"
                                      f"（{self.fmt.name}）中的行，但填有数据。请删除这一行或把数据移到对应的行。")

    @staticmethod
    def _numeric_text(v: Any) -> bool:
        if not isinstance(v, str):
            return True
        try:
            parse_cell("signed", v)
            return True
        except InputError:
            return norm(v) in BLANK_MARKS

    def group_subtotal(self, g: Grid, table: Table, r: int, label: str, members: list[Row], cols: dict[str, int]) -> None:
        """A row holding a group label (e.g. “（三）不予公开”) with numbers: a subtotal the
        format does not have.  Harmless if it equals the sum of its rows."""
        name = table.name
        bad = []
        for ck, c in cols.items():
            v = g.values.get((r, c))
            if v is None:
                continue
            kind = table.column(members[0].key, ck).kind
            try:
                sub = sheet_value(v, kind)
            except InputError:
                bad.append(f"{col_letter(c)}列“{clipped(v)}”")
                continue
            vals = [self.plan.imported.get(CellKey(table.key, m.key, ck)) for m in members]
            if table.column(members[0].key, ck).computed:
                filled_totals = compute_totals(self.fmt, {k: v for k, v in self.plan.imported.items() if v is not None})
                vals = [filled_totals.get(CellKey(table.key, m.key, ck)) for m in members]
            s = sum(x for x in vals if x is not None) if any(x is not None for x in vals) else None
            if sub != s and not (sub == 0 and s is None):
                bad.append(f"{col_letter(c)}列为{format_number(sub)}，而其下各行之和为{format_number(s) or '空白'}")
        if bad:
            self.plan.problems.append(f"工作表“{g.name}”第{r}行“{label}”是分组标题，{name}正式格式中这一行不填数字（不设小计），"
                                      f"且这里的小计与明细不符：{'；'.join(bad[:3])}。")
        else:
            self.plan.notes.append(f"工作表“{g.name}”第{r}行“{label}”填了小计，与明细相符，已忽略（正式格式不设小计）。")

    def check_totals(self) -> None:
        values = {k: v for k, v in self.plan.imported.items() if v is not None}
        totals = compute_totals(self.fmt, values)
        for key, (g, r, c) in sorted(self.sheet_totals.items()):
            if (r, c) in g.uncached:
                continue
            v = g.values.get((r, c)) if g.origin(r, c) == (r, c) else None
            if v is None:
                continue
            try:
                sv = sheet_value(v, self.fmt.column_of(key).kind)
            except InputError as e:
                self.plan.problems.append(f"{self.where(g, r, c)}（{self.fmt.cell_label(key)}，自动计算的合计）：{e}")
                continue
            if sv is None:
                continue
            calc = totals.get(key)
            if calc is None and sv == 0:
                continue
            if calc != sv:
                self.plan.problems.append(
                    f"{self.where(g, r, c)}（{self.fmt.cell_label(key)}）的合计为{format_number(sv)}，"
                    f"但按导入的各项计算应为{format_number(calc) or '空白'}。请核对该行（列）的数字。")


_ERROR = object()


def _empty_plan(report: Report, source: str) -> ImportPlan:
    return ImportPlan(source=source, format_id=None, target_format_id=report.format_id)


def plan_from_grids(report: Report, grids: list[Grid], source: str, notes: Iterable[str] = ()) -> ImportPlan:
    plan = _empty_plan(report, source)
    plan.notes.extend(notes)
    _Importer(report, grids, plan).run()
    for key, new in plan.imported.items():
        old = report.values.get(key)
        if old != new or (old is not None and new is not None and type(old) is not type(new) and old != new):
            plan.changes[key] = new
            plan.old[key] = old
    return plan


def plan_import(report: Report, xlsx_path: str | Path, progress: Progress | None = None) -> ImportPlan:
    """Read ``xlsx_path`` and work out what importing it into ``report`` would change.

    Raises ``XlsxError`` if the file cannot be read at all, ``Cancelled`` if
    ``progress(done, total)`` returns False."""
    grids, notes = open_grids(xlsx_path, progress=progress)
    return plan_from_grids(report, grids, Path(xlsx_path).name, notes)


def apply_plan(report: Report, plan: ImportPlan) -> None:
    """Carry out a plan without problems (``ValueError`` otherwise)."""
    if plan.problems:
        raise ValueError("导入计划中有问题，未做任何修改：" + plan.problems[0])
    if plan.target_format_id != report.format_id:
        raise ValueError("导入计划是为另一种报告格式制定的，未做任何修改。")
    for key, value in plan.changes.items():
        report.set(key, value)


def describe(plan: ImportPlan, fmt: ReportFormat) -> list[str]:
    """Lines for the command line: where the tables were found, changes, notes, problems."""
    lines = [f"{fmt.table_name(k)}：{v}" for k, v in plan.found.items()]
    blank_to_zero = 0
    for label, old, new in plan.rows(fmt):
        if old == "" and new == "0":
            blank_to_zero += 1  # a blank filled with 0: summarised below, not listed one by one
            continue
        if new == "":
            lines.append(f"  {label}：{old} → （空白）  注意：表格中此格为空，导入后将清空")
        else:
            lines.append(f"  {label}：{old or '（空白）'} → {new}")
    if blank_to_zero:
        lines.append(f"  另有 {blank_to_zero} 个原为空白的单元格填为 0。")
    return lines
