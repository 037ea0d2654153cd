"""The recovery files, without Qt."""

from __future__ import annotations

import json
import os

import pytest

from model import recovery
from model.formats import CellKey
from model.storage import ProjectFileError, load_report
from tests.conftest import SAMPLES

DEAD_PID = 2**22 + 4321


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(recovery.ENV_DATA_DIR, str(tmp_path / "data"))


def test_recovery_roundtrip_and_listing(tmp_path):
    report = load_report(SAMPLES / "2021-上官乡.gknb")
    report.values[CellKey("t3", "new", "natural")] = 8
    orig = tmp_path / "r.gknb"
    p = recovery.write_recovery(report, orig)
    assert p.parent == recovery.recovery_dir() and p == recovery.recovery_path(orig)
    # our own session's file is not offered
    assert recovery.list_recoveries() == []
    doc = json.loads(p.read_text(encoding="utf-8"))
    doc["pid"] = DEAD_PID
    p.write_text(json.dumps(doc), encoding="utf-8")
    entries = recovery.list_recoveries()
    assert len(entries) == 1 and entries[0].original == os.path.normcase(os.path.abspath(orig))
    assert "上官乡" in entries[0].describe()
    again = recovery.load_recovery(entries[0])
    assert again.values[CellKey("t3", "new", "natural")] == 8
    recovery.discard(entries[0])
    assert recovery.list_recoveries() == []


def test_untitled_recovery_keyed_by_session():
    report = load_report(SAMPLES / "2021-上官乡.gknb")
    a = recovery.write_recovery(report, None, "s1")
    b = recovery.write_recovery(report, None, "s2")
    assert a != b and a.name.startswith("untitled-")


def test_damaged_recovery_file(tmp_path):
    d = recovery.recovery_dir()
    d.mkdir(parents=True)
    bad = d / "x.recovery"
    bad.write_text(json.dumps({"kind": recovery.RECOVERY_KIND, "pid": DEAD_PID, "host": "h", "document": "{bad"}))
    (d / "y.recovery").write_text("not json")
    entries = recovery.list_recoveries()
    assert [e.path for e in entries] == [bad]
    with pytest.raises(ProjectFileError):
        recovery.load_recovery(entries[0])
