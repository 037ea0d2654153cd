"""Precision and recall of the checks over the real corpus (tests/fixtures/real).

For every report the findings of ``model.checks.run_checks`` that concern what was seen of
the published report are compared with the hand-written true findings in expected.json:

* a raised finding that answers a true finding is a hit, any other raised finding a false
  alarm;
* a true finding no raised finding answers is a miss (this includes the defects for which
  a new check is proposed).

Prints per code: hits, false alarms, misses, precision, recall, and on how many reports the
code fired rightly or stayed rightly silent; then the codes that have no real firing or no
real silent example yet, the false alarms and the misses.  Run from the project root:

    python tools/corpus_stats.py            # table
    python tools/corpus_stats.py --json     # the same figures as JSON
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from model.report import GOVERNMENT_KINDS  # noqa: E402
from tests.fixtures.real import corpus  # noqa: E402

Entry = corpus.Entry


def _rows_seen(e: Entry, table: str, rows: list[str] | None = None) -> bool:
    fmt = e.fmt
    t = fmt.table(table)
    want = [k for k in t.input_cells() if rows is None or k.row in rows]
    return bool(want) and set(want) <= e.seen_cells


def _parts_known(e: Entry, parts: list[str]) -> bool:
    return set(parts) <= set(e.seen.get("parts") or [])


def _text_seen(e: Entry, parts: list[str]) -> bool:
    known = set(e.seen.get("parts") or []) | set(e.seen.get("partial_parts") or [])
    return any(p in known and e.report.text(p).strip() for p in parts)


def _role_rows(e: Entry, *roles: str) -> list[str]:
    out = []
    for r in roles:
        rr = e.fmt.role_table_row(r)
        if rr:
            out.append(rr[1])
    return out


REQUEST_PARTS = ["s1.request", "s3.note", "s1.intro"]
S1_PARTS = ["s1.active", "s1.request", "s1.management", "s1.platform", "s1.supervision"]
# where a report speaks of its 复议 and 诉讼 (the checks read every part of sections 一, 三 and 四)
T4_PARTS = REQUEST_PARTS + ["s1.supervision", "s4.note"]


def _t3_all(e: Entry) -> bool:
    """表三 seen whole and not left entirely blank (a blank table says nothing of its relations)."""
    t3 = e.fmt.table("t3").input_cells()
    return _rows_seen(e, "t3") and any(k in e.report.values for k in t3)


# when a code could have fired on a report: the inputs it reads were seen
APPLIES: dict[str, Callable[[Entry], bool]] = {
    "FORMAT_OUTDATED": lambda e: True,
    "FORMAT_MISMATCH": lambda e: True,
    "YEAR_UNSUPPORTED": lambda e: True,
    "YEAR_FUTURE": lambda e: True,
    "PUBLISH_LATE": lambda e: bool(e.seen.get("publication_date")),
    "PUBLISH_EARLY": lambda e: bool(e.seen.get("publication_date")),
    "BLANK_CELLS": lambda e: bool(e.seen_cells),
    "VALUE_NEGATIVE": lambda e: bool(e.seen_cells),
    "VALUE_FRACTION": lambda e: bool(e.seen_cells),
    "VALUE_ABSURD": lambda e: bool(e.seen_cells),
    "MONEY_DECIMALS": lambda e: any(e.fmt.column_of(k).kind == "money" for k in e.seen_cells),
    "RULES_NOT_ALLOWED": lambda e: bool(e.fmt.role_table_row("rules_row")) and _rows_seen(e, "t2", _role_rows(e, "rules_row")),
    "FEE_UNIT": lambda e: e.fmt.role_cell("fee_amount") in e.seen_cells,
    "ISSUED_GT_EFFECTIVE": lambda e: bool(e.fmt.role("effective")) and _rows_seen(e, "t2", (e.fmt.role("effective") or {}).get("rows")),
    "T3_BALANCE": _t3_all,
    "RELATION_UNVERIFIED": _t3_all,
    # a 总计 printed blank beside figures: seen wherever a table's rows were seen with figures in them
    "PUBLISHED_TOTAL_BLANK": lambda e: any(k.table in ("t2", "t3", "t4") for k in e.seen_cells),
    "CASES_WITHOUT_APPLICATIONS": lambda e: (_rows_seen(e, "t4") and any(k in e.report.values for k in e.fmt.table("t4").input_cells())
                                             and _rows_seen(e, "t3", _role_rows(e, "received", "carried_in"))),
    "PROSE_EMPTY": lambda e: _parts_known(e, S1_PARTS),
    "PROSE_RECEIVED": lambda e: _rows_seen(e, "t3", _role_rows(e, "received")) and _text_seen(e, REQUEST_PARTS),
    "PROSE_CLOSED": lambda e: _t3_all(e) and _text_seen(e, REQUEST_PARTS),
    "PROSE_RATE": lambda e: _t3_all(e) and _text_seen(e, REQUEST_PARTS),
    "FEE_STATEMENT_MISSING": lambda e: e.report.year >= 2021 and _parts_known(e, ["s6.other"]),
    # the 信息处理费 figures encode.py reads from the published sentences as the importer does:
    # the check speaks only of both amounts stated, or of “no notice sent” (件数 0)
    "FEE_INCONSISTENT": lambda e: ((e.report.fee.amount_collected is not None and e.report.fee.amount_notified is not None)
                                   or e.report.fee.notices == 0),
    "FONT_MISSING_CHAR": lambda e: True,
    "SUPERVISION_RESULTS_MISSING": lambda e: (e.report.organ_kind in GOVERNMENT_KINDS and _parts_known(e, ["s1.supervision"])
                                              and bool(e.report.text("s1.supervision").strip())),
    "BASIS_OUTDATED": lambda e: e.report.year >= 2021 and _text_seen(e, ["s1.intro"]),
    "BASIS_MISCITED": lambda e: _text_seen(e, ["s1.intro"]),
    "PERIOD_WRONG": lambda e: _text_seen(e, ["s1.intro"]),
    "STRUCTURE_ANNOUNCED": lambda e: _text_seen(e, ["s1.intro"]),
    "PROSE_DRAFT_TRACE": lambda e: _text_seen(e, ["s1.intro"]),
    "PROSE_OTHER_YEAR": lambda e: _text_seen(e, ["s1.intro"] + S1_PARTS),
    "PROSE_PLACEHOLDER": lambda e: _text_seen(e, ["s1.intro"] + S1_PARTS),
    "PROSE_UNFINISHED": lambda e: _parts_known(e, S1_PARTS) and _text_seen(e, S1_PARTS),
    "PROSE_RESULT_COUNT": lambda e: _t3_all(e) and _text_seen(e, REQUEST_PARTS),
    "PROSE_PERCENT": lambda e: _t3_all(e) and _text_seen(e, REQUEST_PARTS),
    "PROSE_T4_RESULT": lambda e: _rows_seen(e, "t4") and _text_seen(e, T4_PARTS),
    "PROSE_T4_COUNT": lambda e: _rows_seen(e, "t4") and _text_seen(e, T4_PARTS),
    "LAST_YEAR_FIXES_HINT": lambda e: _parts_known(e, ["s5.last_year"]),
    # compares many reports: the corpus is audited as one batch (corpus.corpus_copies)
    "COPIED_FROM_OTHER_ORGAN": lambda e: _text_seen(e, [p.key for p in e.fmt.prose]),
    # need last year's report linked (data "previous"): what it kept and what was seen this year
    "CARRY_MISMATCH": lambda e: (e.report.previous is not None and bool(e.report.previous.carry_out)
                                 and _rows_seen(e, "t3", _role_rows(e, "carried_in"))),
    "EFFECTIVE_MISMATCH": lambda e: (e.report.previous is not None and bool(e.report.previous.effective)
                                     and _rows_seen(e, "t2", [r for r in e.report.previous.effective
                                                              if r in ((e.fmt.role("effective") or {}).get("rows") or [])])),
    "PROSE_SIMILAR": lambda e: (e.report.previous is not None and bool(e.report.previous.prose)
                                and _text_seen(e, list(e.report.previous.prose))),
    "PROSE_COPIED": lambda e: (e.report.previous is not None and bool(e.report.previous.prose)
                               and _text_seen(e, list(e.report.previous.prose))),
}


# why a code has no real firing (or silent) example yet: what a published report would need
# to show it, and whether it can show it at all (kept in the output next to the lists)
WHY_NO_EXAMPLE: dict[str, str] = {
    "YEAR_FUTURE": "只在报告年度晚于今年时触发（检查按运行当天的年份，2026年12月时即2027年及以后）：发布的年报讲的总是"
                   "已经过去的年度，只有把年度印错或在项目里填错才会触发；存档中检索“2027年政府信息公开工作年度报告”"
                   "没有找到把年度印成未来年份的已发布年报",
    "FEE_INCONSISTENT": "encode.py 按导入的读法从正文的信息处理费句子取数（收费通知件数、通知金额、实收金额）；"
                        "检查只在正文写明两个金额、或写明没有发出收费通知时才说得上话。所见报告只说“未收取信息处理费”"
                        "（浑南区国资局2022：实收0，件数没说）或“未收取依申请公开事项信息处理费”（浑南区民宗局2021，"
                        "不是导入认得的说法）；这类句子在“六、其他需要报告的事项”，存档只留页面开头，多数看不到",
    "MONEY_DECIMALS": "语料外见到一例：遂溪县北坡镇2022年报告表二“行政事业性收费 190.457379”万元（精确到分），"
                      "只找到繁体转换的镜像页（tzchery.com/gzzwz/bpzrmzf/zwgk/xxgknb/content/post_1714241.html，"
                      "路径同遂溪县政府网站），未编入；"
                      "格式本身没有小数位的限制：现在最多6位小数（1分），这一例不再报错；更多位的金额语料中和所翻看的约30份表二中"
                      "都没有见到（导入时超过6位小数的金额也不收，见 parse_cell，检查只对项目里直接填入的数字说话）",
    "FEE_UNIT": "所见各报告的行政事业性收费都是0或小额：语料中都是0；"
                "2026-12-02又在存档里翻看了约30份2021年格式的表二（如太平镇、茅坪回族镇、铁边城镇、鹤游镇、冯原镇、河东镇、二郎街道、"
                "西柳镇、东坪镇、云湖桥镇、连生乡、抚远市和法库县自然资源局、石家庄市教育局、宜城市教育局等），"
                "最大的是石家庄市教育局2021“172”万元、抚远市自然资源局2022“26.55”万元（都合理），"
                "没有见到把元误填成万元（≥1000）的。导入时表头为万元的格里印“12500”照录为12500万元（会触发），"
                "印“12500元”则不收（不是金额，留空并在导入说明中列出）",
    "ISSUED_GT_EFFECTIVE": "所见表二的现行有效件数都不小于本年制发件数：语料中的都是0或相等（松木塘镇2022“2｜0｜2”）；"
                           "2026-12-02又在存档里翻看了约30份2021年格式的表二（如太平镇、茅坪回族镇、铁边城镇、鹤游镇、冯原镇、河东镇、二郎街道、"
                           "西柳镇、东坪镇、云湖桥镇、连生乡、抚远市和法库县自然资源局、石家庄市教育局、宜城市教育局等），"
                           "制发件数不为0的（西柳镇2023“4｜0｜32”、二郎街道2022“4｜0｜4”、东坪镇2023“3｜0｜3”、"
                           "石家庄市教育局2021“2｜0｜8”）现行有效件数都不小于制发件数；存档只留页面开头，"
                           "表二在开头的多是乡镇、街道，它们几乎都填0",
    "VALUE_NEGATIVE": "导入已发布的年报时，负数、小数、1亿以上的件数都不收（model.report.parse_cell：留空，在导入说明中列出），"
                      "所以这一检查只对项目里直接填入的数字说话（encode.py 照录印出的数字，会触发）；"
                      "语料和所翻看的约30份表二中都没有印出负数的件数（2019年格式的“本年增/减”可以是负数，不算）",
    "VALUE_FRACTION": "导入已发布的年报时，负数、小数、1亿以上的件数都不收（model.report.parse_cell：留空，在导入说明中列出），"
                      "所以这一检查只对项目里直接填入的数字说话（encode.py 照录印出的数字，会触发）；"
                      "语料和所翻看的约30份表二中件数都是整数（带小数的只有万元金额，如石家庄市中山街道2021收费“0.092”）",
    "VALUE_ABSURD": "导入已发布的年报时，负数、小数、1亿以上的件数都不收（model.report.parse_cell：留空，在导入说明中列出），"
                    "所以这一检查只对项目里直接填入的数字说话（encode.py 照录印出的数字，会触发）；"
                    "语料中所见最大的件数是官洲街道2023年行政处罚1472件。设区的市、省的报告真有100万以上的件数"
                    "（深圳市人民政府2022年报告正文写“全年共公示行政处罚4480012…”），所以上限是1亿件（原为100万），"
                    "只拦误贴的电话号码、身份证号之类",
    "PROSE_SIMILAR": "关联上年的三对（松木塘镇2022→2023、底张街道2023→2024、硚口区城市运行管理中心2024→2025）都改写过，"
                     "所见部分相同的不到九成（城运中心两年都看得到的部分88%）；存档里同一机关连续两年的页面很少"
                     "（湖口县、硚口区、大同市平城区和云冈区、邹城市、桃江县的年报栏目都只存了零散的年份），"
                     "没有找到前后两年几乎相同的一对",
    "PROSE_COPIED": "关联上年的三对（松木塘镇、底张街道、硚口区城市运行管理中心）里没有一部分与上年一字不差"
                    "（城运中心2025年的依申请公开一句只换了年份，也已不同）",
    "CARRY_MISMATCH": "要上年报告表三末行“结转下年度继续办理”和本年的“二、上年结转”：存档只留页面开头约两千字，"
                      "除上海2019外都看不到表三末行；上海市政府办公厅2020年报告的存档（shanghai.gov.cn）止于“（一）主动公开方面”，"
                      "表三不在，公开代码索引里也没有它的全文；页面短到能看到表三第二行的（梅子镇2024、官洲街道2023、"
                      "汉阳区政府办2022）看不到上一年表三的末行；"
                      "文登区翻页电子书库里同一机关两年的书只有信访局（2022第8页，无表三），审计局2020第9页有表三末行（0），"
                      "审计局、信访局2021的书没有一页存档",
    "T3_BALANCE": "要看到表三全表：页面存档只留开头约两千字，表三末行总在两千字以外；"
                  "翻页电子书库 180.76.149.248:88/book/<年库>/<机关>/files/basic-html/pageN.html（威海市文登区；"
                  "年库 dzs＝2020、2021dzs、2022dzs）在存档里只有5页：shenji 第9页（审计局2020：表三末行、"
                  "表四）、xinfang 第8页（信访局2022：表四）、bangongshi 第9页（区政府办公室2022：第六部分后半）"
                  "、zonghexz 第3页（综合行政执法局2021：总体情况）、shangwu 第3页（商务局2022：总体情况）"
                  "；2026-12-02按书名加“Page N”、主机名、电子书文字形式的表三表四各行、审计局和信访局2021的书名检索约45次，"
                  "没有别的页；这几份的文登区政府网站原页（页面开头）也没有存档；"
                  "代码库里的表三全表都是虚构的测试年报（“测试市”），除上海2019外没有真实全表",
    "PROSE_CLOSED": "要看到表三“（七）总计”：只有上海2019看得到，正文“答复政府信息公开申请805件”读作办结件数，"
                    "与总计一致（沉默例）；其余报告的存档都止于表三前面几行，没有触发例；文登区政府办公室2022翻页电子书第9页"
                    "写“全年办理答复政府信息公开申请7件”（读作办结7件），而它的表三所在的页没有存档",
    "PROSE_RATE": "要看到表三全表才能算办结率：只有上海2019是全表，而它的正文没写办结率；"
                  "写了办结率的报告（如文登区政府办公室2022翻页电子书第9页建议提案的“办结率为100%”，"
                  "正文读法不把它当作申请办结率）表三都没有存档",
    "PROSE_T4_COUNT": "看得到表四的报告里正文都对得上：上海2019“行政复议7件，诉讼9件”，文登区审计局2020"
                      "“未出现申请行政复议、提起行政诉讼的情况”（表四全是0）；表四在页面后部，存档只留开头",
    "CASES_WITHOUT_APPLICATIONS": "要看到表四和表三前两行：上海2019有申请；文登区审计局2020、文登区信访局2022"
                                  "的表四全是0，表三前两行在电子书的前几页，没有存档（电子书库只存了5页，见T3_BALANCE）；"
                                  "背荫河镇2022的表四是空白",
    "PROSE_PERCENT": "沉默例要看到表三全表：存档里只有上海2019是全表，而它的百分比有错",
    "PROSE_RESULT_COUNT": "沉默例要看到表三全表：存档里只有上海2019是全表，而它的分项件数有错",
    "RELATION_UNVERIFIED": "沉默例要看到表三全表且各列填全：存档里只有上海2019是全表，而它的总计列空着",
    "EFFECTIVE_MISMATCH": "沉默例要一对两年表二都看得到且对得上的报告：关联的一对（松木塘镇）两行都对不上；"
                          "表二看得到的其他报告（汉阳区政府办2022、梅子镇2024、太平镇2022等）在存档里找不到同一机关的上一年或下一年报告",
}


def collect() -> dict[str, Any]:
    entries = corpus.load_corpus()
    known = corpus.known_codes()
    hits: dict[str, int] = defaultdict(int)
    false_alarms: dict[str, list[str]] = defaultdict(list)
    misses: dict[str, list[str]] = defaultdict(list)
    fired_right: dict[str, set[str]] = defaultdict(set)
    silent_right: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        found = corpus.scoped_findings(e)
        true_items = e.expected.get("true", [])
        for item in true_items:
            if any(corpus.matches(item, f) for f in found):
                hits[item["code"]] += 1
                fired_right[item["code"]].add(e.name)
            else:
                misses[item["code"]].append(f"{corpus.item_id(e.name, item)}: {item['why']}")
        for f in found:
            if not any(corpus.matches(i, f) for i in true_items):
                false_alarms[f.code].append(f"{e.name}: {f.code} {f.part or ''}"
                                            f"{' ' + f.table if f.table else ''}: {f.message}")
        raised = {f.code for f in found}
        true_codes = {i["code"] for i in true_items}
        for code, applies in APPLIES.items():
            if code not in raised and code not in true_codes and applies(e):
                silent_right[code].add(e.name)
    scored = sorted((known - corpus.METADATA_CODES) | set(misses) | set(hits) | set(false_alarms))
    rows: list[dict[str, Any]] = []
    for code in scored:
        tp, fp, fn = hits[code], len(false_alarms[code]), len(misses[code])
        rows.append({
            "code": code, "new": code not in known, "hits": tp, "false_alarms": fp, "misses": fn,
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
            "fired_right": len(fired_right[code]), "silent_right": len(silent_right[code]),
        })
    existing = [r for r in rows if not r["new"]]
    tp = sum(r["hits"] for r in rows)
    fp = sum(r["false_alarms"] for r in rows)
    fn_all = sum(r["misses"] for r in rows)
    fn_existing = sum(r["misses"] for r in existing)
    return {
        "reports": len(entries),
        "true_findings": tp + fn_all,
        "hits": tp, "false_alarms": fp, "misses": fn_all, "misses_existing_codes": fn_existing,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn_all) if tp + fn_all else None,
        "recall_existing_codes": tp / (tp + fn_existing) if tp + fn_existing else None,
        "codes": rows,
        "no_firing_example": [r["code"] for r in existing if not r["fired_right"]],
        "no_silent_example": [r["code"] for r in existing if not r["silent_right"]],
        "why_no_example": {r["code"]: WHY_NO_EXAMPLE.get(r["code"], "") for r in existing
                           if not r["fired_right"] or not r["silent_right"]},
        "not_scored": sorted(corpus.METADATA_CODES),
        "false_alarm_list": [x for code in sorted(false_alarms) for x in false_alarms[code]],
        "miss_list": [x for code in sorted(misses) for x in misses[code]],
    }


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.0f}%"


def render(s: dict[str, Any]) -> str:
    lines = [f"真实年报语料：{s['reports']}篇，人工核定的真实问题{s['true_findings']}个",
             f"命中{s['hits']}，误报{s['false_alarms']}，漏报{s['misses']}（其中现有检查码漏报{s['misses_existing_codes']}）",
             f"精确率 {_pct(s['precision'])}；召回率 {_pct(s['recall'])}（仅按现有检查码计 {_pct(s['recall_existing_codes'])}）",
             "",
             f"{'检查码':<28}{'命中':>4}{'误报':>4}{'漏报':>4}{'精确率':>7}{'召回率':>7}{'正确触发':>6}{'正确沉默':>6}"]
    for r in s["codes"]:
        name = r["code"] + ("（拟新增）" if r["new"] else "")
        lines.append(f"{name:<28}{r['hits']:>5}{r['false_alarms']:>5}{r['misses']:>5}"
                     f"{_pct(r['precision']):>8}{_pct(r['recall']):>8}{r['fired_right']:>9}{r['silent_right']:>9}")
    lines += ["", "尚无真实触发例的检查码：" + ("、".join(s["no_firing_example"]) or "无"),
              "尚无真实沉默例的检查码：" + ("、".join(s["no_silent_example"]) or "无"),
              "为什么还没有：", *[f"  {c}：{w or '（未说明）'}" for c, w in s["why_no_example"].items()],
              "不计分（属于项目基本信息，不是所发布文本的问题）：" + "、".join(s["not_scored"]),
              "", "误报："] + [f"  {x}" for x in s["false_alarm_list"] or ["无"]]
    lines += ["", "漏报："] + [f"  {x}" for x in s["miss_list"] or ["无"]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    stats = collect()
    if "--json" in argv:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        print(render(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

