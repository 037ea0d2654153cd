"""Which fonts the program uses, and which characters of a report none of them has.

Light on purpose (no reportlab, no Qt): the window imports it at start-up to load the
bundled fonts, and the check catalogue runs ``check_font_coverage`` on every edit.  The
coverage comes from the fonts' ``cmap`` tables, read directly from the font files and
cached per file; ``model.pdf`` does the typesetting with the same fonts.
"""

from __future__ import annotations

import os
import struct
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from model.resources import resource_path

if TYPE_CHECKING:
    from model.checks import Finding
    from model.report import Report
    from model.totals import Figures

CHECK_CODE = "FONT_MISSING_CHAR"
REPLACEMENT = "□"

BUNDLED = {
    "fang": "GKNBFang-Regular.ttf",  # 仿宋 (FandolFang), the body of the PDF
    "serif": "GKNBSerifSC-Regular.ttf",
    "hei": "GKNBHei-Regular.ttf",
    "kai": "GKNBKai-Regular.ttf",
}

# file names (lower case) of the usual 公文 fonts, best first
SYSTEM_CANDIDATES: dict[str, tuple[str, ...]] = {
    "fangsong": ("仿宋_gb2312.ttf", "fs_gb2312.ttf", "fangsong_gb2312.ttf", "simfang.ttf", "fzfsk.ttf",
                 "fzfsjw.ttf", "方正仿宋_gbk.ttf"),
    "hei": ("simhei.ttf", "fzhtk.ttf", "fzhtjw.ttf", "方正黑体_gbk.ttf"),
    "kai": ("楷体_gb2312.ttf", "kaiti_gb2312.ttf", "simkai.ttf", "fzktk.ttf", "fzktjw.ttf", "方正楷体_gbk.ttf"),
    "song": ("simsun.ttc", "simsun.ttf", "fzssk.ttf", "fzssjw.ttf"),
    "title": ("fzxbsjw.ttf", "fzxbsk.ttf", "fzxbsjw--gb1-0.ttf", "方正小标宋简体.ttf", "方正小标宋_gbk.ttf",
              "fzxiaobiaosong-b05s.ttf", "fzxbs_gbk.ttf"),
}


def bundled_font_dir() -> Path:
    return resource_path("fonts")


def ui_font_files() -> list[Path]:
    """Bundled font files the Qt UI loads with ``QFontDatabase.addApplicationFont`` so that
    Chinese text never shows as boxes (GKNB Hei first: it covers the most characters)."""
    folder = bundled_font_dir()
    order = ("hei", "serif", "kai")
    return [folder / BUNDLED[k] for k in order if (folder / BUNDLED[k]).is_file()]


def bundled_font_files() -> list[Path]:
    folder = bundled_font_dir()
    return [folder / f for f in BUNDLED.values() if (folder / f).is_file()]


def system_font_dirs() -> list[Path]:
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                 Path.home() / ".local" / "share" / "fonts"]
    return [d for d in dirs if d.is_dir()]


def find_system_fonts(dirs: list[Path] | None = None) -> dict[str, Path]:
    """Role → installed font file, by file name (case-insensitive)."""
    wanted = {name: role for role, names in SYSTEM_CANDIDATES.items() for name in names}
    found: dict[str, Path] = {}
    for d in dirs if dirs is not None else system_font_dirs():
        for root, _subdirs, files in os.walk(d):
            for f in files:
                low = f.lower()
                if low in wanted:
                    found.setdefault(low, Path(root) / f)
    out: dict[str, Path] = {}
    for role, names in SYSTEM_CANDIDATES.items():
        for n in names:
            if n in found:
                out[role] = found[n]
                break
    return out


_system_fonts_cache: dict[str, Path] | None = None
_system_lock = threading.Lock()


def system_fonts() -> dict[str, Path]:
    """``find_system_fonts()`` once per process."""
    global _system_fonts_cache
    with _system_lock:
        if _system_fonts_cache is None:
            _system_fonts_cache = find_system_fonts()
        return _system_fonts_cache


def use_system_fonts() -> bool:
    """System fonts are used unless ``GKNB_PDF_FONTS=bundled`` (tests, reproducible output)."""
    return os.environ.get("GKNB_PDF_FONTS", "").lower() != "bundled"


# --------------------------------------------------------------------------- text hygiene

_IGNORABLE_RANGES = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x1F3FB, 0x1F3FF))


def is_ignorable(ch: str) -> bool:
    """Invisible characters dropped before typesetting: controls (except newline), format
    characters (zero-width space/joiner, BOM, bidi marks), variation selectors and emoji
    skin-tone modifiers.  They draw nothing, so dropping them loses nothing visible."""
    if ch == "\n":
        return False
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs"):
        return True
    o = ord(ch)
    return any(a <= o <= b for a, b in _IGNORABLE_RANGES)


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch for ch in text if not is_ignorable(ch))


# --------------------------------------------------------------------------- cmap reading


def _cmap_from_table(data: bytes, base: int) -> set[int]:
    """Code points mapped to a glyph by the best Unicode subtable of a ``cmap`` table."""
    _version, n = struct.unpack_from(">HH", data, base)
    best: tuple[int, int] | None = None  # (rank, offset)
    for i in range(n):
        pid, eid, off = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, base + off)[0]
        unicode_table = (pid == 3 and eid in (1, 10)) or pid == 0
        if not unicode_table or fmt not in (4, 12):
            continue
        rank = 2 if fmt == 12 else 1
        if best is None or rank > best[0]:
            best = (rank, base + off)
    out: set[int] = set()
    if best is None:
        return out
    off = best[1]
    fmt = struct.unpack_from(">H", data, off)[0]
    if fmt == 12:
        ngroups = struct.unpack_from(">I", data, off + 12)[0]
        for g in range(ngroups):
            start, end, glyph = struct.unpack_from(">III", data, off + 16 + 12 * g)
            if glyph == 0:
                start += 1
            out.update(range(start, min(end, 0x10FFFF) + 1))
        return out
    segx2 = struct.unpack_from(">H", data, off + 6)[0]
    seg = segx2 // 2
    ends = struct.unpack_from(f">{seg}H", data, off + 14)
    starts = struct.unpack_from(f">{seg}H", data, off + 16 + segx2)
    deltas = struct.unpack_from(f">{seg}h", data, off + 16 + 2 * segx2)
    ro_pos = off + 16 + 3 * segx2
    ranges = struct.unpack_from(f">{seg}H", data, ro_pos)
    for i in range(seg):
        s, e = starts[i], ends[i]
        if s == 0xFFFF:
            continue
        if ranges[i] == 0:
            out.update(c for c in range(s, e + 1) if (c + deltas[i]) & 0xFFFF)
            continue
        for c in range(s, e + 1):
            pos = ro_pos + 2 * i + ranges[i] + 2 * (c - s)
            glyph = struct.unpack_from(">H", data, pos)[0] if pos + 2 <= len(data) else 0
            if glyph:
                out.add(c)
    return out


@lru_cache(maxsize=32)
def _read_cmap_cached(path: str, size: int, mtime: float, index: int) -> frozenset[int]:
    """Reads only the font header, the table directory and the cmap table (a few KiB of a
    multi-MiB file)."""
    with open(path, "rb") as f:
        head = f.read(12)
        base = 0
        if head[:4] == b"ttcf":
            count = struct.unpack_from(">I", head, 8)[0]
            offsets = f.read(4 * count)
            base = struct.unpack_from(">I", offsets, 4 * min(index, count - 1))[0]
            f.seek(base)
            head = f.read(12)
        ntables = struct.unpack_from(">H", head, 4)[0]
        directory = f.read(16 * ntables)
        for i in range(ntables):
            tag, _sum, off, length = struct.unpack_from(">4sIII", directory, 16 * i)
            if tag == b"cmap":
                f.seek(off)
                return frozenset(_cmap_from_table(f.read(length), 0))
    return frozenset()


def read_cmap(path: str | os.PathLike[str], index: int = 0) -> frozenset[int]:
    """The code points a font file (.ttf/.otf/.ttc, face ``index``) has glyphs for; an
    unreadable file covers nothing."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
        return _read_cmap_cached(p, st.st_size, st.st_mtime, index)
    except (OSError, struct.error, IndexError):
        return frozenset()


def font_files_in_use() -> list[Path]:
    """Every font file the PDF may draw with: the installed 公文 fonts (unless disabled)
    and the bundled ones, which are always in the fallback chain."""
    files = list(system_fonts().values()) if use_system_fonts() else []
    return files + bundled_font_files()


def coverage() -> frozenset[int]:
    """Union of the code points of every font in use."""
    return _union(tuple(os.fspath(p) for p in font_files_in_use()))


@lru_cache(maxsize=4)
def _union(paths: tuple[str, ...]) -> frozenset[int]:
    out: set[int] = set()
    for p in paths:
        out |= read_cmap(p)
    return frozenset(out)


# --------------------------------------------------------------------------- the check


@dataclass(frozen=True)
class MissingChar:
    """A character none of the fonts has; printed as “□”."""

    char: str
    where: str  # Chinese description, e.g. "一、总体情况 /（一）主动公开"
    section: str | None = None
    part: str | None = None

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def ordinary(self) -> str | None:
        """The ordinary Chinese character a compatibility form stands for (a Kangxi radical “⼯”
        pasted from a PDF is 工), when there is one."""
        n = unicodedata.normalize("NFKC", self.char)
        if len(n) != 1 or n == self.char or not unicodedata.name(n, "").startswith("CJK UNIFIED IDEOGRAPH"):
            return None
        return n

    def to_dict(self) -> dict[str, str | None]:
        return {"char": self.char, "codepoint": self.codepoint, "where": self.where,
                "section": self.section, "part": self.part}


SPACES = frozenset(" \u3000\u00a0\t")


def report_texts(report: Report) -> list[tuple[str, str, str | None, str | None]]:
    """Every piece of text the clerk typed: (text, where, section, part)."""
    out: list[tuple[str, str, str | None, str | None]] = [(report.organ_name, "机关名称", "s0", None)]
    c = report.contact
    for value, label in ((c.office, "联系科室"), (c.address, "地址"), (c.postcode, "邮编"), (c.phone, "电话"), (c.fax, "传真")):
        out.append((value, f"联系方式（{label}）", "s0", None))
    fmt = report.format
    for p in fmt.prose:
        text = report.text(p.key)
        if text:
            out.append((text, f"{fmt.section(p.section).heading} /{p.heading or p.label}", p.section, p.key))
    return out


def _gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def missing_chars(report: Report, covered: frozenset[int] | None = None) -> list[MissingChar]:
    """Characters of the report that none of the fonts has, with where they are.

    Without an explicit ``covered`` set, text entirely within GB 2312 needs no look-up: the
    bundled serif font, always in the fallback chain, has every GB 2312 character (a test
    keeps it so), so the fonts' cmaps are read only when a rarer character turns up."""
    texts = report_texts(report)
    if covered is None:
        texts = [t for t in texts if not _gb2312(t[0])]
        if not texts:
            return []
    cov = coverage() if covered is None else covered
    if not cov:
        return []  # no font found at all: the export itself reports that
    out: list[MissingChar] = []
    for text, where, section, part in texts:
        if text.isascii():
            continue  # every bundled font covers printable ASCII
        seen: set[str] = set()
        for ch in clean_text(text):
            if ch in seen or ch == "\n" or ch in SPACES:
                continue
            seen.add(ch)
            if ord(ch) not in cov:
                out.append(MissingChar(ch, where, section, part))
    return out


def missing_char_findings(missing: list[MissingChar]) -> list[Finding]:
    from model.checks import WARNING, Finding

    by_where: dict[str, list[MissingChar]] = {}
    for m in missing:
        by_where.setdefault(m.where, []).append(m)
    out = []
    for where, ms in by_where.items():
        shown = "、".join(f"“{m.char}”（{m.codepoint}）" + (f"应为“{m.ordinary}”" if m.ordinary else "")
                         for m in ms[:8]) + ("等" if len(ms) > 8 else "")
        if any(m.ordinary for m in ms):
            shown += "（看着像常用字，实际是兼容字符，多半是从PDF复制来的）"
        out.append(Finding(CHECK_CODE, WARNING,
                           f"“{where}”中有{len(ms)}个字符在PDF字体中没有：{shown}。导出PDF时将印成“{REPLACEMENT}”，"
                           "请改用常用字、删去表情符号，或在装有相应字体的电脑上导出。",
                           section=ms[0].section, part=ms[0].part))
    return out


def check_font_coverage(report: Report, sheet: Figures | None = None) -> list[Finding]:
    return missing_char_findings(missing_chars(report))
