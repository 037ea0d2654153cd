"""Hand-built .xlsx packages for the bounded-work tests: the sheet XML is written
directly, so a file can declare what openpyxl would never write (20,000 overlapping
merged ranges, a dimension of A1:XFD1048576, thousands of sheets)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def col(c: int) -> str:
    s = ""
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def write_package(path: Path, sheets: list[str], shared: list[str] | None = None) -> Path:
    """A minimal valid .xlsx with the given sheet XML parts (and shared strings)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        ct = [f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              f'<Default Extension="xml" ContentType="application/xml"/>'
              f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>']
        ct += [f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{CT}.worksheet+xml"/>'
               for i in range(len(sheets))]
        if shared is not None:
            ct.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>')
        z.writestr("[Content_Types].xml", "".join(ct) + "</Types>")
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        wb = "".join(f'<sheet name="表{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(sheets)))
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{wb}'
                   "</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                       for i in range(len(sheets)))
        if shared is not None:
            rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">{rels}'
                   "</Relationships>")
        for i, s in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", s)
        if shared is not None:
            items = "".join(f"<si><t>{t}</t></si>" for t in shared)
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{MAIN}">{items}</sst>')
    return path


def sheet_xml(dimension: str = "A1", rows: str = "", merges: list[str] | None = None) -> str:
    m = ""
    if merges:
        m = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in merges) + "</mergeCells>"
    return (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData>'
            f"{m}</worksheet>")


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def corner_rows(last_row: int = 2000, last_col: int = 80) -> str:
    """A label in A1 and a number in the far corner: the whole area counts as filled."""
    return (f'<row r="1">{text_cell("A1", "标题")}</row>'
            f'<row r="{last_row}"><c r="{col(last_col)}{last_row}"><v>1</v></c></row>')


def overlapping_merges(path: Path, n: int = 20_000) -> Path:
    """``n`` merged ranges all covering (nearly) the whole filled area."""
    refs = [f"A{i % 100 + 1}:CB2000" for i in range(n)]
    return write_package(path, [sheet_xml("A1:CB2000", corner_rows(), refs)])


def many_small_merges(path: Path, n: int = 20_000) -> Path:
    """``n`` disjoint two-cell merged ranges over a filled area (legal, just many)."""
    refs = [f"{col(2 * (i % 40) + 1)}{i // 40 + 1}:{col(2 * (i % 40) + 2)}{i // 40 + 1}" for i in range(n)]
    return write_package(path, [sheet_xml("A1:CB2000", corner_rows(), refs)])


def merges_over_cap(path: Path, n: int) -> Path:
    refs = [f"A{i + 1}" for i in range(n)]
    return write_package(path, [sheet_xml("A1", corner_rows(), refs)])


def huge_dimension(path: Path) -> Path:
    rows = (f'<row r="1">{text_cell("A1", "标题")}</row>'
            f'<row r="1048576">{text_cell("XFD1048576", "最后")}</row>')
    return write_package(path, [sheet_xml("A1:XFD1048576", rows)])


def many_sheets(path: Path, n: int = 3000) -> Path:
    return write_package(path, [sheet_xml("A1:XFD1048576", f'<row r="1">{text_cell("A1", str(i))}</row>')
                                for i in range(n)])


def many_cells(path: Path, n: int) -> Path:
    per_row = 50
    rows = "".join(f'<row r="{r + 1}">' + "".join(f'<c r="{col(c + 1)}{r + 1}"><v>{c}</v></c>' for c in range(per_row))
                   + "</row>" for r in range(n // per_row))
    return write_package(path, [sheet_xml(f"A1:{col(per_row)}{n // per_row}", rows)])


def many_strings(path: Path, n: int) -> Path:
    return write_package(path, [sheet_xml("A1", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')],
                         shared=[f"文字{i}" for i in range(n)])


def many_styles(path: Path, n: int) -> Path:
    """A styles part with ``n`` cell formats (Excel itself allows 64,000)."""
    write_package(path, [sheet_xml("A1", '<row r="1"><c r="A1" s="1"><v>1</v></c></row>')])
    xfs = "".join(f'<xf numFmtId="{i % 50}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for i in range(n))
    styles = (f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills count="1">'
              f'<fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
              f'<cellXfs count="{n}">{xfs}</cellXfs></styleSheet>')
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/styles.xml", styles)
    return path


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "overlapping_merges": overlapping_merges,
    "many_small_merges": many_small_merges,
    "huge_dimension": huge_dimension,
    "many_sheets": many_sheets,
}
