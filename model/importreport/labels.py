"""What the importer knows of real reports' wordings, as data: ``model/formats/labels.json``
(section and part heading words, other wordings of row, column and group labels, the words
that tell the tables apart).  Loaded once; every word normalised like the text it is
compared with (``text.norm``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from model.formats import FORMAT_DIR
from model.importreport.text import norm

LABELS_FILE = FORMAT_DIR / "labels.json"


@dataclass(frozen=True)
class Labels:
    section_words: dict[str, tuple[str, ...]]
    section_not: dict[str, tuple[str, ...]]
    part_heading: dict[str, tuple[str, ...]]
    part_topic: dict[str, tuple[str, ...]]
    rows: dict[str, tuple[str, ...]]  # "t2.guifanxing" → other wordings
    columns: dict[str, tuple[str, ...]]  # "t4.review_upheld" → wordings
    groups: dict[str, tuple[str, ...]]  # a group heading of the format → wordings
    tables: tuple[tuple[str, str, tuple[str, ...]], ...]  # (table, "any"/"all", words), in order
    fee: dict[str, tuple[str, ...]]  # 信息处理费 phrases: notices, amount_notified, amount_collected, no_notices, none_collected

    def table_of(self, text: str) -> str | None:
        """The table a table's whole text (normalised) is, by its tell-tale words."""
        for key, mode, words in self.tables:
            hit = all(w in text for w in words) if mode == "all" else any(w in text for w in words)
            if hit:
                return key
        return None


def _words(values: object) -> tuple[str, ...]:
    return tuple(norm(str(v)) for v in values) if isinstance(values, list) else ()


@cache
def labels() -> Labels:
    d = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    sections = d.get("sections", {})
    parts = d.get("parts", {})
    return Labels(
        section_words={k: _words(v.get("words")) for k, v in sections.items()},
        section_not={k: _words(v.get("not")) for k, v in sections.items()},
        part_heading={k: _words(v.get("heading")) for k, v in parts.items()},
        part_topic={k: _words(v.get("topic")) for k, v in parts.items()},
        rows={k: _words(v) for k, v in d.get("rows", {}).items()},
        columns={k: _words(v) for k, v in d.get("columns", {}).items()},
        groups={norm(k): _words(v) for k, v in d.get("groups", {}).items()},
        tables=tuple((k, "all" if "all" in v else "any", _words(v.get("all") or v.get("any")))
                     for k, v in d.get("tables", {}).items()),
        fee={k: _words(v) for k, v in d.get("fee", {}).items()},
    )
