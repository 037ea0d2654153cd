"""Writing and reading files safely, for every kind of file the program writes (project,
recovery copy, PDF, Excel): ``atomic_write`` (temp file in the same folder, flush, fsync,
``os.replace`` retried briefly on Windows sharing violations, the old version kept as
``.bak``), the clean-up of temp files a killed save left behind, and the Chinese message for
a file that cannot be read.  Temp files are named ``.~gknb-HOST-PID-RANDOM.tmp``.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
import zlib
from pathlib import Path

from model.fserrors import FileInUseError, describe_os_error, is_folder_error, is_name_too_long


def _replace_with_retry(src: str, dst: str, attempts: int = 8) -> None:
    """``os.replace`` with a short retry: on Windows antivirus, the search indexer or a
    cloud-sync client may hold the target for a moment (WinError 5/32/33).  A refusal that
    persists is raised as ``FileInUseError``."""
    delay = 0.05
    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except FileInUseError:
            raise
        except PermissionError as e:
            if os.name != "nt" or i == attempts - 1:
                if os.name == "nt":
                    raise FileInUseError(e.errno, e.strerror, dst) from e
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def _copy_mode(target: str, fd: int) -> None:
    """Give the temp file the old file's mode, or the usual mode of a new file, so that a
    save never hides the report from colleagues on a shared folder."""
    if os.name == "nt":
        return
    try:
        mode = os.stat(target).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.fchmod(fd, mode)


# --------------------------------------------------------------------------- temp files

TEMP_PREFIX = ".~gknb-"
_TEMP_NAME = re.compile(r"^\.~gknb-([0-9a-f]{8})-(\d{1,10})-[0-9a-f]{8,32}\.tmp(\.bak)?$")
# temp files of version 0.1 and older: "." + target name + "." + mkstemp's 8 characters + ".tmp"
_OLD_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp(\.bak)?$")
STALE_TEMP_SECONDS = 24 * 3600  # a temp file of another computer (shared folder) this old is a stray
_OLD_TEMP_SECONDS = 600


def _host_tag() -> str:
    import socket

    try:
        host = socket.gethostname()
    except OSError:
        host = ""
    return f"{zlib.crc32(host.encode('utf-8', 'replace')):08x}"


_HOST = _host_tag()


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` of this computer is still running (when unsure: yes)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 - Windows only, for mypy on Linux
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # e.g. EPERM: someone else's process
    return True


def is_stale_temp_file(name: str, mtime: float, now: float | None = None) -> bool:
    """Whether ``name`` is a temp file left by a save that never finished: ours, of this
    computer and of a process that is gone; or ours and a day old (another computer on a
    shared folder, or a pid reused since)."""
    now = time.time() if now is None else now
    m = _TEMP_NAME.match(name)
    if m:
        if now - mtime > STALE_TEMP_SECONDS:
            return True  # no save takes a day (and the pid may have been reused since)
        return m.group(1) == _HOST and not _pid_alive(int(m.group(2)))
    if _OLD_TEMP_NAME.match(name) and (".gknb." in name or ".xlsx." in name or ".pdf." in name):
        return now - mtime > _OLD_TEMP_SECONDS
    return False


def remove_stale_temp_files(folder: str | os.PathLike[str]) -> int:
    """Remove the temp files that saves killed half-way left in ``folder``; returns how many.
    Never raises (a folder that cannot be listed is simply left alone)."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        name = entry.name
        if not name.startswith("."):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if is_stale_temp_file(name, entry.stat(follow_symlinks=False).st_mtime, now):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _temp_path(folder: str) -> str:
    return os.path.join(folder, f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-{secrets.token_hex(6)}.tmp")


def _open_temp(folder: str) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(100):
        tmp = _temp_path(folder)
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temp file in {folder}")


def atomic_write(path: str | os.PathLike[str], data: bytes, keep_backup: bool = True) -> None:
    """Write ``data`` to ``path`` so that the file is always either the old or the new
    version.  With ``keep_backup`` the old version is kept as ``path + '.bak'``.  Raises
    ``OSError`` (``describe_os_error`` explains it in Chinese)."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if os.path.isdir(target):
        raise IsADirectoryError(21, "Is a directory", target)
    remove_stale_temp_files(folder)
    fd, tmp = _open_temp(folder)
    bak_tmp = tmp + ".bak"
    try:
        _copy_mode(target, fd)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if keep_backup and os.path.exists(target):
            shutil.copy2(target, bak_tmp)
            _replace_with_retry(bak_tmp, target + ".bak")
        _replace_with_retry(tmp, target)
    except BaseException:
        for leftover in (tmp, bak_tmp):
            try:
                os.unlink(leftover)
            except OSError:
                pass
        raise
    if os.name != "nt":
        try:
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass


def read_error_message(e: OSError, p: Path, what: str) -> str:
    """A Chinese message for a file that could not be read (``what``: e.g. "Excel文件")."""
    if is_name_too_long(e, p):  # (Windows often says “not found” for it)
        return describe_os_error(e, p, "读取")
    if isinstance(e, FileNotFoundError):
        return f"找不到文件“{p}”。"
    if is_folder_error(e, p):  # (Windows: PermissionError)
        return f"“{p}”是文件夹，不是{what}。"
    if isinstance(e, PermissionError):
        return f"没有权限读取“{p}”，或文件正被其他程序占用。"
    return describe_os_error(e, p, "读取")


def approval_path_for(path: str | os.PathLike[str]) -> Path:
    """Where the separate 审签单 of the PDF ``path`` goes: ``报告.pdf`` → ``报告-审签单.pdf``
    (the PDF writer writes it there; the window looks there before replacing it)."""
    p = Path(path)
    return p.with_name(f"{p.stem}-审签单{p.suffix or '.pdf'}")


def safe_file_name(name: str) -> str:
    """A file name proposed from the organ name: no folder parts, no characters Windows
    refuses, not too long."""
    out = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return (out or "报告")[:60]  # 60 CJK characters are 180 bytes: room for a year, a suffix and ".bak"


def project_file_stem(year: int, organ_name: str) -> str:
    """“2022-某某镇人民政府”: the name proposed for a report's project file."""
    return safe_file_name(f"{year}-{organ_name or '报告'}")


def export_file_stem(year: int, organ_name: str) -> str:
    """“某某镇人民政府2022年政府信息公开工作年度报告”: the name proposed for an export."""
    return safe_file_name(f"{organ_name or '报告'}{year}年政府信息公开工作年度报告")
