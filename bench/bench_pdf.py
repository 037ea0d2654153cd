"""Benchmark of the PDF export: a full report (the 上官乡 sample), bundled fonts.

    .venv/bin/python bench/bench_pdf.py

``run()`` returns the cold first export (fonts loaded and registered in this process), the
median of warm exports and the PDF size.  ``main()`` also times the whole ``main.py export-pdf``
process against LibreOffice (headless) converting the same report exported as ``.docx``, run
alternately in the same run, when LibreOffice is installed.  Goals: export-pdf ≥ 3× faster than
LibreOffice; first export in a running program ≤ 0.2 s, warm ≤ 0.05 s.
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


_WINDOW = """
import os, sys, tempfile, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings, QElapsedTimer
tmp = tempfile.mkdtemp()
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
from ui.app import make_app
try:
    from ui.app import FONT_PRELOAD_MS, preload_pdf_fonts
except ImportError:  # a version of the program that does not load the fonts ahead
    FONT_PRELOAD_MS, preload_pdf_fonts = 1500, None
from ui.main_window import MainWindow
app = make_app()
win = MainWindow()
win.show()
win.open_path({sample!r})
from PySide6.QtCore import QTimer
if preload_pdf_fonts is not None:
    QTimer.singleShot(FONT_PRELOAD_MS, preload_pdf_fonts)  # as run_gui does
clock = QElapsedTimer()
clock.start()
while clock.elapsed() < FONT_PRELOAD_MS + 2000:  # the clerk looks at her report for a few seconds
    app.processEvents()
    time.sleep(0.01)
from model.pdf import export_pdf
t = time.perf_counter()
export_pdf(win.doc.report, os.path.join(tmp, "out.pdf"))
print("FIRST", time.perf_counter() - t)
win.doc.mark_saved()
win.close()
"""


def window_first_export() -> float:
    """The first PDF export in the window, a few seconds after it opened the report (the
    window loads the PDF fonts on a thread of its own after start-up)."""
    import shutil

    with tempfile.TemporaryDirectory() as d:
        sample = Path(d) / SAMPLE.name
        shutil.copy(SAMPLE, sample)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   NIANBAO_DATA_DIR=str(Path(d) / "data"),
                   GKNB_PDF_FONTS=os.environ.get("GKNB_PDF_FONTS", "bundled"))
        res = subprocess.run([sys.executable, "-c", _WINDOW.format(root=str(ROOT), sample=str(sample))],
                             capture_output=True, text=True, env=env, timeout=120)
        for line in res.stdout.splitlines():
            if line.startswith("FIRST"):
                return float(line.split()[1])
        raise RuntimeError(f"no FIRST line: {res.stderr[-800:]}")


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


def plain_reportlab(pages: int) -> float:
    """Baseline: reportlab alone writing as many pages of text in a standard font."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    def once() -> None:
        c = Canvas(io.BytesIO())
        for _ in range(pages):
            c.setFont("Helvetica", 16)
            for line in range(28):
                c.drawString(72, 800 - 28 * line, f"The annual report of the township government, line {line}")
            c.showPage()
        c.save()

    once()
    return statistics.median(_times(once, 10))


def _times(fn, n):  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def soffice() -> str | None:
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def versus_libreoffice(lo: str) -> tuple[float, float]:
    """Median wall time of ``main.py export-pdf`` and of LibreOffice converting the same report
    as .docx (its own profile folder, started once before so its first-run set-up is not timed)."""
    from bench.common import paired

    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        docx = work / "report.docx"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "export-docx", str(SAMPLE), "-o", str(docx)],
                       check=False, capture_output=True, timeout=120)
        if not docx.exists():
            raise RuntimeError("export-docx wrote nothing")
        profile = (work / "lo-profile").as_uri()
        lo_cmd = [lo, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                  "--outdir", str(work / "lo"), str(docx)]
        ours = [sys.executable, str(ROOT / "main.py"), "export-pdf", str(SAMPLE), "-o", str(work / "ours.pdf")]
        subprocess.run(lo_cmd, capture_output=True, timeout=300)  # creates the profile
        env = dict(os.environ, GKNB_PDF_FONTS=os.environ.get("GKNB_PDF_FONTS", "bundled"))
        return paired(ours, lo_cmd, runs=5, env=env, ok=(0, 1))


def main() -> None:
    from bench.common import figure, say

    r = run()
    base = plain_reportlab(r["pages"])
    figure("first PDF export in the window, a few seconds after opening", window_first_export(), "s",
           base=r["median_export_s"], base_what="warm export", goal=0.2)
    figure("first PDF export in a new process (fonts loaded on the way)", r["cold_first_export_s"], "s",
           base=r["median_export_s"], base_what="warm export")
    figure(f"warm PDF export ({r['pages']} pages, {r['pdf_bytes'] // 1024} KiB)", r["median_export_s"], "s",
           base=base, base_what=f"reportlab alone, {r['pages']} pages of Helvetica", goal=0.05)
    lo = soffice()
    if lo is None:
        say("`export-pdf` vs LibreOffice: LibreOffice is not installed (soffice not found), not measured")
        return
    ours, theirs = versus_libreoffice(lo)
    figure("`main.py export-pdf` of the full example, whole process", ours, "s", base=theirs,
           base_what="LibreOffice headless, the same report as .docx →", goal=3.0, goal_on="ratio",
           higher_is_better=True)


if __name__ == "__main__":
    main()
