"""Collecting the half-year note's data from the portal's models.

The general information (schools, students by grade band and ОВЗ, staff by category)
is read here; the ten monitorings, the indicators against their targets, staff-training
coverage and roadmap execution come from ``sections`` — the same services the dashboards
use, so the note and the dashboard show the same figures. A section with no data prints
«Данные не внесены.».

Every figure is an aggregate computed in the database (a fixed number of queries,
whatever the number of students); no name of a person leaves this module."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from monitoring.models import AcademicYear, Enrollment, Municipality, Period, School, Staff

from ..indicators.cache import computing
from ..renderers.base import ChartSpec, Table
from ..text import (
    ORGANISATIONS,
    PEOPLE,
    STUDENTS,
    count_phrase,
    format_percent,
    period_label,
)
from . import sections
from .conclusions import change_sentence, monitoring_summary
from .data import NoteData
from .preliminary import marking

GRADE_BANDS = (("1–4 кл.", 1, 4), ("5–9 кл.", 5, 9), ("10–11 кл.", 10, 11))


def department_name(municipality: Municipality | None) -> str:
    if municipality is None:
        return "Отдел образования"
    return municipality.department_name or f"Отдел образования {municipality.name}"


def _students_by_school(academic_year: AcademicYear, schools) -> dict[int, dict[str, int]]:
    """Students enrolled in the year, per school: by grade band, total, with ОВЗ (one query)."""
    aggregates = {
        f"band{index}": Count("pk", filter=Q(grade__gte=low, grade__lte=high))
        for index, (_, low, high) in enumerate(GRADE_BANDS)
    }
    rows = (
        Enrollment.objects.filter(academic_year=academic_year, student__school__in=schools)
        .values("student__school")
        .annotate(total=Count("pk"), ovz=Count("pk", filter=Q(student__has_ovz=True)),
                  **aggregates)
    )
    return {row["student__school"]: row for row in rows}


def _staff_by_school(period: Period, schools) -> dict[int, dict[str, int]]:
    """Staff working at the end of the period, per school and category (one query).

    Someone who left after the period ended still counts for it."""
    working = Q(is_working=True) | Q(left_on__gt=period.ends_on)
    rows = (
        Staff.objects.filter(working, school__in=schools)
        .values("school")
        .annotate(
            total=Count("pk"),
            admins=Count("pk", filter=Q(category=Staff.Category.SCHOOL_ADMIN)),
            teachers=Count("pk", filter=Q(category=Staff.Category.TEACHER)),
            class_teachers=Count("pk", filter=Q(is_class_teacher=True)),
            specialists=Count("pk", filter=Q(is_specialist=True)),
            tutors=Count("pk", filter=Q(is_tutor=True)),
        )
    )
    return {row["school"]: row for row in rows}


def collect_note_data(period: Period, school: School | None = None,
                      as_of=None) -> NoteData:
    """The note's data for a half-year, for the municipality (``school`` None) or a school;
    with ``as_of``, only what is dated up to that day (the pre-conference note) — under
    one data version, so that what several sections count (the hours of профминимум by
    direction, a year's enrolled students) is counted once."""
    with computing():
        return _collect(period, school, as_of)


def _collect(period: Period, school: School | None, as_of) -> NoteData:
    municipality = school.municipality if school else Municipality.objects.order_by("pk").first()
    schools = School.objects.filter(is_active=True)
    if school is not None:
        schools = schools.filter(pk=school.pk)
    elif municipality is not None:
        schools = schools.filter(municipality=municipality)
    schools = list(schools.order_by("short_name"))

    year = period.academic_year
    earlier_year = AcademicYear.objects.filter(start_year=year.start_year - 1).first()
    students = _students_by_school(year, schools)
    students_before = _students_by_school(earlier_year, schools) if earlier_year else {}
    staff = _staff_by_school(period, schools)

    data = NoteData(
        period_label=period_label(period.code),
        scope_label=school.name if school else (
            municipality.name if municipality else "муниципальное образование"),
        department=department_name(municipality),
        signer_position=settings.NOTE_SIGNER_POSITION,
        signer_name=settings.NOTE_SIGNER_NAME,
        date=timezone.localdate(),
        preliminary=marking(as_of),
    )

    # Students by school and grade band.
    rows, total, ovz, bands = [], 0, 0, [0, 0, 0]
    for item in schools:
        counts = students.get(item.pk)
        if counts is None:
            continue
        band_values = [counts[f"band{i}"] for i in range(len(GRADE_BANDS))]
        rows.append([item.short_name, *band_values, counts["total"], counts["ovz"]])
        total += counts["total"]
        ovz += counts["ovz"]
        bands = [a + b for a, b in zip(bands, band_values, strict=True)]
    with_students = len(rows)
    if len(rows) > 1:
        rows.append(["Итого", *bands, total, ovz])
    contingent = Table(
        f"Контингент обучающихся в {year.title} учебном году",
        ["ОО", *[label for label, _, _ in GRADE_BANDS], "Всего", "в т.ч. с ОВЗ"],
        rows, total_row=len(rows) > 1, sheet_name="Контингент",
    )

    # Staff by school and category.
    staff_rows, staff_totals = [], [0] * 6
    keys = ("admins", "teachers", "total", "class_teachers", "specialists", "tutors")
    for item in schools:
        counts = staff.get(item.pk)
        if counts is None:
            continue
        values = [counts[key] for key in keys]
        staff_rows.append([item.short_name, *values])
        staff_totals = [a + b for a, b in zip(staff_totals, values, strict=True)]
    if len(staff_rows) > 1:
        staff_rows.append(["Итого", *staff_totals])
    staff_table = Table(
        "Педагогические и руководящие кадры ОО",
        ["ОО", "Адм. ОО", "Педагоги ОО", "Всего", "в т.ч. кл. рук.", "узкие спец.",
         "тьюторы"],
        staff_rows, total_row=len(staff_rows) > 1, sheet_name="Кадры",
    )

    # The general information in words.
    if school is None:
        data.general.append(
            f"Сеть муниципальной системы образования в {year.title} учебном году составляет "
            f"{count_phrase(len(schools), ORGANISATIONS)}, из них обучающиеся числятся в "
            f"{with_students} ОО."
        )
    if total:
        data.general.append(
            f"В {year.title} учебном году в {'ОО' if school else 'общеобразовательных организациях'} "
            f"обучается {count_phrase(total, STUDENTS)}, в том числе с ОВЗ — "
            f"{count_phrase(ovz, PEOPLE)} ({format_percent(100.0 * ovz / total)}); "
            f"в 1–4 классах — {bands[0]}, в 5–9 классах — {bands[1]}, "
            f"в 10–11 классах — {bands[2]}."
        )
    if staff_totals[2]:
        data.general.append(
            f"Профориентационную работу в ОО ведут педагогические и руководящие кадры — "
            f"{count_phrase(staff_totals[2], PEOPLE)}, из них классных руководителей — "
            f"{staff_totals[3]}, узких специалистов — {staff_totals[4]}, "
            f"тьюторов — {staff_totals[5]}."
        )
    data.general_tables = [contingent, staff_table]
    if len(rows) > 1:
        data.general_charts.append(ChartSpec(
            "Численность обучающихся по ОО",
            [r[0] for r in rows[:-1]],
            [("Всего", [r[4] for r in rows[:-1]]), ("в т.ч. с ОВЗ", [r[5] for r in rows[:-1]])],
            kind="barh", per_school=True,
        ))

    if total and students_before:
        before = sum(row["total"] for row in students_before.values())
        data.conclusions.append(change_sentence(
            "число обучающихся", total, before,
            comparison="по сравнению с прошлым учебным годом", gender="n",
        ))

    data.monitoring, falling = sections.monitoring_sections(period, schools, as_of=as_of)
    evaluation = sections.evaluation_for(period, schools, as_of=as_of)
    key = school.pk if school is not None else None
    data.indicators, indicator_sentences, gaps = sections.indicator_section(evaluation, key)
    data.training, training_sentences = sections.training_section(evaluation, key)
    data.roadmap_done, data.roadmap_overdue, roadmap_sentences = sections.roadmap_section(
        evaluation.span)
    # The monitorings' changes against a year earlier, each named once (the sentences with
    # their figures are in their sections), then the schools where they fell.
    data.conclusions += monitoring_summary(
        [(s.title, s.total, s.compared) for s in data.monitoring if s.judged and s.total is not None])
    data.conclusions += falling + indicator_sentences + training_sentences + roadmap_sentences
    # What ИМЦ published and what the rules propose for the missed targets, per audience.
    data.recommendations = sections.note_recommendations(period, school, gaps)
    return data
