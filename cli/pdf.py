"""Sub-command ``export-pdf``: the report as a PDF after GB/T 9704."""

from __future__ import annotations

import argparse
import sys

from cli import CliError, output_path


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from cli.core import open_or_fail
    from model.finality import unfinished
    from model.pdf import export_pdf  # reportlab only for this command

    report = open_or_fail(args.file)
    out = output_path(args.output, ".pdf")
    if args.final:
        left = unfinished(report)
        if not left.clean:
            print(f"未导出正式版：报告仍有{left.summary()}。请先运行 check 命令查看并改正，"
                  "或不加 --final 导出带“草稿”标记的版本。", file=sys.stderr)
            return 1
    try:
        result = export_pdf(report, out, approval_sheet=args.approval_sheet is not None,
                            approval_inline=args.approval_sheet == "inline", final=args.final)
    except OSError as e:
        from model.fserrors import describe_os_error

        raise CliError(describe_os_error(e, out), 2) from None
    extra = "（另附审签单1页）" if result.approval_sheet and result.approval_path is None else ""
    print(f"已导出：{out}（共{result.pages}页{extra}）")
    if result.approval_path is not None:
        print(f"审签单另存为：{result.approval_path}（供领导签字，不要对外发布）")
    if result.draft:
        print(f"注意：报告尚有{result.unfinished.summary()}，每页已标注“草稿”。请先运行 check 命令查看并改正；"
              "全部完成后可用 --final 导出正式版。")
    for m in result.missing_chars:
        print(f"警告：{m.where}中的字符“{m.char}”（{m.codepoint}）字体中没有，已印成“□”。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export-pdf", help="导出PDF（党政机关公文格式）")
    p.add_argument("file", help="项目文件 .gknb")
    p.add_argument("-o", "--output", required=True, help="输出的PDF文件")
    p.add_argument("--approval-sheet", nargs="?", const="file", choices=["file", "inline"], default=None,
                   help="同时生成审签单：默认另存为“…-审签单.pdf”；=inline 附在报告末尾")
    p.add_argument("--final", action="store_true",
                   help="导出正式版：报告仍有错误、空白、过时格式或未修改的上年文字时拒绝导出（退出码1）")
    p.set_defaults(handler=cmd_export_pdf)
