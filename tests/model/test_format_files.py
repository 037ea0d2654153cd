"""Format files: discovery from folders, precedence, and the consistency checks of a file."""

from __future__ import annotations

import json

import pytest

from model import formats
from model.formats import FormatError, all_formats, load_format


def base() -> dict:
    return json.loads((formats.FORMAT_DIR / "format-2021.json").read_text(encoding="utf-8"))


def write(folder, data, name=None) -> None:
    folder.mkdir(exist_ok=True)
    (folder / (name or f"format-{data['id']}.json")).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_bundled_formats_are_discovered_oldest_first():
    assert [f.id for f in all_formats()] == ["2019", "2021"]


def test_an_extra_folder_adds_and_overrides(tmp_path, monkeypatch):
    d = base()
    d.update(id="2030", first_year=2030)
    write(tmp_path / "a", d)
    over = base()
    over["last_year"] = 2029
    write(tmp_path / "a", over)
    monkeypatch.setenv(formats.FORMATS_ENV, str(tmp_path / "a"))
    assert [f.id for f in all_formats()] == ["2019", "2021", "2030"]
    assert load_format("2021").last_year == 2029
    assert formats.format_for_year(2031).id == "2030" and formats.latest_format().id == "2030"
    monkeypatch.delenv(formats.FORMATS_ENV)
    assert load_format("2021").last_year is None and [f.id for f in all_formats()] == ["2019", "2021"]


@pytest.mark.parametrize("breakage", ["id", "cell", "part", "role"])
def test_inconsistent_files_are_refused(tmp_path, monkeypatch, breakage):
    d = base()
    d.update(id="2030", first_year=2030)
    name = None
    if breakage == "id":
        name = "format-2031.json"
    elif breakage == "cell":
        d["conversions"] = [{"from": "2021", "cells": [["t3.new.natural", "t3.no_such_row.natural"]]}]
    elif breakage == "part":
        d["conversions"] = [{"from": "2021", "prose": {"rename": {"s1.active": "s1.no_such_part"}}}]
    else:
        d["prose"][1]["role"] = d["prose"][2]["role"] = "request"
    write(tmp_path / "b", d, name)
    monkeypatch.setenv(formats.FORMATS_ENV, str(tmp_path / "b"))
    with pytest.raises(FormatError):
        all_formats()


def test_derived_cells_follow_a_changed_format_file(tmp_path, monkeypatch):
    """The cell lists, labels and totals each format computes once are its own: a format
    file changed in another folder gives a format whose derived lists follow the file."""
    from model.formats import CellKey
    from model.report import Report
    from model.totals import Figures

    bundled = load_format("2021")
    t3 = bundled.table("t3")
    key = CellKey("t3", "new", "natural")
    assert key in bundled.input_cells() and bundled.has_cell(key) and not bundled.is_computed(key)
    total = next(k for k in t3.cells() if k.row == "new" and t3.is_computed(k.row, k.col))
    d = base()
    table = next(t for t in d["tables"] if t["key"] == "t3")
    block = next(b for b in table["blocks"] if any(c["key"] == "natural" for c in b["columns"]))
    col = next(c for c in block["columns"] if c["key"] == "natural")
    col["label"] = "个人（改）"
    for c in block["columns"]:  # the total no longer adds 自然人: still an input cell, outside the sum
        if c.get("sum_of") and "natural" in c["sum_of"]:
            c["sum_of"] = [k for k in c["sum_of"] if k != "natural"]
    write(tmp_path / "c", d)
    monkeypatch.setenv(formats.FORMATS_ENV, str(tmp_path / "c"))
    changed = load_format("2021")
    assert changed is not bundled
    assert "个人（改）" in changed.cell_label(key) and "个人（改）" not in bundled.cell_label(key)
    r = Report(organ_name="测试乡人民政府", year=2023, format_id="2021")
    r.values[key] = 5
    assert Figures(r).value(total) is None  # the changed file's sum, not the cached one
    monkeypatch.delenv(formats.FORMATS_ENV)
    assert Figures(r).value(total) == 5
    assert "个人（改）" not in load_format("2021").cell_label(key)


def test_a_report_that_changes_format_uses_the_other_formats_cells():
    from model.report import Report

    r = Report(organ_name="测试乡人民政府", year=2023, format_id="2021")
    cells_2021 = r.format.input_cells()
    r.format_id = "2019"
    assert r.format.input_cells() == load_format("2019").input_cells() != cells_2021
    assert set(r.format.cell_columns()) == {k for t in r.format.tables for k in t.cells()}
    r.format.input_cells().clear()  # a caller's list is its own copy
    assert r.format.input_cells() == load_format("2019").input_cells()
