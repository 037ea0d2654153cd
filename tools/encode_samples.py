"""Encode the three published sample reports (../shared/samples/*.txt) as project files.

The table figures are typed in by hand from the published tables; the prose is cut from
the published text.  Output: tests/fixtures/samples/*.gknb and the bundled example
resources/examples/示例-上官乡2021.gknb.  Run from the project root:
    python tools/encode_samples.py ../shared/samples
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.formats import CellKey  # noqa: E402
from model.report import Contact, Report, new_report  # noqa: E402
from model.storage import save_report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "samples"


def between(text: str, start: str, end: str | None) -> str:
    i = text.index(start) + len(start)
    j = text.index(end, i) if end else len(text)
    body = text[i:j]
    lines = [re.sub(r"^\s+|\s+$", "", ln) for ln in body.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def zero_all(r: Report) -> None:
    for k in r.format.input_cells():
        r.values[k] = 0


def shangguan(src: Path) -> Report:
    t = (src / "2021-上官乡.txt").read_text(encoding="utf-8")
    r = new_report("杭州市富阳区上官乡人民政府", 2021, "township")
    zero_all(r)
    r.values[CellKey("t3", "new", "natural")] = 1
    r.values[CellKey("t3", "refused_third", "natural")] = 1
    r.set_text("s1.intro", between(t, "一、总体情况", "主动公开\n"))
    r.set_text("s1.active", between(t, "主动公开\n", "（二）依申请公开"))
    r.set_text("s1.request", between(t, "（二）依申请公开", "（三）政府信息管理"))
    r.set_text("s1.management", between(t, "（三）政府信息管理", "（四）信息公开平台建设"))
    r.set_text("s1.platform", between(t, "（四）信息公开平台建设", "（五）信息公开监督保障"))
    r.set_text("s1.supervision", between(t, "（五）信息公开监督保障", "二、主动公开政府信息情况"))
    s5 = between(t, "存在的主要问题及改进情况", "其他需要报告的事项").split("\n")
    r.set_text("s5.problems", s5[0])
    r.set_text("s5.improvements", "\n".join(s5[1:]))
    r.set_text("s6.other", between(t, "其他需要报告的事项", None))
    return r


def pingyao(src: Path) -> Report:
    t = (src / "2021-瓶窑镇.txt").read_text(encoding="utf-8")
    # the published report is a 2021 report on the outdated 2019 tables: encode it as such
    r = new_report("杭州市余杭区瓶窑镇人民政府", 2020, "township")
    r.year = 2021
    r.contact = Contact("党政综合办公室", "杭州市余杭区瓶窑镇前程路28号", "311115", "0571-88538105", "0571-88533828")
    r.publication_date = dt.date(2022, 1, 13)
    fmt = r.format
    assert fmt.id == "2019"
    for k in fmt.input_cells():
        if k.row != "caigou":  # the published table has no 第二十条第（九）项 block at all
            r.values[k] = 0
    r.values[CellKey("t3", "new", "natural")] = 11
    r.values[CellKey("t3", "disclosed", "natural")] = 9
    r.values[CellKey("t3", "partial", "natural")] = 1
    r.values[CellKey("t3", "carry_next", "natural")] = 1
    r.set_text("s1.intro", between(t, "瓶窑镇2021年政府信息公开工作年度报告", "一、总体情况"))
    r.set_text("s1.active", between(t, "（一）主动公开情况。", "（二）依申请公开办理情况。"))
    r.set_text("s1.request", between(t, "（二）依申请公开办理情况。", "（三）政府信息管理情况。"))
    r.set_text("s1.management", between(t, "（三）政府信息管理情况。", "（四）平台建设情况。"))
    r.set_text("s1.platform", between(t, "（四）平台建设情况。", "（五）监督保障情况。"))
    r.set_text("s1.supervision", between(t, "（五）监督保障情况。", "二、主动公开政府信息情况").replace("信息\n公开", "信息公开"))
    r.set_text("s2.note", between(t, "二、主动公开政府信息情况", "第二十条第（一）项"))
    r.set_text("s4.note", between(t, "四、政府信息公开行政复议、行政诉讼情况", "行政复议\n"))
    s5 = between(t, "五、存在的主要问题及改进措施", "六、其他需要报告的事项").split("\n")
    r.set_text("s5.problems", s5[0])
    r.set_text("s5.improvements", "\n".join(s5[1:]))
    r.set_text("s6.other", between(t, "六、其他需要报告的事项", "杭州市余杭区瓶窑镇人民政府\n"))
    return r


def qingliangfeng(src: Path) -> Report:
    t = (src / "2020-清凉峰镇.txt").read_text(encoding="utf-8")
    r = new_report("杭州市临安区清凉峰镇人民政府", 2020, "township")
    fmt = r.format
    for k in fmt.table("t2").input_cells() + fmt.table("t4").input_cells():
        r.values[k] = 0
    # 表三: only the 自然人 column of a few rows was filled; the rest was left blank
    for row, v in (("new", 1), ("carried", 0), ("disclosed", 1), ("other", 0), ("carry_next", 0)):
        r.values[CellKey("t3", row, "natural")] = v
    r.set_text("s1.active", between(t, "（一）主动公开和依申请公开方面：", "（二）平台建设方面："))
    r.set_text("s1.platform", between(t, "（二）平台建设方面：", "（三）政策解读方面："))
    r.set_text("s1.management", "政策解读方面：" + between(t, "（三）政策解读方面：", "（四）回应关切方面：")
               + "\n回应关切方面：" + between(t, "（四）回应关切方面：", "（五）监督保障方面："))
    r.set_text("s1.supervision", between(t, "（五）监督保障方面：", "二、主动公开政府信息情况"))
    r.set_text("s5.problems", between(t, "存在的主要问题：", "改进情况：").replace("[bookmark: _GoBack]", ""))
    r.set_text("s5.improvements", between(t, "改进情况：", "六、其他需要报告的事项"))
    r.set_text("s6.other", between(t, "六、其他需要报告的事项", None))
    return r


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "samples")
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "2021-上官乡.gknb": shangguan(src),
        "2021-瓶窑镇.gknb": pingyao(src),
        "2020-清凉峰镇.gknb": qingliangfeng(src),
    }
    for name, rep in files.items():
        save_report(rep, OUT / name)
        (OUT / (name + ".bak")).unlink(missing_ok=True)
        print("wrote", OUT / name)
    ex = ROOT / "resources" / "examples"
    ex.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OUT / "2021-上官乡.gknb", ex / "示例-上官乡2021.gknb")


if __name__ == "__main__":
    main()
