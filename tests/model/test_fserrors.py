"""File-system errors while saving are explained in Chinese, the OS text at most in
parentheses, the old file untouched; stale temp files are recognised and removed."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from model import files
from model.files import is_stale_temp_file, remove_stale_temp_files
from model.fserrors import FileInUseError, describe_os_error, is_folder_error
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


def _windows_folder_error(path) -> PermissionError:
    """What Windows raises when a folder is opened as a file: access denied, not EISDIR."""
    e = PermissionError(errno.EACCES, "Permission denied", str(path))
    e.winerror = 5  # type: ignore[attr-defined]
    return e


def test_a_folder_opened_as_a_file_is_named_a_folder_on_windows_too(tmp_path, monkeypatch):
    folder = tmp_path / "报告.gknb"
    folder.mkdir()
    assert is_folder_error(_windows_folder_error(folder))  # the error's own file name
    assert "路径是文件夹" in describe_os_error(_windows_folder_error(folder), folder)
    # a real permission problem on a file stays one, and so does a file held by another program
    file = tmp_path / "a.gknb"
    file.write_text("x")
    assert not is_folder_error(_windows_folder_error(file))
    assert "没有写入权限" in describe_os_error(_windows_folder_error(file), file)
    held = _windows_folder_error(folder)
    held.winerror = 32  # type: ignore[attr-defined]
    assert "文件被其他程序占用" in describe_os_error(held, folder)

    def windows_read(self, *a, **k):
        raise _windows_folder_error(self)

    monkeypatch.setattr(Path, "read_bytes", windows_read)
    monkeypatch.setattr(Path, "stat", lambda self, **k: os.stat(tmp_path / "a.gknb"))
    with pytest.raises(ProjectFileError) as e:
        load_report(folder)
    assert str(e.value) == f"“{folder}”是文件夹，不是项目文件。"
    with pytest.raises(ProjectFileError, match="没有权限读取"):
        load_report(file)


def test_opening_a_folder_from_the_command_line_names_the_folder(tmp_path, monkeypatch, capsys):
    from cli import run_cli

    folder = tmp_path / "2023.gknb"
    folder.mkdir()
    real_read = Path.read_bytes

    def windows_read(self):  # Windows: PermissionError for a folder
        if self.is_dir():
            raise _windows_folder_error(self)
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", windows_read)
    assert run_cli(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "是文件夹" in err and "权限" not in err


def test_an_overlong_name_is_said_to_be_too_long_whatever_the_system_reports(tmp_path):
    from model.fserrors import has_overlong_name, is_name_too_long

    cjk_200, cjk_300 = "长" * 200, "长" * 300
    # NTFS counts UTF-16 units (200 CJK fit), POSIX file systems bytes (200 CJK = 600 bytes do not)
    assert has_overlong_name(f"C:\\报告\\{cjk_300}.gknb", windows=True)
    assert not has_overlong_name(f"C:\\报告\\{cjk_200}.gknb", windows=True)
    assert has_overlong_name(f"/报告/{cjk_200}.gknb", windows=False)
    assert not has_overlong_name("/报告/" + "a" * 250 + ".gknb", windows=False)
    assert not has_overlong_name(None) and not has_overlong_name(b"/x")
    # Windows and Wine report such a path as “not found” (winerror 3), not ENAMETOOLONG
    long_path = tmp_path / cjk_300 / "a.gknb"
    e = FileNotFoundError(errno.ENOENT, "The system cannot find the path specified", str(long_path))
    e.winerror = 3  # type: ignore[attr-defined]
    assert is_name_too_long(e)
    assert "过长" in describe_os_error(e, long_path) and "不存在" not in describe_os_error(e, long_path)
    assert "文件夹不存在" in describe_os_error(FileNotFoundError(errno.ENOENT, "x"), tmp_path / "没有" / "a.gknb")
    from model.files import read_error_message

    assert "过长" in read_error_message(e, long_path, "项目文件")
    assert "找不到文件" in read_error_message(FileNotFoundError(errno.ENOENT, "x"), tmp_path / "a.gknb", "项目文件")
