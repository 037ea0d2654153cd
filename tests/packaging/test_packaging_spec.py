"""build.spec and its rules (packaging/specutil.py), checked without running PyInstaller.

The spec itself is executed with stand-ins for Analysis/PYZ/EXE/COLLECT, so the test sees the
exact arguments a real build would get (names, console flags, upx, icon, version files, datas,
hidden imports, excludes)."""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_specutil() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nianbao_specutil_test", ROOT / "packaging" / "specutil.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


su = load_specutil()


# ----------------------------------------------------------------------------- running the spec

class Recorder:
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]]

    def __init__(self) -> None:
        self.calls = []

    def make(self, kind: str):
        rec = self

        def factory(*args: Any, **kwargs: Any) -> SimpleNamespace:
            rec.calls.append((kind, args, kwargs))
            if kind == "Analysis":
                datas = [(Path(dest, Path(src).name).as_posix(), src, "DATA") for src, dest in kwargs["datas"]]
                datas += [
                    ("PySide6/Qt/translations/qtbase_zh_CN.qm", "x", "DATA"),
                    ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
                ]
                # unreadable stand-in files: the library pruning then keeps every library
                binaries = [("PySide6/QtCore.pyd", "x", "EXTENSION"), ("PySide6/opengl32sw.dll", "x", "BINARY"),
                            ("PySide6/Qt6Core.dll", "x", "BINARY"),
                            ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", "x", "BINARY")]
                return SimpleNamespace(datas=datas, binaries=binaries, pure=[], scripts=[("main", args[0][0], "PYSOURCE")],
                                       kwargs=kwargs)
            return SimpleNamespace(args=args, kwargs=kwargs)

        return factory

    def of(self, kind: str) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
        return [(a, k) for (n, a, k) in self.calls if n == kind]


@pytest.fixture
def spec_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Execute build.spec as PyInstaller would (on Windows), with recording stand-ins."""
    monkeypatch.setattr(sys, "platform", "win32")
    rec = Recorder()
    ns: dict[str, Any] = {
        "SPECPATH": str(ROOT),
        "workpath": str(tmp_path / "build" / "build"),
        "DISTPATH": str(tmp_path / "dist"),
        "__file__": str(ROOT / "build.spec"),
        "__name__": "__main__",
    }
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT"):
        ns[kind] = rec.make(kind)
    code = compile((ROOT / "build.spec").read_text(encoding="utf-8"), str(ROOT / "build.spec"), "exec")
    exec(code, ns)
    return rec, ns, tmp_path


def test_spec_is_valid_python_without_upx() -> None:
    text = (ROOT / "build.spec").read_text(encoding="utf-8")
    ast.parse(text)
    assert "upx=True" not in text.replace(" ", "")
    assert "collect_all" not in text  # never collect_all('PySide6'): hundreds of MB


def test_spec_builds_two_executables_in_one_onedir(spec_run) -> None:
    rec, ns, _ = spec_run
    analyses = rec.of("Analysis")
    assert len(analyses) == 1, "one shared Analysis"
    exes = rec.of("EXE")
    names = {k["name"]: k for _, k in exes}
    assert set(names) == {"年报助手", "年报助手-console"}
    assert names["年报助手"]["console"] is False
    assert names["年报助手-console"]["console"] is True
    for _, k in exes:
        assert k["upx"] is False
        assert k["exclude_binaries"] is True  # onedir
        assert k["strip"] is False  # never strip on Windows
    (coll_args, coll_kwargs), = rec.of("COLLECT")
    assert coll_kwargs["name"] == "年报助手"
    assert coll_kwargs["upx"] is False
    assert len([a for a in coll_args if isinstance(a, SimpleNamespace) and a.kwargs.get("name")]) == 2


def test_spec_icon_follows_resources(spec_run) -> None:
    rec, _, _ = spec_run
    ico = ROOT / "resources" / "icons" / "app.ico"
    for _, k in rec.of("EXE"):
        if ico.is_file():
            assert k["icon"] == str(ico)
        else:
            assert k["icon"] is None


def test_spec_prunes_translations_opengl_and_plugins(spec_run) -> None:
    rec, ns, _ = spec_run
    a = ns["a"]
    dests = {d for d, _, _ in a.datas}
    assert "PySide6/Qt/translations/qtbase_zh_CN.qm" in dests
    assert "PySide6/Qt/translations/qtbase_de.qm" not in dests
    bins = {d for d, _, _ in a.binaries}
    assert "PySide6/Qt6Core.dll" in bins and "PySide6/opengl32sw.dll" not in bins
    assert "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll" not in bins


def test_spec_passes_datas_hiddenimports_excludes(spec_run) -> None:
    rec, _, _ = spec_run
    (args, kw), = rec.of("Analysis")
    assert args[0] == [str(ROOT / "main.py")]
    assert kw["datas"] == su.data_files(ROOT)
    assert kw["hiddenimports"] == su.app_modules(ROOT)
    assert kw["excludes"] == su.EXCLUDES
    assert kw["noarchive"] is False


# ----------------------------------------------------------------------------- version resource

class _VI:
    """Stand-in for PyInstaller's version-info classes: the text file is eval()'d like PyInstaller does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs


def parse_version_file(path: Path) -> dict[str, Any]:
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo", "VarStruct"]
    ns = {n: type(n, (_VI,), {}) for n in names}
    info = eval(path.read_text(encoding="utf-8"), ns)  # noqa: S307 - our own generated file
    ffi = info.kwargs["ffi"].kwargs
    string_table = info.kwargs["kids"][0].args[0][0]
    strings = {s.args[0]: s.args[1] for s in string_table.args[1]}
    return {"ffi": ffi, "strings": strings, "lang": string_table.args[0]}


def test_version_files_written_by_spec_match_app_version(spec_run) -> None:
    import model

    rec, _, tmp = spec_run
    for _, k in rec.of("EXE"):
        path = Path(k["version"])
        assert path.is_file()
        assert path.parent == tmp / "build" / "build"
        info = parse_version_file(path)
        s = info["strings"]
        assert s["ProductVersion"] == model.APP_VERSION
        assert s["FileVersion"] == ".".join(map(str, su.version_tuple(model.APP_VERSION)))
        assert s["ProductName"] == model.APP_NAME == "年报助手"
        assert s["OriginalFilename"] == f"{k['name']}.exe"
        assert s["InternalName"] == k["name"]
        assert s["CompanyName"] and s["FileDescription"].startswith("年报助手")
        assert info["ffi"]["filevers"] == su.version_tuple(model.APP_VERSION)
        assert info["ffi"]["prodvers"] == su.version_tuple(model.APP_VERSION)
        assert info["lang"] == "080404b0"


def test_read_app_version_is_model_version() -> None:
    import model

    assert su.read_app_version(ROOT) == model.APP_VERSION


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc2", (2, 0, 1, 0)), ("1.2.3.4.5", (1, 2, 3, 4)),
     ("3.0.0.dev1", (3, 0, 0, 0))],
)
def test_version_tuple(text: str, expected: tuple[int, int, int, int]) -> None:
    assert su.version_tuple(text) == expected


def test_version_tuple_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        su.version_tuple("abc")


# ----------------------------------------------------------------------------- data files

def test_every_resource_file_is_bundled() -> None:
    bundled = su.bundled_data_paths(ROOT)
    missing = []
    for dirpath, dirs, files in os.walk(ROOT / "resources"):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            rel = (Path(dirpath) / name).relative_to(ROOT).as_posix()
            if name in su.JUNK_NAMES or name.endswith(su.JUNK_SUFFIXES):
                continue
            if rel not in bundled:
                missing.append(rel)
    assert not missing, f"resources not matched by the datas rules: {missing}"
    assert "resources/examples/示例-上官乡2021.gknb" in bundled


def test_format_files_land_where_formats_py_looks() -> None:
    from model import formats

    bundled = su.bundled_data_paths(ROOT)
    rel_dir = formats.FORMAT_DIR.relative_to(ROOT).as_posix()
    assert rel_dir == "model/formats"
    jsons = sorted(formats.FORMAT_DIR.glob("format-*.json"))
    assert len(jsons) >= 2
    for f in jsons:
        assert f"{rel_dir}/{f.name}" in bundled


def test_junk_is_not_bundled(tmp_path: Path) -> None:
    (tmp_path / "resources" / "icons" / "__pycache__").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "app.ico").write_bytes(b"ico")
    (tmp_path / "resources" / "icons" / "Thumbs.db").write_bytes(b"x")
    (tmp_path / "resources" / "icons" / "__pycache__" / "x.pyc").write_bytes(b"x")
    (tmp_path / "resources" / "examples").mkdir()
    (tmp_path / "resources" / "examples" / "a.gknb.bak").write_text("x")
    (tmp_path / "model" / "formats").mkdir(parents=True)
    (tmp_path / "model" / "formats" / "format-2030.json").write_text("{}")
    assert su.bundled_data_paths(tmp_path) == {"resources/icons/app.ico", "model/formats/format-2030.json"}
    assert su.icon_path(tmp_path) == str(tmp_path / "resources" / "icons" / "app.ico")
    assert su.icon_path(tmp_path / "nowhere") is None


def test_resources_resolve_inside_a_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from model import resources

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.app_root() == tmp_path
    assert resources.example_report_path() == tmp_path / "resources" / "examples" / "示例-上官乡2021.gknb"
    assert "resources/examples/示例-上官乡2021.gknb" in su.bundled_data_paths(ROOT)


# ----------------------------------------------------------------------------- modules

def test_app_modules_cover_every_source_file() -> None:
    mods = set(su.app_modules(ROOT))
    for pkg in su.APP_PACKAGES:
        for f in (ROOT / pkg).rglob("*.py"):
            if "__pycache__" in f.parts:
                continue
            parts = list(f.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            assert ".".join(parts) in mods
    assert "cli" in mods and "model.formats" in mods


def test_lazily_imported_modules_are_hidden_imports() -> None:
    import cli

    mods = set(su.app_modules(ROOT))
    for name in cli.COMMAND_MODULES:
        assert name in mods, f"CLI command module {name} would be missing from the bundle"
    for name in ("ui.app", "cli.pdf", "cli.xlsx", "model.pdf", "model.xlsx", "ui.xlsx_dialogs"):
        path = ROOT.joinpath(*name.split("."))
        if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
            assert name in mods


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_no_excluded_module_is_imported_by_our_code() -> None:
    """Excluding a module our code imports would break only the bundle: catch it here."""
    excluded = set(su.EXCLUDES)
    offenders = []
    files = [ROOT / "main.py"] + [f for pkg in su.APP_PACKAGES for f in (ROOT / pkg).rglob("*.py")]
    for f in files:
        for name in _imported_names(f):
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                if ".".join(parts[:i]) in excluded:
                    offenders.append(f"{f.relative_to(ROOT)}: {name}")
    assert not offenders, "imported but excluded in packaging/specutil.py: " + ", ".join(offenders)


def test_needed_stdlib_and_qt_modules_are_not_excluded() -> None:
    for name in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "PySide6.QtPrintSupport",
                 "PIL", "PIL.Image", "decimal", "json", "zipfile", "xml", "email", "urllib", "hashlib", "logging"):
        assert name not in su.EXCLUDES


# ----------------------------------------------------------------------------- pruning helpers

@pytest.mark.parametrize(
    ("dest", "keep"),
    [
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qt_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_fr.qm", False),
        ("PySide6\\translations\\qtbase_ja.qm", False),
        ("resources/fonts/x.ttf", True),
        ("resources/translations/qtbase_fr.qm", True),  # ours, not Qt's
    ],
)
def test_keep_data(dest: str, keep: bool) -> None:
    assert su.keep_data(dest) is keep


@pytest.mark.parametrize(
    ("dest", "keep"),
    [
        ("PySide6/opengl32sw.dll", False),
        ("PySide6/Qt6Widgets.dll", True),
        ("PySide6/plugins/imageformats/qtiff.dll", False),
        ("PySide6/plugins/imageformats/qico.dll", True),
        ("PySide6/plugins/imageformats/qsvg.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqwebp.so", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ],
)
def test_keep_binary(dest: str, keep: bool) -> None:
    assert su.keep_binary(dest) is keep


def test_plugin_rules() -> None:
    linux, win = "linux", "win32"
    assert su.keep_plugin("PySide6/Qt/plugins/platforms/libqxcb.so", linux)
    assert su.keep_plugin("PySide6/Qt/plugins/platforms/libqoffscreen.so", linux)
    assert su.keep_plugin("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", linux)
    assert not su.keep_plugin("PySide6/Qt/plugins/platforms/libqwayland-egl.so", linux)
    assert not su.keep_plugin("PySide6/Qt/plugins/platformthemes/libqgtk3.so", linux)
    assert not su.keep_plugin("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", linux)
    assert su.keep_plugin("PySide6\\plugins\\platforms\\qwindows.dll", win)
    assert su.keep_plugin("PySide6/plugins/styles/qmodernwindowsstyle.dll", win)
    assert not su.keep_plugin("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", win)
    assert not su.keep_plugin("PySide6/plugins/generic/qtuiotouchplugin.dll", win)
    assert su.keep_plugin("PySide6/plugins/generic/qtuiotouchplugin.dll", "darwin")


def make_pe(path: Path, imports: list[str], delay: list[str] = ()) -> Path:  # type: ignore[assignment]
    """A minimal PE32+ file with an import table (and optionally delay-load descriptors)."""
    import struct

    sect_va, sect_raw, sect_size = 0x1000, 0x200, 0x400
    body = bytearray(sect_size)
    names_at = 0x200
    name_rvas = []
    for n in [*imports, *delay]:
        name_rvas.append(sect_va + names_at)
        body[names_at:names_at + len(n) + 1] = n.encode() + b"\0"
        names_at += len(n) + 1
    for i, rva in enumerate(name_rvas[:len(imports)]):
        struct.pack_into("<IIIII", body, i * 20, 0, 0, 0, rva, 0)
    delay_at = 0x100
    for i, rva in enumerate(name_rvas[len(imports):]):
        struct.pack_into("<II", body, delay_at + i * 32, 1, rva)
    head = bytearray(sect_raw)
    head[0:2] = b"MZ"
    struct.pack_into("<I", head, 0x3C, 0x40)
    head[0x40:0x44] = b"PE\0\0"
    coff = 0x44
    struct.pack_into("<HH", head, coff, 0x8664, 1)
    struct.pack_into("<H", head, coff + 16, 240)
    opt = coff + 20
    struct.pack_into("<H", head, opt, 0x20B)
    struct.pack_into("<Q", head, opt + 24, 0x180000000)
    struct.pack_into("<I", head, opt + 108, 16)
    struct.pack_into("<II", head, opt + 112 + 8 * 1, sect_va, 20 * (len(imports) + 1))
    if delay:
        struct.pack_into("<II", head, opt + 112 + 8 * 13, sect_va + delay_at, 32 * (len(delay) + 1))
    sect = opt + 240
    head[sect:sect + 8] = b".idata\0\0"
    struct.pack_into("<IIII", head, sect + 8, sect_size, sect_va, sect_size, sect_raw)
    path.write_bytes(bytes(head) + bytes(body))
    return path


def test_pe_imports_reads_import_and_delay_tables(tmp_path: Path) -> None:
    pe = make_pe(tmp_path / "a.dll", ["Qt6Core.dll", "KERNEL32.dll"], delay=["Qt6Network.dll"])
    assert su.pe_imports(pe) == ["Qt6Core.dll", "KERNEL32.dll", "Qt6Network.dll"]
    assert su.pe_imports(make_pe(tmp_path / "b.dll", [])) == []
    assert su.pe_imports(ROOT / "main.py") == []


def test_prune_binaries_windows(tmp_path: Path) -> None:
    """The virtual-keyboard plugin goes, and with it Qt6VirtualKeyboard/Qt6Quick/Qt6Qml, which only it
    needed; what the extensions and the kept plugins import stays (names compared case-insensitively)."""
    f = {n: make_pe(tmp_path / n, deps) for n, deps in {
        "QtWidgets.pyd": ["Qt6Widgets.dll", "pyside6.abi3.dll"],
        "Qt6Widgets.dll": ["Qt6Gui.dll", "MSVCP140.dll"],
        "Qt6Gui.dll": ["Qt6Core.dll", "d3d11.dll"],
        "Qt6Core.dll": ["VCRUNTIME140.dll"],
        "pyside6.abi3.dll": ["QT6CORE.DLL"],
        "msvcp140.dll": [],
        "vcruntime140.dll": [],
        "qwindows.dll": ["Qt6Gui.dll"],
        "qtvirtualkeyboardplugin.dll": ["Qt6VirtualKeyboard.dll"],
        "Qt6VirtualKeyboard.dll": ["Qt6Quick.dll"],
        "Qt6Quick.dll": ["Qt6Qml.dll", "Qt6Core.dll"],
        "Qt6Qml.dll": ["Qt6Network.dll"],
        "Qt6Network.dll": [],
        "python311.dll": [],
        "pdfium.dll": ["vcruntime140.dll"],
    }.items()}
    binaries = [
        ("PySide6/QtWidgets.pyd", str(f["QtWidgets.pyd"]), "EXTENSION"),
        ("pypdfium2_raw/pdfium.dll", str(f["pdfium.dll"]), "BINARY"),  # loaded with ctypes: kept
        ("python311.dll", str(f["python311.dll"]), "BINARY"),
        ("PySide6/plugins/platforms/qwindows.dll", str(f["qwindows.dll"]), "BINARY"),
        ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", str(f["qtvirtualkeyboardplugin.dll"]), "BINARY"),
    ] + [(f"PySide6/{n}", str(f[n]), "BINARY") for n in (
        "Qt6Widgets.dll", "Qt6Gui.dll", "Qt6Core.dll", "pyside6.abi3.dll", "msvcp140.dll", "vcruntime140.dll",
        "Qt6VirtualKeyboard.dll", "Qt6Quick.dll", "Qt6Qml.dll", "Qt6Network.dll")]
    kept = {d.rsplit("/", 1)[-1] for d, _, _ in su.prune_binaries(binaries, "win32")}
    assert kept == {"QtWidgets.pyd", "python311.dll", "qwindows.dll", "Qt6Widgets.dll", "Qt6Gui.dll", "Qt6Core.dll",
                    "pyside6.abi3.dll", "msvcp140.dll", "vcruntime140.dll", "pdfium.dll"}
    assert su.prune_binaries(binaries, "darwin") == binaries


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF only")
def test_elf_needed_reads_real_libraries() -> None:
    needed = su.elf_needed(sys.executable)
    assert any(n.startswith("libc.so") for n in needed) or any(n.startswith("libpython") for n in needed)
    assert su.elf_needed(ROOT / "main.py") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF only")
def test_prune_binaries_linux_keeps_what_plugins_need() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    xcb = qt / "plugins" / "platforms" / "libqxcb.so"
    wayland = qt / "plugins" / "platforms" / "libqwayland.so"
    xcbqpa, net = qt / "lib" / "libQt6XcbQpa.so.6", qt / "lib" / "libQt6Network.so.6"
    if not all(p.exists() for p in (xcb, xcbqpa, net)):
        pytest.skip("PySide6 layout differs")
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", str(xcb), "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", str(wayland), "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", str(xcbqpa), "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", str(net), "BINARY"),
    ]
    kept = {d for d, _, _ in su.prune_binaries(binaries, "linux")}
    assert kept == {"PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/lib/libQt6XcbQpa.so.6"}


def test_drop_dangling_symlinks() -> None:
    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/x/libQt6Core.so.6", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("liblink2.so", "libQt6Network.so.6", "SYMLINK"),  # chain to a dangling link
    ]
    datas = [("sub/font.ttf", "../resources/font.ttf", "SYMLINK"), ("resources/font.ttf", "/x/font.ttf", "DATA")]
    b, d = su.drop_dangling_symlinks(binaries, datas)
    assert [e[0] for e in b] == ["PySide6/Qt/lib/libQt6Core.so.6", "libQt6Core.so.6"]
    assert d == datas


def test_strip_only_on_linux() -> None:
    assert su.strip_binaries("win32") is False
    assert su.strip_binaries("darwin") is False


def test_icu_data_keeps_chinese_root_and_tables() -> None:
    dropped = su.icu_item_dropped
    for kept in ("coll/zh.res", "coll/zh_Hans_CN.res", "coll/root.res", "zone/zh.res", "curr/zh_Hant_TW.res",
                 "zh.res", "root.res", "res_index.res", "lang/res_index.res", "en.res", "en_US_POSIX.res",
                 "supplementalData.res", "likelySubtags.res", "pool.res", "zone/pool.res", "metaZones.res",
                 "gb18030.cnv", "cnvalias.icu", "brkitr/line.brk", "brkitr/cjdict.dict", "coll/ucadata.icu",
                 "nfkc.nrm", "uts46.nrm", "zoneinfo64.res", "timezoneTypes.res"):
        assert not dropped(kept), kept
    for gone in ("de.res", "fr_CA.res", "zone/ja.res", "coll/ko.res", "curr/en_GB.res", "lang/yue_Hant.res",
                 "translit/root.res", "rbnf/zh.res", "unames.icu", "confusables.cfu"):
        assert dropped(gone), gone


def test_trim_icu_binaries_leaves_other_platforms_and_libraries_alone(tmp_path: Path) -> None:
    binaries = [("PySide6/Qt/lib/libicudata.so.73", str(tmp_path / "missing.so"), "BINARY"),
                ("libfoo.so.1", "/x/libfoo.so.1", "BINARY")]
    assert su.trim_icu_binaries(binaries, tmp_path, "win32") == binaries
    # a library that cannot be read: the full one stays (a note is printed), nothing else changes
    assert su.trim_icu_binaries(binaries, tmp_path, "linux") == binaries


@pytest.mark.skipif(sys.platform == "win32", reason="Linux only: on Windows the two executables differ and both stay")
def test_console_exe_becomes_a_link_only_when_it_is_the_same_file(tmp_path: Path) -> None:
    same = tmp_path / "same"
    same.mkdir()
    (same / su.GUI_EXE).write_bytes(b"\x7fELF program")
    (same / su.CONSOLE_EXE).write_bytes(b"\x7fELF program")
    assert su.link_console_exe(same)
    link = same / su.CONSOLE_EXE
    assert link.is_symlink() and os.readlink(link) == su.GUI_EXE and link.read_bytes() == b"\x7fELF program"
    assert not su.link_console_exe(same)  # already linked
    differ = tmp_path / "differ"
    differ.mkdir()
    (differ / su.GUI_EXE).write_bytes(b"MZ windowed")
    (differ / su.CONSOLE_EXE).write_bytes(b"MZ console")
    assert not su.link_console_exe(differ)
    assert not (differ / su.CONSOLE_EXE).is_symlink()


def test_console_exe_is_never_linked_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / su.GUI_EXE).write_bytes(b"MZ same")
    (tmp_path / su.CONSOLE_EXE).write_bytes(b"MZ same")
    monkeypatch.setattr(su.sys, "platform", "win32")
    assert not su.link_console_exe(tmp_path)
    assert not (tmp_path / su.CONSOLE_EXE).is_symlink() and (tmp_path / su.CONSOLE_EXE).read_bytes() == b"MZ same"


def test_trimmed_icu_library_holds_the_kept_items(tmp_path: Path) -> None:
    import shutil
    import subprocess

    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found or any(
            shutil.which(t) is None for t in ("icupkg", "genccode", "gcc", "readelf")):
        pytest.skip("Linux with the ICU tools and PySide6's libicudata only")
    out = su.trim_icu_library(found[0], tmp_path)
    assert out.name == found[0].name and out.stat().st_size < found[0].stat().st_size / 2
    version, data = su._icu_blob(out)
    dat = tmp_path / f"icudt{version}l.dat"
    dat.write_bytes(data)
    items = set(subprocess.run(["icupkg", "-l", dat.name], cwd=tmp_path, capture_output=True, text=True,
                               check=True).stdout.split())
    assert {"coll/zh.res", "coll/root.res", "zh.res", "root.res", "res_index.res", "gb18030.cnv"} <= items
    assert not items & {"de.res", "zone/ja.res", "translit/root.res"}
