"""The application ledger (申请台账): one row per 政府信息公开申请, from which 表三 is
computed for the report year.

Template columns (see docs/excel.md): 收到日期, 申请人类型, 办理结果, 办结日期, 备注.
申请人类型 and 办理结果 offer drop-downs of the official 表三 columns and result rows
(2021 format) plus “未办结”.

Counting for report year Y (1月1日 to 12月31日):

* 一、本年新收: received in Y;
* 二、上年结转: received before Y and not closed before 1月1日 of Y;
* 三、办理结果: closed in Y, by result row and applicant column;
* 四、结转下年度继续办理: received by 12月31日 of Y and not closed by then.

Every row of the ledger sheet is read, up to ``LEDGER_MAX_ROWS`` (100,000) sheet rows;
anything filled below that row is a problem (nothing is imported), never cut short.

Rows received after Y or closed before Y are outside the year and only counted in a note.
Every row that cannot be classified (unknown applicant type or result, bad date, closing
before receipt, a closed case without result, a result without closing date …) is a
problem with its row number; nothing is imported then.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from model.files import atomic_write
from model.formats import CellKey, ReportFormat, Row, Table, format_for_year, latest_format
from model.report import Number, Report, default_report_year
from model.xlsx.common import LEDGER_LIMITS, Grid, Progress, clipped, norm, open_grids, parse_date, put
from model.xlsx.importer import ImportPlan

LEDGER_SHEET = "申请台账"
HELP_SHEET = "填写说明"
OPTIONS_SHEET = "选项"
NOT_CLOSED = "未办结"
TEMPLATE_ROWS = 500
GROUP_SEP = " / "

# header → aliases accepted on import
HEADERS: dict[str, tuple[str, ...]] = {
    "received": ("收到日期", "收到申请日期", "申请日期", "受理日期", "收件日期"),
    "applicant": ("申请人类型", "申请人类别", "申请人情况"),
    "result": ("办理结果", "处理结果", "答复结果", "办理情况"),
    "closed": ("办结日期", "答复日期", "办理完结日期", "结案日期"),
    "note": ("备注",),
}
TEMPLATE_HEADERS = ["序号", "收到日期", "申请人类型", "办理结果", "办结日期", "备注"]


def requests_table(fmt: ReportFormat) -> Table:
    """The table the ledger fills (表三): the one holding the 本年新收 row (role ``received``)."""
    rec = fmt.role_table_row("received")
    return fmt.table(rec[0] if rec else "t3")


def applicant_columns(fmt: ReportFormat) -> list[tuple[str, str]]:
    """(column key, label) of the applicant columns of 表三 (input columns only)."""
    t3 = requests_table(fmt)
    return [(c.key, c.label) for c in t3.blocks[0].columns if not c.computed]


def result_rows(fmt: ReportFormat) -> list[Row]:
    """The result rows of 表三 (under “三、本年度办理结果”, not the total)."""
    t3 = requests_table(fmt)
    results = fmt.role_table_row("results_total")
    total_key = results[1] if results else "results_total"
    top = t3.row(total_key).path[0] if t3.row(total_key).path else None
    return [r for r in t3.rows() if not r.computed and r.path and r.path[0] == top]


def result_option(row: Row) -> str:
    """The drop-down text of a result row: its group (without the top level) and label."""
    groups = list(row.path[1:])
    return GROUP_SEP.join(groups + [row.label])


def result_options(fmt: ReportFormat) -> list[str]:
    return [result_option(r) for r in result_rows(fmt)] + [NOT_CLOSED]


# --------------------------------------------------------------------------- template


def write_ledger_template(path: str | os.PathLike[str], year: int | None = None) -> None:
    """Write an empty ledger with drop-downs, an explanation sheet and the year."""
    year = year or default_report_year()
    try:
        fmt = format_for_year(year)
    except ValueError:
        fmt = latest_format()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = LEDGER_SHEET
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name="宋体", size=11, bold=True)
    ws.merge_cells("A1:F1")
    put(ws["A1"], f"{year}年政府信息公开申请台账")
    ws["A1"].font = Font(name="黑体", size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    put(ws["A2"], "报告年度")
    put(ws["B2"], year)
    put(ws["C2"], "（每件申请填一行；日期写成 2025-03-05；申请人类型、办理结果从下拉列表选择）")
    ws.merge_cells("C2:F2")
    for i, h in enumerate(TEMPLATE_HEADERS, start=1):
        c = ws.cell(3, i)
        put(c, h)
        c.font = bold
        c.border = border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    for letter, w in zip("ABCDEF", (6, 13, 14, 46, 13, 30)):
        ws.column_dimensions[letter].width = w
    last = 3 + TEMPLATE_ROWS
    for r in range(4, last + 1):
        for c in (2, 5):
            ws.cell(r, c).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A4"

    opts = wb.create_sheet(OPTIONS_SHEET)
    put(opts["A1"], "申请人类型")
    put(opts["B1"], "办理结果")
    apps = [label for _, label in applicant_columns(fmt)]
    results = result_options(fmt)
    for i, a in enumerate(apps, start=2):
        put(opts.cell(i, 1), a)
    for i, res in enumerate(results, start=2):
        put(opts.cell(i, 2), res)
    opts.column_dimensions["A"].width = 14
    opts.column_dimensions["B"].width = 80
    opts.sheet_state = "hidden"

    dv_app = DataValidation(type="list", formula1=f"={OPTIONS_SHEET}!$A$2:$A${1 + len(apps)}", allow_blank=True,
                            showErrorMessage=True, errorTitle="申请人类型", error="请从下拉列表中选择申请人类型。")
    dv_app.add(f"C4:C{last}")
    dv_res = DataValidation(type="list", formula1=f"={OPTIONS_SHEET}!$B$2:$B${1 + len(results)}", allow_blank=True,
                            showErrorMessage=True, errorTitle="办理结果", error="请从下拉列表中选择办理结果（未办结的选“未办结”）。")
    dv_res.add(f"D4:D{last}")
    dv_date = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                             allow_blank=True, showErrorMessage=True, errorTitle="日期", error="请填写日期，例如 2025-03-05。")
    dv_date.add(f"B4:B{last}")
    dv_date.add(f"E4:E{last}")
    for dv in (dv_app, dv_res, dv_date):
        ws.add_data_validation(dv)

    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 100
    lines = [
        "填写说明",
        f"1. 每收到一件政府信息公开申请，在“{LEDGER_SHEET}”中填一行。上年收到、本年仍在办理的申请也要填（收到日期写上年的日期）。",
        "2. 收到日期、办结日期：写成 2025-03-05 这样的日期。尚未办结的，办结日期留空，办理结果选“未办结”。",
        "3. 申请人类型：" + "、".join(apps) + "。",
        "4. 办理结果：按《政府信息公开工作年度报告格式》表三的办理结果选择一项；区分处理、部分公开的，只选“（二）部分公开”。",
        "5. 年报助手按报告年度统计：本年新收＝收到日期在本年；上年结转＝上年及以前收到、本年1月1日仍未办结；"
        "办理结果＝办结日期在本年；结转下年度继续办理＝本年12月31日仍未办结。",
        "6. 导入：年报助手 → 数据 → 从申请台账计算表三，或命令行 python main.py import-ledger 台账.xlsx --into 报告.gknb。",
        "7. 无法归类的行（类型不认识、日期有误、办结早于收到、已办结却没有办理结果等）会逐行列出，改正后再导入。",
        f"报告年度：{year}",
    ]
    for i, line in enumerate(lines, start=1):
        c = help_ws.cell(i, 1)
        put(c, line)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            c.font = Font(name="黑体", size=14)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue(), keep_backup=False)


# --------------------------------------------------------------------------- reading


@dataclass
class LedgerEntry:
    row: int
    received: dt.date | None
    applicant: str | None  # column key
    result: str | None  # row key, or None when not closed
    closed: dt.date | None


def _find_header(grids: list[Grid]) -> tuple[Grid, int, dict[str, int]] | None:
    aliases = {norm(a): field for field, names in HEADERS.items() for a in names}
    best = None
    for g in grids:
        top: dict[int, list[tuple[int, str]]] = {}
        for (r, c), v in g.values.items():
            if r <= 40 and isinstance(v, str):
                top.setdefault(r, []).append((c, v))
        for r in sorted(top):
            cols: dict[str, int] = {}
            for c, v in sorted(top[r]):
                f = aliases.get(norm(v))
                if f and f not in cols:
                    cols[f] = c
            if "received" in cols and "applicant" in cols:
                score = len(cols)
                if best is None or score > len(best[2]):
                    best = (g, r, cols)
                break
    return best


def _year_hint(g: Grid, header_row: int) -> int | None:
    for (r, c), v in g.values.items():
        if r < header_row and isinstance(v, str) and norm(v) == "报告年度":
            y = g.values.get((r, c + 1))
            if isinstance(y, int) and 2000 <= y <= 2200:
                return y
            if isinstance(y, str) and norm(y).rstrip("年").isdigit():
                return int(norm(y).rstrip("年"))
    return None


def _result_lookup(fmt: ReportFormat) -> dict[str, Row | None]:
    """Accepted texts of a result → row (None: ambiguous in this format)."""
    look: dict[str, Row | None] = {}

    def add(text: str, row: Row) -> None:
        k = norm(text)
        if k in look and look[k] is not row:
            look[k] = None
        else:
            look[k] = row

    rows = result_rows(fmt)
    for r in rows:
        add(result_option(r), r)
        add(r.label, r)
        add("".join(r.path[1:]) + r.label, r)
        for grp in r.path[1:]:
            add(grp, r)  # a group label alone is ambiguous unless the group has one row
    # texts of other formats' rows that fall into one row here (2021 “（六）其他处理 / 1.…” → 2019 “（六）其他处理”)
    mine = {norm(r.label): r for r in rows}
    from model.formats import all_formats

    for f in all_formats():
        if f.id == fmt.id:
            continue
        for r in result_rows(f):
            texts = [result_option(r), r.label]
            if norm(r.label) in mine:
                for t in texts:
                    look.setdefault(norm(t), mine[norm(r.label)])
                continue
            for g in reversed(r.path[1:]):
                if norm(g) in mine:
                    for t in texts:
                        look.setdefault(norm(t), mine[norm(g)])
                    break
    return look


def read_ledger(report: Report, grids: list[Grid], problems: list[str], notes: list[str]) -> list[LedgerEntry]:
    fmt = report.format
    found = _find_header(grids)
    if found is None:
        problems.append("没有找到申请台账：应有一行表头，至少含“收到日期”和“申请人类型”两列（另有“办理结果”“办结日期”）。")
        return []
    g, hr, cols = found
    if g.truncated:
        problems.append(f"工作表“{g.name}”的台账在第{LEDGER_LIMITS.max_rows}行以下还有内容：申请台账最多读取"
                        f"{LEDGER_LIMITS.max_rows}行，超出上限，未导入任何数据（不会只计算前一部分）。"
                        f"请把台账按年度拆分为不超过{LEDGER_LIMITS.max_rows}行的文件，或删除表格下方的无关内容后再导入。")
        return []
    for need, label in (("result", "办理结果"), ("closed", "办结日期")):
        if need not in cols:
            problems.append(f"工作表“{g.name}”第{hr}行的台账表头缺少“{label}”列。")
    if problems:
        return []
    hint = _year_hint(g, hr)
    if hint is not None and hint != report.year:
        notes.append(f"台账标注的报告年度是{hint}年，本报告是{report.year}年；按{report.year}年统计。")
    apps = {norm(label): key for key, label in applicant_columns(fmt)}
    apps.update({norm("法人或其他组织" + label): key for key, label in applicant_columns(fmt)})
    apps[norm("个人")] = apps.get(norm("自然人"), "natural")
    apps[norm("公民")] = apps.get(norm("自然人"), "natural")
    results = _result_lookup(fmt)
    entries: list[LedgerEntry] = []
    last_row = max((r for r, _ in g.values), default=hr)
    for r in range(hr + 1, last_row + 1):
        raw = {f: g.values.get((r, c)) for f, c in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for f, v in raw.items() if f != "note"):
            continue
        where = f"工作表“{g.name}”第{r}行"
        errs: list[str] = []
        received = closed = None
        try:
            received = parse_date(raw.get("received"))
        except (ValueError, OverflowError):
            errs.append(f"收到日期“{clipped(raw.get('received'))}”不是有效日期")
        try:
            closed = parse_date(raw.get("closed"))
        except (ValueError, OverflowError):
            errs.append(f"办结日期“{clipped(raw.get('closed'))}”不是有效日期")
        if received is None and not any("收到日期" in e for e in errs):
            errs.append("缺少收到日期")
        a = raw.get("applicant")
        applicant = apps.get(norm(a)) if a is not None else None
        if a is None or norm(a) == "":
            errs.append("缺少申请人类型")
        elif applicant is None:
            errs.append(f"申请人类型“{clipped(a)}”不是表三的申请人类型（" + "、".join(lbl for _, lbl in applicant_columns(fmt)) + "）")
        res = raw.get("result")
        rtext = norm(res) if res is not None else ""
        result: str | None = None
        open_case = rtext in ("", norm(NOT_CLOSED), norm("办理中"), norm("在办"))
        if not open_case:
            row = results.get(rtext)
            if rtext in results and row is None:
                errs.append(f"办理结果“{clipped(res)}”在{fmt.name}中不能确定是哪一项，请选择具体情形")
            elif row is None:
                errs.append(f"办理结果“{clipped(res)}”不是表三的办理结果")
            else:
                result = row.key
        if closed is not None and open_case:
            errs.append("已填办结日期，但没有办理结果" if rtext == "" else f"办理结果为“{clipped(res)}”，却填了办结日期")
        if closed is None and not open_case and not any("办结日期" in e for e in errs):
            errs.append("有办理结果，但缺少办结日期（无法判断在哪一年办结）")
        if received and closed and closed < received:
            errs.append(f"办结日期{closed.isoformat()}早于收到日期{received.isoformat()}")
        if errs:
            problems.append(f"{where}：" + "；".join(errs) + "。")
            continue
        entries.append(LedgerEntry(r, received, applicant, result, closed))
    if not entries and not problems:
        problems.append(f"工作表“{g.name}”的台账中没有任何申请记录。")
    return entries


def compute_table3(report: Report, entries: list[LedgerEntry], notes: list[str]) -> dict[CellKey, Number]:
    """Every input cell of 表三 (zeros included) from classified ledger entries."""
    fmt = report.format
    t3 = requests_table(fmt)
    start = dt.date(report.year, 1, 1)
    end = dt.date(report.year, 12, 31)
    new = fmt.role_table_row("received") or ("t3", "new")
    carried = fmt.role_table_row("carried_in") or ("t3", "carried")
    carry_out = fmt.role_table_row("carry_out") or ("t3", "carry_next")
    values: dict[CellKey, Number] = {k: 0 for k in t3.input_cells()}
    later = earlier = 0
    for e in entries:
        assert e.received is not None and e.applicant is not None
        if e.received > end:
            later += 1
            continue
        if e.closed is not None and e.closed < start:
            earlier += 1
            continue
        col = e.applicant
        if e.received >= start:
            values[CellKey(t3.key, new[1], col)] += 1
        else:
            values[CellKey(t3.key, carried[1], col)] += 1
        if e.closed is not None and e.closed <= end:
            assert e.result is not None
            values[CellKey(t3.key, e.result, col)] += 1
        else:
            values[CellKey(t3.key, carry_out[1], col)] += 1
    if later:
        notes.append(f"{later}件申请在{report.year}年以后收到，不计入本年度。")
    if earlier:
        notes.append(f"{earlier}件申请在{report.year}年以前已办结，不计入本年度。")
    return values


def plan_ledger_import(report: Report, xlsx_path: str | Path, progress: Progress | None = None) -> ImportPlan:
    """表三 of ``report`` computed from a ledger (every row, up to ``LEDGER_MAX_ROWS``;
    a longer ledger is a problem, never cut short); raises XlsxError if unreadable,
    ``Cancelled`` if ``progress`` returns False."""
    grids, notes = open_grids(xlsx_path, LEDGER_LIMITS, progress)
    return plan_ledger_from_grids(report, grids, Path(xlsx_path).name, notes)


def plan_ledger_from_grids(report: Report, grids: list[Grid], source: str, notes: list[str] | None = None) -> ImportPlan:
    plan = ImportPlan(source=source, format_id=report.format_id, target_format_id=report.format_id)
    plan.notes.extend(notes or [])
    entries = read_ledger(report, grids, plan.problems, plan.notes)
    if plan.problems:
        return plan
    values = compute_table3(report, entries, plan.notes)
    plan.found[requests_table(report.format).key] = f"申请台账（{len(entries)}件申请）"
    plan.imported.update(values)
    for key, v in values.items():
        old = report.values.get(key)
        if old != v:
            plan.changes[key] = v
            plan.old[key] = old
    return plan
