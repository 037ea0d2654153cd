"""What every benchmark shares: medians of paired runs, peak memory of a child process, and one
way to print a figure — with the baseline measured in the same run, the ratio and the goal.

Every figure goes through ``figure()``: it prints one line and keeps a row, so that
``bench/run.py`` can print the whole table (Markdown) at the end for the README.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


@dataclass
class Row:
    what: str
    figure: str
    baseline: str
    ratio: str
    goal: str
    met: bool | None  # None: no goal, or not measured


ROWS: list[Row] = []


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:g} {unit}".strip()


def figure(what: str, value: float, unit: str, *, base: float | None = None, base_what: str = "",
           goal: float | None = None, goal_on: str = "value", higher_is_better: bool = False,
           note: str = "") -> Row:
    """Print and keep one figure.

    ``base``: the baseline measured in the same run (same unit); the ratio is value/base, or
    base/value when ``higher_is_better`` (then the ratio is how many times faster we are).
    ``goal`` applies to ``goal_on`` = "value" (an upper bound in ``unit``) or "ratio" (an
    upper bound on value/base; with ``higher_is_better`` a lower bound on base/value).
    """
    ratio: float | None = None
    if base:
        ratio = base / value if higher_is_better else value / base
    met: bool | None = None
    goal_text = ""
    gap = ""
    if goal is not None:
        if goal_on == "ratio":
            if ratio is not None:
                met = ratio >= goal if higher_is_better else ratio <= goal
                if not met:
                    gap = f"{ratio:.2f}× measured"
            goal_text = f"{'≥' if higher_is_better else '≤'} {goal:g}×"
        else:
            met = value <= goal
            goal_text = f"≤ {fmt(goal, unit)}"
            if not met:
                gap = f"{fmt(value - goal, unit)} over"
    if ratio is None:
        ratio_text = "—"
    elif higher_is_better:
        ratio_text = f"{ratio:.1f}× faster"
    else:
        ratio_text = f"{ratio:.2f}×"
    base_text = f"{base_what} {fmt(base, unit)}".strip() if base is not None else (base_what or "—")
    row = Row(what, fmt(value, unit) + (f" ({note})" if note else ""), base_text, ratio_text,
              goal_text + (f" ({gap})" if gap else ""), met)
    ROWS.append(row)
    status = "" if met is None else ("  goal met" if met else "  GOAL NOT MET")
    goal_part = f" | goal {goal_text}" if goal_text else ""
    print(f"  {what}: {row.figure} | baseline {base_text} | ratio {ratio_text}{goal_part}{status}", flush=True)
    return row


def say(text: str) -> None:
    """A line that is not a figure (a skipped measurement and why)."""
    print(f"  {text}", flush=True)
    ROWS.append(Row(text, "", "", "", "", None))


def median_time(fn: Callable[[], object], n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run_timed(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None,
              ok: tuple[int, ...] = (0,)) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(list(cmd), env=env, cwd=cwd, capture_output=True, timeout=300)
    dt = time.perf_counter() - t0
    if r.returncode not in ok:
        raise RuntimeError(f"{cmd[:3]} exited {r.returncode}: {r.stderr.decode('utf-8', 'replace')[-800:]}")
    return dt


def paired(a: Sequence[str], b: Sequence[str], runs: int = 7, env: dict[str, str] | None = None,
           cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Median wall times of two commands run alternately after one warm-up each, so that the
    load of other processes falls on both alike."""
    run_timed(a, env, cwd, ok)
    run_timed(b, env, cwd, ok)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run_timed(a, env, cwd, ok))
        tb.append(run_timed(b, env, cwd, ok))
    return statistics.median(ta), statistics.median(tb)


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


PEAK_KIB = r"""
def _peak_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""
"""The child's own peak memory in KiB (VmHWM: ``ru_maxrss`` carries the parent's peak over exec),
as source text to put at the top of a child process's script."""
