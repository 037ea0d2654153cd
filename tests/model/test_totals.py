"""model.totals: computed cells (总计 columns, the （七）总计 row) from the format's sum_of."""

from __future__ import annotations

from decimal import Decimal

from model.formats import CellKey, load_format
from model.report import new_report
from model.totals import Figures, compute_totals, table_totals
from tests.model.helpers import complete_report, t3

APPLICANTS = ("natural", "commercial", "research", "public_welfare", "legal_service", "other")


def test_every_computed_cell_gets_a_total_and_no_input_cell_does():
    for fid in ("2019", "2021"):
        fmt = load_format(fid)
        totals = compute_totals(fmt, {})
        assert set(totals) == set(k for t in fmt.tables for k in t.computed_cells())
        assert all(v is None for v in totals.values())  # nothing typed: every total is blank


def test_column_total_is_the_sum_of_its_row():
    r = new_report("测试镇人民政府", 2024)
    for i, c in enumerate(APPLICANTS, start=1):
        r.values[t3("new", c)] = i
    assert Figures(r).value(t3("new", "total")) == sum(range(1, 7))


def test_results_total_row_sums_the_result_rows_in_every_column():
    r = complete_report(2024)
    r.values[t3("disclosed", "natural")] = 4
    r.values[t3("other_nofee", "natural")] = 1
    r.values[t3("partial", "commercial")] = 2
    s = Figures(r)
    assert s.value(t3("results_total", "natural")) == 5
    assert s.value(t3("results_total", "commercial")) == 2
    # the corner: the row total of the column totals equals the column total of the row totals
    assert s.value(t3("results_total", "total")) == 7
    rows = r.format.table("t3").row("results_total").sum_of
    assert s.value(t3("results_total", "total")) == sum(s.value(t3(x, "total")) for x in rows)


def test_blanks_are_left_out_and_all_blank_stays_blank():
    r = new_report("测试镇人民政府", 2024)
    r.values[t3("new", "natural")] = 2
    s = Figures(r)
    assert s.value(t3("new", "total")) == 2  # five blanks left out of the sum
    assert s.value(t3("carried", "total")) is None  # every operand blank: blank, not 0
    assert s.value(t3("results_total", "natural")) is None
    r.values[t3("carried", "natural")] = 0
    assert Figures(r).value(t3("carried", "total")) == 0  # an entered 0 is a figure


def test_table_four_totals_per_group():
    r = complete_report(2024)
    r.values[CellKey("t4", "cases", "review_upheld")] = 2
    r.values[CellKey("t4", "cases", "review_pending")] = 1
    r.values[CellKey("t4", "cases", "after_corrected")] = 4
    s = Figures(r)
    assert s.value(CellKey("t4", "cases", "review_total")) == 3
    assert s.value(CellKey("t4", "cases", "direct_total")) == 0
    assert s.value(CellKey("t4", "cases", "after_total")) == 4


def test_input_values_pass_through_and_money_stays_decimal():
    r = complete_report(2024)
    key = CellKey("t2", "shoufei", "amount")
    r.values[key] = Decimal("0.35")
    s = Figures(r)
    assert s.value(key) == Decimal("0.35") and isinstance(s.value(key), Decimal)
    assert s.value(t3("new", "natural")) == 0
    assert s.value(CellKey("t3", "no_such_row", "natural")) is None


def test_table_totals_of_one_table_only():
    fmt = load_format("2021")
    values = {t3("new", "natural"): 1, CellKey("t4", "cases", "review_upheld"): 5}
    out = table_totals(fmt.table("t3"), values)
    assert out[t3("new", "total")] == 1
    assert not any(k.table != "t3" for k in out)
