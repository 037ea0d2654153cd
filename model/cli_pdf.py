"""Sub-command ``export-pdf``: the report as a PDF after GB/T 9704."""

from __future__ import annotations

import argparse

from model.cli import CliError, output_path
from model.pdf import export_pdf


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from model.cli_core import open_or_fail

    report = open_or_fail(args.file)
    out = output_path(args.output, ".pdf")
    try:
        result = export_pdf(report, out, approval_sheet=args.approval_sheet)
    except PermissionError as e:
        raise CliError(f"无法写入“{out}”：没有写入权限，或文件正被其他程序（如PDF阅读器）打开。（{e}）", 2) from None
    except OSError as e:
        raise CliError(f"无法写入“{out}”：{e.strerror or e}", 2) from None
    extra = "（另附审签单1页）" if result.approval_sheet else ""
    print(f"已导出：{out}（共{result.pages}页{extra}）")
    if result.draft:
        errors = sum(1 for f in result.findings if f.severity == "error")
        print(f"注意：报告尚有{errors}个错误，每页已标注“草稿”。请先运行 check 命令查看并改正。")
    for m in result.missing_chars:
        print(f"警告：{m.where}中的字符“{m.char}”（{m.codepoint}）字体中没有，已印成“□”。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export-pdf", help="导出PDF（党政机关公文格式）")
    p.add_argument("file", help="项目文件 .gknb")
    p.add_argument("-o", "--output", required=True, help="输出的PDF文件")
    p.add_argument("--approval-sheet", action="store_true", help="在末尾附审签单")
    p.set_defaults(handler=cmd_export_pdf)
