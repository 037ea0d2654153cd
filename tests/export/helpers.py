"""Shared test reports and readers for the Word and HTML exports."""

from __future__ import annotations

import copy
from pathlib import Path

from model.report import Report
from model.storage import load_report

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SAMPLES = ["2021-上官乡", "2021-瓶窑镇", "2020-清凉峰镇"]

HOSTILE_ORGAN = '<script>alert("organ")</script>某镇 & “人民” \'政府\' <b>粗</b>'
HOSTILE_PROSE = 'a < b && c > d; "引号" \'单引号\' </p><script>alert(1)</script><img src=x onerror=alert(2)> &amp; &lt;'


def sample(name: str) -> Report:
    return load_report(SAMPLES_DIR / f"{name}.gknb")


def hostile(name: str = "2021-上官乡") -> Report:
    """A sample whose organ name, contact and prose carry markup and entities."""
    r = copy.deepcopy(sample(name))
    r.organ_name = HOSTILE_ORGAN
    r.set_text("s1.active", HOSTILE_PROSE)
    r.contact.office = "<i>办公室</i>&"
    return r
