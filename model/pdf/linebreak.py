"""Chinese line breaking: 标点避头尾, unbreakable numbers and Latin words, justification.

The breaker works on a string and a parallel list of advance widths (one per character,
already including any tracking), so it knows nothing about fonts.  It returns the lines
as index ranges; the caller draws them and spreads the spare width of every line but the
last between its characters.

Rules (GB/T 15834 and common typesetting practice):
* a closing mark (，。、；：？！）」』”’》〉】 …) never starts a line: it sticks to the
  character before it;
* an opening mark (（「『“‘《〈【 …) never ends a line: it sticks to the character after it;
* a run of ASCII letters, digits and the connectors inside numbers (2021, 0571-88538105,
  90.9%, www.gov.cn) is not split, nor are the doubled marks —— and ……;
* a unit wider than a whole line is split by characters as a last resort, still avoiding a
  closing mark at the start of the new line where the unit allows it;
* spaces at the end of a line are dropped, so are spaces at the start of a continuation line;
  a run of spaces before a closing mark is never a break (the mark would start the line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CLOSING = frozenset(
    "，。、；：？！）］｝〕〉》」』】〙〗〟’”｠»›"
    ",.;:?!)]}%‰℃°′″·・‧ー々〻ヽヾゝゞ〆ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "︰︱︲︳︴︶︸︺︼︾﹀﹂﹄﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞"
)
OPENING = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«‹([{＄￥$£¥€#＃")
DOUBLED = frozenset("—…‥")
SPACES = frozenset(" \u00a0\u2002\u2003\u2009")
WORD_INNER = frozenset(".-_/@&+'#:~=?%")  # connectors inside a number, URL or e-mail address


def is_word_char(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum()
    o = ord(ch)
    # Latin-1 supplement / Latin Extended / Greek / Cyrillic letters and digits
    return 0x00C0 <= o < 0x0530 and ch.isalnum()


@dataclass(frozen=True)
class Line:
    start: int  # index of the first character
    end: int  # index after the last character (trailing spaces excluded)
    width: float  # natural width of text[start:end]
    last: bool  # last line of the paragraph (not justified)


def units(text: str) -> list[tuple[int, int]]:
    """Split text into unbreakable units (index ranges)."""
    out: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        j = i + 1
        if is_word_char(ch):
            while j < n:
                c = text[j]
                if is_word_char(c):
                    j += 1
                elif c in WORD_INNER and j + 1 < n and is_word_char(text[j + 1]):
                    j += 2
                else:
                    break
        elif ch in DOUBLED:
            while j < n and text[j] == ch:
                j += 1
        out.append((i, j))
        i = j
    return out


def atoms(text: str) -> list[list[int]]:
    """Units glued by the 避头尾 rules: the pieces a line may be broken between."""
    out: list[list[int]] = []
    open_pending = False  # the last atom ends with an opening mark (maybe followed by spaces)
    for s, e in units(text):
        first = text[s]
        if out and first in CLOSING:
            # a closing mark sticks to the last character before it that is not a space, and
            # the spaces in between stick too: however many there are, none becomes a break
            k = len(out)
            while k > 1 and _is_space(text, *out[k - 1]):
                k -= 1
            out[k - 1][1] = e
            del out[k:]
        elif out and open_pending:
            out[-1][1] = e
        else:
            out.append([s, e])
        single = e - s == 1
        open_pending = single and (first in OPENING or (open_pending and first in SPACES))
    return out


def _is_space(text: str, s: int, e: int) -> bool:
    return all(c in SPACES for c in text[s:e])


def _can_break_at(text: str, b: int, e: int) -> bool:
    """Whether an atom ending at ``e`` may be cut before index ``b`` (as a last resort): not
    after an opening mark, and the next line (its leading spaces dropped) does not start
    with a closing mark."""
    if text[b - 1] in OPENING:
        return False
    while b < e and text[b] in SPACES:
        b += 1
    return b == e or text[b] not in CLOSING


def _force_split(text: str, cum: Sequence[float], s: int, e: int, avail: float) -> int:
    """Where to cut an atom wider than a whole line: index k with s < k < e."""
    k = s + 1
    while k < e - 1 and cum[k + 1] - cum[s] <= avail + 1e-6:
        k += 1
    best = k
    while best > s + 1 and not _can_break_at(text, best, e):
        best -= 1
    if not _can_break_at(text, best, e):
        return k  # the unit leaves no choice: fill the line
    return best


def break_lines(text: str, widths: Sequence[float], width: float, first_width: float | None = None) -> list[Line]:
    """Break ``text`` (one paragraph, no newlines) into lines of at most ``width``
    (``first_width`` for the first line, e.g. after a first-line indent)."""
    if len(widths) != len(text):
        raise ValueError("one width per character is needed")
    if not text:
        return [Line(0, 0, 0.0, True)]
    cum = [0.0]
    for w in widths:
        cum.append(cum[-1] + w)
    ats = atoms(text)
    lines: list[Line] = []
    i = 0
    avail = width if first_width is None else first_width
    eps = 1e-6
    while i < len(ats):
        if lines:
            while i < len(ats) and _is_space(text, *ats[i]):
                i += 1  # no space at the start of a continuation line
            if i >= len(ats):
                break
            s0 = ats[i][0]
            while text[s0] in SPACES:  # the rest of an atom cut as a last resort
                s0 += 1
            ats[i][0] = s0
        start_atom = i
        line_start = ats[i][0]
        end = line_start
        while i < len(ats):
            s, e = ats[i]
            if cum[e] - cum[line_start] <= avail + eps:
                end = e
                i += 1
                continue
            if _is_space(text, s, e):
                i += 1  # a space that does not fit simply ends the line
                break
            if i == start_atom:
                if e - s == 1:  # a single character wider than the line: it goes alone
                    end = e
                    i += 1
                else:
                    k = _force_split(text, cum, s, e, avail)
                    ats[i] = [s, k]
                    ats.insert(i + 1, [k, e])
                    end = k
                    i += 1
            break
        trimmed = end
        while trimmed > line_start and text[trimmed - 1] in SPACES:
            trimmed -= 1
        lines.append(Line(line_start, trimmed, cum[trimmed] - cum[line_start], False))
        avail = width
    if not lines:
        return [Line(0, 0, 0.0, True)]
    last = lines[-1]
    lines[-1] = Line(last.start, last.end, last.width, True)
    return lines


def justify_spacing(line: Line, text: str, avail: float, size: float) -> float:
    """Extra space to add after every character but the last so the line fills ``avail``.

    The last line of a paragraph is not justified; neither is a line that would need more
    than a fifth of a character between glyphs (a lone word pushed to the next line)."""
    n = line.end - line.start
    if line.last or n < 2:
        return 0.0
    extra = avail - line.width
    if extra <= 0:
        return 0.0
    per = extra / (n - 1)
    return per if per <= size * 0.2 else 0.0
