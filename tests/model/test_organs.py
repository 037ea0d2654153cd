"""Organ kinds as data: 规章 power, 人民政府, the kind proposed from the name, old keys loading."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from model import organs
from model.organs import propose_kind
from model.report import GOVERNMENT_KINDS, NO_RULES_KINDS, ORGAN_KINDS, new_report
from model.storage import dumps, load_report, loads
from tests.fixtures.real import corpus

ROOT = Path(__file__).resolve().parents[2]
OLD_KEYS = ("township", "street", "county_gov", "county_dept", "city_dept", "other")  # schema 2 files


def test_the_kinds_that_exist_in_practice_with_their_powers():
    labels = set(ORGAN_KINDS.values())
    for want in ("国务院部门", "省、自治区、直辖市人民政府（含办公厅）", "省级人民政府部门", "设区的市、自治州人民政府",
                 "设区的市级人民政府部门", "县级人民政府", "县级人民政府部门", "乡镇人民政府", "街道办事处", "其他行政机关"):
        assert want in labels
    # 《立法法》: 国务院部门 and the governments of provinces and 设区的市 make 规章
    assert {k.key for k in organs.KINDS if k.rules} == {"state_dept", "province_gov", "city_gov"}
    assert "other" not in NO_RULES_KINDS  # not known, so not judged
    assert GOVERNMENT_KINDS == {"township", "county_gov", "city_gov", "province_gov"}


@pytest.mark.parametrize("name, kind", [
    ("杭州市富阳区上官乡人民政府", "township"), ("古蔺县东新镇人民政府", "township"), ("大垅乡", "township"),
    ("广州市海珠区官洲街道办事处", "street"), ("山阳县人民政府", "county_gov"), ("武汉市人民政府", "city_gov"),
    ("平武县统计局", "county_dept"), ("某县市场监督管理局", "county_dept"), ("某县住房和城乡建设局", "county_dept"),
    ("杭州市教育局", "city_dept"), ("浙江省教育厅", "province_dept"), ("四川省人民政府办公厅", "province_gov"),
    ("上海市人民政府办公厅", "province_gov"), ("武汉市汉阳区人民政府办公室", "county_dept"),
    ("国家统计局", "state_dept"), ("教育部", "state_dept"), ("某某", None), ("", None),
])
def test_propose_kind_from_the_name(name, kind):
    assert propose_kind(name) == kind


def test_propose_kind_agrees_with_the_real_corpus():
    """The kind proposed from each real organ's name is the kind it was encoded with."""
    wrong = []
    for n in corpus.names():
        r = corpus.load_entry(n).report
        if propose_kind(r.organ_name) not in (r.organ_kind, None):
            wrong.append((r.organ_name, propose_kind(r.organ_name), r.organ_kind))
    assert wrong == []


@pytest.mark.parametrize("key", OLD_KEYS)
def test_old_kind_keys_load_unchanged(key):
    r = new_report("某镇人民政府", 2024, key)
    doc = json.loads(dumps(r))
    assert doc["report"]["organ_kind"] == key
    assert loads(json.dumps(doc).encode("utf-8")).organ_kind == key


def test_a_kind_key_from_an_old_file_keeps_loading(sample_path):
    assert load_report(sample_path("2021-上官乡")).organ_kind == "township"


def run(*args):
    # the command line writes UTF-8 whatever the code page (cp936 on a Chinese Windows)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=60)


def test_cli_new_proposes_the_kind_when_not_given(tmp_path):
    out = tmp_path / "a.gknb"
    p = run("new", "--organ", "平武县统计局", "--year", "2024", "-o", out)
    assert p.returncode == 0, p.stderr
    assert load_report(out).organ_kind == "county_dept" and "县级人民政府部门" in p.stdout and "--kind" in p.stdout
    out2 = tmp_path / "b.gknb"
    p = run("new", "--organ", "平武县统计局", "--year", "2024", "--kind", "other", "-o", out2)
    assert p.returncode == 0 and load_report(out2).organ_kind == "other" and "按名称" not in p.stdout
    out3 = tmp_path / "c.gknb"
    assert run("new", "--organ", "某某", "--year", "2024", "-o", out3).returncode == 0
    assert load_report(out3).organ_kind == "township"  # nothing to go by: the old default
