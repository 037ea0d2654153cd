"""Who owns a lock or a recovery file: stale-lock takeover races, zombies, reused pids,
hung processes, damaged lock files.  No Qt."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from bench.bench_lock import _started, run_races
from model import lockfile, recovery
from model.storage import load_report
from tests.conftest import SAMPLES
from tests.files_and_locks.liveproc import other_live_pid

DEAD_PID = 2**22 + 4321
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and zombies")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(recovery.ENV_DATA_DIR, str(tmp_path / "data"))


def write_lock(f, **fields):
    data = {"user": "别人", "host": socket.gethostname(), "time": "2026-01-01T08:00:00"}
    data.update(fields)
    lockfile.lock_path(f).write_text(json.dumps(data), encoding="utf-8")


def test_stale_takeover_race_has_exactly_one_winner(tmp_path):
    # CI under Wine runs fewer rounds: there every cross-process wait goes through wineserver
    r = run_races(int(os.environ.get("NIANBAO_LOCK_RACE_ROUNDS", "300")), folder=tmp_path)
    assert (r.double, r.none, r.wrong_owner, r.leftovers) == (0, 0, 0, []), r


def test_a_racer_that_could_not_be_started_is_started_again():
    """Creating a process can fail for a moment (Wine: “[WinError 1359] Internal error”): the
    race is run with a fresh attempt, and a lasting failure is still raised."""
    class Flaky:
        fails = 1

        def start(self):  # type: ignore[no-untyped-def]
            if Flaky.fails:
                Flaky.fails -= 1
                raise OSError(1359, "Internal error")

    made = []
    assert isinstance(_started(lambda: made.append(Flaky()) or made[-1]), Flaky) and len(made) == 2

    class Broken:
        def start(self):  # type: ignore[no-untyped-def]
            raise OSError(1359, "Internal error")

    with pytest.raises(OSError):
        _started(Broken, tries=2)


def test_marker_left_by_a_crashed_takeover_is_stepped_over(tmp_path):
    f = tmp_path / "a.gknb"
    write_lock(f, pid=DEAD_PID)
    stale = lockfile.lock_path(f).read_bytes()
    marker = lockfile._marker_for(lockfile.lock_path(f), stale)
    marker.write_text(json.dumps({"user": "崩溃", "host": socket.gethostname(), "pid": DEAD_PID, "time": ""}))
    assert lockfile.acquire(f) is None
    assert lockfile.read_lock(f).pid == os.getpid()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gknb.lock"]  # the dead marker cleaned up


def test_release_does_not_remove_a_lock_forced_away(tmp_path):
    f = tmp_path / "a.gknb"
    mine = lockfile.take(f)
    assert isinstance(mine, lockfile.Lock) and mine.held()
    theirs = lockfile.take(f, force=True)
    assert isinstance(theirs, lockfile.Lock) and not mine.held()
    assert not mine.release()
    assert lockfile.read_lock(f).token == theirs.info.token
    assert theirs.release() and lockfile.read_lock(f) is None


@pytest.mark.parametrize("pid", [10**30, -(10**30), 2**63, 2**31 + 5, "12", 1.5, None, True, [1]])
def test_odd_pid_in_lock_never_crashes(tmp_path, pid):
    f = tmp_path / "a.gknb"
    write_lock(f, pid=pid)
    info = lockfile.read_lock(f)
    assert info is not None
    assert lockfile.pid_alive(info.pid) in (True, False)
    assert lockfile.acquire(f) in (None, info)
    lockfile.release(f)


def test_huge_pid_is_not_alive():
    assert not lockfile.pid_alive(10**30)
    assert not lockfile.pid_alive(2**63)


def test_huge_pid_lock_is_stale_and_taken_over(tmp_path):
    f = tmp_path / "a.gknb"
    write_lock(f, pid=10**30)
    assert lockfile.acquire(f) is None
    assert lockfile.read_lock(f).pid == os.getpid()


@pytest.mark.parametrize("raw", [b"", b"[]", b"null", b"{\"pid\": ", b"[" * 100000, "{\"pid\": \"一\"}".encode(), b"\xff\xfe"])
def test_garbage_lock_never_crashes(tmp_path, raw):
    f = tmp_path / "a.gknb"
    lockfile.lock_path(f).write_bytes(raw)
    info = lockfile.read_lock(f)
    assert info is not None and info.user == "未知用户"
    other = lockfile.acquire(f)
    assert other is not None  # an unknown holder: only the clerk may decide
    assert lockfile.acquire(f, force=True) is None
    assert lockfile.read_lock(f).pid == os.getpid()


def test_lock_records_process_start_time(tmp_path):
    f = tmp_path / "a.gknb"
    assert lockfile.acquire(f) is None
    data = json.loads(lockfile.lock_path(f).read_text(encoding="utf-8"))
    if sys.platform.startswith("linux") or os.name == "nt":
        assert data["started"] and data["started"] == lockfile.process_start(os.getpid())
    lockfile.release(f)
    assert not lockfile.lock_path(f).exists()


@linux_only
def test_start_time_is_field_22_of_proc_stat():
    raw = open(f"/proc/{os.getpid()}/stat", "rb").read()
    ticks = raw[raw.rindex(b")") + 2:].split()[19].decode()
    assert lockfile.process_start(os.getpid()).endswith(":" + ticks)


@pytest.fixture
def zombie():
    """A child process that has ended but was not waited for."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    start = lockfile.process_start(p.pid)  # may already be a zombie: the start time stays readable
    for _ in range(200):
        with open(f"/proc/{p.pid}/stat", "rb") as fh:
            raw = fh.read()
        if raw[raw.rindex(b")") + 2:].split()[0] == b"Z":
            break
        time.sleep(0.01)
    else:
        pytest.fail("child did not become a zombie")
    yield p.pid, start or lockfile.process_start(p.pid)
    p.wait()


@linux_only
def test_zombie_owner_is_not_alive(zombie):
    pid, start = zombie
    os.kill(pid, 0)  # the old test (kill 0) still finds it
    assert not lockfile.pid_alive(pid)
    assert not lockfile.pid_alive(pid, start)


@linux_only
def test_lock_of_zombie_is_taken_over(tmp_path, zombie):
    pid, start = zombie
    f = tmp_path / "a.gknb"
    write_lock(f, pid=pid, started=start)
    assert lockfile.is_stale(lockfile.read_lock(f))
    assert lockfile.acquire(f) is None


@linux_only
def test_reused_pid_is_not_the_owner(tmp_path):
    """A lock naming a live pid but another start time: the pid was reused."""
    f = tmp_path / "a.gknb"
    real = lockfile.process_start(other_live_pid())
    assert real
    write_lock(f, pid=other_live_pid(), started=real[:-1] + ("9" if real[-1] != "9" else "8"))
    assert lockfile.is_stale(lockfile.read_lock(f))
    assert lockfile.acquire(f) is None
    # the same pid with its real start time is a live owner
    write_lock(f, pid=other_live_pid(), started=real)
    other = lockfile.acquire(f)
    assert other is not None and other.pid == other_live_pid()


@linux_only
def test_hung_owner_still_holds(tmp_path):
    p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        os.kill(p.pid, signal.SIGSTOP)  # hung, not crashed
        f = tmp_path / "a.gknb"
        write_lock(f, pid=p.pid, started=lockfile.process_start(p.pid))
        other = lockfile.acquire(f)
        assert other is not None and other.pid == p.pid
    finally:
        p.kill()
        p.wait()


def test_foreign_start_scheme_falls_back_to_pid(tmp_path):
    f = tmp_path / "a.gknb"
    write_lock(f, pid=other_live_pid(), started="win:133000000000000000" if os.name != "nt" else "linux:x:1")
    other = lockfile.acquire(f)
    assert other is not None  # cannot compare: the live pid counts


# ---------------------------------------------------------------- recovery files


def _doctor(p, **fields):
    doc = json.loads(p.read_text(encoding="utf-8"))
    doc.update(fields)
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@linux_only
def test_recovery_of_zombie_is_offered(tmp_path, zombie):
    pid, start = zombie
    p = recovery.write_recovery(load_report(SAMPLES / "2021-上官乡.gknb"), tmp_path / "r.gknb")
    _doctor(p, pid=pid, started=start)
    assert [e.path for e in recovery.list_recoveries()] == [p]


@linux_only
def test_recovery_of_reused_pid_is_offered(tmp_path):
    p = recovery.write_recovery(load_report(SAMPLES / "2021-上官乡.gknb"), tmp_path / "r.gknb")
    real = lockfile.process_start(other_live_pid())
    _doctor(p, pid=other_live_pid(), started=real + "0")
    assert [e.path for e in recovery.list_recoveries()] == [p]
    _doctor(p, pid=other_live_pid(), started=real)
    assert recovery.list_recoveries() == []  # a live window's autosave


def test_recovery_of_own_pid_but_earlier_process_is_offered(tmp_path):
    """After a reboot, this process may have the pid of the one that crashed."""
    p = recovery.write_recovery(load_report(SAMPLES / "2021-上官乡.gknb"), tmp_path / "r.gknb")
    assert recovery.list_recoveries() == []
    _doctor(p, started="linux:another-boot:12345")
    if sys.platform.startswith("linux"):
        assert [e.path for e in recovery.list_recoveries()] == [p]


def test_recovery_records_start_time(tmp_path):
    p = recovery.write_recovery(load_report(SAMPLES / "2021-上官乡.gknb"), tmp_path / "r.gknb")
    doc = json.loads(p.read_text(encoding="utf-8"))
    assert doc["pid"] == os.getpid() and doc["started"] == lockfile.process_start(os.getpid())


@pytest.mark.parametrize("pid", [10**30, "x", None, -5])
def test_recovery_with_odd_pid_is_listed(tmp_path, pid):
    p = recovery.write_recovery(load_report(SAMPLES / "2021-上官乡.gknb"), tmp_path / "r.gknb")
    _doctor(p, pid=pid)
    assert [e.path for e in recovery.list_recoveries()] == [p]


def test_two_sessions_on_one_file_keep_separate_copies(tmp_path):
    report = load_report(SAMPLES / "2021-上官乡.gknb")
    a = recovery.write_recovery(report, tmp_path / "r.gknb", "111-a")
    b = recovery.write_recovery(report, tmp_path / "r.gknb", "111-b")
    assert a != b and a.exists() and b.exists()


def test_claim_is_exclusive_and_a_dead_claimer_gives_it_back(tmp_path):
    p = recovery.write_recovery(load_report(SAMPLES / "2021-上官乡.gknb"), tmp_path / "r.gknb", "s")
    _doctor(p, pid=DEAD_PID)
    [entry] = recovery.list_recoveries()
    claimed = recovery.claim(entry)
    assert claimed is not None and claimed.exists() and not p.exists()
    assert recovery.claim(entry) is None  # a second window comes too late
    assert recovery.list_recoveries() == []  # we (alive) are restoring it
    # a claimer that crashed: offered again
    dead = claimed.with_name(claimed.name.split(recovery.CLAIMED)[0] + f"{recovery.CLAIMED}{DEAD_PID}.abcdef12")
    claimed.rename(dead)
    [again] = recovery.list_recoveries()
    assert again.path == dead and recovery.load_recovery(again).organ_name
    reclaimed = recovery.claim(again)
    assert reclaimed is not None and reclaimed.name.count(recovery.CLAIMED) == 1
    assert recovery.unclaim(reclaimed) == p and p.exists()


class FakeKernel32:
    """Stands in for kernel32 so the Windows branch's logic runs here (the real calls are
    exercised only on Windows)."""

    def __init__(self, procs):
        self.procs = procs  # pid -> (exit code, creation FILETIME as int) ; missing → no such process
        self.closed = []

    def OpenProcess(self, access, inherit, pid):  # noqa: N802
        return 1000 + pid if pid in self.procs else None

    def GetExitCodeProcess(self, handle, code):  # noqa: N802
        code._obj.value = self.procs[handle - 1000][0]
        return 1

    def GetProcessTimes(self, handle, c, e, k, u):  # noqa: N802
        v = self.procs[handle - 1000][1]
        c._obj.dwHighDateTime, c._obj.dwLowDateTime = v >> 32, v & 0xFFFFFFFF
        return 1

    def CloseHandle(self, handle):  # noqa: N802
        self.closed.append(handle)


def test_windows_branch_with_a_fake_kernel32(monkeypatch):
    import ctypes

    fake = FakeKernel32({40: (259, 133_000_000_000_000_123), 41: (0, 133_000_000_000_000_456)})
    monkeypatch.setattr(lockfile, "_win_kernel32", lambda: fake)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: 87, raising=False)
    assert lockfile._win_process(40) == (True, "win:133000000000000123")
    assert lockfile._win_process(41) == (False, "win:133000000000000456")  # ended, handle still open somewhere
    assert lockfile._win_process(42) is None
    assert fake.closed == [1040, 1041]
    monkeypatch.setattr(ctypes, "get_last_error", lambda: 5, raising=False)
    assert lockfile._win_process(42) == (True, None)  # access denied: exists
    assert lockfile._win_judge(lockfile._win_process(40), "win:133000000000000123")
    assert not lockfile._win_judge(lockfile._win_process(40), "win:1")  # pid reused
    assert lockfile._win_judge(lockfile._win_process(40), None)
    assert lockfile._win_judge(lockfile._win_process(40), "linux:x:1")  # not comparable: the pid counts
    assert not lockfile._win_judge(lockfile._win_process(41), None)
    assert not lockfile._win_judge(None, None)


def test_a_marker_a_reader_holds_open_for_a_moment_is_still_removed(tmp_path, monkeypatch):
    """Windows refuses to delete a file another process has open (found by the lock races
    under the Windows Python): the takeover marker is removed once the reader lets go."""
    f = tmp_path / "a.gknb"
    write_lock(f, pid=DEAD_PID)
    monkeypatch.setattr(lockfile, "_SHARING_RETRIES", True)
    real_unlink = os.unlink
    refused = []

    def windows_unlink(path, *a, **k):
        if lockfile.MARKER_INFIX in os.path.basename(os.fspath(path)) and len(refused) < 3:  # a marker or its temp
            refused.append(path)
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_unlink(path, *a, **k)

    monkeypatch.setattr(os, "unlink", windows_unlink)
    assert lockfile.acquire(f) is None and lockfile.read_lock(f).pid == os.getpid()
    assert len(refused) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gknb.lock"]  # no marker, no temporary file left
