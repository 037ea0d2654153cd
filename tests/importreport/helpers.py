from __future__ import annotations

import re

from model.report import Report

S5 = ("s5.problems", "s5.improvements", "s5.last_year")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def prose_view(report: Report, join_s5: bool = False) -> dict[str, str]:
    """Prose per part as compared after a round trip: spaces ignored, 总体概述 left out (the
    exports write their own opening paragraph before 一、).  The parts of 五 are compared
    each on its own (the exports number them “（一）存在的主要问题” … when two or more have
    text); ``join_s5`` joins them, for a copy that prints them without those headings."""
    out = {k: squash(v.text) for k, v in report.prose.items()
           if v.text.strip() and k != "s1.intro" and not (join_s5 and k in S5)}
    s5 = "".join(squash(report.text(k)) for k in S5)
    if join_s5 and s5:
        out["s5"] = s5
    return out
