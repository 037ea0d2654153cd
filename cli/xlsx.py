"""Excel sub-commands: export-xlsx, import-xlsx, ledger-template, import-ledger, merge.

Exit codes of the import commands: 0 imported (or, with --dry-run, importable),
1 problems found (nothing changed), 2 a file could not be read or written.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from cli import CliError, output_path
from cli.core import open_or_fail
from cli.locking import FORCE_HELP, held_for_cli
from model.fserrors import describe_os_error
from model.report import ORGAN_KINDS, Report
from model.storage import EXTENSION, ProjectFileError, save_report

if TYPE_CHECKING:  # openpyxl is imported only by the commands that need it (a quick start for the rest)
    from model.xlsx.importer import ImportPlan


def _write_xlsx(report: Report, path: str) -> None:
    from model.xlsx.export import export_xlsx

    out = output_path(path, ".xlsx")
    try:
        export_xlsx(report, out)
    except PermissionError:
        raise CliError(f"无法写入“{out}”：没有写入权限，或文件正在 Excel 中打开。请关闭后重试。", 2) from None
    except OSError as e:
        raise CliError(describe_os_error(e, out), 2) from None


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    report = open_or_fail(args.file)
    _write_xlsx(report, args.output)
    extra = "、各单位" if report.members else ""
    print(f"已导出：{args.output}（表二、表三、表四、检查结果{extra}）")
    return 0


def _finish_import(args: argparse.Namespace, report: Report, plan: ImportPlan, what: str) -> int:
    from model.xlsx.importer import apply_plan, describe

    fmt = report.format
    print(f"{what}：{plan.source} → {args.into}（{report.title}，{fmt.name}）")
    for line in describe(plan, fmt):
        print(line)
    for n in plan.notes:
        print(f"提示：{n}")
    if plan.problems:
        for p in plan.problems:
            print(f"问题：{p}")
        print(f"发现 {len(plan.problems)} 个问题，未做任何修改。")
        return 1
    if not plan.changes:
        print("表格与项目文件中的数据相同，无需修改。")
        return 0
    if args.dry_run:
        print(f"试运行：将修改 {len(plan.changes)} 个单元格（未保存）。")
        return 0
    apply_plan(report, plan)
    try:
        save_report(report, args.into)
    except ProjectFileError as e:
        raise CliError(str(e), 2) from None
    print(f"已导入并保存：修改了 {len(plan.changes)} 个单元格。原文件已备份为 {os.path.basename(args.into)}.bak。")
    return 0


def _import_into(args: argparse.Namespace, plan_of, source: str, what: str) -> int:  # type: ignore[no-untyped-def]
    """Plan the import into ``args.into`` while holding its lock, then apply it (or show it)."""
    from model.xlsx.common import XlsxError

    with held_for_cli(args.into, args.force, write=not args.dry_run):
        report = open_or_fail(args.into)
        try:
            plan = plan_of(report, source)
        except XlsxError as e:
            raise CliError(str(e), 2) from None
        return _finish_import(args, report, plan, what)


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from model.xlsx.importer import plan_import

    return _import_into(args, plan_import, args.sheet, "从Excel导入表格")


def cmd_import_ledger(args: argparse.Namespace) -> int:
    from model.xlsx.ledger import plan_ledger_import

    return _import_into(args, plan_ledger_import, args.ledger, "从申请台账计算表三")


def cmd_ledger_template(args: argparse.Namespace) -> int:
    from model.xlsx.ledger import write_ledger_template

    out = output_path(args.output, ".xlsx")
    try:
        write_ledger_template(out, args.year)
    except OSError as e:
        raise CliError(describe_os_error(e, out), 2) from None
    print(f"已生成申请台账模板：{out}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from model.xlsx.merge import find_reports, merge_reports

    paths: list[str] = []
    for f in args.files:
        p = Path(f)
        if p.is_dir():
            paths += [os.fspath(x) for x in find_reports(p)]
        else:
            paths.append(f)
    if not paths:
        raise CliError("没有要汇总的项目文件（.gknb）。", 2)
    out = output_path(args.output, EXTENSION)
    if any(os.path.abspath(p) == os.path.abspath(out) for p in paths):
        raise CliError("汇总结果不能写到输入文件之一。", 2)
    try:
        result = merge_reports(paths, organ_name=args.organ, year=args.year, skip_errors=args.skip_errors,
                               organ_kind=args.kind)
    except ValueError as e:
        raise CliError(str(e), 2) from None
    rep = result.report
    print(f"汇总：{rep.title}（{rep.format.name}）")
    for i in result.inputs:
        extra = f"：{i.reason}" if i.reason else ""
        print(f"  {i.status_text()}  {i.organ}（{os.path.basename(i.path)}）{extra}")
    print(f"共 {len(result.inputs)} 个文件，汇总 {len(result.included)} 个，未汇总 {len(result.excluded)} 个。")
    if result.mixed_blanks:
        tables = sorted({rep.format.table_name(k.table) for k in result.mixed_blanks})
        print(f"提示：{len(result.mixed_blanks)} 个单元格在部分报告中为空白、按已填数字汇总（{'、'.join(tables)}）。")
    try:
        with held_for_cli(out, args.force):
            save_report(rep, out)
    except ProjectFileError as e:
        raise CliError(str(e), 2) from None
    print(f"已保存：{out}")
    if args.xlsx:
        _write_xlsx(rep, args.xlsx)
        print(f"已导出：{args.xlsx}（含“各单位”工作表）")
    if result.excluded or any(i.errors for i in result.included):
        print("注意：有文件未汇总或含有错误，见上面的清单。")
        return 1
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export-xlsx", help="把表二、表三、表四导出为 Excel（.xlsx）")
    p.add_argument("file", help="项目文件 .gknb")
    p.add_argument("-o", "--output", required=True, help="输出的 .xlsx")
    p.set_defaults(handler=cmd_export_xlsx)

    p = sub.add_parser("import-xlsx", help="从 Excel 表格导入表二、表三、表四的数字")
    p.add_argument("sheet", help="填好的 .xlsx")
    p.add_argument("--into", required=True, help="要导入的项目文件 .gknb")
    p.add_argument("--dry-run", action="store_true", help="只显示将修改的内容，不保存")
    p.add_argument("--force", "--ignore-lock", dest="force", action="store_true", help=FORCE_HELP)
    p.set_defaults(handler=cmd_import_xlsx)

    p = sub.add_parser("ledger-template", help="生成政府信息公开申请台账模板（.xlsx）")
    p.add_argument("-o", "--output", required=True, help="输出的 .xlsx")
    p.add_argument("--year", type=int, default=None, help="报告年度（默认上一年或今年）")
    p.set_defaults(handler=cmd_ledger_template)

    p = sub.add_parser("import-ledger", help="从申请台账计算表三并导入")
    p.add_argument("ledger", help="申请台账 .xlsx")
    p.add_argument("--into", required=True, help="要导入的项目文件 .gknb")
    p.add_argument("--dry-run", action="store_true", help="只显示将修改的内容，不保存")
    p.add_argument("--force", "--ignore-lock", dest="force", action="store_true", help=FORCE_HELP)
    p.set_defaults(handler=cmd_import_ledger)

    p = sub.add_parser("merge", help="把多个单位的报告汇总为一份（县级汇总）")
    p.add_argument("files", nargs="+", help="各单位的项目文件 .gknb（或含这些文件的文件夹）")
    p.add_argument("-o", "--output", required=True, help="汇总结果 .gknb")
    p.add_argument("--xlsx", default=None, help="同时导出汇总的 .xlsx（含“各单位”工作表）")
    p.add_argument("--organ", default="汇总", help="汇总报告的机关名称，例如 某某县人民政府")
    p.add_argument("--kind", default="county_gov", choices=sorted(ORGAN_KINDS), help="汇总报告的机关类型")
    p.add_argument("--year", type=int, default=None, help="汇总年度（默认：多数报告的年度）")
    p.add_argument("--skip-errors", action="store_true", help="不汇总有错误的报告")
    p.add_argument("--force", "--ignore-lock", dest="force", action="store_true", help=FORCE_HELP)
    p.set_defaults(handler=cmd_merge)
