"""Fonts for the PDF export (and for the Qt UI).

Roles after GB/T 9704: ``fangsong`` (body, 3号仿宋), ``hei`` (一、 headings), ``kai``
(（一） headings), ``song`` (page numbers, 4号宋体) and ``title`` (2号小标宋).

Real 公文 fonts are preferred where installed (Windows: simfang.ttf, simhei.ttf, simkai.ttf,
simsun.ttc, 方正小标宋; searched by file name in the system and per-user font folders).
Otherwise the bundled fonts of ``resources/fonts`` are used (see docs/pdf.md for their
licenses): GKNB Fang (from FandolFang, GPL-3 with the font exception) for 仿宋, GKNB Serif
SC (from Noto Serif CJK SC) for 宋体/小标宋, GKNB Hei (from
WenQuanYi Micro Hei, also the fallback for rare characters) for 黑体, GKNB Kai (from LXGW
WenKai) for 楷体.  Every role has a fallback chain over all loaded fonts; a character no
font has is replaced by a visible “□” and reported (check ``FONT_MISSING_CHAR``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from model.fontcover import BUNDLED, bundled_font_dir, system_fonts, use_system_fonts

ROLES = ("fangsong", "song", "title", "hei", "kai")
BUNDLED_FOR_ROLE = {"fangsong": "fang", "song": "serif", "title": "serif", "hei": "hei", "kai": "kai"}
ROLE_NAMES = {"fangsong": "仿宋", "song": "宋体", "title": "小标宋", "hei": "黑体", "kai": "楷体"}


@dataclass
class Face:
    """One loaded font: the reportlab name, its file and what it covers."""

    name: str
    path: Path
    label: str  # e.g. "仿宋（simfang.ttf）"
    bundled: bool
    widths: dict[int, float]
    default_width: float
    cmap: frozenset[int]

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def advance(self, ch: str) -> float:
        """Advance width in 1/1000 em."""
        return self.widths.get(ord(ch), self.default_width)


def _load_face(name: str, path: Path, label: str, bundled: bool) -> Face:
    # reportlab's own registry, asked directly: ``getFont`` of a name not registered yet
    # searches the disk for Type 1 fonts of that name first (most of a first export's time)
    if name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
    else:
        font = TTFont(name, str(path), subfontIndex=0)
        pdfmetrics.registerFont(font)
    face = font.face  # type: ignore[attr-defined]
    cmap = frozenset(c for c in face.charToGlyph if face.charToGlyph[c])
    return Face(name, path, label, bundled, dict(face.charWidths), float(face.defaultWidth), cmap)


@dataclass
class FontSet:
    faces: dict[str, Face]
    roles: dict[str, str]  # role -> primary face name
    fake_bold_title: bool  # the title font is a regular 宋体 drawn a little heavier
    chains: dict[str, list[str]] = field(default_factory=dict)
    _pick: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)
    _cover: frozenset[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        bundled = [f.name for f in self.faces.values() if f.bundled]
        for role, primary in self.roles.items():
            chain = [primary]
            for other in [self.roles[r] for r in ROLES] + bundled:
                if other not in chain:
                    chain.append(other)
            self.chains[role] = chain

    def face(self, name: str) -> Face:
        return self.faces[name]

    def coverage(self) -> frozenset[int]:
        """Every character some face has (computed once per font set)."""
        cover = self._cover
        if cover is None:
            cover = self._cover = frozenset(c for face in self.faces.values() for c in face.cmap)
        return cover

    def pick(self, role: str, ch: str) -> str | None:
        """The face that draws ``ch`` in ``role`` (primary first, then fallbacks), or None."""
        key = (role, ch)
        try:
            return self._pick[key]
        except KeyError:
            pass
        chosen = None
        o = ord(ch)
        for name in self.chains[role]:
            if o in self.faces[name].cmap:
                chosen = name
                break
        self._pick[key] = chosen
        return chosen

    def describe(self) -> dict[str, str]:
        return {ROLE_NAMES[r]: self.faces[self.roles[r]].label for r in ROLES}


_lock = threading.Lock()
_cache: dict[bool, FontSet] = {}


def load_fonts(system: bool | None = None) -> FontSet:
    """The fonts for the PDF (loaded and registered with reportlab once per process)."""
    if system is None:
        system = use_system_fonts()
    with _lock:
        if system in _cache:
            return _cache[system]
        faces: dict[str, Face] = {}
        folder = bundled_font_dir()
        bundled_names: dict[str, str] = {}
        for key, fname in BUNDLED.items():
            path = folder / fname
            if not path.is_file():
                continue
            face = _load_face(f"GKNB-{key}", path, f"{fname}（随程序提供）", True)
            faces[face.name] = face
            bundled_names[key] = face.name
        roles: dict[str, str] = {}
        fake_bold = True
        if system:
            for role, path in system_fonts().items():
                name = f"SYS-{role}-{path.stem}"
                try:
                    face = _load_face(name, path, f"{ROLE_NAMES[role]}（{path.name}）", False)
                except Exception:  # noqa: BLE001 - a broken or CFF font: keep the bundled one
                    continue
                faces[name] = face
                roles[role] = name
                if role == "title":
                    fake_bold = False
        if not faces:
            raise FileNotFoundError(f"找不到PDF字体：{folder}")
        any_face = next(iter(faces))
        for role in ROLES:
            if role not in roles:
                if role == "title" and "song" in roles:
                    roles[role] = roles["song"]
                elif role == "title" and "fangsong" in roles and "serif" not in bundled_names:
                    roles[role] = roles["fangsong"]
                else:
                    roles[role] = bundled_names.get(BUNDLED_FOR_ROLE[role]) or bundled_names.get("serif", any_face)
        fs = FontSet(faces, roles, fake_bold)
        _cache[system] = fs
        return fs
