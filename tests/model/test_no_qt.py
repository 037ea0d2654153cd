"""model/ is the Qt-free core: importing every one of its modules loads no PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def model_modules() -> list[str]:
    out = []
    for p in sorted((ROOT / "model").rglob("*.py")):
        parts = p.relative_to(ROOT).with_suffix("").parts
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def test_every_model_module_imports_without_qt():
    mods = model_modules()
    assert "model.checks" in mods and "model.xlsx.importer" in mods and "model.pdf.document" in mods
    code = ("import importlib, sys\n"
            f"for m in {mods!r}:\n"
            "    importlib.import_module(m)\n"
            "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
            "print(len(qt), qt[:5])\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[0] == "0", r.stdout


def test_the_check_sees_qt_when_it_is_loaded():
    code = "import sys, ui.table_model; print(sum(1 for m in sys.modules if m.startswith('PySide6')))"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) > 0


def test_excel_and_pdf_writers_do_not_depend_on_the_project_file_module():
    """They get atomic writes and read-error messages from model.files, not model.storage
    (only the county summary, which reads project files, uses it)."""
    writers = [*sorted((ROOT / "model" / "pdf").glob("*.py")),
               *(ROOT / "model" / "xlsx" / f"{n}.py" for n in ("common", "export", "importer", "ledger"))]
    for p in writers:
        text = p.read_text(encoding="utf-8")
        assert "model.storage" not in text and "import storage" not in text, p.name
