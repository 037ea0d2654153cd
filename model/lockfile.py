"""Lock file that tells a second window (or a colleague on a shared folder, or a command)
that a project file is already open.  No Qt here.

The lock for ``报告.gknb`` is ``报告.gknb.lock`` in the same folder.  It holds JSON with the
user, host, process id, process start time, time and a random token of the holder.

*Who owns it.*  A process is identified by its pid **and** its start time
(``process_start``): a lock is *stale* when it was written on this host and no process with
that pid runs any more, or it is a zombie, or the pid now belongs to a process that started
at another time (pid reused).  A stale lock is simply taken over.  A lock from another host
is never judged stale: only the clerk can decide.

*Exclusive.*  Every change of an existing lock file is a compare-and-swap: whoever wants to
replace (take over a stale lock, force) or delete (release) the content X must first create
the marker ``报告.gknb.lock.takeover-<hash of X>`` exclusively, then check the lock still holds
X, then ``os.replace`` / unlink it.  Creating a lock where there is none is ``os.link`` of a
fully written temporary file (atomic and exclusive; ``O_EXCL`` where links are not
supported).  So of several processes taking over the same crashed window's lock exactly one
wins.  A marker left by a process that crashed inside those few lines is recognised by its
owner (or, from another host, by its age) and stepped over, never deleted while in use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LOCK_SUFFIX = ".lock"
MARKER_INFIX = ".takeover-"
MAX_LOCK_BYTES = 64 * 1024
MARKER_DEAD_AFTER_S = 30.0  # a marker is held for milliseconds; one from another host this old is a crash's leftover
# Windows refuses to delete or replace a file another process has open (Python opens files
# without FILE_SHARE_DELETE), so a racer reading a marker for a moment blocks its removal: retry
_SHARING_RETRIES = os.name == "nt"
WRITING_GRACE_S = 0.5  # an empty lock this young is being written (O_EXCL fallback): read again
TAKE_PATIENCE_S = 5.0


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    time: str  # ISO timestamp
    started: str | None = None  # process start time (``process_start``), None if unknown
    token: str = ""  # random, tells apart two locks of one process

    def describe(self) -> str:
        when = self.time.replace("T", " ")[:16]
        if not when:
            return f"{self.user}（计算机 {self.host or '未知'}）"
        return f"{self.user}（计算机 {self.host or '未知'}，{when} 起）"


UNKNOWN_HOLDER = LockInfo("未知用户", "", 0, "")


def lock_path(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    return p.with_name(p.name + LOCK_SUFFIX)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return os.environ.get("USERNAME") or os.environ.get("USER") or "未知用户"


def _hostname() -> str:
    import socket  # only when a lock is taken or judged: keeps it out of start-up

    return socket.gethostname()


# --------------------------------------------------------------------------- processes


def _valid_pid(pid: object) -> bool:
    return isinstance(pid, int) and not isinstance(pid, bool) and 0 < pid < 2**32


_boot_id_cache: list[str] = []


def _boot_id() -> str:
    if not _boot_id_cache:
        try:
            _boot_id_cache.append(Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip())
        except OSError:
            _boot_id_cache.append("")
    return _boot_id_cache[0]


def _has_proc() -> bool:
    return os.path.exists(f"/proc/{os.getpid()}/stat")


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks since boot) from ``/proc/<pid>/stat``, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
    except OSError:
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so cut at the last ")"
    fields = raw[raw.rfind(b")") + 2:].split()
    if len(fields) < 20:
        return None
    return fields[0].decode("ascii", "replace"), fields[19].decode("ascii", "replace")  # fields 3 and 22


_kernel32: list = []


def _win_kernel32():  # type: ignore[no-untyped-def]  # pragma: no cover - Windows only
    if not _kernel32:
        import ctypes
        from ctypes import wintypes

        k = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        k.OpenProcess.restype = wintypes.HANDLE
        k.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
        k.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
        k.GetProcessTimes.argtypes = [wintypes.HANDLE] + [ctypes.POINTER(wintypes.FILETIME)] * 4
        k.CloseHandle.argtypes = [wintypes.HANDLE]
        _kernel32.append(k)
    return _kernel32[0]


def _win_process(pid: int) -> tuple[bool, str | None] | None:  # pragma: no cover - Windows only
    """(still running, start time) of a Windows process, or None if there is none.  A process
    that exists but may not be queried counts as running with an unknown start."""
    import ctypes
    from ctypes import wintypes

    kernel32 = _win_kernel32()
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        # ERROR_ACCESS_DENIED: it exists (another user's, or protected)
        return (True, None) if ctypes.get_last_error() == 5 else None  # type: ignore[attr-defined]
    try:
        code = wintypes.DWORD()
        running = bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        times = [wintypes.FILETIME() for _ in range(4)]
        start = None
        if kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            start = f"win:{(times[0].dwHighDateTime << 32) | times[0].dwLowDateTime}"
        return running, start
    finally:
        kernel32.CloseHandle(handle)


def _win_judge(info: tuple[bool, str | None] | None, started: str | None) -> bool:
    """Alive from ``_win_process``'s answer: running, and started then if both are known."""
    if info is None or not info[0]:
        return False
    return not (started and started.startswith("win:") and info[1] and info[1] != started)


def process_start(pid: int) -> str | None:
    """When the process ``pid`` started, as an opaque string ("linux:<boot id>:<ticks>",
    "win:<FILETIME>"), or None if unknown (no such process, or another system)."""
    if not _valid_pid(pid):
        return None
    if os.name == "nt":  # pragma: no cover - Windows only
        info = _win_process(pid)
        return info[1] if info else None
    st = _proc_stat(pid)
    if st is None:
        return None
    return f"linux:{_boot_id()}:{st[1]}"


def _kill0(pid: int) -> str:
    """"alive", "gone" or "other" (exists, belongs to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return "gone"
    except PermissionError:
        return "other"
    except (OSError, OverflowError, ValueError):
        return "gone"
    return "alive"


def pid_alive(pid: int, started: str | None = None) -> bool:
    """Whether the process ``pid`` runs on this computer: it exists, it is not a zombie,
    and — when ``started`` is known and comparable — it started at that time (so a pid
    reused by another program is not taken for the owner).  A hung process is alive."""
    if not _valid_pid(pid):
        return False
    if os.name == "nt":  # pragma: no cover - Windows only
        return _win_judge(_win_process(pid), started)
    if _has_proc():
        st = _proc_stat(pid)
        if st is None:
            # not in /proc: gone, or hidden from us (hidepid) while kill still sees it
            return _kill0(pid) == "other"
        state, ticks = st
        if state in ("Z", "X", "x"):
            return False  # ended, not yet waited for by its parent
        if started and started.startswith("linux:"):
            return started == f"linux:{_boot_id()}:{ticks}"
        return True
    return _kill0(pid) != "gone"  # pragma: no cover - e.g. macOS: no zombie or start time check


_my_start: list[str | None] = []


def my_start() -> str | None:
    """This process's start time (``process_start(os.getpid())``), computed once."""
    if not _my_start:
        _my_start.append(process_start(os.getpid()))
    return _my_start[0]


def this_process() -> LockInfo:
    return LockInfo(_user(), _hostname(), os.getpid(), dt.datetime.now().isoformat(timespec="seconds"),
                    my_start(), secrets.token_hex(8))


def is_stale(info: LockInfo) -> bool:
    """A lock written on this computer by a process that has ended."""
    return bool(info.host) and info.host == _hostname() and not pid_alive(info.pid, info.started)


def is_mine(info: LockInfo) -> bool:
    """Written by this process (any of its documents)."""
    if info.host != _hostname() or info.pid != os.getpid():
        return False
    return not (info.started and my_start() and info.started != my_start())


# --------------------------------------------------------------------------- the file


def _encode(info: LockInfo) -> bytes:
    return json.dumps({"app": "年报助手", "user": info.user, "host": info.host, "pid": info.pid, "time": info.time,
                       "started": info.started, "token": info.token}, ensure_ascii=False).encode("utf-8")


def _parse(raw: bytes) -> LockInfo | None:
    """The holder in a lock file's bytes, or None if they are damaged."""
    if len(raw) > MAX_LOCK_BYTES:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    pid = data.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool):
        return None
    started = data.get("started")
    return LockInfo(str(data.get("user", "")), str(data.get("host", "")), pid, str(data.get("time", "") or ""),
                    started if isinstance(started, str) and started else None, str(data.get("token", "") or ""))


def _age(p: Path) -> float:
    try:
        return max(0.0, time.time() - p.stat().st_mtime)
    except OSError:
        return 0.0


def _read_raw(p: Path) -> bytes | None:
    """The bytes of a lock (or marker) file, None if there is none.  An empty file that was
    just created is being written: wait for its content a moment."""
    deadline = time.monotonic() + WRITING_GRACE_S
    while True:
        try:
            with open(p, "rb") as f:
                raw = f.read(MAX_LOCK_BYTES + 1)
        except FileNotFoundError:
            return None
        except PermissionError:
            if os.name != "nt" or time.monotonic() > deadline:
                raise
            time.sleep(0.01)  # pragma: no cover - Windows: being replaced right now
            continue
        if raw or time.monotonic() > deadline or _age(p) > WRITING_GRACE_S:
            return raw
        time.sleep(0.005)


def read_lock(path: str | os.PathLike[str]) -> LockInfo | None:
    """The holder recorded in the lock of ``path``, or None if there is no lock.  A lock that
    cannot be read or understood counts as held by an unknown holder."""
    lp = lock_path(path)
    try:
        raw = _read_raw(lp)
    except OSError:
        return UNKNOWN_HOLDER if lp.exists() else None
    if raw is None:
        return None
    return _parse(raw) or UNKNOWN_HOLDER


def _set_hidden(p: Path, hidden: bool) -> None:
    if os.name == "nt":  # pragma: no cover - hide it like Office's ~$ files
        try:
            import ctypes

            ctypes.windll.kernel32.SetFileAttributesW(str(p), 0x02 if hidden else 0x80)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            pass


def _temp_with(target: Path, raw: bytes) -> Path:
    tmp = target.with_name(f"{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, raw)
    finally:
        os.close(fd)
    _set_hidden(tmp, True)
    return tmp


def _create(target: Path, raw: bytes) -> bool:
    """Create ``target`` holding ``raw`` if it does not exist: True if we created it."""
    tmp = _temp_with(target, raw)
    try:
        try:
            os.link(tmp, target)  # atomic: a reader sees all of it or nothing
            return True
        except FileExistsError:
            return False
        except (OSError, NotImplementedError, AttributeError):
            pass  # no hard links here (FAT, some network shares): exclusive create, then write
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        try:
            os.write(fd, raw)
        finally:
            os.close(fd)
        _set_hidden(target, True)
        return True
    finally:
        with contextlib.suppress(OSError):
            _replace(tmp, None)  # (a hard link of a file somebody is reading: Windows may refuse a moment)


def _marker_for(lp: Path, material: bytes) -> Path:
    import hashlib

    return lp.with_name(lp.name + MARKER_INFIX + hashlib.sha1(material).hexdigest()[:16])


@contextlib.contextmanager
def _exclusive(lp: Path, expected: bytes) -> Iterator[bool]:
    """Hold the right to change the lock file while it holds ``expected`` (yields False if
    somebody else is changing it right now)."""
    me = _encode(this_process())
    material = expected
    dead: list[tuple[Path, bytes]] = []
    held: Path | None = None
    for _ in range(8):
        marker = _marker_for(lp, material)
        if _create(marker, me):
            held = marker
            break
        cur = _read_raw(marker)
        if cur is None:
            continue  # its holder just finished: try the same name again
        info = _parse(cur)
        if info is not None and info.host == _hostname():
            if pid_alive(info.pid, info.started):
                break  # busy
        elif _age(marker) < MARKER_DEAD_AFTER_S:
            break  # from another host, or still being written: busy
        dead.append((marker, cur))
        material = material + b"\0" + cur  # everybody steps over the same dead marker to the same next name
    try:
        yield held is not None
    finally:
        if held is not None:
            for marker, content in dead:  # leftovers of a crash, no longer guarding anything
                with contextlib.suppress(OSError):
                    if _read_raw(marker) == content:
                        _replace(marker, None)
            with contextlib.suppress(OSError):
                _replace(held, None)


def _replace(src: Path, dst: Path | None) -> None:
    """``os.replace`` (``dst`` None: unlink ``src``), retried briefly on Windows, where a
    reader that has the file open for a moment blocks both."""
    for i in range(8):
        try:
            if dst is None:
                os.unlink(src)
            else:
                os.replace(src, dst)
            return
        except PermissionError:  # Windows: a reader has it open for a moment
            if not _SHARING_RETRIES or i == 7:
                raise
            if dst is not None:
                _set_hidden(dst, False)
            time.sleep(0.02 * (i + 1))


def _swap(lp: Path, expected: bytes, raw: bytes | None) -> bool:
    """Replace the lock's content ``expected`` by ``raw`` (None: delete it), atomically with
    respect to everybody else doing the same.  False if it no longer holds ``expected``."""
    with _exclusive(lp, expected) as ok:
        if not ok or _read_raw(lp) != expected:
            return False
        if raw is None:
            _replace(lp, None)
            return True
        tmp = _temp_with(lp, raw)
        try:
            _replace(tmp, lp)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return True


@dataclass(frozen=True)
class Lock:
    """A lock this process holds on ``path`` (the project file)."""

    path: Path
    info: LockInfo
    raw: bytes

    def held(self) -> bool:
        """The lock file still is ours (nobody forced it away)."""
        try:
            return _read_raw(lock_path(self.path)) == self.raw
        except OSError:
            return False

    def release(self) -> bool:
        """Remove the lock file if it still is ours; True if removed."""
        try:
            return _swap(lock_path(self.path), self.raw, None)
        except OSError:
            return False


def take(path: str | os.PathLike[str], force: bool = False, own_process: bool = False) -> Lock | LockInfo:
    """Take the lock of ``path``: a ``Lock`` on success, else the other holder's ``LockInfo``
    (alive, on another host, or an unknown holder of a damaged lock).  A stale lock, or any
    lock when ``force`` is true, is replaced; with ``own_process`` a lock written by this
    process counts as ours.  Raises OSError if the folder is not writable."""
    lp = lock_path(path)
    me = this_process()
    raw = _encode(me)
    deadline = time.monotonic() + TAKE_PATIENCE_S
    other = UNKNOWN_HOLDER
    while True:
        if _create(lp, raw):
            return Lock(Path(path), me, raw)
        current = _read_raw(lp)
        if current is None:
            continue  # released meanwhile: try again
        other = _parse(current) or UNKNOWN_HOLDER
        if own_process and other is not UNKNOWN_HOLDER and is_mine(other):
            return Lock(Path(path), other, current)
        if not force and not is_stale(other):
            return other
        if _swap(lp, current, raw):
            return Lock(Path(path), me, raw)
        if time.monotonic() > deadline:  # pragma: no cover - somebody keeps changing it
            return other
        time.sleep(0.001 + secrets.randbelow(1000) / 200000)  # changed meanwhile, or being changed: look again


def acquire(path: str | os.PathLike[str], force: bool = False) -> LockInfo | None:
    """Take the lock of ``path`` for this process.  Returns None on success (also when this
    process holds it already), or the other holder's LockInfo.  Raises OSError only if the
    folder is not writable."""
    got = take(path, force, own_process=True)
    return None if isinstance(got, Lock) else got


def release(path: str | os.PathLike[str]) -> None:
    """Remove the lock of ``path`` if this process holds it."""
    lp = lock_path(path)
    try:
        raw = _read_raw(lp)
    except OSError:
        return
    if raw is None:
        return
    info = _parse(raw)
    if info is not None and is_mine(info):
        with contextlib.suppress(OSError):
            _swap(lp, raw, None)
