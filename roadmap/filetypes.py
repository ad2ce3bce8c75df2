"""What an uploaded document really is, decided by its content, never by its name.

A file called «приказ.pdf» may be a renamed program or a text file; the registry accepts
only PDF, DOCX, XLSX and ODT and checks the bytes:

* PDF — starts with ``%PDF-``, carries no script (``/JavaScript``, ``/JS``, ``/Launch``)
  and no HTML (a PDF/HTML polyglot runs as a web page where a browser sniffs it);
* DOCX / XLSX — a ZIP container with a ``word/`` or ``xl/`` part and no macros
  (``vbaProject.bin``, Excel 4.0 macro sheets, ActiveX, embedded OLE programs);
* ODT — a ZIP container whose ``mimetype`` entry is the OpenDocument text type, without
  Basic or script folders.

Containers are also checked for what they unpack to (a «ZIP bomb» is refused).

Pure Python (standard library only), so it is tested without Django.
"""

from __future__ import annotations

import re
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

# Markers no honest document of the registry needs, found anywhere in the bytes.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|RichMedia)[\s(<\[/>]")
_HTML = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed)\b|<!doctype\s+html",
                   re.IGNORECASE)
# Parts of an Office or OpenDocument container that hold programs.
_MACRO_PARTS = re.compile(
    r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml)$|(?:^|/)(?:macrosheets|activeX)/"
    r"|(?:^|/)embeddings/oleObject[^/]*\.bin$|^(?:Basic|Scripts)/",
    re.IGNORECASE,
)
# What a container may unpack to: an honest 10 MB document never comes near it.
MAX_UNPACKED = 300 * 1024 * 1024
MAX_ENTRIES = 10_000


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
            _check_pdf(stream, name)
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


def _check_pdf(stream: BinaryIO, name: str) -> None:
    """A PDF with scripts or HTML in it is refused (polyglots, auto-run actions)."""
    data = stream.read()
    stream.seek(0)
    if _HTML.search(data):
        raise DocumentFileError(
            f"Файл «{name}» — не обычный PDF: внутри есть веб-страница (HTML). Такие файлы "
            "могут выполнять программный код в браузере. Сохраните документ в PDF заново "
            "из Word или LibreOffice и загрузите его."
        )
    if _PDF_ACTIVE.search(data):
        raise DocumentFileError(
            f"Файл «{name}» содержит сценарии (JavaScript) или команды запуска программ. "
            "Сохраните документ в PDF заново без них и загрузите его."
        )


def _check_container(archive: zipfile.ZipFile, name: str) -> None:
    """Macros and bombs: a container's parts are listed and sized before anything else."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise DocumentFileError(
            f"Файл «{name}» после распаковки слишком велик: это не похоже на документ."
        )
    macros = [i.filename for i in infos if _MACRO_PARTS.search(i.filename)]
    content_types = ""
    if "[Content_Types].xml" in archive.namelist():
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if macros or "macroEnabled" in content_types or "vbaProject" in content_types:
        raise DocumentFileError(
            f"Файл «{name}» содержит макросы или встроенные программы. Реестр принимает "
            "документы без макросов: сохраните файл как обычный документ (DOCX, XLSX или "
            "ODT) и загрузите снова."
        )


def _zip_format(stream: BinaryIO, name: str) -> DocumentFormat:
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_container(archive, name)
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
