"""What an uploaded document really is, decided by its content, never by its name.

A file called «приказ.pdf» may be a renamed program or a text file; the registry accepts
only PDF, DOCX, XLSX and ODT and checks the bytes:

* PDF — starts with ``%PDF-``;
* DOCX / XLSX — a ZIP container with a ``word/`` or ``xl/`` part;
* ODT — a ZIP container whose ``mimetype`` entry is the OpenDocument text type.

Pure Python (standard library only), so it is tested without Django.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["FORMATS", "DocumentFileError", "DocumentFormat", "detect_format"]

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class DocumentFormat:
    code: str
    label: str
    extension: str
    content_type: str


FORMATS: dict[str, DocumentFormat] = {
    f.code: f
    for f in (
        DocumentFormat("pdf", "PDF", ".pdf", "application/pdf"),
        DocumentFormat(
            "docx", "Word (DOCX)", ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        DocumentFormat(
            "xlsx", "Excel (XLSX)", ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        DocumentFormat("odt", "OpenDocument (ODT)", ".odt", ODT_MIMETYPE.decode()),
    )
}

ALLOWED = "PDF, DOCX, XLSX или ODT"


class DocumentFileError(ValueError):
    """The file is not an acceptable document; the message is for the user, in Russian."""


def _size_mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def detect_format(stream: BinaryIO, name: str, size: int, max_mb: int) -> DocumentFormat:
    """The format of an uploaded document, checked by content.

    :param stream: the file, positioned anywhere (it is rewound before and after);
    :param name: the name the user gave, only for the messages;
    :param size: the size in bytes;
    :param max_mb: the largest accepted size, megabytes.
    :raises DocumentFileError: too large, empty, an executable, a text file, a damaged or
        unsupported container.
    """
    if size > max_mb * 1024 * 1024:
        raise DocumentFileError(
            f"Файл «{name}» слишком большой: {_size_mb(size)} МБ, "
            f"допускается не больше {max_mb} МБ."
        )
    if size == 0:
        raise DocumentFileError(f"Файл «{name}» пуст.")
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return FORMATS["pdf"]
        if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
            # Windows (MZ) and Linux (ELF) programs: the classic «приказ.pdf.exe» renamed.
            raise DocumentFileError(
                f"Файл «{name}» — исполняемая программа, а не документ. "
                f"Загрузите документ {ALLOWED}."
            )
        if head.startswith(b"PK\x03\x04"):
            return _zip_format(stream, name)
    finally:
        stream.seek(0)
    raise DocumentFileError(
        f"Файл «{name}» не является документом {ALLOWED}: формат проверяется по "
        "содержимому файла, а не по его названию. Сохраните документ в одном из этих "
        "форматов и загрузите снова."
    )


def _zip_format(stream: BinaryIO, name: str) -> DocumentFormat:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                if archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return FORMATS["odt"]
            elif any(part.startswith("word/") for part in names):
                return FORMATS["docx"]
            elif any(part.startswith("xl/") for part in names):
                return FORMATS["xlsx"]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as exc:
        raise DocumentFileError(
            f"Файл «{name}» повреждён: архив документа не читается."
        ) from exc
    raise DocumentFileError(
        f"Файл «{name}» — архив, но не документ {ALLOWED} "
        "(например, таблица ODS, презентация или обычный ZIP)."
    )
