"""Every check: one test that makes it fire, one that keeps it silent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from model.carry import next_year
from model.checks import apply_fix, has_errors, run_checks
from model.formats import CellKey
from model.report import FeeInfo, ProseText
from tests.model.helpers import complete_report, t3


def codes(report):
    return [f.code for f in run_checks(report)]


def only(report, code):
    return [f for f in run_checks(report) if f.code == code]


def test_complete_report_is_clean():
    assert run_checks(complete_report()) == []


# ---------------------------------------------------------------- 勾稽关系


def test_balance_fires_per_column_with_difference():
    r = complete_report()
    r.values[t3("new", "commercial")] = 3
    r.values[t3("disclosed", "commercial")] = 1
    found = only(r, "T3_BALANCE")
    # the 商业企业 column and the 总计 column are both out by 2
    assert {f.column for f in found} == {"commercial", "total"}
    f = next(f for f in found if f.column == "commercial")
    assert f.severity == "error" and f.expected == 3 and f.actual == 1 and f.difference == 2
    assert "相差2" in f.message and "商业企业" in f.message
    assert f.table == "t3" and f.section == "s3"
    assert has_errors(run_checks(r))


def test_balance_silent_when_it_holds_with_carry():
    r = complete_report()
    r.values[t3("new")] = 5
    r.values[t3("carried")] = 2
    r.values[t3("disclosed")] = 3
    r.values[t3("refused_third")] = 1
    r.values[t3("other_other")] = 1
    r.values[t3("carry_next")] = 2
    assert only(r, "T3_BALANCE") == []


def test_balance_not_assessed_on_blank_operands():
    r = complete_report()
    del r.values[t3("carry_next", "research")]
    r.values[t3("new", "research")] = 4
    # 科研机构 column cannot be assessed (a blank operand); 总计 column can and is out by 4
    assert {f.column for f in only(r, "T3_BALANCE")} == {"total"}


# ---------------------------------------------------------------- values


@pytest.mark.parametrize("key,value,code", [
    (t3("new"), -1, "VALUE_NEGATIVE"),
    (t3("new"), Decimal("1.5"), "VALUE_FRACTION"),
    (t3("new"), 500_000_000, "VALUE_ABSURD"),
    (CellKey("t2", "shoufei", "amount"), Decimal("1.2345678"), "MONEY_DECIMALS"),
    (CellKey("t2", "shoufei", "amount"), Decimal("-2"), "VALUE_NEGATIVE"),
])
def test_bad_values_are_errors(key, value, code):
    r = complete_report()
    r.values[key] = value
    f = [f for f in run_checks(r) if f.code == code]
    assert f and f[0].severity == "error" and f[0].cells == (key,)


def test_good_values_silent_and_signed_may_be_negative():
    r = complete_report(2020)  # 2019 format has the signed 本年增/减
    r.values[CellKey("t2", "xuke", "change")] = -8
    r.values[CellKey("t2", "caigou", "purchase_amount")] = Decimal("12.5")
    assert not [c for c in codes(r) if c.startswith("VALUE") or c == "MONEY_DECIMALS"]


# ---------------------------------------------------------------- blanks


def test_blank_cells_warning_and_fix_fills_zero():
    r = complete_report()
    del r.values[t3("partial", "research")]
    del r.values[t3("new", "other")]
    f = only(r, "BLANK_CELLS")
    assert len(f) == 1 and f[0].severity == "warning" and f[0].actual == 2
    assert set(f[0].cells) == {t3("partial", "research"), t3("new", "other")}
    assert f[0].fix and f[0].fix.kind == "fill_blanks"
    apply_fix(r, f[0].fix)
    assert r.values[t3("partial", "research")] == 0
    assert only(r, "BLANK_CELLS") == []


def test_blank_is_not_zero_in_totals_and_findings():
    from model.totals import Figures

    r = complete_report()
    r.values[t3("new", "natural")] = 3
    r.values[t3("carry_next", "natural")] = 3
    r.values.pop(t3("new", "research"))
    assert r.get(t3("new", "research")) is None
    # the row total leaves the blank out; the blank column's (七)/四 relation cannot be checked
    assert Figures(r).value(t3("new", "total")) == 3
    assert Figures(r).value(t3("new", "research")) is None
    blank = only(r, "BLANK_CELLS")
    assert blank and blank[0].cells == (t3("new", "research"),)
    assert [f.column for f in only(r, "RELATION_UNVERIFIED")] == ["research"]
    # every operand blank: the total is blank too, not 0
    for c in ("natural", "commercial", "research", "public_welfare", "legal_service", "other"):
        r.values.pop(t3("new", c), None)
    assert Figures(r).value(t3("new", "total")) is None
    # an entered 0 is a figure: the total is 0 and nothing is blank
    for c in ("natural", "commercial", "research", "public_welfare", "legal_service", "other"):
        r.values[t3("new", c)] = 0
    r.values[t3("carry_next", "natural")] = 0
    assert Figures(r).value(t3("new", "total")) == 0
    assert not only(r, "BLANK_CELLS") and not only(r, "RELATION_UNVERIFIED")


# ---------------------------------------------------------------- plausibility


def test_rules_nonzero_warns_only_for_organs_without_the_power():
    r = complete_report()
    r.values[CellKey("t2", "guizhang", "issued")] = 2
    got = only(r, "RULES_NOT_ALLOWED")
    assert got[0].severity == "warning" and "乡镇人民政府" in got[0].message and "行政规范性文件" in got[0].message
    for kind in ("street", "county_gov", "county_dept", "city_dept", "province_dept"):
        r.organ_kind = kind
        assert only(r, "RULES_NOT_ALLOWED"), kind
    for kind in ("city_gov", "province_gov", "state_dept", "other"):  # 《立法法》; 其他: not known
        r.organ_kind = kind
        assert only(r, "RULES_NOT_ALLOWED") == [], kind


def test_rules_message_does_not_contradict_itself():
    """The old message said “其他行政机关没有规章制定权（只有…省级人民政府…可以）”."""
    r = complete_report(kind="city_dept")
    r.values[CellKey("t2", "guizhang", "issued")] = 1
    msg = only(r, "RULES_NOT_ALLOWED")[0].message
    assert "设区的市级人民政府部门" in msg and "其他行政机关" not in msg and "“本年制发件数”列" in msg


def test_fee_amount_that_looks_like_yuan():
    r = complete_report()
    r.values[CellKey("t2", "shoufei", "amount")] = Decimal(25000)
    f = only(r, "FEE_UNIT")
    assert f and "250000000元" in f[0].message
    r.values[CellKey("t2", "shoufei", "amount")] = Decimal("2.5")
    assert only(r, "FEE_UNIT") == []


def test_format_outdated_and_fix_migrates():
    r = complete_report(2021)
    r2019 = complete_report(2020)
    r2019.year = 2021
    f = only(r2019, "FORMAT_OUTDATED")
    assert f and f[0].fix and f[0].fix.kind == "migrate_format"
    notes = apply_fix(r2019, f[0].fix)
    assert r2019.format_id == "2021" and notes
    assert only(r2019, "FORMAT_OUTDATED") == []
    assert only(r, "FORMAT_OUTDATED") == []
    r.year = 2020
    assert only(r, "FORMAT_MISMATCH")


# ---------------------------------------------------------------- prose


def test_required_prose_empty_and_fee_statement():
    r = complete_report()
    r.set_text("s1.platform", "  ")
    r.fee = FeeInfo()
    got = codes(r)
    assert "PROSE_EMPTY" in got and "FEE_STATEMENT_MISSING" in got
    r.set_text("s6.other", "本年度未收取信息处理费。")
    assert "FEE_STATEMENT_MISSING" not in codes(r)
    r.set_text("s1.platform", "本年度建成公开专栏。")
    assert "PROSE_EMPTY" not in codes(r)


def test_fee_statement_not_required_on_2019_format():
    r = complete_report(2020)
    r.fee = FeeInfo()
    assert "FEE_STATEMENT_MISSING" not in codes(r)


def test_fee_figures_inconsistent():
    r = complete_report()
    r.fee = FeeInfo(2, Decimal(300), Decimal(500))
    assert only(r, "FEE_INCONSISTENT")
    r.fee = FeeInfo(2, Decimal(300), Decimal(300))
    assert only(r, "FEE_INCONSISTENT") == []


def test_prose_numbers_contradicting_tables():
    r = complete_report()
    r.values[t3("new")] = 11
    r.values[t3("disclosed")] = 9
    r.values[t3("partial")] = 1
    r.values[t3("carry_next")] = 1
    r.set_text("s1.request", "2024年度收到依申请信息11件，已办结10件，办结率90.9%。")
    assert [c for c in codes(r) if c.startswith("PROSE_")] == []
    r.set_text("s1.request", "2024年度收到依申请信息12件，已办结9件，办结率95%。")
    got = {f.code: f for f in run_checks(r)}
    assert got["PROSE_RECEIVED"].expected == 11 and got["PROSE_RECEIVED"].actual == 12
    assert got["PROSE_CLOSED"].expected == 10
    assert got["PROSE_RATE"].actual == Decimal(95)


def test_prose_says_none_received_but_table_has_some():
    r = complete_report()
    r.set_text("s1.request", "本年度未收到政府信息公开申请。")
    assert only(r, "PROSE_RECEIVED") == []
    r.values[t3("new")] = 1
    r.values[t3("disclosed")] = 1
    assert only(r, "PROSE_RECEIVED")


# ---------------------------------------------------------------- dates


def test_publication_deadline_configurable():
    r = complete_report(2024)
    r.publication_date = dt.date(2025, 2, 3)
    f = only(r, "PUBLISH_LATE")
    assert f and f[0].difference == 3
    r.deadline = dt.date(2025, 2, 15)
    assert only(r, "PUBLISH_LATE") == []
    r.publication_date = dt.date(2024, 12, 30)
    assert only(r, "PUBLISH_EARLY")
    r.publication_date = None
    assert only(r, "PUBLISH_DATE_MISSING")[0].severity == "info"


# ---------------------------------------------------------------- last year


def linked_pair():
    last = complete_report(2023)
    last.values[t3("new")] = 3
    last.values[t3("disclosed")] = 1
    last.values[t3("carry_next")] = 2
    last.values[CellKey("t2", "guifanxing", "effective")] = 10
    last.set_text("s5.problems", "一是信息发布不够及时；二是政策解读形式单一；三是工作人员业务能力有待提高。" * 2)
    new = next_year(last)
    for k in new.format.input_cells():
        new.values.setdefault(k, 0)
    new.values[t3("disclosed")] = 2
    return last, new


def test_carry_mismatch_and_fix():
    _, r = linked_pair()
    assert only(r, "CARRY_MISMATCH") == []
    r.values[t3("carried")] = 1
    r.values[t3("disclosed")] = 1
    f = only(r, "CARRY_MISMATCH")
    assert f and f[0].expected == 2 and f[0].actual == 1
    apply_fix(r, f[0].fix)
    assert r.values[t3("carried")] == 2


def test_effective_count_cross_check_is_info():
    _, r = linked_pair()
    r.values[CellKey("t2", "guifanxing", "issued")] = 3
    r.values[CellKey("t2", "guifanxing", "repealed")] = 1
    r.values[CellKey("t2", "guifanxing", "effective")] = 12
    assert only(r, "EFFECTIVE_MISMATCH") == []
    r.values[CellKey("t2", "guifanxing", "effective")] = 15
    f = only(r, "EFFECTIVE_MISMATCH")
    assert f[0].severity == "info" and f[0].expected == 12


def test_prose_copied_from_last_year_is_flagged():
    _, r = linked_pair()
    assert r.prose["s5.problems"].copied
    assert "s5" in {f.section for f in only(r, "PROSE_SIMILAR")}
    r.prose["s5.problems"] = ProseText("本年度发现的问题：依申请公开答复文书不够规范，个别答复超期；主动公开栏目更新不及时。", False)
    assert "s5" not in {f.section for f in only(r, "PROSE_SIMILAR")}


def test_cases_without_applications_info():
    r = complete_report()
    r.values[CellKey("t4", "cases", "review_upheld")] = 1
    f = only(r, "CASES_WITHOUT_APPLICATIONS")
    assert f and f[0].severity == "info"
    r.values[t3("new")] = 1
    r.values[t3("disclosed")] = 1
    assert only(r, "CASES_WITHOUT_APPLICATIONS") == []


def test_issued_greater_than_effective_info():
    r = complete_report()
    r.values[CellKey("t2", "guifanxing", "issued")] = 4
    r.values[CellKey("t2", "guifanxing", "effective")] = 1
    assert only(r, "ISSUED_GT_EFFECTIVE")[0].severity == "info"


def test_finding_json_shape():
    r = complete_report()
    r.values[t3("new")] = 1
    d = only(r, "T3_BALANCE")[0].to_dict()
    for k in ("code", "severity", "section", "table", "row", "column", "message"):
        assert k in d
    assert d["row"] == "new" and d["column"] == "natural"
    assert "t3.results_total.natural" in d["cells"]


def test_request_sentence_agrees_with_the_prose_checks():
    from model.sentences import request_sentence

    r = complete_report()
    r.values[t3("new")] = 4
    r.values[t3("carried")] = 1
    r.values[t3("disclosed")] = 3
    r.values[t3("carry_next")] = 2
    s = request_sentence(r)
    assert s == "本年度共收到政府信息公开申请4件，上年结转1件，本年度办结3件，结转下年度继续办理2件。"
    r.set_text("s1.request", s)
    assert not [f for f in run_checks(r) if f.code.startswith("PROSE_")]
    del r.values[t3("carry_next")]
    for col in ("commercial", "research", "public_welfare", "legal_service", "other"):
        r.values.pop(t3("carry_next", col))
    assert request_sentence(r) == ""  # a blank figure is never written as 0


def test_prose_copied_from_last_year_until_edited():
    _, r = linked_pair()
    copied = [f for f in run_checks(r) if f.code == "PROSE_COPIED"]
    assert "s5.problems" in {f.part for f in copied}
    r.set_text("s5.problems", "本年度的问题：答复文书格式不统一。")
    assert "s5.problems" not in {f.part for f in run_checks(r) if f.code == "PROSE_COPIED"}


def test_number_parsing_ignores_invisible_characters_and_default_year():
    from model.report import default_report_year, parse_cell

    assert parse_cell("count", "\u200b7") == 7
    assert parse_cell("count", "１２") == 12
    assert default_report_year(dt.date(2026, 1, 20)) == 2025
    assert default_report_year(dt.date(2026, 11, 22)) == 2026


def test_report_year_in_the_future_is_flagged():
    r = complete_report(dt.date.today().year + 3)
    assert "YEAR_FUTURE" in codes(r)
    assert "YEAR_FUTURE" not in codes(complete_report(dt.date.today().year - 1))


def test_text_identical_to_last_year_counts_as_copied_again():
    _, r = linked_pair()
    original = r.text("s5.problems")
    r.set_text("s5.problems", "改写后的问题。")
    assert not r.prose["s5.problems"].copied
    r.set_text("s5.problems", original)  # e.g. the edit was undone
    assert r.prose["s5.problems"].copied
    assert "s5.problems" in {f.part for f in run_checks(r) if f.code == "PROSE_COPIED"}


def test_prose_full_of_contradicting_figures_gives_one_finding_per_code_and_part():
    """The cap: one finding per (code, part); it quotes at most MENTIONS_SHOWN different
    mentions and counts all of them (“等，共N处”), however many the prose has."""
    import re

    from model.checks import MENTIONS_SHOWN, run_checks
    from model.storage import load_report
    from tests.conftest import SAMPLES

    r = load_report(SAMPLES / "2021-上官乡.gknb")
    part = r.format.part("request") or r.format.prose[0]
    sentence = "本年度共收到政府信息公开申请{n}件，办结{n}件。"
    r.set_text(part.key, "".join(sentence.format(n=100 + i) for i in range(500)))
    found = [f for f in run_checks(r) if f.part == part.key and f.code in ("PROSE_RECEIVED", "PROSE_CLOSED")]
    assert sorted(f.code for f in found) == ["PROSE_CLOSED", "PROSE_RECEIVED"]
    for f in found:
        quotes = re.findall(r"“(?:收到政府信息公开申请|办结)\d+件”", f.message)
        assert len(quotes) == MENTIONS_SHOWN, f.message
        assert "等，共500处" in f.message, f.message
