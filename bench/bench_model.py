"""Model benchmark: recompute totals + all checks after one edit; save and open a project.

Prints medians and, as a baseline measured in the same process, the cost of a plain
``json.dumps``/``json.loads`` of the same data, so the ratio is comparable across machines.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import median_time  # noqa: E402
from model.checks import run_checks  # noqa: E402
from model.formats import CellKey  # noqa: E402
from model.storage import dumps, load_report, report_to_dict, save_report  # noqa: E402
from model.totals import Figures  # noqa: E402
from tests.model.helpers import complete_report  # noqa: E402


def run() -> dict[str, float]:
    from model.storage import loads

    r = complete_report()
    for k in r.format.prose:
        r.set_text(k.key, "本年度收到政府信息公开申请0件，已办结0件。" * 40)
    key = CellKey("t3", "new", "natural")
    counter = iter(range(10**9))

    def edit_and_check() -> None:
        r.values[key] = next(counter) % 7
        run_checks(r, Figures(r))

    run_checks(r)  # warm caches (prose similarity, regex)
    recheck = median_time(edit_and_check, 300)
    data = dumps(r)
    plain = json.dumps(report_to_dict(r), ensure_ascii=False)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "bench.gknb"
        save = median_time(lambda: save_report(r, p), 50)
        open_ = median_time(lambda: load_report(p), 50)
    parse = median_time(lambda: loads(data), 100)
    baseline_dump = median_time(lambda: json.dumps(report_to_dict(r), ensure_ascii=False), 100)
    baseline_load = median_time(lambda: json.loads(plain), 100)
    return {
        "edit_totals_checks_ms": recheck * 1000,
        "save_ms": save * 1000,
        "open_ms": open_ * 1000,
        "parse_ms": parse * 1000,
        "baseline_json_dump_ms": baseline_dump * 1000,
        "baseline_json_load_ms": baseline_load * 1000,
        "file_kib": len(data) / 1024,
    }


def main() -> None:
    from bench.common import figure

    res = run()
    dump = res["baseline_json_dump_ms"]
    figure("one edit → totals + all checks (median)", res["edit_totals_checks_ms"], "ms",
           base=dump, base_what="json.dumps of the report", goal=1.0)
    figure("save a project (atomic, fsync, .bak)", res["save_ms"], "ms", base=dump, base_what="json.dumps")
    figure("open a project", res["open_ms"], "ms", base=res["baseline_json_load_ms"], base_what="json.loads")


if __name__ == "__main__":
    main()
