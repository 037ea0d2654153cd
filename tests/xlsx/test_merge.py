"""County summary: sums, blanks, exclusions, the 各单位 sheet, save/load."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from model.formats import CellKey
from model.report import new_report
from model.storage import load_report, save_report
from model.xlsx import export_xlsx, merge_reports

K = CellKey


def _write(tmp_path: Path, name: str, year: int, values: dict[CellKey, object], organ: str | None = None) -> Path:
    r = new_report(organ or f"{name}人民政府", year)
    for k, v in values.items():
        r.set(k, v)  # type: ignore[arg-type]
    p = tmp_path / f"{name}.gknb"
    save_report(r, p)
    return p


def test_merge_three(tmp_path: Path) -> None:
    a = _write(tmp_path, "甲乡", 2023, {K("t3", "new", "natural"): 2, K("t3", "disclosed", "natural"): 2,
                                       K("t2", "shoufei", "amount"): Decimal("0.15"), K("t4", "cases", "review_upheld"): 1})
    b = _write(tmp_path, "乙镇", 2023, {K("t3", "new", "natural"): 3, K("t3", "carry_next", "natural"): 3,
                                       K("t2", "shoufei", "amount"): Decimal("1.0005")})
    c = _write(tmp_path, "丙街道", 2023, {K("t3", "new", "commercial"): 0})
    res = merge_reports([a, b, c], organ_name="某某县人民政府")
    s = res.report
    assert s.year == 2023 and s.format_id == "2021" and len(res.included) == 3
    assert s.get(K("t3", "new", "natural")) == 5
    assert s.get(K("t3", "new", "commercial")) == 0  # blank + blank + 0 = 0
    assert s.get(K("t3", "partial", "natural")) is None  # blank everywhere stays blank
    assert s.get(K("t2", "shoufei", "amount")) == Decimal("1.1505")
    assert s.get(K("t4", "cases", "review_upheld")) == 1
    assert res.mixed_blanks[K("t3", "new", "natural")] == 1  # 丙街道 left it blank
    assert res.mixed_blanks[K("t4", "cases", "review_upheld")] == 2
    rows = {m["organ"]: m for m in s.members}
    assert rows["甲乡人民政府"]["new"] == 2 and rows["甲乡人民政府"]["closed"] == 2
    assert rows["乙镇人民政府"]["carry_next"] == 3 and rows["甲乡人民政府"]["review_total"] == 1
    assert all(m["status"] == "included" for m in s.members)
    # survives save/load, and export writes 各单位
    out = tmp_path / "汇总.gknb"
    save_report(s, out)
    again = load_report(out)
    assert again.members == s.members and again.values == s.values
    x = tmp_path / "汇总.xlsx"
    export_xlsx(again, x)
    wb = openpyxl.load_workbook(x)
    ws = wb["各单位"]
    organs = [ws.cell(r, 1).value for r in range(3, 6)]
    assert organs == ["甲乡人民政府", "乙镇人民政府", "丙街道人民政府"]
    assert ws.cell(3, 3).value == 2 and ws.cell(2, 3).value == "表三新收"


def test_merge_exclusions(tmp_path: Path) -> None:
    a = _write(tmp_path, "甲乡", 2023, {K("t3", "new", "natural"): 1})
    b = _write(tmp_path, "乙镇", 2023, {K("t3", "new", "natural"): 1})
    old = _write(tmp_path, "丙镇", 2020, {K("t3", "new", "natural"): 9})  # other year and format
    dup = _write(tmp_path, "甲乡副本", 2023, {K("t3", "new", "natural"): 1}, organ="甲乡人民政府")
    bad = tmp_path / "坏.gknb"
    bad.write_text("not json", encoding="utf-8")
    err = _write(tmp_path, "丁乡", 2023, {K("t3", "new", "natural"): -1})  # an error (negative count)
    res = merge_reports([a, b, old, dup, bad, err])
    st = {Path(m.path).stem: (m.status, m.reason) for m in res.inputs}
    assert st["丙镇"][0] == "excluded" and "2020年" in st["丙镇"][1]
    assert st["甲乡"][0] == "included"
    assert st["甲乡副本"][0] == "excluded" and "同一单位" in st["甲乡副本"][1]
    assert st["坏"][0] == "unreadable"
    assert st["丁乡"][0] == "included" and "错误" in st["丁乡"][1]
    assert res.report.get(K("t3", "new", "natural")) == 1 + 1 - 1
    res2 = merge_reports([a, b, err], skip_errors=True)
    assert res2.report.get(K("t3", "new", "natural")) == 2
    assert [m.status for m in res2.inputs] == ["included", "included", "excluded"]


def test_cli_merge(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    a = _write(tmp_path, "甲乡", 2023, {K("t3", "new", "natural"): 1})
    b = _write(tmp_path, "乙镇", 2023, {K("t3", "new", "natural"): 2})
    out = tmp_path / "out"
    out.mkdir()
    res = subprocess.run([sys.executable, str(root / "main.py"), "merge", str(tmp_path), "-o", str(out / "s.gknb"),
                          "--xlsx", str(out / "s.xlsx"), "--organ", "某县人民政府"], capture_output=True, text=True,
                         encoding="utf-8", timeout=120)
    assert res.returncode == 0, res.stderr
    assert "汇总 2 个" in res.stdout
    s = load_report(out / "s.gknb")
    assert s.get(K("t3", "new", "natural")) == 3 and len(s.members) == 2
    assert "各单位" in openpyxl.load_workbook(out / "s.xlsx").sheetnames
    del a, b


def test_cli_merge_exit_code_says_when_inputs_were_left_out(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    _write(tmp_path, "甲乡", 2023, {K("t3", "new", "natural"): 1})
    (tmp_path / "坏文件.gknb").write_bytes(b"{not json")
    out = tmp_path / "out"
    out.mkdir()
    res = subprocess.run([sys.executable, str(root / "main.py"), "merge", str(tmp_path), "-o", str(out / "s.gknb")],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "无法读取" in res.stdout and (out / "s.gknb").exists()


def test_merge_streams_its_reports(tmp_path: Path) -> None:
    """Each report is summed and let go before the next one is read: a county of any size
    never has all its reports in memory (only their rows and prose are kept)."""
    import gc
    import weakref

    from model.xlsx.merge import merge_loaded

    alive: list[weakref.ref] = []
    most_alive = 0

    def reports():  # type: ignore[no-untyped-def]
        nonlocal most_alive
        for i in range(12):
            r = new_report(f"第{i}乡人民政府", 2023)
            r.set(K("t3", "new", "natural"), i)
            alive.append(weakref.ref(r))
            gc.collect()
            most_alive = max(most_alive, sum(1 for w in alive if w() is not None))
            yield f"r{i}.gknb", r

    res = merge_loaded(reports(), organ_name="某县人民政府", total=12)
    assert most_alive <= 2  # the one being read and at most the one before
    assert res.report.values[K("t3", "new", "natural")] == sum(range(12))
    assert [i.status for i in res.inputs] == ["included"] * 12


def test_merge_reports_reads_files_one_at_a_time(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import model.xlsx.merge as merge

    paths = [_write(tmp_path, f"乡{i}", 2023, {K("t3", "new", "natural"): i}) for i in range(5)]
    order: list[str] = []
    real = merge.run_checks

    def spy_load(p):  # type: ignore[no-untyped-def]
        order.append(f"load {Path(p).name}")
        return load_report(p)

    def spy_checks(rep, sheet=None):  # type: ignore[no-untyped-def]
        order.append(f"check {rep.organ_name}")
        return real(rep, sheet)

    monkeypatch.setattr(merge, "load_report", spy_load)
    monkeypatch.setattr(merge, "run_checks", spy_checks)
    seen: list[tuple[int, int]] = []
    res = merge_reports(paths, progress=lambda d, t: seen.append((d, t)) or True)
    assert order == [x for i in range(5) for x in (f"load 乡{i}.gknb", f"check 乡{i}人民政府")]
    assert res.report.values[K("t3", "new", "natural")] == 10
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
