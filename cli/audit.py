"""Sub-command ``audit``: check many published reports at once (a county office's spring round)."""

from __future__ import annotations

import argparse
import sys

from cli import CliError, output_path, print_json


def cmd_audit(args: argparse.Namespace) -> int:
    from model.audit import audit, collect, write_xlsx

    if args.xlsx:
        output_path(args.xlsx, ".xlsx")  # a bad output name is refused before any work
    if not collect(args.paths):
        raise CliError("没有找到可以检查的年报（.docx、.html、.htm、.pdf、.txt 或 .gknb）。", 2)

    def progress(i: int, n: int, name: str) -> None:
        if not args.json:
            print(f"正在检查 {i + 1}/{n}：{name}", file=sys.stderr)

    rows, _findings = audit(args.paths, progress)
    if args.xlsx:
        try:
            write_xlsx(rows, args.xlsx)
        except OSError as e:
            from model.fserrors import describe_os_error

            raise CliError(describe_os_error(e, args.xlsx), 2) from None
    unreadable = [r for r in rows if r.problem]
    if args.json:
        print_json([r.to_dict() for r in rows])
    else:
        for r in rows:
            if r.problem:
                print(f"× {r.path}：{r.problem}")
                continue
            extra = f"，{r.copied}处与其他单位雷同" if r.copied else ""
            extra += f"，{r.unplaced}处未能归位" if r.unplaced else ""
            print(f"{'×' if r.errors else '√'} {r.organ or '（未识别机关）'} {r.year}年：{r.errors}个错误，{r.warnings}个警告{extra}（{r.path}）")
        print(f"共检查 {len(rows)} 份，{len(unreadable)} 份无法读取。" + (f"结果表：{args.xlsx}" if args.xlsx else ""))
    if len(unreadable) == len(rows):
        return 2
    return 1 if unreadable else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="批量检查已发布的年报（县级政务公开办）：每份的错误、警告和单位之间的内容雷同")
    p.add_argument("paths", nargs="+", help="年报文件（.docx、.html、.pdf、.txt、.gknb）或存放它们的文件夹")
    p.add_argument("--xlsx", help="把结果写成一张 Excel 表")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_audit)
