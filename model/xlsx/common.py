"""Reading .xlsx files safely and normalising what clerks type into them.

``open_grids(path)`` is the only way the importers read a workbook:

* the file is checked before openpyxl sees it: it must be a ZIP with the parts of an
  .xlsx; a renamed text file, an old .xls, a password-protected file or random bytes
  are rejected with a Chinese message; the uncompressed sizes in the ZIP directory are
  summed and capped (zip bombs), as are the number of parts and the compression ratio;
* sheets are streamed (openpyxl read-only mode) and only the first ``MAX_ROWS`` rows
  and ``MAX_COLS`` columns are scanned, so a huge sheet costs little;
* formulas are never evaluated: a formula cell yields the value Excel cached when it
  last saved the file (``data_only=True``), or is reported;
* external links are not followed (``keep_links=False``) and cells whose formula points
  into another workbook are reported.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.storage import read_error_message

MAX_ROWS = 2000
MAX_COLS = 80
MAX_SHEETS = 50
MAX_PARTS = 5000
MAX_UNCOMPRESSED = 150 * 1024 * 1024  # all parts together
MAX_PART = 80 * 1024 * 1024  # one part
MAX_RATIO = 200  # uncompressed / compressed for any part above 1 MB
MAX_FILE = 60 * 1024 * 1024


class XlsxError(Exception):
    """The workbook cannot be read at all; ``str()`` is a Chinese message."""


# --------------------------------------------------------------------------- text


_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "", "’": "", "'": "", "、": ".", "。": ".", "，": ","})
_ENUM = re.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+\.|\(\d+\)|\d+\.|\d+\))")
_PAREN = re.compile(r"\([^()]*\)")


def norm(text: Any) -> str:
    """Label text for comparison: NFKC (full-width to ASCII), no whitespace or line
    breaks, no quotation marks, 、 and ． as “.”, （） as ()."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    t = re.sub(r"\s+", "", t)
    t = t.translate(_QUOTES)
    return t.rstrip(":")


def strip_enum(t: str) -> str:
    """A normalised label without its leading enumeration (（一）, 1., 一.)."""
    return _ENUM.sub("", t, count=1)


def core(t: str) -> str:
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


def shown(v: Any, limit: int = 30) -> str:
    t = str(v).replace("\n", " ").strip()
    return t if len(t) <= limit else t[: limit - 1] + "…"


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
            raise XlsxError(f"“{p.name}”中的部件“{shown(i.filename, 60)}”解压后过大（{i.file_size // 1024 // 1024} MB），"
                            "可能是恶意构造的文件（压缩炸弹），已拒绝读取。")
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise XlsxError(f"“{p.name}”中的部件“{shown(i.filename, 60)}”压缩比异常（约{i.file_size // max(i.compress_size, 1)}倍），"
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
    truncated: bool = False
    _origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def finish(self) -> None:
        self._origin = {}
        for r1, c1, r2, c2 in self.merges:
            r2 = min(r2, MAX_ROWS)
            c2 = min(c2, MAX_COLS)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self._origin[(r, c)] = (r1, c1)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.values), default=0)

    @property
    def max_col(self) -> int:
        return max((c for _, c in self.values), default=0)

    def origin(self, r: int, c: int) -> tuple[int, int]:
        return self._origin.get((r, c), (r, c))

    def span(self, r: int, c: int) -> tuple[int, int, int, int]:
        """The merged range containing (r, c), or the cell itself."""
        o = self._origin.get((r, c))
        if o is None:
            return (r, c, r, c)
        for m in self.merges:
            if m[0] == o[0] and m[1] == o[1]:
                return m
        return (r, c, r, c)

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


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _read_merges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet part, streamed (the element sits after the sheet data)."""
    out: list[tuple[int, int, int, int]] = []
    tail = b""
    with archive.open(part) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            last_end = 0
            for m in _MERGE_RE.finditer(buf):
                c1 = _col_number(m.group(1))
                r1 = int(m.group(2))
                c2 = _col_number(m.group(3)) if m.group(3) else c1
                r2 = int(m.group(4)) if m.group(4) else r1
                if r1 <= MAX_ROWS and c1 <= MAX_COLS:
                    out.append((r1, c1, r2, c2))
                last_end = m.end()
                if len(out) > 20000:
                    return out
            tail = buf[max(last_end, len(buf) - 200):]
    return out


def _scan(ws: Any, beyond: list[bool] | None = None) -> Iterator[tuple[int, int, Any, str]]:
    """Non-empty cells of the first MAX_ROWS × MAX_COLS; sets ``beyond[0]`` if there is more."""
    for row in ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLS + 1):
        for cell in row:
            if getattr(cell, "row", None) is None:
                continue
            if cell.row > MAX_ROWS or cell.column > MAX_COLS:
                if cell.value is not None and beyond is not None:
                    beyond[0] = True
                continue
            v = getattr(cell, "value", None)
            if v is None:
                continue
            if isinstance(v, str) and v.strip() == "":
                continue
            yield cell.row, cell.column, v, getattr(cell, "data_type", "")


def open_grids(path: str | Path) -> tuple[list[Grid], list[str]]:
    """Read every worksheet of ``path`` (capped); returns the grids and notes."""
    check_package(path)
    import openpyxl  # local: keep start-up light

    notes: list[str] = []
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as e:  # openpyxl raises many kinds on damaged files
        raise XlsxError(f"无法读取“{Path(path).name}”：文件已损坏，或不是 Excel 工作簿（{type(e).__name__}）。") from None
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
        any_formula = False
        for ws in sheets:
            g = Grid(ws.title)
            beyond = [False]
            for r, c, v, dtype in _scan(ws, beyond):
                if dtype == "f" or (isinstance(v, str) and v.startswith("=") and dtype == "f"):
                    g.formulas[(r, c)] = str(v)
                    any_formula = True
                    continue
                g.values[(r, c)] = v
            g.truncated = beyond[0]
            part = getattr(ws, "_worksheet_path", None)
            if part:
                g.merges = _read_merges(archive, part)
            grids.append(g)
    except XlsxError:
        raise
    except Exception as e:
        raise XlsxError(f"读取“{Path(path).name}”时出错：文件可能已损坏（{type(e).__name__}）。") from None
    finally:
        wb.close()
    if any_formula:
        try:
            wb2 = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except Exception as e:
            raise XlsxError(f"无法读取“{Path(path).name}”中公式的计算结果（{type(e).__name__}）。") from None
        try:
            by_name = {g.name: g for g in grids}
            for ws in wb2.worksheets:
                g2 = by_name.get(ws.title)
                if g2 is None or not g2.formulas:
                    continue
                cached = {(r, c): v for r, c, v, _ in _scan(ws)}
                for rc in g2.formulas:
                    if rc in cached:
                        g2.values[rc] = cached[rc]
                    else:
                        g2.uncached.add(rc)
        finally:
            wb2.close()
    for g in grids:
        g.finish()
        if g.truncated:
            notes.append(f"工作表“{g.name}”很大，只读取了前{MAX_ROWS}行、前{MAX_COLS}列。")
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
