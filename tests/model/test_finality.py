"""Nothing leaves looking final that is not: the 勾稽关系 of a column with blanks is reported,
the 草稿 mark covers errors, blanks, an outdated format and unedited copied prose, ``--final``
refuses an unfinished report, and the 审签单 is its own file."""

from __future__ import annotations

import copy
from pathlib import Path

from pypdf import PdfReader

from cli import run_cli
from model.checks import run_checks
from model.finality import unfinished
from model.pdf import export_pdf
from model.report import PreviousYear
from model.storage import load_report, save_report
from tests.model.helpers import complete_report, t3


def _text(path: Path) -> list[str]:
    return ["".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_relation_with_blank_cells_is_reported_not_silent():
    r = complete_report()
    r.values[t3("new")] = 1
    del r.values[t3("carried")]
    r.values[t3("disclosed")] = 5
    found = [f for f in run_checks(r) if f.code == "RELATION_UNVERIFIED"]
    assert [f.column for f in found] == ["natural"]
    f = found[0]
    assert "无法核对" in f.message and "1个单元格空白" in f.message and "自然人" in f.message
    assert t3("carried") in f.cells and f.table == "t3" and f.row == "carried"


def test_relation_silent_when_column_complete_or_wholly_blank():
    r = complete_report()
    assert not [f for f in run_checks(r) if f.code == "RELATION_UNVERIFIED"]
    for k in list(r.values):
        if k.table == "t3":
            del r.values[k]
    assert not [f for f in run_checks(r) if f.code == "RELATION_UNVERIFIED"]  # the blank check speaks


def test_unfinished_lists_what_remains():
    r = complete_report()
    assert unfinished(r).clean
    del r.values[t3("new")]
    del r.values[t3("carried", "commercial")]
    r.previous = PreviousYear(r.year - 1, r.format_id, prose={"s1.active": r.text("s1.active")})
    r.set_text("s1.active", r.text("s1.active"))  # exactly last year's words: copied
    u = unfinished(r)
    assert not u.clean and u.blanks == 2 and u.copied == 1 and u.errors == 0
    assert u.summary() == "2处空白、1处沿用上年文字"


def test_draft_mark_for_blanks_copied_and_outdated_format(tmp_path):
    r = complete_report()
    clean = export_pdf(r, tmp_path / "clean.pdf")
    assert not clean.draft and not any("草稿" in p for p in _text(tmp_path / "clean.pdf"))
    blank = copy.deepcopy(r)
    del blank.values[t3("new")]
    res = export_pdf(blank, tmp_path / "blank.pdf")
    pages = _text(tmp_path / "blank.pdf")
    assert res.draft and all("草稿" in p for p in pages) and "1处空白" in pages[0]
    # asked for as final: no mark (the window asks first; the CLI refuses, below)
    res = export_pdf(blank, tmp_path / "final.pdf", final=True)
    assert not res.draft and not any("草稿" in p for p in _text(tmp_path / "final.pdf"))
    # errors are always marked
    bad = copy.deepcopy(r)
    bad.values[t3("new")] = -1
    assert export_pdf(bad, tmp_path / "bad.pdf", final=True).draft


def test_outdated_format_is_a_draft(sample_path, tmp_path):
    r = load_report(sample_path("2021-瓶窑镇"))  # a 2021 report on the 2019 tables
    u = unfinished(r)
    assert u.outdated and not u.clean
    assert "格式" in u.summary()


def test_cli_final_refuses_unfinished(tmp_path, capsys):
    r = complete_report()
    del r.values[t3("new")]
    p = tmp_path / "r.gknb"
    save_report(r, p)
    out = tmp_path / "r.pdf"
    assert run_cli(["export-pdf", str(p), "-o", str(out), "--final"]) == 1
    err = capsys.readouterr().err
    assert "1处空白" in err and not out.exists()
    assert run_cli(["export-pdf", str(p), "-o", str(out)]) == 0
    assert "草稿" in capsys.readouterr().out
    r.values[t3("new")] = 0
    save_report(r, p)
    assert run_cli(["export-pdf", str(p), "-o", str(out), "--final"]) == 0
    assert not any("草稿" in t for t in _text(out))


def test_approval_sheet_is_its_own_file(sample_path, tmp_path, capsys):
    out = tmp_path / "报告.pdf"
    assert run_cli(["export-pdf", str(sample_path("2021-上官乡")), "-o", str(out), "--approval-sheet"]) == 0
    sheet = tmp_path / "报告-审签单.pdf"
    assert sheet.exists()
    assert not any("审签单" in p for p in _text(out))
    assert any("审签单" in p for p in _text(sheet))
    assert "审签单" in capsys.readouterr().out
    inline = tmp_path / "合并.pdf"
    assert run_cli(["export-pdf", str(sample_path("2021-上官乡")), "-o", str(inline), "--approval-sheet=inline"]) == 0
    assert "审签单" in _text(inline)[-1] and not (tmp_path / "合并-审签单.pdf").exists()
