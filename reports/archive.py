"""What is kept: generated documents approved into the registry, and closed years.

* :func:`approve_into_registry` — a finished note or yearly report becomes a document of
  the roadmap's registry (kind «справка» or «отчёт», number, date, the file): from then on
  it is never purged, it can be cited as the material of a meeting or the basis of a
  decision, and it is downloaded under the registry's permissions; an approved yearly
  report closes measure 4.1 / 4.2 of its year (``roadmap.products``).
* :func:`close_year` — «Закрыть учебный год»: the year's indicator values (the academic
  year and its two half-years, the municipality and every school) are frozen in
  :class:`~reports.models.IndicatorSnapshot`; :func:`corrections` shows what changed since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from monitoring.models import School
from roadmap.filetypes import FORMATS
from roadmap.models import Document, DocumentKind, GeneratedKind
from roadmap.services import save_document

from .indicators.scope import parse_span
from .indicators.service import definitions, evaluate
from .models import IndicatorSnapshot, ReportFile, ReportJob, YearClosure
from .text import period_label

#: the registry's kind for each job kind
DOCUMENT_KINDS = {
    ReportJob.Kind.HALF_YEAR_NOTE: DocumentKind.NOTE,
    ReportJob.Kind.MONITORING_REPORT: DocumentKind.REPORT,
    ReportJob.Kind.CLUSTER_ANALYSIS: DocumentKind.REPORT,
}
#: which output goes into the registry, best first (a signed PDF is what gets filed)
PREFERRED_FORMATS = ("pdf", "docx", "xlsx")


class ArchiveError(Exception):
    """Why something cannot be archived, in Russian."""


def registry_title(job: ReportJob) -> str:
    title = f"{job.get_kind_display()} — {job.period_label}, {job.scope_label}"
    if job.preliminary_as_of:
        title += f" (предварительные данные на {job.preliminary_as_of:%d.%m.%Y})"
    return title


@transaction.atomic
def approve_into_registry(job: ReportJob, *, number: str, date: dt.date, title: str = "",
                          user=None) -> Document:
    """File a finished job's document in the registry (once: a second click finds it)."""
    locked = ReportJob.objects.select_for_update().get(pk=job.pk)
    if locked.document_id is not None:
        return locked.document
    if locked.status != ReportJob.Status.DONE:
        raise ArchiveError("В реестр можно утвердить только готовый документ.")
    files = {f.format: f for f in ReportFile.objects.filter(job=locked)}
    output = next((files[f] for f in PREFERRED_FORMATS if f in files), None)
    if output is None:
        raise ArchiveError("У задания нет файлов: перезапустите его.")
    try:
        content = output.file.read()
    except FileNotFoundError:
        raise ArchiveError("Файл задания не найден: перезапустите задание.") from None
    finally:
        output.file.close()
    document = Document(
        kind=DOCUMENT_KINDS[locked.kind], number=number, date=date,
        title=title or registry_title(locked), school=locked.school,
        status=Document.Status.APPROVED, generated_kind=GeneratedKind(locked.kind),
        period_code=locked.period_code,
    )
    document.file_format = output.format
    document.file_name = output.filename[-255:]
    document.file_size = len(content)
    # The registry keeps its own copy: the job's files may be rebuilt, the filed one not.
    document.file.save(f"{Path(output.filename).stem}{FORMATS[output.format].extension}",
                       ContentFile(content), save=False)
    save_document(document, user=user)
    locked.document = document
    locked.save(update_fields=["document"])
    job.document = document
    return document


# ----------------------------------------------------------------------------- year close


def academic_year_spans(code: str) -> list[str]:
    return [code, f"{code}-1", f"{code}-2"]


def year_is_over(code: str, today: dt.date | None = None) -> bool:
    span = parse_span(code)
    return (today or timezone.localdate()) > span.end


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 2)))


@transaction.atomic
def close_year(code: str, user=None, today: dt.date | None = None) -> YearClosure:
    """Freeze the indicator values of an academic year «2022/2023» (once).

    The closure row is created first under a unique constraint, so a double click or two
    people closing at once freeze the values once; the second gets a Russian refusal."""
    span = parse_span(code)
    if span.kind != "academic_year":
        raise ValidationError(f"Закрывается учебный год (например, 2022/2023), а не «{code}».")
    if not year_is_over(code, today):
        raise ValidationError(f"{code} учебный год ещё не закончился (до {span.end:%d.%m.%Y}).")
    try:
        with transaction.atomic():
            closure = YearClosure.objects.create(academic_year=code, closed_by=user)
    except IntegrityError:
        raise ValidationError(f"{code} учебный год уже закрыт.") from None
    schools = list(School.objects.filter(is_active=True).order_by("short_name"))
    rows = []
    for span_code in academic_year_spans(code):
        evaluation = evaluate(parse_span(span_code), schools=schools, history=False)
        for (indicator_code, school_id), item in evaluation.values.items():
            rows.append(IndicatorSnapshot(
                closure=closure, span_code=span_code, indicator_code=indicator_code,
                school_id=school_id, value=_decimal(item.value),
                numerator=_decimal(item.measure.numerator),
                denominator=_decimal(item.measure.denominator),
                target=_decimal(item.target),
            ))
    IndicatorSnapshot.objects.bulk_create(rows, batch_size=500)
    return closure


@dataclass(frozen=True)
class Correction:
    """A frozen value that differs from today's: a correction made after the year closed."""

    span_code: str
    indicator_code: str
    indicator_name: str
    unit: str
    school: str  # «муниципалитет» or the school's short name
    frozen: Decimal | None
    current: Decimal | None

    @property
    def span_label(self) -> str:
        return period_label(self.span_code)

    @property
    def delta(self) -> Decimal | None:
        if self.frozen is None or self.current is None:
            return None
        return self.current - self.frozen


def corrections(closure: YearClosure) -> list[Correction]:
    """Every value of the closed year that is not what it was at the closure."""
    names = {d.code: d for d in definitions()}
    schools = dict(School.objects.values_list("pk", "short_name"))
    frozen: dict[tuple[str, str, int | None], Decimal | None] = {
        (s.span_code, s.indicator_code, s.school_id): s.value
        for s in closure.snapshots.all()
    }
    school_ids = sorted({key[2] for key in frozen if key[2] is not None})
    found = []
    for span_code in academic_year_spans(closure.academic_year):
        evaluation = evaluate(parse_span(span_code), history=False,
                              schools=list(School.objects.filter(pk__in=school_ids)))
        for (indicator_code, school_id), item in evaluation.values.items():
            key = (span_code, indicator_code, school_id)
            if key not in frozen or indicator_code not in names:
                continue
            now = _decimal(item.value)
            now = None if now is None else now.quantize(Decimal("0.1"))
            before = frozen[key]
            before = None if before is None else before.quantize(Decimal("0.1"))
            if now != before:
                definition = names[indicator_code]
                found.append(Correction(
                    span_code, indicator_code, definition.name, definition.unit,
                    schools.get(school_id, "муниципалитет") if school_id else "муниципалитет",
                    before, now,
                ))
    return sorted(found, key=lambda c: (c.span_code, c.school != "муниципалитет", c.school,
                                        names[c.indicator_code].order))


def closure_for_span(span_code: str) -> YearClosure | None:
    """The closure of the academic year a span belongs to (None if not closed)."""
    try:
        span = parse_span(span_code)
    except ValueError:
        return None
    if span.kind == "calendar_year":
        return None
    start = span.start.year if span.start.month >= 9 else span.start.year - 1
    return YearClosure.objects.filter(academic_year=f"{start}/{start + 1}").first()
