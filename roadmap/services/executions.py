"""Recording the execution of a measure's occurrence, with its evidence."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ..models import Document, Execution
from .documents import save_document


@transaction.atomic
def save_execution(execution: Execution, *, documents: Iterable[Document] = (),
                   new_document: Document | None = None, user=None) -> Execution:
    """Save an execution record, attaching registry documents and a newly uploaded one.

    Evidence is also linked to the measure, so the documents registry and the checklist of
    required documents see which measure a document belongs to."""
    if execution.pk is None and user is not None and user.is_authenticated:
        execution.author = user
    execution.save()
    evidence = list(documents)
    if new_document is not None:
        save_document(new_document, user=user)
        evidence.append(new_document)
    execution.documents.set(evidence)
    for document in evidence:
        document.measures.add(execution.measure)
    return execution
