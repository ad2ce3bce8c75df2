"""The yearly documents of section IV: the analytical report per monitoring (4.1) and the
complex, cluster analysis across several assessment procedures (4.2).

Both are built by report jobs (kinds ``monitoring_report`` and ``cluster_analysis``) for
an academic year «2022/2023», from the same services as the dashboards."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from monitoring.models import Municipality, Period, School
from monitoring.registers.records import (
    AdditionalEducation,
    Admission,
    CompetitionParticipation,
    Diagnostic,
    EmployerInteraction,
    GrowthPointParticipation,
    ProjectoriaParticipation,
    TechnoclassParticipation,
    TicketParticipation,
)
from monitoring.registers.registry import registry
from monitoring.registers.services import preload_owing

from .clustering import cluster_chart_png, cluster_schools
from .indicators.records import in_span
from .indicators.scope import Span, parse_span
from .indicators.service import evaluate
from .jobs import JobError, Output, Progress
from .notes.collect import department_name
from .notes.conclusions import change_sentence
from .notes.sections import COUNTED, register_counts
from .renderers.base import ChartSpec, Table
from .renderers.docx import OfficialDocument
from .renderers.xlsx import render_tables_xlsx
from .text import STUDENTS, count_phrase, format_date, format_percent

#: the activities whose number a graduate took part in (registers 1, 2, 4, 6–10)
ACTIVITY_MODELS = [EmployerInteraction, AdditionalEducation, Diagnostic, CompetitionParticipation,
                   TechnoclassParticipation, GrowthPointParticipation, ProjectoriaParticipation,
                   TicketParticipation]
ACTIVITY_BANDS = [("не участвовали", 0, 0), ("1 вид", 1, 1), ("2–3 вида", 2, 3),
                  ("4 и более видов", 4, 99)]


def academic_span(code: str) -> Span:
    try:
        span = parse_span(code)
    except ValueError as exc:
        raise JobError(str(exc)) from None
    if span.kind != "academic_year":
        raise JobError(f"Годовой документ строится за учебный год (например, 2022/2023), а не «{code}».")
    return span


def _scope(job) -> tuple[list[School], str, Municipality | None]:
    if job.school_id:
        return [job.school], job.school.name, job.school.municipality
    municipality = Municipality.objects.order_by("pk").first()
    schools = list(School.objects.filter(is_active=True).order_by("short_name"))
    return schools, municipality.name if municipality else "муниципальное образование", municipality


def _filename(title: str, job, extension: str) -> str:
    scope = job.school.short_name if job.school_id else "муниципалитет"
    return f"{title} {job.period_code.replace('/', '-')}, {scope}.{extension}".replace("\\", "-")


# --------------------------------------------------------------------- 4.1 per monitoring


@dataclass
class MonitoringYear:
    title: str
    table: Table
    chart: ChartSpec
    paragraphs: list[str]


def monitoring_year(entry, span: Span, schools: list[School]) -> MonitoringYear:
    """One monitoring over an academic year: each half-year, the year, ОВЗ, the year before."""
    first, second = parse_span(f"{span.code}-1"), parse_span(f"{span.code}-2")
    halves = [register_counts(entry, first, schools), register_counts(entry, second, schools)]
    year = register_counts(entry, span, schools)
    before = register_counts(entry, span.previous(), schools)
    rows = []
    for school in schools:
        now = year.get(school.pk, (0, 0))
        previous = before.get(school.pk, (0, 0))[0]
        rows.append([school.short_name, halves[0].get(school.pk, (0, 0))[0],
                     halves[1].get(school.pk, (0, 0))[0], now[0], now[1], previous,
                     now[0] - previous])
    total = [sum(r[i] for r in rows) for i in range(1, 7)]
    if len(rows) > 1:
        rows.append(["Итого", *total])
    table = Table(entry.full_title, ["ОО", "I полугодие", "II полугодие", "За год",
                                     "в т.ч. с ОВЗ", "Прошлый год", "Изменение"],
                  rows, total_row=len(schools) > 1, signed=(6,))
    chart = ChartSpec(entry.full_title, [s.short_name for s in schools],
                      [(span.code, [r[3] for r in rows[:len(schools)]]),
                       (span.previous().code, [r[5] for r in rows[:len(schools)]])],
                      kind="barh" if len(schools) > 6 else "bar")
    counted = COUNTED.get(entry.slug, "обучающихся")
    paragraphs = [change_sentence(f"число {counted}", total[2], total[4],
                                  comparison="по сравнению с прошлым учебным годом")]
    if total[2]:
        paragraphs.append(f"В том числе обучающихся с ОВЗ — {total[3]} "
                          f"({format_percent(100.0 * total[3] / total[2])}).")
    return MonitoringYear(entry.full_title, table, chart, paragraphs)


def build_monitoring_report(job, progress: Progress) -> list[Output]:
    span = academic_span(job.period_code)
    schools, scope_label, municipality = _scope(job)
    only = job.params.get("register")
    entries = [e for e in registry if e.is_register and e.per_student and (not only or e.slug == only)]
    if not entries:
        raise JobError(f"Нет такого мониторинга: «{only}».")
    doc = OfficialDocument()
    doc.header_block(department_name(municipality),
                     "Аналитический отчёт по результатам мониторинга" if only
                     else "Аналитический отчёт по результатам мониторингов",
                     [f"за {span.code} учебный год", f"({scope_label})"])
    tables: list[Table] = []
    schools = preload_owing(schools)
    halves = [Period.objects.get_by_code(f"{span.code}-{half}") for half in (1, 2)]
    for index, entry in enumerate(entries, 1):
        progress(5 + int(80 * index / len(entries)), f"Мониторинг: {entry.title}")
        # A school owes the yearly report a monitoring it owes in either half-year.
        owing = [s for s in schools if any(entry.owed_by(s, p) for p in halves)] or schools
        part = monitoring_year(entry, span, owing)
        doc.heading(f"{index}.", part.title)
        for text in part.paragraphs:
            doc.paragraph(text)
        doc.table(part.table)
        doc.chart(part.chart)
        tables.append(part.table)
    doc.signature(settings.NOTE_SIGNER_POSITION, settings.NOTE_SIGNER_NAME,
                  format_date(timezone.localdate()))
    progress(90, "Сохранение файлов")
    title = "Отчёт по мониторингам"
    formats = job.params.get("formats", ["docx", "xlsx"])
    outputs: list[Output] = []
    if "docx" in formats:
        outputs.append(("docx", _filename(title, job, "docx"), doc.to_bytes()))
    if "xlsx" in formats:
        outputs.append(("xlsx", _filename(title, job, "xlsx"), render_tables_xlsx(tables)))
    return outputs


# ------------------------------------------------------------------ 4.2 cluster analysis


def cluster_matrix(span: Span, schools: list[School]) -> tuple[list[str], list[str], list[list[float]]]:
    """Schools × the share indicators computed from the registers (the same as the
    dashboard's); schools without students are left out."""
    evaluation = evaluate(span, schools=schools, history=False)
    codes = [d for d in evaluation.definitions
             if d.unit == "%" and d.source.startswith("Реестр") and d.breakdowns]
    names, rows = [], []
    for school in schools:
        values = [evaluation.get(d.code, school.pk).value for d in codes]
        if all(v is None for v in values):
            continue
        names.append(school.short_name)
        rows.append([v if v is not None else 0.0 for v in values])
    return names, [d.name for d in codes], rows


def outcomes_by_activity(span: Span, schools: list[School]) -> Table:
    """Graduates admitted in the year, by how many kinds of career-guidance activity they
    took part in at school: admission by profile, targeted, in the region (one query)."""
    activity = sum(
        (Case(When(Exists(model.objects.filter(student=OuterRef("student"))), then=Value(1)),
              default=Value(0), output_field=IntegerField()) for model in ACTIVITY_MODELS),
        Value(0),
    )
    rows = (Admission.objects.filter(in_span(Admission, span), school__in=schools)
            .annotate(kinds=activity).order_by().values("kinds")
            .annotate(n=Count("student", distinct=True),
                      profile=Count("student", distinct=True, filter=Q(by_profile=True)),
                      targeted=Count("student", distinct=True, filter=Q(basis="targeted")),
                      region=Count("student", distinct=True, filter=Q(in_sakhalin=True))))
    bands = {label: [0, 0, 0, 0] for label, _, _ in ACTIVITY_BANDS}
    for row in rows:
        for label, low, high in ACTIVITY_BANDS:
            if low <= row["kinds"] <= high:
                for i, key in enumerate(("n", "profile", "targeted", "region")):
                    bands[label][i] += row[key]

    def share(part: int, whole: int) -> float | None:
        return round(100.0 * part / whole, 1) if whole else None

    table_rows = [[label, n, share(p, n), share(t, n), share(r, n)]
                  for label, (n, p, t, r) in bands.items()]
    return Table("Поступление выпускников в зависимости от участия в профориентационной работе",
                 ["Участие в видах профориентационной работы", "Поступило, чел.",
                  "По профилю, %", "Целевое обучение, %", "В Сахалинской области, %"],
                 table_rows, sheet_name="Итоги по участию")


def build_cluster_analysis(job, progress: Progress) -> list[Output]:
    span = academic_span(job.period_code)
    if job.school_id:
        raise JobError("Кластерный анализ строится по муниципалитету: оставьте ОО пустой.")
    schools, scope_label, municipality = _scope(job)
    progress(10, "Показатели ОО")
    names, indicators, matrix = cluster_matrix(span, schools)
    progress(40, "Кластеризация")
    result = cluster_schools(names, indicators, matrix)
    progress(60, "Итоги выпускников по участию")
    outcomes = outcomes_by_activity(span, schools)

    doc = OfficialDocument()
    doc.header_block(department_name(municipality), "Комплексный (кластерный) анализ",
                     ["результатов нескольких оценочных процедур",
                      f"за {span.code} учебный год", f"({scope_label})"])
    doc.heading("1.", "Метод")
    doc.paragraph(
        "Каждая ОО описана профилем из показателей, рассчитанных порталом по реестрам "
        f"мониторинга ({count_phrase(len(indicators), ('показатель', 'показателя', 'показателей'))}). "
        "Значения стандартизированы (z-оценки: отклонение от среднего по муниципалитету в "
        "стандартных отклонениях), чтобы показатели с разным разбросом имели равный вес. "
        "ОО сгруппированы иерархическим методом Уорда, который объединяет ОО так, чтобы "
        "разброс внутри групп рос как можно меньше; число групп выбрано по наибольшему "
        "среднему коэффициенту силуэта.")
    doc.paragraph(result.explanation)
    doc.heading("2.", "Группы ОО")
    for group in result.groups:
        doc.paragraph(f"Группа {group.number}: {', '.join(group.schools)}.", bold=True)
        if group.description:
            doc.paragraph(group.description)
    profile = Table("Профили ОО (значения показателей, %)", ["ОО", "Группа", *indicators],
                    [[name, label, *values] for name, label, values
                     in zip(result.schools, result.labels, matrix, strict=True)],
                    sheet_name="Профили ОО")
    doc.table(profile)
    if len(names) >= 3:
        doc.picture(cluster_chart_png(result), "Дендрограмма и профили ОО (z-оценки)")
    doc.heading("3.", "Результаты выпускников в зависимости от участия в профориентационной работе")
    total = sum(row[1] for row in outcomes.rows)
    doc.paragraph(
        f"Поступивших в организации СПО и ВО за учебный год — {count_phrase(total, STUDENTS)}. "
        "Для каждого выпускника подсчитано, в скольких видах профориентационной работы "
        "(реестры 1, 2, 4, 6–10) он участвовал за время обучения.")
    doc.table(outcomes)
    doc.chart(ChartSpec("Поступление по профилю и на целевое обучение, %",
                        [row[0] for row in outcomes.rows],
                        [("По профилю", [row[2] or 0 for row in outcomes.rows]),
                         ("Целевое", [row[3] or 0 for row in outcomes.rows])]))
    doc.signature(settings.NOTE_SIGNER_POSITION, settings.NOTE_SIGNER_NAME,
                  format_date(timezone.localdate()))
    progress(90, "Сохранение файлов")
    formats = job.params.get("formats", ["docx", "xlsx"])
    outputs: list[Output] = []
    title = "Кластерный анализ"
    if "docx" in formats:
        outputs.append(("docx", _filename(title, job, "docx"), doc.to_bytes()))
    if "xlsx" in formats:
        outputs.append(("xlsx", _filename(title, job, "xlsx"),
                        render_tables_xlsx([profile, outcomes])))
    return outputs
