"""Sub-command import-report: a published report (Word, web page, text-based PDF, copied text) → a project."""

from __future__ import annotations

import argparse

from cli import CliError, print_json
from cli.core import save_or_fail
from cli.locking import FORCE_HELP
from model.limits import InputError


def cmd_import_report(args: argparse.Namespace) -> int:
    from cli import output_path
    from model.importreport import import_report
    from model.storage import EXTENSION

    output_path(args.output, EXTENSION)  # a bad output name is refused before any work
    try:
        result = import_report(args.file, args.year)
    except InputError as e:
        raise CliError(str(e), 2) from None
    save_or_fail(result.report, args.output, args.force, source=args.file, ignore_lock=args.ignore_lock)
    r = result.report
    if args.json:
        print_json(result.recognised | {"output": args.output, "complete": result.complete})
    else:
        print(f"已导入：{args.output}（{r.title}，{r.format.name}）")
        print(f"填入 {len(r.values)} 个单元格，{len(r.prose)} 段正文。")
        for note in result.notes:
            print(f"  · {note}")
        for f in result.findings:
            print(f"  ！原表问题：{f.message}")
        if not result.complete:
            print(f"有 {result.unplaced_cells} 个单元格、{result.unplaced_parts} 段正文未能归位，请在窗口中核对补全。")
    return 0 if result.complete else 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import-report", help="从已发布的年报（.docx、.html、文字版 .pdf、.txt）导入为项目文件")
    p.add_argument("file", help="已发布的年度报告：.docx、.html/.htm、文字版 .pdf 或 .txt")
    p.add_argument("-o", "--output", required=True, help="项目文件 .gknb")
    p.add_argument("--year", type=int, default=None, help="报告年度（认不出时指定）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出认出的内容（含每个单元格的原文）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（原文件保留为 .bak）")
    p.add_argument("--ignore-lock", action="store_true", help=FORCE_HELP)
    p.set_defaults(handler=cmd_import_report)
