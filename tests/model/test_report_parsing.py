"""model.report parsing: what a clerk types or pastes into a cell (``parse_cell``) and into
the 信息处理费 fields (``parse_yuan``), case by case."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from model.limits import InputError
from model.report import format_number, parse_cell, parse_yuan

CHINESE = re.compile(r"[\u4e00-\u9fff]")

ACCEPTED = [
    # kind, typed, value
    ("count", "", None),
    ("count", "   ", None),
    ("count", "\u3000", None),
    ("count", "0", 0),
    ("count", "12", 12),
    ("count", " 12 ", 12),
    ("count", "12件", 12),
    ("count", "１２", 12),  # full-width digits
    ("count", "１２件", 12),
    ("count", "1,200", 1200),
    ("count", "1，200", 1200),  # full-width comma
    ("count", "1 200", 1200),
    ("count", "3.0", 3),
    ("count", "3.", 3),
    ("count", "+3", 3),
    ("count", "\u200b7", 7),  # zero-width space from a web page
    ("signed", "-8", -8),
    ("signed", "－8", -8),  # full-width minus
    ("signed", "−8", -8),  # U+2212 minus sign
    ("signed", "—8", -8),  # em dash, as typed with some input methods
    ("signed", "+5", 5),
    ("signed", "-8件", -8),
    ("money", "0", Decimal("0")),
    ("money", "0.35", Decimal("0.35")),
    ("money", "0.35万元", Decimal("0.35")),
    ("money", "１２.５", Decimal("12.5")),
    ("money", "0.0001", Decimal("0.0001")),  # 1元
    ("money", "190.457379", Decimal("190.457379")),  # 遂溪县北坡镇 2022: exact to the 分, as published
    ("money", "1,234.5", Decimal("1234.5")),
]


@pytest.mark.parametrize(("kind", "text", "value"), ACCEPTED)
def test_accepted(kind, text, value):
    got = parse_cell(kind, text)
    assert got == value and type(got) is type(value)


REFUSED = [
    # kind, typed, a word the message must contain
    ("count", "abc", "不是数字"),
    ("count", "1.5", "不是整数"),
    ("count", "-1", "不能为负数"),
    ("count", "－1", "不能为负数"),
    ("count", "12万元", "不是数字"),  # a money unit in a count column
    ("count", "1e3", "科学记数法"),
    ("count", "100000000", "大得不合理"),  # 1亿: no organ decides as many in a year
    ("count", "13912345678", "大得不合理"),  # a telephone number pasted into a count
    ("count", "13912345678", "最多99999999"),  # and the message says what a count may be
    ("signed", "-100000000", "最多99999999"),
    ("signed", "-100000000", "大得不合理"),
    ("signed", "1.5", "不是整数"),
    ("money", "-0.5", "不能为负数"),
    ("money", "0.0000001", "超过6位"),  # a 7th decimal place is below 1分
    ("money", "100,000,000", "大得不合理"),
    ("money", "100,000,000", "单位"),
    ("money", "0.35元", "不是金额"),  # 元 is not the unit of the column
    ("money", "1.2E-3", "科学记数法"),
    ("money", "十元", "不是金额"),
    ("count", "9" * 41, "太长"),
    ("count", "9" * 4301, "太长"),  # beyond Python's int() digit limit: still our message
    ("signed", "-" + "9" * 5000, "太长"),
    ("money", "1" * 4400 + ".5", "太长"),
]


@pytest.mark.parametrize(("kind", "text", "word"), REFUSED)
def test_refused_with_a_chinese_message(kind, text, word):
    with pytest.raises(InputError) as e:
        parse_cell(kind, text)
    msg = str(e.value)
    assert word in msg and CHINESE.search(msg)
    assert len(msg) < 200  # the typed text is shortened in the message


def test_huge_digit_strings_never_reach_int():
    """int() of 4,300+ digits raises a plain ValueError; parse_cell answers first, in Chinese."""
    with pytest.raises(ValueError) as raw:
        int("9" * 4301)
    assert not isinstance(raw.value, InputError)
    for kind in ("count", "signed", "money"):
        with pytest.raises(InputError):
            parse_cell(kind, "9" * 4301)


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, t, v in ACCEPTED if v is not None])
def test_what_is_shown_parses_back_to_the_same_value(kind, text):
    v = parse_cell(kind, text)
    assert parse_cell(kind, format_number(v)) == v


@pytest.mark.parametrize(("text", "value"), [("", None), ("0", Decimal(0)), ("150.5", Decimal("150.5")),
                                             ("150.50元", Decimal("150.50")), ("１,２００", Decimal(1200))])
def test_yuan_accepted(text, value):
    assert parse_yuan(text) == value


@pytest.mark.parametrize(("text", "word"), [("1.234", "超过2位"), ("-5", "不是金额"), ("abc", "不是金额"),
                                            ("100000000", "大得不合理")])
def test_yuan_refused(text, word):
    with pytest.raises(InputError, match=word):
        parse_yuan(text)


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("count", "4480012", 4480012),  # 深圳市人民政府 2022: “全年共公示行政处罚4480012…”
    ("count", "11,398,889", 11398889),  # a city's 行政许可 decisions in a year
    ("money", "316441", Decimal(316441)),  # a city's 行政事业性收费 in 万元
])
def test_city_and_province_figures_in_the_millions_are_accepted(kind, text, value):
    """Cities and provinces (and a county summary) count in the millions; refusing them
    would leave such an organ unable to enter its own table."""
    assert parse_cell(kind, text) == value
