"""Every finding the clerk sees names the place by the format's own labels and says what to do.

One small report per code that makes it fire (the codes' own firing/silent tests are in
test_checks.py and, on real text, test_checks_real.py); here only the message is judged."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from model.carry import next_year
from model.checks import CATALOGUE, copied_passages, run_checks
from model.formats import CellKey
from model.report import Contact, FeeInfo, Report
from tests.model.helpers import complete_report, t3

# said of the batch (county merge, audit) or of an imported table: built elsewhere
NOT_OF_ONE_REPORT = {"COPIED_FROM_OTHER_ORGAN", "PUBLISHED_TOTAL_BLANK"}
# a message says what the clerk should do: an instruction, or a question that is one
ACTION = re.compile(r"请|应|建议|改为|改正|补上|补全|补写|填写|填0|核对|删去|说明|写明|是否|可|须|要")


def t2(row: str, col: str) -> CellKey:
    return CellKey("t2", row, col)


def t4(col: str) -> CellKey:
    return CellKey("t4", "cases", col)


def with_values(**cells: object) -> Callable[[], Report]:
    def build() -> Report:
        r = complete_report()
        for name, v in cells.items():
            table, row, col = name.split("__")
            r.values[CellKey(table, row, col)] = v  # type: ignore[assignment]
        return r
    return build


def with_text(part: str, text: str, year: int = 2024, **cells: object) -> Callable[[], Report]:
    def build() -> Report:
        r = with_values(**cells)() if cells else complete_report(year)
        r.set_text(part, text)
        return r
    return build


def blank(*keys: CellKey) -> Callable[[], Report]:
    def build() -> Report:
        r = complete_report()
        for k in keys:
            del r.values[k]
        return r
    return build


def linked(change: Callable[[Report], None]) -> Callable[[], Report]:
    def build() -> Report:
        last = complete_report(2023)
        last.values[t3("new")] = 3
        last.values[t3("disclosed")] = 1
        last.values[t3("carry_next")] = 2
        last.values[t2("guifanxing", "effective")] = 10
        last.set_text("s5.problems", "一是信息发布不够及时；二是政策解读形式单一；三是工作人员业务能力有待提高。" * 2)
        r = next_year(last)
        for k in r.format.input_cells():
            r.values.setdefault(k, 0)
        r.values[t3("disclosed")] = 2
        change(r)
        return r
    return build


def changed(change: Callable[[Report], None], year: int = 2024) -> Callable[[], Report]:
    def build() -> Report:
        r = complete_report(year)
        change(r)
        return r
    return build


def _set(r: Report, **attrs: object) -> None:
    for k, v in attrs.items():
        setattr(r, k, v)


def _carry_off(r: Report) -> None:
    r.values[t3("carried")] = 1
    r.values[t3("disclosed")] = 1


def _effective_off(r: Report) -> None:
    r.values[t2("guifanxing", "issued")] = 3
    r.values[t2("guifanxing", "effective")] = 15


def _old_format(year: int) -> Callable[[], Report]:
    def build() -> Report:
        r = complete_report(2020)
        r.year = year
        return r
    return build


def _new_format_for_2020() -> Report:
    r = complete_report(2021)
    r.year = 2020
    return r


BUILDERS: dict[str, Callable[[], Report]] = {
    "T3_BALANCE": with_values(t3__new__natural=1),
    "RELATION_UNVERIFIED": blank(t3("new", "research")),
    "VALUE_NEGATIVE": with_values(t3__new__natural=-1, t3__disclosed__natural=-1),
    "VALUE_FRACTION": with_values(t3__new__natural=Decimal("1.5"), t3__disclosed__natural=Decimal("1.5")),
    "VALUE_ABSURD": with_values(t3__new__natural=500_000_000, t3__disclosed__natural=500_000_000),
    "MONEY_DECIMALS": with_values(t2__shoufei__amount=Decimal("1.2345678")),
    "BLANK_CELLS": blank(t3("partial", "research")),
    "RULES_NOT_ALLOWED": with_values(t2__guizhang__issued=1, t2__guizhang__effective=1),
    "FEE_UNIT": with_values(t2__shoufei__amount=Decimal(12500)),
    "ISSUED_GT_EFFECTIVE": with_values(t2__guifanxing__issued=4, t2__guifanxing__effective=1),
    "CASES_WITHOUT_APPLICATIONS": with_values(t4__cases__review_upheld=1),
    "PROSE_EMPTY": with_text("s5.problems", ""),
    "LAST_YEAR_FIXES_HINT": with_text("s5.last_year", ""),
    "PROSE_COPIED": linked(lambda r: None),
    "PROSE_SIMILAR": linked(lambda r: None),
    "FEE_STATEMENT_MISSING": changed(lambda r: (_set(r, fee=FeeInfo()), r.set_text("s6.other", "无。"))),
    "FEE_INCONSISTENT": changed(lambda r: _set(r, fee=FeeInfo(2, Decimal(300), Decimal(500)))),
    "PROSE_RECEIVED": with_text("s1.request", "本年度收到政府信息公开申请12件。"),
    "PROSE_CLOSED": with_text("s1.request", "本年度已办结政府信息公开申请9件。",
                              t3__new__natural=10, t3__disclosed__natural=10),
    "PROSE_RATE": with_text("s1.request", "本年度政府信息公开申请办结率为95%。",
                            t3__new__natural=10, t3__disclosed__natural=8, t3__carry_next__natural=2),
    "PROSE_RESULT_COUNT": with_text("s1.request", "本年度予以公开5件。",
                                    t3__new__natural=10, t3__disclosed__natural=10),
    "PROSE_PERCENT": with_text("s1.request", "本年度收到申请10件，予以公开10件，占50%。",
                               t3__new__natural=10, t3__disclosed__natural=10),
    "PROSE_T4_RESULT": with_text("s1.request", "本年度发生政府信息公开行政复议1件，均获维持。",
                                 t4__cases__review_corrected=1, t3__new__natural=1, t3__disclosed__natural=1),
    "PROSE_T4_COUNT": with_text("s1.request", "本年度因政府信息公开被申请行政复议2件。"),
    "SUPERVISION_RESULTS_MISSING": with_text("s1.supervision", "监督保障：本镇明确专人负责政府信息公开工作。"),
    "BASIS_OUTDATED": with_text("s1.intro", "本报告依据国办公开办函〔2019〕60号规定的格式编制。"),
    "BASIS_MISCITED": with_text("s1.intro", "本报告依据国办公开函〔2021〕30号规定的格式编制。"),
    "PERIOD_WRONG": with_text("s1.intro", "本报告中所列数据的统计期限自2024年1月1日起至2024年11月30日止。"),
    "STRUCTURE_ANNOUNCED": with_text("s1.intro", "全文共分五个部分。"),
    "PROSE_DRAFT_TRACE": with_text("s5.problems", "以上报告妥否，请审阅。"),
    "PROSE_OTHER_YEAR": with_text("s1.active", "2023年，我镇全面贯彻落实《条例》，主动公开政府信息。"),
    "PROSE_PLACEHOLDER": with_text("s1.active", "本年度在政府网站累计发布   条信息。"),
    "PROSE_UNFINISHED": with_text("s1.active", "本年度我镇依托政府网站和公开栏主动公开政府信息，主要做法有"),
    "CARRY_MISMATCH": linked(_carry_off),
    "EFFECTIVE_MISMATCH": linked(_effective_off),
    "PUBLISH_LATE": changed(lambda r: _set(r, publication_date=dt.date(2025, 2, 3))),
    "PUBLISH_EARLY": changed(lambda r: _set(r, publication_date=dt.date(2024, 12, 30))),
    "PUBLISH_DATE_MISSING": changed(lambda r: _set(r, publication_date=None)),
    "FORMAT_OUTDATED": _old_format(2022),
    "FORMAT_MISMATCH": _new_format_for_2020,
    "YEAR_UNSUPPORTED": _old_format(2018),
    "YEAR_FUTURE": lambda: complete_report(dt.date.today().year + 3),
    "ORGAN_MISSING": changed(lambda r: _set(r, organ_name="")),
    "CONTACT_MISSING": changed(lambda r: _set(r, contact=Contact("党政办公室", "", "", "", ""))),
    "FONT_MISSING_CHAR": with_text("s1.active", "本年度主动公开政府信息\U000f0001。"),
}


def test_every_code_of_one_report_has_a_case():
    assert set(CATALOGUE) - NOT_OF_ONE_REPORT == set(BUILDERS)


@pytest.mark.parametrize("code", sorted(BUILDERS))
def test_the_message_says_where_and_what_to_do(code):
    r = BUILDERS[code]()
    found = [f for f in run_checks(r) if f.code == code]
    assert found, f"{code} did not fire"
    fmt = r.format
    for f in found:
        assert ACTION.search(f.message), f"{code}: the message does not say what to do: {f.message}"
        if len(f.cells) == 1 and fmt.has_cell(f.cells[0]):
            k = f.cells[0]
            labels = (fmt.table(k.table).row(k.row).label, fmt.column_of(k).label)
            assert any(_core(x) in f.message for x in labels), \
                f"{code}: the cell is not named by its labels {labels}: {f.message}"


def _core(label: str) -> str:
    """A row label without its numbering and the bracketed remark (as messages quote it)."""
    return re.sub(r"（[^）]*）$", "", re.sub(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+\.", "", label))


def test_copied_passages_message_says_what_to_do():
    a, b = complete_report(), complete_report()
    b.organ_name = "测试市测试区另一镇人民政府"
    passage = "我镇坚持以人民为中心的发展思想，把教育信息公开作为保障人民群众知情权、参与权、表达权和监督权的重要抓手，全面推进。"
    a.set_text("s1.active", passage)
    b.set_text("s1.active", passage)
    found = [f for per_report in copied_passages([a, b]) for f in per_report]
    assert len(found) == 2
    for f in found:
        assert ACTION.search(f.message), f.message


def test_the_readme_lists_every_code_with_its_severity_and_rule():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): (m.group(2), m.group(3)) for m in
            re.finditer(r"^\| `([A-Z_0-9]+)` \| (\w+) \| (.+?) \|$", readme, re.M)}
    assert set(rows) == set(CATALOGUE)
    for code, (severity, rule) in rows.items():
        assert rule.split(" — ")[0] == CATALOGUE[code], code
        if code in BUILDERS:
            assert {f.severity for f in run_checks(BUILDERS[code]()) if f.code == code} == {severity}, code
