"""Sub-commands ``export-docx`` and ``export-html``: the report for Word/WPS and for the website."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli import CliError, output_path

if TYPE_CHECKING:
    from model.report import Report


def _refuse_unfinished(report: Report) -> bool:
    """``--final`` on an unfinished report: say what remains (stderr) and refuse."""
    from model.finality import unfinished

    left = unfinished(report)
    if left.clean:
        return False
    print(f"未导出正式版：报告仍有{left.summary()}。请先运行 check 命令查看并改正，"
          "或不加 --final 导出带“草稿”标记的版本。", file=sys.stderr)
    return True


def _write_error(out: Path, e: OSError) -> CliError:
    if isinstance(e, PermissionError):
        return CliError(f"无法写入“{out}”：没有写入权限，或文件正被其他程序（如Word、WPS或浏览器）打开。（{e}）", 2)
    return CliError(f"无法写入“{out}”：{e.strerror or e}", 2)


def _draft_note(summary: str, where: str) -> None:
    print(f"注意：报告尚有{summary}，{where}已标注“草稿”。请先运行 check 命令查看并改正；"
          "全部完成后可用 --final 导出正式版。")


def cmd_export_docx(args: argparse.Namespace) -> int:
    from cli.core import open_or_fail
    from model.files import atomic_write
    from model.wordexport import render_docx

    report = open_or_fail(args.file)
    out = output_path(args.output, ".docx")
    if args.final and _refuse_unfinished(report):
        return 1
    try:
        data, result = render_docx(report, final=args.final)
    except OSError as e:  # the Word template of the program itself cannot be read
        raise CliError(f"无法生成Word文档：程序文件不完整（{e.strerror or e}），请重新安装年报助手。", 3) from None
    try:
        atomic_write(out, data, keep_backup=False)
    except OSError as e:
        raise _write_error(out, e) from None
    print(f"已导出：{out}（Word文档，{result.tables}张表格）")
    if result.draft:
        _draft_note(result.unfinished.summary(), "每页页眉和水印")
    return 0


def cmd_export_html(args: argparse.Namespace) -> int:
    from cli.core import open_or_fail
    from model.htmlexport import export_html

    report = open_or_fail(args.file)
    suffix = Path(args.output).suffix.lower()
    out = output_path(args.output, ".htm" if suffix == ".htm" else ".html")
    if args.final and _refuse_unfinished(report):
        return 1
    try:
        result = export_html(report, out, fragment=args.fragment, final=args.final)
    except OSError as e:
        raise _write_error(out, e) from None
    kind = "网页片段（供网站编辑器粘贴）" if args.fragment else "网页"
    print(f"已导出：{out}（{kind}，{result.tables}张表格）")
    if result.draft:
        _draft_note(result.unfinished.summary(), "网页开头" if args.fragment else "网页开头和每个打印页")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    final_help = "导出正式版：报告仍有错误、空白、过时格式或未修改的上年文字时拒绝导出（退出码1）"
    p = sub.add_parser("export-docx", help="导出Word文档（.docx，党政机关公文格式）")
    p.add_argument("file", help="项目文件 .gknb")
    p.add_argument("-o", "--output", required=True, help="输出的Word文件 .docx")
    p.add_argument("--final", action="store_true", help=final_help)
    p.set_defaults(handler=cmd_export_docx)

    p = sub.add_parser("export-html", help="导出网页（.html，供网站发布）")
    p.add_argument("file", help="项目文件 .gknb")
    p.add_argument("-o", "--output", required=True, help="输出的网页文件 .html")
    p.add_argument("--fragment", action="store_true",
                   help="只导出正文片段（段落和表格，样式写在标签内），供粘贴到网站的编辑器")
    p.add_argument("--final", action="store_true", help=final_help)
    p.set_defaults(handler=cmd_export_html)
