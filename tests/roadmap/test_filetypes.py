"""Uploaded documents are recognised by their bytes, never by their names."""

from __future__ import annotations

import io
import zipfile

import pytest

from roadmap.filetypes import DocumentFileError, detect_format

from .conftest import minimal_docx, minimal_odt, minimal_pdf, minimal_xlsx, minimal_zip


def detect(content: bytes, name: str = "документ.pdf", max_mb: int = 10):
    return detect_format(io.BytesIO(content), name, len(content), max_mb)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (minimal_pdf(), "pdf"),
        (minimal_docx(), "docx"),
        (minimal_xlsx(), "xlsx"),
        (minimal_odt(), "odt"),
    ],
)
def test_real_documents_are_recognised_whatever_their_names(content, code):
    assert detect(content, "без расширения").code == code
    assert detect(content, "приказ.exe").code == code


def test_renamed_executable_is_refused():
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    with pytest.raises(DocumentFileError) as info:
        detect(program, "приказ.pdf")
    assert str(info.value).startswith("Файл «приказ.pdf» — исполняемая программа, а не документ.")
    with pytest.raises(DocumentFileError, match="исполняемая программа"):
        detect(b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "положение.docx")


def test_text_file_is_refused():
    with pytest.raises(DocumentFileError, match="не является документом PDF, DOCX, XLSX или ODT"):
        detect("Приказ № 12 от 28.01.2021".encode(), "приказ.pdf")


def test_other_zip_containers_are_refused():
    ods = minimal_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                       "content.xml": b"<x/>"})
    with pytest.raises(DocumentFileError, match="архив, но не документ"):
        detect(ods, "таблица.odt")
    with pytest.raises(DocumentFileError, match="архив, но не документ"):
        detect(minimal_zip({"readme.txt": b"hi"}), "архив.docx")
    with pytest.raises(DocumentFileError, match="повреждён"):
        detect(b"PK\x03\x04" + b"\x00" * 50, "битый.docx")


def test_size_limit_and_empty_file():
    big = minimal_pdf() + b"\x00" * (1024 * 1024)
    with pytest.raises(DocumentFileError) as info:
        detect(big, "скан.pdf", max_mb=1)
    assert str(info.value) == "Файл «скан.pdf» слишком большой: 1,0 МБ, допускается не больше 1 МБ."
    with pytest.raises(DocumentFileError, match="пуст"):
        detect(b"", "пусто.pdf")


def test_stream_is_rewound_for_saving():
    stream = io.BytesIO(minimal_docx())
    stream.seek(100)
    detect_format(stream, "x.docx", len(stream.getvalue()), 10)
    assert stream.tell() == 0


def with_parts(document: bytes, extra: dict[str, bytes]) -> bytes:
    """A real Office/OpenDocument container with parts added, as Excel or Writer would."""
    source = zipfile.ZipFile(io.BytesIO(document))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        for part, content in extra.items():
            archive.writestr(part, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        # A PDF whose comment line is a web page: a browser sniffing it runs the script.
        (minimal_pdf().replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<html><script>alert(1)</script>\n"),
         "приказ.pdf"),
        (minimal_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S "
                               b"/JavaScript /JS (app.alert(1)) >>"), "положение.pdf"),
        (minimal_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /Launch "
                               b"/F (cmd.exe) >>"), "регламент.pdf"),
    ],
)
def test_pdf_polyglots_and_pdfs_with_scripts_are_refused(content, name):
    with pytest.raises(DocumentFileError) as info:
        detect(content, name)
    assert str(info.value).startswith(f"Файл «{name}»")
    assert "HTML" in str(info.value) or "JavaScript" in str(info.value)


@pytest.mark.parametrize(
    ("document", "parts"),
    [
        (minimal_xlsx(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
        (minimal_xlsx(), {"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"}),
        (minimal_docx(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
        (minimal_docx(), {"word/activeX/activeX1.bin": b"\xd0\xcf\x11\xe0"}),
        (minimal_docx(), {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0MZ"}),
        (minimal_odt(), {"Basic/Standard/Module1.xml": b"<script:module/>"}),
    ],
)
def test_documents_carrying_macros_or_programs_are_refused(document, parts):
    with pytest.raises(DocumentFileError, match="содержит макросы или встроенные программы"):
        detect(with_parts(document, parts), "план-график.xlsx")


def test_a_macro_enabled_content_type_is_refused_even_without_the_macro_part():
    source = zipfile.ZipFile(io.BytesIO(minimal_xlsx()))
    types = source.read("[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, types if item.filename == "[Content_Types].xml"
                             else source.read(item))
    with pytest.raises(DocumentFileError, match="макросы"):
        detect(buffer.getvalue(), "таблица.xlsm")


def test_a_container_that_unpacks_to_gigabytes_is_refused():
    bomb = with_parts(minimal_docx(), {"word/media/zeros.bin": b"\0" * (301 * 1024 * 1024)})
    assert len(bomb) < 2 * 1024 * 1024  # what is uploaded is small
    with pytest.raises(DocumentFileError, match="после распаковки слишком велик"):
        detect(bomb, "приказ.docx")
