"""Our own exports (HTML, Word, plain text) and the published texts import back cell for cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.content import part_headings
from model.htmlexport import export_html, plain_text
from model.importreport import import_report, import_text
from model.pdf import export_pdf
from model.storage import load_report
from model.wordexport import export_docx
from tests.importreport.helpers import prose_view

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "fixtures" / "samples").glob("*.gknb"))
REAL = sorted((ROOT / "fixtures" / "real").glob("*.gknb"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("kind", ["html", "docx", "text", "pdf"])
@pytest.mark.parametrize("sample", SAMPLES + REAL, ids=lambda p: p.stem)
def test_own_export_round_trip(sample: Path, kind: str, tmp_path: Path) -> None:
    original = load_report(sample)
    if kind == "html":
        path = tmp_path / "r.html"
        export_html(original, path)
        result = import_report(path)
    elif kind == "docx":
        path = tmp_path / "r.docx"
        export_docx(original, path)
        result = import_report(path)
    elif kind == "pdf":
        path = tmp_path / "r.pdf"
        export_pdf(original, path)
        result = import_report(path)
    else:
        result = import_text(plain_text(original))
    got = result.report
    assert got.organ_name == original.organ_name
    assert got.year == original.year
    assert got.format_id == original.format_id
    assert got.values == original.values  # cell for cell: blanks stay blank, 0 stays 0
    # the parts of 五 each on its own when the export numbered them (not when the clerk did)
    join = not part_headings(original, "s5")
    assert prose_view(got, join) == prose_view(original, join)
    assert result.complete, result.notes
    assert result.findings == []  # our exports print every total


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_published_text_matches_the_project(sample: Path) -> None:
    """The text as published on the site (tabs, or one cell per line) gives the project's values."""
    original = load_report(sample)
    result = import_report(FIXTURES / f"{sample.stem}.txt")
    got = result.report
    assert got.year == original.year
    assert got.format_id == original.format_id
    assert got.values == original.values
    for part, text in prose_view(original, True).items():
        assert prose_view(got, True).get(part) == text, part
