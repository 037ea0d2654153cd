"""Property tests: consistency survives save/load; a broken identity is reported at its column."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from model.checks import run_checks
from model.formats import CellKey, load_format
from model.storage import dumps, loads
from model.totals import Figures
from tests.model.helpers import complete_report

T3_21 = load_format("2021").table("t3")
APPLICANT_COLS = [c.key for c in T3_21.blocks[0].columns if not c.computed]
RESULT_ROWS = [r.key for r in T3_21.rows() if r.path and not r.computed]


@st.composite
def consistent_reports(draw):
    """A 2021 report whose 表三 satisfies 一+二 = 三（七）+四 in every column."""
    r = complete_report(draw(st.integers(2021, 2030)))
    for col in APPLICANT_COLS:
        results = {row: draw(st.integers(0, 40)) for row in draw(st.lists(st.sampled_from(RESULT_ROWS), max_size=4, unique=True))}
        carry_next = draw(st.integers(0, 10))
        total = sum(results.values()) + carry_next
        carried = draw(st.integers(0, total))
        r.values[CellKey("t3", "carried", col)] = carried
        r.values[CellKey("t3", "new", col)] = total - carried
        r.values[CellKey("t3", "carry_next", col)] = carry_next
        for row, v in results.items():
            r.values[CellKey("t3", row, col)] = v
    return r


@settings(max_examples=150, deadline=None)
@given(consistent_reports())
def test_consistent_table_stays_consistent_through_save_and_load(r):
    assert not [f for f in run_checks(r) if f.code == "T3_BALANCE"]
    back = loads(dumps(r))
    assert back.values == r.values
    assert not [f for f in run_checks(back) if f.code == "T3_BALANCE"]
    assert Figures(back).totals == Figures(r).totals


@settings(max_examples=200, deadline=None)
@given(consistent_reports(), st.sampled_from(APPLICANT_COLS), st.sampled_from(["new", "carried", "carry_next"] + RESULT_ROWS),
       st.integers(1, 50))
def test_single_cell_change_that_breaks_identity_is_reported_at_that_column(r, col, row, delta):
    key = CellKey("t3", row, col)
    r.values[key] = r.values.get(key, 0) + delta
    found = [f for f in run_checks(r) if f.code == "T3_BALANCE"]
    assert {f.column for f in found} == {col, "total"}
    f = next(f for f in found if f.column == col)
    assert abs(f.difference) == delta
    assert key in f.cells or row in RESULT_ROWS  # result rows act through （七）总计
