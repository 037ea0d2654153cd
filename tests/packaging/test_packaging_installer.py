"""The NSIS installer script and the build scripts, checked statically.  CI also builds the
installer and installs, runs and uninstalls it under Wine (.ci/windows-bundle.sh); these checks
keep the script's promises readable without Wine: per user, names that match the bundle, and
an uninstaller that removes every key and shortcut the installer makes."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "packaging" / "nianbao.nsi"


def nsi_text() -> str:
    return NSI.read_text(encoding="utf-8-sig")


def lines() -> list[str]:
    out = []
    for line in nsi_text().splitlines():
        s = re.sub(r"\s+;[^\"']*$", "", line.strip())  # a trailing comment
        if s and not s.startswith(";"):
            out.append(s)
    return out


def defines() -> dict[str, str]:
    return dict(re.findall(r'^\s*!define\s+(\w+)\s+"([^"]*)"', nsi_text(), re.M))


def expand(text: str) -> str:
    d = defines()
    for _ in range(3):
        text = re.sub(r"\$\{(\w+)\}", lambda m: d.get(m.group(1), m.group(0)), text)
    return text


def section(name: str) -> list[str]:
    """The lines of ``Section "<name>"`` (expanded) up to its ``SectionEnd``."""
    out: list[str] = []
    inside = False
    for s in lines():
        if re.match(r'Section\b', s) and not s.startswith("SectionEnd"):
            title = re.findall(r'"([^"]*)"', s)
            inside = bool(title) and expand(title[0]) == name
        elif s.startswith("SectionEnd"):
            inside = False
        elif inside:
            out.append(expand(s))
    return out


def section_names() -> list[str]:
    names = []
    for s in lines():
        if re.match(r"Section\b", s) and not s.startswith("SectionEnd"):
            names.append(expand(re.findall(r'"([^"]*)"', s)[0]))
    return names


def args(line: str) -> list[str]:
    """NSIS arguments: quoted with " or ' or bare words."""
    return [a or b or c for a, b, c in re.findall(r'"([^"]*)"|\'([^\']*)\'|(\S+)', line)]


def test_nsi_is_utf8_with_bom() -> None:
    raw = NSI.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "makensis on Windows reads a BOM-less script in the ANSI code page"
    raw.decode("utf-8")
    assert "Unicode true" in lines()


def test_installs_per_user_without_admin() -> None:
    ls = lines()
    assert "RequestExecutionLevel user" in ls
    assert any(s.startswith('InstallDir "$LOCALAPPDATA\\Programs\\') for s in ls)
    assert "SetShellVarContext current" in ls and "SetShellVarContext all" not in ls
    assert not [s for s in ls if re.search(r"\bHKLM\b|\bHKCR\b", s)], "per user: HKCU only"
    assert "Target amd64-unicode" in ls  # the program is x64 only; an x86 installer would not start under Wine64


def test_names_match_the_bundle_and_the_ci_check() -> None:
    spec = importlib.util.spec_from_file_location("su_nsi", ROOT / "packaging" / "specutil.py")
    assert spec and spec.loader
    su = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(su)
    d = defines()
    assert d["AppName"] == su.APP_NAME == su.GUI_EXE
    assert d["AppExe"] == su.GUI_EXE + ".exe" and d["ConsoleExe"] == su.CONSOLE_EXE + ".exe"
    assert d["BundleDir"] == "..\\dist\\" + su.APP_NAME  # dist\年报助手 = COLLECT name
    check = (ROOT / "packaging" / "wine" / "check_install.py").read_text(encoding="utf-8")
    assert f'APP = "{d["AppName"]}"' in check and f'PROGID = "{d["ProgId"]}"' in check
    assert f'UNINSTALL_KEY = r"{d["UninstallKey"]}"' in check
    assert any(s.startswith("File /r") and "${BundleDir}" in s for s in lines())


def test_version_comes_from_the_command_line() -> None:
    assert re.search(r"!ifndef AppVersion\s+!error", nsi_text())
    assert re.search(r"!ifndef AppVersionNumeric\s+!error", nsi_text())
    ci = (ROOT / ".ci" / "windows-bundle.sh").read_text(encoding="utf-8")
    assert '-DAppVersion="$APP_VERSION"' in ci and "model.APP_VERSION" in ci


def test_gknb_association_per_user() -> None:
    d = defines()
    assert d["FileExt"] == ".gknb" and d["ProgId"] == "NianbaoZhushou.Project"
    assoc = section(f"用{d['AppName']}打开 .gknb 项目文件")
    writes = {tuple(args(s)[2:4]): args(s)[4] for s in assoc if s.startswith("WriteRegStr")}
    prog = f"Software\\Classes\\{d['ProgId']}"
    assert writes[("Software\\Classes\\.gknb", "")] == d["ProgId"]
    assert writes[(prog + "\\DefaultIcon", "")] == f'"$INSTDIR\\{d["AppExe"]}",0'
    assert writes[(prog + "\\shell\\open\\command", "")] == f'"$INSTDIR\\{d["AppExe"]}" "%1"'
    assert any("SHChangeNotify" in s for s in assoc)  # Explorer shows the icon at once


def test_desktop_shortcut_is_optional_and_start_menu_is_not() -> None:
    ls = lines()
    assert any(re.match(r'Section /o "桌面快捷方式"', s) for s in ls), "desktop shortcut unchecked by default"
    program = section(f"{defines()['AppName']}（必需）")
    assert "SectionIn RO" in program
    assert any(s.startswith('CreateShortcut "$SMPROGRAMS\\') for s in program)
    assert any(s.startswith("WriteUninstaller") for s in program)
    assert 'RMDir /r "$INSTDIR\\_internal"' in program  # an upgrade leaves no old library behind


def test_uninstaller_removes_every_key_and_shortcut_it_made() -> None:
    made = [line for name in section_names() if name != "Uninstall" for line in section(name)]
    undo = section("Uninstall")
    deleted_keys = [args(s)[-1] for s in undo if s.startswith("DeleteRegKey")]
    deleted_values = {tuple(args(s)[2:4]) for s in undo if s.startswith("DeleteRegValue")}
    for s in made:
        if s.startswith(("WriteRegStr", "WriteRegDWORD")):
            root, key, name = args(s)[1:4]
            assert root == "HKCU"
            gone = any(key == k or key.startswith(k + "\\") for k in deleted_keys) or (key, name) in deleted_values
            assert gone, f"the uninstaller leaves {key} {name!r}"
        if s.startswith("CreateShortcut"):
            assert f'Delete "{args(s)[1]}"' in undo, f"the uninstaller leaves the shortcut {args(s)[1]}"
    # the program's files by name, the folder only when empty (a file the clerk saved there stays)
    assert 'RMDir "$INSTDIR"' in undo and 'RMDir /r "$INSTDIR"' not in undo
    assert 'Delete "$INSTDIR\\uninstall.exe"' in undo


@pytest.mark.skipif(os.name == "nt", reason="Windows file systems have no exec bits (git keeps them for Linux)")
@pytest.mark.parametrize("script", ["packaging/build.sh", ".ci/bundle-smoke.sh", ".ci/windows-bundle.sh"])
def test_shell_scripts_parse_and_are_executable(script: str) -> None:
    path = ROOT / script
    assert path.stat().st_mode & 0o111
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    r = subprocess.run([bash, "-n", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
