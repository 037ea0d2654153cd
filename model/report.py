"""The report being prepared: organ, year, format, contact, prose, structured fee figures
and every table cell.  Blank is not 0: a cell nobody filled is simply absent from
``Report.values``; an entered 0 is stored as 0.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from model import limits, organs
from model.formats import CellKey, ReportFormat, format_for_year, latest_format, load_format
from model.limits import (
    COUNT_LIMIT,
    MONEY_LIMIT,
    MONEY_PLACES,
    YUAN_LIMIT,
    YUAN_PLACES,
    InputError,
    check_length,
    check_year,
    clean_text,
)

Number = int | Decimal

# the organ kinds and their powers live in model/organs.py (data); these views are for callers
ORGAN_KINDS: dict[str, str] = {k.key: k.label for k in organs.KINDS}
# organ kinds that are a 人民政府 (must report 工作考核、社会评议和责任追究结果)
GOVERNMENT_KINDS = {k.key for k in organs.KINDS if k.government}
# organ kinds known to have no power to make 规章 (其他: not known, so not checked)
NO_RULES_KINDS = {k.key for k in organs.KINDS if k.rules is False}


@dataclass
class Contact:
    """Setting a field cleans it (``limits.clean_text``) and refuses one beyond
    ``limits.CONTACT_MAX`` with ``InputError``."""

    office: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    fax: str = ""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in limits.CONTACT_MAX:
            value = _single_line(value, name)
        super().__setattr__(name, value)


@dataclass
class ProseText:
    """Setting the text cleans it and refuses one beyond ``limits.PROSE_MAX``."""

    text: str = ""
    copied: bool = False  # carried from last year's report and not edited since

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "text":
            if not isinstance(value, str):
                raise InputError("正文应为文字。")
            value = clean_text(value, multiline=True)
            check_length("prose", value)
        elif name == "copied":
            value = bool(value)
        super().__setattr__(name, value)


# the structured 信息处理费 figures, as the ``part`` of findings about them; not a part of any
# format: they are edited beside the part with role "other_matters" (六、其他需要报告的事项)
FEE_PART = "fee"


@dataclass
class FeeInfo:
    """Section 六: 信息处理费 (国办函〔2020〕109号), amounts in 元."""

    notices: int | None = None
    amount_notified: Decimal | None = None
    amount_collected: Decimal | None = None

    def is_blank(self) -> bool:
        return self.notices is None and self.amount_notified is None and self.amount_collected is None

    def __setattr__(self, name: str, value: Any) -> None:
        """Figures a project file can hold (``limits.check_stored_number``), else ``InputError``;
        what a clerk may type is narrower (``parse_yuan``)."""
        if value is not None:
            if name == "notices":
                if isinstance(value, bool) or not isinstance(value, int):
                    raise InputError("收费通知件数应为整数。")
                limits.check_stored_number(value, "收费通知件数")
            elif name in ("amount_notified", "amount_collected"):
                if isinstance(value, int) and not isinstance(value, bool):
                    value = Decimal(value)
                if not isinstance(value, Decimal):
                    raise InputError("信息处理费金额应为数字。")
                limits.check_stored_number(value, "信息处理费金额")
        super().__setattr__(name, value)


@dataclass
class PreviousYear:
    """What the new report keeps of last year's: figures to cross-check and prose to compare."""

    year: int
    format_id: str
    source: str = ""  # file name it came from
    carry_out: dict[str, int] = field(default_factory=dict)  # 表三 结转下年度继续办理 per column
    received_total: int | None = None  # 表三 一、本年新收 总计
    effective: dict[str, int] = field(default_factory=dict)  # 表二 现行有效件数 per row (2021 format)
    prose: dict[str, str] = field(default_factory=dict)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "source" and isinstance(value, str):
            value = clean_text(value, multiline=False)
            check_length("source", value)
        super().__setattr__(name, value)


@dataclass
class Report:
    organ_name: str = ""
    organ_kind: str = "township"
    year: int = 2025
    format_id: str = ""  # "": the format for the year (set before this field)
    contact: Contact = field(default_factory=Contact)
    publication_date: dt.date | None = None
    deadline: dt.date | None = None  # None: 1月31日 of the following year
    title_override: str = ""  # the clerk's wording of the title; "": organ + year + 政府信息公开工作年度报告
    prose: dict[str, ProseText] = field(default_factory=dict)
    fee: FeeInfo = field(default_factory=FeeInfo)
    values: dict[CellKey, Number] = field(default_factory=dict)
    previous: PreviousYear | None = None
    # county summary only (model.xlsx.merge): one row per merged report, plain JSON values
    members: list[dict[str, Any]] = field(default_factory=list)

    def __setattr__(self, name: str, value: Any) -> None:
        """The door: the organ name is cleaned and at most ``limits.ORGAN_NAME_MAX``, the
        year within ``limits.YEAR_MIN..YEAR_MAX``, the organ kind and format known; else
        ``InputError`` with a Chinese message and nothing changed."""
        if name in ("organ_name", "title_override"):
            value = _single_line(value, name)
            if name == "title_override":
                value = value.strip()
        elif name == "year":
            value = check_year(value)
        elif name == "organ_kind" and value not in ORGAN_KINDS:
            raise InputError(f"未知的机关类型：{str(value)[:40]}")
        elif name == "format_id":
            if value == "":
                value = _format_for(self.year).id
            check_format_id(value)
        elif name in ("publication_date", "deadline") and value is not None:
            if isinstance(value, dt.datetime):
                value = value.date()
            elif not isinstance(value, dt.date):
                raise InputError("日期无效。")
        super().__setattr__(name, value)

    @property
    def format(self) -> ReportFormat:
        return load_format(self.format_id)

    @property
    def title(self) -> str:
        """The title as printed: the clerk's ``title_override`` if any, else the usual one."""
        return self.title_override.strip() or self.default_title

    @property
    def default_title(self) -> str:
        return f"{self.organ_name}{self.year}年政府信息公开工作年度报告"

    def override_for(self, typed: str) -> str:
        """What ``title_override`` becomes when the clerk types ``typed`` as the title: the
        usual wording typed out (or nothing) is no override, so the title keeps following
        the organ name and the year."""
        text = _single_line(typed, "title_override").strip()
        return "" if text == self.default_title else text

    def effective_deadline(self) -> dt.date:
        return self.deadline or dt.date(self.year + 1, 1, 31)

    def text(self, part: str) -> str:
        p = self.prose.get(part)
        return p.text if p else ""

    def set_text(self, part: str, text: str) -> None:
        """Store a prose part; it counts as copied while it is exactly last year's text
        (so undoing an edit back to last year's words brings the marker back).  The text
        is cleaned; beyond ``limits.PROSE_MAX`` it is refused with ``InputError``."""
        part = clean_text(part, multiline=False)
        check_length("prose_key", part)
        text = clean_text(text, multiline=True)
        check_length("prose", text)
        last = self.previous.prose.get(part) if self.previous is not None else None
        self.prose[part] = ProseText(text, bool(text.strip()) and text == last)

    def get(self, key: CellKey) -> Number | None:
        return self.values.get(key)

    def set(self, key: CellKey, value: Number | None) -> None:
        """Set an input cell; ``None`` makes it blank again."""
        if not self.format.has_cell(key):
            raise KeyError(f"{key.as_text()} 不是{self.format.name}中的单元格")
        if self.format.is_computed(key):
            raise KeyError(f"{key.as_text()} 是自动计算的单元格，不能填写")
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = check_value(value)


def _single_line(value: Any, kind: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{limits.TEXT_LIMITS[kind][1]}应为文字。")
    value = clean_text(value, multiline=False)
    check_length(kind, value)
    return value


def check_value(value: Any, what: str = "单元格") -> Number:
    """A number a report (and so a project file) can hold, else ``InputError``."""
    limits.check_stored_number(value, what)
    return value  # type: ignore[no-any-return]


def check_format_id(format_id: Any) -> None:
    if not isinstance(format_id, str) or len(format_id) > limits.FORMAT_ID_MAX:
        raise InputError(f"报告格式编号无效：“{str(format_id)[:limits.FORMAT_ID_MAX]}”。")
    try:
        load_format(format_id)
    except (KeyError, OSError, ValueError):
        raise InputError(f"本程序不认识报告格式“{format_id}”。") from None


def _format_for(year: int) -> ReportFormat:
    try:
        return format_for_year(year)
    except ValueError:
        return latest_format()


def default_report_year(today: dt.date | None = None) -> int:
    """The year a clerk most likely reports on: last year until the end of March (reports
    are due by 1月31日), the current year from April on (drafting starts in December)."""
    today = today or dt.date.today()
    return today.year - 1 if today.month <= 3 else today.year


def new_report(organ_name: str, year: int, organ_kind: str = "township") -> Report:
    """An empty report for an organ and year; the format is chosen from the year."""
    check_year(year)
    try:
        fmt = format_for_year(year)
    except ValueError as e:
        raise InputError(str(e)) from None
    if organ_kind not in ORGAN_KINDS:
        raise InputError(f"未知的机关类型：{organ_kind}")
    return Report(organ_name=clean_text(organ_name, multiline=False).strip(), organ_kind=organ_kind, year=year,
                  format_id=fmt.id)


# ---------------------------------------------------------------------------------------
# parsing what a clerk types or pastes

_SPACES = re.compile(r"[\s\u3000\u00a0,，]+")
_EXPONENT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+(万元|件)?")


def normalise_number_text(text: str) -> str:
    """Full-width digits and signs to ASCII, thousands separators and spaces removed."""
    t = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
    t = t.replace("−", "-").replace("－", "-").replace("—", "-")
    return _SPACES.sub("", t)


def parse_cell(kind: str, text: str) -> Number | None:
    """Parse one cell's text for a column of ``kind``; empty text is blank (``None``).

    Raises ``InputError`` with a Chinese message for anything else.
    """
    raw = text
    t = normalise_number_text(text)
    if t == "":
        return None
    shown = raw.strip()[:20]
    if len(t) > limits.NUMBER_TEXT_MAX:
        raise InputError(f"“{shown}…”太长，不是一个合理的数字。")
    if _EXPONENT.fullmatch(t):
        raise InputError(f"“{shown}”是科学记数法，请直接填写数字，例如 0.35 或 1200。")
    if kind == "money":
        if t.endswith("万元"):
            t = t[:-2]
        if not re.fullmatch(r"\d+(\.\d+)?", t):
            if re.fullmatch(r"-\d+(\.\d+)?", t):
                raise InputError(f"金额不能为负数：“{shown}”。")
            raise InputError(f"“{shown}”不是金额。请填写以万元为单位的数字，最多{MONEY_PLACES}位小数，例如 0.35。")
        d = Decimal(t)
        exponent = d.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MONEY_PLACES:
            raise InputError(f"金额“{shown}”的小数超过{MONEY_PLACES}位（1分＝0.000001万元）。")
        if d >= MONEY_LIMIT:
            raise InputError(f"金额“{shown}”大得不合理，请核对单位（万元）。")
        return d
    signed = kind == "signed"
    if t.endswith("件"):
        t = t[:-1]
    if re.fullmatch(r"[+-]?\d+\.0*", t):
        t = t.split(".")[0]
    if not re.fullmatch(r"[+-]?\d+", t):
        if re.fullmatch(r"[+-]?\d+\.\d+", t):
            raise InputError(f"“{shown}”不是整数。件数只能填写整数。")
        raise InputError(f"“{shown}”不是数字。件数只能填写整数，例如 0、3、12。")
    n = int(t)
    if n < 0 and not signed:
        raise InputError(f"件数不能为负数：“{shown}”。只有“本年增/减”可以填负数。")
    if abs(n) >= COUNT_LIMIT:
        raise InputError(f"“{shown}”大得不合理：件数最多{COUNT_LIMIT - 1}（不到1亿）。"
                         "请核对，是否粘贴了电话号码、证件号码等；填写件数。")
    return n


def format_number(value: Number | None) -> str:
    """How a cell value is shown and printed: blank stays empty, 0 prints as 0."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return format(value.normalize(), "f")
    return str(value)


def fee_sentence(fee: FeeInfo) -> str:
    """The standard sentence of section 六 built from the structured 信息处理费 figures."""
    if fee.notices is None:
        return ""
    if fee.notices == 0:
        return "本年度未发出信息处理费收费通知，未收取信息处理费。"
    notified = format_number(fee.amount_notified) if fee.amount_notified is not None else "（未填写）"
    text = (f"本年度依据《政府信息公开信息处理费管理办法》发出收费通知{fee.notices}件，"
            f"通知收费金额共计{notified}元，")
    if not fee.amount_collected:
        return text + "实际未收取信息处理费。"
    return text + f"实际收取信息处理费共计{format_number(fee.amount_collected)}元。"


def parse_yuan(text: str) -> Decimal | None:
    """An amount of 信息处理费 in 元 (section 六): up to 2 decimals, not negative."""
    t = normalise_number_text(text)
    if t == "":
        return None
    shown = text.strip()[:20]
    if len(t) > limits.NUMBER_TEXT_MAX:
        raise InputError(f"“{shown}…”太长，不是一个合理的金额。")
    if _EXPONENT.fullmatch(t):
        raise InputError(f"“{shown}”是科学记数法，请直接填写金额，例如 150.5。")
    if t.endswith("元"):
        t = t[:-1]
    if not re.fullmatch(rf"\d+(\.\d{{1,{YUAN_PLACES}}})?", t):
        if re.fullmatch(rf"\d+\.\d{{{YUAN_PLACES + 1},}}", t):
            raise InputError(f"金额“{shown}”的小数超过2位（精确到分即可）。")
        raise InputError(f"“{shown}”不是金额。请填写以元为单位的数字，例如 0 或 150.5。")
    d = Decimal(t)
    if d >= YUAN_LIMIT:
        raise InputError(f"金额“{shown}”大得不合理：信息处理费以元为单位，不到1亿元。请核对数字和单位。")
    return d
