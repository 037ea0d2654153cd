"""The command line of ``main.py``.  Each feature module adds its sub-commands through a
``register(subparsers)`` function listed in ``COMMAND_MODULES``."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model import APP_NAME, APP_VERSION

COMMAND_MODULES = ["model.cli_core", "model.cli_xlsx"]
COMMAND_MODULES += ["model.cli_pdf"]

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """Print the message (Chinese) and exit with ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description=f"{APP_NAME}：政府信息公开工作年度报告编制工具")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {APP_VERSION}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def command_names() -> set[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def is_cli(argv: list[str]) -> bool:
    if not argv:
        return False
    first = argv[0]
    if first.lower().endswith(".gknb"):
        return False  # a project to open in the window: no need to import every command
    return first.startswith("-") or first in command_names()


def _stdout_utf8() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass


def run_cli(argv: list[str]) -> int:
    _stdout_utf8()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except CliError as e:
        print(f"错误：{e}", file=sys.stderr)
        return e.code


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def output_path(path: str, suffix: str) -> Path:
    p = Path(path)
    if p.suffix.lower() != suffix:
        raise CliError(f"输出文件的扩展名应为 {suffix}：{path}")
    if p.parent and not p.parent.exists():
        raise CliError(f"输出文件夹不存在：{p.parent}")
    return p
