"""Excel features of 年报助手: export of 表二/表三/表四, import of filled sheets, the
application ledger (台账) and the county summary.  No Qt here.

Public API::

    export_xlsx(report, path)                          # model.xlsx.export
    plan_import(report, xlsx_path) -> ImportPlan        # model.xlsx.importer
    apply_plan(report, plan)
    write_ledger_template(path, year)                  # model.xlsx.ledger
    plan_ledger_import(report, xlsx_path) -> ImportPlan
    merge_reports(paths, ...) -> MergeResult            # model.xlsx.merge
"""

from __future__ import annotations

from model.xlsx.common import XlsxError
from model.xlsx.export import export_xlsx
from model.xlsx.importer import ImportPlan, apply_plan, plan_import
from model.xlsx.ledger import plan_ledger_import, write_ledger_template
from model.xlsx.merge import MergeResult, merge_reports

__all__ = [
    "ImportPlan",
    "MergeResult",
    "XlsxError",
    "apply_plan",
    "export_xlsx",
    "merge_reports",
    "plan_import",
    "plan_ledger_import",
    "write_ledger_template",
]
