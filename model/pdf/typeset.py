"""Shaping (font choice per character, visible replacement of missing characters),
measuring and drawing of text lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from model.fontcover import REPLACEMENT, MissingChar, clean_text
from model.pdf.fonts import FontSet
from model.pdf.linebreak import Line, break_lines, justify_spacing


@dataclass(frozen=True)
class Style:
    role: str  # fangsong / song / title / hei / kai
    size: float  # pt
    leading: float  # line pitch, pt
    tracking: float = 0.0  # added to every advance, pt (negative: a little tighter)


@dataclass
class Shaped:
    text: str  # as printed (missing characters replaced)
    faces: list[str]  # face name per character
    widths: list[float]  # advance per character incl. tracking, pt
    style: Style

    def width(self, start: int = 0, end: int | None = None) -> float:
        return sum(self.widths[start:end])


@dataclass
class Shaper:
    fonts: FontSet
    missing: list[MissingChar] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set)
    _adv: dict[tuple[str, str], float] = field(default_factory=dict)

    def shape(self, text: str, style: Style, where: str = "", section: str | None = None,
              part: str | None = None) -> Shaped:
        text = clean_text(text).replace("\n", " ")
        fonts = self.fonts
        out_chars: list[str] = []
        faces: list[str] = []
        widths: list[float] = []
        size = style.size
        tracking = style.tracking
        adv = self._adv
        for ch in text:
            face = fonts.pick(style.role, ch)
            if face is None:
                key = (ch, where)
                if key not in self._seen:
                    self._seen.add(key)
                    self.missing.append(MissingChar(ch, where, section, part))
                ch = REPLACEMENT
                face = fonts.pick(style.role, ch) or fonts.roles[style.role]
            k = (face, ch)
            a = adv.get(k)
            if a is None:
                a = fonts.face(face).advance(ch) / 1000.0
                adv[k] = a
            out_chars.append(ch)
            faces.append(face)
            widths.append(a * size + tracking)
        return Shaped("".join(out_chars), faces, widths, style)

    def lines(self, shaped: Shaped, width: float, first_width: float | None = None) -> list[Line]:
        return break_lines(shaped.text, shaped.widths, width, first_width)


def draw_line(c: Canvas, shaped: Shaped, line: Line, x: float, baseline: float, avail: float | None = None,
              fake_bold: bool = False, justify: bool = True) -> None:
    """Draw ``line`` of ``shaped`` starting at ``x``; with ``avail`` and ``justify`` the line
    is spread to fill ``avail`` (the last line of a paragraph is not)."""
    if line.end <= line.start:
        return
    style = shaped.style
    extra = justify_spacing(line, shaped.text, avail, style.size) if (avail is not None and justify) else 0.0
    if fake_bold:
        c.saveState()
        c.setLineWidth(style.size * 0.035)
    t = c.beginText(x, baseline)
    t.setCharSpace(style.tracking + extra)
    if fake_bold:
        t.setTextRenderMode(2)
    faces = shaped.faces
    text = shaped.text
    i = line.start
    while i < line.end:
        j = i + 1
        f = faces[i]
        while j < line.end and faces[j] == f:
            j += 1
        t.setFont(f, style.size)
        t.textOut(text[i:j])
        i = j
    c.drawText(t)
    if fake_bold:
        c.restoreState()
