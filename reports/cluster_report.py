"""The complex, cluster analysis across several assessment procedures (roadmap 4.2), a
report job of kind ``cluster_analysis`` for an academic year.

Schools are grouped by their indicator profile (``clustering``); the report says the
method once, describes each group once, prints the profile table on landscape pages with
short column codes and their legend, and colours the dendrogram by the groups the text
names. Then the admitted graduates' outcomes by how many kinds of career-guidance activity
they took part in."""

from __future__ import annotations

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from monitoring.models import School
from monitoring.registers.records import AdditionalEducation, Admission

from .clustering import cluster_chart_png, cluster_schools, indicator_codes
from .indicators.catalogue import ACTIVITY_MODELS, PROFILE_PROGRAMS
from .indicators.records import in_span
from .indicators.scope import Span
from .indicators.service import evaluate
from .jobs import JobError, Output, Progress
from .notes.collect import department_name
from .renderers.base import ChartSpec, Table
from .renderers.docx import OfficialDocument
from .text import GRADUATES, INDICATORS_GEN, count_phrase
from .yearly import academic_span, job_outputs, job_scope, signature, wants_document

ACTIVITY_BANDS = [("не участвовали", 0, 0), ("1 вид", 1, 1), ("2–3 вида", 2, 3),
                  ("4 и более видов", 4, 99)]


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
    def took_part(model) -> Exists:
        records = model.objects.filter(student=OuterRef("student"))
        if model is AdditionalEducation:
            records = records.filter(PROFILE_PROGRAMS)
        return Exists(records)

    activity = sum(
        (Case(When(took_part(model), then=Value(1)), default=Value(0),
              output_field=IntegerField()) for model in ACTIVITY_MODELS),
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


def profile_table(result, matrix: list[list[float]]) -> Table:
    """Schools × indicators on landscape pages: columns by short codes, named underneath."""
    codes = indicator_codes(len(result.indicators))
    legend = "; ".join(f"{code} — {name}" for code, name in zip(codes, result.indicators, strict=True))
    return Table("Профили ОО (значения показателей, %)", ["ОО", "Группа", *codes],
                 [[name, label, *values] for name, label, values
                  in zip(result.schools, result.labels, matrix, strict=True)],
                 sheet_name="Профили ОО", landscape=True,
                 notes=[f"Обозначения показателей: {legend}."])


def build_cluster_analysis(job, progress: Progress) -> list[Output]:
    span = academic_span(job.period_code)
    if job.school_id:
        raise JobError("Кластерный анализ строится по муниципалитету: оставьте ОО пустой.")
    schools, scope_label, municipality = job_scope(job)
    progress(10, "Показатели ОО")
    names, indicators, matrix = cluster_matrix(span, schools)
    progress(40, "Кластеризация")
    result = cluster_schools(names, indicators, matrix)
    progress(60, "Итоги выпускников по участию")
    outcomes = outcomes_by_activity(span, schools)

    title = "Комплексный (кластерный) анализ"
    department = department_name(municipality)
    doc = OfficialDocument(f"{title} за {span.code} учебный год", scope_label, department,
                           drawing=wants_document(job))
    doc.header_block(department, title,
                     ["результатов нескольких оценочных процедур",
                      f"за {span.code} учебный год", f"({scope_label})"])
    doc.heading("1.", "Метод")
    # What the profile is made of here; how the groups are formed — once, in the result's
    # explanation.
    doc.paragraph(
        f"Каждая ОО описана профилем из {count_phrase(len(indicators), INDICATORS_GEN)}, "
        f"рассчитанных порталом по реестрам мониторинга за {span.code} учебный год "
        "(значения и обозначения показателей — в таблице профилей ОО).")
    doc.paragraph(result.explanation)
    doc.heading("2.", "Группы ОО")
    for group in result.groups:
        doc.paragraph(group.description)
    profile = profile_table(result, matrix)
    doc.table(profile)
    if len(names) >= 3 and doc.drawing:
        doc.picture(cluster_chart_png(result),
                    "Дендрограмма и профили ОО (z-оценки); цвет — группа ОО")
    doc.heading("3.", "Результаты выпускников в зависимости от участия в профориентационной работе")
    total = sum(row[1] for row in outcomes.rows)
    doc.paragraph(
        f"Поступивших в организации СПО и ВО за учебный год — {count_phrase(total, GRADUATES)}. "
        "Для каждого выпускника подсчитано, в скольких видах профориентационной работы "
        "(реестры 1, 2, 4, 6–10) он участвовал за время обучения.")
    doc.table(outcomes)
    doc.chart(ChartSpec("Поступление по профилю и на целевое обучение, %",
                        [row[0] for row in outcomes.rows],
                        [("По профилю", [row[2] or 0 for row in outcomes.rows]),
                         ("Целевое", [row[3] or 0 for row in outcomes.rows])]))
    signature(doc)
    progress(90, "Сохранение файлов")
    return job_outputs(job, progress, "Кластерный анализ", doc, [profile, outcomes])
