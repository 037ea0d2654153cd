"""model.sentences: which part offers which sentence (by role) and the sentences built
from the tables and the 信息处理费 figures."""

from __future__ import annotations

from decimal import Decimal

from model.formats import load_format
from model.report import FeeInfo
from model.sentences import NO_FEE, READY_SENTENCES, request_sentence, sentence_menu
from model.totals import Figures
from tests.model.helpers import complete_report, t3


def labels(fmt_id: str, part: str) -> list[str]:
    return [e.label for e in sentence_menu(load_format(fmt_id), part)]


def test_menus_follow_the_roles_of_the_parts():
    for fid in ("2019", "2021"):
        assert labels(fid, "s1.request") == ["按表三数字生成一句", "未收到申请"]
        assert labels(fid, "s1.supervision") == ["未发生责任追究", "考核、评议"]
        assert labels(fid, "s4.note") == ["未发生复议诉讼"]
        assert labels(fid, "s6.other") == ["未收取信息处理费", "无其他事项", "按信息处理费数字生成一句"]
        assert labels(fid, "s1.active") == [] and labels(fid, "no.such.part") == []


def test_every_role_with_ready_sentences_belongs_to_a_part():
    fmt = load_format("2021")
    assert {p.role for p in fmt.prose if p.role} >= set(READY_SENTENCES)


def test_ready_sentence_text_and_tooltip():
    r = complete_report(2024)
    entry = next(e for e in sentence_menu(r.format, "s6.other") if e.label == "未收取信息处理费")
    assert entry.tooltip == NO_FEE and entry.make(r, None) == NO_FEE


def test_generated_sentences_use_the_current_figures():
    r = complete_report(2024)
    r.values[t3("new", "natural")] = 4
    r.values[t3("carried", "natural")] = 1
    r.values[t3("disclosed", "natural")] = 3
    r.values[t3("carry_next", "natural")] = 2
    gen = sentence_menu(r.format, "s1.request")[0]
    assert gen.make(r, Figures(r)) == request_sentence(r) == (
        "本年度共收到政府信息公开申请4件，上年结转1件，本年度办结3件，结转下年度继续办理2件。")
    r.fee = FeeInfo(2, Decimal("300"), Decimal("150.5"))
    fee = next(e for e in sentence_menu(r.format, "s6.other") if e.label.startswith("按信息处理费"))
    assert fee.make(r, None) == ("本年度依据《政府信息公开信息处理费管理办法》发出收费通知2件，通知收费金额共计300元，"
                                 "实际收取信息处理费共计150.5元。")
    r.fee = FeeInfo()
    assert fee.make(r, None) == ""  # nothing entered: nothing to insert


def test_request_sentence_is_empty_while_a_figure_is_blank():
    r = complete_report(2024)
    for c in ("natural", "commercial", "research", "public_welfare", "legal_service", "other"):
        del r.values[t3("carry_next", c)]
    assert request_sentence(r) == ""
    r.values[t3("carry_next", "natural")] = 0
    assert request_sentence(r).endswith("结转下年度继续办理0件。")
