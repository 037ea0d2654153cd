"""Shared test setup: Qt offscreen before anything imports Qt, and paths to fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GKNB_PDF_FONTS", "bundled")  # reproducible PDFs whatever fonts the machine has

# CI runs the property tests with a fixed seed so a run is repeatable; locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "tests" / "fixtures" / "samples"


@pytest.fixture
def sample_path():
    """Path of one of the encoded sample reports, by name (e.g. "2021-上官乡")."""

    def get(name: str) -> Path:
        return SAMPLES / f"{name}.gknb"

    return get
