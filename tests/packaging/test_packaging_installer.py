"""The Inno Setup script and the build scripts (Inno cannot run here: static checks)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "nianbao.iss"

# Message names of Inno Setup 6's Default.isl that the script may override (a typo in a name
# would only give a compiler warning and leave the English text).
INNO_MESSAGES = set(
    """SetupAppTitle SetupWindowTitle UninstallAppTitle UninstallAppFullTitle InformationTitle ConfirmTitle ErrorTitle
    SetupLdrStartupMessage LdrCannotCreateTemp LdrCannotExecTemp SetupAlreadyRunning WindowsVersionNotSupported
    OnlyOnTheseArchitectures WinVersionTooLowError WinVersionTooHighError SetupAppRunningError UninstallAppRunningError
    ErrorCreatingDir ExitSetupTitle ExitSetupMessage AboutSetupMenuItem AboutSetupTitle ButtonBack ButtonNext
    ButtonInstall ButtonOK ButtonCancel ButtonYes ButtonYesToAll ButtonNo ButtonNoToAll ButtonFinish ButtonBrowse
    ButtonWizardBrowse ButtonNewFolder ClickNext BrowseDialogTitle BrowseDialogLabel NewFolderName WelcomeLabel1
    WelcomeLabel2 WizardSelectDir SelectDirDesc SelectDirLabel3 SelectDirBrowseLabel DiskSpaceMBLabel InvalidPath
    InvalidDrive DiskSpaceWarningTitle DiskSpaceWarning DirNameTooLong InvalidDirName BadDirName32 DirExistsTitle
    DirExists DirDoesntExistTitle DirDoesntExist WizardSelectTasks SelectTasksDesc SelectTasksLabel2 WizardReady
    ReadyLabel1 ReadyLabel2a ReadyLabel2b ReadyMemoDir ReadyMemoGroup ReadyMemoTasks WizardPreparing PreparingDesc
    CannotContinue ApplicationsFound ApplicationsFound2 CloseApplications DontCloseApplications ErrorCloseApplications
    WizardInstalling InstallingLabel FinishedHeadingLabel FinishedLabelNoIcons FinishedLabel ClickFinish RunEntryExec
    SetupAborted StatusClosingApplications StatusCreateDirs StatusExtractFiles StatusCreateIcons
    StatusCreateRegistryEntries StatusSavingUninstall StatusRunProgram StatusRollback ErrorExecutingProgram
    ConfirmUninstall UninstallStatusLabel UninstalledAll UninstalledMost WizardUninstalling StatusUninstalling
    UninstallDisplayNameMarkCurrentUser""".split()
)


def iss_text() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith(";"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", s)
        if m:
            current = m.group(1)
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(s)
    return out


def defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^#define\s+(\w+)\s+"([^"]*)"', text, re.M))


def setup_entries(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections(text)["Setup"] if "=" in line and not line.startswith("#"))


def test_iss_is_utf8_with_bom() -> None:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "ISCC needs the BOM to read the Chinese text as UTF-8"
    raw.decode("utf-8")


def test_iss_installs_per_user_without_admin() -> None:
    setup = setup_entries(iss_text())
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"
    assert setup["ChangesAssociations"] == "yes"
    assert setup["AppVersion"] == "{#AppVersion}"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["UninstallDisplayIcon"] == r"{app}\{#AppExe}"


def test_iss_names_match_the_bundle() -> None:
    spec = importlib.util.spec_from_file_location("su_iss", ROOT / "packaging" / "specutil.py")
    assert spec and spec.loader
    su = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(su)
    text = iss_text()
    d = defines(text)
    assert d["AppName"] == su.APP_NAME == su.GUI_EXE
    assert '#define AppExe AppName + ".exe"' in text
    assert r'"..\dist\" + AppName' in text  # dist\年报助手 = COLLECT name
    files = sections(text)["Files"]
    assert any(r'Source: "{#BundleDir}\*"' in f and "recursesubdirs" in f for f in files)


def test_iss_version_comes_from_the_command_line() -> None:
    text = iss_text()
    assert re.search(r"#ifndef AppVersion\s+#error", text)
    ps1 = (ROOT / "packaging" / "build-windows.ps1").read_text(encoding="utf-8-sig")
    assert '"/DAppVersion=$Version"' in ps1
    assert "model.APP_VERSION" in ps1


def test_iss_associates_gknb_per_user() -> None:
    text = iss_text()
    d = defines(text)
    assert d["FileExt"] == ".gknb"
    assert d["ProgId"] == "NianbaoZhushou.Project"
    reg = sections(text)["Registry"]

    def entry(subkey: str) -> str:
        found = [r for r in reg if f'Subkey: "{subkey}"' in r]
        assert len(found) == 1, subkey
        assert found[0].startswith("Root: HKCU;"), "per-user install: HKCU only"
        return found[0]

    assert 'ValueData: "{#ProgId}"' in entry(r"Software\Classes\{#FileExt}")
    assert "uninsdeletekey" in entry(r"Software\Classes\{#ProgId}")
    assert r'ValueData: "{app}\{#AppExe},0"' in entry(r"Software\Classes\{#ProgId}\DefaultIcon")
    cmd = entry(r"Software\Classes\{#ProgId}\shell\open\command")
    assert r'ValueData: """{app}\{#AppExe}"" ""%1"""' in cmd
    assert all("HKLM" not in r for r in reg)


def test_iss_shortcuts_and_uninstall() -> None:
    s = sections(iss_text())
    icons = s["Icons"]
    assert any(i.startswith(r'Name: "{autoprograms}\{#AppName}"') for i in icons)
    assert any("{autodesktop}" in i and "Tasks: desktopicon" in i for i in icons)
    assert any(t.startswith('Name: "desktopicon"') and "unchecked" in t for t in s["Tasks"])
    assert "Uninstallable=no" not in iss_text()
    assert any(r'Name: "{app}\_internal"' in e for e in s["InstallDelete"])


def test_iss_messages_are_known_and_chinese() -> None:
    s = sections(iss_text())
    keys = [line.split("=", 1)[0] for line in s["Messages"]]
    unknown = sorted(set(keys) - INNO_MESSAGES)
    assert not unknown, f"not Inno Setup message names: {unknown}"
    assert len(keys) == len(set(keys))
    for line in s["Messages"]:
        value = line.split("=", 1)[1]
        assert re.search(r"[\u4e00-\u9fff]", value), line
    # every {cm:Name} the script uses is defined in [CustomMessages]
    custom = {line.split("=", 1)[0] for line in s["CustomMessages"]}
    used = set(re.findall(r"\{cm:(\w+)", iss_text()))
    assert used <= custom, used - custom
    for line in s["CustomMessages"]:
        assert re.search(r"[\u4e00-\u9fff]", line), line


def test_iss_preprocessor_blocks_are_balanced() -> None:
    depth = 0
    for line in iss_text().splitlines():
        s = line.strip()
        if re.match(r"#(if|ifdef|ifndef|ifexist)\b", s):
            depth += 1
        elif s.startswith("#endif"):
            depth -= 1
            assert depth >= 0
    assert depth == 0


def test_powershell_script_has_bom_and_checks_errors() -> None:
    raw = (ROOT / "packaging" / "build-windows.ps1").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Windows PowerShell 5.1 reads BOM-less scripts in the ANSI code page"
    text = raw.decode("utf-8-sig")
    assert '$ErrorActionPreference = "Stop"' in text
    assert "PyInstaller --noconfirm --clean build.spec" in text
    assert text.count("{") == text.count("}")


@pytest.mark.parametrize("script", ["packaging/build.sh", ".ci/bundle-smoke.sh"])
def test_shell_scripts_parse_and_are_executable(script: str) -> None:
    path = ROOT / script
    assert path.stat().st_mode & 0o111
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    r = subprocess.run([bash, "-n", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
