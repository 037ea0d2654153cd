"""One set of limits for everything a report can hold, shared by the widgets, the command
line, the importers, the model setters and the project-file loader.

The rule these numbers serve: *anything that can be saved can be opened again* (and the
other way round).  The model refuses a value beyond a limit at the door with a Chinese
message (``InputError``); the loader accepts everything up to the same limits.

Widgets: ``QLineEdit.setMaxLength(ORGAN_NAME_MAX)``, ``CONTACT_MAX[field]``, ``PROSE_MAX``
for the prose editors, ``QSpinBox.setRange(YEAR_MIN, YEAR_MAX)``; text typed or pasted goes
through ``clean_text`` (the Report setters do it anyway).
"""

from __future__ import annotations

import re
from decimal import Decimal

# --------------------------------------------------------------------------- text

ORGAN_NAME_MAX = 100  # 机关全称, characters
TITLE_MAX = 200  # the clerk's own wording of the title (organ name + year + 政府信息公开工作年度报告)
CONTACT_FIELD_MAX = 200  # office, address, phone, fax (a phone field may list several numbers)
POSTCODE_MAX = 20
CONTACT_MAX: dict[str, int] = {
    "office": CONTACT_FIELD_MAX,
    "address": CONTACT_FIELD_MAX,
    "postcode": POSTCODE_MAX,
    "phone": CONTACT_FIELD_MAX,
    "fax": CONTACT_FIELD_MAX,
}
PROSE_MAX = 100_000  # per prose part (and per part of last year's prose kept for comparison)
PROSE_KEY_MAX = 100  # the key of a prose part, e.g. "s1.active"
MEMBER_TEXT_MAX = 2_000  # a text in a county summary's per-organ rows
MEMBERS_MAX = 100_000  # rows of a county summary
SOURCE_MAX = 4_096  # the file name a next-year report came from (a path)
FORMAT_ID_MAX = 40  # e.g. "2021"
FILE_NAME_MAX = 255  # one file name (not the folder), the usual limit of NTFS/ext4
# a project's own name must leave room for ``.bak`` next to it
PROJECT_FILE_NAME_MAX = FILE_NAME_MAX - len(".bak")

# --------------------------------------------------------------------------- numbers

YEAR_MIN = 2008  # 《政府信息公开条例》 in force since 2008-05-01
YEAR_MAX = 2100
# a typed count at or above this is absurd (a telephone or ID number pasted into a cell):
# cities, provinces and county summaries count in the millions (深圳市人民政府 2022 stated
# “全年共公示行政处罚4480012…”), so the bound is 1亿, not 100万
COUNT_LIMIT = 100_000_000
NUMBER_MAX = COUNT_LIMIT - 1  # the largest count a clerk can type
MONEY_LIMIT = 10_000_000  # 万元 (1000亿元): a 行政事业性收费 amount at or above this is absurd
MONEY_PLACES = 6  # 万元 to 6 places = 1分 (the format sets no rule; reports print amounts exact to the 分)
YUAN_PLACES = 2  # 信息处理费 in 元, to the 分
YUAN_LIMIT = 100_000_000  # 信息处理费 in 元: an amount at or above this (1亿元) is absurd
# what a project file may hold: sums of a county summary go beyond what one clerk types
STORED_NUMBER_MAX = 10**12
STORED_TOTAL_MAX = 10**15  # a total over cells of up to STORED_NUMBER_MAX (last year's figures)
STORED_PLACES_MAX = 6
NUMBER_TEXT_MAX = 40  # characters of one typed number (digits, separators, unit)


class InputError(ValueError):
    """A value a clerk typed or pasted cannot be accepted; ``str()`` is a Chinese message.

    (Re-exported as ``model.report.InputError``.)"""


# --------------------------------------------------------------------------- cleaning

# C0 controls other than tab and newline, DEL, C1 controls, lone surrogates, noncharacters
_BAD_MULTILINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]")
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029\x0b\x0c]")
_SINGLE_LINE_SPACE = re.compile("[\n\t]")


def clean_text(s: str, *, multiline: bool) -> str:
    """``s`` without what cannot be saved, printed or shown safely: lone surrogates,
    control characters (C0 except ``\\n`` and ``\\t`` in multi-line text, DEL, C1) and
    Unicode noncharacters.  Line breaks (``\\r\\n``, ``\\r``, U+2028 …) become ``\\n``; in
    single-line text line breaks and tabs become a space.  CJK, emoji (with their joiners
    and variation selectors) and everything else are kept.  Idempotent."""
    if s.isascii() and s.isprintable():
        return s  # the usual case, fast
    t = _LINE_BREAKS.sub("\n", s)
    if not multiline:
        t = _SINGLE_LINE_SPACE.sub(" ", t)
    return _BAD_MULTILINE.sub("", t)


# --------------------------------------------------------------------------- lengths

# kind → (limit, what it is called)
TEXT_LIMITS: dict[str, tuple[int, str]] = {
    "organ_name": (ORGAN_NAME_MAX, "单位名称"),
    "title_override": (TITLE_MAX, "报告标题"),
    "office": (CONTACT_FIELD_MAX, "联系科室"),
    "address": (CONTACT_FIELD_MAX, "地址"),
    "postcode": (POSTCODE_MAX, "邮编"),
    "phone": (CONTACT_FIELD_MAX, "电话"),
    "fax": (CONTACT_FIELD_MAX, "传真"),
    "prose": (PROSE_MAX, "每段正文"),
    "prose_key": (PROSE_KEY_MAX, "正文段落名"),
    "member": (MEMBER_TEXT_MAX, "汇总表中的文字"),
    "source": (SOURCE_MAX, "上年报告的文件名"),
    "format_id": (FORMAT_ID_MAX, "报告格式编号"),
    "file_name": (FILE_NAME_MAX, "文件名"),
    "project_file_name": (PROJECT_FILE_NAME_MAX, "项目文件名"),
}


def check_length(kind: str, text: str) -> None:
    """Raise ``InputError`` (“单位名称最多100个字，现在是600个字。”) if ``text`` is longer than
    the limit of ``kind`` (a key of ``TEXT_LIMITS``)."""
    limit, name = TEXT_LIMITS[kind]
    if len(text) > limit:
        raise InputError(f"{name}最多{limit}个字，现在是{len(text)}个字。")


def check_year(year: object) -> int:
    """The report year as an int in ``YEAR_MIN..YEAR_MAX``, else ``InputError``."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(f"报告年度应为整数，例如 2025，现在是“{str(year)[:20]}”。")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InputError(f"报告年度应在{YEAR_MIN}年至{YEAR_MAX}年之间，现在是{str(year)[:20]}年。")
    return year


def check_stored_number(value: object, what: str, limit: int = STORED_NUMBER_MAX) -> None:
    """What a project file can hold: an int or a finite Decimal, at most ``limit``
    (``STORED_NUMBER_MAX``; ``STORED_TOTAL_MAX`` for totals) in size and
    ``STORED_PLACES_MAX`` decimals."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InputError(f"{what}不是数字（{type(value).__name__}）。")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{what}不是有效的数字。")
        if abs(value) > limit:
            raise InputError(f"{what}数值过大。")
        if decimal_places(value) > STORED_PLACES_MAX:
            raise InputError(f"{what}的小数位数过多（最多{STORED_PLACES_MAX}位）。")
    elif abs(value) > limit:
        raise InputError(f"{what}数值过大。")


def decimal_places(value: Decimal) -> int:
    """Decimals of a finite ``value`` once trailing zeros are dropped, computed exactly (no
    rounding to the context's precision: 1.000…0001 with 30 zeros has 31 places)."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    i = len(digits)
    while i > 0 and digits[i - 1] == 0 and exponent < 0:
        i -= 1
        exponent += 1
    return -exponent if exponent < 0 else 0


def check_file_name(name: str, posix: bool | None = None) -> None:
    """A file's own name (not its folder): short enough for ``.bak`` next to it — NTFS
    counts 255 UTF-16 units, ext4 and most POSIX file systems 255 bytes of UTF-8."""
    import os

    posix = os.name != "nt" if posix is None else posix
    units = len(name.encode("utf-16-le", "surrogatepass")) // 2
    nbytes = len(name.encode("utf-8", "surrogatepass")) if posix else 0
    if units > PROJECT_FILE_NAME_MAX or nbytes > PROJECT_FILE_NAME_MAX:
        raise InputError(f"文件名过长（{len(name)}个字），请改用较短的文件名（不超过约{PROJECT_FILE_NAME_MAX // 3}个汉字）。")
