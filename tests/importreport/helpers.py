from __future__ import annotations

import re
from pathlib import Path

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


def publish(report: Report, path: Path) -> Path:
    """The report as it would be published, by the suffix of ``path``: .html, .docx, .pdf, or
    .txt (the text a clerk copies off the site)."""
    from model.htmlexport import export_html, plain_text
    from model.pdf import export_pdf
    from model.wordexport import export_docx

    writers = {".html": export_html, ".docx": export_docx, ".pdf": export_pdf}
    if path.suffix in writers:
        writers[path.suffix](report, path)
    else:
        path.write_text(plain_text(report), encoding="utf-8")
    return path
