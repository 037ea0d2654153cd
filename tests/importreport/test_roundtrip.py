"""Our own exports (HTML, Word, plain text) and the published texts import back cell for cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.formats import all_formats
from model.htmlexport import export_html, plain_text
from model.importreport import import_report, import_text
from model.storage import load_report
from model.wordexport import export_docx
from tests.importreport.helpers import prose_view

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "fixtures" / "samples").glob("*.gknb"))
# a report of a year before the formats (2018, the old format) is refused on import, so it has no round trip
REAL = sorted(p for p in (ROOT / "fixtures" / "real").glob("*.gknb")
              if load_report(p).year >= min(f.first_year for f in all_formats()))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# real texts the importer does not yet bring back whole (xfail strict: the test flips once it does)
IMPORT_LOSES = {
    "2021-文瀛湖街道": "第五部分的“针对上述问题，我街将通过以下措施加以改进：”被当作改进情况的小标题丢掉了",
}
ROUND_TRIP = [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=IMPORT_LOSES[p.stem]))
              if p.stem in IMPORT_LOSES else p for p in SAMPLES + REAL]


@pytest.mark.parametrize("kind", ["html", "docx", "text"])
@pytest.mark.parametrize("sample", ROUND_TRIP, ids=lambda p: p.stem)
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
    else:
        result = import_text(plain_text(original))
    got = result.report
    assert got.organ_name == original.organ_name
    assert got.year == original.year
    assert got.format_id == original.format_id
    assert got.values == original.values  # cell for cell: blanks stay blank, 0 stays 0
    assert prose_view(got) == prose_view(original)
    assert result.complete, result.notes


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_published_text_matches_the_project(sample: Path) -> None:
    """The text as published on the site (tabs, or one cell per line) gives the project's values."""
    original = load_report(sample)
    result = import_report(FIXTURES / f"{sample.stem}.txt")
    got = result.report
    assert got.year == original.year
    assert got.format_id == original.format_id
    assert got.values == original.values
    for part, text in prose_view(original).items():
        assert prose_view(got).get(part) == text, part
