"""The wizard driven headlessly with plain data."""

from __future__ import annotations

from model.checks import ERROR, WARNING, Finding
from model.formats import load_format
from model.wizard import REVIEW, Wizard


def test_steps_come_from_the_format():
    for fid, n in (("2021", 6), ("2019", 6)):
        w = Wizard(load_format(fid))
        assert len(w) == n + 2
        assert w.keys[0] == "s0" and w.keys[-1] == REVIEW
        assert [s.title for s in w.steps[1:-1]] == [s.heading for s in load_format(fid).sections]


def test_navigation_is_clamped():
    w = Wizard(load_format("2021"))
    assert not w.can_previous() and not w.previous()
    assert w.next() and w.current == 1
    w.go(99)
    assert w.current == len(w) - 1 and not w.can_next() and not w.next()
    w.go(-5)
    assert w.current == 0
    assert w.go_key("s3") and w.current_key == "s3"


def test_step_of_a_finding_and_states():
    w = Wizard(load_format("2021"))
    fs = [Finding("T3_BALANCE", ERROR, "x", section="s3"), Finding("BLANK_CELLS", WARNING, "y", section="s3"),
          Finding("ORGAN_MISSING", WARNING, "z")]
    assert w.step_of(fs[0]) == w.index_of("s3")
    assert w.step_of(fs[2]) == 0
    assert w.state(w.index_of("s3"), fs).text == "1个错误"
    assert w.state(0, fs).text == "1个警告" and w.state(0, fs).level == WARNING
    assert w.state(w.index_of("s2"), fs).text == "完成"
    assert w.state(w.index_of(REVIEW), fs).level == ERROR  # the review sums up
