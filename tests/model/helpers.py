"""Builders for test reports."""

from __future__ import annotations

import datetime as dt

from model.formats import CellKey
from model.report import Contact, FeeInfo, Report, new_report


def complete_report(year: int = 2024, kind: str = "township") -> Report:
    """A report with every cell 0, every required prose part written and no findings."""
    r = new_report("测试市测试区样板镇人民政府", year, kind)
    for k in r.format.input_cells():
        r.values[k] = 0
    for p in r.format.prose:
        if p.required:
            r.set_text(p.key, f"{p.label}：本年度按要求开展了相关工作，具体情况如下，均已落实。")
    # a 人民政府 reports 工作考核、社会评议和责任追究结果 (《条例》第五十条第（四）项)
    r.set_text("s1.supervision", "监督保障：本年度将政府信息公开纳入绩效考核，开展社会评议，未发生责任追究情况。")
    r.fee = FeeInfo(0, None, None)
    r.contact = Contact("党政办公室", "样板镇人民路1号", "311000", "0571-12345678", "")
    r.publication_date = dt.date(year + 1, 1, 20)
    return r


def t3(row: str, col: str = "natural") -> CellKey:
    return CellKey("t3", row, col)
