"""Score the importer on the real corpus: the published texts in tests/fixtures/real/src
against the tables and parts seen in tests/fixtures/real/data."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from model.formats import CellKey, all_formats, load_format
from model.importreport import import_text
from model.storage import load_report

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def published_text(name: str) -> str:
    raw = (REAL / "src" / f"{name}.txt").read_text(encoding="utf-8")
    head, _, body = raw.partition("\n---\n")
    title = ""
    for line in head.splitlines():
        if line.startswith("标题:"):
            title = line[3:].strip().split("（")[0]  # the page title, as a saved page has it
    body = body.replace("〔以下未见〕", "")
    return body if title and title in body[:300] else f"{title}\n{body}"



@dataclass
class Score:
    cells_right: int = 0
    cells_total: int = 0
    parts_placed: int = 0
    parts_total: int = 0
    blank_to_zero: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    missed_parts: list[str] = field(default_factory=list)
    unheaded: list[str] = field(default_factory=list)  # parts of reports whose sub-items have no headings
    untitled: list[str] = field(default_factory=list)  # published pages without a title line


def score(names: list[str] | None = None) -> Score:
    s = Score()
    for data_path in sorted((REAL / "data").glob("*.json")):
        name = data_path.stem
        if names is not None and name not in names:
            continue
        data = json.loads(data_path.read_text(encoding="utf-8"))
        if data["year"] < min(f.first_year for f in all_formats()):
            continue  # the old format (2018 and before) is refused with a message: tests/importreport/test_real_corpus.py
        if data.get("no_title"):
            s.untitled.append(name)  # the page has no title line: refused with the reason (test_real_corpus.py)
            continue
        result = import_text(published_text(name), data.get("year"))
        got = result.report
        fmt = load_format(data["format"])
        for tk, rows in data.get("tables", {}).items():
            t = fmt.table(tk)
            for row_key, values in rows.items():
                cols = t.block_of(row_key).columns if tk != "t4" else t.blocks[0].columns
                pairs = ([(c, values.get(c.key)) for c in cols if c.key in values] if isinstance(values, dict)
                         else list(zip(cols, values, strict=False)))
                for col, want in pairs:
                    key = CellKey(tk, row_key, col.key)
                    if fmt.is_computed(key):
                        continue
                    s.cells_total += 1
                    have = got.values.get(key) if got.format_id == fmt.id else "format"
                    if have == want or (want is not None and have is not None and str(have) == str(want)):
                        s.cells_right += 1
                    else:
                        s.wrong.append(f"{name} {key.as_text()} {have!r} != {want!r}")
                        if want is None and have == 0:
                            s.blank_to_zero.append(f"{name} {key.as_text()}")
        published = load_report(REAL / f"{name}.gknb")
        for part in data.get("parts", {}):  # the parts the published text has
            if not published.text(part).strip():
                continue  # a heading with nothing under it (2023-桦林镇 “（二）依申请公开。”)
            if data.get("parts_without_headings"):
                s.unheaded.append(f"{name} {part}: {'placed' if got.text(part).strip() else 'not placed'}")
                continue  # sub-items written as bare paragraphs: placing them needs more than headings
            s.parts_total += 1
            if got.text(part).strip():
                s.parts_placed += 1
            else:
                s.missed_parts.append(f"{name} {part}")
    return s


if __name__ == "__main__":
    r = score()
    print(f"cells {r.cells_right}/{r.cells_total}, parts {r.parts_placed}/{r.parts_total}, blank→0 {len(r.blank_to_zero)}")
    for w in r.wrong[:40]:
        print(" ", w)
    for m in r.missed_parts[:40]:
        print(" -", m)
