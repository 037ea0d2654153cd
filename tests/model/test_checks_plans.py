"""The relation check reads its cells from the format's precomputed plan, and the required-prose
check reads the 总体情况 headings once per report: both must find exactly what the
straightforward reading finds (written out here), on every sample and real report and on
variants of them with cells blanked, changed and prose emptied."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from model import checks
from model.formats import CellKey
from model.report import ProseText
from model.storage import load_report
from model.totals import Figures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted((FIXTURES / "samples").glob("*.gknb")) + sorted((FIXTURES / "real").glob("*.gknb"))


def straight_relations(sheet, fmt):
    """The relation check as written before the plan: cell keys made and read one by one."""
    out = []
    for rel in fmt.relations:
        t = fmt.table(rel.table)
        for col in t.block_of(rel.left[0]).columns:
            left = [sheet.value(CellKey(t.key, r, col.key)) for r in rel.left]
            right = [sheet.value(CellKey(t.key, r, col.key)) for r in rel.right]
            if any(v is None for v in left + right):
                if not col.computed:
                    f = checks._unverified(sheet, t, rel, col.key, col.label)
                    if f is not None:
                        out.append(f)
                continue
            lsum, rsum = sum(left), sum(right)
            if lsum == rsum:
                continue
            msg = rel.message.format(column=f"“{col.label}”列", left=checks.format_number(lsum),
                                     right=checks.format_number(rsum), diff=checks.format_number(abs(lsum - rsum)))
            out.append(checks.Finding(rel.code, rel.severity, msg, section=t.section, table=t.key,
                                      row=rel.left[0], column=col.key, expected=lsum, actual=rsum,
                                      difference=lsum - rsum,
                                      cells=tuple(CellKey(t.key, r, col.key) for r in rel.left + rel.right)))
    return out


def straight_covered(report, fmt, part):
    topic = next((p.topic for p in fmt.prose if p.key == part), "")
    if not topic:
        return False
    for other in fmt.prose:
        if other.key == part or not other.topic:
            continue
        m = checks._HEADING.match(report.text(other.key))
        if m and topic in m.group(1):
            return True
    return False


def variants(path: Path):
    """The report as stored, then with cells blanked / changed and required prose emptied."""
    rng = random.Random(path.name)
    yield load_report(path)
    for _ in range(4):
        r = load_report(path)
        for key in list(r.values):
            x = rng.random()
            if x < 0.15:
                del r.values[key]
            elif x < 0.3 and isinstance(r.values[key], int):
                r.values[key] = r.values[key] + rng.randint(1, 5)
        for p in r.format.prose:
            if rng.random() < 0.4:
                r.prose[p.key] = ProseText("")
        yield r


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_relation_plan_and_headings_find_what_the_straight_reading_finds(path):
    assert FILES
    for r in variants(path):
        fmt = r.format
        sheet = Figures(r)
        assert checks._check_relations(sheet, fmt) == straight_relations(sheet, fmt)
        headings = checks._topic_headings(r, fmt)
        for p in fmt.prose:
            assert checks._covered_by_heading(fmt, p.key, headings) == straight_covered(r, fmt, p.key), p.key


def test_a_merged_sub_item_heading_still_covers_the_empty_part():
    r = load_report(FILES[0])
    fmt = r.format
    topical = [p for p in fmt.prose if p.topic and p.required]
    assert len(topical) >= 2
    empty, other = topical[0], topical[1]
    r.prose[empty.key] = ProseText("")
    r.prose[other.key] = ProseText(f"（一）{other.topic}、{empty.topic}情况。本年度按要求开展。")
    codes = [(f.code, f.part) for f in checks.run_checks(r)]
    assert ("PROSE_EMPTY", empty.key) not in codes
    r.prose[other.key] = ProseText(f"（一）{other.topic}情况。本年度按要求开展。")
    codes = [(f.code, f.part) for f in checks.run_checks(r)]
    assert ("PROSE_EMPTY", empty.key) in codes
