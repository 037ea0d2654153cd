"""``model.xlsx`` loads openpyxl only for what needs it (export, import, ledger): the county
merge and the helpers in ``common`` do without, and every public name is still there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"import sys; {code}; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60, check=True)
    return set(out.stdout.split())


def test_merge_and_common_do_not_load_openpyxl():
    loaded = _loaded_after("from model.xlsx import merge_reports, Cancelled, XlsxError; import model.xlsx.common")
    assert "model.xlsx.merge" in loaded
    assert "openpyxl" not in loaded


def test_every_public_name_resolves_and_export_loads_openpyxl():
    loaded = _loaded_after("import model.xlsx as x; [getattr(x, n) for n in x.__all__]")
    assert "openpyxl" in loaded
    import model.xlsx as x
    from model.xlsx.export import export_xlsx
    from model.xlsx.merge import merge_reports

    assert x.export_xlsx is export_xlsx and x.merge_reports is merge_reports
    assert set(x.__all__) <= set(dir(x))
    try:
        x.no_such_name  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("an unknown name must raise AttributeError")
