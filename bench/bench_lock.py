"""Lock races: several processes take over the stale lock of a crashed window at once.

Each round starts from a lock written by a process that no longer exists; 2–4 racer
processes (out of a pool of 4) are released together and each calls
``lockfile.acquire``.  Exactly one may succeed, and the lock file must name it.

    python bench/bench_lock.py [ROUNDS]     # prints "lock races: 0 double holds in 1000"
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

POOL = 4
DEAD_PID = 2**22 + 4321  # above any pid_max: no such process


@dataclass
class RaceResult:
    rounds: int
    double: int  # rounds in which two or more racers believed they held the lock
    none: int  # rounds in which nobody got it
    wrong_owner: int  # rounds in which the lock file named somebody else than the winner
    seconds: float
    leftovers: list[str]  # files left in the folder besides the project and its lock


def _worker(path: str, conn, barrier, results) -> None:  # type: ignore[no-untyped-def]
    from model import lockfile

    while True:
        msg = conn.recv()
        if msg is None:
            return
        rnd, race = msg
        barrier.wait()
        won = False
        if race:
            try:
                won = lockfile.acquire(path) is None
            except Exception as e:  # noqa: BLE001 - reported, counted as a failure by the caller
                results.put((rnd, os.getpid(), race, None, repr(e)))
                continue
        results.put((rnd, os.getpid(), race, won, ""))


def write_stale_lock(path: Path, rnd: int) -> None:
    from model import lockfile

    lockfile.lock_path(path).write_text(json.dumps({"user": "崩溃的窗口", "host": socket.gethostname(), "pid": DEAD_PID,
                                                    "time": f"2026-01-01T00:00:{rnd % 60:02d}"}), encoding="utf-8")


def _started(make: Callable[[], Any], tries: int = 4) -> Any:
    """A racer process, started: creating a process can fail for a moment under load (Wine's
    CreateProcess answered “[WinError 1359] Internal error” once in a CI run), which says
    nothing about the lock; a fresh attempt a moment later is made before giving up."""
    for attempt in range(tries):
        p = make()
        try:
            p.start()
            return p
        except OSError:
            if attempt == tries - 1:
                raise
            time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def run_races(rounds: int, folder: str | os.PathLike[str] | None = None, seed: int = 1) -> RaceResult:
    from model import lockfile

    ctx = mp.get_context("spawn")  # no fork: the test process may have Qt threads
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "报告.gknb"
        path.write_text("{}", encoding="utf-8")
        barrier = ctx.Barrier(POOL + 1)
        results = ctx.Queue()
        pipes, procs = [], []
        for _ in range(POOL):
            here, there = ctx.Pipe()
            args = (str(path), there, barrier, results)
            p = _started(lambda args=args: ctx.Process(target=_worker, args=args, daemon=True))
            pipes.append(here)
            procs.append(p)
        rng = random.Random(seed)
        double = none = wrong = 0
        t0 = time.perf_counter()
        try:
            for rnd in range(rounds):
                write_stale_lock(path, rnd)
                racers = set(rng.sample(range(POOL), rng.randint(2, POOL)))
                for i, conn in enumerate(pipes):
                    conn.send((rnd, i in racers))
                barrier.wait(timeout=60)
                got = [results.get(timeout=60) for _ in range(POOL)]
                errors = [g[4] for g in got if g[3] is None]
                if errors:
                    raise RuntimeError(f"racer failed in round {rnd}: {errors[0]}")
                winners = [g[1] for g in got if g[3]]
                if len(winners) > 1:
                    double += 1
                elif not winners:
                    none += 1
                else:
                    info = lockfile.read_lock(path)
                    if info is None or info.pid != winners[0]:
                        wrong += 1
        finally:
            for conn in pipes:
                conn.send(None)
            for p in procs:
                p.join(timeout=10)
                if p.is_alive():
                    p.kill()
        left = sorted(p.name for p in Path(tmp).iterdir() if p.name not in (path.name, lockfile.lock_path(path).name))
        return RaceResult(rounds, double, none, wrong, time.perf_counter() - t0, left)


def main(argv: list[str] | None = None) -> int:
    rounds = int(argv[0]) if argv else 1000
    r = run_races(rounds)
    print(f"lock races: {r.double} double holds in {r.rounds}")
    print(f"  rounds nobody got it: {r.none}; lock file naming another than the winner: {r.wrong_owner}; "
          f"{r.seconds:.1f} s ({POOL} racer processes, 2–{POOL} per round); files left over: {len(r.leftovers)}")
    return 0 if r.double == r.none == r.wrong_owner == len(r.leftovers) == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
