"""Screenshots of the real window for docs/screenshots/.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py [OUTDIR]
(QT_SCALE_FACTOR=2 works too: the files then get the suffix -200.)
Settings, recovery files and locks go to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-shots-"))
    os.environ["NIANBAO_DATA_DIR"] = str(tmp / "data")
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    from ui.app import make_app
    from ui.main_window import MainWindow

    app = make_app()
    suffix = "-200" if os.environ.get("QT_SCALE_FACTOR") == "2" else ""
    samples = ROOT / "tests" / "fixtures" / "samples"
    # copies, so locks never land next to the fixtures
    for f in samples.glob("*.gknb"):
        shutil.copy(f, tmp / f.name)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    win = MainWindow()
    win.resize(1400, 900)
    win.show()
    settle()
    win.grab().save(str(out / f"00-start{suffix}.png"))

    def shoot(name: str, steps: list[int] | None, prefix: str) -> None:
        win.open_path(str(tmp / f"{name}.gknb"))
        settle()
        for i in steps if steps is not None else range(len(win.pages)):
            win.goto_step(i)
            settle()
            win.grab().save(str(out / f"{prefix}-{i}{suffix}.png"))
        win.doc.mark_saved()

    if suffix:
        shoot("2021-上官乡", [0, 3], "上官乡")
    else:
        shoot("2021-上官乡", None, "上官乡")
        shoot("2020-清凉峰镇", [3], "清凉峰镇")
        shoot("2021-瓶窑镇", [0, 7], "瓶窑镇")
    win.close()
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
