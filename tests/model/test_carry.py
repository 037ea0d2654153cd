"""Starting next year, and converting between the 2019 and 2021 formats."""

from __future__ import annotations

from model.carry import convert_format, next_year
from model.checks import run_checks
from model.formats import CellKey
from model.storage import load_report
from tests.model.helpers import complete_report, t3


def test_next_year_carries_organ_contact_carry_over_and_marks_prose(sample_path):
    last = load_report(sample_path("2021-瓶窑镇"))  # 2021 on the 2019 format, 1 case carried
    new = next_year(last)
    assert new.year == 2022 and new.format_id == "2021"
    assert new.organ_name == last.organ_name and new.contact == last.contact
    assert new.values[t3("carried")] == 1
    assert new.values[t3("carried", "commercial")] == 0
    assert t3("new") not in new.values  # this year's figures start blank
    assert all(p.copied for p in new.prose.values()) and new.prose
    assert new.previous and new.previous.year == 2021 and new.previous.carry_out["natural"] == 1
    assert new.previous.received_total == 11
    assert new.publication_date is None


def test_next_year_keeps_effective_baseline():
    last = complete_report(2023)
    last.values[CellKey("t2", "guifanxing", "effective")] = 7
    new = next_year(last)
    assert new.previous.effective == {"guizhang": 0, "guifanxing": 7}
    assert CellKey("t2", "guifanxing", "effective") not in new.values


def test_2019_to_2021_never_maps_changed_table_two_columns(sample_path):
    old = load_report(sample_path("2021-瓶窑镇"))
    new, notes = convert_format(old, "2021")
    assert new.format_id == "2021"
    # 处理决定数量 → 本年处理决定数量 keeps its meaning
    assert new.values[CellKey("t2", "xuke", "decisions")] == 0
    # 本年新制作数量 is not 本年制发件数; 对外公开总数量 is not 现行有效件数; fee counted items
    for k in (CellKey("t2", "guizhang", "issued"), CellKey("t2", "guizhang", "effective"), CellKey("t2", "shoufei", "amount")):
        assert k not in new.values
    assert any("本年新制作数量" in n for n in notes)
    # 表三 (六)其他处理 was 0 → the three new rows are 0 exactly; other rows kept
    assert new.values[t3("other_nofee")] == 0 and new.values[t3("new")] == 11
    assert "FORMAT_OUTDATED" not in {f.code for f in run_checks(new)}


def test_2019_other_processing_nonzero_is_not_split_mechanically():
    old = complete_report(2020)
    old.values[t3("other")] = 2
    new, notes = convert_format(old, "2021")
    assert t3("other_other") not in new.values and t3("other_nofee") not in new.values
    assert any("其他处理" in n for n in notes)


def test_2021_to_2019_folds_other_rows():
    r = complete_report(2021)
    r.values[t3("other_nofee")] = 1
    r.values[t3("other_other")] = 2
    new, _ = convert_format(r, "2019")
    assert new.values[t3("other")] == 3
