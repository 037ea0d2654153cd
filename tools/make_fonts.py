"""Build the fonts bundled in resources/fonts/ (run once; the results are committed).

Sources (Debian packages, all licensed for redistribution and embedding):
  fonts-noto-cjk       NotoSerifCJK-Regular.ttc, face "Noto Serif CJK SC"   (SIL OFL 1.1)
  fonts-lxgw-wenkai    LXGWWenKai-Regular.ttf                                (SIL OFL 1.1)
  fonts-wqy-microhei   wqy-microhei.ttc, face "WenQuanYi Micro Hei"          (Apache-2.0 / GPLv3+FE)

What it does:
  * subsets each font to GB 2312 (楷体, used for headings only: level 1 of GB 2312) (all 6763 hanzi and its symbols), ASCII, Latin-1, the
    punctuation and symbol blocks a report uses and a list of extra characters common in
    place and personal names; the 黑体 font (WenQuanYi Micro Hei) keeps every CJK Unified
    Ideograph it has (U+3400-4DBF, U+4E00-9FFF) so it can stand in for rare characters;
  * converts Noto's CFF outlines to TrueType (quadratic) outlines, because reportlab embeds
    TrueType only;
  * renames every subset (the OFL forbids Reserved Font Names on Modified Versions, and a
    subset is a Modified Version): "GKNB Serif SC", "GKNB Kai", "GKNB Hei";
  * copies the license texts next to the fonts.

Usage (from the project root; takes about half a minute):
    .venv/bin/python tools/make_fonts.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "fonts"

NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

# characters outside GB 2312 that turn up in organ, place and personal names
EXTRA_CHARS = (
    "垟堃昇喆珺玥琇瑄犇䶮邨浛磡溇墺岕坵塆垅埇埌垾塍垱堌畈畲埼嵊舣珉琍琤珏瑀璟璘炜"
    "燚昕晞晔晗旻昊暐煜焜镕钰铖锟锴颢頔翀翾翯骞骅骐鑫淼森焱垚犇譞赟昶晟曌嫚婠媖姮妍"
    "祎祯禕褀彧珅玹琎瑨璠堉坤埕埔埗埝埸塅墕岽峁峣崧嵎嵛嶓沄沅泫洧浈涑淏渼湉溍滢澔瀚"
    "濛灏炅烜焓焘熠燊熹玙琬琰瑭璇璨瓒甡畯皓睿瞻砜硚碶磜礐秭筼箐篁粲缇绹翃翊翚耘芃茆"
    "荦菁萁葳蒨蓥蔚蕤薏藟蘅虓衎袆裕觐詝諴谞贇赪跶轸逖逯郄郜郯鄞酂钜铄铧锜锳镠闿阆隽"
    "雩霈霖靓韪颋颙飏馥驰骙鸠鹍麟黉鼐龑"
)


def gb2312_chars(last_row: int = 0xF7) -> set[str]:
    """GB 2312 characters; ``last_row=0xD7`` stops after level 1 (the 3755 commonest hanzi)."""
    chars = set()
    for b1 in range(0xA1, last_row + 1):
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(bytes([b1, b2]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def ranges(*spans: tuple[int, int]) -> set[str]:
    return {chr(c) for a, b in spans for c in range(a, b + 1)}


def base_charset(last_row: int = 0xF7) -> set[str]:
    chars = gb2312_chars(last_row)
    chars |= ranges(
        (0x20, 0x7E), (0xA0, 0xFF),        # ASCII, Latin-1
        (0x2000, 0x206F),                   # general punctuation
        (0x2100, 0x218F),                   # letterlike, number forms (℃ № Ⅰ)
        (0x2190, 0x21FF),                   # arrows
        (0x2200, 0x22FF),                   # mathematical operators
        (0x2460, 0x24FF),                   # ①②③
        (0x2500, 0x257F),                   # box drawing
        (0x25A0, 0x25FF),                   # geometric shapes (□ ○ ●)
        (0x2600, 0x26FF),                   # ★ ☆ ☑
        (0x3000, 0x303F),                   # CJK symbols and punctuation
        (0x3200, 0x32FF),                   # ㈠ ㈡
        (0xFE30, 0xFE4F),                   # CJK compatibility forms
        (0xFF00, 0xFFEF),                   # full-width forms
    )
    chars |= set(EXTRA_CHARS)
    return chars


def subset_font(font: TTFont, chars: set[str]) -> TTFont:
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.desubroutinize = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "BASE", "DSIG"]
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    return font


def cff_to_truetype(font: TTFont, max_err: float = 2.0) -> None:
    """Replace CFF outlines by quadratic TrueType outlines (in place)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    maxp.maxPoints = maxp.maxContours = maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str, postscript: str, note: str) -> None:
    name = font["name"]
    keep = {0, 7, 8, 9, 11, 12, 13, 14}  # copyright, trademark, vendor, designer, urls, license
    name.names = [n for n in name.names if n.nameID in keep and n.platformID == 3]
    for pid, eid, lang in ((3, 1, 0x409),):
        name.setName(family, 1, pid, eid, lang)
        name.setName("Regular", 2, pid, eid, lang)
        name.setName(f"{family} Regular; {note}", 3, pid, eid, lang)
        name.setName(family, 4, pid, eid, lang)
        name.setName("Version 1.000; subset built by tools/make_fonts.py (nianbao-zhushou)", 5, pid, eid, lang)
        name.setName(postscript, 6, pid, eid, lang)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [postscript]


def build(src: Path, index: int | None, chars: set[str], out: Path, family: str, postscript: str, note: str) -> None:
    t0 = time.time()
    font = TTFont(src, fontNumber=index, lazy=False) if index is not None else TTFont(src, lazy=False)
    subset_font(font, chars)
    if "CFF " in font:
        cff_to_truetype(font)
    rename(font, family, postscript, note)
    if "OS/2" in font:
        font["OS/2"].fsType = font["OS/2"].fsType & ~0x0200  # keep embedding rights, allow subsetting
    font.save(out)
    print(f"{out.name}: {out.stat().st_size / 1e6:.2f} MB, {len(font.getBestCmap())} characters, {time.time() - t0:.1f} s")


def ofl_text() -> str:
    text = Path("/usr/share/doc/fonts-lxgw-wenkai/copyright").read_text(encoding="utf-8")
    body = text[text.index("License: OFL-1.1\n -----"):]
    body = body.split("\n\n")[0]
    lines = [ln[1:] if ln.startswith(" ") else ln for ln in body.splitlines()[1:]]
    return "\n".join("" if ln == "." else ln for ln in lines) + "\n"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    base = base_charset()
    cjk = ranges((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
    build(NOTO_SERIF, 2, base, OUT / "GKNBSerifSC-Regular.ttf", "GKNB Serif SC", "GKNBSerifSC-Regular",
          "subset of Noto Serif CJK SC Regular")
    build(WENKAI, None, base_charset(0xD7), OUT / "GKNBKai-Regular.ttf", "GKNB Kai", "GKNBKai-Regular",
          "subset of LXGW WenKai Regular")
    build(WQY, 0, base | cjk, OUT / "GKNBHei-Regular.ttf", "GKNB Hei", "GKNBHei-Regular",
          "subset of WenQuanYi Micro Hei")
    ofl = ofl_text()
    (OUT / "GKNBSerifSC-Regular.LICENSE.txt").write_text(
        "GKNB Serif SC is a subset of Noto Serif CJK SC Regular with TrueType outlines.\n"
        "Copyright 2017-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.\n"
        "Noto is a trademark of Google Inc.\n"
        "Modified (subset, outlines converted, renamed) for 年报助手. Licensed under the SIL Open Font License 1.1:\n\n"
        + ofl, encoding="utf-8")
    (OUT / "GKNBKai-Regular.LICENSE.txt").write_text(
        "GKNB Kai is a subset of LXGW WenKai Regular (霞鹜文楷).\n"
        "Copyright 2021-2022 lxgw <calxgw2018@gmail.com>, with Reserved Font Names \"霞鹜\" and \"LXGW\".\n"
        "Modified (subset, renamed so that no Reserved Font Name is used) for 年报助手.\n"
        "Licensed under the SIL Open Font License 1.1:\n\n" + ofl, encoding="utf-8")
    apache = Path("/usr/share/common-licenses/Apache-2.0").read_text(encoding="utf-8")
    (OUT / "GKNBHei-Regular.LICENSE.txt").write_text(
        "GKNB Hei is a subset of WenQuanYi Micro Hei 0.2.0-beta (文泉驿微米黑).\n"
        "Copyright 2008-2009 The WenQuanYi Project Board of Trustees; Qianqian Fang; mozbug.\n"
        "Digitized data copyright 2007 Google Corporation (Droid Sans Fallback).\n"
        "The font is dual-licensed: Apache License 2.0, or GPLv3+ with font embedding exception.\n"
        "年报助手 uses it under the Apache License 2.0.  Changes made: the font was subset to the\n"
        "characters listed in tools/make_fonts.py, the Mono face and hinting were dropped and the\n"
        "font was renamed \"GKNB Hei\".\n\n" + apache, encoding="utf-8")
    total = sum(p.stat().st_size for p in OUT.glob("*.ttf"))
    print(f"total {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
