"""The project file: round trip, atomic save with .bak, clear messages, migration chain."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from model.formats import CellKey
from model.storage import SCHEMA_VERSION, ProjectFileError, dumps, load_report, loads, save_report
from tests.model.helpers import complete_report

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "schema"


def test_round_trip_keeps_everything(tmp_path):
    r = complete_report()
    r.values.pop(CellKey("t3", "new", "research"))  # a blank stays blank
    r.values[CellKey("t2", "shoufei", "amount")] = Decimal("0.0035")
    r.set_text("s6.other", "含<标记>&“引号”与emoji😀")
    p = tmp_path / "a.gknb"
    save_report(r, p)
    back = load_report(p)
    assert back == r
    assert CellKey("t3", "new", "research") not in back.values
    assert back.values[CellKey("t2", "shoufei", "amount")] == Decimal("0.0035")
    doc = json.loads(p.read_text(encoding="utf-8"))
    assert doc["format"] == "gknb" and doc["schema"] == SCHEMA_VERSION and doc["app_version"]
    assert doc["report"]["values"]["t2.shoufei.amount"] == "0.0035"  # never a float


def test_save_keeps_previous_version_as_bak(tmp_path):
    p = tmp_path / "a.gknb"
    r = complete_report()
    save_report(r, p)
    first = p.read_bytes()
    r.organ_name = "改名后的镇人民政府"
    save_report(r, p)
    assert (tmp_path / "a.gknb.bak").read_bytes() == first
    assert load_report(p).organ_name == "改名后的镇人民政府"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.gknb", "a.gknb.bak"]  # no temp files left


def test_failed_save_leaves_old_file(tmp_path, monkeypatch):
    p = tmp_path / "a.gknb"
    save_report(complete_report(), p)
    before = p.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ProjectFileError, match="原文件未被改动"):
        save_report(complete_report(2023), p)
    monkeypatch.undo()
    assert p.read_bytes() == before
    assert [x.name for x in tmp_path.iterdir() if x.name.endswith(".tmp")] == []


@pytest.mark.parametrize("data,msg", [
    (b"\x00\x01\x02garbage", "不是有效的项目数据"),
    (b"\xff\xfe\x00", "UTF-8"),
    (b'{"format": "gknb", "schema": 2, "report": ', "截断"),
    (b'{"hello": "world"}', "不是年报助手的项目文件"),
    (b"[1, 2, 3]", "不是年报助手的项目文件"),
    (b'{"format": "gknb", "schema": 99, "app_version": "9.0", "report": {}}', "更新版本"),
    (b'{"format": "gknb", "schema": "x", "report": {}}', "版本号"),
    (b'{"format": "gknb", "schema": 2, "report": {"year": "2024"}}', "year"),
    (b'{"format": "gknb", "schema": 2, "report": {"year": 2024, "format_id": "2031"}}', "不认识的报告格式"),
    (b'{"format": "gknb", "schema": 2, "report": {"year": 2024, "format_id": "2021", "values": {"t9.x.y": 1}}}', "不属于"),
    (b'{"format": "gknb", "schema": 2, "report": {"year": 2024, "format_id": "2021", "values": {"t3.new.natural": "abc"}}}', "数字"),
    (b'{"format": "gknb", "schema": 2, "report": {"year": 2024, "format_id": "2021", "values": {"t3.new.natural": NaN}}}', "不是有效"),
    (b"[" * 100000 + b"]" * 100000, "不是"),
])
def test_bad_files_give_chinese_message_and_are_not_modified(tmp_path, data, msg):
    p = tmp_path / "bad.gknb"
    p.write_bytes(data)
    with pytest.raises(ProjectFileError) as e:
        load_report(p)
    assert msg in str(e.value)
    assert p.read_bytes() == data
    assert [x.name for x in tmp_path.iterdir()] == ["bad.gknb"]


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ProjectFileError, match="找不到"):
        load_report(tmp_path / "none.gknb")
    with pytest.raises(ProjectFileError, match="文件夹"):
        load_report(tmp_path)


def test_stale_total_in_file_is_ignored_not_trusted():
    r = complete_report()
    doc = json.loads(dumps(r))
    doc["report"]["values"]["t3.new.total"] = 999
    back = loads(json.dumps(doc).encode())
    assert CellKey("t3", "new", "total") not in back.values


def test_fractional_count_in_file_is_kept_and_reported():
    from model.checks import run_checks

    r = complete_report()
    doc = json.loads(dumps(r))
    doc["report"]["values"]["t3.new.natural"] = 1.5
    back = loads(json.dumps(doc).encode())
    assert back.values[CellKey("t3", "new", "natural")] == Decimal("1.5")
    assert "VALUE_FRACTION" in {f.code for f in run_checks(back)}


def test_every_schema_fixture_opens_to_the_same_report():
    """One fixture per schema version; the migration chain brings each to the current one."""
    versions = sorted(FIX.glob("v*.gknb"))
    assert [v.stem for v in versions] == [f"v{i}" for i in range(1, SCHEMA_VERSION + 1)]
    reports = [load_report(v) for v in versions]
    for r in reports:
        assert r.organ_name == "杭州市测试区示范镇人民政府"
        assert r.contact.office == "党政办公室" and r.contact.postcode == "311100"
        assert r.values[CellKey("t2", "shoufei", "amount")] == Decimal("0.35")
        assert r.values[CellKey("t3", "new", "commercial")] == 1
        assert r.text("s1.request").startswith("本年度共收到")
    assert reports[0].values == reports[-1].values


def test_opening_old_schema_does_not_rewrite_it(tmp_path):
    p = tmp_path / "old.gknb"
    p.write_bytes((FIX / "v1.gknb").read_bytes())
    before = p.read_bytes()
    load_report(p)
    assert p.read_bytes() == before


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_save_keeps_file_permissions(tmp_path):
    p = tmp_path / "a.gknb"
    save_report(complete_report(), p)
    umask = os.umask(0)
    os.umask(umask)
    assert p.stat().st_mode & 0o777 == 0o666 & ~umask  # like any new file, not private 0600
    os.chmod(p, 0o640)
    save_report(complete_report(), p)
    assert p.stat().st_mode & 0o777 == 0o640
