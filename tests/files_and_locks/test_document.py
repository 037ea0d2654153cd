"""model/document.py: the open-document policy, headless, with scripted prompters."""

from __future__ import annotations

import json
import os
import shutil
import socket

import pytest

from model import lockfile, recovery
from model.document import (
    CANCEL_OPEN,
    CANCEL_SAVE,
    OPEN_ANYWAY,
    OVERWRITE,
    READ_ONLY,
    SAVE_ELSEWHERE,
    FileSignature,
    OpenDocument,
    SaveResult,
)
from model.formats import CellKey
from model.storage import load_report, save_report
from tests.conftest import SAMPLES
from tests.files_and_locks.scripted import Script

NEW_NAT = CellKey("t3", "new", "natural")
DEAD_PID = 2**22 + 4321


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(recovery.ENV_DATA_DIR, str(tmp_path / "data"))


@pytest.fixture
def project(tmp_path):
    p = tmp_path / "报告.gknb"
    shutil.copy(SAMPLES / "2021-上官乡.gknb", p)
    return p


def opened(path, *answers):
    s = Script(*answers)
    doc = OpenDocument.open(path, s)
    assert not s.answers, "not every scripted answer was used"
    return doc, s


def test_open_takes_the_lock_and_close_releases_it(project):
    doc, s = opened(project)
    assert doc is not None and not doc.read_only and doc.holds_lock and not s.asked
    assert doc.path == str(project) and doc.report.organ_name
    assert lockfile.read_lock(project).token == doc.lock.info.token
    doc.close()
    assert lockfile.read_lock(project) is None


def test_second_document_on_same_file_is_asked(project):
    a, _ = opened(project)
    b, s = opened(project, CANCEL_OPEN)
    assert b is None and "已经由" in s.asked[0][1] and s.asked[0][2][0].startswith("以只读方式打开")
    c, _ = opened(project, READ_ONLY)
    assert c.read_only and not c.holds_lock
    assert c.save(Script()) is SaveResult.SAVE_AS  # read-only: never onto the file
    c.close()
    assert lockfile.read_lock(project).token == a.lock.info.token  # a's lock untouched


def test_open_anyway_then_close_leaves_the_others_lock(project):
    a, _ = opened(project)
    b, _ = opened(project, OPEN_ANYWAY)
    assert b is not None and not b.read_only and not b.holds_lock
    assert b.holder().token == a.lock.info.token
    b.close()
    info = lockfile.read_lock(project)
    assert info is not None and info.token == a.lock.info.token
    # a third window still sees a's lock
    c, s = opened(project, CANCEL_OPEN)
    assert c is None and s.asked


def test_two_writers_never_overwrite_each_other_silently(project):
    a, _ = opened(project)
    b, _ = opened(project, OPEN_ANYWAY)
    a.report.values[NEW_NAT] = 11
    assert a.save(Script()) is SaveResult.SAVED
    b.report.values[NEW_NAT] = 22
    s = Script(CANCEL_SAVE)
    assert b.save(s) is SaveResult.CANCELLED
    title, text, choices = s.asked[0]
    assert choices[:2] == ["覆盖(&O)", "另存为(&A)"] and "已被其他程序或其他人修改" in text
    assert a.lock.info.user in text  # names who has it open
    assert load_report(project).values[NEW_NAT] == 11
    assert b.save(Script(SAVE_ELSEWHERE)) is SaveResult.SAVE_AS
    assert load_report(project).values[NEW_NAT] == 11
    assert b.save(Script(OVERWRITE)) is SaveResult.SAVED
    assert load_report(project).values[NEW_NAT] == 22
    # and now a is the one that is asked
    a.report.values[NEW_NAT] = 33
    s = Script(CANCEL_SAVE)
    assert a.save(s) is SaveResult.CANCELLED and s.asked
    assert load_report(project).values[NEW_NAT] == 22


def test_change_by_another_program_is_noticed(project):
    doc, _ = opened(project)
    other = load_report(project)
    other.values[NEW_NAT] = 5
    save_report(other, project)  # e.g. the command line with --force, or a sync client
    assert doc.changed_on_disk()
    doc.report.values[NEW_NAT] = 6
    s = Script(CANCEL_SAVE)
    assert doc.save(s) is SaveResult.CANCELLED
    assert load_report(project).values[NEW_NAT] == 5
    assert doc.save(Script(OVERWRITE)) is SaveResult.SAVED
    assert load_report(project).values[NEW_NAT] == 6 and not doc.changed_on_disk()
    assert load_report(str(project) + ".bak").values[NEW_NAT] == 5  # the overwritten version kept
    # own saves are remembered: no question next time
    doc.report.values[NEW_NAT] = 7
    assert doc.save(Script()) is SaveResult.SAVED


def test_same_content_new_mtime_is_no_change(project):
    doc, _ = opened(project)
    st = os.stat(project)
    os.utime(project, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert not doc.changed_on_disk()
    assert doc.save(Script()) is SaveResult.SAVED


def test_same_size_change_is_noticed(project):
    doc, _ = opened(project)
    data = bytearray(project.read_bytes())
    i = data.index(b'"organ_name"')
    data[i + 1] = ord("O")  # same size, same mtime second
    st = os.stat(project)
    project.write_bytes(bytes(data))
    os.utime(project, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert doc.changed_on_disk()


def test_deleted_file_is_simply_written_again(project):
    doc, _ = opened(project)
    project.unlink()
    assert not doc.changed_on_disk()
    assert doc.save(Script()) is SaveResult.SAVED and project.exists()


def test_crashed_windows_lock_is_taken_over_silently(project):
    lockfile.lock_path(project).write_text(json.dumps({"user": "我", "host": socket.gethostname(), "pid": DEAD_PID,
                                                       "time": "2026-01-01T08:00:00"}), encoding="utf-8")
    doc, s = opened(project)
    assert doc.holds_lock and not s.asked and not doc.read_only


def test_lock_of_another_computer_is_asked(project):
    lockfile.lock_path(project).write_text(json.dumps({"user": "小王", "host": "别的电脑", "pid": 1,
                                                       "time": "2026-01-05T09:00:00"}), encoding="utf-8")
    doc, s = opened(project, READ_ONLY)
    assert doc.read_only and "小王（计算机 别的电脑，2026-01-05 09:00 起）" in s.asked[0][1]


def test_save_as_onto_a_locked_file_is_refused(project, tmp_path):
    target = tmp_path / "别人的.gknb"
    shutil.copy(SAMPLES / "2021-瓶窑镇.gknb", target)
    before = target.read_bytes()
    theirs, _ = opened(target)
    mine, _ = opened(project)
    s = Script()
    assert not mine.save_as(target, s)
    assert "不能覆盖" in s.told[0][1] and target.read_bytes() == before
    assert mine.path == str(project) and mine.holds_lock and theirs.holds_lock


def test_save_as_moves_the_lock(project, tmp_path):
    doc, _ = opened(project)
    target = tmp_path / "副本.gknb"
    assert doc.save_as(target, Script())
    assert doc.path == str(target) and doc.holds_lock
    assert lockfile.read_lock(project) is None
    assert lockfile.read_lock(target).token == doc.lock.info.token
    assert not doc.changed_on_disk()
    doc.close()
    assert lockfile.read_lock(target) is None


def test_read_only_save_as_same_file_refused_while_held(project):
    a, _ = opened(project)
    b, _ = opened(project, READ_ONLY)
    s = Script()
    assert not b.save_as(project, s) and "不能覆盖" in s.told[0][1]
    a.close()
    assert b.save_as(project, Script())  # free now
    assert not b.read_only and b.holds_lock


def test_save_as_failure_keeps_everything(project, tmp_path):
    doc, _ = opened(project)
    s = Script()
    assert not doc.save_as(tmp_path / "没有的文件夹" / "x.gknb", s)
    assert s.told and s.told[0][0] == "保存失败" and "您的修改仍在窗口中" in s.told[0][1]
    assert doc.path == str(project) and doc.holds_lock


def test_untitled_saves_through_save_as(tmp_path):
    doc = OpenDocument.untitled(load_report(SAMPLES / "2021-上官乡.gknb"))
    assert doc.save(Script()) is SaveResult.SAVE_AS
    assert doc.save_as(tmp_path / "新.gknb", Script())
    assert doc.holds_lock and doc.save(Script()) is SaveResult.SAVED


def test_open_anyway_takes_the_lock_once_the_other_closes(project):
    a, _ = opened(project)
    b, _ = opened(project, OPEN_ANYWAY)
    a.close()
    b.report.values[NEW_NAT] = 1
    assert b.save(Script()) is SaveResult.SAVED
    assert b.holds_lock
    c, s = opened(project, CANCEL_OPEN)
    assert c is None and s.asked


def test_forced_away_lock_is_not_deleted_on_close(project):
    a, _ = opened(project)
    b, _ = opened(project, OPEN_ANYWAY)
    assert b.take_lock(force=True) is None and b.holds_lock
    assert not a.holds_lock
    a.close()
    assert lockfile.read_lock(project).token == b.lock.info.token


def test_damaged_file_is_not_opened(tmp_path):
    p = tmp_path / "坏.gknb"
    p.write_text("{不是JSON", encoding="utf-8")
    doc, s = opened(p)
    assert doc is None and s.told[0][0] == "无法打开"
    assert lockfile.read_lock(p) is None  # no lock left behind


def test_signature_roundtrip(project):
    sig = FileSignature.of(project)
    assert sig is not None and sig.size == project.stat().st_size
    assert FileSignature.from_dict(sig.to_dict()) == sig
    assert FileSignature.from_dict({"size": "1"}) is None and FileSignature.of(project.with_name("无")) is None


# ---------------------------------------------------------------- autosave and recovery


def crash(doc):
    """As if the window's process ended: its recovery file names a dead process."""
    rf = doc.recovery_file
    d = json.loads(rf.read_text(encoding="utf-8"))
    d["pid"] = DEAD_PID
    rf.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    lockfile.lock_path(doc.path).write_text(json.dumps({"user": "我", "host": socket.gethostname(), "pid": DEAD_PID,
                                                        "time": ""}), encoding="utf-8")


def test_autosave_and_clean_save(project):
    doc, _ = opened(project)
    doc.report.values[NEW_NAT] = 3
    rf = doc.autosave()
    assert rf.exists() and recovery.load_recovery(rf).values[NEW_NAT] == 3
    assert OpenDocument.recoveries() == []  # a live session's copy
    assert doc.save(Script()) is SaveResult.SAVED and not rf.exists()


def test_two_documents_keep_separate_recovery_copies(project):
    a, _ = opened(project)
    b, _ = opened(project, OPEN_ANYWAY)
    a.report.values[NEW_NAT] = 1
    b.report.values[NEW_NAT] = 2
    ra, rb = a.autosave(), b.autosave()
    assert ra != rb
    a.save(Script())
    assert not ra.exists() and rb.exists()
    assert recovery.load_recovery(rb).values[NEW_NAT] == 2


def test_crash_then_restore(project):
    doc, _ = opened(project)
    doc.report.values[NEW_NAT] = 42
    doc.autosave()
    crash(doc)
    [entry] = OpenDocument.recoveries()
    assert "上官乡" in entry.describe()
    s = Script()
    back = OpenDocument.restore(entry, s)
    assert back is not None and back.restored and not back.read_only and not s.asked
    assert back.report.values[NEW_NAT] == 42 and back.path == os.path.normcase(str(project))
    assert back.holds_lock  # the crashed window's lock was taken over
    assert back.recovery_file is not None and back.recovery_file.exists() and not entry.path.exists()
    assert OpenDocument.recoveries() == []  # ours now, while we run
    again = Script()
    assert OpenDocument.restore(entry, again) is None and "另一个窗口" in again.told[0][1]
    assert back.save(Script()) is SaveResult.SAVED and not back.restored
    assert load_report(project).values[NEW_NAT] == 42


def test_restore_knows_the_file_changed_since_the_crash(project):
    doc, _ = opened(project)
    doc.report.values[NEW_NAT] = 42
    doc.autosave()
    crash(doc)
    other = load_report(project)
    other.values[NEW_NAT] = 7
    save_report(other, project)  # a colleague saved after the crash
    [entry] = OpenDocument.recoveries()
    back = OpenDocument.restore(entry, Script())
    s = Script(CANCEL_SAVE)
    assert back.save(s) is SaveResult.CANCELLED and s.asked
    assert load_report(project).values[NEW_NAT] == 7


def test_restore_while_another_window_has_the_file(project):
    doc, _ = opened(project)
    doc.report.values[NEW_NAT] = 42
    doc.autosave()
    crash(doc)
    live, _ = opened(project)  # reopened meanwhile, lock taken over
    [entry] = OpenDocument.recoveries()
    s = Script(CANCEL_OPEN)
    back = OpenDocument.restore(entry, s)
    assert back is not None and back.read_only and s.asked  # 取消 → read-only, as before
    assert live.holds_lock


def test_damaged_recovery_is_given_back(tmp_path):
    d = recovery.recovery_dir()
    d.mkdir(parents=True)
    bad = d / "x.recovery"
    bad.write_text(json.dumps({"kind": recovery.RECOVERY_KIND, "pid": DEAD_PID, "host": "h", "document": "{bad"}))
    [entry] = OpenDocument.recoveries()
    s = Script()
    assert OpenDocument.restore(entry, s) is None and s.told[0][0] == "无法恢复"
    assert bad.exists()


def test_untitled_autosave_restores_untitled():
    doc = OpenDocument.untitled(load_report(SAMPLES / "2021-上官乡.gknb"))
    doc.report.values[NEW_NAT] = 9
    rf = doc.autosave()
    d = json.loads(rf.read_text(encoding="utf-8"))
    d["pid"] = DEAD_PID
    rf.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    [entry] = OpenDocument.recoveries()
    back = OpenDocument.restore(entry, Script())
    assert back.path is None and back.report.values[NEW_NAT] == 9 and back.lock is None
