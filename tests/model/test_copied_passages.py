"""内容雷同 between organs: passages of 50+ identical characters shared by different organs'
reports are reported on both (county merge and the audit of many reports); real texts."""

from __future__ import annotations

from pathlib import Path

from model.checks import copied_passages
from model.storage import save_report
from model.xlsx.merge import merge_reports
from tests.fixtures.real import corpus
from tests.model.helpers import complete_report

EDU = corpus.load_entry("2020-杭州市教育局").report  # a city education bureau
EDU_PASSAGE = EDU.text("s1.active").split("\n")[0]  # “本年度杭州教育网和中国杭州同步主动公开信息1525条；…”


def township(name: str, active: str):
    r = complete_report(2020)
    r.organ_name = name
    r.set_text("s1.active", active)
    return r


def test_a_township_with_the_bureaus_passage_is_flagged_and_so_is_the_bureau():
    a = township("某县甲镇人民政府", "本镇按要求开展主动公开工作。" + EDU_PASSAGE)
    found = copied_passages([a, EDU])
    assert [f.code for f in found[0]] == ["COPIED_FROM_OTHER_ORGAN"] == [f.code for f in found[1]]
    f = found[0][0]
    assert f.part == "s1.active" and "杭州市教育局" in f.message and "内容雷同" in f.message
    assert f"{len(EDU_PASSAGE)}字相同" in f.message
    assert "某县甲镇人民政府" in found[1][0].message


def test_over_the_real_corpus_only_the_copies_an_auditor_sees_are_reported():
    """The corpus audited as one batch: every 内容雷同 found is one written down by hand in
    expected.json, and every one written down is found."""
    expected = corpus.load_expected()
    reports = [corpus.load_entry(n).report for n in corpus.names()]
    got = {(n, f.part) for n, fs in zip(corpus.names(), copied_passages(reports), strict=True) for f in fs}
    want = {(n, i["where"]["part"]) for n in corpus.names() for i in expected[n]["true"]
            if i["code"] == "COPIED_FROM_OTHER_ORGAN"}
    assert got == want


def test_a_short_shared_phrase_and_the_same_organ_twice_are_not_copies():
    short = EDU_PASSAGE[:49]
    assert copied_passages([township("某县甲镇人民政府", short + "。本镇另有说明。"), EDU]) == [[], []]
    same = township("杭州市教育局", EDU_PASSAGE)
    assert copied_passages([same, EDU]) == [[], []]


def test_the_template_everybody_shares_is_not_a_copy():
    template = "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。对本报告有任何疑问，请与本机关党政办公室联系，我们将及时答复。"
    reports = [township(f"某县{c}镇人民政府", f"{c}镇主动公开信息若干条。" + template) for c in "甲乙丙丁"]
    assert all(f == [] for f in copied_passages(reports))


def test_county_merge_reports_the_copy_on_both_members(tmp_path: Path):
    a = township("某县甲镇人民政府", "本镇按要求开展主动公开工作。" + EDU_PASSAGE)
    b = township("某县乙镇人民政府", EDU_PASSAGE + "本镇另有特色做法。")
    c = township("某县丙镇人民政府", "丙镇依法依规开展政府信息主动公开工作，全年公开信息三百余条，涉及财政预决算、重大项目和民生事项。")
    paths = []
    for r in (a, b, c):
        p = tmp_path / f"{r.organ_name}.gknb"
        save_report(r, p)
        paths.append(p)
    res = merge_reports(paths, organ_name="某县汇总")
    by = {i.organ: i for i in res.inputs}
    assert len(by["某县甲镇人民政府"].copied) == 1 and len(by["某县乙镇人民政府"].copied) == 1
    assert by["某县丙镇人民政府"].copied == []
    assert "雷同" in by["某县甲镇人民政府"].reason and "某县乙镇人民政府" in by["某县甲镇人民政府"].copied[0].message


def test_the_countys_preface_is_not_a_copy_but_a_copied_account_in_it_is():
    """湖口县 gives its townships one preface (basis, six parts, period, contact): 大垅乡 and 付垅乡
    2025 share 111 characters of it, which is the county's form, not 内容雷同.  What the preface
    tells of the organ's own year is still compared."""
    a = corpus.load_entry("2025-大垅乡").report
    b = corpus.load_entry("2025-付垅乡").report
    assert copied_passages([a, b]) == [[], []]
    c = township("某县甲镇人民政府", "本镇按要求开展主动公开工作。")
    c.set_text("s1.intro", b.text("s1.intro").split("\n")[0] + "\n" + EDU_PASSAGE)
    found = copied_passages([c, EDU])
    assert [f.part for f in found[0]] == ["s1.intro"] and [f.part for f in found[1]] == ["s1.active"]


def test_the_quoted_passage_shows_no_internal_marks():
    """Titles of laws are compared as a mark; the message quotes the passage with a title in its place."""
    passage = "我乡严格按照《中华人民共和国政府信息公开条例》第四章规定，建立政府信息公开申请的受理机制，" + EDU_PASSAGE
    a = township("某县甲镇人民政府", passage)
    b = township("某县乙镇人民政府", passage)
    (fa,), (fb,) = copied_passages([a, b])
    assert "§" not in fa.message and "§" not in fb.message
    assert "《…》" in fa.message


def test_two_real_streets_of_two_districts_share_a_sentence_word_for_word():
    """清远街道 2022 (平城区) opens its 主动公开 with the sentence 和顺街道 2023 (云冈区) puts under
    依申请公开: 68 identical characters, no preface form, so 内容雷同 on both, each naming the other."""
    qy = corpus.load_entry("2022-清远街道").report
    hs = corpus.load_entry("2023-和顺街道").report
    (fq,), (fh,) = copied_passages([qy, hs])
    assert (fq.part, fh.part) == ("s1.active", "s1.request")
    assert hs.organ_name in fq.message and qy.organ_name in fh.message and "68字相同" in fq.message
    shared = "认真对政府信息进行收集，按照“公开是原则，不公开是例外”的要求，及时发布日常工作动态和工作文件，改进工作作风，方便群众办事和监督。"
    hs.set_text("s1.request", hs.text("s1.request").replace(shared, "认真受理政府信息公开申请。"))
    assert copied_passages([qy, hs]) == [[], []]
