"""Fixtures for the Excel tests: the hand-made sheets are (re)built once per session."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIX = HERE.parents[0] / "fixtures" / "xlsx"
SAMPLES = HERE.parents[0] / "fixtures" / "samples"


@pytest.fixture(scope="session")
def xlsx_fixtures() -> Path:
    """The committed sheets; rebuilt only when one is missing (run make_fixtures.py after changing it)."""
    names = ["2021-上官乡-一张表", "2021-分表-公式", "2021-瓶窑镇-2019格式", "2020-清凉峰镇-空白", "2021-表三-错误",
             "2021-表四-公式"]
    if all((FIX / f"{n}.xlsx").exists() for n in names):
        return FIX
    spec = importlib.util.spec_from_file_location("make_fixtures", HERE / "make_fixtures.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.build()
    return FIX
