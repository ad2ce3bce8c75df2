"""The yearly documents of section IV: the analytical report per monitoring (4.1) here,
the complex, cluster analysis (4.2) in ``cluster_report``.

Both are built by report jobs (kinds ``monitoring_report`` and ``cluster_analysis``) for
an academic year «2022/2023», from the same services as the dashboards and the notes: a
year is compared with the year before, people are counted once across schools, and the
report ends with its conclusions and recommendations — in DOCX, XLSX and PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from monitoring.models import Municipality, Period, School
from monitoring.registers.registry import registry
from monitoring.registers.services import preload_owing

from .indicators.registry import MUNICIPALITY
from .indicators.scope import Span, parse_span
from .indicators.service import evaluate
from .jobs import JobError, Output, Progress, job_workdir
from .notes.collect import department_name
from .notes.conclusions import (
    PREVIOUS_YEAR,
    declines,
    monitoring_summary,
    register_conclusions,
    schools_sentence,
)
from .notes.data import AUDIENCE_TITLES, MonitoringSection, SchoolCount, indicator_table
from .notes.registers import part_of
from .notes.sections import (
    COUNTED,
    SHEETS,
    add_viewings,
    indicator_section,
    note_recommendations_for_year,
    noun_forms,
    register_counts,
    session_counts,
)
from .renderers.base import ChartSpec, Table
from .renderers.docx import OfficialDocument
from .renderers.pdf import UNAVAILABLE, PdfConversionError, docx_to_pdf, pdf_available
from .renderers.xlsx import render_tables_xlsx
from .text import format_date

#: the indicators each monitoring is judged by, in the report's conclusions
REGISTER_INDICATORS = {
    "employers": ["employer_events_share", "joint_events", "agreements"],
    "additional-education": ["additional_education_share"],
    "profile-study": ["profile_study_share"],
    "diagnostics": ["diagnostics_share"],
    "admissions": ["admitted", "admitted_ovz", "admitted_after_9", "self_determined",
                   "admitted_by_profile", "admitted_targeted", "admitted_in_region"],
    "competitions": ["competitions_share", "skills_competitions", "competition_winners"],
    "technoclasses": ["technoclass_share"],
    "growth-points": ["growth_point_share", "growth_point_schools"],
    "proektoria": ["projectoria_share", "projectoria_views"],
    "ticket-to-future": ["ticket_share"],
}


def register_indicators(slug: str) -> list[str]:
    """The monitoring's indicators: listed above, or by the register's own part of the
    documents (``reports/notes/registers/<slug>.py``, its ``INDICATORS``)."""
    if slug in REGISTER_INDICATORS:
        return REGISTER_INDICATORS[slug]
    return list(getattr(part_of(slug), "INDICATORS", []))


def academic_span(code: str) -> Span:
    try:
        span = parse_span(code)
    except ValueError as exc:
        raise JobError(str(exc)) from None
    if span.kind != "academic_year":
        raise JobError(f"Годовой документ строится за учебный год (например, 2022/2023), а не «{code}».")
    return span


def job_scope(job) -> tuple[list[School], str, Municipality | None]:
    if job.school_id:
        return [job.school], job.school.name, job.school.municipality
    municipality = Municipality.objects.order_by("pk").first()
    schools = list(School.objects.filter(is_active=True).order_by("short_name"))
    return schools, municipality.name if municipality else "муниципальное образование", municipality


def job_filename(title: str, job, extension: str) -> str:
    scope = job.school.short_name if job.school_id else "муниципалитет"
    return f"{title} {job.period_code.replace('/', '-')}, {scope}.{extension}".replace("\\", "-")


def wants_document(job) -> bool:
    """Whether the job makes the Word document (asked for, or the PDF made from it): an
    Excel-only order needs the tables alone, not the charts drawn for the document."""
    formats = job.params.get("formats", ["docx", "xlsx"])
    return "docx" in formats or "pdf" in formats


def job_outputs(job, progress: Progress, title: str, doc: OfficialDocument,
                tables: list[Table]) -> list[Output]:
    """The formats the job asked for: DOCX, the XLSX of its tables, and the PDF made from
    the DOCX by LibreOffice (or a remark on the job page when LibreOffice is missing)."""
    formats = job.params.get("formats", ["docx", "xlsx"])
    docx = doc.to_bytes() if doc.drawing else b""
    outputs: list[Output] = []
    if "docx" in formats:
        outputs.append(("docx", job_filename(title, job, "docx"), docx))
    if "xlsx" in formats:
        outputs.append(("xlsx", job_filename(title, job, "xlsx"), render_tables_xlsx(tables)))
    if "pdf" in formats:
        if not pdf_available():
            progress.remark(UNAVAILABLE + ".")
        else:
            progress(92, "Преобразование в PDF (LibreOffice)")
            try:
                pdf = docx_to_pdf(docx, workdir=job_workdir(job))
            except PdfConversionError as exc:
                raise JobError(str(exc)) from None
            outputs.append(("pdf", job_filename(title, job, "pdf"), pdf))
    return outputs


def signature(doc: OfficialDocument) -> None:
    doc.signature(settings.NOTE_SIGNER_POSITION, settings.NOTE_SIGNER_NAME,
                  format_date(timezone.localdate()))


# --------------------------------------------------------------------- 4.1 per monitoring


@dataclass
class MonitoringYear:
    title: str
    table: Table
    chart: ChartSpec
    paragraphs: list[str]
    extra_tables: list[Table] = field(default_factory=list)
    #: for the report's conclusions: the schools where the monitoring fell
    conclusions: list[str] = field(default_factory=list)
    #: (title, this year, the year before) for the summary of the changes
    change: tuple[str, int, int | None] | None = None


def monitoring_year(entry, span: Span, schools: list[School],
                    owed: tuple[bool, bool] = (True, True)) -> MonitoringYear:
    """One monitoring over an academic year: each half-year it is owed in, the year (each
    person once), ОВЗ, and the year before."""
    first, second = parse_span(f"{span.code}-1"), parse_span(f"{span.code}-2")
    halves = [register_counts(entry, first, schools) if owed[0] else None,
              register_counts(entry, second, schools) if owed[1] else None]
    year = register_counts(entry, span, schools)
    before = register_counts(entry, span.previous(), schools)

    def half(index: int, key) -> int | None:
        return None if halves[index] is None else halves[index].get(key, (0, 0))[0]

    rows = []
    for key, name in [*((s.pk, s.short_name) for s in schools), (MUNICIPALITY, "Итого")]:
        if key is MUNICIPALITY and len(schools) < 2:
            continue
        now, previous = year.get(key, (0, 0)), before.get(key, (0, 0))[0]
        rows.append([name, half(0, key), half(1, key), now[0], now[1], previous, now[0] - previous])
    table = Table(f"{entry.title} по ОО", ["ОО", "I полугодие", "II полугодие", "За год",
                                "в т.ч. с ОВЗ", "Прошлый год", "Изменение"],
                  rows, total_row=len(schools) > 1, signed=(6,), sheet_name=SHEETS.get(entry.slug, ""))
    schools_rows = rows[:len(schools)]
    chart = ChartSpec(f"{entry.title}: по ОО в сравнении с прошлым учебным годом",
                      [r[0] for r in schools_rows],
                      [(f"{span.code} учебный год", [r[3] for r in schools_rows]),
                       (f"{span.previous().code} учебный год", [r[5] for r in schools_rows])],
                      kind="barh", per_school=True)
    counted = COUNTED.get(entry.slug, "обучающихся")
    total, ovz, previous = year[MUNICIPALITY][0], year[MUNICIPALITY][1], before[MUNICIPALITY][0]
    paragraphs = register_conclusions(counted, total, previous, ovz, comparison=PREVIOUS_YEAR,
                                      forms=noun_forms(entry.slug))
    part = MonitoringYear(entry.title, table, chart, paragraphs)
    part.change = (entry.title, total, previous)
    if entry.slug == "proektoria":
        sessions, sessions_before = session_counts(span, schools), session_counts(span.previous(), schools)
        counts = [SchoolCount(s.short_name, *sessions.get(s.pk, (0, 0)),
                              sessions_before.get(s.pk, (0, 0))[0]) for s in schools]
        holder = MonitoringSection(entry.title)
        add_viewings(holder, counts, SchoolCount("Итого", *sessions[MUNICIPALITY],
                                                 sessions_before[MUNICIPALITY][0]))
        part.extra_tables = [
            Table(t.title, [c if c != "Год назад" else "Прошлый год" for c in t.columns], t.rows,
                  t.total_row, t.digits, t.sheet_name, t.signed) for t in holder.extra_tables]
        part.paragraphs += holder.paragraphs
    own = part_of(entry.slug)
    if own is not None:
        own.yearly_part(part, span, schools)
    fell = declines({r[0]: (r[3], r[5]) for r in schools_rows})
    sentence = schools_sentence(fell, f"снижение по сравнению с прошлым учебным годом по "
                                      f"мониторингу «{entry.title}»")
    if sentence and len(schools) > 1:
        part.conclusions.append(sentence)
    return part


def build_monitoring_report(job, progress: Progress) -> list[Output]:
    span = academic_span(job.period_code)
    schools, scope_label, municipality = job_scope(job)
    only = job.params.get("register")
    entries = [e for e in registry.registers() if e.per_student and (not only or e.slug == only)]
    if not entries:
        raise JobError(f"Нет такого мониторинга: «{only}».")
    title = ("Аналитический отчёт по результатам мониторинга" if only
             else "Аналитический отчёт по результатам мониторингов")
    department = department_name(municipality)
    doc = OfficialDocument(f"{title} за {span.code} учебный год", scope_label, department,
                           drawing=wants_document(job))
    doc.header_block(department, title, [f"за {span.code} учебный год", f"({scope_label})"])
    tables: list[Table] = []
    conclusions: list[str] = []
    changes: list[tuple[str, int, int | None]] = []
    schools = preload_owing(schools)
    halves = [Period.objects.get_by_code(f"{span.code}-{half}") for half in (1, 2)]
    for index, entry in enumerate(entries, 1):
        progress(5 + int(70 * index / len(entries)), f"Мониторинг: {entry.title}")
        # A school owes the yearly report a monitoring it owes in either half-year.
        owing = [s for s in schools if any(entry.owed_by(s, p) for p in halves)] or schools
        owed = tuple(any(entry.owed_by(s, p) for s in owing) for p in halves)
        part = monitoring_year(entry, span, owing, owed)
        doc.heading(f"{index}.", part.title)
        for text in part.paragraphs:
            doc.paragraph(text)
        doc.table(part.table)
        for table in part.extra_tables:
            doc.table(table)
        doc.chart(part.chart)
        tables += [part.table, *part.extra_tables]
        conclusions += part.conclusions
        changes.append(part.change)

    progress(80, "Выводы и рекомендации")
    codes = [c for e in entries for c in register_indicators(e.slug)]
    if not only:
        codes.insert(0, "unique_reach")
    evaluation = evaluate(span, codes=codes, schools=schools)
    key = job.school.pk if job.school_id else MUNICIPALITY
    rows, sentences, gaps = indicator_section(evaluation, key)
    number = len(entries) + 1
    doc.heading(f"{number}.", "Выводы")
    for text in monitoring_summary(changes, PREVIOUS_YEAR) + conclusions + sentences:
        doc.paragraph(text)
    indicators = indicator_table(rows, yearly=True,
                                 title=f"Показатели мониторингов за {span.code} учебный год")
    doc.table(indicators)
    tables.append(indicators)
    doc.heading(f"{number + 1}.", "Рекомендации")
    recommendations = note_recommendations_for_year(span, job.school, gaps)
    audiences = [(k, recommendations[k]) for k in AUDIENCE_TITLES if recommendations.get(k)]
    if not audiences:
        doc.paragraph("Целевые значения показателей мониторингов за учебный год достигнуты "
                      "или не установлены; адресных рекомендаций по итогам года нет.")
    for index, (audience, items) in enumerate(audiences, 1):
        doc.heading(f"{number + 1}.{index}.", AUDIENCE_TITLES[audience], level=2)
        doc.bullets(items)
    signature(doc)
    progress(90, "Сохранение файлов")
    return job_outputs(job, progress, "Отчёт по мониторингам", doc, tables)
