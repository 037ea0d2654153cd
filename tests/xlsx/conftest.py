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
    spec = importlib.util.spec_from_file_location("make_fixtures", HERE / "make_fixtures.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.build()
    return FIX
