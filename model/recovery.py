"""Autosave to recovery files kept apart from the clerk's own file.  No Qt here.

Every minute the window writes the report it holds to a recovery file in the app data
folder (``recovery/``), named after a hash of the original path and the session (or the
session alone for a report never saved), so two windows on one file keep separate copies.
A clean save or close deletes it.  A recovery file still present at the next start means
the program ended without saving: the clerk is offered to restore it.

The file records the writer's pid *and process start time*; it is offered only when that
process is gone — ended, a zombie, or its pid now used by another program (see
``lockfile.pid_alive``).  Restoring first ``claim``s the file (an atomic rename to a name
carrying the restorer's pid and start time), so two windows started at once never both
restore the same copy, and a restorer that crashes leaves it to be offered again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from model import APP_NAME
from model.files import atomic_write
from model.storage import ProjectFileError, dumps, loads

if TYPE_CHECKING:
    from model.report import Report

# hashlib (OpenSSL) and socket are imported where used: the window imports this module at
# start-up, and it needs neither until the first autosave or the recovery offer.

RECOVERY_KIND = "nianbao-recovery"
SUFFIX = ".recovery"
CLAIMED = ".claimed."
ENV_DATA_DIR = "NIANBAO_DATA_DIR"


def app_data_dir() -> Path:
    """Per-user data folder (``%LOCALAPPDATA%\\年报助手`` on Windows); ``$NIANBAO_DATA_DIR``
    overrides it (tests, portable use)."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    if os.name == "nt":  # pragma: no cover
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":  # pragma: no cover
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / APP_NAME


def recovery_dir() -> Path:
    return app_data_dir() / "recovery"


def _norm(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.abspath(os.fspath(path)))


def _start_tag(started: str | None) -> str:
    import hashlib

    return hashlib.sha1((started or "").encode("utf-8")).hexdigest()[:8]


def recovery_path(original: str | os.PathLike[str] | None, session: str = "") -> Path:
    """Recovery file for a report: keyed by its original path and the ``session`` (so two
    windows on one file never overwrite each other's copy), or by ``session`` alone (e.g.
    the pid and start time) while it is untitled."""
    if original:
        import hashlib

        key = hashlib.sha1(_norm(original).encode("utf-8")).hexdigest()[:16]
        if session:
            key += "-" + _safe(session)
    else:
        key = "untitled-" + _safe(session or str(os.getpid()))
    return recovery_dir() / f"{key}{SUFFIX}"


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:64]


@dataclass(frozen=True)
class RecoveryEntry:
    path: Path  # the recovery file
    original: str | None  # the clerk's file, None if never saved
    saved_at: str
    pid: int
    host: str
    title: str
    started: str | None = None  # start time of the process that wrote it
    base: dict | None = None  # signature of the clerk's file when that session opened or saved it

    def describe(self) -> str:
        when = self.saved_at.replace("T", " ")[:16]
        where = self.original or "（未保存的新报告）"
        return f"{self.title or '报告'} — {where}，自动保存于 {when}"


def write_recovery(report: Report, original: str | os.PathLike[str] | None, session: str = "",
                   base: dict | None = None) -> Path:
    """Write (atomically) the recovery file of a report; returns its path.  ``base``: the
    signature of the clerk's file the report was opened from (see model/document.py)."""
    import socket

    from model.lockfile import my_start

    target = recovery_path(original, session)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "kind": RECOVERY_KIND,
        "version": 1,
        "original": _norm(original) if original else None,
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "started": my_start(),
        "host": socket.gethostname(),
        "session": session,
        "base": base,
        "title": report.title,
        "document": dumps(report).decode("utf-8"),
    }
    atomic_write(target, json.dumps(doc, ensure_ascii=False).encode("utf-8"), keep_backup=False)
    return target


def _read_meta(path: Path) -> dict | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("kind") != RECOVERY_KIND:
        return None
    return doc


def _claimer(path: Path) -> tuple[int, str] | None:
    """(pid, start tag) of the process that claimed this file for restoring, if it was."""
    if CLAIMED not in path.name:
        return None
    try:
        pid_text, tag = path.name.split(CLAIMED, 1)[1].split(".", 1)
        return int(pid_text), tag
    except ValueError:
        return (0, "")


def _claimer_alive(pid: int, tag: str) -> bool:
    from model.lockfile import pid_alive, process_start

    return pid_alive(pid) and _start_tag(process_start(pid)) == tag


def list_recoveries(include_running: bool = False) -> list[RecoveryEntry]:
    """Recovery files left by ended processes (newest first).  A process counts as running
    only if its pid exists, is no zombie and started when the file says (see
    ``lockfile.pid_alive``); files of this very process are never listed."""
    import socket

    from model.lockfile import LockInfo, is_mine, pid_alive

    folder = recovery_dir()
    if not folder.is_dir():
        return []
    here = socket.gethostname()
    out = []
    for p in sorted(folder.glob("*" + SUFFIX)) + sorted(folder.glob("*" + SUFFIX + CLAIMED + "*")):
        doc = _read_meta(p)
        if doc is None:
            continue
        raw_pid = doc.get("pid")
        pid = raw_pid if isinstance(raw_pid, int) and not isinstance(raw_pid, bool) else 0
        raw_start = doc.get("started")
        started = raw_start if isinstance(raw_start, str) and raw_start else None
        host = str(doc.get("host", ""))
        claimer = _claimer(p)
        if not include_running:
            if claimer is not None:
                if _claimer_alive(*claimer):
                    continue  # a window is restoring it right now
            elif host == here:
                if is_mine(LockInfo("", host, pid, "", started)):
                    continue  # our own, current session
                if pid_alive(pid, started):
                    continue  # another window is still working on it
        orig = doc.get("original")
        base = doc.get("base")
        out.append(RecoveryEntry(p, orig if isinstance(orig, str) else None, str(doc.get("saved_at", "")), pid, host,
                                 str(doc.get("title", "")), started, base if isinstance(base, dict) else None))
    out.sort(key=lambda e: e.saved_at, reverse=True)
    return out


def claim(entry: RecoveryEntry) -> Path | None:
    """Take a crashed session's recovery file for restoring it, so that two windows started
    at once never both restore it: renames it to a name that carries this process's id.
    Returns the new path, or None if another window claimed it first."""
    from model.lockfile import my_start

    base_name = entry.path.name.split(CLAIMED, 1)[0]
    target = entry.path.with_name(f"{base_name}{CLAIMED}{os.getpid()}.{_start_tag(my_start())}")
    if target == entry.path:
        return target
    import time

    for attempt in range(8):
        try:
            os.rename(entry.path, target)  # only one renamer finds the source
            return target
        except FileNotFoundError:
            return None
        except FileExistsError:  # pragma: no cover - Windows, a leftover of ours
            os.replace(entry.path, target)
            return target
        except PermissionError:  # pragma: no cover - Windows: being read by another window right now
            if attempt == 7:
                return None
            time.sleep(0.02 * (attempt + 1))
    return None  # pragma: no cover


def unclaim(claimed: Path) -> Path:
    """Give a claimed file back (restoring failed or was cancelled): offered again later."""
    original = claimed.with_name(claimed.name.split(CLAIMED, 1)[0])
    try:
        os.replace(claimed, original)
    except OSError:
        return claimed
    return original


def load_recovery(entry: RecoveryEntry | Path) -> Report:
    """The report kept in a recovery file; raises ProjectFileError if it is damaged."""
    path = entry.path if isinstance(entry, RecoveryEntry) else entry
    doc = _read_meta(path)
    if doc is None or not isinstance(doc.get("document"), str):
        raise ProjectFileError("自动恢复文件已损坏，无法恢复。")
    return loads(doc["document"].encode("utf-8"))


def discard(path: Path | RecoveryEntry | None) -> None:
    if path is None:
        return
    p = path.path if isinstance(path, RecoveryEntry) else path
    try:
        p.unlink()
    except OSError:
        pass
