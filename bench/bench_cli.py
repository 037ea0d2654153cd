"""Command-line start-up: ``main.py --version`` and ``main.py check`` against ``python -c pass``
run alternately in the same run (whole process, wall time, median).  Goal: --version ≤ 0.05 s.

    python bench/bench_cli.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import PY, figure, paired  # noqa: E402

EXAMPLE = ROOT / "resources" / "examples" / "示例-上官乡2021.gknb"


def main() -> None:
    main_py = str(ROOT / "main.py")
    bare = [PY, "-c", "pass"]
    ver, base = paired([PY, main_py, "--version"], bare, runs=9)
    figure("`main.py --version`", ver, "s", base=base, base_what="`python -c pass`", goal=0.05)
    with tempfile.TemporaryDirectory() as d:
        example = Path(d) / "example.gknb"
        shutil.copy(EXAMPLE, example)
        chk, base = paired([PY, main_py, "check", str(example)], bare, runs=5, ok=(0, 1))
    figure("`main.py check` on the example", chk, "s", base=base, base_what="`python -c pass`")


if __name__ == "__main__":
    main()
