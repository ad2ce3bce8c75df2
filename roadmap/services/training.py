"""Staff training coverage (measure 5.2) and the yearly «Отчёт о результатах обучения».

Coverage of a category on a date = distinct staff of the category, working on that
date, who completed a course between the start of the roadmap and that date ÷ staff of
the category working on that date. It is cumulative, as the roadmap sets it: «2022 г. —
не менее 60 % (за два года обучения)»."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from monitoring.importing import export_table_xlsx
from monitoring.models import Staff

from ..models import Roadmap, TrainingCourse, TrainingParticipation, TrainingPlanItem

#: the roadmap's coverage targets per category, cumulative (measure 5.2)
COVERAGE_TARGETS = {2021: 25, 2022: 60, 2023: 100}
MUNICIPALITY = None


def roadmap_start(on: dt.date) -> dt.date:
    """1 January of the first year of the roadmap in force on ``on`` (the earliest one
    covering that year; else the latest that began before it; else that year)."""
    covering = (Roadmap.objects.filter(year_start__lte=on.year, year_end__gte=on.year)
                .order_by("year_start").values_list("year_start", flat=True).first())
    if covering is None:
        covering = (Roadmap.objects.filter(year_start__lte=on.year).order_by("-year_start")
                    .values_list("year_start", flat=True).first())
    return dt.date(covering or on.year, 1, 1)


def working_on(on: dt.date) -> Q:
    """Staff employed on that date: working, or left only after it."""
    return Q(is_working=True) | Q(is_working=False, left_on__gt=on)


#: the roles of the roadmap's indicator («классные руководители, узкие специалисты,
#: тьюторы») and the staff flag that marks each
ROLE_FLAGS = {"class_teacher": "is_class_teacher", "specialist": "is_specialist",
              "tutor": "is_tutor"}


def staff_of(category: str | None, on: dt.date, role: str | None = None) -> QuerySet[Staff]:
    """Staff working on the date: of a category, of a role (any category), or both."""
    people = Staff.objects.filter(working_on(on))
    if category:
        people = people.filter(category=category)
    if role:
        people = people.filter(**{ROLE_FLAGS[role]: True})
    return people


def trained_between(since: dt.date, on: dt.date) -> Exists:
    return Exists(TrainingParticipation.objects.filter(
        staff=OuterRef("pk"), completed_on__gte=since, completed_on__lte=on,
    ))


@dataclass(frozen=True)
class Coverage:
    trained: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.trained / self.total, 1) if self.total else None


def coverage(category: str | None, on: dt.date, since: dt.date | None = None, *,
             role: str | None = None) -> dict[int | None, Coverage]:
    """Coverage per school (key: school id) and for the municipality (key None), of a
    category or of a role (class teachers, specialists, tutors).

    Two grouped queries; department staff have no school and count only in the total."""
    since = since or roadmap_start(on)
    people = staff_of(category, on, role).annotate(trained=trained_between(since, on))
    rows = people.order_by().values("school").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(trained=True))
    )
    result: dict[int | None, Coverage] = {}
    for row in rows:
        if row["school"] is not None:
            result[row["school"]] = Coverage(row["done"], row["total"])
    total = people.order_by().aggregate(total=Count("pk"), done=Count("pk", filter=Q(trained=True)))
    result[MUNICIPALITY] = Coverage(total["done"], total["total"])
    return result


def needs_training(on: dt.date, since: dt.date | None = None,
                   staff: QuerySet[Staff] | None = None) -> QuerySet[Staff]:
    """Working staff not yet trained since the roadmap began (who is left to train)."""
    since = since or roadmap_start(on)
    base = staff if staff is not None else Staff.objects.all()
    return (base.filter(working_on(on)).exclude(trained_between(since, on))
            .select_related("school").order_by("category", "school__short_name", "last_name"))


def target_for(year: int) -> int | None:
    """The roadmap's target for the year; after the last year the target stays at 100 %."""
    if year in COVERAGE_TARGETS:
        return COVERAGE_TARGETS[year]
    return 100 if year > max(COVERAGE_TARGETS) else None


def training_report_xlsx(year: int) -> bytes:
    """«Отчёт о результатах обучения» for a calendar year: coverage per category against
    the target and the plan, per school, the courses, and who still needs training."""
    on = dt.date(year, 12, 31)
    since = roadmap_start(on)
    categories = Staff.Category.choices
    plan = {
        (item.category, item.school_id): item.planned
        for item in TrainingPlanItem.objects.filter(year=year)
    }
    trained_in_year = dict(
        TrainingParticipation.objects.filter(completed_on__year=year)
        .values("staff__category").annotate(n=Count("staff", distinct=True))
        .values_list("staff__category", "n")
    )
    summary, by_school = [], []
    for category, label in categories:
        values = coverage(category, on, since)
        total = values[MUNICIPALITY]
        target = target_for(year)
        summary.append([
            label, total.total, trained_in_year.get(category, 0), total.trained,
            total.percent, target, plan.get((category, None)),
            "" if total.percent is None or target is None
            else ("достигнуто" if total.percent >= target else "не достигнуто"),
        ])
        for school_id, value in values.items():
            if school_id is not None:
                by_school.append([school_id, label, value.total, value.trained, value.percent,
                                  plan.get((category, school_id))])
    from monitoring.models import School

    names = dict(School.objects.values_list("pk", "short_name"))
    by_school = sorted([names.get(r[0], ""), *r[1:]] for r in by_school)
    courses = [
        [c.title, c.provider, c.hours, c.starts_on.strftime("%d.%m.%Y"),
         c.ends_on.strftime("%d.%m.%Y"), c.done]
        for c in TrainingCourse.objects.filter(
            participants__completed_on__year=year
        ).annotate(done=Count("participants", filter=Q(participants__completed_on__year=year),
                              distinct=True)).distinct().order_by("starts_on")
    ]
    left = [
        [s.get_category_display(), s.place, s.full_name, s.position]
        for s in needs_training(on, since)
    ]
    return export_table_xlsx(
        {
            "Итоги по категориям": (
                ["Категория", "Работает", f"Обучено в {year} г.",
                 f"Обучено с {since.year} г. (накопительно)", "Охват, %", "Цель, %",
                 "План-график, чел.", "Итог"], summary),
            "По ОО": (["ОО", "Категория", "Работает", "Обучено (накопительно)", "Охват, %",
                       "План-график, чел."], by_school),
            "Курсы": (["Программа", "Организация", "Часов", "Начало", "Окончание",
                       f"Завершили в {year} г."], courses),
            "Кому предстоит обучение": (["Категория", "Место работы", "ФИО", "Должность"], left),
        },
        title=f"Отчёт о результатах обучения по вопросам профориентации за {year} год",
    )
