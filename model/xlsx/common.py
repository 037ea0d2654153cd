"""Reading .xlsx files safely and normalising what clerks type into them.

``open_grids(path)`` is the only way the importers read a workbook:

* the file is checked before openpyxl sees it: it must be a ZIP with the parts of an
  .xlsx; a renamed text file, an old .xls, a password-protected file or random bytes
  are rejected with a Chinese message; the uncompressed sizes in the ZIP directory are
  summed and capped (zip bombs), as are the number of parts and the compression ratio;
* the work is bounded before anything is parsed: the shared strings, styles and
  workbook parts are counted (openpyxl reads them whole), every scanned sheet part is
  pre-read once as bytes (cells and tags counted, merged ranges collected); a workbook
  over ``MAX_CELLS`` cells, ``MAX_SHARED_STRINGS`` strings, ``MAX_MERGES`` merged ranges
  of a sheet or the markup caps, or with overlapping merged ranges, is refused with a
  Chinese message; merged ranges are clipped to the filled part of the sheet;
* only the rows and columns allowed by the ``ReadLimits`` are read (tables:
  ``MAX_ROWS`` × ``MAX_COLS``, more is a note; the ledger: ``LEDGER_MAX_ROWS`` rows, more
  is an error), so a huge sheet costs little;
* a ``progress(done, total)`` callback may be given; returning False cancels (raises
  ``Cancelled``);
* sheet parts are parsed by a small expat reader (``_SheetParser``; openpyxl supplies the
  shared strings and which styles are dates), in one pass: values, formula text and the
  value Excel cached for each formula;
* formulas are never evaluated: a formula cell yields the value Excel cached when it
  last saved the file, or is reported;
* external links are not followed (``keep_links=False``) and cells whose formula points
  into another workbook are reported.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zlib import error as zlib_error

from model.files import read_error_message

MAX_ROWS = 2000  # tables: they sit at the top of a sheet
MAX_COLS = 80
LEDGER_MAX_ROWS = 100_000  # the ledger: one row per application; more is refused, never cut
MAX_SHEETS = 50
MAX_CELLS = 1_000_000  # cell elements in all scanned sheet parts together
MAX_SHARED_STRINGS = 200_000
MAX_MARKUP = 6_000_000  # XML tags in all scanned sheet parts together (rows, cells, formats …)
MAX_MERGES = 50_000  # merged ranges of one sheet
MAX_BOOK_MARKUP = 150_000  # XML tags of styles.xml and workbook.xml each (Excel allows 64,000 cell formats)
MAX_STRINGS_MARKUP = 3_000_000  # XML tags of the shared strings
MAX_PARTS = 5000
MAX_UNCOMPRESSED = 150 * 1024 * 1024  # all parts together
MAX_PART = 80 * 1024 * 1024  # one part
MAX_RATIO = 200  # uncompressed / compressed for any part above 1 MB
MAX_FILE = 60 * 1024 * 1024


class XlsxError(Exception):
    """The workbook cannot be read at all; ``str()`` is a Chinese message."""


class Cancelled(Exception):  # noqa: N818 - not an error: the clerk pressed 取消
    """The ``progress`` callback asked to stop; nothing was changed."""


Progress = Callable[[int, int], bool]
"""``progress(done, total)``: called now and then during long work; False cancels."""


@dataclass(frozen=True)
class ReadLimits:
    """How much of each worksheet is read.

    ``overflow_error``: a sheet with filled cells below ``max_rows`` is an error (the
    caller reports it as a problem) instead of a note; cells right of ``max_cols`` are
    always only a note."""

    max_rows: int = MAX_ROWS
    max_cols: int = MAX_COLS
    read_merges: bool = True
    overflow_error: bool = False


TABLE_LIMITS = ReadLimits()
LEDGER_LIMITS = ReadLimits(max_rows=LEDGER_MAX_ROWS, max_cols=40, read_merges=False, overflow_error=True)


def tick(progress: Progress | None, done: int, total: int) -> None:
    """Report progress; raise ``Cancelled`` if the callback returns False."""
    if progress is not None and progress(done, max(total, done, 1)) is False:
        raise Cancelled()


# --------------------------------------------------------------------------- text


_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "", "’": "", "'": "", "、": ".", "。": ".", "，": ","})
_ENUM = re.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+\.|\(\d+\)|\d+\.|\d+\))")
_PAREN = re.compile(r"\([^()]*\)")
_SPACE = re.compile(r"\s+")


def norm(text: Any) -> str:
    """Label text for comparison: NFKC (full-width to ASCII), no whitespace or line
    breaks, no quotation marks, 、 and ． as “.”, （） as ()."""
    if text is None:
        return ""
    return _norm(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = _SPACE.sub("", t)
    t = t.translate(_QUOTES)
    return t.rstrip(":")


def strip_enum(t: str) -> str:
    """A normalised label without its leading enumeration (（一）, 1., 一.)."""
    return _ENUM.sub("", t, count=1)


def without_parens(t: str) -> str:
    """A normalised label without parenthesised parts (units, remarks)."""
    return _PAREN.sub("", t)


def col_letter(c: int) -> str:
    s = ""
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def cell_name(r: int, c: int) -> str:
    return f"{col_letter(c)}{r}"


def clipped(v: Any, limit: int = 30) -> str:
    t = str(v).replace("\n", " ").strip()
    return t if len(t) <= limit else t[: limit - 1] + "…"


# --------------------------------------------------------------------------- writing


# characters an .xlsx cannot hold: C0 controls except tab/LF/CR, U+FFFE/U+FFFF, and
# surrogates (a str holding one is a lone surrogate, which cannot be encoded)
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32767  # Excel's limit for one cell


def writable_text(text: str) -> str:
    """``text`` without the characters an .xlsx cannot hold (see ``_UNWRITABLE``), line
    breaks as LF (an XML reader turns a bare CR into LF anyway), cut to Excel's 32,767
    characters per cell."""
    t = _UNWRITABLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return t if len(t) <= MAX_CELL_TEXT else t[: MAX_CELL_TEXT - 1] + "…"


def put(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell so that opening the file is safe.

    Every writer of an .xlsx goes through this.  Text is always a text cell, never a
    formula or an error value, even when it starts with =, +, -, @, tab or CR (such text
    also gets Excel's “quote prefix”, so editing the cell in Excel keeps it text); the
    visible text is what was given, minus characters an .xlsx cannot hold.  Numbers stay
    numbers (a negative number is a number cell); ``None`` leaves the cell empty;
    anything else (e.g. from a damaged file) is written as its text."""
    import datetime as _dt
    from decimal import Decimal as _Decimal

    if value is None:
        cell.value = None
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    elif isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        value = str(value)
    elif isinstance(value, _Decimal) and not value.is_finite():
        value = str(value)
    if isinstance(value, (int, float, _Decimal, _dt.date, _dt.datetime, _dt.time)):
        cell.value = value
        return
    text = writable_text(value if isinstance(value, str) else str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl makes “=…” a formula and “#REF!” an error value
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def safe_property(text: str) -> str:
    """Text for a workbook property (title, subject): no unwritable characters."""
    return writable_text(text)[:255]


# --------------------------------------------------------------------------- file checks


def check_package(path: str | Path) -> None:
    """Reject anything that is not a sane .xlsx before openpyxl reads it."""
    p = Path(path)
    try:
        size = p.stat().st_size
        with p.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise XlsxError(read_error_message(e, p, "Excel文件")) from None
    if size == 0:
        raise XlsxError(f"“{p.name}”是空文件，不是Excel表格。")
    if size > MAX_FILE:
        raise XlsxError(f"“{p.name}”过大（{size // 1024 // 1024} MB），不像年报表格，已拒绝读取。")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise XlsxError(f"“{p.name}”是旧版 Excel（.xls）文件或受密码保护的文件。请在 Excel 或 WPS 中打开，"
                        "取消密码后“另存为”Excel 工作簿（.xlsx）再导入。")
    if not head.startswith(b"PK"):
        if head.lstrip(b"\xef\xbb\xbf").startswith((b"<", b"{")):
            raise XlsxError(f"“{p.name}”不是 Excel 工作簿（.xlsx），而是网页或文本文件（可能只是改了扩展名）。"
                            "请在 Excel 或 WPS 中打开后“另存为”.xlsx。")
        raise XlsxError(f"“{p.name}”不是 Excel 工作簿（.xlsx）：文件内容不是 .xlsx 格式（可能是改了扩展名的其他文件，或已损坏）。")
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise XlsxError(f"“{p.name}”已损坏或不完整，无法作为 Excel 工作簿打开。") from None
    if len(infos) > MAX_PARTS:
        raise XlsxError(f"“{p.name}”内部包含的部件过多（{len(infos)}个），已拒绝读取。")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise XlsxError(f"“{p.name}”是 OpenDocument 表格（.ods），请另存为 Excel 工作簿（.xlsx）后再导入。")
        if "word/document.xml" in names:
            raise XlsxError(f"“{p.name}”是 Word 文档，不是 Excel 表格。")
        raise XlsxError(f"“{p.name}”是压缩文件，但不是 Excel 工作簿（.xlsx）。")
    total = 0
    for i in infos:
        if i.flag_bits & 0x1:
            raise XlsxError(f"“{p.name}”中有加密的部件，无法读取。请取消密码保护后再导入。")
        if i.file_size > MAX_PART:
            raise XlsxError(f"“{p.name}”中的部件“{clipped(i.filename, 60)}”解压后过大（{i.file_size // 1024 // 1024} MB），"
                            "可能是恶意构造的文件（压缩炸弹），已拒绝读取。")
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise XlsxError(f"“{p.name}”中的部件“{clipped(i.filename, 60)}”压缩比异常（约{i.file_size // max(i.compress_size, 1)}倍），"
                            "可能是恶意构造的文件（压缩炸弹），已拒绝读取。")
        total += i.file_size
    if total > MAX_UNCOMPRESSED:
        raise XlsxError(f"“{p.name}”解压后共 {total // 1024 // 1024} MB，超过上限 {MAX_UNCOMPRESSED // 1024 // 1024} MB，"
                        "可能是恶意构造的文件（压缩炸弹），已拒绝读取。")


# --------------------------------------------------------------------------- grids


@dataclass
class Grid:
    """The scanned part of one worksheet (1-based rows and columns)."""

    name: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # formula text of formula cells
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formula cells without a cached value
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    truncated: bool = False  # filled cells below the rows read
    truncated_cols: bool = False  # filled cells right of the columns read
    _origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    _spans: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)
    _max_row: int = 0
    _max_col: int = 0

    def finish(self) -> None:
        """Index the merged ranges.  Each range is clipped to the filled part of the sheet
        (beyond it there is nothing to label), so the work is at most the filled area for
        ranges that do not overlap; overlapping ranges (which Excel itself reports as
        damage) that would cost more are refused."""
        cells = list(self.values) + list(self.formulas)
        self._max_row = max((r for r, _ in cells), default=0)
        self._max_col = max((c for _, c in cells), default=0)
        self._origin = {}
        self._spans = {}
        budget = 2 * self._max_row * self._max_col + 1000
        for m in dict.fromkeys(self.merges):
            r1, c1, r2, c2 = m
            if r2 < r1 or c2 < c1:
                continue
            self._spans.setdefault((r1, c1), m)
            if r1 > self._max_row or c1 > self._max_col:
                continue
            r2 = min(r2, self._max_row)
            c2 = min(c2, self._max_col)
            budget -= (r2 - r1 + 1) * (c2 - c1 + 1)
            if budget < 0:
                raise XlsxError(f"工作表“{clipped(self.name)}”中的合并单元格互相重叠或数量异常（可能是损坏或恶意构造的文件），"
                                "已拒绝读取。请在 Excel 中取消这些合并后另存再导入。")
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self._origin[(r, c)] = (r1, c1)

    @property
    def max_row(self) -> int:
        return self._max_row

    @property
    def max_col(self) -> int:
        return self._max_col

    def origin(self, r: int, c: int) -> tuple[int, int]:
        return self._origin.get((r, c), (r, c))

    def span(self, r: int, c: int) -> tuple[int, int, int, int]:
        """The merged range containing (r, c), or the cell itself."""
        o = self._origin.get((r, c))
        if o is None:
            return (r, c, r, c)
        return self._spans.get(o, (r, c, r, c))

    def raw(self, r: int, c: int) -> Any:
        return self.values.get((r, c))

    def shown_value(self, r: int, c: int) -> Any:
        """The value seen at (r, c), merged ranges expanded (for labels)."""
        return self.values.get(self.origin(r, c))

    def text(self, r: int, c: int) -> str:
        v = self.shown_value(r, c)
        return norm(v) if isinstance(v, str) else ""

    def rows(self) -> list[int]:
        return sorted({r for r, _ in self.values})

    def row_cells(self, r: int) -> list[tuple[int, Any]]:
        return sorted((c, v) for (rr, c), v in self.values.items() if rr == r)


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s/>]")
_SI_RE = re.compile(rb"<(?:\w+:)?si[\s/>]")
_TAG_RE = re.compile(rb"<")
_CHUNK = 1 << 20


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters[:4]:
        n = n * 26 + (ch - 64)
    return n


def _count(archive: zipfile.ZipFile, part: str, pattern: re.Pattern[bytes], limit: int) -> int:
    """Occurrences of ``pattern`` in a part, streamed; stops counting past ``limit``."""
    n = 0
    tail = b""
    with archive.open(part) as f:
        while n <= limit:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            buf = tail + chunk
            cut = max(0, len(buf) - 16)
            n += len(pattern.findall(buf, 0, cut))
            tail = buf[cut:]
    return n + len(pattern.findall(tail))


@dataclass
class _Prescan:
    cells: int
    merges: list[tuple[int, int, int, int]]
    tags: int = 0


def _merge_of(m: re.Match[bytes]) -> tuple[int, int, int, int]:
    c1 = _col_number(m.group(1))
    r1 = int(m.group(2)[:8])
    c2 = _col_number(m.group(3)) if m.group(3) else c1
    r2 = int(m.group(4)[:8]) if m.group(4) else r1
    return r1, c1, r2, c2


def _prescan(archive: zipfile.ZipFile, part: str, limits: ReadLimits, cell_budget: int, name: str) -> _Prescan:
    """One pass over the bytes of a sheet part: its cell elements are counted (stopping
    past ``cell_budget``) and, if wanted, its merged ranges collected (capped)."""
    cells = tags = 0
    merges: list[tuple[int, int, int, int]] = []

    def take(buf: bytes, cut: int) -> None:
        nonlocal cells, tags
        cells += len(_CELL_RE.findall(buf, 0, cut))
        tags += buf.count(b"<", 0, cut)
        if not limits.read_merges or b"mergeCell" not in buf:
            return
        for m in _MERGE_RE.finditer(buf):
            if m.start() >= cut:
                break
            r1, c1, r2, c2 = _merge_of(m)
            if r1 <= limits.max_rows and c1 <= limits.max_cols:
                merges.append((r1, c1, r2, c2))
                if len(merges) > MAX_MERGES:
                    raise XlsxError(f"工作表“{clipped(name)}”中有超过{MAX_MERGES}个合并单元格，不像年报表格"
                                    "（可能是恶意构造的文件），已拒绝读取。")

    tail = b""
    with archive.open(part) as f:
        while cells <= cell_budget:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            buf = tail + chunk
            cut = max(0, len(buf) - 4096)
            take(buf, cut)
            tail = buf[cut:]
    if cells <= cell_budget:
        take(tail, len(tail))
    return _Prescan(cells, merges, tags)


class _Stop(Exception):  # noqa: N818 - ends the parse of a sheet early
    pass


_REF_RE = re.compile(r"([A-Za-z]{1,3})(\d{1,7})$")


class _SheetParser:
    """Streams one sheet part with expat (fast, C) into a ``Grid``: values, formula text
    and the value Excel cached for each formula, in one pass.  openpyxl supplies the
    shared strings and which cell styles are dates.  Rows beyond the limit are looked at
    only until one holds a value (``grid.truncated``)."""

    def __init__(self, grid: Grid, limits: ReadLimits, shared: Any, date_styles: Any, timedelta_styles: Any,
                 epoch: Any) -> None:
        self.g = grid
        self.limits = limits
        self.shared = shared
        self.dates = date_styles
        self.timedeltas = timedelta_styles
        self.epoch = epoch
        self.row = 0
        self.col = 0
        self.in_cell = False
        self.ctype = "n"
        self.style = 0
        self.buf: list[str] | None = None  # collects the text of the current <v>, <f> or <t>
        self.v_text: str | None = None  # text of <v> (None: no <v>)
        self.f_text: str | None = None  # text of <f> (None: no <f>)
        self.f_attrs: dict[str, str] = {}
        self.is_text: list[str] | None = None  # text of <is> (None: no <is>)
        self.in_rph = 0
        self.shared_formulas: dict[str, str] = {}
        self.columns: dict[str, int] = {}

    # expat handlers ------------------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            ref = attrs.get("r")
            m = _REF_RE.match(ref) if ref else None
            if m:
                letters = m.group(1)
                col = self.columns.get(letters)
                if col is None:
                    col = self.columns[letters] = _col_number(letters.upper().encode())
                self.col = col
                self.row = int(m.group(2))
            else:
                self.col += 1
            self.in_cell = True
            self.ctype = attrs.get("t", "n")
            st = attrs.get("s")
            self.style = int(st) if st and st.isdigit() else 0
            self.v_text = self.f_text = self.is_text = None
        elif not self.in_cell:
            if name == "row":
                rnum = attrs.get("r")
                self.row = int(rnum) if rnum and rnum.isdigit() else self.row + 1
                self.col = 0
        elif name == "v" or name == "f":
            self.buf = []
            if name == "f":
                self.f_attrs = attrs
        elif name == "is":
            self.is_text = []
        elif name == "t":
            if self.is_text is not None and not self.in_rph:
                self.buf = self.is_text
        elif name == "rPh":
            self.in_rph += 1

    def end(self, name: str) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            if self.in_cell:
                self.finish_cell()
            self.in_cell = False
        elif name == "v":
            self.v_text = "".join(self.buf or ())
            self.buf = None
        elif name == "f":
            self.f_text = "".join(self.buf or ())
            self.buf = None
        elif name == "t":
            self.buf = None
        elif name == "rPh":
            self.in_rph -= 1

    def chars(self, data: str) -> None:
        if self.buf is not None:
            self.buf.append(data)

    # ---------------------------------------------------------------------------------
    def value(self) -> Any:
        t = self.ctype
        if t == "inlineStr":
            return None if self.is_text is None else "".join(self.is_text)
        raw = self.v_text
        if raw is None or (raw == "" and t != "str"):
            return None
        if t == "n":
            n: Any = float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)
            if self.style and self.style in self.dates:
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(n, self.epoch, timedelta=self.style in self.timedeltas)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return n
        if t == "s":
            return self.shared[int(raw)]
        if t == "b":
            return raw.strip() not in ("0", "")
        if t == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(raw)
        return raw  # str (a formula's text result), e (an error such as #N/A)

    def finish_cell(self) -> None:
        r, c = self.row, self.col
        formula = None
        if self.f_text is not None:
            text = self.f_text
            si = self.f_attrs.get("si")
            if self.f_attrs.get("t") == "shared" and si is not None:
                if text:
                    self.shared_formulas.setdefault(si, text)
                else:
                    text = self.shared_formulas.get(si, "")  # the shared formula's text (not shifted)
            formula = "=" + text
        v = self.value()
        if isinstance(v, str) and v.strip() == "":
            v = None  # blank text counts as empty (a formula with a blank result: no usable value)
        if v is None and formula is None:
            return
        if r > self.limits.max_rows:
            self.g.truncated = True
            raise _Stop()
        if c > self.limits.max_cols:
            self.g.truncated_cols = True
            return
        if formula is not None:
            self.g.formulas[(r, c)] = formula
            if v is None:
                self.g.uncached.add((r, c))
                return
        self.g.values[(r, c)] = v


def _parse_sheet(archive: zipfile.ZipFile, part: str, grid: Grid, limits: ReadLimits, ws: Any,
                 progress: Progress | None, done: list[int], total: int) -> None:
    from xml.parsers import expat

    wb = ws.parent
    sp = _SheetParser(grid, limits, ws._shared_strings, wb._date_formats, wb._timedelta_formats, wb.epoch)  # noqa: SLF001
    p = expat.ParserCreate()
    p.buffer_text = True
    p.StartElementHandler = sp.start
    p.EndElementHandler = sp.end
    p.CharacterDataHandler = sp.chars
    try:
        with archive.open(part) as f:
            while True:
                chunk = f.read(1 << 18)
                if not chunk:
                    p.Parse(b"", True)
                    break
                p.Parse(chunk, False)
                done[0] += len(chunk)
                tick(progress, done[0], total)
    except _Stop:
        pass
    except expat.ExpatError as e:
        raise XlsxError(f"工作表“{clipped(grid.name)}”的内容已损坏（{e}），无法读取。") from None


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    for n in archive.namelist():
        if n.lower().endswith("sharedstrings.xml"):
            return n
    return None


def open_grids(path: str | Path, limits: ReadLimits = TABLE_LIMITS, progress: Progress | None = None
               ) -> tuple[list[Grid], list[str]]:
    """Read every worksheet of ``path`` (capped by ``limits``); returns the grids and notes.

    Raises ``XlsxError`` (Chinese message) for files that cannot or should not be read,
    ``Cancelled`` when ``progress`` returns False."""
    check_package(path)
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as z:
            sst = _shared_strings_part(z)
            if sst and _count(z, sst, _SI_RE, MAX_SHARED_STRINGS) > MAX_SHARED_STRINGS:
                raise XlsxError(f"“{name}”中的文字条目超过{MAX_SHARED_STRINGS}条，不像年报表格或申请台账"
                                "（可能是恶意构造的文件），已拒绝读取。")
            # the parts openpyxl reads whole when it opens a workbook
            for member in z.namelist():
                low = member.lower()
                cap = MAX_STRINGS_MARKUP if member == sst else MAX_BOOK_MARKUP
                if (member == sst or low == "xl/workbook.xml" or low.endswith("styles.xml")) \
                        and _count(z, member, _TAG_RE, cap) > cap:
                    raise XlsxError(f"“{name}”中的样式、名称或文字定义异常多（部件“{clipped(member, 40)}”），"
                                    "不像年报表格或申请台账（可能是恶意构造的文件），已拒绝读取。")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, zlib_error):
        raise XlsxError(f"“{name}”已损坏或不完整，无法作为 Excel 工作簿打开。") from None
    tick(progress, 0, 1)
    import openpyxl  # local: keep start-up light

    notes: list[str] = []
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as e:  # openpyxl raises many kinds on damaged files
        raise XlsxError(f"无法读取“{name}”：文件已损坏，或不是 Excel 工作簿（{type(e).__name__}）。") from None
    grids: list[Grid] = []
    try:
        archive = wb._archive  # noqa: SLF001 - the read-only workbook keeps its zip open
        names = set(archive.namelist())
        if any(n.startswith("xl/externalLinks/") for n in names):
            notes.append("工作簿中有指向其他文件的外部链接；程序不会打开外部文件，引用外部文件的单元格不能导入。")
        sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
        if len(sheets) > MAX_SHEETS:
            notes.append(f"工作簿有{len(sheets)}个工作表，只读取了前{MAX_SHEETS}个。")
            sheets = sheets[:MAX_SHEETS]
        # bound the work before any cell is parsed
        scans: list[_Prescan] = []
        total = tags = 0
        for ws in sheets:
            part = getattr(ws, "_worksheet_path", None)
            pre = _prescan(archive, part, limits, MAX_CELLS - total, ws.title) if part else _Prescan(0, [])
            total += pre.cells
            tags += pre.tags
            if total > MAX_CELLS:
                raise XlsxError(f"“{name}”中的单元格超过{MAX_CELLS // 10000}万个，不像年报表格或申请台账"
                                "（可能是恶意构造的文件），已拒绝读取。")
            if tags > MAX_MARKUP:
                raise XlsxError(f"“{name}”的工作表中格式、行等内容异常多（超过{MAX_MARKUP // 10000}万项），"
                                "不像年报表格或申请台账（可能是恶意构造的文件），已拒绝读取。")
            scans.append(pre)
            tick(progress, 0, 1)
        done = [0]
        work = sum(archive.getinfo(ws._worksheet_path).file_size for ws in sheets  # noqa: SLF001
                   if getattr(ws, "_worksheet_path", None)) + 1
        for ws, pre in zip(sheets, scans):
            g = Grid(ws.title)
            part = getattr(ws, "_worksheet_path", None)
            if part:
                _parse_sheet(archive, part, g, limits, ws, progress, done, work)
            g.merges = pre.merges
            grids.append(g)
    except (XlsxError, Cancelled):
        raise
    except Exception as e:
        raise XlsxError(f"读取“{name}”时出错：文件可能已损坏（{type(e).__name__}）。") from None
    finally:
        wb.close()
    for g in grids:
        g.finish()
        if g.truncated and not limits.overflow_error:
            notes.append(f"工作表“{g.name}”很大，只读取了前{limits.max_rows}行、前{limits.max_cols}列。")
        elif g.truncated_cols:
            notes.append(f"工作表“{g.name}”很宽，只读取了前{limits.max_cols}列（{col_letter(limits.max_cols)}列以后未读取）。")
    tick(progress, work, work)
    return grids, notes


# --------------------------------------------------------------------------- dates


_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(v: Any) -> dt.date | None:
    """A date from a cell: a real date, an Excel serial number or text such as
    2023-03-05, 2023/3/5, 2023.3.5, 2023年3月5日, ２０２３年３月５日.  ``None`` for blank;
    raises ValueError for anything else."""
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        raise ValueError(str(v))
    if isinstance(v, (int, float)):
        if 20000 <= v <= 80000 and float(v) == int(v):
            return EXCEL_EPOCH + dt.timedelta(days=int(v))
        raise ValueError(str(v))
    t = norm(v)
    if t == "":
        return None
    m = _DATE_RE.match(t) or _COMPACT_RE.match(t)
    if not m:
        raise ValueError(t)
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
