"""Font coverage read straight from the cmap tables (no reportlab at check time)."""

from __future__ import annotations

import sys

import pytest

from model.checks import run_checks
from model.fontcover import bundled_font_files, missing_chars, read_cmap
from tests.model.helpers import complete_report


@pytest.mark.parametrize("path", bundled_font_files(), ids=lambda p: p.name)
def test_cmap_reader_agrees_with_reportlab(path):
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(path))
    expected = {c for c, g in face.charToGlyph.items() if g}
    assert read_cmap(path) == expected
    assert ord("政") in expected and ord("，") in expected


def test_unreadable_font_covers_nothing(tmp_path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font at all")
    assert read_cmap(bad) == frozenset()
    assert read_cmap(tmp_path / "none.ttf") == frozenset()


def test_missing_character_is_a_finding_with_its_place(monkeypatch):
    monkeypatch.setenv("GKNB_PDF_FONTS", "bundled")
    r = complete_report()
    r.set_text("s1.platform", "新建公开专栏\U0001F600，并上线小程序。")
    found = [f for f in run_checks(r) if f.code == "FONT_MISSING_CHAR"]
    assert len(found) == 1 and found[0].part == "s1.platform" and "U+1F600" in found[0].message
    assert [m.char for m in missing_chars(r)] == ["\U0001F600"]
    r.set_text("s1.platform", "新建公开专栏，并上线小程序。")
    assert not [f for f in run_checks(r) if f.code == "FONT_MISSING_CHAR"]


def test_checks_do_not_import_reportlab():
    import subprocess

    code = ("import sys; from model.checks import run_checks; from tests.model.helpers import complete_report; "
            "run_checks(complete_report()); print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
    assert out.stdout.strip() == "False", out.stderr


def test_bundled_serif_covers_all_of_gb2312():
    """The fast path of missing_chars relies on it."""
    from model.fontcover import BUNDLED, bundled_font_dir

    cmap = read_cmap(bundled_font_dir() / BUNDLED["serif"])
    gb = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                gb.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    assert len(gb) > 7400
    assert not gb - cmap
