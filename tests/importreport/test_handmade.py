"""Hand-made files the way sites and offices make them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from model.formats import CellKey
from model.importreport import import_report, import_text
from model.limits import InputError

T3_ROWS = [
    ("一、本年新收政府信息公开申请数量", ["５", "0", "", "", "", "1", "6"]),
    ("二、上年结转政府信息公开申请数量", ["0 ", "0", "", "", "", "", "0"]),
]
RESULT_ROWS = [
    ("(一) 予以公开", ["3", "", "", "", "", "1", "4"]),
    ("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", ["1", "", "", "", "", "", "1"]),
]


def gbk_page() -> bytes:
    def tds(values: list[str]) -> str:
        return "".join(f"<td><p><span>{v}</span></p></td>" if v else "<td>&nbsp;</td>" for v in values)

    t3 = ['<table border="1">',
          '<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
          '<td colspan="7">申请人情况</td></tr>',
          '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
          "<tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"]
    for label, values in T3_ROWS:
        t3.append(f'<tr><td colspan="3">{label}</td>{tds(values)}</tr>')
    for i, (label, values) in enumerate(RESULT_ROWS):
        first = '<td rowspan="22">三、本年度办理结果</td>' if i == 0 else ""
        t3.append(f'<tr>{first}<td colspan="2">{label}</td>{tds(values)}</tr>')
    t3.append("</table>")
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某镇2022年政府信息公开工作年度报告_某某镇人民政府</title>
<script>var x = "2099年政府信息公开工作年度报告";</script></head><body>
<div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="content">
<h1>某某镇2022年政府信息公开工作年度报告</h1>
<p>本报告由某某镇人民政府编制。如对本报告有疑问，请与某某镇党政办公室联系（地址：某某县某某镇人民路1号，邮编：312000，电话：0575-1234567，传真：0575-7654321）。</p>
<p>一、总体情况</p>
<p>（一）主动公开情况。本年主动公开信息120条。</p>
<p>（二）依申请公开。本年收到申请6件。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件</td></tr>
<tr><td>规章</td><td>/</td><td>/</td><td>/</td></tr>
<tr><td>规范性文件</td><td>2</td><td>0</td><td>１２</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">0.35</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p>
{''.join(t3)}
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td>
<td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr>{"".join(f"<td>{w}</td>" for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)}</tr>
<tr>{"".join(f"<td>{v}</td>" for v in ["1", "0", "0", "0", "1"] + ["0"] * 10)}</tr></table>
<p>五、存在的主要问题及改进措施</p>
<p>存在问题：公开内容不够全面。</p>
<p>改进措施：</p>
<p>加强培训。</p>
<p>六、其他需要报告的事项</p>
<p>本年度未收取信息处理费。</p>
<p style="text-align:right">某某县某某镇人民政府</p>
<p style="text-align:right">2023年1月18日</p>
</div>
<div class="footer">网站标识码：3306000001　浙ICP备12345678号　主办：某某镇人民政府</div>
</body></html>"""
    return html.encode("gb18030")


def test_gbk_page_with_chrome_merged_cells_and_half_width_labels(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(gbk_page())
    result = import_report(path)
    r = result.report
    assert r.organ_name == "某某县某某镇人民政府"  # from the 落款, fuller than the title
    assert r.year == 2022
    assert r.format_id == "2021"  # by the labels 本年制发件数 / 现行有效件
    assert r.publication_date == dt.date(2023, 1, 18)
    assert (r.contact.address, r.contact.postcode, r.contact.phone, r.contact.fax) == (
        "某某县某某镇人民路1号", "312000", "0575-1234567", "0575-7654321")
    assert r.contact.office == "某某镇党政办公室"
    v = r.values
    assert CellKey("t2", "guizhang", "issued") not in v  # “/” is not 0
    assert any("按不适用留空" in n for n in result.notes)
    assert v[CellKey("t2", "guifanxing", "issued")] == 2
    assert v[CellKey("t2", "guifanxing", "repealed")] == 0
    assert v[CellKey("t2", "guifanxing", "effective")] == 12  # full-width digits, 2019 wording
    assert v[CellKey("t2", "shoufei", "amount")] == Decimal("0.35")
    assert v[CellKey("t3", "new", "natural")] == 5
    assert v[CellKey("t3", "new", "commercial")] == 0
    assert CellKey("t3", "new", "research") not in v  # &nbsp; is blank, not 0
    assert v[CellKey("t3", "new", "other")] == 1
    assert v[CellKey("t3", "carried", "natural")] == 0  # “0 ” with a space
    assert v[CellKey("t3", "disclosed", "natural")] == 3
    assert v[CellKey("t3", "partial", "natural")] == 1
    assert v[CellKey("t4", "cases", "review_upheld")] == 1
    assert v[CellKey("t4", "cases", "direct_upheld")] == 0
    assert "120条" in r.text("s1.active")
    assert r.text("s1.request").startswith("本年收到申请6件")
    assert "不够全面" in r.text("s5.problems")
    assert r.text("s5.improvements") == "加强培训。"
    assert r.text("s6.other") == "本年度未收取信息处理费。"
    assert "ICP" not in "".join(p.text for p in r.prose.values())
    assert "首页" not in "".join(p.text for p in r.prose.values())


def _docx(document_xml: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, span: int = 1, vmerge: str | None = None) -> str:
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def test_docx_with_vmerge_and_gridspan_made_the_way_word_makes_it(tmp_path: Path) -> None:
    rows = [
        "<w:tr>" + _tc("三、本年度办理结果", vmerge="restart") + _tc("（一）予以公开", 2)
        + "".join(_tc(x) for x in ["2", "", "", "", "", "", "2"]) + "</w:tr>",
        "<w:tr>" + _tc("", vmerge="continue") + _tc("（三）不予公开", vmerge="restart") + _tc("1.属于国家秘密")
        + "".join(_tc(x) for x in ["0", "1", "", "", "", "", "1"]) + "</w:tr>",
        "<w:tr>" + _tc("", vmerge="continue") + _tc("", vmerge="continue") + _tc("2.其他法律行政法规禁止公开")
        + "".join(_tc(x) for x in ["", "", "", "", "", "3", "3"]) + "</w:tr>",
        "<w:tr>" + _tc("四、结转下年度继续办理", 3) + "".join(_tc(x) for x in ["0"] * 7) + "</w:tr>",
    ]
    body = (_p("某某局2021年政府信息公开工作年度报告") + _p("三、收到和处理政府信息公开申请情况")
            + "<w:tbl>" + "".join(rows) + "</w:tbl>" + _p("某某局") + _p("2022年1月20日"))
    path = tmp_path / "r.docx"
    path.write_bytes(_docx(f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>'))
    r = import_report(path).report
    v = r.values
    assert v[CellKey("t3", "disclosed", "natural")] == 2
    assert CellKey("t3", "disclosed", "commercial") not in v
    assert v[CellKey("t3", "refused_secret", "natural")] == 0
    assert v[CellKey("t3", "refused_secret", "commercial")] == 1
    assert v[CellKey("t3", "refused_law", "other")] == 3
    assert CellKey("t3", "refused_law", "natural") not in v
    assert v[CellKey("t3", "carry_next", "other")] == 0
    assert r.publication_date == dt.date(2022, 1, 20)


def test_blanks_instead_of_zeros_stay_blank() -> None:
    text = ("某某乡2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t\t\t\n"
            "二、上年结转政府信息公开申请数量\t\t\t0\t\t\t\t\t\t0\n")
    r = import_text(text).report
    assert CellKey("t3", "new", "natural") not in r.values
    assert r.values[CellKey("t3", "carried", "natural")] == 0
    assert sum(1 for k in r.values if k.table == "t3") == 1


def test_one_cell_per_line_with_a_line_break_inside_a_label() -> None:
    text = ("某某镇2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "\t第二十条第（一）项\n\n\t信息内容\n\t本年新制作数量\n\t本年新\n公开数量\n\t对外公开总数量\n\n"
            "\t规章\n\t1\n\t\n\t3\n\n\t规范性文件\n\t0\n\t0\n\t0\n\n")
    r = import_text(text, 2020).report
    assert r.format_id == "2019"
    assert r.values[CellKey("t2", "guizhang", "made")] == 1
    assert CellKey("t2", "guizhang", "published") not in r.values
    assert r.values[CellKey("t2", "guizhang", "total_public")] == 3
    assert r.values[CellKey("t2", "guifanxing", "made")] == 0


def test_a_page_that_is_not_a_report_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text("<html><body><p>今日要闻</p><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="不像一份政府信息公开工作年度报告"):
        import_report(path)


@pytest.mark.parametrize("ext", [".doc", ".wps"])
def test_doc_and_wps_are_refused(tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"r{ext}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match="另存为 .docx"):
        import_report(path)


def test_columns_follow_the_header_not_the_order(tmp_path: Path) -> None:
    """A page whose 表三 leaves out the 科研机构 column: each value goes under its own header."""
    head = ('<tr><td colspan="3" rowspan="2"></td><td rowspan="2">自然人</td><td colspan="4">法人或其他组织</td>'
            '<td rowspan="2">总计</td></tr><tr><td>商业企业</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>')
    row = '<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>' + "".join(
        f"<td>{v}</td>" for v in ["4", "1", "", "2", "0", "7"]) + "</tr>"
    path = tmp_path / "p.html"
    path.write_text(f"<html><body><p>某某局2021年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>"
                    f"<table>{head}{row}</table></body></html>", encoding="utf-8")
    v = import_report(path).report.values
    assert v[CellKey("t3", "new", "natural")] == 4
    assert v[CellKey("t3", "new", "commercial")] == 1
    assert CellKey("t3", "new", "research") not in v
    assert CellKey("t3", "new", "public_welfare") not in v
    assert v[CellKey("t3", "new", "legal_service")] == 2
    assert v[CellKey("t3", "new", "other")] == 0


def test_yuan_in_a_wan_yuan_column_is_not_stored() -> None:
    text = ("某某乡2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t3500元\n")
    result = import_text(text)
    assert CellKey("t2", "shoufei", "amount") not in result.report.values
    assert result.unplaced_cells == 1 and any("万元" in n for n in result.notes)


def test_t4_columns_by_their_header_labels_not_their_order(tmp_path: Path) -> None:
    """表四 printed with 行政诉讼 before 行政复议 and 复议后起诉 before 未经复议直接起诉: every
    figure lands under its own header; a blank stays blank."""
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    after = ["7", "6", "", "0", "13"]  # 复议后起诉
    direct = ["5", "4", "3", "2", "14"]  # 未经复议直接起诉
    review = ["1", "0", "", "1", "2"]  # 行政复议
    cells = "".join(f"<td>{h}</td>" for h in heads * 2)
    page = f"""<html><body><p>某某镇人民政府2021年政府信息公开工作年度报告</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1">
<tr><td colspan="10">行政诉讼</td><td colspan="5" rowspan="2">行政复议</td></tr>
<tr><td colspan="5">复议后起诉</td><td colspan="5">未经复议直接起诉</td></tr>
<tr>{cells}{"".join(f"<td>{h}</td>" for h in heads)}</tr>
<tr>{"".join(f"<td>{v}</td>" for v in after + direct + review)}</tr>
</table>
<p>某某镇人民政府</p><p>2022年1月20日</p></body></html>"""
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    r = import_report(path).report
    got = {k.col: v for k, v in r.values.items() if k.table == "t4"}
    want: dict[str, int] = {}
    for prefix, values in (("after", after), ("direct", direct), ("review", review)):
        for name, v in zip(("upheld", "corrected", "other", "pending"), values, strict=False):
            if v:
                want[f"{prefix}_{name}"] = int(v)
    assert got == want  # totals are computed, not stored


def test_2019_wordings_in_a_2021_table_are_placed() -> None:
    text = ("某某镇人民政府2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件\n规章\t0\t0\t0\n规范性文件\t2\t1\t5\n"
            "第二十条第（五）项\n信息内容\t处理决定数量\n行政许可\t12\n某某镇人民政府\n2022年1月20日\n")
    r = import_text(text).report
    assert r.format_id == "2021"
    assert r.values[CellKey("t2", "guifanxing", "effective")] == 5
    assert r.values[CellKey("t2", "guifanxing", "repealed")] == 1
    assert r.values[CellKey("t2", "xuke", "decisions")] == 12


def test_heading_words_come_from_the_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wording added to labels.json is recognised without a code change."""
    import json

    from model.importreport import labels as labels_mod

    text = ("某某镇人民政府2021年政府信息公开工作年度报告\n五、存在的主要问题及改进情况\n问题：人手不足。\n"
            "明年打算\n增加人手。\n某某镇人民政府\n2022年1月20日\n")
    assert "增加人手" not in import_text(text).report.text("s5.improvements")
    data = json.loads(labels_mod.LABELS_FILE.read_text(encoding="utf-8"))
    data["parts"]["s5.improvements"]["heading"].append("明年打算")
    own = tmp_path / "labels.json"
    own.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(labels_mod, "LABELS_FILE", own)
    labels_mod.labels.cache_clear()
    try:
        r = import_text(text).report
        assert r.text("s5.improvements") == "增加人手。"
        assert "人手不足" in r.text("s5.problems")
    finally:
        labels_mod.labels.cache_clear()


def test_a_wording_both_formats_use_does_not_decide_the_format() -> None:
    """A 2021 表二 whose rows use the 2019 wording “规范性文件” and “处理决定数量” is still
    the 2021 format (its 本年制发件数… columns say so)."""
    text = ("某某镇人民政府2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n规范性文件\t1\t0\t3\n"
            "第二十条第（五）项\n信息内容\t处理决定数量\n行政许可\t4\n第二十条第（六）项\n信息内容\t处理决定数量\n"
            "行政处罚\t2\n行政强制\t0\n某某镇人民政府\n2022年1月20日\n")
    result = import_text(text)
    assert result.report.format_id == "2021", result.recognised["format_how"]
    assert result.report.values[CellKey("t2", "guifanxing", "effective")] == 3


def test_a_parts_own_numbered_list_keeps_its_numbers() -> None:
    """七里乡 2020 (tests/fixtures/real) wrote “（一）重点领域信息公开情况” inside 主动公开: a
    “（一）” again inside the part it numbers, after the part's text began, is the clerk's own
    list, kept whole; “（二）依申请公开” still starts the next part."""
    text = ("某乡2021年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n本年主动公开信息20条。\n"
            "（一）重点领域信息公开情况\n公开财政预决算信息3条。\n（二）依申请公开\n本年未收到申请。\n")
    r = import_text(text).report
    assert r.text("s1.active") == "本年主动公开信息20条。\n（一）重点领域信息公开情况\n公开财政预决算信息3条。"
    assert r.text("s1.request") == "本年未收到申请。"
