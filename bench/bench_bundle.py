"""Benchmark of the PyInstaller bundle (build it first: packaging/build.sh).

    .venv/bin/python bench/bench_bundle.py

``run()`` returns the bundle size (onedir and zipped, MiB; goal onedir ≤ 120 MiB) and the
start-up time of the BUILT program against the same commands run from source with this Python,
measured in the same run: ``--version``, ``check`` on the example report and (when the window
supports ``NIANBAO_BENCH_STARTUP``) opening the example in the window offscreen until it is
shown.  Each figure is the median wall time of several runs (bundle and source alternately, after
one warm-up each), with the ratio bundle/source.  Skips with a message when dist/ holds no bundle.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
GOAL_ONEDIR_MIB = 120.0


def _bundle_info():
    spec = importlib.util.spec_from_file_location("nianbao_bundle_info", ROOT / "packaging" / "bundle_info.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _exe(bundle: Path, name: str) -> Path:
    win = bundle / f"{name}.exe"
    return win if win.exists() else bundle / name


def run() -> dict[str, object]:
    info = _bundle_info()
    bundle = info.bundle_dir(ROOT)
    console = _exe(bundle, "年报助手-console")
    gui = _exe(bundle, "年报助手")
    if not console.exists():
        return {"skipped": f"没有打包结果（{bundle}）：先运行 packaging/build.sh"}

    result: dict[str, object] = dict(info.sizes(bundle))
    result["onedir_goal_mib"] = GOAL_ONEDIR_MIB
    result["onedir_within_goal"] = result["onedir_mib"] <= GOAL_ONEDIR_MIB  # type: ignore[operator]

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        example = work / "example.gknb"
        shutil.copy(ROOT / "resources" / "examples" / "示例-上官乡2021.gknb", example)
        home = work / "home"
        home.mkdir()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_DATA_HOME=str(home / ".local" / "share"), APPDATA=str(home), LOCALAPPDATA=str(home))
        source = [sys.executable, str(ROOT / "main.py")]
        cases: list[tuple[str, list[str], tuple[int, ...], dict[str, str]]] = [
            ("version", ["--version"], (0,), env),
            ("check", ["check", str(example)], (0, 1), env),
        ]
        app_py = ROOT / "ui" / "app.py"
        if app_py.exists() and "NIANBAO_BENCH_STARTUP" in app_py.read_text(encoding="utf-8"):
            cases.append(("gui_open", [str(example)], (0,), dict(env, NIANBAO_BENCH_STARTUP="1")))
        for label, args, ok, case_env in cases:
            exe = gui if label == "gui_open" else console
            from bench.common import paired

            b, s = paired([str(exe), *args], [*source, *args], RUNS, case_env, work, ok)
            result[f"{label}_bundle_s"] = round(b, 3)
            result[f"{label}_source_s"] = round(s, 3)
            result[f"{label}_ratio"] = round(b / s, 2) if s else None
    result["runs"] = RUNS
    return result


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.common import figure, say

    r = run()
    if "skipped" in r:
        say(f"bundle benchmark skipped: {r['skipped']}")
        return
    figure(f"{sys.platform} onedir bundle (zipped {r['zip_mib']} MiB)", float(r["onedir_mib"]), "MiB",  # type: ignore[arg-type]
           goal=GOAL_ONEDIR_MIB)
    names = {"version": "`--version`", "check": "`check` on the example", "gui_open": "window with the example open"}
    for label in ("version", "check", "gui_open"):
        if f"{label}_bundle_s" in r:
            figure(f"bundled program: {names[label]} (median of {r['runs']})", float(r[f"{label}_bundle_s"]), "s",  # type: ignore[arg-type]
                   base=float(r[f"{label}_source_s"]), base_what="the same from source")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
