"""UI timings.

* cold start of 年报助手 to an interactive window with a project open (subprocess:
  ``main.py FILE`` with NIANBAO_BENCH_STARTUP=1 prints READY <time> once the window is
  shown with the project's first page, and the event loop idle), versus a bare PySide6
  QWizard with one QTableWidget started the same way; goal: ratio ≤ 1.5.  Measured as the
  program runs when installed, i.e. with its modules' bytecode cached (in a temporary
  PYTHONPYCACHEPREFIX, after one unmeasured run), and also without a bytecode cache for our
  modules (a copy of the sources without any __pycache__ folder, run with
  PYTHONDONTWRITEBYTECODE, so every start compiles them);
  app and bare runs alternate, medians are reported;
* keystroke → totals and findings updated on screen: ``setData`` on a 表三 cell, then the
  grid, the findings pane and the steps list repainted (median and p95 over many; goal p95 ≤ 16 ms),
  against a bare QTableWidget of the same size edited and repainted the same way; and the worst
  case, 表三 edited while the prose is full of figures that contradict it (goal ≤ 30 ms);
* peak memory of a window run: start, open a report with 20,000 characters of prose, show every
  step, export the PDF (goal ≤ 150 MiB), against a bare QWizard's peak.

Run: .venv/bin/python bench/bench_ui.py   (offscreen by default)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.common import PEAK_KIB  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "2021-上官乡.gknb"

BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTableWidget, QVBoxLayout, QWizard, QWizardPage
app = QApplication(sys.argv[:1])
w = QWizard()
p = QWizardPage()
lay = QVBoxLayout(p)
t = QTableWidget(25, 7)
lay.addWidget(t)
w.addPage(p)
w.show()
def ready():
    app.processEvents()
    print(f"READY {time.time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def source_copy(dest: Path) -> Path:
    """The program's sources without any bytecode, so that nothing precompiled is found."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("model", "ui", "cli"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy(ROOT / "main.py", dest / "main.py")
    (dest / "resources").symlink_to(ROOT / "resources")
    return dest / "main.py"


def _env(tmp: Path, bytecode: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["NIANBAO_BENCH_STARTUP"] = "1"
    env["NIANBAO_DATA_DIR"] = str(tmp / "data")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")  # QSettings (IniFormat, user scope) on Linux
    env["APPDATA"] = str(tmp / "config")  # … on Windows
    if bytecode:
        # bytecode in a folder of its own: never stale, never next to the sources
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        # our modules compiled at every start (the library's own bytecode is used as installed);
        # run from a copy without __pycache__ folders (see cold_start)
        env.pop("PYTHONPYCACHEPREFIX", None)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _time_subprocess(args: list[str], env: dict[str, str]) -> float:
    t0 = time.time()
    out = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    for line in out.stdout.splitlines():
        if line.startswith("READY "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"no READY line: {out.stdout!r} {out.stderr[-500:]!r}")


def cold_start(repeats: int = 7, bytecode: bool = True) -> tuple[float, float]:
    """Median seconds to READY: (年报助手 with a project open, bare QWizard)."""
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    try:
        sample = tmp / SAMPLE.name
        shutil.copy(SAMPLE, sample)
        env = _env(tmp, bytecode)
        main_py = ROOT / "main.py" if bytecode else source_copy(tmp / "src")
        app_cmd = [sys.executable, str(main_py), str(sample)]
        bare_cmd = [sys.executable, "-c", BARE]
        _time_subprocess(app_cmd, env)  # unmeasured: writes the bytecode cache, warms the disk cache
        _time_subprocess(bare_cmd, env)
        app: list[float] = []
        bare: list[float] = []
        for _ in range(repeats):
            app.append(_time_subprocess(app_cmd, env))
            bare.append(_time_subprocess(bare_cmd, env))
        return statistics.median(app), statistics.median(bare)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


FIGURES_PROSE = "本年度共收到政府信息公开申请{n}件，办结{n}件，其中予以公开{n}件，占{n}%。"


class _Paints:
    """Counts the paint events of the widgets it is installed on."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint

        class Filter(QObject):
            n = 0

            def eventFilter(self, _obj, event):  # noqa: N802 - Qt API
                if event.type() == paint:
                    Filter.n += 1
                return False

        self.filter = Filter()

    @property
    def n(self) -> int:
        return self.filter.n


def keystroke(n: int = 200, prose_figures: bool = False, full_repaint: bool = False) -> list[float]:
    """Seconds per keystroke → screen: ``setData`` on a 表三 cell, then the event loop runs
    until idle, painting what Qt marked dirty (the changed cells, the findings list, the steps
    list; at least one paint of the grid per keystroke is checked).  ``full_repaint``: instead
    the whole grid, findings list and steps list are repainted (as when the window is exposed).
    ``prose_figures``: every prose part full of figures that contradict 表三 (the worst case
    for the prose checks)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    os.environ["NIANBAO_DATA_DIR"] = str(tmp / "data")
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    sys.path.insert(0, str(ROOT))
    from model.formats import CellKey
    from ui.app import make_app
    from ui.main_window import MainWindow

    app = make_app()
    sample = tmp / SAMPLE.name
    shutil.copy(SAMPLE, sample)
    win = MainWindow()
    win.resize(1400, 900)
    win.show()
    if prose_figures:
        from model.storage import load_report, save_report

        r = load_report(sample)
        for part in r.format.prose:
            r.set_text(part.key, "".join(FIGURES_PROSE.format(n=i % 97 + 1) for i in range(400)))
        save_report(r, sample)
    win.open_path(str(sample))
    win.goto_step(win.step_keys.index("s3"))
    page = win.pages[win.current_step()]
    m, v = page.model, page.view
    idx = m.index_of(CellKey("t3", "new", "natural"))
    total = m.index_of(CellKey("t3", "new", "total"))
    app.processEvents()
    paints = _Paints()
    v.viewport().installEventFilter(paints.filter)
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        m.setData(idx, str(i % 7 + 2))
        if full_repaint:
            v.viewport().repaint()
            page.findings.viewport().repaint()
            win.steps.viewport().repaint()
        else:
            app.processEvents()
        times.append(time.perf_counter() - t0)
        assert m.data(total) == str(i % 7 + 2)
    if paints.n < n:
        raise RuntimeError(f"the grid was painted {paints.n} times for {n} keystrokes")
    win.doc.mark_saved()
    win.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return times


def bare_keystroke(n: int = 200, full_repaint: bool = False) -> list[float]:
    """Baseline: a QTableWidget of the same size as 表三, one cell set and the event loop run
    until idle (``full_repaint``: the table repainted whole)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    app = QApplication.instance() or QApplication([])
    t = QTableWidget(30, 9)
    t.resize(1200, 800)
    t.show()
    app.processEvents()
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        t.setItem(3, 2, QTableWidgetItem(str(i % 7 + 2)))
        if full_repaint:
            t.viewport().repaint()
        else:
            app.processEvents()
        times.append(time.perf_counter() - t0)
    t.close()
    return times


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]




MEMORY_RUN = PEAK_KIB + r"""
import os, sys, tempfile, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings
tmp = tempfile.mkdtemp()
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
from model.pdf import export_pdf
from model.storage import load_report, save_report
from ui.app import make_app
from ui.main_window import MainWindow
app = make_app()
r = load_report({sample!r})
parts = list(r.format.prose)
text = "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。"
per = 20000 // len(parts)
for p in parts:
    r.set_text(p.key, (text * (per // len(text) + 1))[:per])
path = os.path.join(tmp, "big.gknb")
save_report(r, path)
win = MainWindow()
win.show()
win.open_path(path)
for i in range(len(win.step_keys)):
    win.goto_step(i)
    app.processEvents()
export_pdf(win.doc.report, os.path.join(tmp, "out.pdf"))
app.processEvents()
win.doc.mark_saved()
win.close()
print("PEAK_RSS_KIB", _peak_kib())
"""

BARE_MEMORY = PEAK_KIB + BARE.replace("app.quit()", "print('PEAK_RSS_KIB', _peak_kib()); app.quit()")


def _peak(code: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    for line in out.stdout.splitlines():
        if line.startswith("PEAK_RSS_KIB"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no peak memory: {out.stdout[-300:]!r} {out.stderr[-800:]!r}")


def peak_memory() -> tuple[float, float]:
    """Peak resident MiB of a window run (start, open, every step, export) and of a bare QWizard."""
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    try:
        env = _env(tmp)
        env.pop("NIANBAO_BENCH_STARTUP", None)
        env.setdefault("GKNB_PDF_FONTS", "bundled")
        app = _peak(MEMORY_RUN.format(root=str(ROOT), sample=str(SAMPLE)), env)
        bare = _peak(BARE_MEMORY, env)
        return app, bare
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    from bench.common import figure

    app_s, bare_s = cold_start()
    figure("cold start to the window with a project open (bytecode precompiled, as installed)", app_s, "s",
           base=bare_s, base_what="bare QWizard + 30×9 table", goal=1.5, goal_on="ratio")
    app_src, bare_src = cold_start(bytecode=False)
    figure("the same, our modules not precompiled (no __pycache__)", app_src, "s", base=bare_src,
           base_what="bare QWizard + 30×9 table")
    bare = bare_keystroke()
    keys = keystroke()
    figure("keystroke in 表三 → totals, checks, changed cells + findings + steps painted (median)",
           statistics.median(keys) * 1000, "ms", base=statistics.median(bare) * 1000,
           base_what="bare QTableWidget edit + paint")
    figure("the same, p95", p95(keys) * 1000, "ms", base=p95(bare) * 1000, base_what="bare QTableWidget, p95",
           goal=16.0)
    worst = keystroke(n=60, prose_figures=True)
    figure("the same with every prose part full of contradicting figures, median", statistics.median(worst) * 1000,
           "ms", base=statistics.median(bare) * 1000, base_what="bare QTableWidget, median")
    figure("the same with every prose part full of contradicting figures, p95", p95(worst) * 1000, "ms",
           base=p95(bare) * 1000, base_what="bare QTableWidget, p95", goal=30.0, note=f"max {max(worst) * 1000:.0f} ms")
    bare_full = bare_keystroke(full_repaint=True)
    full = keystroke(full_repaint=True)
    figure("keystroke, then the whole grid, findings and steps repainted (as when exposed), p95",
           p95(full) * 1000, "ms", base=p95(bare_full) * 1000, base_what="bare QTableWidget repainted whole, p95")
    app_mib, bare_mib = peak_memory()
    figure("peak memory: start, open (20,000 characters of prose), every step, PDF export", app_mib, "MiB",
           base=bare_mib, base_what="bare QWizard + table", goal=150.0)


if __name__ == "__main__":
    main()
