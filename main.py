"""年报助手 — entry point.

With no arguments, or with one ``.gknb`` file, it starts the wizard window; anything else
goes to the command line (``cli/__init__.py``), which runs a sub-command (``new``, ``check``,
``next-year``, ...) or answers 无法识别的命令 with exit code 2.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from cli import is_cli, run_cli

    if is_cli(args):
        return run_cli(args)
    from ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
