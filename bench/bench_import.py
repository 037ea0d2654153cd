"""Benchmark of reading published reports: import-report of an 11-page PDF (whole process) and
the audit of 100 published reports (Word, web page, PDF, text), each with a baseline measured
in the same run.

    .venv/bin/python bench/bench_import.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from model.pdf import export_pdf  # noqa: E402
from model.storage import load_report  # noqa: E402
from model.wordexport import export_docx  # noqa: E402
from tests.importreport.helpers import publish  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
LONG = FIXTURES / "real" / "2019-上海市政府办公厅.gknb"  # the longest report: 11 pages as PDF
N_AUDIT = 100
IMPORT_GOAL_S = 1.0


CPU: dict[str, float] = {}  # the same commands' processor time (user + system), where it can be measured


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def _wall(cmd: list[str], runs: int = 5, name: str = "") -> float:
    """Median wall time of the whole process; its median processor time goes to ``CPU[name]``
    (on a shared machine the wall time includes waiting for a core)."""
    times, cpu = [], []
    for _ in range(runs):
        c = _children_cpu()
        t = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        cpu.append(_children_cpu() - c)
        if p.returncode >= 2:
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr[-500:]}")
    if name:
        CPU[name] = statistics.median(cpu)
    return statistics.median(times)


def _published(folder: Path, n: int) -> list[Path]:
    """n published reports from the fixture projects, as Word, web page, PDF and text in
    turn, each copy under an organ name of its own (so 内容雷同 between organs is compared)."""
    projects = sorted((FIXTURES / "samples").glob("*.gknb")) + sorted((FIXTURES / "real").glob("*.gknb"))
    kinds = ["docx", "html", "pdf", "txt"]
    out = []
    for i in range(n):
        r = load_report(projects[i % len(projects)])
        r.organ_name = f"{r.organ_name[:80]}{i:03d}"
        out.append(publish(r, folder / f"{i:03d}.{kinds[i % len(kinds)]}"))
    return out


def run() -> dict[str, float]:
    out: dict[str, float] = {}
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        pdf = folder / "long.pdf"
        pages = export_pdf(load_report(LONG), pdf)
        out["pdf_pages"] = float(getattr(pages, "pages", 0) or 0)
        target = folder / "out.gknb"
        out["python_pass_s"] = _wall([py, "-c", "pass"], name="python_pass_s")
        out["version_s"] = _wall([py, "main.py", "--version"], name="version_s")
        out["import_pdf_s"] = _wall([py, "main.py", "import-report", str(pdf), "-o", str(target), "--force"],
                                    name="import_pdf_s")
        docx = folder / "long.docx"
        export_docx(load_report(LONG), docx)
        out["import_docx_s"] = _wall([py, "main.py", "import-report", str(docx), "-o", str(target), "--force"])

        reports = folder / "published"
        reports.mkdir()
        files = _published(reports, N_AUDIT)
        one = files[2]  # a PDF: the slowest kind to read
        out["import_one_s"] = _wall([py, "main.py", "import-report", str(one), "-o", str(target), "--force"],
                                    name="import_one_s")
        c = _children_cpu()
        t = time.perf_counter()
        p = subprocess.run([py, "main.py", "audit", str(reports), "--xlsx", str(folder / "audit.xlsx")],
                           cwd=ROOT, capture_output=True, text=True)
        out["audit_100_s"] = time.perf_counter() - t
        CPU["audit_100_s"] = _children_cpu() - c
        if p.returncode >= 2:
            raise SystemExit(f"audit failed: {p.stderr[-500:]}")
        out["audit_progress_lines"] = float(p.stderr.count("正在检查"))
        out["audit_rows"] = float(sum(1 for line in p.stdout.splitlines() if line.startswith(("√", "×"))))
    return out


def main() -> None:
    r = run()
    print(f"baseline python -c pass: {r['python_pass_s']:.3f} s; main.py --version: {r['version_s']:.3f} s")
    print(f"import-report of an {int(r['pdf_pages'])}-page PDF, whole process (median of 5): {r['import_pdf_s']:.2f} s "
          f"= {r['import_pdf_s'] / r['python_pass_s']:.0f}× python -c pass, "
          f"{r['import_pdf_s'] / r['version_s']:.1f}× main.py --version (goal ≤ {IMPORT_GOAL_S:.0f} s: "
          f"{'met' if r['import_pdf_s'] <= IMPORT_GOAL_S else 'NOT met'})")
    if CPU.get("import_pdf_s"):
        print(f"  processor time of the same (user + system, median): {CPU['import_pdf_s']:.2f} s "
              f"(python -c pass {CPU['python_pass_s']:.3f} s, --version {CPU['version_s']:.3f} s)")
    print(f"import-report of the same report as .docx: {r['import_docx_s']:.2f} s")
    print(f"audit of {N_AUDIT} published reports (.docx/.html/.pdf/.txt, one process, with progress, .xlsx written): "
          f"{r['audit_100_s']:.1f} s = {r['audit_100_s'] / r['import_one_s']:.0f}× one import-report "
          f"({r['import_one_s']:.2f} s); {int(r['audit_progress_lines'])} progress lines, {int(r['audit_rows'])} rows"
          + (f"; processor time {CPU['audit_100_s']:.1f} s = {CPU['audit_100_s'] / CPU['import_one_s']:.0f}× "
             f"one import-report's ({CPU['import_one_s']:.2f} s)" if CPU.get("audit_100_s") else ""))


if __name__ == "__main__":
    main()
