"""The official formats as data: exact labels, keys, computed cells, layout derivation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.formats import CellKey, all_formats, format_for_year, load_format
from model.tablegrid import table_grid

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_format_chosen_from_year():
    assert format_for_year(2019).id == "2019"
    assert format_for_year(2020).id == "2019"
    assert format_for_year(2021).id == "2021"
    assert format_for_year(2035).id == "2021"
    with pytest.raises(ValueError, match="2019"):
        format_for_year(2018)


def test_six_section_headings_exact():
    for fmt in all_formats():
        assert [s.heading for s in fmt.sections] == [
            "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@pytest.mark.parametrize("fmt_id,sample", [("2021", "2021-上官乡.txt"), ("2019", "2020-清凉峰镇.txt"),
                                            ("2019", "2021-瓶窑镇.txt")])
def test_every_table_label_appears_in_a_published_report(fmt_id, sample):
    """Character for character: every label of the format is in a real report of that format."""
    text = squash((SAMPLES / sample).read_text(encoding="utf-8"))
    fmt = load_format(fmt_id)
    labels = set()
    for t in fmt.tables:
        if t.corner:
            labels.add(t.corner)
        labels |= {c.text for c in table_grid(fmt, t.key).cells}  # captions, headers, row labels
    labels.discard("")
    if sample == "2021-瓶窑镇.txt":  # that report left out the 第二十条第（九）项 block
        labels -= {"第二十条第（九）项", "采购项目数量", "采购总金额", "政府集中采购"}
    missing = [lab for lab in labels if squash(lab) not in text]
    assert not missing


def test_labels_use_full_width_punctuation():
    for fmt in all_formats():
        for t in fmt.tables:
            for s in (c.text for c in table_grid(fmt, t.key).cells):
                assert not re.search(r"[(),:\"]", s), s
    assert load_format("2021").table("t3").row("refused_safety").label == "3.危及“三安全一稳定”"


def test_table_three_shape_2021_and_2019():
    t21, t19 = load_format("2021").table("t3"), load_format("2019").table("t3")
    assert len(t21.rows()) == 25 and len(t19.rows()) == 23
    assert [c.label for c in t21.blocks[0].columns] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert t21.row("other_nofee").path == ("三、本年度办理结果", "（六）其他处理")
    assert t19.row("other").label == "（六）其他处理"
    assert not t19.has_cell("other_nofee", "natural")


def test_computed_cells():
    t3 = load_format("2021").table("t3")
    assert t3.is_computed("new", "total")
    assert t3.is_computed("results_total", "natural")
    assert not t3.is_computed("new", "natural")
    t4 = load_format("2021").table("t4")
    assert [c.key for c in t4.blocks[0].columns if c.computed] == ["review_total", "direct_total", "after_total"]
    t2 = load_format("2021").table("t2")
    assert not t2.computed_cells()
    assert len(t2.input_cells()) == 10
    assert load_format("2021").column_of(CellKey("t2", "shoufei", "amount")).kind == "money"
    assert load_format("2019").column_of(CellKey("t2", "xuke", "change")).kind == "signed"


# the merged header, row labels and 表二's narrow blocks: tests/model/test_tablegrid.py


def test_cell_key_text_round_trip():
    k = CellKey("t3", "new", "natural")
    assert CellKey.from_text(k.as_text()) == k
    with pytest.raises(ValueError):
        CellKey.from_text("t3.new")
