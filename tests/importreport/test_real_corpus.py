"""The published texts of the real corpus (partial pages) against what was seen of them."""

from __future__ import annotations

import json

import pytest

from model.importreport import import_text
from model.limits import InputError
from tests.fixtures.real import corpus
from tests.importreport.corpus_score import REAL, published_text, score


def test_real_corpus_accuracy() -> None:
    s = score()
    assert s.cells_total >= 400
    assert s.blank_to_zero == []  # a blank cell never becomes 0
    assert s.cells_right / s.cells_total >= 0.99, s.wrong
    assert s.parts_placed / s.parts_total >= 0.95, s.missed_parts


def test_amount_in_yuan_in_a_column_without_unit_is_taken_as_written() -> None:
    """2019 采购总金额 has no unit: “251000元” is recorded as 251000 (as the project has it), with a note."""
    s = score(["2019-上海市政府办公厅"])
    assert not any("caigou.purchase_amount" in w for w in s.wrong)


@pytest.mark.parametrize("name", ["2018-建新镇", "2018-宣汉县"])
def test_a_report_in_the_old_format_is_refused_with_the_reason(name: str) -> None:
    """2018 reports (before the 2019 revision): nothing to import into, and the clerk is told why."""
    with pytest.raises(InputError, match="2018年早于"):
        import_text(published_text(name), None)


@pytest.mark.parametrize("name", ["2022-浑南区国资局", "2021-浑南区民宗局"])
def test_a_page_without_a_title_line_is_refused_with_the_reason(name: str) -> None:
    """浑南区's department reports are published under the organ's name only (“浑南区国资局”): the text
    has no “……年政府信息公开工作年度报告” title, and the importer says so rather than guessing."""
    with pytest.raises(InputError, match="没有找到年度报告的标题"):
        import_text(published_text(name), None)


def test_published_total_blank_is_found_on_import_and_nowhere_else() -> None:
    """A 总计 printed blank while its parts have figures cannot be held by a project (totals are
    computed): the importer reports it.  Every such defect written down in expected.json is
    found, and no report of the corpus gets one it does not have."""
    expected = corpus.load_expected()
    found_any = False
    for data_path in sorted((REAL / "data").glob("*.json")):
        name = data_path.stem
        data = json.loads(data_path.read_text(encoding="utf-8"))
        try:
            findings = import_text(published_text(name), data.get("year")).findings
        except InputError:
            continue  # refused with the reason (the two tests above)
        want = [i for i in expected[name]["true"] if i["code"] == "PUBLISHED_TOTAL_BLANK"]
        for item in want:
            assert any(corpus.matches(item, f) for f in findings), corpus.item_id(name, item)
        stray = [f.message for f in findings if not any(corpus.matches(i, f) for i in want)]
        assert not stray, (name, stray)
        found_any = found_any or bool(findings)
    assert found_any
