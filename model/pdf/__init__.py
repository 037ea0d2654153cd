"""PDF export of the report after GB/T 9704 (党政机关公文格式).

``export_pdf(report, path, approval_sheet=False)`` writes the PDF atomically and returns an
``ExportResult`` (pages, draft, missing_chars, ...).  The check ``FONT_MISSING_CHAR``
(characters no font has) lives in ``model.fontcover`` and runs with every other check.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from model import APP_NAME, APP_VERSION
from model.checks import Finding, has_errors, run_checks
from model.fontcover import MissingChar, missing_chars
from model.pdf.document import Builder, approval_boxes
from model.pdf.fonts import FontSet, load_fonts, ui_font_files
from model.pdf.layout import AREA_BOTTOM, AREA_RIGHT, AREA_TOP, LEFT, MM, PAGE_H, PAGE_W, draw_page, paginate
from model.pdf.typeset import Shaper
from model.report import Report
from model.storage import atomic_write
from model.totals import Sheet

__all__ = ["ExportResult", "MissingChar", "export_pdf", "render_pdf", "scan_missing_chars", "ui_font_files"]



@dataclass
class ExportResult:
    path: Path | None
    pages: int  # pages of the report itself (the approval sheet not counted)
    draft: bool  # the report has errors: every page carries “草稿”
    missing_chars: list[MissingChar]
    approval_sheet: bool = False
    total_pages: int = 0  # including the approval sheet
    size: int = 0  # bytes
    fonts: dict[str, str] = field(default_factory=dict)  # role → font used
    findings: list[Finding] = field(default_factory=list)


# ----------------------------------------------------------------------------- font coverage

def scan_missing_chars(report: Report, fonts: FontSet | None = None) -> list[MissingChar]:
    """Characters of the report that none of the PDF fonts has, with where they are."""
    fonts = fonts or load_fonts()
    cover = frozenset(c for face in fonts.faces.values() for c in face.cmap)
    return missing_chars(report, cover)


# ----------------------------------------------------------------------------- rendering

def _page_number(c: Canvas, fonts: FontSet, n: int) -> None:
    """GB/T 9704 7.5: 4号 宋体 “— n —”, 7 mm below the type area, odd pages right and even
    pages left, one character in from the edge of the type area."""
    size = 14.0
    face = fonts.roles["song"]
    text = f"— {n} —"
    for ch in text:
        if fonts.pick("song", ch) != face:
            face = fonts.pick("song", "—") or face
            break
    c.setFont(face, size)
    w = c.stringWidth(text, face, size)
    baseline = AREA_BOTTOM - 7 * MM - 0.3 * size
    if n % 2:
        c.drawString(AREA_RIGHT - size - w, baseline, text)
    else:
        c.drawString(LEFT + size, baseline, text)


def _draft_mark(c: Canvas, fonts: FontSet, errors: int) -> None:
    face = fonts.roles["hei"]
    c.saveState()
    c.setFillColor(Color(0.85, 0.1, 0.1, alpha=0.16))
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(35)
    c.setFont(face, 150)
    c.drawCentredString(0, -50, "草稿")
    c.restoreState()
    c.saveState()
    c.setFillColor(Color(0.8, 0.0, 0.0))
    c.setFont(face, 10.5)
    c.drawString(LEFT, AREA_TOP + 12 * MM, f"草稿：本报告尚有{errors}个错误未改正，改正前不得发布。")
    c.restoreState()


def render_pdf(report: Report, *, approval_sheet: bool = False) -> tuple[bytes, ExportResult]:
    """The PDF as bytes plus the result (path left empty)."""
    fonts = load_fonts()
    sheet = Sheet(report)
    findings = run_checks(report, sheet)
    errors = sum(1 for f in findings if f.severity == "error")
    draft = has_errors(findings)
    shaper = Shaper(fonts)
    boxes = Builder(report, shaper).build()
    pages = paginate(boxes)
    extra = paginate(approval_boxes(report, shaper, findings)) if approval_sheet else []

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1,
               initialFontName=fonts.roles["fangsong"], initialFontSize=16)
    c.setTitle(report.title)
    c.setAuthor(report.organ_name)
    c.setCreator(f"{APP_NAME} {APP_VERSION}")
    c.setSubject("政府信息公开工作年度报告" + ("（草稿）" if draft else ""))
    for i, page in enumerate(pages, start=1):
        if draft:
            _draft_mark(c, fonts, errors)
        draw_page(c, page)
        _page_number(c, fonts, i)
        c.showPage()
    for page in extra:
        if draft:
            _draft_mark(c, fonts, errors)
        draw_page(c, page)
        c.showPage()
    c.save()
    data = buf.getvalue()

    missing = scan_missing_chars(report, fonts)
    known = {m.char for m in missing}
    for m in shaper.missing:
        if m.char not in known:
            known.add(m.char)
            missing.append(m)
    result = ExportResult(None, len(pages), draft, missing, approval_sheet, len(pages) + len(extra), len(data),
                          fonts.describe(), findings)
    return data, result


def export_pdf(report: Report, path: str | os.PathLike[str], *, approval_sheet: bool = False) -> ExportResult:
    """Write the report as PDF to ``path`` (atomically: the old file stays whole on failure)."""
    data, result = render_pdf(report, approval_sheet=approval_sheet)
    atomic_write(path, data, keep_backup=False)
    result.path = Path(path)
    return result

