"""Documents: accepting an uploaded file, and the completeness of the normative base."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ..filetypes import DocumentFileError, DocumentFormat, detect_format
from ..models import Document, RequiredDocument, Roadmap


def check_document_file(upload: UploadedFile) -> DocumentFormat:
    """The format of an uploaded document, by content; ValidationError in Russian otherwise.

    The size limit is ``settings.UPLOAD_MAX_MB``; a renamed program or a text file is
    refused whatever its name says."""
    try:
        return detect_format(upload, upload.name, upload.size, settings.UPLOAD_MAX_MB)
    except DocumentFileError as exc:
        raise ValidationError(str(exc), code="document_file") from exc


def attach_file(document: Document, upload: UploadedFile, file_format: DocumentFormat) -> None:
    """Put a checked upload on a document (saved by the caller)."""
    document.file_format = file_format.code
    document.file_name = upload.name[-255:]
    document.file_size = upload.size
    document.file = upload


@transaction.atomic
def save_document(document: Document, *, measures=None, user=None,
                  replaced_file: str = "") -> Document:
    """Save a document of the registry (new or edited) with its measures.

    ``replaced_file`` — the stored name of the file a new upload replaces: it is removed
    once the change is committed, so no unreachable file is left in the storage."""
    if document.pk is None and user is not None and user.is_authenticated:
        document.uploaded_by = user
    document.save()
    if measures is not None:
        document.measures.set(measures)
    if replaced_file and replaced_file != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(replaced_file))
    return document


@dataclass
class Completeness:
    """The indicator «наличие необходимого и достаточного состава нормативных документов».

    ``value`` — the share of the checklist's lines satisfied on ``on``, per cent (None when
    the roadmap has no checklist); ``missing`` — the lines nobody has satisfied yet."""

    roadmap: Roadmap
    on: date
    value: float | None
    required: int
    present: int
    missing: list[RequiredDocument] = field(default_factory=list)
    found: list[tuple[RequiredDocument, Document]] = field(default_factory=list)


def normative_documents_completeness(roadmap: Roadmap, on: date | None = None) -> Completeness:
    """How complete the roadmap's normative base is on ``on`` (today by default).

    A checklist line is satisfied by a document of its kind that is in force on the date
    (approved and dated by then, not yet repealed) and whose title contains the line's
    words or which is linked to the line's measure. Three queries whatever the sizes."""
    on = on or timezone.localdate()
    required = list(roadmap.required_documents.select_related("measure"))
    kinds = {item.kind for item in required}
    candidates = list(
        Document.objects.filter(kind__in=kinds, date__lte=on)
        .exclude(status=Document.Status.DRAFT)
        .prefetch_related("measures")
        .order_by("-date", "-pk")
    )
    in_force = [d for d in candidates if d.in_force_on(on)]
    linked = {d.pk: {m.pk for m in d.measures.all()} for d in in_force}

    missing, found = [], []
    for item in required:
        match = next((d for d in in_force if item.is_satisfied_by(d, linked[d.pk])), None)
        if match is None:
            missing.append(item)
        else:
            found.append((item, match))
    value = round(100 * len(found) / len(required), 1) if required else None
    return Completeness(roadmap, on, value, len(required), len(found), missing, found)
