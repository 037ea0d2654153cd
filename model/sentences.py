"""Ready sentences a clerk can insert into the prose, and the ones built from the tables.

The wording lives here, not in the window: the same sentences serve any front end, and the
numbers come from ``model.totals.Figures`` (a blank figure is never written as 0).  Which part
offers which sentence follows the parts' roles in the format file, not their keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from model.formats import CellKey, ReportFormat
from model.report import Report, fee_sentence, format_number
from model.totals import Figures

NO_FEE = "本年度未收取信息处理费。"

# (menu text, sentence) by the role of a prose part
READY_SENTENCES: dict[str, list[tuple[str, str]]] = {
    "request": [("未收到申请", "本年度未收到政府信息公开申请。")],
    "supervision": [("未发生责任追究", "本年度未发生政府信息公开工作责任追究情况。"),
                    ("考核、评议", "本机关将政府信息公开工作纳入年度绩效考核，并通过政务公开满意度测评开展社会评议。")],
    "cases_note": [("未发生复议诉讼", "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。")],
    "other_matters": [("未收取信息处理费", NO_FEE), ("无其他事项", "本年度无其他需要报告的事项。")],
}


class MenuSentence(NamedTuple):
    """One entry of a part's 插入 menu; ``make`` builds the text when it is chosen."""

    label: str
    tooltip: str
    make: Callable[[Report, Figures | None], str]


def sentence_menu(fmt: ReportFormat, part_key: str) -> list[MenuSentence]:
    """The sentences the part ``part_key`` offers: generated ones and ready ones, by role."""
    role = next((p.role for p in fmt.prose if p.key == part_key), None)
    if role is None:
        return []
    out: list[MenuSentence] = []
    rec = fmt.role_table_row("received")
    if role == "request" and rec:
        out.append(MenuSentence(f"按{fmt.table_name(rec[0])}数字生成一句", "", request_sentence))
    for label, text in READY_SENTENCES.get(role, []):
        out.append(MenuSentence(label, text, _fixed(text)))
    if role == "other_matters":
        out.append(MenuSentence("按信息处理费数字生成一句", "", _fee))
    return out


def _fixed(text: str) -> Callable[[Report, Figures | None], str]:
    return lambda _report, _sheet: text


def _fee(report: Report, _sheet: Figures | None) -> str:
    return fee_sentence(report.fee)


def request_sentence(report: Report, sheet: Figures | None = None) -> str:
    """依申请公开 summary from 表三's 总计 column: received, carried over, closed, carried
    forward.  Empty when the figures it needs are still blank."""
    fmt = report.format
    sheet = sheet or Figures(report)
    tot = fmt.role_table_row("applicant_total")
    rows = [fmt.role_table_row(r) for r in ("received", "carried_in", "results_total", "carry_out")]
    if tot is None or any(r is None for r in rows):
        return ""
    values = [sheet.value(CellKey(r[0], r[1], tot[1])) for r in rows if r is not None]
    if any(v is None for v in values):
        return ""
    rec, car, res, out = (format_number(v) for v in values)
    return f"本年度共收到政府信息公开申请{rec}件，上年结转{car}件，本年度办结{res}件，结转下年度继续办理{out}件。"


# --------------------------------------------------------------------------- reading prose
# What the prose says about the tables, sentence by sentence.  Only a sentence about
# 政府信息公开申请 (依申请公开) counts for 表三, only one about 行政复议/行政诉讼 for 表四:
# hotlines, 信访, 12345, 人大建议 and 政协提案 are not applications.  The reading is cached
# by text, so a keystroke elsewhere in the report costs nothing here.

import re  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from decimal import Decimal  # noqa: E402
from functools import lru_cache  # noqa: E402

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUM = r"(\d+|[零〇一二两三四五六七八九十百千万]+)"
UNIT = r"\s*(?:件|个|份|条|宗|起|次)"


def cn_number(text: str) -> int | None:
    """12, “十二”, “一百零五”, “两” as an int; None when it is no number."""
    t = text.strip()
    if t.isdigit():
        return int(t)
    if not t or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in t):
        return None
    total, section, digit = 0, 0, None
    for ch in t:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            unit = CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
    return total + section + (digit or 0)


_SPLIT = re.compile(r"[。；;！？!?\n]")
NOT_APPLICATION = re.compile(r"热线|信访|12345|人大|政协|提案|来电|工单|网络问政|市长信箱|县长信箱|书记信箱")
_APPLICATION = re.compile(r"申请")
_CASES = re.compile(r"复议|诉讼")


@dataclass(frozen=True)
class Mention:
    """One statement of the prose: ``what`` it is about, the ``value`` stated, the words."""

    what: str  # received / none / closed / rate / result:<group> / percent / t4_none / t4_upheld / t4_review / t4_suit
    value: Decimal
    quote: str
    base: Decimal | None = None  # percent: the count the percentage is of


RESULT_GROUPS = {  # what the prose calls it → 表三 row-key prefixes
    "予以公开及部分公开": ("disclosed", "partial"),
    "予以公开": ("disclosed",),
    "部分公开": ("partial",),
    "不予公开": ("refused_",),
    "无法提供": ("unable_",),
    "不予处理": ("notproc_",),
    "其他处理": ("other",),
    "结转下年度": ("carry_next",),
}
_RESULT = re.compile(r"(予以公开(?:及|和|、)部分公开|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|结转下年度(?:继续办理)?)"
                     r"[^。；，,\d]{0,4}?" + NUM + UNIT)
_RECEIVED = [
    re.compile(r"(?:收到|受理|新收|接收|接到)[^。；]{0,40}?申请[^。；，,\d]{0,12}?" + NUM + UNIT),
    re.compile(r"(?:收到|受理|新收|接收|接到)[^。；，,\d]{0,30}?" + NUM + r"\s*(?:件|份|个|条)[^。；，,\d]{0,12}?申请"),
]
_NONE = re.compile(r"(?:未|没有)(?:收到|受理|接到|接收|产生|发生)[^。；，,\d]{0,24}?申请|(?:没有|无)依申请公开")
# “答复政府信息公开申请805件” is the number closed; “答复申请人” is not a count of applications
_CLOSED = re.compile(r"(?:办结|完成答复|答复(?:了)?(?:政府信息公开|信息公开|依申请公开)?申请(?!人))[^。；，,\d率]{0,14}?"
                     + NUM + r"\s*(?:件|个|份|条)")
_RATE = re.compile(r"办结率[^。；，,\d]{0,4}?(\d+(?:\.\d+)?)\s*[%％]")
_PERCENT = re.compile(NUM + r"\s*(?:件|个|份|条)[，,、]?\s*(?:占|约占)[^。；，,\d]{0,8}?(\d+(?:\.\d+)?)\s*[%％]")
_T4_NONE = re.compile(r"(?:未|没有|无)(?:发生|出现|产生|收到|接到)?[^。；，,\d]{0,20}?(?:行政复议|行政诉讼)")
_T4_UPHELD = re.compile(r"均(?:获|被|予|已)?维持|全部(?:获|被|予)?维持|全部胜诉|均胜诉")
_T4_REVIEW = re.compile(r"行政复议(?:案件|申请)?[^。；，,\d]{0,4}?" + NUM + UNIT)
_T4_SUIT = re.compile(r"(?<!复议)(?:行政)?诉讼(?:案件)?[^。；，,\d]{0,4}?" + NUM + UNIT)


def sentences(text: str) -> list[str]:
    return [s for s in (x.strip() for x in _SPLIT.split(text)) if s]


def _num(s: str) -> Decimal | None:
    n = cn_number(s)
    return None if n is None else Decimal(n)


@lru_cache(maxsize=512)
def mentions(text: str) -> tuple[Mention, ...]:
    """Everything the text says about 表三 and 表四, in order."""
    out: list[Mention] = []
    about = False  # the sentence before was about applications (a “其中，…” goes on with it)
    for s in sentences(text):
        if NOT_APPLICATION.search(s):
            about = False
            continue
        cases = bool(_CASES.search(s))
        about = bool(_APPLICATION.search(s) or _RESULT.search(s) or (about and s.startswith("其中")))
        if about:
            out += _application_mentions(s, cases)
        if cases:
            out += _case_mentions(s)
    return tuple(out)


def _application_mentions(s: str, cases: bool) -> list[Mention]:
    out: list[Mention] = []
    seen: set[int] = set()
    for rx in _RECEIVED:
        for m in rx.finditer(s):
            if cases and _CASES.search(m.group(0)):
                continue  # 收到行政复议申请2件 is about 表四
            v = _num(m.group(1))
            if v is not None and m.start() not in seen:
                seen.add(m.start())
                out.append(Mention("received", v, m.group(0)))
    m0 = _NONE.search(s)
    if m0 and not (cases and _CASES.search(m0.group(0))):
        out.append(Mention("none", Decimal(0), m0.group(0)))
    for m in _CLOSED.finditer(s):
        v = _num(m.group(1))
        if v is not None:
            out.append(Mention("closed", v, m.group(0)))
    for m in _RATE.finditer(s):
        out.append(Mention("rate", Decimal(m.group(1)), m.group(0)))
    for m in _RESULT.finditer(s):
        v = _num(m.group(2))
        name = re.sub(r"(?:和|、)", "及", m.group(1)).replace("继续办理", "")
        if v is not None and name in RESULT_GROUPS:
            out.append(Mention("result:" + name, v, m.group(0)))
    for m in _PERCENT.finditer(s):
        v = _num(m.group(1))
        if v is not None:
            out.append(Mention("percent", Decimal(m.group(2)), m.group(0), base=v))
    return out


def _case_mentions(s: str) -> list[Mention]:
    out: list[Mention] = []
    m = _T4_NONE.search(s)
    if m:
        out.append(Mention("t4_none", Decimal(0), m.group(0)))
    m = _T4_UPHELD.search(s)
    if m:
        out.append(Mention("t4_upheld", Decimal(0), s[max(0, m.start() - 24):m.end()]))
    for rx, what in ((_T4_REVIEW, "t4_review"), (_T4_SUIT, "t4_suit")):
        for m in rx.finditer(s):
            v = _num(m.group(1))
            if v is not None:
                out.append(Mention(what, v, m.group(0)))
    return out
