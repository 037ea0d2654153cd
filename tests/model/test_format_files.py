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
