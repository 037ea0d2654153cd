"""Build the bundled 仿宋 fallback resources/fonts/GKNBFang-Regular.ttf from FandolFang.

Source: FandolFang-Regular.otf of the Fandol fonts (Debian package texlive-lang-chinese,
/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/), by the Fandol team (Clerk Ma,
Jie Su), licensed GPL-3 with the GPL font exception (the licence text is in the package at
/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz and is copied next to the font).

What it does (with the helpers of tools/make_fonts.py):
  * subsets the font to GB 2312 and the symbol blocks of ``make_fonts.base_charset`` plus
    every character of the labels and sentences the program prints (model/formats/*.json,
    model/sentences.py, model/content.py);
  * converts the CFF outlines to TrueType (quadratic) outlines, because reportlab embeds
    TrueType only;
  * renames it "GKNB Fang" (a modified version) and keeps the font exception for it.

Usage (from the project root):
    .venv/bin/python tools/make_fangsong.py [path/to/FandolFang-Regular.otf]
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_fonts import OUT, ROOT, base_charset, build  # noqa: E402

FANDOL = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf")
COPYING = Path("/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz")


def label_chars() -> set[str]:
    """Every non-ASCII character of the texts the program itself prints."""
    files = sorted((ROOT / "model" / "formats").glob("*.json"))
    files += [ROOT / "model" / "sentences.py", ROOT / "model" / "content.py"]
    chars: set[str] = set()
    for f in files:
        chars |= {ch for ch in f.read_text(encoding="utf-8") if ord(ch) > 0x7F}
    return chars


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else FANDOL
    copying = Path(argv[2]) if len(argv) > 2 else COPYING
    OUT.mkdir(parents=True, exist_ok=True)
    chars = base_charset() | label_chars()
    out = OUT / "GKNBFang-Regular.ttf"
    build(src, None, chars, out, "GKNB Fang", "GKNBFang-Regular", "subset of FandolFang Regular")
    gpl = gzip.decompress(copying.read_bytes()).decode("utf-8")
    (OUT / "GKNBFang-Regular.LICENSE.txt").write_text(
        "GKNB Fang is a modified version of FandolFang Regular 0.3 (Fandol fonts).\n"
        "Copyright 2013-2015 Fandol team (Clerk Ma, Jie Su).\n"
        "Source: Debian package texlive-lang-chinese, fonts/opentype/public/fandol/FandolFang-Regular.otf.\n"
        "Changes made for 年报助手 by tools/make_fangsong.py (the corresponding source of this modified\n"
        "version): the font was subset to GB 2312 and the characters the program prints, its CFF\n"
        "outlines were converted to TrueType outlines and it was renamed \"GKNB Fang\".\n"
        "License: GNU General Public License version 3 with the GPL font exception, which is kept\n"
        "for this modified version: a document (such as an exported PDF) that embeds this font or\n"
        "unaltered portions of it is not by itself covered by the GPL.  The full text follows.\n\n"
        + gpl, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
