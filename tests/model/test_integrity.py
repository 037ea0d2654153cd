"""Anything that can be saved can be opened again: one set of limits (model.limits) applied
at the door (Report setters, parse_cell, new_report, CLI new, save) and by the loader."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cli import run_cli
from model import limits
from model.formats import CellKey
from model.limits import InputError, clean_text
from model.report import Contact, ProseText, Report, new_report, parse_cell
from model.storage import ProjectFileError, dumps, load_report, loads, save_report
from tests.model.helpers import complete_report

MONEY = CellKey("t2", "shoufei", "amount")
COUNT = CellKey("t3", "new", "natural")


# --------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize("raw,multi,single", [
    ("杭州市\ud800余杭区", "杭州市余杭区", "杭州市余杭区"),
    ("a\x07b\x00c\x1bd\x7fe\x85f\x9fg", "abcde\nfg", "abcde fg"),
    ("第一行\r\n第二行\r第三行\u2028第四行", "第一行\n第二行\n第三行\n第四行", "第一行 第二行 第三行 第四行"),
    ("列\t表", "列\t表", "列 表"),
    ("😀👨\u200d👩\u200d👧中文\ufe0f\u3000ＡＢ", "😀👨\u200d👩\u200d👧中文\ufe0f\u3000ＡＢ", "😀👨\u200d👩\u200d👧中文\ufe0f\u3000ＡＢ"),
    ("\ufffe\uffff\U0010ffff\ufdd0x", "x", "x"),
])
def test_clean_text(raw, multi, single):
    assert clean_text(raw, multiline=True) == multi
    assert clean_text(raw, multiline=False) == single
    assert clean_text(multi, multiline=True) == multi  # idempotent
    multi.encode("utf-8")


def test_check_length_message():
    limits.check_length("organ_name", "镇" * limits.ORGAN_NAME_MAX)
    with pytest.raises(InputError, match="单位名称最多100个字，现在是600个字。"):
        limits.check_length("organ_name", "镇" * 600)


# --------------------------------------------------------------------------- at the door


def test_over_long_organ_name_is_refused_at_the_door():
    r = complete_report()
    with pytest.raises(InputError, match="单位名称最多"):
        r.organ_name = "镇" * 600
    assert r.organ_name == "测试市测试区样板镇人民政府"
    with pytest.raises(InputError, match="单位名称最多"):
        new_report("镇" * 600, 2024)


@pytest.mark.parametrize("field", ["office", "address", "postcode", "phone", "fax"])
def test_over_long_contact_field_is_refused(field):
    r = complete_report()
    with pytest.raises(InputError, match="最多"):
        setattr(r.contact, field, "1" * 600)
    with pytest.raises(InputError, match="最多"):
        Contact(**{field: "1" * 600})
    setattr(r.contact, field, "1" * limits.CONTACT_MAX[field])


def test_over_long_prose_is_refused():
    r = complete_report()
    with pytest.raises(InputError, match="每段正文最多"):
        r.set_text("s1.active", "字" * 200_001)
    with pytest.raises(InputError, match="每段正文最多"):
        r.prose["s1.active"] = ProseText("字" * (limits.PROSE_MAX + 1))
    r.set_text("s1.active", "字" * limits.PROSE_MAX)


@pytest.mark.parametrize("year", [99999, 2007, -1, 2101])
def test_absurd_year_is_refused(year):
    with pytest.raises(InputError, match="报告年度"):
        new_report("某镇人民政府", year)
    r = complete_report()
    with pytest.raises(InputError, match="报告年度"):
        r.year = year
    assert r.year == 2024


def test_next_year_after_the_last_year_is_refused():
    from model.carry import next_year

    r = new_report("某镇人民政府", limits.YEAR_MAX)
    with pytest.raises(InputError, match="报告年度"):
        next_year(r)


def test_cli_new_refuses_absurd_year_and_name(tmp_path, capsys):
    out = tmp_path / "n.gknb"
    assert run_cli(["new", "--organ", "某镇人民政府", "--year", "99999", "-o", str(out)]) == 2
    assert "报告年度" in capsys.readouterr().err and not out.exists()
    assert run_cli(["new", "--organ", "镇" * 600, "--year", "2024", "-o", str(out)]) == 2
    assert "单位名称最多100个字" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("value", [Decimal("1E-400"), Decimal("1E+400"), Decimal("NaN"), Decimal("Infinity"),
                                   Decimal("0.0000001"), 10**13, 1.5, True, "3"])
def test_absurd_cell_values_are_refused_by_set(value):
    r = complete_report()
    with pytest.raises(InputError):
        r.set(MONEY, value)
    assert r.get(MONEY) == 0


@pytest.mark.parametrize("kind", ["money", "count", "signed"])
@pytest.mark.parametrize("text", ["1E-400", "1e5", "2E+3", "1.5e2"])
def test_parse_cell_refuses_exponent_notation(kind, text):
    with pytest.raises(InputError, match="科学记数法"):
        parse_cell(kind, text)


@pytest.mark.parametrize("kind", ["money", "count", "signed"])
def test_parse_cell_refuses_absurd_text(kind):
    with pytest.raises(InputError, match="太长"):
        parse_cell(kind, "0" * 500)
    with pytest.raises(InputError, match="大得不合理"):
        parse_cell(kind, "9" * 30)
    with pytest.raises(InputError):
        parse_cell(kind, "0." + "0" * 30 + "1")


def test_save_refuses_what_the_loader_would_refuse(tmp_path):
    """Even when the setters are bypassed, save never writes an unopenable file (and never
    rotates a good file into the .bak for it)."""
    p = tmp_path / "a.gknb"
    good = complete_report()
    save_report(good, p)
    save_report(good, p)
    before, bak_before = p.read_bytes(), (tmp_path / "a.gknb.bak").read_bytes()
    bad_reports = []
    r = complete_report()
    object.__setattr__(r, "organ_name", "镇" * 600)
    bad_reports.append(r)
    r = complete_report()
    r.values[MONEY] = Decimal("1E-400")
    bad_reports.append(r)
    r = complete_report()
    object.__setattr__(r, "year", 99999)
    bad_reports.append(r)
    r = complete_report()
    object.__setattr__(r.contact, "address", "路" * 501)
    bad_reports.append(r)
    r = complete_report()
    r.values[CellKey("t9", "x", "y")] = 1
    bad_reports.append(r)
    r = complete_report()
    object.__setattr__(r, "format_id", "x" * 300)
    bad_reports.append(r)
    r = complete_report()
    r.members = [{"name": 1.5}]
    bad_reports.append(r)
    for bad in bad_reports:
        with pytest.raises(ProjectFileError, match="无法保存"):
            save_report(bad, p)
        assert p.read_bytes() == before and (tmp_path / "a.gknb.bak").read_bytes() == bak_before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.gknb", "a.gknb.bak"]


def test_loader_accepts_everything_up_to_the_limits(tmp_path):
    r = new_report("镇" * limits.ORGAN_NAME_MAX, limits.YEAR_MAX)
    r.contact = Contact(**{k: "😀" * n for k, n in limits.CONTACT_MAX.items()})
    for part in r.format.prose:
        r.set_text(part.key, "字😀\n\t" * (limits.PROSE_MAX // 4))
    r.set(COUNT, limits.NUMBER_MAX)
    r.set(MONEY, Decimal("999999.9999"))
    r.set(CellKey("t3", "new", "commercial"), limits.STORED_NUMBER_MAX)
    r.set(CellKey("t3", "new", "research"), Decimal("0.000001"))
    p = tmp_path / "max.gknb"
    save_report(r, p)
    assert load_report(p) == r
    r2 = new_report("某镇人民政府", 2019)
    r2.year = limits.YEAR_MIN
    save_report(r2, p)
    assert load_report(p) == r2


def test_loader_refuses_just_beyond_the_limits_with_a_chinese_message():
    doc = json.loads(dumps(complete_report()))
    for path, value, msg in [
        (("organ_name",), "镇" * 101, "单位名称最多100个字"),
        (("contact", "address"), "路" * 201, "地址最多200个字"),
        (("year",), 2101, "报告年度"),
        (("format_id",), "x" * 300, "格式"),
        (("values", "t2.shoufei.amount"), "1E-400", "小数"),
    ]:
        d = json.loads(json.dumps(doc))
        node = d["report"]
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
        with pytest.raises(ProjectFileError, match=msg):
            loads(json.dumps(d, ensure_ascii=False).encode())


# --------------------------------------------------------------------------- dirty text


DIRTY = "某\ud800镇\x07人民\x1b政府\x9f"


def test_setters_clean_text():
    r = complete_report()
    r.organ_name = DIRTY
    assert r.organ_name == "某镇人民政府"
    r.contact.phone = "0571\x00-1234\ud8005678"
    assert r.contact.phone == "0571-12345678"
    r.set_text("s1.active", "第一段\r\n第二段\x0c\ud800")
    assert r.text("s1.active") == "第一段\n第二段\n"
    r2 = Report(organ_name=DIRTY, contact=Contact(office=DIRTY))
    assert r2.organ_name == r2.contact.office == "某镇人民政府"


def dirty_file(tmp_path, name="dirty.gknb", organ="某镇"):
    """A project file whose every text field holds a lone surrogate and control characters
    (as JSON escapes, the way another program or an old version could write them)."""
    from model.carry import next_year

    r = next_year(complete_report(2023))
    doc = json.loads(dumps(r))
    rep = doc["report"]
    bad = "\ud800\x07\x1b\x9f\ufffe"
    rep["organ_name"] = organ + bad + "人民政府"
    rep["contact"] = {k: v + bad for k, v in rep["contact"].items()}
    for p in rep["prose"].values():
        p["text"] = bad + p["text"] + bad
    rep["previous"]["source"] += bad
    rep["previous"]["prose"] = {k: v + bad for k, v in rep["previous"]["prose"].items()}
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    return p


def test_load_cleans_dirty_text(tmp_path):
    r = load_report(dirty_file(tmp_path))
    texts = [r.organ_name, *vars(r.contact).values(), *(p.text for p in r.prose.values())]
    assert r.previous is not None
    texts += [r.previous.source, *r.previous.prose.values()]
    for t in texts:
        assert clean_text(t, multiline=True) == t
        t.encode("utf-8")
    assert r.organ_name == "某镇人民政府"
    save_report(r, tmp_path / "again.gknb")
    assert load_report(tmp_path / "again.gknb") == r


def test_every_command_survives_dirty_text(tmp_path, capsys):
    src = dirty_file(tmp_path)
    other = dirty_file(tmp_path, "other.gknb", "另一乡")
    cases = [
        (["check", str(src)], (0, 1)),
        (["check", str(src), "--json"], (0, 1)),
        (["export-pdf", str(src), "-o", str(tmp_path / "a.pdf")], (0,)),
        (["export-xlsx", str(src), "-o", str(tmp_path / "a.xlsx")], (0,)),
        (["next-year", str(src), "-o", str(tmp_path / "next.gknb")], (0,)),
        (["merge", str(src), str(other), "-o", str(tmp_path / "sum.gknb"), "--organ", "某县\ud800人民政府\x07",
          "--xlsx", str(tmp_path / "sum.xlsx")], (0,)),
    ]
    for argv, codes in cases:
        code = run_cli(argv)
        out = capsys.readouterr()
        assert code in codes, (argv, out.err)
        (out.out + out.err).encode("utf-8")
    for f in ("a.pdf", "a.xlsx", "next.gknb", "sum.gknb", "sum.xlsx"):
        assert (tmp_path / f).stat().st_size > 0
    load_report(tmp_path / "next.gknb")
    assert "\ud800" not in load_report(tmp_path / "sum.gknb").organ_name


def test_check_prints_dirty_file_without_traceback(tmp_path):
    import subprocess
    import sys

    from tests.model.test_cli import ROOT

    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(dirty_file(tmp_path))],
                       capture_output=True, cwd=ROOT)
    assert p.returncode in (0, 1) and b"Traceback" not in p.stderr
    assert "某镇人民政府".encode() in p.stdout


def test_fee_and_dates_are_checked_at_the_door():
    import datetime as dt

    from model.report import FeeInfo

    for bad in [(1.5, None, None), (True, None, None), (10**13, None, None), (0, Decimal("NaN"), None),
                (0, None, Decimal("1E-400")), (0, "3", None)]:
        with pytest.raises(InputError):
            FeeInfo(*bad)
    assert FeeInfo(2, 150, Decimal("99.5")).amount_notified == Decimal(150)
    r = complete_report()
    r.publication_date = dt.datetime(2025, 1, 20, 9, 30)
    assert r.publication_date == dt.date(2025, 1, 20)
    with pytest.raises(InputError, match="日期"):
        r.deadline = "2025-01-31"
    with pytest.raises(InputError):
        r.organ_kind = "martian"
    with pytest.raises(InputError):
        r.format_id = "2031"


def test_decimal_places_are_counted_exactly():
    assert limits.decimal_places(Decimal("5.000")) == 0
    assert limits.decimal_places(Decimal("0.0000010")) == 6
    assert limits.decimal_places(Decimal("1." + "0" * 30 + "1")) == 31
    with pytest.raises(InputError):
        complete_report().set(COUNT, Decimal("1." + "0" * 30 + "1"))


def test_file_name_limits_of_ntfs_and_ext4():
    limits.check_file_name("报" * 250 + ".gknb"[:1], posix=False)  # 251 UTF-16 units: fine on NTFS
    with pytest.raises(InputError, match="文件名过长"):
        limits.check_file_name("报" * 251 + ".gknb", posix=False)
    with pytest.raises(InputError, match="文件名过长"):
        limits.check_file_name("报" * 84 + ".gknb", posix=True)  # 257 bytes
    limits.check_file_name("报" * 80 + ".gknb", posix=True)
    limits.check_file_name("a" * 246 + ".gknb", posix=True)  # 251: room for .bak
    with pytest.raises(InputError):
        limits.check_file_name("a" * 247 + ".gknb", posix=True)


def test_next_year_of_a_report_at_the_limits_saves_and_opens(tmp_path):
    """Found by bench/fuzz_storage.py: last year's 本年新收 total of cells at the stored
    limit is beyond that limit; totals have their own (STORED_TOTAL_MAX)."""
    from model.carry import next_year

    r = complete_report(2023)
    for key in r.format.input_cells():
        if key.table == "t3" and r.format.column_of(key).kind == "count":
            r.set(key, limits.STORED_NUMBER_MAX)
    new = next_year(r)
    assert new.previous is not None and new.previous.received_total > limits.STORED_NUMBER_MAX
    save_report(new, tmp_path / "n.gknb")
    assert load_report(tmp_path / "n.gknb") == new


def test_text_fields_must_be_text_and_yuan_refuses_absurd_text():
    from model.report import parse_yuan

    r = complete_report()
    with pytest.raises(InputError, match="单位名称应为文字"):
        r.organ_name = None  # type: ignore[assignment]
    with pytest.raises(InputError, match="电话应为文字"):
        r.contact.phone = 12345  # type: ignore[assignment]
    with pytest.raises(InputError, match="科学记数法"):
        parse_yuan("1E-400")
    with pytest.raises(InputError, match="太长"):
        parse_yuan("0" * 500)
