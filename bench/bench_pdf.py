"""Benchmark of the PDF export: a full report (the 上官乡 sample), bundled fonts.

    .venv/bin/python bench/bench_pdf.py

``run()`` returns the cold first export (fonts loaded and registered in this process), the
median of warm exports and the PDF size.  Goal: warm export ≤ 0.5 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "2021-上官乡.gknb"

_COLD = """
import sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from model.storage import load_report
from model.pdf import export_pdf
t1 = time.perf_counter()
export_pdf(load_report({sample!r}), {out!r})
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def cold_export(out: Path) -> tuple[float, float]:
    """(import time, first export incl. font loading) in a fresh interpreter."""
    code = _COLD.format(root=str(ROOT), sample=str(SAMPLE), out=str(out))
    env = dict(os.environ, GKNB_PDF_FONTS=os.environ.get("GKNB_PDF_FONTS", "bundled"))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    imp, first = (float(x) for x in res.stdout.split())
    return imp, first


def run(repeat: int = 10) -> dict[str, float]:
    os.environ.setdefault("GKNB_PDF_FONTS", "bundled")
    from model.pdf import export_pdf
    from model.storage import load_report

    report = load_report(SAMPLE)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "bench.pdf"
        imp, cold = cold_export(out)
        export_pdf(report, out)  # warm-up
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            result = export_pdf(report, out)
            times.append(time.perf_counter() - t)
        size = out.stat().st_size
    return {
        "import_s": round(imp, 3),
        "cold_first_export_s": round(cold, 3),
        "median_export_s": round(statistics.median(times), 3),
        "max_export_s": round(max(times), 3),
        "pages": result.pages,
        "pdf_bytes": size,
    }


if __name__ == "__main__":
    r = run()
    print(f"import model.pdf: {r['import_s']:.3f} s")
    print(f"cold first export (fonts loaded): {r['cold_first_export_s']:.3f} s")
    print(f"median warm export ({r['pages']} pages): {r['median_export_s']:.3f} s (max {r['max_export_s']:.3f} s; goal ≤ 0.5 s)")
    print(f"PDF size: {r['pdf_bytes'] / 1024:.0f} KiB")
