"""Every report the model accepts round-trips save → load to an equal report: extreme
strings (lone surrogates, control characters, emoji, text up to the limits), extreme numbers
and dates, set through the model's own doors (setters, new_report, next_year)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_storage import set_typed
from model import limits
from model.carry import next_year
from model.limits import InputError
from model.report import ORGAN_KINDS, FeeInfo, Report, new_report
from model.storage import load_report, save_report

NASTY = ["\ud800", "\udfff", "\udbff\udc00", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\r\n", "\r", "\n", "\t",
         "\u2028", "\u2029", "\ufeff", "\u200d", "\ufe0f", "😀", "👨\u200d👩\u200d👧", "\ufffe", "\uffff", "\U0010ffff",
         "\u3000", "中", "、", "“", "”", "\\", '"', "\u202e", "𠀀", "\x0b", "\x0c"]

chars = st.one_of(st.characters(), st.sampled_from(NASTY))
small_text = st.lists(chars, max_size=40).map("".join)


@st.composite
def long_text(draw: st.DrawFn, limit: int) -> str:
    """Text of a length near the limit (at, just below, just above) or short."""
    n = draw(st.sampled_from([0, 1, limit - 1, limit, limit + 1, limit // 2]))
    unit = draw(st.sampled_from(["字", "😀", "a", "\n", " ", "\x07", "\ud800", "é"]))
    body = unit * n
    if draw(st.booleans()):
        body = draw(small_text) + body[: max(0, n - 40)]
    return body


def texts(limit: int) -> st.SearchStrategy[str]:
    return st.one_of(small_text, long_text(limit))


NUMBERS = st.one_of(
    st.integers(min_value=-10, max_value=10),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.sampled_from([limits.NUMBER_MAX, limits.NUMBER_MAX + 1, limits.STORED_NUMBER_MAX,
                     limits.STORED_NUMBER_MAX + 1, -limits.STORED_NUMBER_MAX]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-(10**13), max_value=10**13, places=6),
    st.sampled_from([Decimal("1E-400"), Decimal("1E+400"), Decimal("-0"), Decimal("0.0000010"), Decimal("5.000"),
                     Decimal("1.0000000000000000000000000000001"), Decimal("999999999999.999999"), Decimal("sNaN")]),
    st.floats(), st.booleans(), st.none(), st.text(max_size=5),
)
TYPED = st.one_of(st.text(max_size=50), st.sampled_from(["1E-400", "0" * 500, "9" * 30, "1,234", "１２３", "0.0001",
                                                          "-5", "3件", "0.35万元", "1e5", "Infinity", "NaN"]))
DATES = st.one_of(st.none(), st.dates(), st.datetimes(), st.sampled_from([dt.date.min, dt.date.max]))


def _try(fn, *args) -> None:  # type: ignore[no-untyped-def]
    try:
        fn(*args)
    except InputError as e:
        assert str(e)  # refused at the door, with a message


@st.composite
def reports(draw: st.DrawFn) -> Report:
    year = draw(st.one_of(st.integers(min_value=2015, max_value=2105), st.integers()))
    kind = draw(st.sampled_from(sorted(ORGAN_KINDS) + ["martian"]))
    try:
        r = new_report(draw(texts(limits.ORGAN_NAME_MAX)), year, kind)
    except InputError:
        r = new_report("某镇人民政府", 2024)
    fmt = r.format
    _try(lambda: setattr(r, "organ_name", draw(texts(limits.ORGAN_NAME_MAX))))
    for name, limit in limits.CONTACT_MAX.items():
        if draw(st.booleans()):
            value = draw(texts(limit))
            _try(setattr, r.contact, name, value)
    _try(lambda: setattr(r, "publication_date", draw(DATES)))
    _try(lambda: setattr(r, "deadline", draw(DATES)))
    for part in draw(st.lists(st.sampled_from([p.key for p in fmt.prose]), max_size=4)):
        value = draw(texts(limits.PROSE_MAX))
        _try(r.set_text, part, value)
    cells = fmt.input_cells()
    for key in draw(st.lists(st.sampled_from(cells), max_size=8)):
        if draw(st.booleans()):
            value = draw(NUMBERS)
            _try(r.set, key, value)
        else:
            text = draw(TYPED)
            _try(set_typed, r, key, text)
    if draw(st.booleans()):
        notices, a, b = draw(NUMBERS), draw(NUMBERS), draw(NUMBERS)
        _try(lambda: setattr(r, "fee", FeeInfo(notices, a, b)))  # type: ignore[arg-type]
    if draw(st.booleans()):
        source = draw(texts(limits.SOURCE_MAX))
        try:
            r = next_year(r, source_name=source)
        except InputError:
            pass
        else:
            for part in draw(st.lists(st.sampled_from([p.key for p in r.format.prose]), max_size=2)):
                value = draw(texts(limits.PROSE_MAX))
                _try(r.set_text, part, value)
    return r


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                   HealthCheck.large_base_example])
@given(reports())
def test_every_accepted_report_round_trips(report: Report) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "r.gknb")
        save_report(report, p)  # accepted by the model: saving must work
        assert load_report(p) == report
        save_report(load_report(p), p)  # and what was opened saves again, .bak included
        assert load_report(p + ".bak") == report


def test_bounded_fuzz_of_door_and_file() -> None:
    """A few hundred inputs of ``bench/fuzz_storage.py`` (which runs 100 000)."""
    from bench.fuzz_storage import fuzz

    t = fuzz(400, seed=int.from_bytes(os.urandom(2), "big"), disk_every=20)
    assert (t.unopenable, t.crashes) == (0, 0), t.examples
    assert t.saved > 100 and t.refused_at_door > 100
