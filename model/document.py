"""The open document: a project file as a window holds it, and the policy for opening,
saving, locking, autosaving and restoring it.  No Qt here.

``OpenDocument`` keeps the report, its path, whether it is read-only, the lock it holds
(``model.lockfile``), its recovery file (``model.recovery``) and the *signature* of the file
on disk (size, mtime_ns, sha256) as it was when opened or last saved.

* Opening takes the lock.  If a live window (or another computer) holds it the clerk is
  asked 以只读方式打开 / 仍然打开 / 取消.  仍然打开 opens for writing *without* the lock: the
  other window's lock stays where it is, and closing this one never deletes it.  (Once the
  other window closes, this one takes the lock at its next save or autosave.)
* Saving first compares the file on disk with the remembered signature; if another program,
  a command or the other window has changed it meanwhile, the clerk is asked
  覆盖 / 另存为 / 取消 instead of losing that change silently.
* Saving as refuses a file whose lock a live holder has, and moves the lock along.
* Autosave writes a recovery copy per session; ``recoveries()`` lists the copies of crashed
  sessions and ``restore()`` claims one (so two windows never both restore it).

Questions and messages go through a ``Prompter``: the window implements it with dialogs,
tests with scripted answers.  Choice texts use Qt's ``&`` mnemonic convention.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from model import lockfile, recovery
from model.files import read_error_message
from model.lockfile import Lock, LockInfo
from model.storage import MAX_FILE_BYTES, ProjectFileError, loads, save_report

if TYPE_CHECKING:
    from model.report import Report

LOCKED_CHOICES = ["以只读方式打开(&R)", "仍然打开(&O)", "取消"]
READ_ONLY, OPEN_ANYWAY, CANCEL_OPEN = 0, 1, 2
CHANGED_CHOICES = ["覆盖(&O)", "另存为(&A)", "取消"]
OVERWRITE, SAVE_ELSEWHERE, CANCEL_SAVE = 0, 1, 2


class Prompter(Protocol):
    def ask(self, title: str, text: str, choices: list[str], default: int, escape: int) -> int:
        """Show ``text`` with one button per choice; the index chosen (``escape`` if closed)."""
        ...

    def tell(self, title: str, text: str) -> None:
        """Show a warning or error message with an OK button."""
        ...


class SaveResult(enum.Enum):
    SAVED = "saved"
    CANCELLED = "cancelled"
    SAVE_AS = "save_as"  # untitled, read-only, or the clerk chose 另存为: ask for a path, then save_as()
    FAILED = "failed"  # the clerk was told why; the report is still in memory


@dataclass(frozen=True)
class FileSignature:
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, mtime_ns: int) -> FileSignature:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileSignature | None:
        """The signature of the file now, None if there is none (or it cannot be read)."""
        try:
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                h = hashlib.sha256()
                size = 0
                while chunk := f.read(1 << 20):
                    h.update(chunk)
                    size += len(chunk)
        except OSError:
            return None
        return cls(size, st.st_mtime_ns, h.hexdigest())

    def same_content(self, other: FileSignature | None) -> bool:
        return other is not None and other.size == self.size and other.sha256 == self.sha256

    def to_dict(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, d: object) -> FileSignature | None:
        if not isinstance(d, dict):
            return None
        size, mtime, sha = d.get("size"), d.get("mtime_ns"), d.get("sha256")
        if not (isinstance(size, int) and isinstance(mtime, int) and isinstance(sha, str)):
            return None
        return cls(size, mtime, sha)


def read_project(path: str | os.PathLike[str]) -> tuple[Report, FileSignature]:
    """Load a project file and the signature of exactly the bytes loaded; raises
    ``ProjectFileError`` (Chinese message) like ``storage.load_report``."""
    p = Path(path)
    try:
        with open(p, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_size > MAX_FILE_BYTES:
                raise ProjectFileError("文件过大，不是年报助手的项目文件。")
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise ProjectFileError(read_error_message(e, p, "项目文件")) from None
    if len(data) > MAX_FILE_BYTES:
        raise ProjectFileError("文件过大，不是年报助手的项目文件。")
    return loads(data), FileSignature.of_bytes(data, st.st_mtime_ns)


def _same_path(a: str, b: str) -> bool:
    if os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b)):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _take_or_ask(path: str, prompter: Prompter, on_cancel: str | None) -> tuple[str, Lock | None] | None:
    """Take the lock of ``path``: ("rw", lock), ("rw", None) for 仍然打开 or a folder where no
    lock can be written, ("ro", None); None when the clerk cancelled (``on_cancel`` None)."""
    try:
        got = lockfile.take(path)
    except OSError:
        return "rw", None  # folder not writable for the lock: nothing to coordinate with
    if isinstance(got, Lock):
        return "rw", got
    choice = prompter.ask(
        "文件已被打开",
        f"“{os.path.basename(path)}”已经由 {got.describe()} 打开。\n\n"
        "两处同时修改会互相覆盖。建议以只读方式打开查看。",
        list(LOCKED_CHOICES), READ_ONLY, CANCEL_OPEN)
    if choice == READ_ONLY:
        return "ro", None
    if choice == OPEN_ANYWAY:
        return "rw", None  # the other's lock stays: it is theirs to remove
    return None if on_cancel is None else (on_cancel, None)


class OpenDocument:
    """One report as a window holds it.  Create with ``open``, ``untitled`` or ``restore``."""

    def __init__(self, report: Report, path: str | None = None, *, read_only: bool = False, lock: Lock | None = None,
                 disk: FileSignature | None = None) -> None:
        self.report = report
        self.path = os.path.abspath(path) if path else None
        self.read_only = read_only
        self.lock = lock
        self.disk = disk  # the file as this document last read or wrote it
        self.session = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.recovery_file: Path | None = None
        self.restored = False  # made from a recovery copy: not yet saved

    # ------------------------------------------------------------------ making one
    @classmethod
    def open(cls, path: str | os.PathLike[str], prompter: Prompter) -> OpenDocument | None:
        """Open a project file.  None if it cannot be read (the clerk was told why) or the
        clerk cancelled because someone else has it open."""
        p = os.path.abspath(os.fspath(path))
        try:
            report, sig = read_project(p)
        except ProjectFileError as e:
            prompter.tell("无法打开", str(e))
            return None
        taken = _take_or_ask(p, prompter, on_cancel=None)
        if taken is None:
            return None
        mode, lock = taken
        if not sig.same_content(FileSignature.of(p)):
            try:  # saved by somebody while we were asking: load what is there now
                report, sig = read_project(p)
            except ProjectFileError as e:
                if lock is not None:
                    lock.release()
                prompter.tell("无法打开", str(e))
                return None
        return cls(report, p, read_only=mode == "ro", lock=lock, disk=sig)

    @classmethod
    def untitled(cls, report: Report) -> OpenDocument:
        """A report not yet saved anywhere (new, the example's copy, next year's)."""
        return cls(report)

    @staticmethod
    def recoveries() -> list[recovery.RecoveryEntry]:
        """Recovery copies left by sessions that ended without saving (newest first)."""
        return recovery.list_recoveries()

    @classmethod
    def restore(cls, entry: recovery.RecoveryEntry, prompter: Prompter) -> OpenDocument | None:
        """Restore a crashed session's copy.  The result is unsaved (``restored``); its own
        recovery copy replaces the old one.  None if it cannot be restored (the clerk was
        told why).  If someone else has the file open the clerk is asked as when opening;
        取消 there means read-only."""
        claimed = recovery.claim(entry)
        if claimed is None:
            prompter.tell("无法恢复", "这份自动保存的内容已由另一个窗口恢复。")
            return None
        try:
            report = recovery.load_recovery(claimed)
        except ProjectFileError as e:
            recovery.unclaim(claimed)
            prompter.tell("无法恢复", str(e))
            return None
        path = entry.original
        doc = cls(report, path)
        if doc.path:
            taken = _take_or_ask(doc.path, prompter, on_cancel="ro")
            assert taken is not None
            doc.read_only = taken[0] == "ro"
            doc.lock = taken[1]
            # compare later saves with the file as the crashed session knew it
            doc.disk = FileSignature.from_dict(entry.base) or FileSignature.of(doc.path)
        doc.restored = True
        try:
            doc.autosave()
        except OSError:
            doc.recovery_file = claimed  # keep the old copy as ours until saved
        else:
            recovery.discard(claimed)
        return doc

    # ------------------------------------------------------------------ state
    @property
    def name(self) -> str | None:
        return os.path.basename(self.path) if self.path else None

    @property
    def holds_lock(self) -> bool:
        return self.lock is not None and self.lock.held()

    def holder(self) -> LockInfo | None:
        """Who else holds the lock of this file (None: nobody, or this document)."""
        if not self.path or self.holds_lock:
            return None
        return lockfile.read_lock(self.path)

    def changed_on_disk(self) -> bool:
        """The file was changed by someone else since this document read or wrote it."""
        if not self.path:
            return False
        now = FileSignature.of(self.path)
        if self.disk is None:
            return now is not None  # it did not exist (or could not be read) then
        if now is None:
            return False  # moved or deleted: saving overwrites nothing
        return not self.disk.same_content(now)

    def take_lock(self, force: bool = False) -> LockInfo | None:
        """Take the lock of this file (``force``: even from a live holder — only when the
        clerk confirms the other is gone).  None on success, else the holder."""
        if not self.path:
            return None
        if self.holds_lock:
            return None
        try:
            got = lockfile.take(self.path, force=force)
        except OSError:
            return None
        if isinstance(got, Lock):
            self.lock = got
            return None
        return got

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()  # only if still ours
            self.lock = None

    def _relock(self) -> None:
        """Writable without the lock (仍然打开, or ours was forced away): take it if free now."""
        if self.read_only or not self.path:
            return
        if self.lock is not None and not self.lock.held():
            self.lock = None
        if self.lock is None:
            self.take_lock()

    # ------------------------------------------------------------------ saving
    def save(self, prompter: Prompter) -> SaveResult:
        """Save to its own file.  SAVE_AS when it has none, is read-only, or the clerk chose
        另存为 because the file changed on disk: then ask for a path and call ``save_as``."""
        if not self.path or self.read_only:
            return SaveResult.SAVE_AS
        self._relock()
        if self.changed_on_disk():
            choice = prompter.ask("文件已被修改", self._changed_text(), list(CHANGED_CHOICES), SAVE_ELSEWHERE, CANCEL_SAVE)
            if choice == SAVE_ELSEWHERE:
                return SaveResult.SAVE_AS
            if choice != OVERWRITE:
                return SaveResult.CANCELLED
        return SaveResult.SAVED if self._write(self.path, prompter) else SaveResult.FAILED

    def _changed_text(self) -> str:
        assert self.path
        name = os.path.basename(self.path)
        when = ""
        try:
            when = "（修改于 " + dt.datetime.fromtimestamp(os.stat(self.path).st_mtime).strftime("%Y-%m-%d %H:%M") + "）"
        except OSError:
            pass
        holder = self.holder()
        who = f"\n\n此文件现由 {holder.describe()} 打开。" if holder is not None else ""
        return (f"“{name}”在本窗口打开或上次保存之后，已被其他程序或其他人修改{when}。{who}\n\n"
                f"覆盖：用本窗口的内容替换它（被替换的版本保留为 {name}.bak）。\n"
                "另存为：把本窗口的内容保存为另一个文件，两份都保留。")

    def save_as(self, path: str | os.PathLike[str], prompter: Prompter) -> bool:
        """Save to ``path`` (the window has added the extension and confirmed overwriting)
        and continue there: the lock moves along.  Refused (False, the clerk told) if a live
        window or another computer holds the lock of ``path``."""
        target = os.path.abspath(os.fspath(path))
        fresh: Lock | None = None
        if self.path and _same_path(target, self.path) and self.holds_lock:
            new_lock = self.lock
        else:
            try:
                got = lockfile.take(target)
            except OSError:
                got = None
            if isinstance(got, LockInfo):
                prompter.tell("无法保存", f"“{os.path.basename(target)}”正由 {got.describe()} 打开，不能覆盖。请换一个文件名。")
                return False
            new_lock = fresh = got
        if not self._write(target, prompter):
            if fresh is not None:
                fresh.release()
            return False
        if self.lock is not None and self.lock is not new_lock:
            self.lock.release()
        self.lock = new_lock
        self.path = target
        self.read_only = False
        return True

    def _write(self, path: str, prompter: Prompter) -> bool:
        try:
            save_report(self.report, path)
        except ProjectFileError as e:
            prompter.tell("保存失败", f"{e}\n\n您的修改仍在窗口中，请换一个位置另存为。")
            return False
        self.disk = FileSignature.of(path)
        self.restored = False
        self.discard_recovery()
        return True

    # ------------------------------------------------------------------ autosave, closing
    def autosave(self) -> Path:
        """Write the recovery copy of this session (call it when there are unsaved
        changes).  Raises OSError if the data folder cannot be written."""
        self._relock()
        target = recovery.write_recovery(self.report, self.path, self.session,
                                         base=self.disk.to_dict() if self.disk else None)
        if self.recovery_file is not None and self.recovery_file != target:
            recovery.discard(self.recovery_file)
        self.recovery_file = target
        return target

    def discard_recovery(self) -> None:
        recovery.discard(self.recovery_file)
        self.recovery_file = None

    def close(self) -> None:
        """Let go of the file: release the lock (only if it still is ours) and delete the
        recovery copy.  Ask about unsaved changes before."""
        self.release_lock()
        self.discard_recovery()
