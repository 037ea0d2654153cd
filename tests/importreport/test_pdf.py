"""Text-based PDF input: tables from their ruling lines and character positions, prose from
the text outside them; scans, encrypted and hostile PDFs refused in Chinese."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cli import run_cli
from model.content import part_headings
from model.formats import CellKey
from model.importreport import import_report, pdf
from model.limits import InputError
from model.storage import load_report
from model.wordexport import export_docx
from tests.importreport.helpers import prose_view

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "fixtures" / "samples").glob("*.gknb"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FONT = ROOT.parent / "resources" / "fonts" / "GKNBSerifSC-Regular.ttf"


def _canvas(buf: io.BytesIO):  # type: ignore[no-untyped-def]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if "T" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("T", str(FONT)))
    return Canvas(buf, pagesize=(595, 842))


T3_LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
             "3.危及“三安全一稳定”", "4.保护第三方合法权益"]
# blank cells on purpose: a blank stays blank, a 0 stays 0
T3_VALUES = [["5", "0", "", "", "", "1"], ["0", "", "", "", "", ""], ["3", "", "", "", "", "1"],
             ["1", "", "", "", "", ""], ["0", "0", "0", "0", "0", "0"], ["", "", "", "", "", ""],
             ["", "", "", "", "", ""], ["1", "", "", "", "", ""]]
HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def handmade_pdf(*, split_after: int = 4) -> bytes:
    """A report the way a word processor prints it: a page header and page numbers on every
    page, the 表三 rows split over two pages without repeating the header, blank cells."""
    buf = io.BytesIO()
    c = _canvas(buf)
    page = [1]

    def chrome() -> None:
        c.setFont("T", 9)
        c.drawCentredString(297, 815, "某某县人民政府门户网站")
        c.drawCentredString(297, 30, f"第 {page[0]} 页 共 2 页")

    def text(x: float, y: float, s: str, size: float = 16, right: float = 0) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        t = c.beginText(x, y)
        t.setFont("T", size)
        if right:  # a justified line: the characters spread to the right margin
            t.setCharSpace((right - x - stringWidth(s, "T", size)) / (len(s) - 1))
        t.textOut(s)
        t.setCharSpace(0)
        c.drawText(t)

    chrome()
    c.setFont("T", 22)
    c.drawCentredString(297, 740, "某某镇人民政府2021年政府信息公开工作年度报告")
    text(112, 690, "本报告根据《条例》编制。")
    text(112, 660, "一、总体情况")
    text(112, 630, "2021年，本镇认真落实政府信息公开工作要求，", right=515)
    text(80, 608, "主动公开各类信息120条。")
    text(112, 578, "三、收到和处理政府信息公开申请情况")
    xs = [80, 260, 295, 330, 365, 400, 435, 470, 515]
    y = 550
    row_h = 30
    c.setLineWidth(0.8)

    def row(label: str, cells: list[str], top: float) -> None:
        for i in range(len(xs) - 1):
            c.rect(xs[i], top - row_h, xs[i + 1] - xs[i], row_h)
        c.setFont("T", 7)
        c.drawString(xs[0] + 2, top - 18, label[:22])
        if len(label) > 22:
            c.drawString(xs[0] + 2, top - 27, label[22:])
        c.setFont("T", 5 if not label else 9)
        for i, v in enumerate(cells):
            c.drawCentredString((xs[i + 1] + xs[i + 2]) / 2, top - 18, v)

    row("", HEAD, y)
    y -= row_h
    for i, (label, values) in enumerate(zip(T3_LABELS, T3_VALUES, strict=True)):
        if i == split_after:
            c.showPage()
            page[0] += 1
            chrome()
            y = 780
        total = sum(int(v) for v in values if v) if any(values) else ""
        row(label, [*values, str(total)], y)
        y -= row_h
    text(112, y - 40, "五、存在的主要问题及改进情况")
    text(112, y - 70, "信息公开的及时性还需提高。")
    c.setFont("T", 16)
    c.drawRightString(515, y - 120, "某某镇人民政府")
    c.drawRightString(515, y - 145, "2022年1月20日")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_handmade_pdf_by_positions(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(handmade_pdf())
    result = import_report(path)
    r = result.report
    assert r.organ_name == "某某镇人民政府" and r.year == 2021
    cols = ["natural", "commercial", "research", "public_welfare", "legal_service", "other"]
    rows = ["new", "carried", "disclosed", "partial", "refused_secret", "refused_law", "refused_safety", "refused_third"]
    for row_key, values in zip(rows, T3_VALUES, strict=True):
        for col, v in zip(cols, values, strict=True):
            key = CellKey("t3", row_key, col)
            assert r.values.get(key) == (int(v) if v else None), key.as_text()  # blank stays blank
    # one paragraph over two lines, under its section
    assert "认真落实政府信息公开工作要求，主动公开各类信息120条。" in r.text(r.format.prose_of("s1")[0].key)
    everything = "".join(p.text for p in r.prose.values())
    assert "门户网站" not in everything and "第 1 页" not in everything and "共 2 页" not in everything
    assert "信息公开的及时性还需提高" in r.text("s5.problems") + r.text("s5.improvements")
    assert r.publication_date is not None and r.publication_date.isoformat() == "2022-01-20"
    assert result.complete, result.notes


def test_table_continued_on_the_next_page_is_one_table() -> None:
    items = pdf.read_pdf(handmade_pdf(split_after=3))
    tables = [it for it in items if not hasattr(it, "text")]
    assert len(tables) == 1
    labels = [row[0].text for row in tables[0].rows if row]
    assert "4.保护第三方合法权益" in labels and "（一）予以公开" in labels


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_pdf_made_by_libreoffice_from_a_docx(sample: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    original = load_report(sample)
    docx = tmp_path / "r.docx"
    export_docx(original, docx)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=110)
    result = import_report(tmp_path / "r.pdf")
    got = result.report
    assert got.organ_name == original.organ_name and got.year == original.year
    assert got.format_id == original.format_id
    assert got.values == original.values
    # LibreOffice leaves out a comma it hangs in the right margin (it is not drawn either)
    def bare(view: dict[str, str]) -> dict[str, str]:
        return {k: re.sub(r"[，、。；：]", "", v) for k, v in view.items()}
    join = not part_headings(original, "s5")
    assert bare(prose_view(got, join)) == bare(prose_view(original, join))
    assert result.complete, result.notes


def test_stored_libreoffice_pdf() -> None:
    """The same, from a stored file (LibreOffice 7 from our Word export of 2021-瓶窑镇)."""
    original = load_report(ROOT / "fixtures" / "samples" / "2021-瓶窑镇.gknb")
    result = import_report(FIXTURES / "2021-瓶窑镇-libreoffice.pdf")
    assert result.report.values == original.values
    assert prose_view(result.report, True) == prose_view(original, True)
    assert result.report.publication_date == original.publication_date


def _image_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (595, 842), "white")
    d = ImageDraw.Draw(img)
    for y in range(100, 700, 30):
        d.rectangle((80, y, 515, y + 12), fill="black")  # lines of "text" as a scan shows them
    img.save(path, "PDF", resolution=72)


def test_scanned_pdf_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scan.pdf"
    _image_pdf(path)
    with pytest.raises(InputError, match="需要文字版 PDF"):
        import_report(path)
    out = tmp_path / "r.gknb"
    assert run_cli(["import-report", str(path), "-o", str(out)]) == 2
    assert "需要文字版 PDF" in capsys.readouterr().err
    assert not out.exists()


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(handmade_pdf())
    w = PdfWriter()
    for p in PdfReader(plain).pages:
        w.add_page(p)
    w.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        w.write(f)
    with pytest.raises(InputError, match="密码"):
        import_report(path)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + b"\x00garbage" * 1000, b"%PDF-1.4\n1 0 obj << /Type /Catalog"],
                         ids=["garbage", "truncated"])
def test_damaged_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match="PDF"):
        import_report(path)


def test_too_many_pages_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pdf.MAX_PAGES + 1):
        w.add_blank_page(595, 842)
    path = tmp_path / "long.pdf"
    with path.open("wb") as f:
        w.write(f)
    with pytest.raises(InputError, match="页"):
        import_report(path)


def test_too_many_characters_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_CHARS", 200)  # a real bound, made small so the file stays small
    path = tmp_path / "r.pdf"
    path.write_bytes(handmade_pdf())
    with pytest.raises(InputError, match="文字太多"):
        import_report(path)


def test_a_pdf_renamed_to_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(handmade_pdf())
    assert import_report(path).report.organ_name == "某某镇人民政府"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_pdf_a_browser_prints_from_the_web_page(sample: Path, tmp_path: Path) -> None:
    """The page on the site saved as PDF by the browser (Chromium's print to PDF)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("no Chromium installed")
    from model.htmlexport import export_html

    original = load_report(sample)
    page = tmp_path / "r.html"
    export_html(original, page)
    out = tmp_path / "r.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={out}", page.as_uri()],
                   check=True, capture_output=True, timeout=110)
    result = import_report(out)
    got = result.report
    assert got.organ_name == original.organ_name and got.format_id == original.format_id
    assert got.values == original.values
    join = not part_headings(original, "s5")
    assert prose_view(got, join) == prose_view(original, join)
    assert result.complete, result.notes


def test_table_without_ruling_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No borders: the cells are told apart by the gaps between them.  A full row is placed; a
    row with a blank cell cannot be (nothing shows where the blank is): it is reported, not
    guessed, and its figures never end up in the prose."""
    buf = io.BytesIO()
    c = _canvas(buf)
    c.setFont("T", 16)
    c.drawCentredString(297, 740, "某某镇人民政府2021年政府信息公开工作年度报告")
    c.drawString(112, 700, "二、主动公开政府信息情况")
    c.drawString(80, 670, "第二十条第（一）项")
    c.setFont("T", 10)
    xs = [80, 260, 350, 440]
    for y, cells in ((645, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
                     (625, ["规章", "0", "0", "0"]), (605, ["行政规范性文件", "2", "", "5"])):
        for x, v in zip(xs, cells, strict=True):
            c.drawString(x, y, v)
    c.setFont("T", 16)
    c.drawRightString(515, 540, "某某镇人民政府")
    c.drawRightString(515, 515, "2022年1月20日")
    c.showPage()
    c.save()
    path = tmp_path / "r.pdf"
    path.write_bytes(buf.getvalue())
    result = import_report(path)
    v = result.report.values
    assert [v.get(CellKey("t2", "guizhang", k)) for k in ("issued", "repealed", "effective")] == [0, 0, 0]
    assert not any(k.row == "guifanxing" for k in v)
    assert result.unplaced_cells == 2 and not result.complete
    assert any("没有表格线" in n for n in result.notes)
    assert "行政规范性文件" not in "".join(p.text for p in result.report.prose.values())
    out = tmp_path / "r.gknb"
    assert run_cli(["import-report", str(path), "-o", str(out)]) == 1
    assert "没有表格线" in capsys.readouterr().out


def _flate_page_pdf(extra_spaces: int) -> bytes:
    """A one-page PDF whose content stream holds ``extra_spaces`` spaces, Flate-compressed."""
    import zlib

    comp = zlib.compress(b"BT /F1 12 Tf 72 720 Td (A) Tj ET\n" + b" " * extra_spaces, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_pdf_bomb_is_refused_before_it_is_inflated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_INFLATED", 2_000_000)  # the real bound, made small so the file stays small
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_flate_page_pdf(3_000_000))
    assert path.stat().st_size < 20_000
    with pytest.raises(InputError, match="压缩炸弹"):
        import_report(path)
    path.write_bytes(_flate_page_pdf(1_000_000))  # within the bound: read (and found to hold no text)
    with pytest.raises(InputError, match="需要文字版 PDF"):
        import_report(path)


def test_progress_per_page_and_cancel(tmp_path: Path) -> None:
    from model.xlsx.common import Cancelled

    path = tmp_path / "r.pdf"
    path.write_bytes(handmade_pdf())
    seen: list[tuple[int, int]] = []
    import_report(path, progress=lambda done, total: seen.append((done, total)) or True)
    # start, each of the 2 pages read (most of the bar), recognised
    assert seen == [(0, 100), (45, 100), (90, 100), (90, 100), (100, 100)]
    # 取消 after the first page: the import stops there
    calls = []

    def cancel(done: int, total: int) -> bool:
        calls.append(done)
        return done < 45

    with pytest.raises(Cancelled):
        import_report(path, progress=cancel)
    assert calls == [0, 45]

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        import_report(path, progress=stop)
    assert import_report(path).report.organ_name == "某某镇人民政府"  # the library is left usable


@pytest.mark.parametrize("turn", ["rotate-flag", "content-turned"])
def test_turned_pages(turn: str, tmp_path: Path) -> None:
    """A page turned only by its /Rotate entry (text still upright in the file), and a
    landscape page whose content is drawn at 90° (shown upright by /Rotate): both read as shown."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    from model.pdf import export_pdf

    original = load_report(ROOT / "fixtures" / "samples" / "2021-上官乡.gknb")
    plain = tmp_path / "plain.pdf"
    export_pdf(original, plain)
    w = PdfWriter(clone_from=PdfReader(plain))
    for page in w.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if turn == "rotate-flag":
            page.rotate(90)
        else:
            page.add_transformation(Transformation().rotate(-90).translate(0, width))
            page.mediabox = RectangleObject([0, 0, height, width])
            page.rotate(270)
    path = tmp_path / "turned.pdf"
    with path.open("wb") as f:
        w.write(f)
    result = import_report(path)
    assert result.report.values == original.values
    assert prose_view(result.report) == prose_view(original)
    assert result.complete, result.notes
