"""Hostile input is bounded and answered in Chinese; nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from model.importreport import import_report, readers
from model.limits import InputError

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_zip_bomb_docx_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a/>" + b" " * (readers.MAX_DOCX_XML + 10))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputError, match="压缩炸弹"):
        import_report(path)


def _docx(path: Path, document_xml: str) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", document_xml)
    path.write_bytes(buf.getvalue())
    return path


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    lol = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "某某镇2021年政府信息公开工作年度报告">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(InputError):  # the entity is not expanded, so there is no title
        import_report(_docx(tmp_path / "lol.docx", lol))


def test_external_entity_is_not_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("某某镇2021年政府信息公开工作年度报告", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(InputError):
        import_report(_docx(tmp_path / "xxe.docx", xml))


def test_deeply_nested_html_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 5000 + "某某镇2021年政府信息公开工作年度报告" + "</div>" * 5000
                    + "</body></html>", encoding="utf-8")
    with pytest.raises(InputError):  # refused by its depth, before any work on it
        import_report(path)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(readers.MAX_FILE + 1)
    with pytest.raises(InputError, match="太大"):
        import_report(path)


def test_renamed_doc_as_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    with pytest.raises(InputError, match="另存为 .docx"):
        import_report(path)


def test_binary_garbage_txt_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 100)
    with pytest.raises(InputError):
        import_report(path)
