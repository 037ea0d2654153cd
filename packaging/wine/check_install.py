"""Check what the installer did, under the WINDOWS Python (CI, .ci/windows-bundle.sh under Wine).

    python check_install.py installed VERSION [--desktop]   files, shortcuts, association, uninstall entry
    python check_install.py open FILE.gknb                  run the association's command line for FILE,
                                                            as Explorer does on a double-click
    python check_install.py removed                         everything the installer made is gone

Prints what it found; exit 1 with the reasons when something is wrong.  The names must match
packaging/nianbao.nsi."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import winreg
from pathlib import Path

APP = "年报助手"
PROGID = "NianbaoZhushou.Project"
UNINSTALL_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\NianbaoZhushou"
CLASS_KEYS = [r"Software\Classes\.gknb", rf"Software\Classes\{PROGID}", rf"Software\Classes\Applications\{APP}.exe"]
CSIDL_PROGRAMS, CSIDL_DESKTOPDIRECTORY, CSIDL_LOCAL_APPDATA = 0x02, 0x10, 0x1C


def shell_folder(csidl: int) -> Path:
    buf = ctypes.create_unicode_buffer(260)
    if ctypes.windll.shell32.SHGetFolderPathW(None, csidl, None, 0, buf) != 0:  # type: ignore[attr-defined]
        raise OSError(f"SHGetFolderPathW({csidl:#x}) failed")
    return Path(buf.value)


def install_dir() -> Path:
    return shell_folder(CSIDL_LOCAL_APPDATA) / "Programs" / APP


def shortcuts() -> dict[str, Path]:
    return {"start menu": shell_folder(CSIDL_PROGRAMS) / f"{APP}.lnk",
            "desktop": shell_folder(CSIDL_DESKTOPDIRECTORY) / f"{APP}.lnk"}


def value(key: str, name: str = "") -> str | None:
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as k:
            return str(winreg.QueryValueEx(k, name)[0])
    except FileNotFoundError:
        return None


def key_exists(key: str) -> bool:
    try:
        winreg.OpenKey(winreg.HKEY_CURRENT_USER, key).Close()
        return True
    except FileNotFoundError:
        return False


def open_command() -> str | None:
    progid = value(r"Software\Classes\.gknb")
    return value(rf"Software\Classes\{progid}\shell\open\command") if progid else None


def check_installed(version: str, desktop: bool) -> list[str]:
    bad = []
    folder = install_dir()
    print(f"install folder: {folder}")
    exe = folder / f"{APP}.exe"
    for p in (exe, folder / f"{APP}-console.exe", folder / "uninstall.exe", folder / "_internal"):
        if not p.exists():
            bad.append(f"missing {p}")
    for name, lnk in shortcuts().items():
        wanted = name == "start menu" or desktop
        if lnk.exists() != wanted:
            bad.append(f"{name} shortcut {lnk}: {'missing' if wanted else 'made without being asked for'}")
        elif wanted and str(exe).encode("utf-16-le") not in lnk.read_bytes():
            bad.append(f"{name} shortcut {lnk} does not point at {exe}")
        elif wanted:
            print(f"{name} shortcut: {lnk}")
    assoc = value(r"Software\Classes\.gknb")
    if assoc != PROGID:
        bad.append(f".gknb is not associated with {PROGID}: {assoc!r}")
    icon = value(rf"Software\Classes\{PROGID}\DefaultIcon")
    if icon != f'"{exe}",0':
        bad.append(f"DefaultIcon is {icon!r}")
    command = open_command()
    if command != f'"{exe}" "%1"':
        bad.append(f"open command is {command!r}")
    print(f"icon: {icon}")
    print(f"open command: {command}")
    shown = value(UNINSTALL_KEY, "DisplayVersion")
    if shown != version:
        bad.append(f"uninstall entry: DisplayVersion {shown!r}, expected {version!r}")
    uninstall = value(UNINSTALL_KEY, "UninstallString")
    if uninstall != f'"{folder / "uninstall.exe"}"':
        bad.append(f"uninstall entry: UninstallString {uninstall!r}")
    print(f"uninstall entry: {value(UNINSTALL_KEY, 'DisplayName')} {shown}, {uninstall}")
    return bad


def run_open(file: str) -> int:
    command = open_command()
    if not command or "%1" not in command:
        print(f"no usable open command: {command!r}")
        return 1
    line = command.replace("%1", file)
    print(f"running: {line}")
    # the command line as it stands, handed to CreateProcess like Explorer does
    done = subprocess.run(line, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=100)
    print(done.stdout + done.stderr, end="")
    return done.returncode


def check_removed() -> list[str]:
    bad = []
    folder = install_dir()
    if folder.exists():
        bad.append(f"install folder left: {folder} ({sorted(p.name for p in folder.iterdir())})")
    for name, lnk in shortcuts().items():
        if lnk.exists():
            bad.append(f"{name} shortcut left: {lnk}")
    for key in [*CLASS_KEYS, UNINSTALL_KEY]:
        if key_exists(key):
            bad.append(f"registry key left: HKCU\\{key}")
    if not bad:
        print("removed: install folder, shortcuts, association and uninstall entry are gone")
    return bad


def main(argv: list[str]) -> int:
    if argv[:1] == ["open"] and len(argv) == 2:
        return run_open(argv[1])
    if argv[:1] == ["installed"] and len(argv) >= 2:
        bad = check_installed(argv[1], "--desktop" in argv[2:])
    elif argv == ["removed"]:
        bad = check_removed()
    else:
        print(__doc__)
        return 2
    for line in bad:
        print(f"WRONG: {line}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
