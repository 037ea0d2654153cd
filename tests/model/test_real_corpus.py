"""The checks against real published reports (tests/fixtures/real): every true finding an
auditor sees is raised, and nothing else is.

The expected findings are written by hand in tests/fixtures/real/expected.json.  Defects
today's checks miss, and false alarms they still raise, are marked xfail(strict=True): the
test documents the gap and fails loudly once the gap is closed, so expected.json gets
updated with the fix.  Only what was seen of each report is scored (see corpus.in_scope).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from model.report import ORGAN_KINDS
from model.storage import report_to_dict
from tests.fixtures.real import corpus, encode

EXPECTED = corpus.load_expected()
NAMES = corpus.names()
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"  # the encoded ../shared/samples


@cache
def entry(name: str) -> corpus.Entry:
    return corpus.load_entry(name, EXPECTED)


@cache
def scoped(name: str) -> tuple[Any, ...]:
    return tuple(corpus.scoped_findings(entry(name)))


def _params(kind: str) -> list[Any]:
    out = []
    for name in NAMES:
        for item in EXPECTED[name].get(kind, []):
            marks = []
            if kind == "true" and item.get("missed"):
                what = "new check" if item.get("new_code") else "check misses it"
                marks.append(pytest.mark.xfail(strict=True, reason=f"{what}: {item['why']}"))
            if kind == "false_alarms":
                marks.append(pytest.mark.xfail(strict=True, reason=f"known false alarm: {item['why']}"))
            out.append(pytest.param(name, item, marks=marks, id=corpus.item_id(name, item)))
    return out


def test_every_fixture_has_source_data_and_expectations():
    srcs = {p.stem for p in (corpus.HERE / "src").glob("*.txt")}
    datas = {p.stem for p in (corpus.HERE / "data").glob("*.json")}
    assert NAMES and set(NAMES) == srcs == datas
    assert set(NAMES) == {k for k in EXPECTED if not k.startswith("_")}
    for name in NAMES:
        head = (corpus.HERE / "src" / f"{name}.txt").read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert head.startswith("来源: ") and "\n标题: " in head and "\n取得: " in head, name


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_what_the_encoder_makes(name):
    """The committed .gknb is reproducible from the hand-written data file and the source text."""
    assert report_to_dict(entry(name).report) == report_to_dict(encode.build(name))


@pytest.mark.parametrize("name", NAMES)
def test_published_totals_match_cells_except_known(name):
    d = entry(name).data
    found = encode.published_total_mismatches(name, entry(name).report, d)
    where = {m.split(": ", 1)[1].split(" printed")[0] for m in found}
    assert where == set(d.get("known_total_mismatches") or [])


def test_corpus_is_diverse():
    years = {entry(n).report.year for n in NAMES}
    levels = {entry(n).data["level"] for n in NAMES}
    recent = [n for n in NAMES if 2020 <= entry(n).report.year <= 2025]
    assert len(recent) >= 14
    assert {2018, 2020, 2021, 2022, 2023, 2024, 2025} <= years  # 2018: the old format, before the 2019 revision
    assert {entry(n).report.format_id for n in NAMES} == {"2019", "2021"}
    assert any(entry(n).report.year >= 2021 and entry(n).report.format_id == "2019" for n in NAMES)
    kinds = {entry(n).report.organ_kind for n in NAMES}
    assert {"township", "street", "county_gov", "county_dept", "city_dept"} <= kinds <= set(ORGAN_KINDS)
    assert any(lv.startswith("省级") for lv in levels)
    samples = {p.stem.split("-", 1)[1] for p in SAMPLES.glob("*.gknb")}
    assert len(samples) == 3 and not samples & {n.split("-", 1)[1] for n in NAMES}
    assert not {entry(n).report.organ_name for n in NAMES} & {"杭州市富阳区上官乡人民政府", "杭州市余杭区瓶窑镇人民政府",
                                                              "杭州市临安区清凉峰镇人民政府"}


def test_expected_codes_are_existing_or_marked_new():
    known = corpus.known_codes()
    for name in NAMES:
        for item in EXPECTED[name]["true"] + EXPECTED[name]["false_alarms"] + EXPECTED[name].get("fixed_false_alarms", []):
            assert item.get("new_code", False) == (item["code"] not in known), corpus.item_id(name, item)
            if item.get("new_code"):
                assert item.get("missed"), corpus.item_id(name, item)
            assert item["why"] and (item.get("evidence") or item not in EXPECTED[name]["true"])


@pytest.mark.parametrize(("name", "item"), _params("true"))
def test_true_finding_is_raised(name, item):
    assert any(corpus.matches(item, f) for f in scoped(name)), corpus.item_id(name, item)


@pytest.mark.parametrize(("name", "item"), _params("false_alarms"))
def test_known_false_alarm_is_not_raised(name, item):
    assert not any(corpus.matches(item, f) for f in scoped(name)), corpus.item_id(name, item)


@pytest.mark.parametrize(("name", "item"), _params("fixed_false_alarms"))
def test_fixed_false_alarm_stays_away(name, item):
    assert not any(corpus.matches(item, f) for f in scoped(name)), corpus.item_id(name, item)


def test_no_false_alarm_is_left():
    assert [corpus.item_id(n, i) for n in NAMES for i in EXPECTED[n]["false_alarms"]] == []


@pytest.mark.parametrize("name", NAMES)
def test_no_finding_outside_the_expected_set(name):
    """Every in-scope finding is a true one or a listed (xfail) false alarm."""
    allowed = EXPECTED[name]["true"] + EXPECTED[name]["false_alarms"]
    stray = [f"{f.code} {f.part or ''} {f.table or ''}.{f.row or ''}.{f.column or ''}: {f.message}"
             for f in scoped(name) if not any(corpus.matches(i, f) for i in allowed)]
    assert not stray, stray


def test_out_of_scope_findings_are_about_unseen_parts_only():
    """The scope filter drops nothing from the one report that was seen whole."""
    full = [n for n in NAMES if entry(n).data["seen"].get("complete")]
    assert full
    for name in full:
        from model.checks import run_checks

        raised = run_checks(entry(name).report)
        kept = scoped(name)
        assert {f.code for f in raised} - {f.code for f in kept} <= corpus.METADATA_CODES


def test_corpus_stats_count_every_expected_finding_once():
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_stats", corpus.HERE.parents[2] / "tools" / "corpus_stats.py")
    assert spec and spec.loader
    stats_mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stats_mod)
    s = stats_mod.collect()
    n_true = sum(len(EXPECTED[n]["true"]) for n in NAMES)
    n_missed = sum(1 for n in NAMES for i in EXPECTED[n]["true"] if i.get("missed"))
    n_false = sum(len(EXPECTED[n]["false_alarms"]) for n in NAMES)
    assert s["reports"] == len(NAMES) and s["true_findings"] == n_true
    assert s["misses"] == n_missed and s["hits"] == n_true - n_missed
    assert s["false_alarms"] == n_false  # every false alarm raised today is a listed one
    assert "精确率" in stats_mod.render(s)
    # a code still without a real firing or silent example says why (what a report would need to show)
    missing = set(s["no_firing_example"]) | set(s["no_silent_example"])
    assert set(s["why_no_example"]) == missing and all(s["why_no_example"].values()), \
        sorted(c for c in missing if not stats_mod.WHY_NO_EXAMPLE.get(c))


def test_scope_drops_findings_about_what_was_not_seen():
    """太平镇: only the first rows of 表三 were seen, so the blank rest is not the organ's fault,
    and 第五部分 was not seen, so its emptiness is not either; the missing 总体情况 sub-items stay."""
    from model.checks import run_checks

    e = entry("2022-太平镇")
    raised = run_checks(e.report)
    assert any(f.code == "BLANK_CELLS" and f.table == "t3" for f in raised)
    assert any(f.code == "PROSE_EMPTY" and f.part == "s5.problems" for f in raised)
    kept = scoped("2022-太平镇")
    assert not any(f.code == "BLANK_CELLS" for f in kept)
    assert not any(f.part and f.part.startswith("s5.") for f in kept)
    assert {f.part for f in kept if f.code == "PROSE_EMPTY"} == {"s1.active", "s1.request", "s1.management",
                                                                   "s1.platform", "s1.supervision"}
