"""Start the window: Chinese Qt dialogs, a CJK font, the icon, settings, recovery offer.

``run_gui(argv)``: argv is [] (start screen) or [FILE.gknb].
With ``NIANBAO_BENCH_STARTUP=1`` the program prints ``READY <time.time()>`` once the
window is shown and the event loop idle, then quits (used by bench/bench_ui.py).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from model import APP_NAME, APP_VERSION
from model.resources import resource_path
from ui.settings import APP, ORG

BENCH_ENV = "NIANBAO_BENCH_STARTUP"


def font_files() -> list[Path]:
    """CJK fonts for the window: the bundled PDF fonts, else whatever is in resources/fonts."""
    from model.fontcover import ui_font_files

    files = [Path(p) for p in ui_font_files()]
    if files:
        return files
    folder = resource_path("fonts")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc", ".otf"))


def install_fonts(app: QApplication) -> str | None:
    """Register the CJK fonts and make the first one the application font."""
    family = None
    for p in font_files():
        fid = QFontDatabase.addApplicationFont(str(p))
        if fid >= 0 and family is None:
            fams = QFontDatabase.applicationFontFamilies(fid)
            if fams:
                family = fams[0]
    if family is None:
        # no bundled font: prefer a CJK system font that is known to cover GB2312
        for cand in ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "SimSun", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
                     "Source Han Sans SC", "PingFang SC"):
            if cand in QFontDatabase.families():
                family = cand
                break
    if family:
        f = QFont(app.font())
        f.setFamilies([family])
        app.setFont(f)
    return family


def install_translator(app: QApplication) -> bool:
    tr = QTranslator(app)
    ok = tr.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                 QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not ok:
        ok = tr.load("qtbase_zh_CN", str(resource_path("translations")))
    if ok:
        app.installTranslator(tr)
    return ok


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("app.ico", "app-256.png", "app.png"):
        p = resource_path("icons", name)
        if p.exists():
            icon.addFile(str(p))
    return icon


def make_app(argv0: str = "nianbao") -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([argv0])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(APP_VERSION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translator(app)
    install_fonts(app)
    app.setWindowIcon(app_icon())
    return app


FONT_PRELOAD_MS = 1500


def preload_pdf_fonts() -> None:
    """Load the PDF fonts on a thread of their own once the window is up, so that the first
    export does not wait for them (``load_fonts`` holds a lock: an export started meanwhile
    waits for the same load instead of doing it twice)."""
    import threading

    def load() -> None:
        try:
            from model.pdf.fonts import load_fonts

            load_fonts()
        except Exception:  # noqa: BLE001 - the export itself will say what is wrong
            pass

    threading.Thread(target=load, name="pdf-fonts", daemon=True).start()


def run_gui(argv: list[str]) -> int:
    bench = os.environ.get(BENCH_ENV) == "1"
    app = make_app(sys.argv[0] if sys.argv else "nianbao")
    from ui.main_window import MainWindow

    win = MainWindow()
    win.show()
    files = [a for a in argv if not a.startswith("-")]
    if files:
        win.open_path(files[0])
    elif not bench:
        QTimer.singleShot(0, win.offer_recovery)
    if not bench:
        QTimer.singleShot(FONT_PRELOAD_MS, preload_pdf_fonts)
    if bench:
        def ready() -> None:
            app.processEvents()  # expose and paint the window, run whatever start-up queued
            # honest: the window is on screen with the project's first page (or the start
            # screen) shown, and nothing is left pending in the event queue
            shown = win.page_stack.currentWidget() if win.doc is not None else win.start
            if not (win.isVisible() and shown is not None and shown.isVisible()
                    and (win.doc is None or shown is win.pages.built(win.current_step()))):
                QTimer.singleShot(0, ready)
                return
            print(f"READY {time.time():.6f}", flush=True)
            if win.doc is not None:
                win.doc.mark_saved()
            win.close()
            app.quit()

        QTimer.singleShot(0, ready)
    return app.exec()
