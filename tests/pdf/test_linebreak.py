"""The Chinese line breaker: 标点避头尾, unbreakable numbers and words, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from model.pdf.linebreak import CLOSING, OPENING, SPACES, break_lines, justify_spacing


def widths(text: str, size: float = 16.0) -> list[float]:
    return [size if ord(c) > 0x2E80 else size / 2 for c in text]


def lines_of(text: str, width: float, first: float | None = None) -> list[str]:
    return [text[ln.start:ln.end] for ln in break_lines(text, widths(text), width, first)]


def test_closing_punctuation_never_starts_a_line() -> None:
    text = "保障信息的权威性、准确性以及及时性，提高信息的应用、服务水平。"
    for w in range(32, 400, 8):
        lines = lines_of(text, w)
        for line in lines[1:]:
            assert line[0] not in CLOSING, (w, lines)


def test_opening_punctuation_never_ends_a_line() -> None:
    text = "按照《政府信息公开指南》《政府信息公开目录》等，及时将相关信息逐一网上发布（含“统一管理”）。"
    for w in range(48, 400, 8):
        lines = lines_of(text, w)
        for line in lines[:-1]:
            assert line[-1] not in OPENING, (w, lines)


def test_numbers_and_words_are_not_split() -> None:
    text = "电话：0571-88538105，办结率90.9%，网址www.gov.cn。"
    for w in range(120, 400, 4):
        joined = "|".join(lines_of(text, w))
        for token in ("0571-88538105", "90.9%", "www.gov.cn"):
            assert token in joined, (w, joined)


def test_table_cell_wraps_without_comma_at_line_start() -> None:
    # a cell label that reportlab's default CJK wrapping broke before "，"
    text = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    for w in range(48, 200, 2):  # at least three characters: "（二）" itself
        for line in lines_of(text, w)[1:]:
            assert line[0] not in CLOSING


def test_first_line_indent_and_widths() -> None:
    text = "一" * 60
    lines = break_lines(text, widths(text), 160, 128)
    assert lines[0].end - lines[0].start == 8
    assert all(ln.end - ln.start == 10 for ln in lines[1:-1])
    assert lines[-1].last and not lines[0].last


def test_overlong_word_is_split_as_last_resort() -> None:
    text = "x" * 100 + "，好"
    lines = break_lines(text, widths(text), 80)
    assert "".join(text[ln.start:ln.end] for ln in lines) == text
    assert all(ln.width <= 80 + 1e-6 for ln in lines)


def test_justification_fills_the_line_but_not_the_last() -> None:
    text = "本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
    lines = break_lines(text, widths(text), 200)
    for ln in lines[:-1]:
        extra = justify_spacing(ln, text, 200, 16)
        assert abs(ln.width + extra * (ln.end - ln.start - 1) - 200) < 1e-6 or extra == 0
    assert justify_spacing(lines[-1], text, 200, 16) == 0


CJK = "政府信息公开工作年度报告主动依申请"
ALPHABET = CJK * 3 + "，。、；：？！）”》" + "（“《" + "0123456789" + "abcXYZ" + " " + ".-%"


def _plausible(text: str) -> bool:
    """At most two marks in a row (a run of ten commas has no valid break anyway)."""
    run = 0
    for ch in text:
        run = run + 1 if (ch in CLOSING or ch in OPENING) else 0
        if run > 2:
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=300).filter(_plausible), st.integers(min_value=160, max_value=500))
def test_property_kinsoku_and_nothing_lost(text: str, width: int) -> None:
    ws = widths(text)
    lines = break_lines(text, ws, width)
    # nothing lost: only spaces at line breaks may disappear
    printed = "".join(text[ln.start:ln.end] for ln in lines)
    assert printed.replace(" ", "") == text.replace(" ", "")
    for i, ln in enumerate(lines):
        line = text[ln.start:ln.end]
        if ln.end - ln.start > 1:
            assert ln.width <= width + 1e-6
        if i > 0 and line:
            assert line[0] not in CLOSING, lines
            assert line[0] not in SPACES
        if i < len(lines) - 1 and line:
            assert line[-1] not in OPENING


def test_space_before_closing_punctuation_is_not_a_break() -> None:
    """Found by the property test: '、 、！' used to put ' 、！' at the start of a line."""
    text = "00、、主、、主、 、！"
    lines = break_lines(text, widths(text), 160)
    for ln in lines[1:]:
        line = text[ln.start:ln.end]
        assert line and line[0] not in CLOSING and line[0] not in SPACES


def _check_lines(text: str, width: float) -> None:
    lines = break_lines(text, widths(text), width)
    printed = "".join(text[ln.start:ln.end] for ln in lines)
    assert printed.replace(" ", "") == text.replace(" ", "")
    for i, ln in enumerate(lines):
        line = text[ln.start:ln.end]
        if ln.end - ln.start > 1:
            assert ln.width <= width + 1e-6
        if i > 0 and line:
            assert line[0] not in CLOSING and line[0] not in SPACES, [text[x.start:x.end] for x in lines]
        if i < len(lines) - 1 and line:
            assert line[-1] not in OPENING


def test_a_run_of_spaces_before_closing_punctuation_is_not_a_break() -> None:
    """Found by the property test without the derandomised profile: two spaces before '”'
    or '、' used to start a line with a space."""
    # (a run of spaces wider than a whole line before a mark leaves no valid break: the
    # documented last resort, not tested here)
    for text in ("00000、、0、、主、“主0、、主、、主  ”、", "0、、主、、主、  、、", "主" * 9 + "   ”", "主" * 9 + " " * 15 + "、"):
        for w in (160, 176, 200, 240):
            _check_lines(text, w)


SPACY = CJK + "，。、）”》（“《" + "0123abc" + "     " + ".-%"


def _no_long_space_run(text: str) -> bool:
    return " " * 12 not in text  # 12 half-width spaces and the marks around them fit in 160


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SPACY, min_size=1, max_size=200).filter(_plausible).filter(_no_long_space_run),
       st.integers(min_value=160, max_value=400))
def test_property_with_many_spaces(text: str, width: int) -> None:
    _check_lines(text, width)
