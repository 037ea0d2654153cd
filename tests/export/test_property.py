"""Whatever the clerk types (after the model's own cleaning) comes out of the Word file and
the web page as exactly that text."""

from __future__ import annotations

import io

import docx
import html5lib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.content import paragraphs
from model.htmlexport import render_html
from model.wordexport import render_docx
from tests.model.helpers import complete_report

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose=TEXT, organ=TEXT)
def test_any_text_survives_both_exports(prose: str, organ: str) -> None:
    r = complete_report()
    r.set_text("s1.active", "开头" + prose)
    r.organ_name = "某" + organ.replace("\n", " ")
    want = paragraphs(r.text("s1.active"))
    data, _ = render_docx(r)
    d = docx.Document(io.BytesIO(data))
    texts = [p.text for p in d.paragraphs]
    for para in want:
        assert para in texts
    assert texts[-2] == r.organ_name.strip()
    doc = html5lib.parse(render_html(r), treebuilder="etree", namespaceHTMLElements=False)
    ps = ["".join(p.itertext()) for p in doc.iter("p")]
    for para in want:
        assert para in ps
    assert not list(doc.iter("script"))
