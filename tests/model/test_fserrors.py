"""File-system errors while saving are explained in Chinese, the OS text at most in
parentheses, the old file untouched; stale temp files are recognised and removed."""

from __future__ import annotations

import errno
import os
import time

import pytest

from model import files
from model.files import is_stale_temp_file, remove_stale_temp_files
from model.fserrors import FileInUseError, describe_os_error
from model.storage import ProjectFileError, load_report, save_report
from tests.model.helpers import complete_report


def _os_error(code: int, text: str, cls: type[OSError] = OSError) -> OSError:
    return cls(code, text)


@pytest.mark.parametrize("exc,words", [
    (_os_error(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    (_os_error(errno.EDQUOT, "Disk quota exceeded"), "磁盘空间不足"),
    (_os_error(errno.EACCES, "Permission denied", PermissionError), "没有写入权限"),
    (_os_error(errno.EPERM, "Operation not permitted", PermissionError), "没有写入权限"),
    (_os_error(errno.EROFS, "Read-only file system"), "文件夹是只读的"),
    (FileInUseError(errno.EACCES, "Access is denied"), "文件被其他程序占用"),
    (_os_error(errno.ENOENT, "No such file or directory", FileNotFoundError), "文件夹不存在"),
    (_os_error(errno.EISDIR, "Is a directory", IsADirectoryError), "路径是文件夹"),
    (_os_error(errno.ENAMETOOLONG, "File name too long"), "过长"),
    (_os_error(errno.EIO, "Input/output error"), "磁盘读写出错"),
])
def test_describe_os_error(exc, words):
    msg = describe_os_error(exc, "/某处/a.gknb")
    assert msg.startswith("无法写入“/某处/a.gknb”：") and words in msg
    assert msg.endswith(f"（{exc.strerror}）")  # the OS's words only in parentheses
    assert exc.strerror not in msg.split("（")[0]


def test_windows_sharing_violation_is_described():
    e = PermissionError(errno.EACCES, "The process cannot access the file")
    e.winerror = 32  # type: ignore[attr-defined]
    assert "文件被其他程序占用" in describe_os_error(e, "a.gknb")


@pytest.mark.parametrize("where,exc,words", [
    ("os.open", _os_error(errno.EACCES, "Permission denied", PermissionError), "没有写入权限"),
    ("os.open", _os_error(errno.EROFS, "Read-only file system"), "文件夹是只读的"),
    ("os.fsync", _os_error(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    ("os.replace", _os_error(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    ("os.replace", FileInUseError(errno.EACCES, "Access is denied"), "文件被其他程序占用"),
])
def test_save_explains_file_system_errors_and_keeps_the_old_file(tmp_path, monkeypatch, where, exc, words):
    p = tmp_path / "a.gknb"
    save_report(complete_report(), p)
    before = p.read_bytes()
    real = {"os.open": os.open, "os.fsync": os.fsync, "os.replace": os.replace}[where]

    def failing(*a, **k):
        if where == "os.open" and not str(a[0]).startswith(str(tmp_path / ".~gknb-")):
            return real(*a, **k)
        raise exc

    monkeypatch.setattr(os, where.split(".")[1], failing)
    with pytest.raises(ProjectFileError) as e:
        save_report(complete_report(2023), p)
    monkeypatch.undo()
    msg = str(e.value)
    assert words in msg and "原文件未被改动" in msg and msg.endswith(f"（{exc.strerror}）")
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.gknb"]


def test_save_into_missing_folder_or_onto_a_folder(tmp_path):
    with pytest.raises(ProjectFileError, match="文件夹不存在"):
        save_report(complete_report(), tmp_path / "没有" / "a.gknb")
    (tmp_path / "d.gknb").mkdir()
    with pytest.raises(ProjectFileError, match="路径是文件夹"):
        save_report(complete_report(), tmp_path / "d.gknb")
    with pytest.raises(ProjectFileError, match="过长"):
        save_report(complete_report(), tmp_path / ("长" * 300) / "a.gknb")
    with pytest.raises(ProjectFileError, match="文件名过长"):
        save_report(complete_report(), tmp_path / ("长" * 260 + ".gknb"))
    if os.name != "nt":
        with pytest.raises(ProjectFileError, match="文件名过长"):
            save_report(complete_report(), tmp_path / ("长" * 90 + ".gknb"))  # 270 bytes + .bak
    assert sorted(x.name for x in tmp_path.iterdir()) == ["d.gknb"]


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="POSIX permissions, not as root")
def test_real_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ProjectFileError, match="没有写入权限"):
            save_report(complete_report(), folder / "a.gknb")
    finally:
        folder.chmod(0o700)


def test_stale_temp_files_are_recognised(tmp_path):
    host = files._HOST
    now = time.time()
    dead_pid = 2**22 + 12345  # above any pid_max
    mine = f".~gknb-{host}-{os.getpid()}-0123456789ab.tmp"
    dead = f".~gknb-{host}-{dead_pid}-0123456789ab.tmp"
    dead_bak = f".~gknb-{host}-{dead_pid}-0123456789ab.tmp.bak"
    other_host_new = f".~gknb-00000000-{dead_pid}-0123456789ab.tmp" if host != "00000000" else \
        f".~gknb-ffffffff-{dead_pid}-0123456789ab.tmp"
    assert not is_stale_temp_file(mine, now, now)  # a save of this very process
    assert is_stale_temp_file(dead, now, now) and is_stale_temp_file(dead_bak, now, now)
    assert not is_stale_temp_file(other_host_new, now - 60, now)  # maybe a colleague saving right now
    assert is_stale_temp_file(other_host_new, now - 2 * files.STALE_TEMP_SECONDS, now)
    assert not is_stale_temp_file("a.gknb", now - 10**6, now)
    assert not is_stale_temp_file(".a.gknb.bak", now - 10**6, now)
    old_style = ".a.gknb.k3j_x9q2.tmp"  # mkstemp names of version 0.1
    assert is_stale_temp_file(old_style, now - 3600, now) and not is_stale_temp_file(old_style, now, now)
    for name in (mine, dead, dead_bak, "a.gknb", ".hidden"):
        (tmp_path / name).write_text("x")
    assert remove_stale_temp_files(tmp_path) == 2
    assert sorted(x.name for x in tmp_path.iterdir()) == sorted([mine, "a.gknb", ".hidden"])
    assert remove_stale_temp_files(tmp_path / "none") == 0


def test_next_save_removes_what_a_killed_save_left(tmp_path):
    p = tmp_path / "a.gknb"
    save_report(complete_report(), p)
    stray = tmp_path / f".~gknb-{files._HOST}-{2**22 + 7}-00112233445566.tmp"
    stray.write_bytes(b"half a file")
    save_report(complete_report(), p)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.gknb", "a.gknb.bak"]
    assert load_report(p) == complete_report()


def test_a_day_old_temp_file_of_a_live_pid_is_stale_too():
    now = time.time()
    mine = f".~gknb-{files._HOST}-{os.getpid()}-0123456789ab.tmp"  # a reused pid, say
    assert is_stale_temp_file(mine, now - 2 * files.STALE_TEMP_SECONDS, now)
    assert not is_stale_temp_file(mine, now - 3600, now)
