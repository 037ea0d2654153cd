"""The checks added for the real corpus: each fires on the words of a real published report
(tests/fixtures/real/src, source addresses there) and stays silent on another real report's
words.  The text is taken from the encoded fixture, put into a complete report whose tables
are then set to what the case needs."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from model.checks import CATALOGUE, run_checks
from model.formats import CellKey
from model.sentences import cn_number, mentions
from tests.fixtures.real import corpus
from tests.model.helpers import complete_report, t3


def real(name: str, part: str) -> str:
    text = corpus.load_entry(name).report.text(part)
    assert text.strip(), (name, part)
    return text


def report_with(part: str, text: str, year: int = 2024, kind: str = "township"):
    r = complete_report(year, kind)
    r.set_text(part, text)
    return r


def found(r, code: str):
    return [f for f in run_checks(r) if f.code == code]


def t4(col: str) -> CellKey:
    return CellKey("t4", "cases", col)


# ---------------------------------------------------------------- 监督保障 of a 人民政府


def test_supervision_results_missing_fires_for_a_township():
    r = report_with("s1.supervision", real("2022-松木塘镇", "s1.supervision"), 2022)
    (f,) = found(r, "SUPERVISION_RESULTS_MISSING")
    assert f.part == "s1.supervision" and "考核" in f.message and "第五十条" in f.message


def test_supervision_results_silent_when_assessment_is_reported_or_not_a_government():
    r = report_with("s1.supervision", real("2019-上海市政府办公厅", "s1.supervision"), 2019, "province_gov")
    assert found(r, "SUPERVISION_RESULTS_MISSING") == []
    r = report_with("s1.supervision", real("2021-来凤县政数局", "s1.supervision"), 2021, "county_dept")
    assert found(r, "SUPERVISION_RESULTS_MISSING") == []  # a department is no 人民政府


# ---------------------------------------------------------------- stated basis, period, structure


def test_basis_outdated_fires_on_the_2019_notice_in_a_later_report():
    for name, year in (("2022-太平镇", 2022), ("2023-底张街道", 2023)):
        (f,) = found(report_with("s1.intro", real(name, "s1.intro"), year), "BASIS_OUTDATED")
        assert "〔2021〕30号" in f.message and f.part == "s1.intro"


def test_basis_outdated_silent_on_the_2021_notice_and_before_2021():
    for name in ("2022-背荫河镇", "2025-宗关街道"):
        assert found(report_with("s1.intro", real(name, "s1.intro"), 2024), "BASIS_OUTDATED") == []
    assert found(report_with("s1.intro", real("2022-太平镇", "s1.intro"), 2020), "BASIS_OUTDATED") == []


def test_period_wrong_fires_on_a_period_ending_12_21():
    (f,) = found(report_with("s1.intro", real("2020-山阳县", "s1.intro"), 2020, "county_gov"), "PERIOD_WRONG")
    assert "12月21日" in f.message and "2020年12月31日" in f.message


def test_period_silent_on_full_year_periods_and_wrong_for_another_year():
    for name, year in (("2021-来凤县政数局", 2021), ("2020-杭州市教育局", 2020), ("2023-四川省政府办公厅", 2023)):
        assert found(report_with("s1.intro", real(name, "s1.intro"), year), "PERIOD_WRONG") == [], name
    # last year's intro carried into this year's report: the period is of the wrong year
    assert found(report_with("s1.intro", real("2021-来凤县政数局", "s1.intro"), 2022), "PERIOD_WRONG")


def test_structure_announced_fires_on_three_parts():
    (f,) = found(report_with("s1.intro", real("2020-大垅乡", "s1.intro"), 2020), "STRUCTURE_ANNOUNCED")
    assert "三部分" in f.message and "6个部分" in f.message


def test_structure_announced_silent_on_six_parts():
    for name in ("2024-东新镇", "2025-矿市街道", "2024-武山镇", "2020-山阳县"):
        assert found(report_with("s1.intro", real(name, "s1.intro")), "STRUCTURE_ANNOUNCED") == [], name


# ---------------------------------------------------------------- traces of drafts and other years


def test_draft_trace_fires_on_a_note_to_the_superior_office():
    (f,) = found(report_with("s1.intro", real("2024-梅子镇", "s1.intro")), "PROSE_DRAFT_TRACE")
    assert "贵办" in f.message


def test_draft_trace_silent_on_published_introductions():
    for name in ("2024-东新镇", "2025-宗关街道", "2022-背荫河镇", "2023-四川省政府办公厅"):
        assert found(report_with("s1.intro", real(name, "s1.intro")), "PROSE_DRAFT_TRACE") == [], name


def test_other_year_fires_on_carry_to_this_year_and_on_last_years_text():
    (f,) = found(report_with("s1.request", real("2024-武山镇", "s1.request"), 2024), "PROSE_OTHER_YEAR")
    assert "转结2024年" in f.message and "2025年" in f.message
    # 来凤县's 2021 text left unchanged in the 2022 report: “2021年，我局收到…”
    (f,) = found(report_with("s1.request", real("2021-来凤县政数局", "s1.request"), 2022), "PROSE_OTHER_YEAR")
    assert "2021年" in f.message and "2022年度" in f.message


def test_other_year_silent_on_this_years_text():
    assert found(report_with("s1.request", real("2021-来凤县政数局", "s1.request"), 2021), "PROSE_OTHER_YEAR") == []
    assert found(report_with("s1.request", real("2025-宗关街道", "s1.request"), 2025), "PROSE_OTHER_YEAR") == []
    assert found(report_with("s1.active", real("2024-东新镇", "s1.active"), 2024), "PROSE_OTHER_YEAR") == []


def test_placeholders_fire_on_a_cut_document_number_and_a_missing_figure():
    # the notice as mirrored on a public page: “国辦公開辦函〔202130” (the 〕 and 号 lost)
    text = real("2022-背荫河镇", "s1.intro").replace("〔2021〕30号", "〔202130号")
    (f,) = found(report_with("s1.intro", text, 2022), "PROSE_PLACEHOLDER")
    assert "〔202130号" in f.message and "文号" in f.message
    text = real("2024-东新镇", "s1.active").replace("累计公开政府信息890条", "累计公开政府信息   条")
    (f,) = found(report_with("s1.active", text), "PROSE_PLACEHOLDER")
    assert "缺了数字" in f.message
    text = real("2024-东新镇", "s1.active").replace("890条", "XX条")
    assert found(report_with("s1.active", text), "PROSE_PLACEHOLDER")


def test_placeholders_silent_on_complete_text():
    for name, part in (("2022-背荫河镇", "s1.intro"), ("2024-东新镇", "s1.active"), ("2019-上海市政府办公厅", "s1.request")):
        assert found(report_with(part, real(name, part)), "PROSE_PLACEHOLDER") == [], name


def test_unfinished_fires_on_text_cut_mid_sentence_not_on_a_caption_or_a_missing_full_stop():
    text = real("2024-东新镇", "s1.active")
    cut = text[: text.index("其中，通过古蔺县人民政府网站") + 14]
    (f,) = found(report_with("s1.active", cut), "PROSE_UNFINISHED")
    assert f.severity == "info"
    assert found(report_with("s1.active", real("2020-杭州市教育局", "s1.active"), 2020), "PROSE_UNFINISHED") == []
    assert found(report_with("s1.request", real("2022-松木塘镇", "s1.request"), 2022), "PROSE_UNFINISHED") == []


# ---------------------------------------------------------------- prose against 表三


def test_only_application_sentences_count():
    """A hotline, 12345, 人大建议 or 政协提案 is not an application (the issue's 县长热线 case)."""
    r = report_with("s1.request", "县长热线办理群众来电事项12件，办结12件。" + real("2024-东新镇", "s1.active"))
    assert not {"PROSE_CLOSED", "PROSE_RECEIVED", "PROSE_RATE"} & {f.code for f in run_checks(r)}
    r = report_with("s1.active", real("2025-矿市街道", "s1.active"), 2025)
    r.values[t3("new")] = 3
    r.values[t3("disclosed")] = 3
    assert not {"PROSE_CLOSED", "PROSE_RATE"} & {f.code for f in run_checks(r)}


def test_received_in_the_phrasings_reports_use():
    r = report_with("s3.note", real("2022-汉阳区政府办", "s3.note"), 2022, "county_dept")
    r.values[t3("new")] = 7
    r.values[t3("disclosed")] = 7
    (f,) = found(r, "PROSE_RECEIVED")
    assert "8份政府信息公开申请" in f.message and f.expected == 7 and f.actual == 8
    r.values[t3("new")] = 8
    r.values[t3("disclosed")] = 8
    assert found(r, "PROSE_RECEIVED") == []


def test_none_received_against_a_table_with_applications():
    r = report_with("s1.request", real("2022-背荫河镇", "s1.request"), 2022)
    assert found(r, "PROSE_RECEIVED") == []
    r.values[t3("new")] = 2
    r.values[t3("disclosed")] = 2
    (f,) = found(r, "PROSE_RECEIVED")
    assert "未收到和处理政府信息公开申请" in f.message and "2件" in f.message


def test_chinese_numerals():
    assert [cn_number(x) for x in ("一", "两", "十二", "一百零五", "二十", "三千零一")] == [1, 2, 12, 105, 20, 3001]
    text = real("2021-来凤县政数局", "s1.request").replace("1件", "两件")
    (m,) = [m for m in mentions(text) if m.what == "received"]
    assert m.value == 2


def test_result_counts_fire_on_shanghai_and_stay_silent_on_hangzhou():
    e = corpus.load_entry("2019-上海市政府办公厅")
    (f,) = [f for f in run_checks(e.report) if f.code == "PROSE_RESULT_COUNT"]
    assert "272＋3＝275件" in f.message and "265＋47＋25＝337件" in f.message and "（一）予以公开" in f.message
    r = report_with("s1.request", real("2020-杭州市教育局", "s1.request"), 2020, "city_dept")
    for row, n in (("disclosed", 7), ("refused_secret", 1), ("unable_none", 12), ("notproc_repeat", 2), ("other", 1)):
        r.values[t3(row)] = n
    r.values[t3("new")] = 23
    assert found(r, "PROSE_RESULT_COUNT") == [] and found(r, "PROSE_CLOSED") == []
    r.values[t3("unable_none")] = 11
    r.values[t3("new")] = 22
    (f,) = found(r, "PROSE_RESULT_COUNT")
    assert "无法提供12件" in f.message and "11件" in f.message


def test_percentages_fit_a_count_or_fire():
    e = corpus.load_entry("2019-上海市政府办公厅")
    (f,) = [f for f in run_checks(e.report) if f.code == "PROSE_PERCENT"]
    assert "258件，占33.9%" in f.message and "265件" not in f.message  # 265÷805＝32.9% is right


def test_t4_upheld_against_pending_cases():
    e = corpus.load_entry("2019-上海市政府办公厅")
    (f,) = [f for f in run_checks(e.report) if f.code == "PROSE_T4_RESULT"]
    assert "均获维持" in f.message and "尚未审结" in f.message
    r = report_with("s1.request", real("2019-上海市政府办公厅", "s1.request"), 2019, "province_gov")
    r.values[t4("review_upheld")] = 7
    r.values[t4("direct_upheld")] = 9
    assert found(r, "PROSE_T4_RESULT") == [] and found(r, "PROSE_T4_COUNT") == []


def test_t4_counts_and_none_against_the_table():
    r = report_with("s1.request", real("2022-松木塘镇", "s1.request"), 2022)
    assert found(r, "PROSE_T4_COUNT") == []
    r.values[t4("review_upheld")] = 1
    (f,) = found(r, "PROSE_T4_COUNT")
    assert "行政复议0件" in f.message and f.table == "t4"
    r = report_with("s1.supervision", real("2022-背荫河镇", "s1.supervision"), 2022)
    assert found(r, "PROSE_T4_COUNT") == []
    r.values[t4("direct_pending")] = 1
    assert found(r, "PROSE_T4_COUNT")  # “全年未发生…行政复议案…” while 表四 has a case


# ---------------------------------------------------------------- quiet and fast


def test_one_finding_per_code_and_part_however_many_mentions():
    r = complete_report()
    r.set_text("s1.request", "本年度收到政府信息公开申请5件，已办结4件，办结率50%。" * 400)
    r.values[t3("new")] = 2
    r.values[t3("disclosed")] = 2
    got = Counter((f.code, f.part) for f in run_checks(r))
    assert got[("PROSE_RECEIVED", "s1.request")] == 1 and got[("PROSE_CLOSED", "s1.request")] == 1
    assert got[("PROSE_RATE", "s1.request")] == 1
    (f,) = found(r, "PROSE_RECEIVED")
    assert "共400处" in f.message and len(f.message) < 400


def test_an_edit_of_a_table_does_not_read_the_prose_again(monkeypatch):
    """A prose full of figures is read once; editing a table only judges what it said again
    (the time it takes: bench/bench_model.py and bench/bench_ui.py)."""
    import model.sentences

    r = complete_report()
    for p in r.format.prose:
        r.set_text(p.key, "本年度收到政府信息公开申请0件，已办结0件，其中予以公开3件，占25%。" * 40)
    first = run_checks(r)
    before = r.values.get(t3("new"))
    calls = []
    real = model.sentences.mentions
    monkeypatch.setattr(model.sentences, "mentions", lambda text: calls.append(text) or real(text))
    for i in range(5):
        r.values[t3("new")] = i % 5
        found = run_checks(r)
    assert calls == []
    if before is None:
        del r.values[t3("new")]
    else:
        r.values[t3("new")] = before
    assert [f.message for f in run_checks(r)] == [f.message for f in first]  # the same findings as the first time
    assert any(f.code == "PROSE_RECEIVED" for f in found)


# ---------------------------------------------------------------- requirements by year, merged sub-items


def test_fee_statement_follows_the_year_not_the_format():
    from model.carry import convert_format

    r = complete_report(2021)
    r.fee = type(r.fee)()
    old, _ = convert_format(r, "2019")  # a 2021 report on the outdated 2019 format
    assert [f.part for f in run_checks(old) if f.code == "FEE_STATEMENT_MISSING"] == ["s6.other"]
    r2 = complete_report(2020)
    r2.fee = type(r2.fee)()
    new, _ = convert_format(r2, "2021")  # a 2020 report on the 2021 format
    assert not [f for f in run_checks(new) if f.code == "FEE_STATEMENT_MISSING"]


def test_a_merged_sub_item_heading_covers_both_parts():
    e = corpus.load_entry("2021-平武县统计局")
    assert e.report.text("s1.platform").startswith("（四）政府信息公开平台建设、监督保障情况。")
    assert not [f for f in run_checks(e.report) if f.code == "PROSE_EMPTY" and f.part == "s1.supervision"]
    r = complete_report(2021, "county_dept")
    r.set_text("s1.supervision", "")
    r.set_text("s1.platform", e.report.text("s1.platform").split("。", 1)[1])  # without the heading
    assert [f.part for f in run_checks(r) if f.code == "PROSE_EMPTY"] == ["s1.supervision"]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_a_source_rule(code):
    assert CATALOGUE[code].strip()


def test_prose_number_amount_is_decimal():
    assert all(isinstance(m.value, Decimal) for m in mentions(real("2019-上海市政府办公厅", "s1.request")))


def test_a_total_of_blanks_is_blank_not_zero_on_a_real_report():
    """背荫河镇 published 表三 as a heading only: its totals are blank, not 0, the relation is
    not said to hold or fail, and the blanks are reported."""
    from model.totals import Figures

    r = corpus.load_entry("2022-背荫河镇").report
    sheet = Figures(r)
    assert sheet.value(CellKey("t3", "results_total", "total")) is None
    assert sheet.value(CellKey("t4", "cases", "review_total")) is None
    codes = {f.code for f in run_checks(r)}
    assert "BLANK_CELLS" in codes and not {"T3_BALANCE", "RELATION_UNVERIFIED", "PROSE_RECEIVED"} & codes


# ---------------------------------------------------------------- a report of a year before the formats


def test_a_2018_report_is_only_told_its_year_is_not_supported():
    """建新镇 and 宣汉县 2018 (old format, before the 2019 revision of the 《条例》): the 2019
    tables and parts are not theirs, so nothing is measured against them — no 表二 “尚未填写”,
    no missing 监督保障, and “5个部分” is the old format's structure, not a wrong count."""
    for name in ("2018-建新镇", "2018-宣汉县"):
        codes = {f.code for f in run_checks(corpus.load_entry(name).report)}
        assert "YEAR_UNSUPPORTED" in codes, name
        assert not codes & {"BLANK_CELLS", "PROSE_EMPTY", "STRUCTURE_ANNOUNCED", "SUPERVISION_RESULTS_MISSING",
                            "PROSE_UNFINISHED", "RELATION_UNVERIFIED"}, (name, codes)


def test_the_same_intro_in_a_supported_year_is_still_held_to_the_format():
    r = report_with("s1.intro", real("2018-宣汉县", "s1.intro").replace("2018", "2019"), 2019, "county_gov")
    assert found(r, "YEAR_UNSUPPORTED") == []
    assert [f.part for f in found(r, "STRUCTURE_ANNOUNCED")] == ["s1.intro"]


def test_placeholder_fires_on_the_templates_instruction_left_in():
    """桦林镇 2023 published the template's note under （三）: “*****内容中必须包括本年度行政规范性文件发布、
    废止数量及现行有效数量（” — the asterisks mark what was to be filled in."""
    (f,) = found(report_with("s1.management", real("2023-桦林镇", "s1.management"), 2023), "PROSE_PLACEHOLDER")
    assert "*****" in f.message and f.part == "s1.management"
    # a footnote mark or a single star in a name is no placeholder
    assert found(report_with("s1.management", "按“三审三校”*制度审核发布信息。"), "PROSE_PLACEHOLDER") == []


def test_font_missing_names_the_ordinary_character_of_a_kangxi_radical():
    """文瀛湖街道 2021 pasted its 第五部分 from a PDF: “⼯作”“⼀定” are Kangxi radicals (U+2F2F, U+2F00),
    which look like 工 and 一 but are other characters, missing from the PDF fonts.  The finding says
    which ordinary character is meant, so the clerk can replace them; an emoji gets no such advice."""
    text = real("2021-文瀛湖街道", "s5.problems")
    (f,) = found(report_with("s5.problems", text, 2021), "FONT_MISSING_CHAR")
    assert "“⼯”（U+2F2F）应为“工”" in f.message and "“⼀”（U+2F00）应为“一”" in f.message
    (g,) = found(report_with("s5.problems", "本年度工作情况良好\U0001F600。", 2021), "FONT_MISSING_CHAR")
    assert "应为" not in g.message
    assert found(report_with("s5.problems", text.translate({0x2F2F: "工", 0x2F00: "一", 0x2FBC: "高", 0x2F12: "力"}), 2021),
                 "FONT_MISSING_CHAR") == []


# ---------------------------------------------------------------- a real report linked to last year's


def test_effective_counts_against_last_years_real_report():
    """松木塘镇 2023, linked to its 2022 report: 2022 had 现行有效 规章 2 and 行政规范性文件 2; 2023 issued
    0 and 2 and repealed none, yet says 0 and 2 are in force.  Had it carried them on, nothing to say."""
    r = corpus.load_entry("2023-松木塘镇").report
    assert r.previous is not None and r.previous.year == 2022
    assert r.previous.effective == {"guizhang": 2, "guifanxing": 2}
    assert {f.row: f.expected for f in found(r, "EFFECTIVE_MISMATCH")} == {"guizhang": 2, "guifanxing": 4}
    r.set(CellKey("t2", "guizhang", "effective"), 2)
    r.set(CellKey("t2", "guifanxing", "effective"), 4)
    assert found(r, "EFFECTIVE_MISMATCH") == []


def test_rewritten_prose_of_a_real_pair_is_not_similar_but_last_years_words_are():
    """底张街道 2024 rewrote its 总体情况 (only the preface is kept): no PROSE_SIMILAR; the 2023 words put
    back into the 2024 report are marked copied and similar."""
    r = corpus.load_entry("2024-底张街道").report
    assert found(r, "PROSE_SIMILAR") == [] and found(r, "PROSE_COPIED") == []
    assert r.previous is not None
    for part, text in r.previous.prose.items():
        r.set_text(part, text)
    assert {f.part for f in found(r, "PROSE_COPIED")} >= {"s1.active", "s1.request"}
    assert [f.section for f in found(r, "PROSE_SIMILAR")] == ["s1"]


def test_answered_applications_are_the_closed_count():
    """上海市政府办公厅 2019: “答复政府信息公开申请805件（含上年度结转申请18件……）” is the number
    closed, (七)总计 of 表三 (805): read, compared, and found to agree; “答复申请人” is not a count."""
    text = real("2019-上海市政府办公厅", "s1.request")
    closed = [m for m in mentions(text) if m.what == "closed"]
    assert [m.value for m in closed] == [805]
    e = corpus.load_entry("2019-上海市政府办公厅")
    assert not [f for f in run_checks(e.report) if f.code == "PROSE_CLOSED"]
    r = report_with("s1.request", "本年度收到政府信息公开申请3件，均已按时答复申请人2件。")
    assert not [m for m in mentions(r.text("s1.request")) if m.what == "closed"]


def test_a_miscited_format_notice_is_found_and_a_right_citation_is_not():
    """硚口区城市运行管理中心 2025 cites “《关于印发中华人民共和国政府信息公开年度工作报告格式的通知》
    （国办公开函〔2021〕30号）”: title words turned round and the issuer's abbreviation wrong; its
    2024 report cites the notice right, and the 信息处理费 办法 (国办函〔2020〕109号) is no format notice."""
    wrong = [f for f in run_checks(report_with("s1.intro", real("2025-硚口区城市运行管理中心", "s1.intro"), 2025))
             if f.code == "BASIS_MISCITED"]
    assert len(wrong) == 1 and "国办公开函〔2021〕30号" in wrong[0].message and "年度工作报告格式" in wrong[0].message
    assert "国办公开办函〔2021〕30号" in wrong[0].message  # what it should say
    right = run_checks(report_with("s1.intro", real("2024-硚口区城市运行管理中心", "s1.intro"), 2024))
    assert not [f for f in right if f.code == "BASIS_MISCITED"]
    fee = report_with("s1.intro", "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）编制。", 2024)
    assert not [f for f in run_checks(fee) if f.code == "BASIS_MISCITED"]


def test_the_closing_rate_of_proposals_is_not_the_rate_of_applications():
    """文登区政府办公室 2022 (flip-book page 9, 第六部分): “全年办理答复政府信息公开申请7件” is the
    number closed; “全部建议、提案均已办理完毕，办结率为100%” speaks of 人大建议、政协提案, not of
    applications.  The prose checks read 总体情况 and 第三、四部分, so the words are put there, in a
    test report whose 表三 is set for the case (the organ's 表三 was not stored): 7 of 8
    applications closed (87.5%) must not call the proposals' 100% wrong; 表三 closing 6 makes
    the prose's 7 wrong."""
    text = real("2022-文登区政府办公室", "s6.other")
    assert [(m.what, m.value) for m in mentions(text)] == [("closed", 7)]
    r = report_with("s1.request", text)
    r.values[t3("new")], r.values[t3("carried")] = 8, 0
    r.values[t3("disclosed")], r.values[t3("carry_next")] = 7, 1
    assert not found(r, "PROSE_RATE") and not found(r, "PROSE_CLOSED") and not found(r, "T3_BALANCE")
    r.values[t3("disclosed")], r.values[t3("carry_next")] = 6, 2
    (f,) = found(r, "PROSE_CLOSED")
    assert "答复政府信息公开申请7件" in f.message and not found(r, "PROSE_RATE")


@pytest.mark.parametrize("text", ["我乡认真贯彻国办发〔2021〕30号文件精神，推进基层政务公开。",
                                  "按照《国务院办公厅关于印发……的通知》（国办函〔2021〕30号）要求开展工作。"])
def test_another_series_with_the_same_number_is_no_miscited_notice(text):
    """国办发 and 国办函 are other series: their 〔2021〕30号 is another document, not the format notice."""
    assert not [f for f in run_checks(report_with("s1.intro", text, 2024)) if f.code == "BASIS_MISCITED"]


def test_a_miscited_notice_is_corrected_to_the_notice_it_cites():
    """A 2020 report (2019 format) citing “国办公开函〔2021〕30号” is told the right form of that
    notice, not the 2019 format's notice."""
    r = report_with("s1.intro", "本报告依据国办公开函〔2021〕30号规定的格式编制。", 2020)
    f = [f for f in run_checks(r) if f.code == "BASIS_MISCITED"]
    assert f and "国办公开办函〔2021〕30号" in f[0].message and "〔2019〕60号" not in f[0].message
