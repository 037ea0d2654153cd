"""Lock file and recovery files, without Qt."""

from __future__ import annotations

import json
import os
import socket

import pytest

from model import lockfile, recovery
from model.formats import CellKey
from model.storage import ProjectFileError, load_report
from tests.conftest import SAMPLES

DEAD_PID = 2**22 + 4321


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(recovery.ENV_DATA_DIR, str(tmp_path / "data"))


def test_acquire_release(tmp_path):
    f = tmp_path / "报告.gknb"
    f.write_text("x")
    assert lockfile.acquire(f) is None
    info = lockfile.read_lock(f)
    assert info.pid == os.getpid() and info.host == socket.gethostname() and info.user
    assert lockfile.lock_path(f).name == "报告.gknb.lock"
    assert lockfile.acquire(f) is None  # ours already
    lockfile.release(f)
    assert not lockfile.lock_path(f).exists()


def test_live_lock_of_another_is_reported(tmp_path):
    f = tmp_path / "a.gknb"
    lockfile.lock_path(f).write_text(json.dumps({"user": "小李", "host": "OTHER-PC", "pid": 99, "time": "2025-01-02T08:30:00"}))
    other = lockfile.acquire(f)
    assert other is not None and other.user == "小李" and "OTHER-PC" in other.describe()
    assert not lockfile.is_stale(other)  # another host: never judged stale
    lockfile.release(f)  # not ours: kept
    assert lockfile.lock_path(f).exists()
    assert lockfile.acquire(f, force=True) is None
    assert lockfile.read_lock(f).pid == os.getpid()


def test_stale_lock_same_host_is_taken_over(tmp_path):
    f = tmp_path / "a.gknb"
    lockfile.lock_path(f).write_text(json.dumps({"user": "我", "host": socket.gethostname(), "pid": DEAD_PID, "time": ""}))
    assert lockfile.is_stale(lockfile.read_lock(f))
    assert lockfile.acquire(f) is None
    assert lockfile.read_lock(f).pid == os.getpid()


def test_live_pid_same_host_is_not_stale(tmp_path):
    f = tmp_path / "a.gknb"
    lockfile.lock_path(f).write_text(json.dumps({"user": "我", "host": socket.gethostname(), "pid": os.getppid(), "time": ""}))
    other = lockfile.acquire(f)
    assert other is not None and other.pid == os.getppid()


def test_damaged_lock_counts_as_held(tmp_path):
    f = tmp_path / "a.gknb"
    lockfile.lock_path(f).write_bytes(b"\xff\x00garbage")
    info = lockfile.read_lock(f)
    assert info is not None and info.user == "未知用户"


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
