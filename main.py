"""年报助手 — entry point.

With no arguments, or with one ``.gknb`` file, it starts the wizard window; anything else
goes to the command line (``cli/__init__.py``), which runs a sub-command (``new``, ``check``,
``next-year``, ...) or answers 无法识别的命令 with exit code 2.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:  # answered before anything else is imported
        from model import APP_NAME, APP_VERSION

        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")  # as every command's output (cli._stdout_utf8)
            except (ValueError, OSError):
                pass
        print(f"{APP_NAME} {APP_VERSION}")
        return 0
    from cli import is_cli, run_cli

    if is_cli(args):
        return run_cli(args)
    from ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
