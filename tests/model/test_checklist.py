"""The publication checklist (issue 13 §3) and its place in ``main.py check``."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from cli import run_cli
from model.carry import next_year
from model.checklist import KEYS, SIMILARITY_FLAG, publication_checklist
from model.checks import run_checks
from model.storage import load_report, save_report
from tests.model.helpers import complete_report

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def sample(name: str = "2021-瓶窑镇"):  # type: ignore[no-untyped-def]
    return load_report(SAMPLES / f"{name}.gknb")


def items(report, **kw):  # type: ignore[no-untyped-def]
    return {it.key: it for it in publication_checklist(report, **kw)}


def test_items_in_order_with_plain_values() -> None:
    got = publication_checklist(sample())
    assert tuple(it.key for it in got) == KEYS
    assert all(it.ok in (True, False, None) and it.label and it.detail for it in got)
    assert got[1].ok is True and "文字" in got[1].detail  # tables are always text in our exports


def test_deadline_default_and_per_report() -> None:
    r = copy.deepcopy(sample())  # published 2022-01-13
    assert items(r)["deadline"].ok is True
    r.publication_date = dt.date(2022, 2, 3)
    it = items(r)["deadline"]
    assert it.ok is False and "2022年1月31日" in it.detail and "晚3天" in it.detail
    r.deadline = dt.date(2022, 2, 10)  # a province with a later deadline
    it = items(r)["deadline"]
    assert it.ok is True and "本报告设定" in it.detail
    r.publication_date = None
    assert items(r)["deadline"].ok is None


def test_signature_date_after_the_year() -> None:
    r = copy.deepcopy(sample())
    assert items(r)["signature_date"].ok is True
    r.publication_date = dt.date(2021, 12, 31)
    assert items(r)["signature_date"].ok is False
    r.publication_date = dt.date(2022, 1, 1)
    assert items(r)["signature_date"].ok is True
    r.publication_date = None
    assert items(r)["signature_date"].ok is None


def test_similarity_over_half_is_flagged_below_the_ninety_percent_warning() -> None:
    new = next_year(sample("2021-上官乡"))
    assert items(new)["similarity"].ok is False  # copied word for word: 100 %
    assert "内容雷同" in items(new, findings=run_checks(new))["similarity"].detail
    # rewrite each section so that about 60 % stays: flagged here, no 内容雷同 warning (90 %)
    fmt = new.format
    for s in fmt.sections:
        for p in fmt.prose_of(s.key):
            old = new.previous.prose.get(p.key, "")  # type: ignore[union-attr]
            if old:
                keep = old[: int(len(old) * 0.6)]
                new.set_text(p.key, keep + "本年度新增的工作内容另行说明" * max(1, (len(old) - len(keep)) // 14))
    it = items(new)["similarity"]
    assert it.ok is False and "50%" in it.detail
    assert not [f for f in run_checks(new) if f.code == "PROSE_SIMILAR"]
    # all new words
    for s in fmt.sections:
        for p in fmt.prose_of(s.key):
            if new.text(p.key):
                new.set_text(p.key, "今年我们按照条例要求开展了全新的公开工作，成效明显。" * 3)
    it = items(new)["similarity"]
    assert it.ok is True and "未超过" in it.detail
    assert SIMILARITY_FLAG == 0.5


def test_similarity_unknown_without_last_year() -> None:
    assert items(sample())["similarity"].ok is None


def test_approval_sheet_reminder_and_inline() -> None:
    r = sample()
    assert items(r)["approval_sheet"].ok is None
    assert items(r, approval_inline=True)["approval_sheet"].ok is False
    assert items(r, approval_inline=False)["approval_sheet"].ok is True


def test_check_prints_the_checklist_after_the_findings(capsys) -> None:  # type: ignore[no-untyped-def]
    run_cli(["check", str(SAMPLES / "2021-瓶窑镇.gknb")])
    out = capsys.readouterr().out
    assert out.index("共 ") < out.index("发布前核对") < out.index("√ 按时发布")


def test_check_json_stays_a_bare_array_and_checklist_flag_adds_it(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = SAMPLES / "2021-瓶窑镇.gknb"
    run_cli(["check", str(path), "--json"])
    plain = json.loads(capsys.readouterr().out)
    assert isinstance(plain, list)
    run_cli(["check", str(path), "--json", "--checklist"])
    both = json.loads(capsys.readouterr().out)
    assert both["findings"] == plain
    assert [c["key"] for c in both["checklist"]] == list(KEYS)
    assert set(both["checklist"][0]) == {"key", "label", "ok", "detail"}
    new = next_year(sample("2021-上官乡"))
    p = tmp_path / "n.gknb"
    save_report(new, p)
    run_cli(["check", str(p), "--json", "--checklist"])
    sim = {c["key"]: c for c in json.loads(capsys.readouterr().out)["checklist"]}["similarity"]
    assert sim["ok"] is False


def test_similarity_flag_uses_the_exact_share_not_an_upper_bound():
    from model.checklist import SIMILARITY_FLAG, section_similarity
    from model.report import PreviousYear

    r = complete_report()
    old = "甲乙丙丁戊己庚辛壬癸" * 12
    new = "癸壬辛庚己戊丁丙乙甲" * 12  # the same characters in another order: upper bound 100 %, real share low
    part = r.format.prose_of("s1")[1].key
    r.previous = PreviousYear(r.year - 1, r.format_id, prose={part: old})
    r.set_text(part, new)
    share = dict((k, v) for k, _h, v, _n in section_similarity(r))["s1"]
    assert share < SIMILARITY_FLAG
