"""File-system errors explained in Chinese, for every place that writes or reads a file
(project files, Excel and PDF exports, recovery files).  The operating system's own words
appear at most in parentheses."""

from __future__ import annotations

import errno
import os

# Windows error codes (``OSError.winerror``)
_WIN_SHARING_VIOLATION = 32
_WIN_LOCK_VIOLATION = 33
_WIN_ACCESS_DENIED = 5
_WIN_DISK_FULL = (39, 112)
_WIN_WRITE_PROTECT = 19
_WIN_PATH_NOT_FOUND = 3
_WIN_FILENAME_TOO_LONG = (206, 111)


class FileInUseError(PermissionError):
    """Replacing a file was refused although writing next to it worked: on Windows almost
    always another program (Excel, a PDF reader, antivirus, cloud sync) holds it open."""


def _os_text(e: OSError) -> str:
    text = e.strerror or str(e) or type(e).__name__
    return text.strip()


NAME_MAX = 255  # the longest file or folder name: NTFS counts UTF-16 units, ext4 and most others bytes


def has_overlong_name(path: object, windows: bool | None = None) -> bool:
    """Some part of ``path`` is longer than any file system here can hold (NTFS: 255 UTF-16
    units, as on Windows; POSIX: 255 bytes of the file-system encoding).  Such a file or folder
    cannot exist, whatever error the system chose to report (Windows and Wine often say “not
    found”)."""
    if not isinstance(path, (str, os.PathLike)):
        return False
    text = os.fspath(path)
    if not isinstance(text, str):
        return False
    if windows is None:
        windows = os.name == "nt"
    for part in text.replace("\\", "/").split("/"):
        size = len(part.encode("utf-16-le", "surrogatepass")) // 2 if windows else len(os.fsencode(part))
        if size > NAME_MAX:
            return True
    return False


def is_name_too_long(e: OSError, path: str | os.PathLike[str] | None = None) -> bool:
    """The error comes from a name or path that is too long (``path`` defaults to the error's
    own file name)."""
    if e.errno == errno.ENAMETOOLONG or getattr(e, "winerror", None) in _WIN_FILENAME_TOO_LONG:
        return True
    return has_overlong_name(path if path is not None else e.filename)


def is_folder_error(e: OSError, path: str | os.PathLike[str] | None = None) -> bool:
    """The path is a folder where a file was expected.  POSIX says so (``EISDIR``); Windows
    refuses to open a folder as a file with “access denied” (``PermissionError``, winerror 5),
    so there a permission error on a path that is a folder counts too.  ``path`` defaults to
    the file name the error carries."""
    if isinstance(e, IsADirectoryError) or e.errno == errno.EISDIR:
        return True
    if not isinstance(e, PermissionError) or isinstance(e, FileInUseError):
        return False
    if getattr(e, "winerror", None) in (_WIN_SHARING_VIOLATION, _WIN_LOCK_VIOLATION):
        return False
    where = path if path is not None else e.filename
    if not isinstance(where, (str, os.PathLike)):
        return False
    try:
        return os.path.isdir(where)
    except (OSError, ValueError):
        return False


def os_error_reason(e: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """The cause in a few Chinese words, e.g. “磁盘空间不足”.  ``path`` (else the error's own
    file name) tells a folder opened as a file from a real permission problem on Windows."""
    win = getattr(e, "winerror", None)
    code = e.errno
    if isinstance(e, FileInUseError) or win in (_WIN_SHARING_VIOLATION, _WIN_LOCK_VIOLATION):
        return "文件被其他程序占用，请关闭正在使用它的程序（如 Excel、PDF 阅读器）后重试"
    if is_folder_error(e, path):
        return "路径是文件夹，不是文件，请另取一个文件名"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or win in _WIN_DISK_FULL:
        return "磁盘空间不足，请清理磁盘或保存到其他位置"
    if code == errno.EROFS or win == _WIN_WRITE_PROTECT:
        return "文件夹是只读的（例如光盘或写保护的U盘），请保存到其他位置"
    if is_name_too_long(e, path):
        return "文件名或路径过长，请改用较短的文件名或文件夹"
    if isinstance(e, NotADirectoryError) or code == errno.ENOTDIR:
        return "路径中有一级不是文件夹"
    if isinstance(e, FileNotFoundError) or code == errno.ENOENT or win == _WIN_PATH_NOT_FOUND:
        return "文件夹不存在（可能已被移动、删除，或U盘、网络盘已断开）"
    if isinstance(e, PermissionError) or code in (errno.EACCES, errno.EPERM) or win == _WIN_ACCESS_DENIED:
        return "没有写入权限，或文件正被其他程序占用"
    if code == errno.EIO:
        return "磁盘读写出错（可能是U盘被拔出或网络断开）"
    if code in (errno.EMFILE, errno.ENFILE):
        return "打开的文件过多，请关闭一些程序后重试"
    return "文件系统出错"


def describe_os_error(e: OSError, path: str | os.PathLike[str], action: str = "写入") -> str:
    """A Chinese sentence for a file-system error while ``action`` (写入/保存/读取) ``path``:
    “无法写入“D:/报告/a.gknb”：磁盘空间不足，请清理磁盘或保存到其他位置。（No space left on device）”."""
    return f"无法{action}“{os.fspath(path)}”：{os_error_reason(e, path)}。（{_os_text(e)}）"
