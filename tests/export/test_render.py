"""The exports as real programs show them: the .docx converted by LibreOffice (headless) to
PDF, compared with our own PDF; the HTML page shot and printed by headless Chromium.

Both programs are Debian packages (``apt-get install libreoffice-writer-nogui chromium``);
without them these tests are skipped with the reason.  Fonts: a private fontconfig file maps
仿宋_GB2312 / 宋体 / 黑体 / 楷体 … to the fonts bundled in resources/fonts — the fonts our PDF
uses when none is installed — so that the comparison is like for like."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("GKNB_PDF_FONTS", "bundled")

from model.content import H1, report_blocks  # noqa: E402
from model.finality import unfinished  # noqa: E402
from model.htmlexport import export_html  # noqa: E402
from model.pdf import export_pdf  # noqa: E402
from model.resources import resource_path  # noqa: E402
from model.tablegrid import LABEL, table_grid  # noqa: E402
from model.wordexport import export_docx  # noqa: E402
from tests.export.helpers import SAMPLES, sample  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdftoppm")

ALIASES = {"GKNB Serif SC": ["仿宋_GB2312", "仿宋", "FangSong", "方正小标宋简体", "宋体", "SimSun"],
           "GKNB Hei": ["黑体", "SimHei"], "GKNB Kai": ["楷体_GB2312", "楷体", "KaiTi"]}


def font_env(tmp: Path) -> dict[str, str]:
    conf = tmp / "fonts.conf"
    rules = "".join(f'<alias binding="same"><family>{name}</family><prefer><family>{face}</family></prefer></alias>'
                    for face, names in ALIASES.items() for name in names)
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{resource_path("fonts")}</dir><cachedir>{tmp / "fc-cache"}</cachedir>{rules}</fontconfig>',
                    encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(tmp / "home"))
    (tmp / "home").mkdir(exist_ok=True)
    return env


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def page_texts(pdf: Path) -> list[str]:
    out = []
    for i in range(1, pages(pdf) + 1):
        text = subprocess.run(["pdftotext", "-raw", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        out.append("".join(text.split()))
    return out


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory) -> dict[str, tuple[Path, Path]]:  # type: ignore[no-untyped-def]
    """name → (LibreOffice's PDF of our .docx, our own PDF)."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    if not POPPLER:
        pytest.skip("poppler-utils (pdfinfo, pdftotext) are not installed")
    tmp = tmp_path_factory.mktemp("lo")
    env = font_env(tmp)
    docs = []
    for name in SAMPLES:
        export_docx(sample(name), tmp / f"{name}.docx")
        export_pdf(sample(name), tmp / f"{name}-ours.pdf")
        docs.append(str(tmp / f"{name}.docx"))
    profile = (tmp / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                    "--outdir", str(tmp / "out"), *docs], env=env, capture_output=True, timeout=240, check=True)
    return {n: (tmp / "out" / f"{n}.pdf", tmp / f"{n}-ours.pdf") for n in SAMPLES}


@pytest.mark.parametrize("name", SAMPLES)
def test_word_file_has_about_as_many_pages_as_our_pdf(libreoffice, name: str) -> None:  # type: ignore[no-untyped-def]
    lo_pdf, ours = libreoffice[name]
    assert lo_pdf.exists(), "LibreOffice did not convert the file"
    assert abs(pages(lo_pdf) - pages(ours)) <= 1, (pages(lo_pdf), pages(ours))


@pytest.mark.parametrize("name", SAMPLES)
def test_word_file_as_libreoffice_prints_it(libreoffice, name: str) -> None:  # type: ignore[no-untyped-def]
    lo_pdf, _ = libreoffice[name]
    report = sample(name)
    texts = page_texts(lo_pdf)
    whole = "".join(texts)
    for b in report_blocks(report):
        if b.kind == H1:
            assert b.text in whole, b.text
    for g in table_grid(report.format, "t3").cells:
        if g.kind == LABEL:
            assert "".join(g.text.split()) in whole, g.text  # LibreOffice keeps the merged labels
    for i, t in enumerate(texts, start=1):
        assert f"—{i}—" in t, (i, t[-40:])  # the PAGE field is a real page number
        if not unfinished(report).clean:
            assert "草稿：本报告尚有" in t  # the header on every page
        else:
            assert "草稿" not in t


@pytest.fixture(scope="module")
def chromium(tmp_path_factory) -> tuple[Path, Path, Path]:  # type: ignore[no-untyped-def]
    """(the page, Chromium's screenshot, Chromium's print) of a draft sample."""
    if not CHROMIUM:
        pytest.skip("Chromium is not installed: apt-get install chromium")
    if not POPPLER:
        pytest.skip("poppler-utils (pdfinfo, pdftotext) are not installed")
    tmp = tmp_path_factory.mktemp("chromium")
    env = font_env(tmp)
    page = tmp / "page.html"
    export_html(sample("2021-瓶窑镇"), page)
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-extensions", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--mute-audio",
             f"--user-data-dir={tmp / 'profile'}"]
    shot, printed = tmp / "shot.png", tmp / "print.pdf"
    subprocess.run([*flags, "--window-size=1000,1400", f"--screenshot={shot}", page.as_uri()],
                   env=env, capture_output=True, timeout=120)
    subprocess.run([*flags, "--no-pdf-header-footer", f"--print-to-pdf={printed}", page.as_uri()],
                   env=env, capture_output=True, timeout=120)
    return page, shot, printed


def test_chromium_shows_the_page(chromium) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    _, shot, _ = chromium
    assert shot.exists(), "Chromium wrote no screenshot"
    im = Image.open(shot).convert("L")
    assert im.size == (1000, 1400)
    hist = im.histogram()
    dark = sum(hist[:100])  # text
    assert dark > 5000, "the screenshot shows no text"
    white = sum(hist[250:])
    assert white > im.size[0] * im.size[1] * 0.3  # the paper


def test_chromium_prints_every_page_as_draft_with_all_tables(chromium) -> None:  # type: ignore[no-untyped-def]
    _, _, printed = chromium
    assert printed.exists(), "Chromium printed nothing"
    texts = page_texts(printed)
    assert len(texts) >= 4
    for t in texts:
        assert "草稿" in t  # the fixed watermark is printed on every page
    whole = "".join(texts)
    for label in ("第二十条第（一）项", "三、本年度办理结果", "行政复议", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"):
        assert label in whole, label
