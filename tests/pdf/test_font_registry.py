"""The PDF fonts are looked up in reportlab's registry, never by reportlab's disk search."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics

from model.fontcover import BUNDLED, bundled_font_dir
from model.pdf import fonts


def test_a_new_font_is_loaded_without_searching_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_search(name: str) -> None:
        raise AssertionError(f"reportlab searched the disk for {name}")

    monkeypatch.setattr(pdfmetrics, "findFontAndRegister", no_search)
    path = bundled_font_dir() / BUNDLED["kai"]
    name = "GKNB-registry-test"
    assert name not in pdfmetrics.getRegisteredFontNames()
    first = fonts._load_face(name, path, "楷体", True)
    assert name in pdfmetrics.getRegisteredFontNames()
    again = fonts._load_face(name, path, "楷体", True)  # the registered font, not a second parse
    assert again.cmap == first.cmap and again.widths == first.widths
    assert first.has("楷") and first.advance("楷") > 0
