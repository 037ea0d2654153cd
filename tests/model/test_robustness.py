"""Fuzzing the loader, and killing a saving process at random moments."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from model.storage import ProjectFileError, dumps, load_report, loads
from tests.model.helpers import complete_report

ROOT = Path(__file__).resolve().parents[2]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data):
    try:
        loads(data)
    except ProjectFileError as e:
        assert str(e)


def _mutations():
    base = json.loads(dumps(complete_report()))
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append(path + [k])
                walk(v, path + [k])

    walk(base, [])
    return base, paths


BASE, PATHS = _mutations()


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PATHS), json_values)
def test_random_json_in_a_real_file_never_crashes(path, value):
    doc = json.loads(json.dumps(BASE))
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    try:
        loads(json.dumps(doc, ensure_ascii=False).encode())
    except ProjectFileError as e:
        assert str(e)


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_random_json_documents_never_crash(value):
    try:
        loads(json.dumps(value).encode())
    except ProjectFileError as e:
        assert str(e)


def test_fuzzed_files_on_disk_are_never_changed(tmp_path):
    rnd = random.Random(7)
    good = dumps(complete_report())
    for i in range(60):
        data = bytearray(good)
        for _ in range(rnd.randint(1, 8)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        p = tmp_path / f"f{i}.gknb"
        p.write_bytes(bytes(data))
        try:
            load_report(p)
        except ProjectFileError:
            pass
        assert p.read_bytes() == bytes(data)


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


def test_kill_during_save_never_tears_the_file_nor_leaves_strays(tmp_path):
    """Killed (SIGKILL / TerminateProcess) at random moments of saving: the file and its .bak
    always open, and the temp files a killed save leaves are gone after the next save (0 torn,
    0 strays)."""
    from model.storage import save_report

    target = tmp_path / "k.gknb"
    script = tmp_path / "saver.py"
    script.write_text(SAVER.format(root=str(ROOT)), encoding="utf-8")
    rnd = random.Random(11)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    kills = 0
    most_strays = 0
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, str(script), str(target)], stdout=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(rnd.uniform(0.0, 0.25))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows (no signal.SIGKILL there): no clean-up either way
        proc.wait()
        kills += 1
        if target.exists():
            r = load_report(target)  # always a whole version: old or new, never torn
            assert r.organ_name.startswith("第")
        bak = target.with_name(target.name + ".bak")
        if bak.exists():
            load_report(bak)
        strays = [p.name for p in tmp_path.iterdir() if p.name not in ("k.gknb", "k.gknb.bak", "saver.py")]
        assert all(name.startswith(".~gknb-") for name in strays), strays  # recognisable
        most_strays = max(most_strays, len(strays))
        assert len(strays) <= 2  # each save removes what the killed ones left
    assert kills == 25 and target.exists()
    save_report(load_report(target), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.gknb", "k.gknb.bak", "saver.py"]
