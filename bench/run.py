"""Run every benchmark of the project in one process and print the figures.

    python bench/run.py            # all
    python bench/run.py model pdf  # some
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ALL = ["model", "ui", "xlsx", "pdf", "import", "bundle"]


def main(names: list[str]) -> int:
    for name in names or ALL:
        try:
            mod = importlib.import_module(f"bench.bench_{name}")
        except ImportError as e:
            print(f"[{name}] skipped: {e}")
            continue
        print(f"===== {name} =====", flush=True)
        mod.main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
