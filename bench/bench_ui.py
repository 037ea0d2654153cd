"""UI timings.

* cold start of 年报助手 to an interactive window with a project open (subprocess:
  ``main.py FILE`` with NIANBAO_BENCH_STARTUP=1 prints READY <time> once the window is
  shown with the project's first page, and the event loop idle), versus a bare PySide6
  QWizard with one QTableWidget started the same way; goal: ratio ≤ 1.5.  Measured as the
  program runs when installed, i.e. with its modules' bytecode cached (in a temporary
  PYTHONPYCACHEPREFIX, after one unmeasured run), and also without a bytecode cache for our
  modules (compiled from source at each start, as with PYTHONDONTWRITEBYTECODE and no
  __pycache__ folders);
  app and bare runs alternate, medians are reported;
* keystroke → totals and findings updated on screen: ``setData`` on a 表三 cell, then the
  grid, the findings pane and the steps list repainted (median over many).

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
        # our modules compiled at every start (the library's own bytecode is used as installed)
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
        app_cmd = [sys.executable, str(ROOT / "main.py"), str(sample)]
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


def keystroke(n: int = 200) -> float:
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
    win.open_path(str(sample))
    win.goto_step(win.step_keys.index("s3"))
    page = win.pages[win.current_step()]
    m, v = page.model, page.view
    idx = m.index_of(CellKey("t3", "new", "natural"))
    total = m.index_of(CellKey("t3", "new", "total"))
    app.processEvents()
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        m.setData(idx, str(i % 7 + 2))
        v.viewport().repaint()
        page.findings.viewport().repaint()
        win.steps.viewport().repaint()
        times.append(time.perf_counter() - t0)
        assert m.data(total) == str(i % 7 + 2)
    win.doc.mark_saved()
    win.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return statistics.median(times)


def run() -> dict:
    app_s, bare_s = cold_start()
    app_src, bare_src = cold_start(bytecode=False)
    key_s = keystroke()
    return {
        "cold_start_app_s": round(app_s, 3),
        "cold_start_bare_qwizard_s": round(bare_s, 3),
        "cold_start_ratio": round(app_s / bare_s, 2),
        "cold_start_no_bytecode_app_s": round(app_src, 3),
        "cold_start_no_bytecode_bare_s": round(bare_src, 3),
        "cold_start_no_bytecode_ratio": round(app_src / bare_src, 2),
        "keystroke_to_screen_ms_median": round(key_s * 1000, 2),
    }


if __name__ == "__main__":
    r = run()
    print(f"cold start, 年报助手 with a project open : {r['cold_start_app_s']:.3f} s")
    print(f"cold start, bare QWizard + QTableWidget  : {r['cold_start_bare_qwizard_s']:.3f} s")
    print(f"ratio (goal ≤ 1.5)                       : {r['cold_start_ratio']:.2f}")
    print(f"  the same, our modules not precompiled  : {r['cold_start_no_bytecode_app_s']:.3f} s vs "
          f"{r['cold_start_no_bytecode_bare_s']:.3f} s, ratio {r['cold_start_no_bytecode_ratio']:.2f}")
    print(f"keystroke → totals + findings on screen  : {r['keystroke_to_screen_ms_median']:.2f} ms (median)")
