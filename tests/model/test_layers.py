"""The layers: ``model/`` is the program without a front end; it imports neither ``ui`` nor ``cli``."""

from __future__ import annotations

import ast
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "model"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_model_imports_no_front_end():
    files = sorted(MODEL.rglob("*.py"))
    assert len(files) > 20
    bad = {str(f.relative_to(MODEL)): sorted(_imports(f) & {"ui", "cli", "PySide6"}) for f in files}
    assert {k: v for k, v in bad.items() if v} == {}
