"""Readers: a file → the common representation (``text.py``), bounded for hostile input.

``.txt`` (text copied from a site), ``.html``/``.htm`` (a saved page, any charset), ``.docx``
(the body XML read directly: gridSpan and vMerge resolved).  ``.doc``/``.wps`` are refused
with a Chinese message.  No network, no entity expansion, size and depth caps.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from model.importreport.text import Cell, Item, Para, Table, clean_cell, lines_to_items
from model.limits import InputError

MAX_FILE = 30 * 1024 * 1024  # bytes of the file read
MAX_TEXT = 5_000_000  # characters of decoded text
MAX_DOCX_XML = 60 * 1024 * 1024  # uncompressed bytes of all members of a .docx
MAX_RATIO = 200  # uncompressed / compressed of one member
MAX_DEPTH = 200  # element nesting
MAX_ITEMS = 20_000  # paragraphs and table rows
MAX_CELLS = 200  # cells in one table row


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InputError(f"无法读取文件“{p.name}”：{e.strerror or e}") from None
    if size > MAX_FILE:
        raise InputError(f"文件“{p.name}”太大（{size // 1024 // 1024} MB），已发布的年度报告不会超过 {MAX_FILE // 1024 // 1024} MB。")
    try:
        return p.read_bytes()
    except OSError as e:
        raise InputError(f"无法读取文件“{p.name}”：{e.strerror or e}") from None


def decode(data: bytes, declared: str | None = None) -> str:
    """UTF-8 (with or without BOM), the declared charset, else detection (GBK/GB18030…)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        enc = declared.lower()
        if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
            enc = "gb18030"
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    enc = best.encoding if best is not None else "gb18030"
    if enc.lower().replace("_", "") in ("gb2312", "gbk", "big5", "cp936"):
        enc = "gb18030" if "big5" not in enc.lower() else enc
    return data.decode(enc, errors="replace")


def _cap_text(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise InputError(f"文字太多（{len(text)} 个字符），不像一份年度报告。")
    return text


def read_txt(data: bytes) -> list[Item]:
    return lines_to_items(_cap_text(decode(data)))


# ---------------------------------------------------------------- HTML

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header", "footer",
          "blockquote", "pre", "dd", "dt", "center", "ul", "ol", "form", "nav", "main", "aside", "tbody"}
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select", "button", "input"}


def read_html(data: bytes) -> list[Item]:
    import lxml.html
    from lxml import etree

    m = _META.search(data[:4096])
    text = _cap_text(decode(data, m.group(1).decode("ascii", "replace") if m else None))
    text = re.sub(r"<\?xml[^>]*\?>", "", text[:200]) + text[200:]
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text[:2000], flags=re.I) + text[2000:]
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise InputError(f"网页无法解析：{e}") from None
    out: list[Item] = []
    buf: list[str] = []

    def flush() -> None:
        joined = "".join(buf)
        for line in joined.split("\n"):
            t = line.replace("\u00a0", " ").strip(" \t\u3000")
            if t:
                out.append(Para(t))
        buf.clear()
        if len(out) > MAX_ITEMS:
            raise InputError("网页内容太多，不像一份年度报告。")

    def walk(el: etree._Element, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InputError("网页的嵌套层次太深，无法读取。")
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP:
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "table" and not el.xpath(".//table"):
            flush()
            out.append(_html_table(el))
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCK or tag in ("table", "tr", "td", "th")
        if block:
            buf.append("\n")
        if tag == "br":
            buf.append("\n")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child, depth + 1)
        if block:
            buf.append("\n")
        if el.tail:
            buf.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root, 0)
    flush()
    return out


def _cell_text(el: object) -> str:
    parts: list[str] = []

    def go(e: object, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InputError("网页的嵌套层次太深，无法读取。")
        tag = getattr(e, "tag", "")
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag in _SKIP:
            return
        if tag in ("br", "p", "div") and parts:
            parts.append("\n")
        t = getattr(e, "text", None)
        if t:
            parts.append(t)
        for c in e:  # type: ignore[attr-defined]
            go(c, depth + 1)
            if c.tail:
                parts.append(c.tail)

    go(el, 0)
    return "".join(parts)


def _html_table(el: object) -> Table:
    rows = [tr for tr in el.iter("tr")]  # type: ignore[attr-defined]
    table = Table()
    taken: dict[tuple[int, int], bool] = {}
    for ri, tr in enumerate(rows[:MAX_ITEMS]):
        col = 0
        row: list[Cell] = []
        for td in tr:
            tag = td.tag.lower() if isinstance(td.tag, str) else ""
            if tag not in ("td", "th"):
                continue
            while taken.get((ri, col)):
                col += 1
            span = _int(td.get("colspan"), 1, MAX_CELLS)
            rspan = _int(td.get("rowspan"), 1, 500)
            row.append(Cell(clean_cell(_cell_text(td)), col, span))
            for r in range(ri, ri + rspan):
                for c in range(col, col + span):
                    taken[(r, c)] = True
            col += span
            if len(row) > MAX_CELLS:
                raise InputError("表格的一行单元格太多，无法读取。")
        table.rows.append(row)
    return table


def _int(text: str | None, default: int, cap: int) -> int:
    try:
        n = int(str(text).strip()) if text is not None else default
    except ValueError:
        return default
    return max(1, min(n, cap))


# ---------------------------------------------------------------- Word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> list[Item]:
    import io

    from lxml import etree

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError("这不是有效的 .docx 文件（可能已损坏，或是改了扩展名的 .doc）。请用 Word/WPS 另存为 .docx。") from None
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if total > MAX_DOCX_XML or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                    and info.file_size > 1_000_000):
            raise InputError("这个 .docx 解压后大得异常（可能是压缩炸弹），已拒绝读取。")
    try:
        xml = zf.read("word/document.xml")
    except KeyError:
        raise InputError("这个 .docx 里没有正文（word/document.xml）。") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as e:
        raise InputError(f"这个 .docx 的正文无法解析：{e}") from None
    body = root.find(W + "body")
    if body is None:
        raise InputError("这个 .docx 里没有正文。")
    out: list[Item] = []

    def walk(parent: etree._Element, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InputError("文档的嵌套层次太深，无法读取。")
        for el in parent:
            if el.tag == W + "p":
                for line in _para_text(el).split("\n"):
                    t = line.strip(" \u3000\t")
                    if t:
                        out.append(Para(t))
            elif el.tag == W + "tbl":
                out.append(_docx_table(el))
            elif el.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                walk(el, depth + 1)
            if len(out) > MAX_ITEMS:
                raise InputError("文档内容太多，不像一份年度报告。")

    walk(body, 0)
    return out


def _para_text(p: object) -> str:
    parts: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):  # type: ignore[attr-defined]
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _docx_table(tbl: object) -> Table:
    table = Table()
    for tr in tbl.iterfind(W + "tr"):  # type: ignore[attr-defined]
        row: list[Cell] = []
        col = 0
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            col += _int(before.get(W + "val"), 0, MAX_CELLS) if before.get(W + "val") else 0
        for tc in tr.iterfind(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = 1
            cont = False
            if pr is not None:
                gs = pr.find(W + "gridSpan")
                if gs is not None:
                    span = _int(gs.get(W + "val"), 1, MAX_CELLS)
                vm = pr.find(W + "vMerge")
                if vm is not None and vm.get(W + "val", "continue") == "continue":
                    cont = True
            if not cont:
                text = "\n".join(_para_text(p) for p in tc.iter(W + "p"))
                row.append(Cell(clean_cell(text), col, span))
            col += span
            if len(row) > MAX_CELLS:
                raise InputError("表格的一行单元格太多，无法读取。")
        table.rows.append(row)
    return table


def read_file(path: str | Path, progress: Callable[[int, int], object] | None = None) -> list[Item]:
    """The file's paragraphs and tables; ``progress(done, total)`` is called while a PDF is read
    page by page (the other kinds are read at once)."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".doc", ".wps", ".wpt", ".dot"):
        raise InputError(f"不能直接读取 {ext} 文件。请用 Word/WPS 另存为 .docx 后再导入。")
    data = read_bytes(p)
    if ext == ".pdf" or data[:5] == b"%PDF-":
        from model.importreport.pdf import read_pdf

        return read_pdf(data, progress)
    if ext == ".docx":
        return read_docx(data)
    if ext in (".html", ".htm", ".shtml", ".xhtml", ".mht"):
        return read_html(data)
    if ext in (".txt", ".text", ""):
        if data[:4] == b"PK\x03\x04":
            return read_docx(data)
        return read_txt(data)
    raise InputError(f"不认识的文件类型“{ext}”。可以导入 .docx、.html/.htm、文字版 .pdf 和 .txt。")
