"""The command line respects the lock of a project file that a live window holds."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cli import run_cli
from cli.locking import held_for_cli
from model import lockfile, recovery
from model.report import new_report
from model.storage import save_report
from model.xlsx.ledger import write_ledger_template
from tests.files_and_locks.liveproc import other_live_pid

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SHEET = ROOT / "tests" / "fixtures" / "xlsx" / "2021-上官乡-一张表.xlsx"
DEAD_PID = 2**22 + 4321


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(recovery.ENV_DATA_DIR, str(tmp_path / "data"))


def hold(path: Path, pid: int | None = None, started: str | None = "auto") -> None:
    """A lock of a live window: another live process (not us), with its real start time."""
    pid = other_live_pid() if pid is None else pid
    if started == "auto":
        started = lockfile.process_start(pid)
    lockfile.lock_path(path).write_text(json.dumps({"user": "小李", "host": socket.gethostname(), "pid": pid,
                                                    "time": "2026-12-01T09:15:00", "started": started}),
                                        encoding="utf-8")


@pytest.fixture
def blank(tmp_path):
    p = tmp_path / "r.gknb"
    save_report(new_report("测试乡人民政府", 2021), p)
    return p


@pytest.fixture
def ledger(tmp_path):
    p = tmp_path / "台账.xlsx"
    write_ledger_template(p, 2021)
    return p


def cli(capsys, *args) -> tuple[int, str, str]:
    code = run_cli([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def refused(code, err, path):
    return code == 2 and "小李" in err and socket.gethostname() in err and "2026-12-01 09:15" in err \
        and "正由" in err and path.name in err


def test_import_xlsx_refused_while_a_window_has_it(capsys, blank):
    hold(blank)
    before = blank.read_bytes()
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank)
    assert refused(code, err, blank), (code, err)
    assert blank.read_bytes() == before
    assert lockfile.read_lock(blank).user == "小李"  # their lock stays
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank, "--force")
    assert code == 0 and blank.read_bytes() != before and "已按 --force" in err
    assert lockfile.read_lock(blank).user == "小李"  # still theirs: the window will notice the change


def test_import_xlsx_dry_run_only_mentions_the_holder(capsys, blank):
    hold(blank)
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank, "--dry-run")
    assert code == 0 and "试运行" in out and "小李" in out


def test_import_ledger_refused(capsys, blank, ledger):
    hold(blank)
    before = blank.read_bytes()
    code, out, err = cli(capsys, "import-ledger", ledger, "--into", blank)
    assert refused(code, err, blank), (code, err)
    assert blank.read_bytes() == before
    code, out, err = cli(capsys, "import-ledger", ledger, "--into", blank, "--force")
    assert code in (0, 1) and "已按 --force" in err


def test_new_force_onto_an_open_file_refused(capsys, blank):
    hold(blank)
    before = blank.read_bytes()
    code, out, err = cli(capsys, "new", "--organ", "别的乡人民政府", "--year", "2022", "-o", blank, "--force")
    assert refused(code, err, blank), (code, err)
    assert blank.read_bytes() == before
    code, out, err = cli(capsys, "new", "--organ", "别的乡人民政府", "--year", "2022", "-o", blank, "--force",
                         "--ignore-lock")
    assert code == 0 and blank.read_bytes() != before


def test_next_year_onto_an_open_file_refused(capsys, tmp_path):
    target = tmp_path / "2022.gknb"
    save_report(new_report("上官乡人民政府", 2022), target)
    hold(target)
    before = target.read_bytes()
    code, out, err = cli(capsys, "next-year", SAMPLES / "2021-上官乡.gknb", "-o", target, "--force")
    assert refused(code, err, target), (code, err)
    assert target.read_bytes() == before


def test_merge_onto_an_open_file_refused(capsys, tmp_path):
    out_file = tmp_path / "汇总.gknb"
    save_report(new_report("某县人民政府", 2021, "county_gov"), out_file)
    hold(out_file)
    before = out_file.read_bytes()
    a, b = tmp_path / "a.gknb", tmp_path / "b.gknb"
    shutil.copy(SAMPLES / "2021-上官乡.gknb", a)
    shutil.copy(SAMPLES / "2021-上官乡.gknb", b)
    code, out, err = cli(capsys, "merge", a, b, "-o", out_file)
    assert refused(code, err, out_file), (code, err)
    assert out_file.read_bytes() == before
    code, out, err = cli(capsys, "merge", a, b, "-o", out_file, "--force")
    assert code in (0, 1) and out_file.read_bytes() != before


def test_stale_lock_does_not_stop_a_command(capsys, blank):
    hold(blank, pid=DEAD_PID, started=None)
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank)
    assert code == 0, err
    assert lockfile.read_lock(blank) is None  # taken over for the write, then released


def test_reused_pid_lock_does_not_stop_a_command(capsys, blank):
    if not sys.platform.startswith("linux"):
        pytest.skip("start times from /proc")
    hold(blank, started=lockfile.process_start(other_live_pid()) + "7")
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank)
    assert code == 0, err


def test_command_holds_the_lock_while_it_writes(capsys, blank, monkeypatch):
    """A window opening the file while the command writes sees the command's lock."""
    import cli.xlsx as cx

    seen = []
    real = cx.save_report

    def spy(report, path):
        seen.append(lockfile.read_lock(path))
        return real(report, path)

    monkeypatch.setattr(cx, "save_report", spy)
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank)
    assert code == 0, err
    assert seen and seen[0] is not None and seen[0].pid == os.getpid()
    assert lockfile.read_lock(blank) is None


def test_unwritable_lock_folder_does_not_stop_a_command(capsys, blank, monkeypatch):
    def no(*a, **k):
        raise PermissionError("只读")

    monkeypatch.setattr(lockfile, "take", no)
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank)
    assert code == 0, err


def test_real_window_process_holds_it(blank):
    """Another process holds the lock (as a window does) while the command runs as a process."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; sys.path.insert(0, sys.argv[2]); from model import lockfile; "
         "assert lockfile.acquire(sys.argv[1]) is None; print('ready', flush=True); sys.stdin.read()",
         str(blank), str(ROOT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        p = subprocess.run([sys.executable, str(ROOT / "main.py"), "import-xlsx", str(SHEET), "--into", str(blank)],
                           capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
        assert p.returncode == 2 and "正由" in p.stderr and "--force" in p.stderr
        assert lockfile.read_lock(blank).pid == holder.pid
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # the holder has ended: its lock is stale now, the command goes ahead
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "import-xlsx", str(SHEET), "--into", str(blank)],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr


def test_held_for_cli_is_one_helper(blank):
    from cli import CliError

    hold(blank)
    with pytest.raises(CliError) as e, held_for_cli(blank):
        pass
    assert e.value.code == 2 and "小李" in str(e.value)
    lockfile.lock_path(blank).unlink()
    done = threading.Event()
    with held_for_cli(blank):
        assert lockfile.read_lock(blank).pid == os.getpid()
        done.set()
    assert done.is_set() and lockfile.read_lock(blank) is None


def test_window_document_and_forced_command_never_overwrite_each_other(capsys, blank):
    from model.document import CANCEL_SAVE, OVERWRITE, OpenDocument, SaveResult
    from model.formats import CellKey
    from model.storage import load_report
    from tests.files_and_locks.scripted import Script

    doc = OpenDocument.open(blank, Script())
    assert doc is not None and doc.holds_lock
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank)
    assert code == 2 and "正由" in err
    code, out, err = cli(capsys, "import-xlsx", SHEET, "--into", blank, "--force")
    assert code == 0 and doc.holds_lock  # the window's lock survives the forced write
    imported = load_report(blank).values
    key = CellKey("t3", "new", "natural")
    doc.report.values[key] = 999
    s = Script(CANCEL_SAVE)
    assert doc.save(s) is SaveResult.CANCELLED and "已被其他程序或其他人修改" in s.asked[0][1]
    assert load_report(blank).values == imported
    assert doc.save(Script(OVERWRITE)) is SaveResult.SAVED
    assert load_report(blank).values[key] == 999
    doc.close()
    assert lockfile.read_lock(blank) is None
