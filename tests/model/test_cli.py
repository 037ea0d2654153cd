"""The command line: new, check (text and JSON, exit codes), next-year."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT)


def test_new_then_check(tmp_path):
    out = tmp_path / "n.gknb"
    p = run("new", "--organ", "杭州市余杭区瓶窑镇人民政府", "--year", "2020", "-o", out)
    assert p.returncode == 0, p.stderr
    p = run("check", out, "--json")
    assert p.returncode == 0
    findings = json.loads(p.stdout)
    assert {"BLANK_CELLS", "PROSE_EMPTY"} <= {f["code"] for f in findings}
    for f in findings:
        assert {"code", "severity", "section", "table", "row", "column", "message"} <= set(f)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["report"]["format_id"] == "2019"


def test_check_exit_codes(tmp_path, sample_path):
    assert run("check", sample_path("2021-上官乡")).returncode == 0
    bad = tmp_path / "bad.gknb"
    bad.write_text("not json", encoding="utf-8")
    p = run("check", bad)
    assert p.returncode == 2 and "错误" in p.stderr
    doc = json.loads(sample_path("2021-上官乡").read_text(encoding="utf-8"))
    doc["report"]["values"]["t3.new.natural"] = 5
    broken = tmp_path / "broken.gknb"
    broken.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    p = run("check", broken)
    assert p.returncode == 1 and "T3_BALANCE" in p.stdout and "相差4" in p.stdout


def test_next_year_command(tmp_path, sample_path):
    out = tmp_path / "2022.gknb"
    p = run("next-year", sample_path("2021-瓶窑镇"), "-o", out)
    assert p.returncode == 0, p.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["report"]["year"] == 2022 and doc["report"]["values"]["t3.carried.natural"] == 1


def test_bad_arguments(tmp_path):
    p = run("new", "--organ", "某镇人民政府", "--year", "2010", "-o", tmp_path / "x.gknb")
    assert p.returncode == 2 and "2019" in p.stderr
    p = run("new", "--organ", "某镇人民政府", "--year", "2024", "-o", tmp_path / "x.txt")
    assert p.returncode == 2 and ".gknb" in p.stderr
    assert run("--version").stdout.startswith("年报助手")


def test_new_and_next_year_never_overwrite_silently(tmp_path, sample_path):
    out = tmp_path / "x.gknb"
    assert run("new", "--organ", "某镇人民政府", "--year", "2024", "-o", out).returncode == 0
    before = out.read_bytes()
    p = run("new", "--organ", "另一镇人民政府", "--year", "2024", "-o", out)
    assert p.returncode == 2 and "已经存在" in p.stderr and out.read_bytes() == before
    assert run("new", "--organ", "另一镇人民政府", "--year", "2024", "-o", out, "--force").returncode == 0
    assert (tmp_path / "x.gknb.bak").read_bytes() == before
    last = tmp_path / "last.gknb"
    last.write_bytes(sample_path("2021-上官乡").read_bytes())
    p = run("next-year", last, "-o", last, "--force")
    assert p.returncode == 2 and "上年报告" in p.stderr
    assert last.read_bytes() == sample_path("2021-上官乡").read_bytes()


def test_command_line_speaks_chinese_and_survives_a_closed_pipe(sample_path):
    p = run("check", "--help")
    assert "用法" in p.stdout and "显示本帮助并退出" in p.stdout and "usage" not in p.stdout
    p = run("new", "--organ", "某镇", "--year", "二〇二三", "-o", "x.gknb")
    assert p.returncode == 2 and "参数值无效" in p.stderr
    p = run("check", sample_path("2020-清凉峰镇"))
    assert "表三“一、本年新收政府信息公开申请数量”行“商业企业”列" in p.stdout  # locations in words
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "check", str(sample_path("2020-清凉峰镇"))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait()
    assert "Traceback" not in err


def test_each_command_is_registered_by_the_module_named_for_it():
    """``cli.COMMANDS`` (which module to import for a command) says what the modules register."""
    import argparse
    import importlib

    import cli

    registered = {}
    for name in cli.COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        importlib.import_module(name).register(parser.add_subparsers())
        for command in cli._subcommands(parser):
            registered[command] = name
    assert registered == cli.COMMANDS
    assert cli._subcommands(cli.build_parser("check")) == ["new", "check", "next-year"]
    assert sorted(cli._subcommands(cli.build_parser())) == sorted(cli.COMMANDS)


def test_a_command_imports_only_what_it_needs(sample_path):
    """``check`` never loads the PDF, Excel, Word or Qt libraries; ``--version`` not even the command line."""
    probe = ("import sys; sys.path.insert(0, {root!r}); sys.argv = ['main.py', *{args!r}]; import main;"
             "main.main(); print(sorted(m for m in ('openpyxl', 'reportlab', 'docx', 'PySide6', 'cli', 'argparse')"
             " if m in sys.modules))")
    for args, loaded in ((["check", str(sample_path)], "['argparse', 'cli']"), (["--version"], "[]")):
        out = subprocess.run([sys.executable, "-c", probe.format(root=str(ROOT), args=args)], capture_output=True,
                             text=True, encoding="utf-8", cwd=ROOT, timeout=60)
        assert out.stdout.strip().splitlines()[-1] == loaded, out.stdout + out.stderr


class _ClosedPipe(io.RawIOBase):
    """stdout whose reader has gone, the way Windows reports it: a write raises OSError EINVAL
    (POSIX raises BrokenPipeError).  ``errno_`` lets a test choose another failure."""

    def __init__(self, fd: int, errno_: int = errno.EINVAL) -> None:
        self._fd, self._errno = fd, errno_

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        fd, null = os.fstat(self._fd), os.stat(os.devnull)
        if (fd.st_dev, fd.st_ino) == (null.st_dev, null.st_ino):  # the CLI pointed stdout at nowhere
            return os.write(self._fd, b)
        raise OSError(self._errno, os.strerror(self._errno))

    def fileno(self) -> int:
        return self._fd


def _stdout_over(monkeypatch, tmp_path, errno_=errno.EINVAL, write_through=True):
    fd = os.open(tmp_path / "stdout", os.O_WRONLY | os.O_CREAT)
    raw = io.BufferedWriter(_ClosedPipe(fd, errno_), buffer_size=64)
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=write_through)
    monkeypatch.setattr(sys, "stdout", stream)
    return stream


@pytest.mark.parametrize("write_through", [True, False], ids=["fails-while-printing", "fails-at-the-last-flush"])
def test_a_closed_pipe_on_windows_is_not_an_error(monkeypatch, tmp_path, sample_path, write_through):
    from cli import run_cli

    for extra in ([], ["--json"]):
        stream = _stdout_over(monkeypatch, tmp_path, write_through=write_through)
        assert run_cli(["check", str(sample_path("2020-清凉峰镇")), *extra]) == 0
        stream.flush()  # what the interpreter does on its way out: must not fail either


def test_other_output_failures_still_fail(monkeypatch, tmp_path, sample_path):
    from cli import _OutputGuard, run_cli

    _stdout_over(monkeypatch, tmp_path, errno.ENOSPC)  # e.g. output redirected onto a full disk
    with pytest.raises(OSError) as e:
        run_cli(["check", str(sample_path("2020-清凉峰镇"))])
    assert e.value.errno == errno.ENOSPC and not isinstance(e.value, BrokenPipeError)

    class Refusing:
        def write(self, text):
            raise OSError(errno.EINVAL, "Invalid argument")

        def flush(self):
            raise OSError(errno.EBADF, "Bad file descriptor")

    guard = _OutputGuard(Refusing())
    with pytest.raises(BrokenPipeError):
        guard.write("x")
    with pytest.raises(OSError) as e:
        guard.flush()
    assert e.value.errno == errno.EBADF


def test_an_invalid_file_name_is_not_taken_for_a_closed_pipe(monkeypatch, tmp_path, sample_path):
    """Windows also says EINVAL for a name it refuses (``a?.pdf``): that must still fail."""
    from cli import run_cli
    from model import storage

    def refused(path):
        raise OSError(errno.EINVAL, "Invalid argument", str(path))

    monkeypatch.setattr(storage.Path, "stat", lambda self, **k: refused(self))
    assert run_cli(["check", str(tmp_path / "a?.gknb")]) == 2
