"""Shared fixtures of the roadmap tests: the approved roadmap loaded as `load_roadmap` does,
and small real files (a PDF, a DOCX, an XLSX, an ODT) built in memory."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document as WordDocument

from monitoring.models import Staff
from roadmap.models import Document, DocumentKind, Measure, Meeting, MeetingKind, Roadmap


def minimal_pdf(text: str = "Prikaz") -> bytes:
    """A real one-page PDF (valid cross-reference table), small enough for any test."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def minimal_docx(text: str = "Приказ") -> bytes:
    document = WordDocument()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minimal_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["План-график"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def minimal_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def minimal_odt() -> bytes:
    return minimal_zip({
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": b"<office:document-content/>",
        "META-INF/manifest.xml": b"<manifest/>",
    })


@pytest.fixture
def approved(municipality) -> Roadmap:
    """The approved 2021–2023 roadmap, loaded by the management command."""
    call_command("load_roadmap", stdout=io.StringIO())
    return Roadmap.objects.get(slug="nogliki-2021-2023")


def measure(roadmap: Roadmap, number: str) -> Measure:
    return Measure.objects.get(roadmap=roadmap, number=number)


def make_document(kind: str = DocumentKind.ORDER, title: str = "Об утверждении дорожной карты",
                  day: date = date(2021, 1, 28), status: str = Document.Status.APPROVED,
                  school=None, measures=(), number: str = "12") -> Document:
    document = Document.objects.create(kind=kind, title=title, date=day, status=status,
                                       school=school, number=number)
    document.measures.set(measures)
    return document


def make_meeting(day: date, measures=(), kind: str = MeetingKind.HEADS,
                 status: str = Meeting.Status.HELD, topic: str = "Анализ эффективности мер",
                 level: str = "municipal", protocol: bool = True, procedures=()) -> Meeting:
    """A meeting; a held one gets its protocol (without one it would not count for 6.1–6.3)."""
    document = None
    if protocol and status == Meeting.Status.HELD:
        document = Document.objects.create(
            kind=DocumentKind.PROTOCOL, title=f"Протокол совещания {day:%d.%m.%Y}", date=day,
            status=Document.Status.APPROVED, number=f"п-{day:%m%d}")
    meeting = Meeting.objects.create(date=day, topic=topic, kind=kind, status=status,
                                     level=level, protocol=document, procedures=list(procedures))
    meeting.measures.set(measures)
    return meeting


def department_person(last: str = "Боброва") -> Staff:
    return Staff.objects.get(school__isnull=True, last_name=last)
