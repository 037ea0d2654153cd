"""Benchmark of the Excel features: merge of 1,000 reports, export, import, ledger.

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

from model.formats import load_format  # noqa: E402
from model.report import Report  # noqa: E402
from model.storage import load_report, save_report  # noqa: E402
from model.xlsx import export_xlsx, merge_reports, plan_import  # noqa: E402

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
    rng = random.Random(7)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        paths = []
        for i in range(N_REPORTS):
            p = folder / f"r{i:04d}.gknb"
            save_report(_random_report(i, rng), p)
            paths.append(p)
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
    return out


def main() -> None:
    for k, v in run().items():
        print(f"{k:32s} {v:8.3f}")


if __name__ == "__main__":
    main()
