"""Autosave to recovery files kept apart from the clerk's own file.  No Qt here.

Every minute the window writes the report it holds to a recovery file in the app data
folder (``recovery/``), named after a hash of the original path (or a session id for a
report never saved).  A clean save or close deletes it.  A recovery file still present at
the next start means the program ended without saving: the clerk is offered to restore it.
Recovery files of a process that is still running (a second window) are not offered.
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
from model.storage import ProjectFileError, atomic_write, dumps, loads

if TYPE_CHECKING:
    from model.report import Report

# hashlib (OpenSSL) and socket are imported where used: the window imports this module at
# start-up, and it needs neither until the first autosave or the recovery offer.

RECOVERY_KIND = "nianbao-recovery"
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


def recovery_path(original: str | os.PathLike[str] | None, session: str = "") -> Path:
    """Recovery file for a report: keyed by its original path, or by ``session`` (e.g. the
    pid and start time) while it is untitled."""
    if original:
        import hashlib

        key = hashlib.sha1(_norm(original).encode("utf-8")).hexdigest()[:16]
    else:
        key = "untitled-" + (session or str(os.getpid()))
    return recovery_dir() / f"{key}.recovery"


@dataclass(frozen=True)
class RecoveryEntry:
    path: Path  # the recovery file
    original: str | None  # the clerk's file, None if never saved
    saved_at: str
    pid: int
    host: str
    title: str

    def describe(self) -> str:
        when = self.saved_at.replace("T", " ")[:16]
        where = self.original or "（未保存的新报告）"
        return f"{self.title or '报告'} — {where}，自动保存于 {when}"


def write_recovery(report: Report, original: str | os.PathLike[str] | None, session: str = "") -> Path:
    """Write (atomically) the recovery file of a report; returns its path."""
    import socket

    target = recovery_path(original, session)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "kind": RECOVERY_KIND,
        "version": 1,
        "original": _norm(original) if original else None,
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "title": report.title,
        "document": dumps(report).decode("utf-8"),
    }
    atomic_write(target, json.dumps(doc, ensure_ascii=False).encode("utf-8"), keep_backup=False)
    return target


def _read_meta(path: Path) -> dict | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("kind") != RECOVERY_KIND:
        return None
    return doc


def list_recoveries(include_running: bool = False) -> list[RecoveryEntry]:
    """Recovery files left by ended processes (newest first)."""
    import socket

    from model.lockfile import pid_alive

    folder = recovery_dir()
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob("*.recovery"):
        doc = _read_meta(p)
        if doc is None:
            continue
        raw_pid = doc.get("pid")
        pid = raw_pid if isinstance(raw_pid, int) else 0
        host = str(doc.get("host", ""))
        if not include_running and host == socket.gethostname() and pid != os.getpid() and pid_alive(pid):
            continue  # another window is still working on it
        if not include_running and host == socket.gethostname() and pid == os.getpid():
            continue  # our own, current session
        orig = doc.get("original")
        out.append(RecoveryEntry(p, orig if isinstance(orig, str) else None, str(doc.get("saved_at", "")), pid, host,
                                 str(doc.get("title", ""))))
    out.sort(key=lambda e: e.saved_at, reverse=True)
    return out


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
