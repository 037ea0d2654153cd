"""PDF export of the report after GB/T 9704 (党政机关公文格式).

``export_pdf(report, path, approval_sheet=False, approval_inline=False, final=False)`` writes
the PDF atomically and returns an ``ExportResult`` (pages, draft, missing_chars, ...).  A report
that is not finished (``model.finality``) carries 草稿 on every page unless ``final`` is asked
for; errors always do.  The 审签单 is written as its own file (``…-审签单.pdf``) so that it is
not published by accident, or at the end of the report when ``approval_inline``.  The check ``FONT_MISSING_CHAR``
(characters no font has) lives in ``model.fontcover`` and runs with every other check.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from model import APP_NAME, APP_VERSION
from model.checks import Finding, run_checks
from model.files import approval_path_for, atomic_write
from model.finality import Unfinished, unfinished
from model.fontcover import MissingChar, missing_chars
from model.pdf.document import Builder, approval_boxes
from model.pdf.fonts import FontSet, load_fonts
from model.pdf.layout import AREA_BOTTOM, AREA_RIGHT, AREA_TOP, LEFT, MM, PAGE_H, PAGE_W, draw_page, paginate
from model.pdf.typeset import Shaper
from model.report import Report
from model.totals import Figures

__all__ = ["DATE_ENV", "ExportResult", "MissingChar", "approval_path_for", "creation_time", "export_pdf",
           "render_approval_sheet", "render_pdf", "scan_missing_chars"]



@dataclass
class ExportResult:
    path: Path | None
    pages: int  # pages of the report itself (the approval sheet not counted)
    draft: bool  # the report is not finished (or has errors): every page carries “草稿”
    missing_chars: list[MissingChar]
    approval_sheet: bool = False
    total_pages: int = 0  # including the approval sheet
    size: int = 0  # bytes
    fonts: dict[str, str] = field(default_factory=dict)  # role → font used
    findings: list[Finding] = field(default_factory=list)
    unfinished: Unfinished = field(default_factory=Unfinished)
    approval_path: Path | None = None  # the separate 审签单 file, when one was written


# ----------------------------------------------------------------------------- font coverage

def scan_missing_chars(report: Report, fonts: FontSet | None = None) -> list[MissingChar]:
    """Characters of the report that none of the PDF fonts has, with where they are."""
    fonts = fonts or load_fonts()
    return missing_chars(report, fonts.coverage())


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


def _draft_mark(c: Canvas, fonts: FontSet, remains: str) -> None:
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
    c.drawString(LEFT, AREA_TOP + 12 * MM, f"草稿：本报告尚有{remains}，完成前不得发布。")
    c.restoreState()


DATE_ENV = "GKNB_PDF_DATE"  # a fixed creation date (ISO 8601), for byte-identical output in tests


def creation_time(created: dt.datetime | None = None) -> dt.datetime:
    """The PDF's creation date: ``created``; else ``GKNB_PDF_DATE`` (ISO 8601, e.g.
    ``2022-01-13T09:30:00+08:00``) or ``SOURCE_DATE_EPOCH`` (seconds, UTC); else now.  A
    time without a zone is taken as local time."""
    if created is None:
        fixed = os.environ.get(DATE_ENV, "").strip()
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if fixed:
            try:
                created = dt.datetime.fromisoformat(fixed)
            except ValueError:
                created = None
        elif epoch.isdigit():
            created = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    if created is None:
        created = dt.datetime.now()
    if created.tzinfo is None:
        created = created.astimezone()
    return created.replace(microsecond=0)


def pdf_date(t: dt.datetime) -> str:
    """PDF date string (ISO 32000 7.9.4): D:YYYYMMDDHHmmSS+08'00'."""
    off = t.utcoffset() or dt.timedelta(0)
    minutes = int(off.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"D:{t:%Y%m%d%H%M%S}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def _new_canvas(buf: io.BytesIO, fonts: FontSet, report: Report, subject: str,
                created: dt.datetime | None = None) -> Canvas:
    # invariant: no random document ID, so that the same report and date give the same bytes;
    # the creation date is written by hand (reportlab's invariant mode would write 2000-01-01)
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1,
               initialFontName=fonts.roles["fangsong"], initialFontSize=16)
    stamp = pdf_date(creation_time(created))
    c.setDateFormatter(lambda *_: stamp)
    c.setTitle(report.title)
    c.setAuthor(report.organ_name.strip() or "（机关名称）")
    c.setCreator(f"{APP_NAME} {APP_VERSION}")
    c.setSubject(subject)
    return c


def render_pdf(report: Report, *, approval_sheet: bool = False, final: bool = False,
               created: dt.datetime | None = None) -> tuple[bytes, ExportResult]:
    """The PDF as bytes plus the result (path left empty); ``approval_sheet``: the 审签单 at
    its end.  ``final``: no 草稿 mark for a report that is unfinished but has no errors.
    ``created``: the creation date in the metadata (default ``creation_time()``)."""
    fonts = load_fonts()
    sheet = Figures(report)
    findings = run_checks(report, sheet)
    left = unfinished(report, findings)
    draft = bool(left.errors) or (not final and not left.clean)
    remains = left.summary()
    shaper = Shaper(fonts)
    boxes = Builder(report, shaper).build()
    pages = paginate(boxes)
    extra = paginate(approval_boxes(report, shaper, findings)) if approval_sheet else []

    buf = io.BytesIO()
    c = _new_canvas(buf, fonts, report, "政府信息公开工作年度报告" + ("（草稿）" if draft else ""), created)
    for i, page in enumerate(pages, start=1):
        if draft:
            _draft_mark(c, fonts, remains)
        draw_page(c, page)
        _page_number(c, fonts, i)
        c.showPage()
    for page in extra:
        if draft:
            _draft_mark(c, fonts, remains)
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
                          fonts.describe(), findings, left)
    return data, result


def render_approval_sheet(report: Report, findings: list[Finding] | None = None,
                          created: dt.datetime | None = None) -> bytes:
    """The 审签单 alone, as a PDF of its own."""
    fonts = load_fonts()
    fs = run_checks(report) if findings is None else findings
    buf = io.BytesIO()
    c = _new_canvas(buf, fonts, report, "政府信息公开工作年度报告审签单", created)
    for page in paginate(approval_boxes(report, Shaper(fonts), fs)):
        draw_page(c, page)
        c.showPage()
    c.save()
    return buf.getvalue()


def export_pdf(report: Report, path: str | os.PathLike[str], *, approval_sheet: bool = False,
               approval_inline: bool = False, final: bool = False, created: dt.datetime | None = None) -> ExportResult:
    """Write the report as PDF to ``path`` (atomically: the old file stays whole on failure);
    with ``approval_sheet`` the 审签单 goes to ``approval_path_for(path)``, or at the end of the
    report when ``approval_inline``."""
    inline = approval_sheet and approval_inline
    data, result = render_pdf(report, approval_sheet=inline, final=final, created=created)
    atomic_write(path, data, keep_backup=False)
    result.path = Path(path)
    if approval_sheet and not inline:
        sheet_path = approval_path_for(path)
        atomic_write(sheet_path, render_approval_sheet(report, result.findings, created), keep_backup=False)
        result.approval_path = sheet_path
        result.approval_sheet = True
        result.total_pages = result.pages
    return result

