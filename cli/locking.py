"""The lock seen from the command line: a command that writes into a project holds its lock
while it works, and refuses (exit 2, the holder named) while a window has the file open."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from cli import CliError
from model.lockfile import Lock, LockInfo, is_stale, read_lock, take

FORCE_HELP = "即使该项目文件正在年报助手窗口中打开也写入（窗口保存前会提示文件已被修改）"


def locked_message(path: str | os.PathLike[str], other: LockInfo, option: str = "--force") -> str:
    name = os.path.basename(os.fspath(path))
    return (f"“{name}”正由 {other.describe()} 在年报助手中打开。为免互相覆盖，未做任何修改。"
            f"请先在窗口中保存并关闭它再试；如确认对方已不再使用，可加 {option} 强制写入。")


@contextlib.contextmanager
def held_for_cli(path: str | os.PathLike[str], force: bool = False, option: str = "--force",
                 write: bool = True) -> Iterator[None]:
    """Hold the lock of ``path`` while a command reads and writes it, so that a window
    opening it meanwhile sees the lock.  If a live window (or another computer) holds it the
    command stops with ``CliError`` (exit 2, the holder named) — unless ``force``: then it
    writes without touching the other's lock and warns.  With ``write`` false (a dry run)
    nothing is locked; a holder is only mentioned."""
    import sys

    try:
        got = take(path) if write else read_lock(path)
    except OSError:
        got = None  # folder not writable for the lock: the write will tell
    if got is not None and not isinstance(got, Lock) and not write:
        if not is_stale(got):
            print(f"提示：“{os.path.basename(os.fspath(path))}”正由 {got.describe()} 打开；正式写入前请先在窗口中关闭它。")
        got = None
    if isinstance(got, LockInfo):
        if not force:
            raise CliError(locked_message(path, got, option), 2)
        print(f"警告：“{os.path.basename(os.fspath(path))}”正由 {got.describe()} 打开，已按 {option} 写入。"
              "请提醒对方：窗口再次保存前会提示文件已被修改。", file=sys.stderr)
    try:
        yield
    finally:
        if isinstance(got, Lock):
            got.release()
