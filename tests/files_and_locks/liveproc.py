"""A live process that is not this one, for lock tests that need “another window, still running”.

The tests used ``os.getppid()``, but a parent is not always alive or even there: under Wine a
Windows program started from Linux has parent pid 0 (no Windows parent), and on Windows the
parent may have ended (its pid is still reported).  So the tests start a process of their own,
which waits on its stdin and ends with the test session."""

from __future__ import annotations

import atexit
import subprocess
import sys

_proc: subprocess.Popen[bytes] | None = None


def _stop() -> None:
    if _proc is not None and _proc.poll() is None:
        _proc.kill()
        _proc.wait()


def other_live_pid() -> int:
    global _proc
    if _proc is None or _proc.poll() is not None:
        _proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
        atexit.register(_stop)
    return _proc.pid
