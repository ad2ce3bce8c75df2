"""Uploaded documents are recognised by their bytes, never by their names."""

from __future__ import annotations

import io

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
