"""A new revision of the official format is one data file.

A synthetic ``format-2026.json`` derived from the 2021 one (one more row under 表三
（五）不予处理, one column of 表二 renamed, one prose part renamed) and a copy of the 2021
file that ends with 2025 are put in a temporary folder named by ``NIANBAO_FORMATS``.  With no
change to the code, every layer follows: the year picks the format, the grid, totals, the
勾稽关系, the checks' messages, PDF, Excel export and import, and next year's report."""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("GKNB_PDF_FONTS", "bundled")

from cli import run_cli  # noqa: E402
from model import formats  # noqa: E402
from model.carry import convert_format, next_year  # noqa: E402
from model.checks import run_checks  # noqa: E402
from model.formats import CellKey, format_for_year, load_format  # noqa: E402
from model.report import new_report  # noqa: E402
from model.storage import load_report  # noqa: E402
from model.totals import Figures  # noqa: E402
from tests.model.helpers import complete_report  # noqa: E402

NEW_ROW = "notproc_ai"
NEW_ROW_LABEL = "6.要求对政府信息进行人工智能分析加工"
NEW_COL_LABEL = "本年印发件数"
NEW_PART = "s1.guarantee"
NEW_PART_HEADING = "（五）监督保障与考核"
NEW_CELL = CellKey("t3", NEW_ROW, "natural")


def _table(data: dict, key: str) -> dict:
    return next(t for t in data["tables"] if t["key"] == key)


def write_revision(folder: Path) -> None:
    base = json.loads((formats.FORMAT_DIR / "format-2021.json").read_text(encoding="utf-8"))
    old = copy.deepcopy(base)
    old["last_year"] = 2025
    new = copy.deepcopy(base)
    new.update(id="2026", name="2026年修订格式（测试用）", document="国办公开办函〔2026〕1号", first_year=2026,
               last_year=None)
    rows = _table(new, "t3")["blocks"][0]["rows"]
    at = next(i for i, r in enumerate(rows) if r["key"] == "notproc_confirm")
    rows.insert(at + 1, {"key": NEW_ROW, "label": NEW_ROW_LABEL, "path": ["三、本年度办理结果", "（五）不予处理"]})
    total = next(r for r in rows if r["key"] == "results_total")
    total["sum_of"].insert(total["sum_of"].index("notproc_confirm") + 1, NEW_ROW)
    b1 = _table(new, "t2")["blocks"][0]
    next(c for c in b1["columns"] if c["key"] == "issued")["label"] = NEW_COL_LABEL
    part = next(p for p in new["prose"] if p["key"] == "s1.supervision")
    part.update(key=NEW_PART, heading=NEW_PART_HEADING, label="监督保障与考核")
    new["conversions"] = [{
        "from": "2021",
        "same_tables": ["t3", "t4"],
        "prose": {"same": True, "rename": {"s1.supervision": NEW_PART}},
        "notes": {"t2": "表二的列在2026年格式中重新定义"},
    }]
    folder.mkdir(parents=True, exist_ok=True)
    for data in (old, new):
        (folder / f"format-{data['id']}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                                          encoding="utf-8")


@pytest.fixture
def revision(tmp_path, monkeypatch):
    write_revision(tmp_path / "formats")
    monkeypatch.setenv(formats.FORMATS_ENV, str(tmp_path / "formats"))
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def report_2026():
    r = complete_report(2026)
    assert r.format_id == "2026"
    return r


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_bundled_formats_are_untouched_without_the_folder():
    assert format_for_year(2026).id == "2021"
    assert load_format("2021").last_year is None


def test_new_with_year_2026_picks_the_new_format(revision, capsys):
    out = revision / "镇2026.gknb"
    assert run_cli(["new", "--organ", "测试镇人民政府", "--year", "2026", "-o", str(out)]) == 0
    r = load_report(out)
    assert r.format_id == "2026" and r.format.name == "2026年修订格式（测试用）"
    old = revision / "镇2025.gknb"
    assert run_cli(["new", "--organ", "测试镇人民政府", "--year", "2025", "-o", str(old)]) == 0
    assert load_report(old).format_id == "2021"


def test_grid_model_shows_the_new_row_and_label(revision, qtbot):
    from ui.editing import Document
    from ui.table_model import ReportTableModel

    r = report_2026()
    r.values[NEW_CELL] = 2
    doc = Document(r)
    m = ReportTableModel(doc, "t3")
    texts = [m.data(m.index(i, j)) for i in range(m.rowCount()) for j in range(m.columnCount())]
    assert NEW_ROW_LABEL in texts
    assert m.data(m.index_of(NEW_CELL)) == "2"
    assert m.data(m.index_of(CellKey("t3", NEW_ROW, "total"))) == "2"
    assert m.data(m.index_of(CellKey("t3", "results_total", "natural"))) == "2"
    t2 = ReportTableModel(doc, "t2")
    assert NEW_COL_LABEL in [t2.data(t2.index(i, j)) for i in range(t2.rowCount()) for j in range(t2.columnCount())]


def test_totals_relation_and_checks_use_the_new_row_and_labels(revision):
    r = report_2026()
    r.values[NEW_CELL] = 2
    sheet = Figures(r)
    assert sheet.value(CellKey("t3", "results_total", "natural")) == 2
    assert sheet.value(CellKey("t3", "results_total", "total")) == 2
    balance = [f for f in run_checks(r) if f.code == "T3_BALANCE"]
    assert [f.column for f in balance] == ["natural", "total"]
    assert (balance[0].expected, balance[0].actual) == (0, 2)  # （七）总计 holds the new row's 2
    r.values[CellKey("t3", "new", "natural")] = 2
    assert not [f for f in run_checks(r) if f.code == "T3_BALANCE"]

    del r.values[NEW_CELL]
    blank = next(f for f in run_checks(r) if f.code == "BLANK_CELLS")
    assert blank.cells == (NEW_CELL,) and NEW_ROW_LABEL in blank.message

    r.values[CellKey("t2", "guifanxing", "issued")] = 3
    r.values[CellKey("t2", "guifanxing", "effective")] = 1
    r.set_text(NEW_PART, "")
    found = {f.code: f for f in run_checks(r)}
    assert NEW_COL_LABEL in found["ISSUED_GT_EFFECTIVE"].message
    assert "本年制发件数" not in found["ISSUED_GT_EFFECTIVE"].message
    empty = found["PROSE_EMPTY"]
    assert empty.part == NEW_PART and NEW_PART_HEADING in empty.message
    assert "责任追究结果" in empty.message  # the 人民政府 hint follows the part's role, not its key


def test_pdf_word_html_and_excel_show_the_new_row_and_excel_import_reads_it_back(revision):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from model.pdf import export_pdf
    from model.xlsx.export import export_xlsx
    from model.xlsx.importer import apply_plan, plan_import

    r = report_2026()
    r.values[NEW_CELL] = 2
    r.values[CellKey("t3", "new", "natural")] = 2
    pdf = revision / "r.pdf"
    export_pdf(r, pdf)
    text = "".join(norm(p.extract_text() or "") for p in PdfReader(str(pdf)).pages)
    assert norm(NEW_ROW_LABEL) in text and NEW_COL_LABEL in text and norm(NEW_PART_HEADING) in text

    xlsx = revision / "r.xlsx"
    export_xlsx(r, xlsx)
    wb = load_workbook(xlsx)
    cells = {ws.title: [c.value for row in ws.iter_rows() for c in row] for ws in wb.worksheets}
    assert NEW_ROW_LABEL in cells["表三"] and NEW_COL_LABEL in cells["表二"]

    from model.htmlexport import plain_text, render_html
    from model.wordexport import render_docx

    html = render_html(r)
    assert NEW_ROW_LABEL in html and NEW_COL_LABEL in html and NEW_PART_HEADING in html
    assert NEW_ROW_LABEL in plain_text(r)
    docx, _ = render_docx(r)
    import io
    import zipfile

    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert NEW_ROW_LABEL in body and NEW_COL_LABEL in body

    blank = new_report("测试镇人民政府", 2026)
    plan = plan_import(blank, xlsx)
    assert not plan.problems, plan.problems
    assert plan.format_id == "2026"
    apply_plan(blank, plan)
    assert blank.values[NEW_CELL] == 2
    assert blank.values == r.values


def test_next_year_from_2025_carries_only_what_the_conversion_declares(revision):
    last = complete_report(2025)
    assert last.format_id == "2021"
    last.values[CellKey("t3", "carry_next", "natural")] = 3
    last.values[CellKey("t3", "new", "natural")] = 3
    last.values[CellKey("t2", "guifanxing", "effective")] = 7
    last.set_text("s1.supervision", "监督保障：本年度开展培训两次，未发生责任追究。")
    new = next_year(last)
    assert new.format_id == "2026" and new.year == 2026
    assert new.values == {CellKey("t3", "carried", c.key): (3 if c.key == "natural" else 0)
                          for c in new.format.table("t3").block_of("carried").columns if not c.computed}
    assert new.previous is not None and new.previous.carry_out["natural"] == 3
    assert new.previous.effective == {}  # 表二 is not declared as keeping its meaning
    assert new.text(NEW_PART) == "监督保障：本年度开展培训两次，未发生责任追究。" and new.prose[NEW_PART].copied
    assert "s1.supervision" not in new.prose and set(new.prose) <= {p.key for p in new.format.prose}
    assert NEW_PART in new.previous.prose

    converted, notes = convert_format(last, "2026")
    assert converted.values[CellKey("t3", "carry_next", "natural")] == 3
    assert not any(k.table == "t2" for k in converted.values)
    assert any("表二的列在2026年格式中重新定义" in n and "行政规范性文件" in n for n in notes)
    assert converted.text(NEW_PART).startswith("监督保障")


def test_the_ledger_template_for_2026_offers_the_new_result(revision):
    from openpyxl import load_workbook

    from model.xlsx.ledger import OPTIONS_SHEET, write_ledger_template

    path = revision / "台账.xlsx"
    write_ledger_template(path, 2026)
    options = [c.value for c in load_workbook(path)[OPTIONS_SHEET]["B"] if c.value]
    assert any(str(v).endswith(NEW_ROW_LABEL) for v in options)


def test_formats_further_apart_convert_along_the_declared_chain(revision):
    old = complete_report(2020)  # the 2019 format
    assert old.format_id == "2019"
    old.values[CellKey("t3", "carry_next", "natural")] = 4
    old.values[CellKey("t2", "xuke", "decisions")] = 6
    new, notes = convert_format(old, "2026")
    assert new.format_id == "2026"
    assert new.values[CellKey("t3", "carry_next", "natural")] == 4  # t3 keeps its meaning in both steps
    assert NEW_CELL not in new.values  # a new row starts blank
    assert CellKey("t2", "xuke", "decisions") not in new.values  # 2019→2021 keeps it, 2021→2026 does not
    assert new.values[CellKey("t3", "other_nofee", "natural")] == 0  # the 2019 split, then same keys
    assert sum("以下数值未转换" in n for n in notes) == 2


def test_the_outdated_basis_follows_the_format_files(revision):
    """A 2026 report citing the 2021 notice: outdated once the 2021 file says it ended in 2025."""
    r = report_2026()
    part = r.format.part_key("intro") or r.format.prose[0].key
    r.set_text(part, "本报告根据国办公开办函〔2021〕30号要求编制。")
    assert any(f.code == "BASIS_OUTDATED" for f in run_checks(r))
    r.set_text(part, "本报告根据国办公开办函〔2026〕1号要求编制。")
    assert not any(f.code == "BASIS_OUTDATED" for f in run_checks(r))
