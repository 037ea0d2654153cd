"""Excel features of 年报助手: export of 表二/表三/表四, import of filled sheets, the
application ledger (台账) and the county summary.  No Qt here.

Public API::

    export_xlsx(report, path)                          # model.xlsx.export
    plan_import(report, xlsx_path, progress=None) -> ImportPlan   # model.xlsx.importer
    apply_plan(report, plan)
    write_ledger_template(path, year)                  # model.xlsx.ledger
    plan_ledger_import(report, xlsx_path, progress=None) -> ImportPlan
    merge_reports(paths, ..., progress=None) -> MergeResult        # model.xlsx.merge

``progress(done, total) -> bool`` is called now and then during long work; returning
False stops it with ``Cancelled`` (nothing changed).  Every cell written to an .xlsx goes
through ``model.xlsx.common.put``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.xlsx.common import Cancelled, Progress, XlsxError
    from model.xlsx.export import export_xlsx
    from model.xlsx.importer import ImportPlan, apply_plan, plan_import
    from model.xlsx.ledger import plan_ledger_import, write_ledger_template
    from model.xlsx.merge import MergeResult, merge_reports

# each name from the module that holds it, imported when first asked for: importing
# ``model.xlsx.merge`` (or ``common``) does not load openpyxl, which only export, import and
# the ledger need
_WHERE = {
    "Cancelled": "common",
    "Progress": "common",
    "XlsxError": "common",
    "export_xlsx": "export",
    "ImportPlan": "importer",
    "apply_plan": "importer",
    "plan_import": "importer",
    "plan_ledger_import": "ledger",
    "write_ledger_template": "ledger",
    "MergeResult": "merge",
    "merge_reports": "merge",
}

__all__ = [
    "Cancelled",
    "Progress",
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


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
