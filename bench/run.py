"""Run every benchmark of the project in one process and print the figures, each with the
baseline measured in the same run, the ratio and the goal; at the end the whole table in
Markdown (what the README's figures table is made from).

    python bench/run.py            # all
    python bench/run.py model pdf  # some
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ALL = ["model", "cli", "pdf", "ui", "xlsx", "import", "bundle"]


def markdown() -> str:
    from bench.common import ROWS

    lines = ["| what | figure | baseline (same run) | ratio | goal |", "|---|---|---|---|---|"]
    for r in ROWS:
        if not r.figure:
            lines.append(f"| {r.what} | | | | |")
            continue
        status = "" if r.met is None else (" — met" if r.met else " — **not met**")
        lines.append(f"| {r.what} | {r.figure} | {r.baseline} | {r.ratio} | {r.goal}{status} |")
    return "\n".join(lines)


def main(names: list[str]) -> int:
    failed = []
    for name in names or ALL:
        if name not in ALL:
            print(f"unknown benchmark {name!r}; known: {', '.join(ALL)}", file=sys.stderr)
            return 2
        mod = importlib.import_module(f"bench.bench_{name}")
        print(f"===== {name} =====", flush=True)
        t0 = time.perf_counter()
        try:
            mod.main()
        except Exception as e:  # noqa: BLE001 - one broken benchmark must not hide the others
            failed.append(name)
            print(f"  [{name}] FAILED: {type(e).__name__}: {e}", flush=True)
        print(f"  ({name}: {time.perf_counter() - t0:.0f} s)", flush=True)
    print("===== table =====")
    print(markdown())
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
