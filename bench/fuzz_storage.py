"""Fuzz the door and the project file: anything that can be saved can be opened again.

    .venv/bin/python bench/fuzz_storage.py [--n 100000] [--seed 1]
    .venv/bin/python bench/fuzz_storage.py --kills 2000   # SIGKILL a saving process (POSIX)

Each input is either a report built through the model's doors (new_report, the Report
setters, parse_cell, next_year) with random, often hostile values — lone surrogates,
control characters, emoji, text at and beyond the limits, exponents, NaN, huge and tiny
numbers, odd dates — or a saved file with one field replaced by a random JSON value.

Counted:
* unopenable saves — a report the model accepted whose bytes (``dumps``) the loader
  refuses, or that comes back different; a file that opened but cannot be saved again;
* crashes — any exception other than the documented ones (InputError at the door,
  ProjectFileError from the loader).
Every 200th input is also saved to and opened from disk with ``save_report``/``load_report``.
Prints ``unopenable saves: N, crashes: M`` (both should be 0) and exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from model import limits  # noqa: E402
from model.carry import next_year  # noqa: E402
from model.formats import load_format  # noqa: E402
from model.limits import InputError  # noqa: E402
from model.report import ORGAN_KINDS, FeeInfo, Report, new_report, parse_cell  # noqa: E402
from model.storage import ProjectFileError, check_savable, dumps, load_report, loads, save_report  # noqa: E402

NASTY = ["\ud800", "\udfff", "\udbff\udc00", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\r\n", "\r", "\n", "\t",
         "\u2028", "\u2029", "\ufeff", "\u200d", "\ufe0f", "😀", "👨\u200d👩\u200d👧", "\ufffe", "\uffff", "\U0010ffff",
         "\u3000", "中", "、", "“", "”", "\\", '"', "\u202e", "𠀀", "\x0b", "\x0c", "a", "1", " "]
TYPED = ["1E-400", "0" * 500, "9" * 30, "1,234", "１２３", "0.0001", "0.00001", "-5", "3件", "0.35万元", "1e5",
         "Infinity", "NaN", "", " ", "٣", "1.5", "5.", ".5", "－3", "999999", "1000000", "0x10", "1_000"]
SPECIAL_NUMBERS: list[Any] = [
    0, 1, -1, limits.NUMBER_MAX, limits.NUMBER_MAX + 1, limits.STORED_NUMBER_MAX, limits.STORED_NUMBER_MAX + 1,
    -limits.STORED_NUMBER_MAX, 10**30, Decimal("1E-400"), Decimal("1E+400"), Decimal("-0"), Decimal("0.0000010"),
    Decimal("5.000"), Decimal("1.0000000000000000000000000000001"), Decimal("999999999999.999999"), Decimal("NaN"),
    Decimal("sNaN"), Decimal("Infinity"), Decimal("0.35"), 1.5, float("nan"), True, None, "3", [], {},
]
DATES: list[Any] = [None, dt.date(2025, 1, 20), dt.date.min, dt.date.max, dt.datetime(2025, 1, 1, 12, 30), "2025-01-01", 5]
FORMATS = {fid: load_format(fid) for fid in ("2019", "2021")}


@dataclass
class Tally:
    inputs: int = 0
    refused_at_door: int = 0
    saved: int = 0
    unopenable: int = 0
    crashes: int = 0
    files_opened: int = 0
    examples: list[str] = field(default_factory=list)

    def bad(self, what: str, detail: str) -> None:
        if len(self.examples) < 10:
            self.examples.append(f"{what}: {detail}")


class Gen:
    def __init__(self, rnd: random.Random) -> None:
        self.r = rnd

    def text(self, limit: int) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.02:  # near the limit: at, just below, just above
            n = r.choice([limit - 1, limit, limit + 1])
            return r.choice(["字", "😀", "a", "\n", " ", "\x07", "\ud800"]) * n
        if roll < 0.5:
            return "".join(r.choice(NASTY) for _ in range(r.randint(0, 30)))
        return "".join(chr(r.choice([r.randint(0, 0x7F), r.randint(0, 0xFFFF), r.randint(0, 0x10FFFF)]))
                       for _ in range(r.randint(0, 30)))

    def number(self) -> Any:
        r = self.r
        roll = r.random()
        if roll < 0.4:
            return r.choice(SPECIAL_NUMBERS)
        if roll < 0.6:
            return r.randint(-(10**13), 10**13)
        if roll < 0.8:
            return Decimal(r.randint(-(10**13), 10**13)).scaleb(-r.randint(0, 9))
        return Decimal(f"{r.randint(1, 99)}E{r.randint(-500, 500)}")

    def date(self) -> Any:
        r = self.r
        if r.random() < 0.5:
            return r.choice(DATES)
        return dt.date.fromordinal(r.randint(1, dt.date.max.toordinal()))


def attempt(t: Tally, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except InputError as e:
        if not str(e):
            t.crashes += 1
            t.bad("empty message", repr(fn))
        t.refused_at_door += 1
        return None


def set_typed(rep: Report, key: Any, text: str) -> None:
    """What a clerk types or pastes into a cell."""
    rep.set(key, parse_cell(rep.format.column_of(key).kind, text))


def build_report(g: Gen, t: Tally) -> Report:
    r = g.r
    year = r.choice([r.randint(2015, 2105), r.randint(-(10**6), 10**6), 2024])
    kind = r.choice(sorted(ORGAN_KINDS) + ["martian"])
    rep = attempt(t, lambda: new_report(g.text(limits.ORGAN_NAME_MAX), year, kind)) or new_report("某镇人民政府", 2024)
    fmt = rep.format
    attempt(t, lambda: setattr(rep, "organ_name", g.text(limits.ORGAN_NAME_MAX)))
    for name, limit in limits.CONTACT_MAX.items():
        if r.random() < 0.5:
            attempt(t, setattr, rep.contact, name, g.text(limit))
    attempt(t, lambda: setattr(rep, "publication_date", g.date()))
    attempt(t, lambda: setattr(rep, "deadline", g.date()))
    if r.random() < 0.1:
        attempt(t, lambda: setattr(rep, "year", r.choice([limits.YEAR_MIN, limits.YEAR_MAX, 99999, 1.5, "2024"])))
    for _ in range(r.randint(0, 4)):
        part = r.choice(fmt.prose).key
        attempt(t, rep.set_text, part, g.text(limits.PROSE_MAX))
    cells = fmt.input_cells()
    for _ in range(r.randint(0, 10)):
        key = r.choice(cells)
        if r.random() < 0.5:
            attempt(t, rep.set, key, g.number())
        else:
            text = r.choice(TYPED + [g.text(20)])
            attempt(t, set_typed, rep, key, text)
    if r.random() < 0.3:
        attempt(t, lambda: setattr(rep, "fee", FeeInfo(g.number(), g.number(), g.number())))
    if r.random() < 0.2:
        new = attempt(t, lambda: next_year(rep, source_name=g.text(limits.SOURCE_MAX)))
        if new is not None:
            rep = new
            for _ in range(r.randint(0, 2)):
                part = r.choice(rep.format.prose).key
                attempt(t, rep.set_text, part, g.text(limits.PROSE_MAX))
    return rep


def _json_value(g: Gen, depth: int = 0) -> Any:
    r = g.r
    roll = r.random()
    if roll < 0.25:
        return g.text(200)
    if roll < 0.45:
        return r.choice([None, True, False, 0, -1, 10**12, 10**12 + 1, 10**30, 2024, 99999, 1.5, 1e-300])
    if roll < 0.6:
        return r.randint(-(10**15), 10**15)
    if roll < 0.7 and depth < 3:
        return [_json_value(g, depth + 1) for _ in range(r.randint(0, 3))]
    if roll < 0.8 and depth < 3:
        return {g.text(10): _json_value(g, depth + 1) for _ in range(r.randint(0, 3))}
    return r.choice(["1E-400", "NaN", "2021", "2019", "2031", "x" * 300, "0.35", "2025-01-01", "2025-13-01"])


def _paths(node: Any, path: list[Any], out: list[list[Any]]) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(path + [k])
            _paths(v, path + [k], out)


def check_report(rep: Report, t: Tally, disk: str | None) -> None:
    """``rep`` was accepted by the model: it must save and come back equal."""
    try:
        data = dumps(rep)
    except Exception as e:  # noqa: BLE001 - counting, not handling
        t.crashes += 1
        t.bad("dumps crashed", f"{type(e).__name__}: {e}"[:200])
        return
    try:
        back = loads(data)
    except ProjectFileError as e:
        t.unopenable += 1
        t.bad("saved bytes do not open", str(e)[:200])
        return
    except Exception as e:  # noqa: BLE001
        t.crashes += 1
        t.bad("loads crashed", f"{type(e).__name__}: {e}"[:200])
        return
    if back != rep:
        t.unopenable += 1
        t.bad("comes back different", rep.organ_name[:40])
        return
    try:
        check_savable(rep)
    except InputError as e:
        t.unopenable += 1
        t.bad("accepted by the model but refused by save", str(e)[:200])
        return
    t.saved += 1
    if disk is not None:
        p = os.path.join(disk, "f.gknb")
        try:
            save_report(rep, p)
            if load_report(p) != rep:
                t.unopenable += 1
                t.bad("file on disk comes back different", "")
        except ProjectFileError as e:
            t.unopenable += 1
            t.bad("save/load on disk refused", str(e)[:200])


def mutate_file(g: Gen, base: dict[str, Any], paths: list[list[Any]], t: Tally, disk: str | None) -> None:
    doc = json.loads(json.dumps(base))
    for _ in range(g.r.randint(1, 3)):
        path = g.r.choice(paths)
        node = doc
        try:
            for k in path[:-1]:
                node = node[k]
            node[path[-1]] = _json_value(g)
        except (KeyError, TypeError):
            continue
    try:
        data = json.dumps(doc, ensure_ascii=g.r.random() < 0.5).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return
    try:
        rep = loads(data)
    except ProjectFileError as e:
        if not str(e):
            t.crashes += 1
        return
    except Exception as e:  # noqa: BLE001
        t.crashes += 1
        t.bad("loading a mutated file crashed", f"{type(e).__name__}: {e}"[:200])
        return
    t.files_opened += 1
    check_report(rep, t, disk)  # what opened must save again and come back equal


def fuzz(n: int, seed: int = 1, disk_every: int = 200, progress: bool = False) -> Tally:
    rnd = random.Random(seed)
    g = Gen(rnd)
    t = Tally()
    from tests.model.helpers import complete_report

    full = next_year(complete_report(2023))
    base = json.loads(dumps(full))
    paths: list[list[Any]] = []
    _paths(base, [], paths)
    with tempfile.TemporaryDirectory() as d:
        start = time.time()
        for i in range(n):
            t.inputs += 1
            disk = d if disk_every and i % disk_every == 0 else None
            try:
                if rnd.random() < 0.6:
                    rep = build_report(g, t)
                    check_report(rep, t, disk)
                else:
                    mutate_file(g, base, paths, t, disk)
            except Exception as e:  # noqa: BLE001
                t.crashes += 1
                t.bad("crash", "".join(traceback.format_exception_only(type(e), e)).strip()[:300])
            if progress and (i + 1) % 10000 == 0:
                print(f"  {i + 1} inputs, {time.time() - start:.0f} s", file=sys.stderr, flush=True)
        leftovers = [x for x in os.listdir(d) if x not in ("f.gknb", "f.gknb.bak")]
        if leftovers:
            t.crashes += 1
            t.bad("temp files left", ", ".join(leftovers[:5]))
    return t


SAVER = """
import sys
sys.path.insert(0, {root!r})
from model.storage import save_report
from tests.model.helpers import complete_report
r = complete_report()
print("ready", flush=True)
i = 0
while True:
    i += 1
    r.organ_name = "第%d版镇人民政府" % i
    r.set_text("s1.active", "字" * (i % 50 * 2000))
    save_report(r, sys.argv[1])
"""


def kill_saves(kills: int, seed: int = 11) -> tuple[int, int, int]:
    """SIGKILL a process that saves in a loop ``kills`` times at random moments; returns
    (torn files, most stray temp files seen at once, strays left after one more save)."""
    import signal
    import subprocess

    from model.storage import load_report, save_report

    rnd = random.Random(seed)
    torn = most = 0
    with tempfile.TemporaryDirectory() as d:
        target = Path(d) / "k.gknb"
        script = Path(d) / "saver.py"
        script.write_text(SAVER.format(root=str(ROOT)), encoding="utf-8")
        keep = {"k.gknb", "k.gknb.bak", "saver.py"}
        for i in range(kills):
            proc = subprocess.Popen([sys.executable, str(script), str(target)], stdout=subprocess.PIPE)
            assert proc.stdout is not None
            proc.stdout.readline()
            time.sleep(rnd.uniform(0.0, 0.25))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
            for f in (target, target.with_name("k.gknb.bak")):
                if f.exists():
                    try:
                        load_report(f)
                    except ProjectFileError:
                        torn += 1
            most = max(most, len([x for x in os.listdir(d) if x not in keep]))
            if (i + 1) % 200 == 0:
                print(f"  {i + 1} kills", file=sys.stderr, flush=True)
        save_report(load_report(target), target)
        left = len([x for x in os.listdir(d) if x not in keep])
    return torn, most, left


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kills", type=int, default=0, help="instead: kill a saving process this many times")
    args = ap.parse_args(argv)
    if args.kills:
        torn, most, left = kill_saves(args.kills, args.seed)
        print(f"kills: {args.kills}, torn: {torn}, strays after the next save: {left} (at most {most} at once)")
        return 0 if torn == 0 and left == 0 else 1
    start = time.time()
    t = fuzz(args.n, args.seed, progress=True)
    print(f"{t.inputs} inputs in {time.time() - start:.0f} s: {t.saved} saved and reopened equal, "
          f"{t.files_opened} mutated files opened, {t.refused_at_door} values refused at the door")
    for ex in t.examples:
        print("  " + ex)
    print(f"unopenable saves: {t.unopenable}, crashes: {t.crashes}")
    return 0 if t.unopenable == 0 and t.crashes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
