"""File names the program proposes, and the title rule: Qt-free."""

from __future__ import annotations

from model.files import export_file_stem, project_file_stem, safe_file_name
from model.report import new_report


def test_proposed_names_are_safe_on_windows():
    assert safe_file_name('a/b\\c:d*e?f"g<h>i|j\x01') == "a_b_c_d_e_f_g_h_i_j_"
    assert safe_file_name(" . ") == "报告"
    assert len(safe_file_name("镇" * 500)) == 60
    assert project_file_stem(2022, "某某镇人民政府") == "2022-某某镇人民政府"
    assert project_file_stem(2022, "") == "2022-报告"
    assert export_file_stem(2022, "某/镇") == "某_镇2022年政府信息公开工作年度报告"


def test_the_usual_title_typed_out_is_no_override():
    r = new_report("某某镇人民政府", 2022)
    assert r.override_for(r.default_title) == ""
    assert r.override_for("  " + r.default_title + "  ") == ""
    assert r.override_for("") == ""
    assert r.override_for("某某镇2022年度政府信息公开工作年度报告") == "某某镇2022年度政府信息公开工作年度报告"
