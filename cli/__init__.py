"""The command line of ``main.py``.  Each feature module adds its sub-commands through a
``register(subparsers)`` function listed in ``COMMAND_MODULES``.

Light on purpose: ``main.py`` imports this module to decide between the command line and
the window, so argparse and the command modules (which pull in openpyxl and reportlab) are
imported only when a command is actually run or the first argument may be one."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from model import APP_NAME, APP_VERSION

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

COMMAND_MODULES = ["cli.core", "cli.xlsx"]
COMMAND_MODULES += ["cli.pdf"]
COMMAND_MODULES += ["cli.export"]  # export-docx, export-html
COMMAND_MODULES += ["cli.import_report"]  # import-report
COMMAND_MODULES += ["cli.audit"]  # audit

# Which module registers which command, so that running one command imports only its module
# (the PDF, Excel and Word libraries load only for the commands that use them); ``--help``
# and a mistyped command import them all.  tests/model/test_cli.py checks this against what
# the modules register.
COMMANDS = {
    "new": "cli.core", "check": "cli.core", "next-year": "cli.core",
    "export-xlsx": "cli.xlsx", "import-xlsx": "cli.xlsx", "ledger-template": "cli.xlsx",
    "import-ledger": "cli.xlsx", "merge": "cli.xlsx",
    "export-pdf": "cli.pdf",
    "export-docx": "cli.export", "export-html": "cli.export",
    "import-report": "cli.import_report",
    "audit": "cli.audit",
}

Handler = Callable[["argparse.Namespace"], int]


class CliError(Exception):
    """Print the message (Chinese) and exit with ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with only the commands of ``command``'s module."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(prog="main.py", description=f"{APP_NAME}：政府信息公开工作年度报告编制工具")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {APP_VERSION}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    modules = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


WINDOW_SUFFIXES = (".gknb",)


def is_cli(argv: list[str]) -> bool:
    """Nothing, or one project file (a path ending .gknb, existing or not: the window says
    so if it cannot open it) → the window.  Everything else → the command line,
    which runs a known command or answers 无法识别的命令 (exit 2) — never a window that
    silently ignores a mistyped command."""
    if not argv:
        return False
    return not (len(argv) == 1 and argv[0].lower().endswith(WINDOW_SUFFIXES))


class _OutputGuard:
    """``sys.stdout`` while a command runs.  When the program reading our output has gone
    (``main.py check … | more`` closed early), POSIX fails the write with ``BrokenPipeError``;
    Windows fails it with a plain ``OSError`` EINVAL (the C runtime's word for a pipe being
    closed).  A failed write or flush of *our output* is turned into ``BrokenPipeError`` on
    every system, so one handler in ``run_cli`` covers both — and an EINVAL from anything
    else (say, a file name Windows refuses) still goes its own way."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    @staticmethod
    def _closed(e: OSError) -> OSError:
        if isinstance(e, BrokenPipeError) or e.errno != errno.EINVAL:
            return e
        return BrokenPipeError(errno.EPIPE, "the program reading the output has closed it")

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)  # type: ignore[no-any-return]
        except OSError as e:
            raise self._closed(e) from e

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as e:
            raise self._closed(e) from e

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


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


def _unknown_command(name: str, commands: list[str]) -> int:
    shown = name if len(name) <= 60 else name[:60] + "…"
    print(f"无法识别的命令“{shown}”。", file=sys.stderr)
    if name.lower().endswith(WINDOW_SUFFIXES):
        print("要在窗口中打开项目文件，请只给出一个 .gknb 文件。", file=sys.stderr)
    print(f"可用的命令：{'、'.join(commands)}。", file=sys.stderr)
    print("查看某个命令的用法：main.py 命令 --help", file=sys.stderr)
    return 2


def run_cli(argv: list[str]) -> int:
    _stdout_utf8()
    stdout = sys.stdout
    if stdout is None:  # no console at all (the windowed exe): nothing to guard
        return _run_cli(argv)
    sys.stdout = _OutputGuard(stdout)  # type: ignore[assignment]
    try:
        return _run_cli(argv)
    finally:
        sys.stdout = stdout


def _run_cli(argv: list[str]) -> int:
    if argv == ["--version"]:
        print(f"{APP_NAME} {APP_VERSION}")  # without argparse and the command modules: fast
        return 0
    _translate_argparse()
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    if argv and not argv[0].startswith("-"):
        names = _subcommands(parser)
        if argv[0] not in names:
            return _unknown_command(argv[0], names)
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except CliError as e:
        print(f"错误：{e}", file=sys.stderr)
        return e.code
    except BrokenPipeError:
        # the output went to a program that stopped reading (e.g. ``| head``, ``| more``): not
        # an error.  What is still buffered goes nowhere, so the exit's flush cannot fail again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def print_json(data: Any) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=1))


def output_path(path: str, suffix: str) -> Path:
    """An output file name checked before any work is done: extension, length (a Chinese
    message, not ENAMETOOLONG later), existing folder."""
    from pathlib import Path

    from model.limits import InputError, check_file_name

    p = Path(path)
    if p.suffix.lower() != suffix:
        raise CliError(f"输出文件的扩展名应为 {suffix}：{_short(path)}")
    try:
        check_file_name(p.name)
    except InputError as e:
        raise CliError(f"{e}（{_short(path)}）") from None
    try:
        folder_ok = p.parent.is_dir()
    except OSError:
        folder_ok = False
    if not folder_ok:
        raise CliError(f"输出文件夹不存在：{_short(str(p.parent))}")
    return p


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit // 2] + "…" + text[-limit // 2:]
