"""Lock file that tells a second window (or a colleague on a shared folder) that a project
file is already open.  No Qt here.

The lock for ``报告.gknb`` is ``报告.gknb.lock`` in the same folder.  It holds JSON with the
user, host, process id and time of the holder.  A lock is *stale* when it was written on
this host by a process that no longer runs (the program crashed); a stale lock is simply
taken over.  A lock from another host is never judged stale: only the clerk can decide.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    time: str  # ISO timestamp

    def describe(self) -> str:
        when = self.time.replace("T", " ")[:16]
        return f"{self.user}（计算机 {self.host}，{when} 起）"


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


def this_process() -> LockInfo:
    return LockInfo(_user(), _hostname(), os.getpid(), dt.datetime.now().isoformat(timespec="seconds"))


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def read_lock(path: str | os.PathLike[str]) -> LockInfo | None:
    """The holder recorded in the lock of ``path``, or None if there is no (readable) lock."""
    lp = lock_path(path)
    try:
        data = json.loads(lp.read_text(encoding="utf-8"))
        return LockInfo(str(data.get("user", "")), str(data.get("host", "")), int(data.get("pid", 0)),
                        str(data.get("time", "")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, AttributeError):
        # unreadable or damaged: treat as a lock by an unknown holder
        return LockInfo("未知用户", "", 0, "") if lp.exists() else None


def is_stale(info: LockInfo) -> bool:
    """A lock written on this computer by a process that has ended."""
    return info.host == _hostname() and not pid_alive(info.pid)


def is_mine(info: LockInfo) -> bool:
    return info.host == _hostname() and info.pid == os.getpid()


def _write_exclusive(lp: Path, info: LockInfo) -> bool:
    data = json.dumps({"app": "年报助手", "user": info.user, "host": info.host, "pid": info.pid,
                       "time": info.time}, ensure_ascii=False).encode("utf-8")
    try:
        fd = os.open(lp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    if os.name == "nt":  # pragma: no cover - hide it like Office's ~$ files
        try:
            import ctypes

            ctypes.windll.kernel32.SetFileAttributesW(str(lp), 0x02)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            pass
    return True


def acquire(path: str | os.PathLike[str], force: bool = False) -> LockInfo | None:
    """Take the lock of ``path``.  Returns None on success, or the other holder's LockInfo
    when someone else (alive, or on another host) holds it.  A stale lock, or any lock when
    ``force`` is true, is replaced.  Raises OSError only if the folder is not writable."""
    lp = lock_path(path)
    me = this_process()
    for _ in range(3):
        if _write_exclusive(lp, me):
            return None
        other = read_lock(path)
        if other is None:
            continue  # vanished meanwhile: try again
        if is_mine(other):
            return None
        if not force and not is_stale(other):
            return other
        try:
            lp.unlink()
        except FileNotFoundError:
            pass
    return read_lock(path)


def release(path: str | os.PathLike[str]) -> None:
    """Remove the lock of ``path`` if this process holds it."""
    info = read_lock(path)
    if info is not None and is_mine(info):
        try:
            lock_path(path).unlink()
        except OSError:
            pass
