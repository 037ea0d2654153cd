#!/usr/bin/env bash
# Build the PyInstaller bundle (packaging/build.sh) and run the BUILT program, offscreen, from a
# folder outside the source tree: --version, check, export-pdf / export-xlsx (when those
# commands exist), and a short GUI start with the example report.  Proves the bundle finds its
# modules, formats, fonts and Qt plugins.  Prints the bundle size.  Fails loudly.
#   NIANBAO_SMOKE_SKIP_BUILD=1 .ci/bundle-smoke.sh   reuse an existing dist/年报助手
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

fail() { echo "BUNDLE SMOKE FAILED: $*" >&2; exit 1; }

if [ -z "${PYTHON:-}" ]; then
  if command -v python >/dev/null 2>&1 && python -c "import PyInstaller" >/dev/null 2>&1; then
    PYTHON=python
  else
    PYTHON="$ROOT/.venv/bin/python"
  fi
fi
export PYTHON

if [ "${NIANBAO_SMOKE_SKIP_BUILD:-0}" != "1" ]; then
  packaging/build.sh || fail "packaging/build.sh failed"
fi

B="$ROOT/dist/年报助手"
exe() { if [ -f "$B/$1.exe" ]; then echo "$B/$1.exe"; else echo "$B/$1"; fi; }
GUI=$(exe "年报助手")
CON=$(exe "年报助手-console")
[ -x "$GUI" ] || fail "$GUI missing"
[ -x "$CON" ] || fail "$CON missing"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"  # nothing from the source tree is reachable from here
export QT_QPA_PLATFORM=offscreen
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" XDG_RUNTIME_DIR="$WORK/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
EXAMPLE_SRC="$B/_internal/resources/examples/示例-上官乡2021.gknb"
[ -f "$EXAMPLE_SRC" ] || fail "example report not in the bundle: $EXAMPLE_SRC"
cp "$EXAMPLE_SRC" example.gknb

want_version=$("$PYTHON" -c "import sys; sys.path.insert(0, '$ROOT'); import model; print(model.APP_VERSION)")

# 1. --version (both executables)
for x in "$CON" "$GUI"; do
  out=$("$x" --version 2>&1) || fail "$x --version exited $?: $out"
  case "$out" in *"$want_version"*) ;; *) fail "$x --version printed '$out', expected $want_version";; esac
done
echo "ok  --version: $out"

# 2. check the example (0 = clean, 1 = errors found: both mean it ran; 2+ = failure)
set +e
"$CON" check example.gknb >check.out 2>check.err
rc=$?
set -e
if [ $rc -ge 2 ] || grep -q Traceback check.err; then
  cat check.out check.err >&2
  fail "check exited $rc"
fi
grep -q "共" check.out || fail "check printed no summary: $(cat check.out)"
echo "ok  check (exit $rc): $(tail -1 check.out)"

help=$("$CON" --help 2>&1) || fail "--help failed"

run_export() {  # run_export COMMAND OUTPUT: FILE -o OUT when the command has -o, else FILE OUT
  local cmd=$1 out=$2 rc
  set +e
  if "$CON" "$cmd" --help 2>/dev/null | grep -q -- "-o"; then
    "$CON" "$cmd" example.gknb -o "$out" >"$cmd.out" 2>"$cmd.err"
  else
    "$CON" "$cmd" example.gknb "$out" >"$cmd.out" 2>"$cmd.err"
  fi
  rc=$?
  set -e
  if [ $rc -ge 2 ] || grep -q Traceback "$cmd.err" || [ ! -s "$out" ]; then
    cat "$cmd.out" "$cmd.err" >&2
    fail "$cmd exited $rc, output $(ls -la "$out" 2>&1)"
  fi
}

# 3. export-pdf (when the command exists): a real PDF with embedded bundled fonts
if grep -qw "export-pdf" <<<"$help"; then
  run_export export-pdf example.pdf
  [ "$(head -c 5 example.pdf)" = "%PDF-" ] || fail "example.pdf is not a PDF"
  if command -v pdffonts >/dev/null 2>&1; then
    pdffonts example.pdf >fonts.txt 2>&1 || fail "pdffonts failed: $(cat fonts.txt)"
    # every font listed must be embedded (column "emb" = yes)
    if awk 'NR>2 && $0 !~ / yes +(yes|no) +(yes|no) +[0-9]+ +[0-9]+$/ {bad=1} END {exit bad}' fonts.txt; then
      echo "ok  export-pdf: $(stat -c %s example.pdf) bytes, fonts: $(awk 'NR>2{print $1}' fonts.txt | tr '\n' ' ')"
    else
      cat fonts.txt >&2
      fail "export-pdf produced a PDF with fonts that are not embedded"
    fi
  else
    echo "ok  export-pdf: $(stat -c %s example.pdf) bytes (pdffonts not installed: fonts not checked)"
  fi
else
  echo "--  export-pdf: no such command yet, skipped"
fi

# 3b. import-report of the PDF just written: PDFium and its library from inside the bundle
if grep -qw "import-report" <<<"$help" && [ -s example.pdf ]; then
  set +e
  "$CON" import-report example.pdf -o imported.gknb >import.out 2>import.err
  rc=$?
  set -e
  if [ $rc -ge 2 ] || grep -q Traceback import.err || [ ! -s imported.gknb ]; then
    cat import.out import.err >&2
    fail "import-report of a PDF exited $rc"
  fi
  echo "ok  import-report of the PDF (exit $rc): $(head -1 import.out)"
else
  echo "--  import-report: no such command or no PDF, skipped"
fi

# 4. export-xlsx (when the command exists)
if grep -qw "export-xlsx" <<<"$help"; then
  run_export export-xlsx example.xlsx
  [ "$(head -c 2 example.xlsx)" = "PK" ] || fail "example.xlsx is not an .xlsx (zip) file"
  echo "ok  export-xlsx: $(stat -c %s example.xlsx) bytes"
else
  echo "--  export-xlsx: no such command yet, skipped"
fi

# 4b. Word and HTML (python-docx reads its templates from inside the bundle)
if grep -qw "export-docx" <<<"$help"; then
  run_export export-docx example.docx
  [ "$(head -c 2 example.docx)" = "PK" ] || fail "example.docx is not a .docx (zip) file"
  echo "ok  export-docx: $(stat -c %s example.docx) bytes"
  run_export export-html example.html
  grep -q "<table" example.html || fail "example.html has no table"
  if grep -qi "<script" example.html; then fail "example.html holds a script"; fi
  echo "ok  export-html: $(stat -c %s example.html) bytes"
else
  echo "--  export-docx/export-html: no such command yet, skipped"
fi

# 5. the window, briefly, with the example file
gui_run() {  # gui_run LABEL [wrapper...]: start the windowed program, expect a clean exit
  local label=$1 rc; shift
  if grep -q "NIANBAO_BENCH_STARTUP" "$ROOT/ui/app.py"; then
    # the app prints READY once the window is shown and idle, then quits by itself
    set +e
    NIANBAO_BENCH_STARTUP=1 timeout 60 "$@" "$GUI" example.gknb >gui.out 2>gui.err
    rc=$?
    set -e
    if [ $rc -ne 0 ] || ! grep -q "^READY" gui.out || grep -q Traceback gui.err; then
      cat gui.out gui.err >&2
      fail "GUI ($label) exited $rc"
    fi
  else
    # no quit hook: a run killed by the timeout counts only if nothing went wrong
    set +e
    timeout 8 "$@" "$GUI" example.gknb >gui.out 2>gui.err
    rc=$?
    set -e
    if { [ $rc -ne 0 ] && [ $rc -ne 124 ]; } || grep -q Traceback gui.err; then
      cat gui.out gui.err >&2
      fail "GUI ($label) exited $rc"
    fi
  fi
  echo "ok  GUI $label (exit $rc)"
}
if [ -f "$ROOT/ui/app.py" ]; then
  gui_run offscreen
  if command -v xvfb-run >/dev/null 2>&1; then
    # also through the xcb platform plugin (what a Linux desktop uses), under a virtual X server
    QT_QPA_PLATFORM=xcb gui_run "xcb (Xvfb)" xvfb-run -a
  fi
else
  echo "--  GUI: ui/app.py does not exist yet, skipped"
fi

cd "$ROOT"
"$PYTHON" packaging/bundle_info.py "$B"
echo "bundle smoke: all passed"
