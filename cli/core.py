"""Core sub-commands: new, check, next-year."""

from __future__ import annotations

import argparse
import os

from cli import CliError, output_path, print_json
from cli.locking import FORCE_HELP, held_for_cli
from model.carry import next_year
from model.checklist import checklist_lines, publication_checklist
from model.checks import SEVERITY_NAMES, describe_location, has_errors, run_checks, sort_findings
from model.limits import InputError
from model.organs import propose_kind
from model.report import ORGAN_KINDS, Report, new_report
from model.storage import EXTENSION, ProjectFileError, load_report, save_report


def open_or_fail(path: str) -> Report:
    try:
        return load_report(path)
    except ProjectFileError as e:
        raise CliError(str(e), 2) from None


def save_or_fail(report: Report, path: str, force: bool = False, source: str | None = None,
                 ignore_lock: bool = False) -> None:
    out = output_path(path, EXTENSION)
    if source is not None and os.path.abspath(source) == os.path.abspath(out):
        raise CliError("新报告不能写到上年报告的文件上，请另取一个文件名。", 2)
    if out.exists() and not force:
        raise CliError(f"“{out}”已经存在。为免覆盖已有报告，请另取文件名，或加 --force 覆盖（原文件会保留为 .bak）。", 2)
    try:
        with held_for_cli(out, ignore_lock, "--ignore-lock"):
            save_report(report, out)
    except ProjectFileError as e:
        raise CliError(str(e), 2) from None


def cmd_new(args: argparse.Namespace) -> int:
    try:
        kind = args.kind or propose_kind(args.organ) or "township"
        report = new_report(args.organ, args.year, kind)
    except (ValueError, InputError) as e:
        raise CliError(str(e), 2) from None
    if not report.organ_name:
        raise CliError("机关全称不能为空。", 2)
    save_or_fail(report, args.output, args.force, ignore_lock=args.ignore_lock)
    guessed = "" if args.kind else f"机关类型按名称定为“{ORGAN_KINDS[report.organ_kind]}”，如不对请用 --kind 指定；"
    print(f"已创建：{args.output}（{report.title}，{report.format.name}）{guessed}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    report = open_or_fail(args.file)
    findings = sort_findings(run_checks(report))
    items = publication_checklist(report, findings)
    if args.json and args.checklist:
        print_json({"findings": [f.to_dict() for f in findings], "checklist": [it.to_dict() for it in items]})
    elif args.json:
        print_json([f.to_dict() for f in findings])  # the bare array, as before
    else:
        print(f"{report.title}（{report.format.name}）")
        for f in findings:
            print(f"{SEVERITY_NAMES[f.severity]} [{f.code}] {describe_location(report.format, f)}：{f.message}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
        print(f"共 {counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示。")
        print()
        print("发布前核对（√ 已符合，× 需改正，○ 待确认）：")
        for line in checklist_lines(items):
            print(f"  {line}")
    return 1 if has_errors(findings) else 0


def cmd_next_year(args: argparse.Namespace) -> int:
    report = open_or_fail(args.file)
    try:
        new = next_year(report, source_name=args.file)
    except ValueError as e:
        raise CliError(str(e), 2) from None
    save_or_fail(new, args.output, args.force, source=args.file, ignore_lock=args.ignore_lock)
    print(f"已创建：{args.output}（{new.title}，{new.format.name}）。上年结转数已填入，正文已复制为草稿，请逐段改写。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("new", help="新建一份空白报告")
    p.add_argument("--organ", required=True, help="机关全称，例如 杭州市余杭区瓶窑镇人民政府")
    p.add_argument("--year", required=True, type=int, help="报告年度，例如 2025")
    p.add_argument("--kind", default=None, choices=sorted(ORGAN_KINDS),
                   help="机关类型（不指定时按机关全称推断，推断不出为 township 乡镇）")
    p.add_argument("-o", "--output", required=True, help="项目文件 .gknb")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（原文件保留为 .bak）")
    p.add_argument("--ignore-lock", action="store_true", help=FORCE_HELP)
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("check", help="检查报告，列出错误、警告和提示")
    p.add_argument("file", help="项目文件 .gknb")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.add_argument("--checklist", action="store_true",
                   help="与 --json 同用：输出 {\"findings\": [...], \"checklist\": [...]}，含发布前核对清单")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("next-year", help="从上年报告开始新一年的报告")
    p.add_argument("file", help="上年的项目文件 .gknb")
    p.add_argument("-o", "--output", required=True, help="新项目文件 .gknb")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（原文件保留为 .bak）")
    p.add_argument("--ignore-lock", action="store_true", help=FORCE_HELP)
    p.set_defaults(handler=cmd_next_year)
