"""``audit``: many published reports at once — every check, 内容雷同 between organs, one table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from cli import run_cli
from model.audit import audit
from model.htmlexport import export_html
from model.storage import load_report
from tests.model.helpers import complete_report

ROOT = Path(__file__).resolve().parents[2]
TXT = ROOT / "tests" / "importreport" / "fixtures"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"

SHARED = ("本镇坚持以公开为常态、不公开为例外，围绕群众关切的教育信息、医疗卫生信息和惠民资金发放情况，"
          "通过政府网站和政务公开栏及时发布，切实保障人民群众的知情权、参与权和监督权。")


def test_audit_reads_every_kind_and_finds_shared_passages(tmp_path):
    folder = tmp_path / "各乡镇"
    folder.mkdir()
    shutil.copy(TXT / "2021-上官乡.txt", folder / "上官乡.txt")
    shutil.copy(SAMPLES / "2020-清凉峰镇.gknb", folder / "清凉峰镇.gknb")
    a, b = complete_report(2021), complete_report(2021)
    a.organ_name, b.organ_name = "测试县甲镇人民政府", "测试县乙乡人民政府"
    a.set_text("s1.active", SHARED)
    b.set_text("s1.active", "乙乡" + SHARED)
    export_html(a, folder / "甲镇.html", final=True)
    export_html(b, folder / "乙乡.html", final=True)
    (folder / "说明.txt").write_text("这不是年报。", encoding="utf-8")
    rows, findings = audit([folder])
    by_name = {Path(r.path).name: r for r in rows}
    assert set(by_name) == {"上官乡.txt", "清凉峰镇.gknb", "甲镇.html", "乙乡.html", "说明.txt"}
    assert by_name["说明.txt"].problem and not by_name["上官乡.txt"].problem
    assert "上官乡" in by_name["上官乡.txt"].organ and by_name["上官乡.txt"].year == 2021
    assert by_name["清凉峰镇.gknb"].codes.get("BLANK_CELLS")  # the project's own findings
    assert by_name["甲镇.html"].copied and by_name["乙乡.html"].copied
    assert not by_name["上官乡.txt"].copied
    # the copy finding names the other organ
    i = [Path(r.path).name for r in rows].index("甲镇.html")
    assert any(f.code == "COPIED_FROM_OTHER_ORGAN" and "乙乡" in f.message for f in findings[i])


def test_audit_cli_table_json_and_exit_codes(tmp_path, capsys):
    shutil.copy(TXT / "2021-瓶窑镇.txt", tmp_path / "瓶窑镇.txt")
    out = tmp_path / "结果.xlsx"
    assert run_cli(["audit", str(tmp_path), "--xlsx", str(out)]) == 0
    text = capsys.readouterr().out
    assert "瓶窑镇" in text and "共检查 1 份" in text
    ws = openpyxl.load_workbook(out)["年报检查"]
    head = [c.value for c in ws[1]]
    assert head[:4] == ["文件", "机关", "年度", "格式"] and "FORMAT_OUTDATED" in head
    assert ws.cell(2, 2).value.endswith("瓶窑镇人民政府")
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert run_cli(["audit", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["year"] == 2021 and data[0]["codes"]["FORMAT_OUTDATED"] == 1
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    assert run_cli(["audit", str(tmp_path)]) == 1  # one could not be read: said, the rest checked
    assert "坏.docx" in capsys.readouterr().out
    empty = tmp_path / "空"
    empty.mkdir()
    assert run_cli(["audit", str(empty)]) == 2
    assert "没有找到" in capsys.readouterr().err


def test_hostile_organ_name_is_not_a_formula_in_the_audit_table(tmp_path):
    r = complete_report(2021)
    r.organ_name = "=HYPERLINK(\"http://x\")镇人民政府"
    from model.storage import save_report

    save_report(r, tmp_path / "a.gknb")
    assert load_report(tmp_path / "a.gknb").organ_name.startswith("=")
    out = tmp_path / "o.xlsx"
    assert run_cli(["audit", str(tmp_path), "--xlsx", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["年报检查"]
    assert ws.cell(2, 2).data_type == "s" and ws.cell(2, 2).value.startswith("=HYPERLINK")


def test_audit_reads_pdfs_and_reports_a_total_printed_blank(tmp_path):
    """A PDF is read like the rest; a 总计 the published table left blank (only an import sees
    it) is counted in the row of its report."""
    from model.pdf import export_pdf
    from tests.importreport.corpus_score import published_text

    folder = tmp_path / "reports"
    folder.mkdir()
    export_pdf(load_report(SAMPLES / "2021-瓶窑镇.gknb"), folder / "瓶窑镇.pdf")
    (folder / "上海.txt").write_text(published_text("2019-上海市政府办公厅"), encoding="utf-8")
    rows, _ = audit([folder])
    by_name = {Path(r.path).name: r for r in rows}
    assert by_name["瓶窑镇.pdf"].organ == "杭州市余杭区瓶窑镇人民政府" and not by_name["瓶窑镇.pdf"].problem
    assert "PUBLISHED_TOTAL_BLANK" not in by_name["瓶窑镇.pdf"].codes
    assert by_name["上海.txt"].codes.get("PUBLISHED_TOTAL_BLANK") == 1
