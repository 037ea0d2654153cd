"""Benchmark of the Excel features: merge of 1,000 reports, export, import, ledger, and
hostile workbooks (time as a ratio to a normal import of one exported report); ``main()``
also merges a county of 1,000 and of 10,000 reports in a fresh process each (time and peak
memory), against reading and parsing the same files as bare JSON in the same run.
Goals: 1,000 ≤ 1 s, 10,000 ≤ 10 s and ≤ 150 MiB.

    .venv/bin/python bench/bench_xlsx.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import PEAK_KIB  # noqa: E402
from model.formats import load_format  # noqa: E402
from model.report import Report  # noqa: E402
from model.storage import load_report, save_report  # noqa: E402
from model.xlsx import XlsxError, export_xlsx, merge_reports, plan_import, plan_ledger_import  # noqa: E402
from model.xlsx.common import MAX_CELLS, MAX_SHARED_STRINGS  # noqa: E402
from tests.xlsx import hostile_files as hf  # noqa: E402

N_REPORTS = 1000


def _random_report(i: int, rng: random.Random) -> Report:
    fmt = load_format("2021")
    r = Report(organ_name=f"第{i}号乡人民政府", year=2023, format_id="2021")
    for key in fmt.input_cells():
        if rng.random() < 0.9:
            kind = fmt.column_of(key).kind
            r.values[key] = rng.randint(0, 20) if kind != "money" else Decimal(rng.randint(0, 9999)) / 100
    return r


def run() -> dict[str, float]:
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        write_county(folder, N_REPORTS)
        paths = sorted(folder.glob("*.gknb"))
        t = time.perf_counter()
        res = merge_reports(paths, organ_name="某县人民政府")
        out["merge_1000_s"] = time.perf_counter() - t
        assert len(res.included) == N_REPORTS
        t = time.perf_counter()
        save_report(res.report, folder / "sum.gknb")
        out["save_summary_s"] = time.perf_counter() - t

        sample = load_report(ROOT / "tests" / "fixtures" / "samples" / "2021-上官乡.gknb")
        x = folder / "a.xlsx"
        t = time.perf_counter()
        for _ in range(10):
            export_xlsx(sample, x)
        out["export_s"] = (time.perf_counter() - t) / 10
        t = time.perf_counter()
        for _ in range(10):
            plan = plan_import(sample, x)
        out["import_s"] = (time.perf_counter() - t) / 10
        assert plan.ok
        sx = folder / "sum.xlsx"
        t = time.perf_counter()
        export_xlsx(res.report, sx)
        out["export_summary_1000_members_s"] = time.perf_counter() - t
        out.update(hostile(folder, out["import_s"]))
    return out


def _timed(fn, *args) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    try:
        fn(*args)
        outcome = "read"
    except XlsxError:
        outcome = "refused"
    return time.perf_counter() - t, outcome


def hostile(folder: Path, normal_s: float) -> dict[str, float]:
    """Seconds and ratio to a normal import for each hostile file (both readers)."""
    from tests.xlsx.test_bounded import big_ledger

    files = {
        "overlapping_merges_20000": hf.overlapping_merges(folder / "h1.xlsx"),
        "small_merges_20000": hf.many_small_merges(folder / "h2.xlsx"),
        "dimension_A1_XFD1048576": hf.huge_dimension(folder / "h3.xlsx"),
        "sheets_3000": hf.many_sheets(folder / "h4.xlsx"),
        "cells_at_cap": hf.many_cells(folder / "h5.xlsx", MAX_CELLS - 1000),
        "cells_over_cap": hf.many_cells(folder / "h6.xlsx", MAX_CELLS + 1000),
        "strings_at_cap": hf.many_strings(folder / "h7.xlsx", MAX_SHARED_STRINGS - 10),
        "ledger_5000": big_ledger(folder / "l5.xlsx", 5000),
        "ledger_99000": big_ledger(folder / "l99.xlsx", 99000),
    }
    out: dict[str, float] = {}
    r = Report(organ_name="测试乡人民政府", year=2023, format_id="2021")
    for name, path in files.items():
        for reader, tag in ((plan_import, "tables"), (plan_ledger_import, "ledger")):
            secs, outcome = _timed(reader, r, path)
            out[f"{name}_{tag}_refused"] = float(outcome == "refused")
            out[f"{name}_{tag}_s"] = secs
            out[f"{name}_{tag}_x_normal"] = secs / normal_s
    return out


MERGE_CHILD = "import json, sys, time\n" + PEAK_KIB + r"""
sys.path.insert(0, {root!r})
from pathlib import Path
paths = sorted(Path({folder!r}).glob("*.gknb"))
c = time.process_time()
if {bare!r}:
    t = time.perf_counter()
    n = 0
    for p in paths:
        n += len(json.loads(p.read_bytes())["report"])
else:
    from model.xlsx import merge_reports
    t = time.perf_counter()
    res = merge_reports(paths, organ_name="某县人民政府")
    assert len(res.included) == len(paths), len(res.included)
print("RESULT", time.perf_counter() - t, time.process_time() - c, _peak_kib() / 1024)
"""


def write_county(folder: Path, n: int, seed: int = 7) -> None:
    """``n`` random reports of one year (written without fsync: only the merge is timed)."""
    from model.storage import dumps

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"r{i:05d}.gknb").write_bytes(dumps(_random_report(i, rng)))


def merge_in_child(folder: Path, bare: bool) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MiB) of a merge (or the bare read) in a fresh process."""
    import subprocess

    code = MERGE_CHILD.format(root=str(ROOT), folder=str(folder), bare=bare)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900, check=False)
    for line in r.stdout.splitlines():
        if line.startswith("RESULT"):
            _, secs, cpu, mib = line.split()
            return float(secs), float(cpu), float(mib)
    raise RuntimeError(f"merge failed: {r.stderr[-800:]}")


def county(n: int) -> None:
    from bench.common import figure

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "county"
        write_county(folder, n)
        secs, cpu, mib = merge_in_child(folder, bare=False)
        base_s, base_cpu, base_mib = merge_in_child(folder, bare=True)
    goal_s = 1.0 if n <= 1000 else 10.0
    # CPU time: what the merge costs whatever else the machine is doing; the wall time beside it
    figure(f"county merge of {n:,} reports (load, check, sum), CPU time", cpu, "s", base=base_cpu,
           base_what="read + json.loads of the same files", goal=goal_s, note=f"wall {secs:.1f} s")
    figure(f"peak memory of that merge ({n:,} reports)", mib, "MiB", base=base_mib,
           base_what="the bare read", goal=150.0 if n > 1000 else None)


def main() -> None:
    from bench.common import figure

    county(1000)
    county(10000)
    r = run()
    figure("export to .xlsx", r["export_s"], "s", base=r["import_s"], base_what="import it back")
    figure("20,000 overlapping merged ranges, refused", r["overlapping_merges_20000_tables_s"], "s",
           base=r["import_s"], base_what="a normal import")
    figure("5,000-application ledger → 表三", r["ledger_5000_ledger_s"], "s", base=r["import_s"],
           base_what="a normal import")


if __name__ == "__main__":
    main()
