"""A text-based PDF → the common representation (``text.py``), from character positions.

PDFium (``pypdfium2``) gives every character with its box and every path with its segments.
Tables are found from their ruling lines (cell borders): the borders make a grid, a cell
without a border inside it spans several grid columns or rows, and each character goes into
the cell its centre lies in.  So a blank cell is a cell with no characters — it stays blank —
and nothing depends on the order of numbers.  What lies outside the tables is cut into lines
and the lines into paragraphs (an indented first line, a short last line, a change of size or
a wide gap start a new one).  A table that goes on at the top of the next page is joined to
its first part.  Page headers, footers and page numbers (lines in the top or bottom band that
repeat on most pages, “— 3 —”, “第3页”) and rotated text (watermarks) are left out.

Bounded: the file size (``readers.MAX_FILE``), pages, characters and drawn objects; an
encrypted, damaged or image-only (scanned) PDF gets a Chinese message.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from model.importreport.text import Cell, Item, Para, Table, clean_cell
from model.limits import InputError

MAX_PAGES = 300
MAX_CHARS = 600_000  # characters of all pages (a 10-page report has about 10,000)
MAX_OBJECTS = 30_000  # drawn objects on one page
MAX_SEGMENTS = 200_000  # path segments on all pages
MIN_TEXT = 20  # fewer non-blank characters than this: no text layer (a scan)
MAX_INFLATED = 150 * 1024 * 1024  # bytes of all compressed streams once inflated (a PDF bomb)

NEED_TEXT = ("这个 PDF 没有可读取的文字（可能是扫描件或图片），需要文字版 PDF。请用 Word/WPS 打开原文档另存为 PDF，"
             "或打开网站上的报告页面另存为网页（.html）、复制全文存为 .txt 后导入。")

TOL = 2.0  # points: two borders closer than this are one


@dataclass
class _Ch:
    u: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Line:
    chars: list[_Ch]
    page: int = 0

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def size(self) -> float:
        return statistics.median(c.bottom - c.top for c in self.chars)

    @property
    def text(self) -> str:
        return _join(self.chars)


@dataclass
class _Region:
    """One cell of a table: grid rows r0..r1 and columns c0..c1, its box, its characters."""
    r0: int
    c0: int
    r1: int
    c1: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list[_Ch] = field(default_factory=list)


@dataclass
class _Grid:
    page: int
    xs: list[float]
    ys: list[float]
    regions: list[_Region]
    at: dict[tuple[int, int], _Region] = field(default_factory=dict)  # grid (row, column) → its cell

    def __post_init__(self) -> None:
        for reg in self.regions:
            for r in range(reg.r0, reg.r1 + 1):
                for c in range(reg.c0, reg.c1 + 1):
                    self.at[(r, c)] = reg

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def contains(self, c: _Ch) -> bool:
        return self.xs[0] - 1 <= c.cx <= self.xs[-1] + 1 and self.ys[0] - 1 <= c.cy <= self.ys[-1] + 1


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    grids: list[_Grid]


# ---------------------------------------------------------------- reading PDFium


def _check_inflated(data: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate beyond ``MAX_INFLATED`` (a few hundred
    kilobytes can hold gigabytes of zeros) before PDFium inflates them.  Each stream is
    inflated only up to what is left of the budget; streams that are not Flate (or Flate
    under ASCII85/ASCIIHex) are left to PDFium."""
    import base64
    import binascii
    import zlib

    left = MAX_INFLATED
    for m in re.finditer(rb"stream\r?\n", data):
        start = m.end()
        if data[max(0, m.start() - 3):m.start()].rstrip().endswith(b"end"):
            continue  # the word "endstream"
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        chunk = data[start:end]
        head = data[max(0, m.start() - 600):m.start()]
        try:
            if b"/ASCII85Decode" in head or b"/A85" in head:
                chunk = base64.a85decode(chunk.strip(), adobe=chunk.strip().startswith(b"<~"))
            elif b"/ASCIIHexDecode" in head or b"/AHx" in head:
                chunk = binascii.unhexlify(re.sub(rb"\s|>", b"", chunk)[: 2 * (len(chunk) // 2)])
        except (ValueError, binascii.Error):
            continue
        d = zlib.decompressobj()
        try:
            while True:  # inflated a megabyte at a time, counted and dropped
                out = len(d.decompress(chunk, 1 << 20))
                left -= out
                if left < 0:
                    raise InputError("这个 PDF 解压后大得异常（可能是压缩炸弹），已拒绝读取。")
                chunk = d.unconsumed_tail
                if d.eof or (not chunk and out < 1 << 20):
                    break
        except zlib.error:
            continue


def read_pdf(data: bytes, progress: Callable[[int, int], object] | None = None) -> list[Item]:
    """``progress(pages read, pages)`` after each page; an exception it raises (the window's
    取消) ends the reading at once, the document closed."""
    import pypdfium2 as pdfium

    _check_inflated(data)

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise InputError("这个 PDF 设了打开密码，无法读取。请用没有密码的 PDF，或打开网站上的报告页面另存为网页（.html）后导入。") from None
        raise InputError("这个 PDF 无法打开（文件已损坏或不是 PDF）。") from None
    try:
        n = len(doc)
        if n == 0:
            raise InputError("这个 PDF 没有页面。")
        if n > MAX_PAGES:
            raise InputError(f"这个 PDF 有 {n} 页，已发布的年度报告不会超过 {MAX_PAGES} 页，已拒绝读取。")
        budget = _Budget()
        pages = []
        for i in range(n):
            page = doc[i]
            try:
                pages.append(_read_page(page, i, budget))
            finally:
                page.close()
            if progress is not None:
                progress(i + 1, n)
    finally:
        doc.close()
    if budget.text < MIN_TEXT:
        raise InputError(NEED_TEXT)
    return _items(pages)


@dataclass
class _Budget:
    chars: int = 0
    segments: int = 0
    text: int = 0


@dataclass(frozen=True)
class _View:
    """PDF user space (y up) → the page as read (x right, y down), turned so that most of its
    text is upright (a landscape 表三 is often a portrait page whose text runs at 90°; a page
    turned by /Rotate alone keeps its text upright in user space)."""
    width: float  # of the page in user space
    height: float
    rotation: int  # degrees clockwise: 0, 90, 180, 270

    def pt(self, x: float, y: float) -> tuple[float, float]:
        r = self.rotation
        if r == 90:
            return self.height - y, self.width - x
        if r == 180:
            return self.width - x, y
        if r == 270:
            return y, x
        return x, self.height - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) as shown."""
        (ax, ay), (bx, by) = self.pt(left, bottom), self.pt(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    @property
    def size(self) -> tuple[float, float]:
        return (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)

    @property
    def angle(self) -> float:
        """The angle (radians) of upright text on this page as PDFium reports it."""
        return self.rotation * 3.141592653589793 / 180


def _read_page(page: object, number: int, budget: _Budget) -> _Page:
    w, h_ = page.get_size()  # type: ignore[attr-defined]
    if page.get_rotation() % 180 == 90:  # type: ignore[attr-defined]
        w, h_ = h_, w  # the size as shown; the characters and paths are in the page's own space
    chars, view = _page_chars(page, w, h_, budget)
    width, height = view.size
    h, v = _page_rulings(page.raw, view, budget)  # type: ignore[attr-defined]
    grids = _grids(h, v, number)
    free: list[_Ch] = []
    for c in chars:
        for g in grids:
            if g.contains(c):
                _to_region(g, c)
                break
        else:
            free.append(c)
    return _Page(number, width, height, _lines(free, number), grids)


def _page_chars(page: object, width: float, height: float, budget: _Budget) -> tuple[list[_Ch], _View]:
    import pypdfium2.raw as raw

    tp = page.get_textpage()  # type: ignore[attr-defined]
    try:
        count = raw.FPDFText_CountChars(tp.raw)
        budget.chars += max(count, 0)
        if budget.chars > MAX_CHARS:
            raise InputError(f"这个 PDF 的文字太多（超过 {MAX_CHARS} 个字符），不像一份年度报告，已拒绝读取。")
        rect = raw.FS_RECTF()
        out: list[_Ch] = []
        h = tp.raw
        unicode_of, generated, angle_of = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, raw.FPDFText_GetCharAngle
        box_of, size_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
        skip = {0, 0x20, 0xA0, 0x3000, 0xFFFE, 0xFFFF}
        found: list[tuple[str, float, float, float, float, float, float]] = []
        turns: Counter[int] = Counter()
        for i in range(count):
            code = unicode_of(h, i)
            if code < 32 or code in skip or generated(h, i) == 1:
                continue
            if not box_of(h, i, rect):
                continue
            try:
                u = chr(code)
            except (ValueError, OverflowError):
                continue
            angle = max(angle_of(h, i), 0.0) % 6.283185307179586  # -1: not known, taken as upright
            found.append((u, angle, rect.left, rect.bottom, rect.right, rect.top, size_of(h, i)))
            q = round(angle / 1.5707963267948966) % 4
            if abs(angle - q * 1.5707963267948966) < 0.05 or q == 0 and angle > 6.23:
                turns[q * 90] += 1
    finally:
        tp.close()
    view = _View(width, height, turns.most_common(1)[0][0] if turns else 0)
    upright = view.angle
    for u, angle, left, bottom_, right, top_, size in found:
        turn = (angle - upright) % 6.283185307179586
        if 0.05 < turn < 6.23:
            continue  # text turned against the rest: a watermark or a stamp
        x0, y0, x1, y1 = view.box(left, bottom_, right, top_)
        if y1 - y0 <= 0.1:
            continue
        out.append(_Ch(u, x0, x1, y0, y1, size))
    budget.text += len(out)
    return out, view


def _page_rulings(page_raw: object, view: _View, budget: _Budget) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling lines, top-down coordinates."""
    import pypdfium2.raw as raw

    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    n = raw.FPDFPage_CountObjects(page_raw)
    if n > MAX_OBJECTS:
        raise InputError(f"这个 PDF 的一页上有 {n} 个图形对象，不像一份年度报告，已拒绝读取。")
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = raw.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    for i in range(n):
        obj = raw.FPDFPage_GetObject(page_raw, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = view.box(left.value, bottom.value, right.value, top.value)
        w, hh = x1 - x0, y1 - y0
        if hh <= 3 and w >= 4:  # a thin line or a thin filled rectangle
            h.append(((y0 + y1) / 2, x0, x1))
            continue
        if w <= 3 and hh >= 4:
            v.append(((x0 + x1) / 2, y0, y1))
            continue
        raw.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not stroke.value:
            continue  # a filled shape (shading, a drawn watermark)
        segs = raw.FPDFPath_CountSegments(obj)
        budget.segments += max(segs, 0)
        if budget.segments > MAX_SEGMENTS:
            raise InputError("这个 PDF 的图形太复杂，不像一份年度报告，已拒绝读取。")
        if not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        prev: tuple[float, float] | None = None
        start: tuple[float, float] | None = None
        for s in range(segs):
            seg = raw.FPDFPath_GetPathSegment(obj, s)
            if not raw.FPDFPathSegment_GetPoint(seg, px, py):
                continue
            x, y = view.pt(a * px.value + c * py.value + e, b * px.value + d * py.value + f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                prev = start = (x, y)
            elif kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
                _segment(prev, (x, y), h, v)
                prev = (x, y)
            else:
                prev = (x, y)  # a curve: not a border
            if raw.FPDFPathSegment_GetClose(seg) and prev is not None and start is not None:
                _segment(prev, start, h, v)
                prev = start
    return h, v


def _segment(p: tuple[float, float], q: tuple[float, float], h: list[tuple[float, float, float]],
             v: list[tuple[float, float, float]]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= 0.5 and abs(x1 - x0) >= 4:
        h.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) <= 0.5 and abs(y1 - y0) >= 4:
        v.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


# ---------------------------------------------------------------- ruling lines → grids


def _merge(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear pieces that touch or overlap become one line."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs):
        for m in reversed(out[-8:]):
            if abs(m[0] - pos) <= TOL / 2 and a <= m[2] + TOL and b >= m[1] - TOL:
                m[1], m[2] = min(m[1], a), max(m[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(m[0], m[1], m[2]) for m in out]


def _cluster(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for x in sorted(values):
        if out and x - out[-1][-1] <= TOL:
            out[-1].append(x)
        else:
            out.append([x])
    return [sum(g) / len(g) for g in out]


def _grids(h_raw: list[tuple[float, float, float]], v_raw: list[tuple[float, float, float]], page: int) -> list[_Grid]:
    h, v = _merge(h_raw), _merge(v_raw)
    if len(h) < 2 or len(v) < 2:
        return []
    # tables are the groups of lines that cross or touch each other
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(h):
        for j, (x, y0, y1) in enumerate(v):
            if x0 - TOL <= x <= x1 + TOL and y0 - TOL <= y <= y1 + TOL:
                a, b = find(i), find(len(h) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, s in enumerate(h):
        groups.setdefault(find(i), ([], []))[0].append(s)
    for j, s in enumerate(v):
        groups.setdefault(find(len(h) + j), ([], []))[1].append(s)
    out = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        g = _grid(hs, vs, page)
        if g is not None:
            out.append(g)
    return sorted(out, key=lambda g: g.top)


def _grid(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]], page: int) -> _Grid | None:
    ys = _cluster([s[0] for s in hs])
    xs = _cluster([s[0] for s in vs])
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1 or nr * nc < 2 or nr * nc > 20_000:
        return None

    def has_v(x: float, ya: float, yb: float) -> bool:
        mid = (ya + yb) / 2
        return any(abs(s[0] - x) <= TOL and s[1] - TOL <= mid <= s[2] + TOL for s in vs)

    def has_h(y: float, xa: float, xb: float) -> bool:
        mid = (xa + xb) / 2
        return any(abs(s[0] - y) <= TOL and s[1] - TOL <= mid <= s[2] + TOL for s in hs)

    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not has_v(xs[c + 1], ys[r], ys[r + 1]):
                a, b = find(r * nc + c), find(r * nc + c + 1)
                if a != b:
                    parent[a] = b
            if r + 1 < nr and not has_h(ys[r + 1], xs[c], xs[c + 1]):
                a, b = find(r * nc + c), find((r + 1) * nc + c)
                if a != b:
                    parent[a] = b
    spans: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            root = find(r * nc + c)
            s = spans.get(root)
            if s is None:
                spans[root] = [r, c, r, c]
            else:
                s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
    regions = [_Region(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])) for r0, c0, r1, c1 in spans.values()]
    if len(regions) < 2:
        return None  # a frame or a text box, not a table
    regions.sort(key=lambda g: (g.r0, g.c0))
    return _Grid(page, xs, ys, regions)


def _to_region(g: _Grid, c: _Ch) -> None:
    """The character into the cell its centre lies in (grid row and column by bisection)."""
    r = min(max(bisect.bisect_right(g.ys, c.cy) - 1, 0), len(g.ys) - 2)
    col = min(max(bisect.bisect_right(g.xs, c.cx) - 1, 0), len(g.xs) - 2)
    reg = g.at.get((r, col))
    if reg is not None:
        reg.chars.append(c)


# ---------------------------------------------------------------- characters → lines → text


_ASCII = re.compile(r"[A-Za-z0-9.,:;%/+\-()]")


def _join(chars: list[_Ch]) -> str:
    """One line's characters: no space between Chinese characters (a justified line spreads
    them), a space where a wide gap separates Latin letters or digits."""
    parts: list[str] = []
    prev: _Ch | None = None
    for c in chars:
        if prev is not None:
            gap = c.x0 - prev.x1
            size = max(prev.size, c.size, 1.0)
            if gap > 0.3 * size and (_ASCII.match(prev.u) and _ASCII.match(c.u)):
                parts.append(" ")
            elif gap > 2.5 * size:
                parts.append(" ")
        parts.append(c.u)
        prev = c
    return "".join(parts)


def _lines(chars: list[_Ch], page: int) -> list[_Line]:
    """Characters → lines (a line: characters whose vertical centres agree), top to bottom."""
    out: list[_Line] = []
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if out:
            last = out[-1]
            ref = last.chars[0]
            if abs(c.cy - ref.cy) <= 0.45 * max(ref.bottom - ref.top, 1.0):
                last.chars.append(c)
                continue
        out.append(_Line([c], page))
    for ln in out:
        ln.chars.sort(key=lambda c: c.x0)
    return out


def _cell_text(chars: list[_Ch]) -> str:
    return clean_cell("\n".join(ln.text for ln in _lines(chars, 0)))


# ---------------------------------------------------------------- page chrome

_PAGE_NO = re.compile(r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                      r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?|[-—–－\s]*[ivxlcIVXLC]{1,6}[-—–－\s]*)$", re.I)


def _chrome(pages: list[_Page]) -> set[tuple[int, int]]:
    """(page, line index) of headers, footers and page numbers."""
    band = {p.number: (0.12 * p.height, 0.88 * p.height) for p in pages}
    seen: Counter[str] = Counter()
    key_of: dict[tuple[int, int], str] = {}
    for p in pages:
        top_band, bottom_band = band[p.number]
        keys: set[str] = set()
        for i, ln in enumerate(p.lines):
            if ln.bottom <= top_band or ln.top >= bottom_band:
                k = re.sub(r"\d+", "#", ln.text.replace(" ", ""))
                key_of[(p.number, i)] = k
                keys.add(k)
        seen.update(keys)
    many = max(2, (len(pages) + 1) // 2)
    out: set[tuple[int, int]] = set()
    for (pn, i), k in key_of.items():
        text = pages[pn].lines[i].text.strip()
        if _PAGE_NO.match(text) or (len(pages) >= 2 and seen[k] >= many):
            out.add((pn, i))
    return out


# ---------------------------------------------------------------- assembling items


def _items(pages: list[_Page]) -> list[Item]:
    chrome = _chrome(pages)
    body_lines = [ln for p in pages for i, ln in enumerate(p.lines) if (p.number, i) not in chrome]
    sizes = [c.bottom - c.top for ln in body_lines for c in ln.chars]
    size = statistics.median(sizes) if sizes else 12.0
    # the text block's left and right edges: where most lines start, where the longest end
    left, right = _edge(ln.x0 for ln in body_lines), _edge(-ln.x1 for ln in body_lines)
    right = -right
    stream: list[tuple[int, float, object]] = []  # (page, top, line or grid)
    for p in pages:
        for i, ln in enumerate(p.lines):
            if (p.number, i) not in chrome:
                stream.append((p.number, ln.top, ln))
        for g in p.grids:
            stream.append((p.number, g.top, g))
    stream.sort(key=lambda s: (s[0], s[1]))
    items: list[Item] = []
    para: list[_Line] = []
    grids: list[_Grid] = []
    loose: list[list[Cell]] = []

    def flush_loose() -> None:
        if loose:
            items.append(Table([list(r) for r in loose], loose=True))
            loose.clear()

    def flush_para() -> None:
        if para:
            text = "".join(ln.text for ln in para).strip()
            if text:
                items.append(Para(text))
            para.clear()

    def flush_table() -> None:
        if grids:
            items.append(_table(grids))
            grids.clear()

    for _pn, _top, obj in stream:
        if isinstance(obj, _Grid):
            flush_para()
            if grids and not (obj.page == grids[-1].page + 1 and _same_columns(grids[-1], obj)):
                flush_table()
            grids.append(obj)
            continue
        assert isinstance(obj, _Line)
        ln = obj
        if grids:
            flush_table()
        row = _loose_row(ln, size)
        if row is not None:
            flush_para()
            loose.append(row)
            continue
        flush_loose()
        if para and _new_paragraph(para[-1], ln, left, right, size):
            flush_para()
        para.append(ln)
    flush_para()
    flush_table()
    flush_loose()
    return items


_VALUE = re.compile(r"[+-]?\d[\d,，.]*(?:万元|件|元)?|[/／]|[—－-]+|无")


def _loose_row(ln: _Line, size: float) -> list[Cell] | None:
    """A line of a table without ruling lines: pieces apart by wide gaps, every piece after
    the first a figure (or three pieces or more, a header).  None for a line of prose."""
    pieces: list[list[_Ch]] = [[ln.chars[0]]]
    for c in ln.chars[1:]:
        if c.x0 - pieces[-1][-1].x1 > 1.5 * max(size, 1.0):
            pieces.append([c])
        else:
            pieces[-1].append(c)
    if len(pieces) < 2:
        return None
    texts = [_join(p).strip() for p in pieces]
    values = [bool(_VALUE.fullmatch(t.replace(" ", ""))) for t in texts]
    if not (all(values[1:]) or len(pieces) >= 3):
        return None
    return [Cell(clean_cell(t), i, 1) for i, t in enumerate(texts)]


def _edge(values: Iterable[float]) -> float:
    """The text block's edge: the smallest position shared by several lines (justified lines
    all start and end at the same place), else the smallest there is."""
    counts = Counter(round(v / 2) for v in values)
    if not counts:
        return 0.0
    top = counts.most_common(1)[0][1]
    shared = [k for k, n in counts.items() if n >= max(2, top // 3)]
    return 2.0 * min(shared or counts)


def _new_paragraph(prev: _Line, ln: _Line, left: float, right: float, size: float) -> bool:
    s = max(min(prev.size, ln.size), 1.0)
    if ln.x0 > left + 0.8 * s:
        return True  # indented first line, a centred title, a right-aligned 落款
    if prev.x1 < right - 1.5 * s:
        return True  # the previous line ended short
    if abs(prev.size - ln.size) > 0.25 * s:
        return True
    if ln.page == prev.page and ln.top - prev.bottom > 1.6 * s:
        return True
    if prev.x0 > left + 0.8 * s and prev.x1 < right - 0.8 * s:
        return True  # a centred line
    return False


def _same_columns(a: _Grid, b: _Grid) -> bool:
    """The part of a table on the next page: same left and right edges."""
    return abs(a.xs[0] - b.xs[0]) <= 3 * TOL and abs(a.xs[-1] - b.xs[-1]) <= 3 * TOL


def _table(grids: list[_Grid]) -> Table:
    """One table from its parts on consecutive pages, columns numbered on the union of their
    borders."""
    xs = _cluster([x for g in grids for x in g.xs])

    def col(x: float) -> int:
        return min(range(len(xs)), key=lambda i: abs(xs[i] - x))

    table = Table()
    for g in grids:
        rows: dict[int, list[Cell]] = {}
        for reg in g.regions:
            c0, c1 = col(reg.box[0]), col(reg.box[2])
            rows.setdefault(reg.r0, []).append(Cell(_cell_text(reg.chars), c0, max(1, c1 - c0)))
        for r in sorted(rows):
            table.rows.append(sorted(rows[r], key=lambda c: c.col))
    return table
