"""Recognise a published report in the common representation (``text.py``) BY LABELS.

Every table row is matched by its row label text, every value by its place after that
label in its own row (or, for 表四, in the row under the 行政复议/行政诉讼 header); a blank
cell stays blank (absent from ``report.values``), 0 stays 0, “/”“—”“无” are blank and
reported as not applicable.  Nothing here depends on the order of numbers across rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from model.checks import WARNING, Finding
from model.formats import CellKey, Column, ReportFormat, load_format
from model.formats import format_for_year as _format_for_year
from model.importreport.labels import labels
from model.importreport.text import Cell, Item, Para, Table, norm
from model.limits import InputError
from model.organs import propose_kind
from model.report import FeeInfo, Report, fee_sentence, new_report, parse_cell

NOT_APPLICABLE = {"/", "-", "--", "—", "——", "无", "－", "\\", "×", "不适用"}
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+\.|\([一二三四五六七八九十]+\)|\d+\.)")
_CN_NUM = dict(zip("〇○零一二三四五六七八九", "00012345678 9".replace(" ", ""), strict=False))
_DATE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                   r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_TITLE = re.compile(r"(.{0,60}?)(\d{4})\s*年(?:度)?.{0,12}政府信息公开.{0,8}年度报告")
_CN_DIGITS = "一二三四五六七八九十"


@dataclass
class ImportResult:
    report: Report
    notes: list[str] = field(default_factory=list)
    recognised: dict[str, Any] = field(default_factory=dict)
    unplaced_cells: int = 0
    unplaced_parts: int = 0
    # defects of the published document itself that the project cannot show (its totals are
    # computed): PUBLISHED_TOTAL_BLANK
    findings: list[Finding] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.unplaced_cells == 0 and self.unplaced_parts == 0


def _filled(text: str) -> bool:
    t = norm(text)
    return bool(t) and t not in BLANK_MARKS


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if all(ch in _CN_NUM for ch in text):
        return int("".join(_CN_NUM[ch] for ch in text))
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.index(text[1]) + 1
    if text.endswith("十"):
        return 10 * (_CN_DIGITS.index(text[0]) + 1)
    if "十" in text:
        a, b = text.split("十")
        return 10 * (_CN_DIGITS.index(a) + 1) + _CN_DIGITS.index(b) + 1
    return _CN_DIGITS.index(text) + 1


def parse_date(text: str) -> dt.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(_cn_int(m.group(1)), _cn_int(m.group(2)), _cn_int(m.group(3)))
    except (ValueError, IndexError):
        return None


# ---------------------------------------------------------------- format and labels

def _labels(fmt: ReportFormat) -> set[str]:
    out: set[str] = set()
    for tk in ("t2", "t3"):
        t = fmt.table(tk)
        for b in t.blocks:
            out.update(norm(c.label) for c in b.columns)
            out.update(norm(r.label) for r in b.rows)
            if b.caption:
                out.add(norm(b.caption))
    return out


def detect_format(items: list[Item], year: int | None) -> tuple[ReportFormat, str]:
    f21, f19 = load_format("2021"), load_format("2019")
    l21, l19 = _labels(f21), _labels(f19)
    lab = labels()
    variants = {w for words in (*lab.rows.values(), *lab.columns.values()) for w in words}
    # a wording real reports use in both formats tells nothing
    only21, only19 = l21 - l19 - variants, l19 - l21 - variants
    h21 = h19 = 0
    for it in items:
        if isinstance(it, Table):
            for row in it.rows:
                for c in row:
                    t = norm(c.text)
                    if len(t) < 4:
                        continue
                    if any(t == x or (x.startswith(t) and len(t) >= 5) for x in only21):
                        h21 += 1
                    if any(t == x or (x.startswith(t) and len(t) >= 5) for x in only19):
                        h19 += 1
    if h21 > h19:
        return f21, f"按表格标签（{h21} 处2021年格式标签）"
    if h19 > h21:
        return f19, f"按表格标签（{h19} 处2019年格式标签）"
    if year is not None:
        try:
            return _format_for_year(year), "表格标签不足以区分，按年度"
        except (ValueError, KeyError):
            pass
    return f21, "表格标签不足以区分，按现行格式"


class _RowIndex:
    def __init__(self, fmt: ReportFormat) -> None:
        self.fmt = fmt
        self.exact: dict[str, tuple[str, str]] = {}
        self.bare: dict[str, tuple[str, str]] = {}
        for tk in ("t2", "t3"):
            for r in fmt.table(tk).rows():
                n = norm(r.label)
                self.exact[n] = (tk, r.key)
                self.bare[_NUMBERING.sub("", n)] = (tk, r.key)
        # other wordings (2019 wordings in a 2021 table and the other way round), as data
        for where, aliases in labels().rows.items():
            tk, _, rk = where.partition(".")
            if tk in ("t2", "t3") and any(r.key == rk for r in fmt.table(tk).rows()):
                for alias in aliases:
                    self.exact.setdefault(alias, (tk, rk))
                    self.bare.setdefault(_NUMBERING.sub("", alias), (tk, rk))

    def find(self, text: str) -> tuple[str, str] | None:
        n = norm(text)
        if not n:
            return None
        if n in self.exact:
            return self.exact[n]
        b = _NUMBERING.sub("", n)
        if b in self.bare and (b != n or len(b) >= 4):
            return self.bare[b]
        if len(b) >= 4:
            hits = {v for k, v in self.bare.items() if k.startswith(b) or (len(k) >= 4 and b.startswith(k))}
            if len(hits) == 1:
                return hits.pop()
        return None


BLANK_MARKS = {"(空)", "(空白)"}  # a transcription's mark for an empty cell


def _is_value_text(text: str) -> bool:
    t = norm(text)
    return t == "" or t in BLANK_MARKS or t in NOT_APPLICABLE or bool(re.fullmatch(r"[+-]?\d+(\.\d+)?(万元|件)?", t.replace(",", "")))


# ---------------------------------------------------------------- the recogniser

class _Recogniser:
    def __init__(self, items: list[Item], year: int | None) -> None:
        self.items = items
        self.year_arg = year
        self.notes: list[str] = []
        self.cells: list[dict[str, Any]] = []
        self.values: dict[CellKey, Any] = {}
        self.unplaced_cells = 0
        self.unplaced_parts = 0
        self.prose: dict[str, list[str]] = {}
        self.header: dict[str, int] = {}
        self.loose = False  # the table being read has no ruling lines (cells by gaps only)
        self.blank_totals: list[CellKey] = []
        self.t4_cols: dict[int, Column] = {}  # 表四's header: grid place → column
        self._names: dict[str, dict[str, str]] = {}  # computed cells printed blank in the published table

    # ---- title, organ, year
    def title(self) -> tuple[int, str, str, int]:
        """The title: a short paragraph (or two, split by a line break) ending in
        “……年政府信息公开工作年度报告”; everything before it (site chrome) is ignored."""
        def ok(text: str) -> bool:
            m = _TITLE.search(text)
            return (m is not None and len(text) <= 100 and m.end() >= len(text.rstrip()) - 12
                    and "。" not in text and "《" not in text[: m.start(2)])

        for i, it in enumerate(self.items[:400]):
            if not isinstance(it, Para):
                continue
            text = it.text.strip()
            skip = 1
            if not ok(text):
                nxt = self.items[i + 1] if i + 1 < len(self.items) else None
                if not (isinstance(nxt, Para) and len(text) <= 60 and not ok(nxt.text.strip())
                        and ok(text + nxt.text.strip())):
                    continue
                text += nxt.text.strip()
                skip = 2
            m = _TITLE.search(text)
            assert m is not None
            organ = m.group(1).strip(" 　:：“”\"")
            return i, organ, text, skip
        return -1, "", "", 0

    def run(self) -> ImportResult:
        ti, title_organ, title, skip = self.title()
        if ti < 0:
            raise InputError("没有找到年度报告的标题（“……年政府信息公开工作年度报告”），这不像一份政府信息公开工作年度报告。")
        m = _TITLE.search(title)
        year = self.year_arg or (int(m.group(2)) if m else None)
        body = self.items[ti + skip:]
        body, sign_organ, pub = self.signature(body)
        fmt, how = detect_format(body, year)
        organ = sign_organ if sign_organ and len(sign_organ) >= len(title_organ) else title_organ
        if year is None:
            raise InputError("没有认出报告年度，请用 --year 指定。")
        try:
            report = new_report(organ or "（未认出机关名称）", year, propose_kind(organ) or "township")
        except (InputError, ValueError) as e:
            raise InputError(f"报告的基本信息无效：{e}") from None
        report.format_id = fmt.id
        report.publication_date = pub
        self.fmt = fmt
        self.index = _RowIndex(fmt)
        self.captions = {norm(fmt.table(s.table).title) for s in fmt.sections if s.table}
        self.walk(body)
        self.contact(report, body)
        for key, value in self.values.items():
            report.set(key, value)
        fee_from = self.fee(report)
        for part, paras in self.prose.items():
            text = "\n".join(p for p in paras if p).strip()
            if text:
                report.set_text(part, text)
        recognised = {
            "organ": organ, "organ_from": "落款" if organ == sign_organ and sign_organ else "标题",
            "title": title, "year": year, "format": fmt.id, "format_how": how,
            "publication_date": pub.isoformat() if pub else None,
            "contact": {k: getattr(report.contact, k) for k in ("office", "address", "postcode", "phone", "fax")},
            "cells": self.cells,
            "parts": {k: v.text[:80] for k, v in report.prose.items()},
            "fee": {"notices": report.fee.notices,
                    "amount_notified": None if report.fee.amount_notified is None else str(report.fee.amount_notified),
                    "amount_collected": None if report.fee.amount_collected is None else str(report.fee.amount_collected),
                    "source": fee_from},
            "notes": self.notes,
        }
        findings = self.total_findings()
        recognised["findings"] = [f.to_dict() for f in findings]
        return ImportResult(report, self.notes, recognised, self.unplaced_cells, self.unplaced_parts, findings)

    def fee(self, report: Report) -> str:
        """信息处理费 figures (section 六) from what the report says (``read_fee``); our own
        standard sentence is left out of the prose, since it is printed from the figures."""
        sentence, own = read_fee(self.fmt, self.prose, report.fee)
        if own is not None:
            key, i = own
            del self.prose[key][i]
        return sentence

    def total_findings(self) -> list[Finding]:
        """PUBLISHED_TOTAL_BLANK: a 总计 the published table printed blank although the cells
        it sums hold figures (one finding per table)."""
        by_table: dict[str, list[CellKey]] = {}
        for key in self.blank_totals:
            t = self.fmt.table(key.table)
            rows = t.row(key.row).sum_of or (key.row,)
            cols = t.column(key.row, key.col).sum_of or (key.col,)
            parts = [CellKey(key.table, r, c) for r in rows for c in cols
                     if t.has_cell(r, c) and not t.is_computed(r, c)]
            if any(self.values.get(k) is not None for k in parts) and key not in by_table.get(key.table, []):
                by_table.setdefault(key.table, []).append(key)
        out = []
        for tk, keys in by_table.items():
            name = self.fmt.table_name(tk)
            t = self.fmt.table(tk)
            row_labels = list(dict.fromkeys(t.row(k.row).label for k in keys))
            col_labels = list(dict.fromkeys(t.column(k.row, k.col).label for k in keys))
            shown = ("、".join(f"“{x}”" for x in row_labels[:2]) + ("等行" if len(row_labels) > 2 else "行") + "的"
                     + "、".join(f"“{x}”" for x in col_labels[:2]))
            out.append(Finding(
                "PUBLISHED_TOTAL_BLANK", WARNING,
                f"已发布的{name}有 {len(keys)} 处“总计”空白（{shown}），但它们所加总的单元格有数字。"
                "总计应等于各分项之和；导入后程序按分项计算总计，请在更正的报告中印出。",
                section=next((sec.key for sec in self.fmt.sections if sec.table == tk), None),
                table=tk, cells=tuple(keys)))
        return out

    def signature(self, body: list[Item]) -> tuple[list[Item], str, dt.date | None]:
        """The 落款 (organ, date) at the end; what follows it (site chrome) is dropped."""
        for i in range(len(body) - 1, max(-1, len(body) - 200), -1):
            it = body[i]
            if not isinstance(it, Para):
                continue
            t = it.text.strip()
            d = parse_date(t)
            blank_date = re.fullmatch(r"[\s　]*年[\s　]*月[\s　]*日[\s　]*", t) is not None
            if (d is not None and len(norm(t)) <= 16) or blank_date:
                organ = ""
                cut = i
                if i > 0 and isinstance(body[i - 1], Para):
                    prev = body[i - 1].text.strip()  # type: ignore[union-attr]
                    if 2 <= len(prev) <= 40 and not re.search(r"[。；;，,：:]", prev) and not _section_of(prev):
                        organ = prev
                        cut = i - 1
                return body[:cut], organ, d
        return body, "", None

    def contact(self, report: Report, body: list[Item]) -> None:
        paras = [it.text for it in body[:60] if isinstance(it, Para)]
        text = "\n".join(paras)
        for field_name, words in (("address", ("地址", "通讯地址", "联系地址")), ("postcode", ("邮编", "邮政编码")),
                                  ("phone", ("电话", "联系电话", "咨询电话")), ("fax", ("传真",))):
            for w in words:
                m = re.search(w + r"\s*[:：]\s*([^，,；;。）)\n]{1,80})", text)
                if m:
                    value = m.group(1).strip()
                    try:
                        setattr(report.contact, field_name, value)
                    except InputError:
                        continue
                    break
        m = re.search(r"请与\s*([^，,。；;（(]{2,60}?)\s*联系", text)
        if m:
            try:
                report.contact.office = m.group(1).strip()
            except InputError:
                pass

    # ---- walking paragraphs and tables
    def walk(self, body: list[Item]) -> None:
        section = "s1"
        part: str | None = "s1.intro"
        table = ""
        seen_sections: set[str] = set()
        headed = False  # the last paragraph was a sub-item heading on its own
        for it in body:
            if isinstance(it, Table):
                table = self.table(it, table or self._table_of(section))
                continue
            text = it.text.strip()
            if not text:
                continue
            if re.fullmatch(r"第二十条第\([一二三四五六七八九十]+\)项", norm(text)):
                table = "t2"  # a block caption outside the table
                continue
            if table and len(text) <= 40 and self.index.exact.get(norm(text), ("",))[0] == table:
                continue  # a table row whose cells are all blank, copied as a bare label
            if len(text) <= 40 and norm(text) in self.captions:
                continue  # a table's caption printed above it (a browser's PDF of a web page)
            sec = _section_of(text)
            if sec and sec not in seen_sections:
                seen_sections.add(sec)
                section = sec
                part = self._first_part(sec)
                table = self._table_of(sec)
                rest = _after_heading(text)
                if rest:
                    self.add(part, rest)
                continue
            if section == "s1":
                sub, rest = self.s1_item(text)
                if sub and sub == part and self.prose.get(part) and rest == _unnumbered(text) != text \
                        and self.numbered_part(text) == part:
                    # “（一）……” again inside the part its number names, after the part's text began
                    # (not in the part's heading words): the clerk's own list within the part
                    self.add(part, text)
                    headed = False
                    continue
                if sub and not (sub == part and headed and not self.prose.get(part)):
                    part = sub
                    headed = not rest
                    if rest:
                        self.add(part, rest)
                    continue
            headed = False
            if section != "s1":
                named = self.part_named(section, text)
                if named is not None:
                    part, rest = named
                    if rest:
                        self.add(part, rest)
                    continue
            if part is None:
                self.unplaced_parts += 1
                self.notes.append(f"未能归入任何部分的段落：“{text[:30]}”")
                continue
            self.add(part, text)

    def add(self, part: str, text: str) -> None:
        self.prose.setdefault(part, []).append(text)

    def _table_of(self, section: str) -> str:
        """The table of a section, as the format says ('' for a section without one)."""
        try:
            return self.fmt.section(section).table or ""
        except KeyError:
            return ""

    def heading_words(self, part_key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(words of the part's own heading, topic words) from labels.json and the format."""
        p = self.fmt.prose_part(part_key)
        own = [norm(x) for x in (p.label, _NUMBERING.sub("", norm(p.heading or ""))) if x]
        return tuple(labels().part_heading.get(part_key, ())) + tuple(own), labels().part_topic.get(part_key, ())

    def s1_parts(self) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """The sub-items of 一 in the format's order (not the 总体概述): (key, heading words, topic words)."""
        return [(p.key, *self.heading_words(p.key)) for p in self.fmt.prose_of("s1") if p.role != "intro"]

    def s1_item(self, text: str) -> tuple[str | None, str]:
        """A sub-item of 一: “（一）主动公开”, “（一）主动公开情况。……” (the rest is the part's
        text), a numbered item in a part's own words (kept whole), or a short heading without number."""
        items = self.s1_parts()
        t = text.strip()
        n = norm(t)
        m = re.match(r"^\(([一二三四五六七八九十])\)", n)
        if m:
            body = n[m.end():]
            head = re.split(r"[。:：]", body, maxsplit=1)[0]
            for key, own, topic in items:
                if any(w in head[:20] for w in own):
                    raw_rest = re.split(r"[。：:]", t, maxsplit=1)
                    rest = raw_rest[1].strip() if len(raw_rest) > 1 and len(head) <= 24 else ""
                    if len(head) > 24:
                        rest = t
                    return key, rest
                if any(w in head[:20] for w in topic):  # not the part's own heading: keep the line
                    return key, _unnumbered(t)
            i = _CN_DIGITS.index(m.group(1))
            if i < len(items):  # a sub-item under its number with a heading of its own words
                return items[i][0], _unnumbered(t)
            return None, ""
        if len(n) <= 14:
            for key, own, topic in items:
                if any(n.startswith(w) or n == w + "情况" for w in own + topic):
                    return key, ""
        return None, ""

    def numbered_part(self, text: str) -> str | None:
        """The sub-item of 一 a line's number “（三）” stands for in the format's order."""
        m = re.match(r"^\(([一二三四五六七八九十])\)", norm(text.strip()))
        items = self.s1_parts()
        i = _CN_DIGITS.index(m.group(1)) if m else len(items)
        return items[i][0] if i < len(items) else None

    def part_named(self, section: str, text: str) -> tuple[str, str] | None:
        """In a section of several parts without headings of their own (五): a short line that
        names a part (“（二）改进情况”, “存在的主要问题：……”) → (part, text after the heading)."""
        parts = self.fmt.prose_of(section)
        if len(parts) < 2 or any(p.heading for p in parts):
            return None
        n = norm(text)
        if len(n) > 30 or re.match(r"^\d", n):
            return None
        head = _NUMBERING.sub("", re.split(r"[。:：]", n, maxsplit=1)[0])
        best: tuple[str, int] | None = None
        for p in parts:
            for w in self.heading_words(p.key)[0]:
                if w and w in head and (best is None or len(w) > best[1]):
                    best = (p.key, len(w))
        if best is None:
            return None
        if _s1_heading_only(text):
            return best[0], ""
        if len(head) > best[1] + 6:
            return None  # a sentence that happens to use the words
        return best[0], _after_heading(text)

    def _first_part(self, section: str) -> str:
        """Where the text right under a section heading goes: the section's first prose part."""
        parts = self.fmt.prose_of(section)
        return parts[0].key if parts else section

    def table(self, t: Table, context: str) -> str:
        """Place the values of one table; returns the table key it was about (for a table
        split over several parts)."""
        all_text = "".join(norm(c.text) for row in t.rows for c in row)
        context = labels().table_of(all_text) or context
        self.header = {}
        self.loose = t.loose
        self.t4_cols = self.t4_header(t.rows) if context == "t4" and not t.loose else {}
        for row in t.rows:
            if context == "t4" and self.t4_row(row):
                continue
            if context in ("t2", "t3") and self.header_row(context, row):
                continue
            label_at = -1
            hit = None
            for ci, c in enumerate(row):
                if _is_value_text(c.text):
                    continue
                h = self.index.find(c.text)
                if h is not None:
                    hit, label_at = h, ci
            if hit is None:
                values = [c for c in row if _filled(c.text) and _is_value_text(c.text)]
                if values and any(not _is_value_text(c.text) for c in row):
                    label = "、".join(c.text for c in row if not _is_value_text(c.text))[:40]
                    self.notes.append(f"认不出的表格行“{label}”：其中的 {len(values)} 个数字没有填入。")
                    self.unplaced_cells += len(values)
                continue
            self.place_row(hit[0], hit[1], row[label_at + 1:])
        return context

    def header_row(self, tk: str, row: list[Cell]) -> bool:
        """A header row: remember where each column's own label stands (``self.header``:
        column key → grid column).  A 表二 block's header starts a new map."""
        names = self.column_names(tk)
        found: dict[str, int] = {}
        for c in row:
            n = norm(c.text)
            if not n or c.col < 0:
                continue
            key = names.get(n)
            if key is None and len(n) >= 4:
                hits = {k for lab, k in names.items() if lab.startswith(n)}
                key = hits.pop() if len(hits) == 1 else None
            if key is not None:
                found[key] = c.col
        if not found:
            return False
        if tk == "t2" and any(norm(c.text) == "信息内容" for c in row):
            self.header = {}
        self.header.update(found)
        return True

    def column_names(self, tk: str) -> dict[str, str]:
        """A table's column labels and their other wordings (labels.json) → column key."""
        cached = self._names.get(tk)
        if cached is not None:
            return cached
        names: dict[str, str] = {}
        for b in self.fmt.table(tk).blocks:
            for column in b.columns:
                names.setdefault(norm(column.label), column.key)
        for b in self.fmt.table(tk).blocks:
            for column in b.columns:
                for alias in labels().columns.get(f"{tk}.{column.key}", ()):
                    names.setdefault(alias, column.key)
        self._names[tk] = names
        return names

    def by_header(self, cols: Sequence[Column], cells: list[Cell]) -> list[tuple[Column, Cell]] | None:
        """Values matched to columns by the header's grid positions, when the header named
        every column of the block at distinct places and every filled cell stands under one."""
        where = {c.key: self.header[c.key] for c in cols if c.key in self.header}
        if len(where) <= len(cols) // 2 or len(set(where.values())) != len(where):
            return None
        at = {where[c.key]: c for c in cols if c.key in where}
        pairs = []
        for c in cells:
            if not _filled(c.text):
                continue
            col = at.get(c.col)
            if col is None:
                return None
            pairs.append((col, c))
        return pairs

    def place_row(self, tk: str, row_key: str, cells: list[Cell]) -> None:
        tbl = self.fmt.table(tk)
        cols = tbl.block_of(row_key).columns
        pairs = self.by_header(cols, cells) if self.header and not self.loose else None
        if pairs is not None:
            for col, c in pairs:
                self.place(CellKey(tk, row_key, col.key), c.text)
            return
        cells = list(cells)
        while len(cells) > len(cols) and not _filled(cells[0].text):
            cells.pop(0)  # the empty places under a label spanning several columns
        while len(cells) > len(cols) and not _filled(cells[-1].text):
            cells.pop()
        label = tbl.row(row_key).label
        if not any(_filled(c.text) for c in cells):
            return  # an all-blank row: blank stays blank
        if len(cells) < len(cols) and not self.loose:
            cells += [Cell("", -1)] * (len(cols) - len(cells))  # blank cells at the end of a copied line
        if len(cells) != len(cols):
            n = sum(1 for c in cells if _filled(c.text))
            if self.loose:
                self.notes.append(f"表{'二三四'[int(tk[1]) - 2]}“{label}”一行没有表格线，只有 {len(cells)} 个数字，应为 {len(cols)} 个："
                                  f"空白的格子无法定位，这 {n} 个数字没有填入。")
                self.unplaced_cells += n
                return
            self.notes.append(f"表{'二三四'[int(tk[1]) - 2]}“{label}”一行有 {len(cells)} 个单元格，应为 {len(cols)} 个：这一行的 {n} 个数字没有填入。")
            self.unplaced_cells += n
            return
        for c, col in zip(cells, cols, strict=True):
            self.place(CellKey(tk, row_key, col.key), c.text, c.col >= 0)

    def t4_header(self, rows: list[list[Cell]]) -> dict[int, Column]:
        """表四's columns by their header labels: each column's label (or a wording of it in
        labels.json) standing under the headings of its groups (its path in the format), at
        the grid place of the label's cell.  Empty unless every column is found once, at a
        place of its own (then the values go by position)."""
        lab = labels()
        cells = [(norm(c.text), c.col, c.col + c.span) for row in rows for c in row
                 if c.col >= 0 and not _is_value_text(c.text)]
        at: dict[int, Column] = {}
        for col in self.fmt.table("t4").blocks[0].columns:
            words = {norm(col.label), *lab.columns.get(f"t4.{col.key}", ())}
            places = [(a, b) for t, a, b in cells if t in words]
            for group in col.path:
                gw = {norm(group), *lab.groups.get(norm(group), ())}
                spans = [(a, b) for t, a, b in cells if t in gw]
                places = [(a, b) for a, b in places if any(ga <= a and b <= gb for ga, gb in spans)]
            if len(places) != 1 or places[0][0] in at:
                return {}
            at[places[0][0]] = col
        return at

    def t4_row(self, row: list[Cell]) -> bool:
        cols = self.fmt.table("t4").blocks[0].columns
        if not row or not all(_is_value_text(c.text) for c in row) or not any(_filled(c.text) for c in row):
            return False
        by_place = self.t4_cols
        filled = [c for c in row if _filled(c.text)]
        if by_place and all(c.col in by_place for c in filled):
            t4 = self.fmt.table("t4")
            row_key = "cases" if t4.has_cell("cases", cols[0].key) else t4.rows()[0].key
            for c in row:
                if c.col in by_place:
                    self.place(CellKey("t4", row_key, by_place[c.col].key), c.text)
            return True
        cells = list(row)
        while len(cells) > len(cols) and not _filled(cells[-1].text):
            cells.pop()
        while len(cells) > len(cols) and not _filled(cells[0].text):
            cells.pop(0)
        if len(cells) < len(cols) and not self.loose:
            cells += [Cell("", -1)] * (len(cols) - len(cells))
        if len(cells) != len(cols):
            n = sum(1 for c in cells if _filled(c.text))
            self.notes.append(f"表四的数字行有 {len(cells)} 个单元格，应为 {len(cols)} 个：这 {n} 个数字没有填入。")
            self.unplaced_cells += n
            return True
        for c, col in zip(cells, cols, strict=True):
            self.place(CellKey("t4", "cases", col.key) if self.fmt.table("t4").has_cell("cases", col.key)
                       else CellKey("t4", self.fmt.table("t4").rows()[0].key, col.key), c.text, c.col >= 0)
        return True

    def place(self, key: CellKey, text: str, present: bool = True) -> None:
        """One published cell; ``present`` False for a place a copied line left out at its end."""
        shown = text.strip()
        if norm(shown) in BLANK_MARKS:
            shown = ""
        entry: dict[str, Any] = {"cell": key.as_text(), "label": self.fmt.cell_label(key), "source": shown}
        self.cells.append(entry)
        n = norm(shown)
        if n in NOT_APPLICABLE:
            entry["value"] = None
            entry["note"] = "不适用"
            self.notes.append(f"{self.fmt.cell_label(key)}：原文为“{shown}”，按不适用留空。")
            return
        column = self.fmt.column_of(key)
        kind = column.kind
        if kind == "money" and not column.unit and n.endswith("元") and not n.endswith("万元"):
            # a column without a unit (2019 采购总金额): the figure as written, its unit noted
            shown = shown.rstrip().removesuffix("元")
            entry["unit"] = "元"
            self.notes.append(f"{self.fmt.cell_label(key)}：原文写“{text.strip()}”，表头没有单位，照录数字，请在正文中注明单位为元。")
        try:
            value = parse_cell(kind, shown)
        except InputError as e:
            entry["value"] = None
            self.notes.append(f"{self.fmt.cell_label(key)}：{e}")
            self.unplaced_cells += 1
            return
        entry["value"] = None if value is None else str(value)
        if value is None:
            if self.fmt.is_computed(key) and present:
                self.blank_totals.append(key)
            return
        if self.fmt.is_computed(key):
            entry["computed"] = True
            return
        self.values[key] = value


def _section_of(text: str) -> str | None:
    n = norm(text)
    if n.startswith("("):
        return None  # a sub-item (（二）依申请公开情况), not a section
    m = re.match(r"^([一二三四五六七八九十]+)\.", n)
    head = n[m.end():] if m else n
    if not m and (len(n) > 24 or re.search(r"[。,;:：，；]", n[:-1]) or n.endswith("。")):
        return None  # a heading without its number is short and not a sentence
    head = head.split("。")[0]
    if len(head) > 40:
        return None
    lab = labels()
    for sec, words in lab.section_words.items():
        if any(w in head for w in words):
            if any(w in head for w in lab.section_not.get(sec, ())):
                continue
            if not m and sec == "s1" and head != "总体情况":
                continue
            return sec
    return None


def _after_heading(text: str) -> str:
    """Text written after a heading on the same line (“一、总体情况。2021年……”)."""
    t = text.strip()
    m = re.search(r"[。：:]", t[:40])
    return t[m.end():].strip() if m else ""


def read_fee(fmt: ReportFormat, prose: dict[str, list[str]], fee: FeeInfo) -> tuple[str, tuple[str, int] | None]:
    """Set ``fee`` (信息处理费, section 六) from what the published report says: our own standard
    sentence (taken back exactly), else the phrases of labels.json (“发出收费通知2件”,
    “实际收取…150元”, “未收取信息处理费”).  ``prose``: the paragraphs of each part, read in
    section 六 and then in section 三's parts.  Only what is stated is set.  Returns the sentence
    it came from ('' when none) and, when it is our own sentence printed again from the figures
    exactly, where it is (part, paragraph index), so an importer can leave it out of the prose."""
    fee_part = fmt.part("other_matters")
    where = [fee_part.key] if fee_part is not None else []
    where += [p.key for p in fmt.prose_of("s3")]
    for key in where:
        for i, para in enumerate(prose.get(key, [])):
            got = _own_fee_sentence(para)
            if got is not None:
                fee.notices, fee.amount_notified, fee.amount_collected = got
                return para.strip(), (key, i) if fee_sentence(fee) == para.strip() else None
    words = labels().fee
    for key in where:
        for para in prose.get(key, []):
            n = norm(para)
            found = False
            for w in words.get("no_notices", ()):
                if w in n:
                    fee.notices, found = 0, True
            for w in words.get("none_collected", ()):
                if w in n:
                    fee.amount_collected, found = Decimal(0), True
            for w in words.get("notices", ()):
                m = re.search(re.escape(w) + r"(?:书)?(?:共计|合计|共)?(\d{1,6})件", n)
                if m:
                    fee.notices, found = int(m.group(1)), True
                    break
            for attr in ("amount_notified", "amount_collected"):
                for w in words.get(attr, ()):
                    m = re.search(re.escape(w) + r"(?:共计|合计|共)?(\d{1,9}(?:\.\d{1,2})?)元", n)
                    if m:
                        setattr(fee, attr, Decimal(m.group(1)))
                        found = True
                        break
            if found:
                return para.strip(), None
    return "", None


_OWN_FEE = re.compile(r"本年度依据《政府信息公开信息处理费管理办法》发出收费通知(\d+)件，通知收费金额共计"
                      r"(\d+(?:\.\d+)?|（未填写）)元，实际(?:未收取信息处理费|收取信息处理费共计(\d+(?:\.\d+)?)元)。")


def _own_fee_sentence(text: str) -> tuple[int, Decimal | None, Decimal | None] | None:
    """The figures of the sentence ``report.fee_sentence`` writes, read back exactly."""
    t = text.strip()
    if t == fee_sentence(FeeInfo(notices=0)):
        return 0, None, None
    m = _OWN_FEE.fullmatch(t)
    if not m:
        return None
    notified = None if m.group(2) == "（未填写）" else Decimal(m.group(2))
    return int(m.group(1)), notified, Decimal(m.group(3)) if m.group(3) else Decimal(0)


def _unnumbered(text: str) -> str:
    """A line without its sub-item number “（一）”."""
    return re.sub(r"^\s*[(（][一二三四五六七八九十][)）]\s*", "", text)


def _s1_heading_only(text: str) -> bool:
    return len(norm(text)) <= 30 and not text.rstrip().endswith("。")


def recognise(items: list[Item], year: int | None = None) -> ImportResult:
    """The report in ``items``; raises ``InputError`` (Chinese) when it is not an annual report."""
    return _Recogniser(items, year).run()
