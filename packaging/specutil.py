"""Helpers for ``build.spec`` (PyInstaller) and the packaging tests.

Loaded by file path (``importlib.util.spec_from_file_location``), never as ``packaging.*``:
the folder ``packaging/`` has no ``__init__.py`` on purpose, so it cannot shadow the PyPI
``packaging`` library that PyInstaller and pip import.

Everything here is plain Python without PyInstaller imports, so the tests can exercise the
same rules the spec uses (version resource, data files, hidden imports, excludes, pruning)
without running a build.
"""

from __future__ import annotations

import ast
import os
import re
import struct
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

APP_NAME = "年报助手"
GUI_EXE = APP_NAME  # 年报助手.exe on Windows
CONSOLE_EXE = f"{APP_NAME}-console"  # 年报助手-console.exe: same program with a console (diagnostics, CLI)
COMPANY = "年报助手项目组"
DESCRIPTION = "年报助手：政府信息公开工作年度报告编制工具"
COPYRIGHT = "年报助手项目组"

# Our own packages: every module in them is bundled, including the ones that are only imported
# lazily (ui.app from main.py, cli.* from COMMAND_MODULES, exporters, dialogs, ...).
APP_PACKAGES = ("model", "ui", "cli")

# Folders copied as data, relative to the project root; each lands at the same relative path
# under sys._MEIPASS (the bundle's ``_internal`` folder), so ``model.resources.app_root()``
# and ``model.formats.FORMAT_DIR`` resolve the same way from source and from the bundle.
DATA_DIRS = ("resources",)
# Data files that live next to code: (folder, glob) pairs.
DATA_GLOBS = (("model/formats", "*.json"),)

# Files never worth shipping.
JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}
JUNK_SUFFIXES = (".pyc", ".pyo", ".bak", ".tmp", ".swp", "~")
JUNK_DIRS = {"__pycache__", ".git", ".pytest_cache"}

# Python modules we do not use.  Qt modules: the app uses QtCore, QtGui, QtWidgets (and maybe
# QtSvg for icons / QtPrintSupport); QtWidgets needs neither QtNetwork nor QtDBus-bindings.
QT_EXCLUDES = [
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtBluetooth",
    "PySide6.QtNfc",
    "PySide6.QtPositioning",
    "PySide6.QtLocation",
    "PySide6.QtSensors",
    "PySide6.QtSerialPort",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.Qt3DExtras",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtStateMachine",
    "PySide6.QtTextToSpeech",
    "PySide6.QtHttpServer",
    "PySide6.QtSpatialAudio",
    "PySide6.QtConcurrent",
    "PySide6.QtAxContainer",
    "PySide6.QtDBus",
    "PySide6.QtXml",
]
PY_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "pydoc_data",
    "lib2to3",
    "test",
    # imported only from test/demo code paths of reportlab and the standard library
    "unittest",
    "doctest",
    "pdb",
    "pydoc",
    "asyncio",
    "concurrent",
    "multiprocessing",
    "xmlrpc",
    "http.server",
    "_pydecimal",
    "numpy",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "IPython",
    "matplotlib",
    "PyQt5",
    "PyQt6",
    "PySide2",
    # Pillow is required by reportlab (reportlab.lib.utils imports PIL.Image), but not its
    # optional codecs and bindings: AVIF/WebP images, colour management, Tk.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    # lxml: python-docx needs lxml.etree, the web-page importer lxml.html; never the
    # objectify API, SAX bridge, HTML diff or Schematron (~4 MB of compiled modules)
    "lxml.objectify",
    "lxml.sax",
    "lxml.html.diff",
    "lxml.html._difflib",
    "lxml.isoschematron",
    # The program never touches the network: no TLS, and hashlib uses its built-in
    # md5/sha1/sha2/blake2 instead of OpenSSL (saves libssl + libcrypto, ~5 MB).
    "ssl",
    "_ssl",
    "_hashlib",
]
EXCLUDES = QT_EXCLUDES + PY_EXCLUDES

# Qt translations kept in the bundle: Chinese for the standard dialogs (qtbase_zh_CN.qm).
KEEP_QT_TRANSLATIONS = ("_zh_CN.qm",)
# Windows-only Qt DLLs a widgets program never loads: the software OpenGL renderer (~20 MB).
DROP_BINARIES = ("opengl32sw.dll",)
# Qt image-format plugins for formats the program never reads (PNG is built into QtGui;
# ICO, SVG, JPEG and GIF plugins stay).  Matched on the plugin's base name on every platform.
DROP_QT_IMAGEFORMATS = ("qtiff", "qwebp", "qicns", "qtga", "qwbmp", "qpdf")


# ----------------------------------------------------------------------------- version

def read_app_version(root: Path = ROOT) -> str:
    """``model.APP_VERSION`` read from ``model/__init__.py`` without importing the package."""
    tree = ast.parse((root / "model" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "APP_VERSION" for t in node.targets):
            value = ast.literal_eval(node.value)
            if isinstance(value, str) and value:
                return value
    raise ValueError("model/__init__.py 中没有 APP_VERSION")


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers for the Windows version resource: "1.2.3rc1" → (1, 2, 3, 0)."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        m = re.match(r"\d+", part)
        if not m:
            break
        numbers.append(min(int(m.group()), 65535))
    if not numbers:
        raise ValueError(f"版本号格式不正确：{version!r}")
    while len(numbers) < 4:
        numbers.append(0)
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def render_version_info(version: str, exe_name: str, description: str = DESCRIPTION) -> str:
    """Text form of a PyInstaller ``VSVersionInfo`` (evaluated by PyInstaller on Windows)."""
    nums = version_tuple(version)
    dotted = ".".join(str(n) for n in nums)
    strings = [
        ("CompanyName", COMPANY),
        ("FileDescription", description),
        ("FileVersion", dotted),
        ("InternalName", exe_name),
        ("LegalCopyright", COPYRIGHT),
        ("OriginalFilename", f"{exe_name}.exe"),
        ("ProductName", APP_NAME),
        ("ProductVersion", version),
    ]
    string_lines = ",\n".join(f"            StringStruct({k!r}, {v!r})" for k, v in strings)
    # 0x0804 = Chinese (PRC), 1200 = Unicode code page
    return f"""# UTF-8
# Generated by build.spec from model.APP_VERSION = {version!r}; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={nums!r},
    prodvers={nums!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080404b0',
        [
{string_lines}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def write_version_files(out_dir: Path, version: str) -> dict[str, Path]:
    """Write one version-info file per executable into ``out_dir``; returns {exe_name: path}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Path] = {}
    for exe, desc in ((GUI_EXE, DESCRIPTION), (CONSOLE_EXE, DESCRIPTION + "（控制台版）")):
        path = out_dir / f"version-info-{'console' if exe == CONSOLE_EXE else 'gui'}.txt"
        path.write_text(render_version_info(version, exe, desc), encoding="utf-8")
        result[exe] = path
    return result


# ----------------------------------------------------------------------------- data files

def _is_junk(path: Path) -> bool:
    if path.name in JUNK_NAMES or path.name.endswith(JUNK_SUFFIXES):
        return True
    return any(part in JUNK_DIRS for part in path.parts)


def _walk_files(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in JUNK_DIRS)
        for name in sorted(filenames):
            yield Path(dirpath) / name


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` entries ``(source file, destination folder)``, one per file so that
    the list can be checked against the tree and new files (fonts, icons) are picked up
    automatically at each build."""
    entries: list[tuple[str, str]] = []
    for d in DATA_DIRS:
        base = root / d
        if not base.is_dir():
            continue
        for f in _walk_files(base):
            rel = f.relative_to(root)
            if _is_junk(rel):
                continue
            entries.append((str(f), rel.parent.as_posix()))
    for folder, pattern in DATA_GLOBS:
        for f in sorted((root / folder).glob(pattern)):
            if f.is_file() and not _is_junk(f.relative_to(root)):
                entries.append((str(f), folder))
    return entries


def bundled_data_paths(root: Path = ROOT) -> set[str]:
    """Paths (posix, relative to sys._MEIPASS) where ``data_files`` puts each file."""
    return {f"{dest}/{Path(src).name}" for src, dest in data_files(root)}


# ----------------------------------------------------------------------------- modules

def app_modules(root: Path = ROOT, packages: Iterable[str] = APP_PACKAGES) -> list[str]:
    """Dotted names of every module of our own packages, found on disk (no import needed, so a
    module that fails to import still shows up in the build's warnings instead of vanishing)."""
    names: list[str] = []
    for pkg in packages:
        base = root / pkg
        if not base.is_dir():
            continue
        for f in _walk_files(base):
            if f.suffix != ".py":
                continue
            rel = f.relative_to(root).with_suffix("")
            parts = list(rel.parts)
            if any(not p.isidentifier() for p in parts):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(parts))
    return sorted(set(names))


# ----------------------------------------------------------------------------- pruning

def keep_data(dest_name: str) -> bool:
    """False for Qt translation files other than the Chinese ones."""
    p = dest_name.replace("\\", "/")
    if "/translations/" in p and p.endswith(".qm") and ("PySide6/" in p or "Qt" in p):
        return p.endswith(KEEP_QT_TRANSLATIONS)
    return True


def keep_binary(dest_name: str) -> bool:
    p = dest_name.replace("\\", "/")
    name = p.rsplit("/", 1)[-1].lower()
    if name in DROP_BINARIES:
        return False
    if "/plugins/imageformats/" in p:
        stem = name.split(".", 1)[0].removeprefix("lib")
        return stem not in DROP_QT_IMAGEFORMATS
    return True


def strip_binaries(platform: str) -> bool:
    """Strip debug symbols on Linux (libpython from pyenv alone carries ~17 MB of them);
    never on Windows (PyInstaller advises against it) and only if ``strip`` exists."""
    import shutil

    return platform.startswith("linux") and shutil.which("strip") is not None


# ----------------------------------------------------------------------------- ICU data (Linux)
# PySide6's Linux wheels carry ICU with its full data library (libicudata.so.NN, ~30 MB: every
# locale of the world).  Qt asks ICU only for collation (file dialogs sort names), case
# mapping, codecs, time-zone and date names, in the program's Chinese locale.  The bundle gets
# the same library rebuilt with the data of the root, Chinese and English locales only; the
# converters, break rules, collation roots and all non-locale tables stay.  Dropped too:
# transliteration, rule-based number spell-out, character names and the spoof checker's
# confusables, ICU services Qt never calls.  Needs icupkg and genccode (ICU tools) and a C
# compiler at build time; without them the full library is bundled.
ICU_KEPT_LANGUAGES = ("zh",)
ICU_KEPT_LOCALES = ("root", "res_index", "en", "en_US", "en_US_POSIX", "en_001")
ICU_DROPPED_TREES = ("translit/", "rbnf/")
ICU_DROPPED_ITEMS = ("unames.icu",)
_LOCALE_ID = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")


def icu_item_dropped(item: str) -> bool:
    """Whether an item of the ICU data package (``zone/de_CH.res``, ``coll/zh.res``, ...) is
    left out of the bundle's ICU data (see above)."""
    if item.startswith(ICU_DROPPED_TREES) or item in ICU_DROPPED_ITEMS or item.endswith(".cfu"):
        return True
    base = item.rsplit("/", 1)[-1]
    if not base.endswith(".res"):
        return False  # converters, break rules, normalisation, collation and other tables
    name = base[: -len(".res")]
    if name in ICU_KEPT_LOCALES or not _LOCALE_ID.match(name):
        return False  # metadata such as supplementalData, likelySubtags, pool
    return name.split("_")[0] not in ICU_KEPT_LANGUAGES


def _run(cmd: list[str], cwd: Path, fail_unless: str = "") -> str:
    """The command's output; an error unless it succeeded (or printed ``fail_unless``)."""
    import subprocess

    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if r.returncode != 0 and not (fail_unless and fail_unless in r.stdout + r.stderr):
        raise RuntimeError(f"{cmd[0]} failed: {(r.stderr or r.stdout)[-500:]}")
    return r.stdout + r.stderr


def _icu_blob(library: Path) -> tuple[str, bytes]:
    """(ICU major version, the data package) embedded in libicudata.so.NN as ``icudtNN_dat``."""
    library = library.resolve()
    symbols = _run(["readelf", "-sW", str(library)], library.parent)
    m = re.search(r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+(\d+)\s+icudt(\d+)_dat", symbols)
    if m is None:
        raise RuntimeError("no icudtNN_dat symbol")
    value, size, index, version = int(m.group(1), 16), int(m.group(2), 0), m.group(3), m.group(4)
    sections = _run(["readelf", "-SW", str(library)], library.parent)
    sm = re.search(r"\[\s*" + index + r"\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    if sm is None:
        raise RuntimeError("section of icudtNN_dat not found")
    offset = value - int(sm.group(1), 16) + int(sm.group(2), 16)
    data = library.read_bytes()[offset: offset + size]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise RuntimeError("icudtNN_dat is not an ICU common data package")
    return version, data


def trim_icu_library(library: Path, workdir: Path) -> Path:
    """libicudata rebuilt with only the items ``icu_item_dropped`` keeps; returns its path."""
    import shutil

    workdir = workdir.resolve()
    version, data = _icu_blob(library)
    work = workdir / "icu-data"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    name = f"icudt{version}l.dat"
    (work / name).write_bytes(data)
    items = [line.strip() for line in _run(["icupkg", "-l", name], work).splitlines() if line.strip()]
    drop = {i for i in items if icu_item_dropped(i)}
    for _ in range(10):  # keep what a kept item depends on (e.g. coll/es_.res → coll/es.res)
        (work / name).write_bytes(data)
        (work / "drop.txt").write_text("\n".join(sorted(drop)) + "\n", encoding="utf-8")
        out = _run(["icupkg", "-r", "drop.txt", name], work, "depends on missing item") if drop else ""
        missing = set(re.findall(r"depends on missing item (\S+)", out))
        if not missing:
            break
        drop -= missing
    else:
        raise RuntimeError("ICU items keep depending on dropped ones")
    _run(["genccode", "-q", "-a", "gcc", "-e", f"icudt{version}", "-d", ".", name], work)
    out = work / library.name
    _run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(out), f"icudt{version}l_dat.S"], work)
    if _icu_blob(out)[0] != version:
        raise RuntimeError("rebuilt ICU data library is not readable")
    return out


def trim_icu_binaries(binaries: list[tuple[str, str, str]], workdir: Path,
                      platform: str) -> list[tuple[str, str, str]]:
    """On Linux, point the bundle's libicudata.so.NN at the trimmed rebuild (unchanged if the
    tools are missing or anything goes wrong: a note is printed and the full data is bundled)."""
    import shutil
    import sys

    if not platform.startswith("linux"):
        return binaries
    missing = [t for t in ("icupkg", "genccode", "gcc", "readelf") if shutil.which(t) is None]
    out = []
    for dest, src, typecode in binaries:
        if re.fullmatch(r"libicudata\.so\.\d+", dest.replace("\\", "/").rsplit("/", 1)[-1]) and typecode == "BINARY":
            if missing:
                print(f"build.spec: {', '.join(missing)} not found; bundling the full ICU data", file=sys.stderr)
            else:
                try:
                    src = str(trim_icu_library(Path(src), workdir))
                except (RuntimeError, OSError) as e:
                    print(f"build.spec: ICU data not trimmed ({e}); bundling the full ICU data", file=sys.stderr)
        out.append((dest, src, typecode))
    return out


def link_console_exe(bundle: Path) -> bool:
    """Where the console and the windowed executables are the same file (Linux: there is no
    windowed subsystem), keep one and make the console name a relative symbolic link to it —
    one copy of the program and its embedded Python archive instead of two.  Returns whether
    it linked; on Windows the two differ and both stay."""
    import filecmp

    if sys.platform == "win32":
        return False  # the two differ there, and a symbolic link needs privileges a clerk's PC lacks
    gui, console = bundle / GUI_EXE, bundle / CONSOLE_EXE
    if not gui.is_file() or not console.is_file() or console.is_symlink():
        return False
    if not filecmp.cmp(gui, console, shallow=False):
        return False
    console.unlink()
    console.symlink_to(GUI_EXE)
    return True


def icon_path(root: Path = ROOT) -> str | None:
    ico = root / "resources" / "icons" / "app.ico"
    return str(ico) if ico.is_file() else None


# ----------------------------------------------------------------------------- plugin and library pruning
# PyInstaller's Qt hook collects every plugin of each plugin type QtGui uses, and its binary
# analysis then adds every library those plugins link to.  Some of them are useless to a widgets
# program and drag in large parts of Qt:
# - Windows: the virtual-keyboard input context (→ Qt6VirtualKeyboard, Qt6Quick, Qt6Qml, ...,
#   ~20 MB), the TUIO touch plugin (→ Qt6Network), the experimental Direct2D platform.  Chinese
#   input on Windows goes through the system IME in qwindows.dll, not through these plugins.
# - Linux (CI/testing build): Wayland, EGLFS, VNC, linuxfb platforms, the GTK3 theme (GTK's
#   cairo/pango/atk stack), evdev/TUIO input.  A desktop needs xcb (X11 and XWayland),
#   offscreen/minimal for headless runs and the ibus/compose input contexts (Chinese input).
# After the plugins are dropped, every shared library that no remaining Python extension, plugin
# or the Python library needs (transitively, by the import table / DT_NEEDED) is dropped too.

DROP_PLUGINS = {
    "win32": (
        "plugins/platforminputcontexts/qtvirtualkeyboardplugin",
        "plugins/generic/",
        "plugins/platforms/qdirect2d",
    ),
    "linux": (
        "plugins/platforms/libqeglfs.so",
        "plugins/platforms/libqlinuxfb.so",
        "plugins/platforms/libqminimalegl.so",
        "plugins/platforms/libqvkkhrdisplay.so",
        "plugins/platforms/libqvnc.so",
        "plugins/platforms/libqwayland",
        "plugins/platformthemes/libqgtk3.so",
        "plugins/egldeviceintegrations/",
        "plugins/wayland-",
        "plugins/generic/",
    ),
}


def _platform_key(platform: str) -> str | None:
    if platform.startswith("win"):
        return "win32"
    if platform.startswith("linux"):
        return "linux"
    return None


def keep_plugin(dest_name: str, platform: str) -> bool:
    key = _platform_key(platform)
    if key is None:
        return True
    p = dest_name.replace("\\", "/")
    return not any(pattern in p for pattern in DROP_PLUGINS[key])


def elf_needed(path: str | os.PathLike[str]) -> list[str]:
    """The DT_NEEDED entries (sonames) of an ELF shared object or executable; [] if the file is
    not ELF or has no dynamic section."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:4] != b"\x7fELF":
        return []
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
        sh_fmt, dyn_fmt = end + "IIQQQQIIQQ", end + "qQ"
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
        sh_fmt, dyn_fmt = end + "IIIIIIIIII", end + "iI"
    sections = [struct.unpack_from(sh_fmt, data, shoff + i * shentsize) for i in range(shnum)]
    names: list[str] = []
    for sh in sections:
        sh_type, sh_offset, sh_size, sh_link = sh[1], sh[4], sh[5], sh[6]
        if sh_type != 6:  # SHT_DYNAMIC
            continue
        strtab_offset = sections[sh_link][4]
        entsize = struct.calcsize(dyn_fmt)
        for off in range(sh_offset, sh_offset + sh_size, entsize):
            tag, val = struct.unpack_from(dyn_fmt, data, off)
            if tag == 0:  # DT_NULL
                break
            if tag == 1:  # DT_NEEDED
                stop = data.index(b"\0", strtab_offset + val)
                names.append(data[strtab_offset + val:stop].decode("utf-8", "replace"))
    return names


def pe_imports(path: str | os.PathLike[str]) -> list[str]:
    """DLL names a PE file (.dll/.pyd/.exe) imports, including delay-loaded ones; [] if the file
    is not PE."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] != b"MZ" or len(data) < 0x40:
        return []
    pe, = struct.unpack_from("<I", data, 0x3C)
    if data[pe:pe + 4] != b"PE\0\0":
        return []
    coff = pe + 4
    nsections, = struct.unpack_from("<H", data, coff + 2)
    opt_size, = struct.unpack_from("<H", data, coff + 16)
    opt = coff + 20
    magic, = struct.unpack_from("<H", data, opt)
    if magic == 0x20B:  # PE32+
        image_base, = struct.unpack_from("<Q", data, opt + 24)
        ndirs_at, dirs_at = opt + 108, opt + 112
    elif magic == 0x10B:  # PE32
        image_base, = struct.unpack_from("<I", data, opt + 28)
        ndirs_at, dirs_at = opt + 92, opt + 96
    else:
        return []
    ndirs, = struct.unpack_from("<I", data, ndirs_at)
    sect_at = opt + opt_size
    sections = []
    for i in range(nsections):
        vsize, va, rawsize, rawptr = struct.unpack_from("<IIII", data, sect_at + i * 40 + 8)
        sections.append((va, max(vsize, rawsize), rawptr))

    def offset(rva: int) -> int:
        for va, size, rawptr in sections:
            if va <= rva < va + size:
                return rva - va + rawptr
        raise ValueError(f"RVA {rva:#x} outside every section")

    def cstr(rva: int) -> str:
        o = offset(rva)
        return data[o:data.index(b"\0", o)].decode("ascii", "replace")

    def directory(index: int) -> int:
        if ndirs <= index:
            return 0
        rva, _size = struct.unpack_from("<II", data, dirs_at + 8 * index)
        return rva

    names: list[str] = []
    rva = directory(1)  # import table: IMAGE_IMPORT_DESCRIPTOR, 20 bytes, name RVA at +12
    if rva:
        o = offset(rva)
        while data[o:o + 20] != bytes(20):
            names.append(cstr(struct.unpack_from("<I", data, o + 12)[0]))
            o += 20
    rva = directory(13)  # delay-load imports: ImgDelayDescr, 32 bytes, attributes at +0, name at +4
    if rva:
        o = offset(rva)
        while data[o:o + 32] != bytes(32):
            attrs, name = struct.unpack_from("<II", data, o)
            if name:
                names.append(cstr(name if attrs & 1 else name - image_base))
            o += 32
    return names


# Libraries a package loads itself with ctypes (no extension imports them, so the pruning
# below must keep them and what they need): PDFium of pypdfium2 (PDF import).
CTYPES_LIBRARY_FOLDERS = ("pypdfium2_raw/",)


def prune_binaries(binaries: list[tuple[str, str, str]], platform: str) -> list[tuple[str, str, str]]:
    """Drop unwanted Qt plugins (DROP_PLUGINS), then every shared library that no remaining Python
    extension, plugin, ctypes-loaded library (CTYPES_LIBRARY_FOLDERS) or the Python library needs,
    transitively.  Other platforms: unchanged."""
    key = _platform_key(platform)
    if key is None:
        return list(binaries)
    entries = [e for e in binaries if keep_plugin(e[0], platform)]
    windows = key == "win32"
    read_imports = pe_imports if windows else elf_needed

    def base(dest: str) -> str:
        b = dest.replace("\\", "/").rsplit("/", 1)[-1]
        return b.lower() if windows else b

    def is_root(entry: tuple[str, str, str]) -> bool:
        dest, _src, typecode = entry
        b = base(dest)
        if typecode == "EXTENSION" or "/plugins/" in dest.replace("\\", "/"):
            return True
        if dest.replace("\\", "/").startswith(CTYPES_LIBRARY_FOLDERS):
            return True
        if windows:
            return b.startswith("python3") or not b.endswith(".dll")
        return b.startswith("libpython") or ".so" not in b

    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for e in entries:
        by_name.setdefault(base(e[0]), []).append(e)
    needed: set[str] = set()
    todo = [e for e in entries if is_root(e)]
    seen: set[str] = set()
    while todo:
        e = todo.pop()
        if e[1] in seen:
            continue
        seen.add(e[1])
        try:
            deps = read_imports(e[1])
        except (OSError, ValueError, IndexError, struct.error):
            # unreadable: keep everything it might need rather than break the bundle
            needed.update(by_name)
            continue
        for d in deps:
            d = d.lower() if windows else d
            if d not in needed:
                needed.add(d)
                todo.extend(by_name.get(d, []))
    return [e for e in entries if is_root(e) or base(e[0]) in needed]


def drop_dangling_symlinks(
    binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Remove SYMLINK entries (PyInstaller puts e.g. ``libQt6Core.so.6`` → ``PySide6/Qt/lib/...``
    at the top level) whose target was pruned, repeatedly, so no dangling link is collected."""
    import posixpath

    def norm(dest: str) -> str:
        return dest.replace("\\", "/")

    def target(entry: tuple[str, str, str]) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(norm(entry[0])), norm(entry[1])))

    while True:
        present = {norm(e[0]) for e in binaries} | {norm(e[0]) for e in datas}

        def ok(e: tuple[str, str, str], present: set[str] = present) -> bool:
            return e[2] != "SYMLINK" or target(e) in present

        new_b = [e for e in binaries if ok(e)]
        new_d = [e for e in datas if ok(e)]
        if len(new_b) == len(binaries) and len(new_d) == len(datas):
            return binaries, datas
        binaries, datas = new_b, new_d
