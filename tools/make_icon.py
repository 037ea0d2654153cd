"""Draw the app icon (resources/icons/app-256.png and app.ico) with Pillow.

A red document with a white header band and a green tick-sheet: "年报" in a CJK font if
one is found, otherwise plain table lines.  Run: .venv/bin/python tools/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
FONT_CANDIDATES = [
    ROOT / "resources" / "fonts",
    Path("/usr/share/fonts/truetype/wqy"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("C:/Windows/Fonts"),
]


def cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    for folder in FONT_CANDIDATES:
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() in (".ttf", ".ttc", ".otf") and ("CJK" in p.name or "wqy" in p.name.lower() or "msyh" in p.name.lower()
                                                                 or "hei" in p.name.lower()):
                try:
                    return ImageFont.truetype(str(p), size)
                except OSError:
                    continue
    return None


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    d.rounded_rectangle([28 * s, 12 * s, 228 * s, 244 * s], radius=18 * s, fill=(255, 255, 255, 255),
                        outline=(176, 30, 35, 255), width=int(8 * s))
    d.rounded_rectangle([28 * s, 12 * s, 228 * s, 92 * s], radius=18 * s, fill=(196, 32, 38, 255))
    d.rectangle([28 * s, 70 * s, 228 * s, 92 * s], fill=(196, 32, 38, 255))
    font = cjk_font(int(60 * s))
    if font is not None:
        d.text((128 * s, 52 * s), "年报", font=font, fill=(255, 255, 255, 255), anchor="mm")
    for i in range(4):
        y = (116 + i * 30) * s
        d.line([58 * s, y, 198 * s, y], fill=(120, 130, 145, 255), width=max(1, int(5 * s)))
    d.line([(132 * s, 190 * s), (156 * s, 216 * s), (206 * s, 150 * s)], fill=(46, 125, 50, 255), width=int(16 * s),
           joint="curve")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(OUT / "app-256.png")
    big.save(OUT / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"icon written to {OUT}")


if __name__ == "__main__":
    main()
