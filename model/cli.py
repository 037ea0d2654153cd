"""The command line of ``main.py``.  Each feature module adds its sub-commands through a
``register(subparsers)`` function listed in ``COMMAND_MODULES``.

Light on purpose: ``main.py`` imports this module to decide between the command line and
the window, so argparse and the command modules (which pull in openpyxl and reportlab) are
imported only when a command is actually run or the first argument may be one."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from model import APP_NAME, APP_VERSION

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

COMMAND_MODULES = ["model.cli_core", "model.cli_xlsx"]
COMMAND_MODULES += ["model.cli_pdf"]

# The sub-commands the modules above register, so that ``is_cli`` can answer without
# building the parser.  Only a shortcut: an argument that could be a command name but is
# not listed here is still looked up in the real parser (``command_names``).
KNOWN_COMMANDS = frozenset({"new", "check", "next-year", "export-xlsx", "import-xlsx", "ledger-template",
                            "import-ledger", "merge", "export-pdf"})

Handler = Callable[["argparse.Namespace"], int]


class CliError(Exception):
    """Print the message (Chinese) and exit with ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    import argparse
    import importlib

    parser = argparse.ArgumentParser(prog="main.py", description=f"{APP_NAME}：政府信息公开工作年度报告编制工具")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {APP_VERSION}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def command_names() -> set[str]:
    import argparse

    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _may_be_command(arg: str) -> bool:
    """False for what cannot be a sub-command name: a file name with an extension or a path."""
    return not any(ch in arg for ch in "./\\:") and not arg.isspace() and arg != ""


def is_cli(argv: list[str]) -> bool:
    """A sub-command or an option (``--help``, ``--version``) → command line; nothing, or a
    file to open → the window."""
    if not argv:
        return False
    first = argv[0]
    if first.lower().endswith(".gknb"):
        return False  # a project to open in the window: no need to import every command
    if first.startswith("-") or first in KNOWN_COMMANDS:
        return True
    if not _may_be_command(first):
        return False  # e.g. a path: argparse and the command modules are never imported
    return first in command_names()


def _stdout_utf8() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass


# argparse's own words (help headings, error messages) in Chinese.  argparse looks up its
# module-level ``_`` at call time, so replacing it is enough.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid %(type)s value: %(value)r": "参数值无效：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}


def _translate_argparse() -> None:
    import argparse

    def zh(text: str) -> str:
        return _ARGPARSE_ZH.get(text, text)

    argparse._ = zh  # type: ignore[attr-defined]


def run_cli(argv: list[str]) -> int:
    _stdout_utf8()
    _translate_argparse()
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
    except BrokenPipeError:
        # the output went to a program that stopped reading (e.g. ``| head``): not an error
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def print_json(data: Any) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=1))


def output_path(path: str, suffix: str) -> Path:
    from pathlib import Path

    p = Path(path)
    if p.suffix.lower() != suffix:
        raise CliError(f"输出文件的扩展名应为 {suffix}：{path}")
    if p.parent and not p.parent.exists():
        raise CliError(f"输出文件夹不存在：{p.parent}")
    return p
