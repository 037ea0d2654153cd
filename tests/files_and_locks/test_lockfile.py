"""The lock file, without Qt."""

from __future__ import annotations

import json
import os
import socket

import pytest

from model import lockfile, recovery
from tests.files_and_locks.liveproc import other_live_pid

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
    lockfile.lock_path(f).write_text(json.dumps({"user": "我", "host": socket.gethostname(), "pid": other_live_pid(), "time": ""}))
    other = lockfile.acquire(f)
    assert other is not None and other.pid == other_live_pid()


def test_damaged_lock_counts_as_held(tmp_path):
    f = tmp_path / "a.gknb"
    lockfile.lock_path(f).write_bytes(b"\xff\x00garbage")
    info = lockfile.read_lock(f)
    assert info is not None and info.user == "未知用户"
