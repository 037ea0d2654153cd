#!/usr/bin/env bash
# Build the onedir bundle dist/年报助手/ with PyInstaller (Linux/CI; the Windows build is in
# docs/packaging.md).  Python: $PYTHON, else a `python` on PATH that has PyInstaller
# (e.g. the CI venv), else .venv/bin/python.
#   packaging/build.sh          build and print the bundle size
#   packaging/build.sh --zip    also write dist/nianbao-zhushou-<version>-<os>.zip
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  if command -v python >/dev/null 2>&1 && python -c "import PyInstaller" >/dev/null 2>&1; then
    PYTHON=python
  elif [ -x .venv/bin/python ]; then
    PYTHON=.venv/bin/python
  else
    echo "build.sh: no Python with PyInstaller found (pip install -r requirements-dev.txt)" >&2
    exit 2
  fi
fi

version=$("$PYTHON" -c "import model; print(model.APP_VERSION)")
echo "building 年报助手 $version with $("$PYTHON" -m PyInstaller --version 2>/dev/null | head -1) ($PYTHON)"
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN build.spec
echo "build took $(( $(date +%s) - start )) s"

bundle="dist/年报助手"
for exe in "年报助手" "年报助手-console"; do
  [ -x "$bundle/$exe" ] || [ -f "$bundle/$exe.exe" ] || { echo "build.sh: $bundle/$exe is missing" >&2; exit 1; }
done

if [ "${1:-}" = "--zip" ]; then
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  "$PYTHON" packaging/bundle_info.py "$bundle" --zip "dist/nianbao-zhushou-$version-$os.zip"
else
  "$PYTHON" packaging/bundle_info.py "$bundle"
fi
