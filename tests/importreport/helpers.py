from __future__ import annotations

import re

from model.report import Report

S5 = ("s5.problems", "s5.improvements", "s5.last_year")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def prose_view(report: Report) -> dict[str, str]:
    """Prose per part as compared after a round trip: spaces ignored, the 五、 parts joined
    (our exports print them without headings between them), 总体概述 left out (the
    exports write their own opening paragraph before 一、)."""
    out = {k: squash(v.text) for k, v in report.prose.items() if v.text.strip() and k not in S5 and k != "s1.intro"}
    s5 = "".join(squash(report.text(k)) for k in S5)
    if s5:
        out["s5"] = s5
    return out
