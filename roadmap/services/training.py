"""Staff training coverage (measure 5.2), the targets of the roadmap in force, the check
of the plan-schedule against them, and the yearly «Отчёт о результатах обучения».

Coverage of a group on a date = distinct staff of the group, working on that date, who
completed a course between the start of the roadmap in force and that date ÷ staff of the
group working on that date. It is cumulative within the roadmap, as the roadmap sets it:
«2022 г. — не менее 60 % (за два года обучения)»; the next roadmap starts counting again
from its own ``training_since`` (1 January of its first year unless it says otherwise)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from monitoring.importing import export_table_xlsx
from monitoring.models import Staff

from ..models import (
    Roadmap,
    TrainingCourse,
    TrainingGroup,
    TrainingParticipation,
    TrainingPlanItem,
    TrainingTarget,
)

MUNICIPALITY = None

#: the passport's roles («классные руководители, узкие специалисты, тьюторы») → Staff flag
ROLE_FLAGS = {
    TrainingGroup.CLASS_TEACHER: "is_class_teacher",
    TrainingGroup.SPECIALIST: "is_specialist",
    TrainingGroup.TUTOR: "is_tutor",
}


def roadmap_start(on: dt.date) -> dt.date:
    """The first day training counts on ``on``: the ``training_since`` of the roadmap in
    force then (``Roadmap.objects.in_force``); 1 January of that year when there is none."""
    return training_start(Roadmap.objects.in_force(on), on)


def training_start(roadmap: Roadmap | None, on: dt.date) -> dt.date:
    """:func:`roadmap_start` for a roadmap in force already looked up (the indicators
    keep it per span)."""
    return roadmap.training_since if roadmap is not None else dt.date(on.year, 1, 1)


def working_on(on: dt.date) -> Q:
    """Staff employed on that date: working, or left only after it."""
    return Q(is_working=True) | Q(is_working=False, left_on__gt=on)


def group_filter(group: str) -> Q:
    """A staff category (department, school_admin, teacher) or a role (class_teacher …)."""
    if group in ROLE_FLAGS:
        return Q(**{ROLE_FLAGS[group]: True})
    return Q(category=group)


def staff_of(category: str, on: dt.date) -> QuerySet[Staff]:
    """Working staff of a category or of a role (:data:`ROLE_FLAGS`) on that date."""
    return Staff.objects.filter(working_on(on)).filter(group_filter(category))


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
             role: str | None = None, school: int | None = None) -> dict[int | None, Coverage]:
    """Coverage per school (key: school id) and for the municipality (key None), of a
    staff group: a category, or a role (class teachers, specialists, tutors) given either as
    the group or as ``role``; of one ``school`` only (its page), when given.

    Two grouped queries (one for a school); department staff have no school and count
    only in the total."""
    since = since or roadmap_start(on)
    group = role or category
    people = staff_of(group, on).annotate(trained=trained_between(since, on)).order_by()

    def counted(row: dict) -> Coverage:
        return Coverage(row["done"], row["total"])

    counts = {"total": Count("pk"), "done": Count("pk", filter=Q(trained=True))}
    if school is not None:
        return {school: counted(people.filter(school=school).aggregate(**counts))}
    result: dict[int | None, Coverage] = {
        row["school"]: counted(row) for row in people.values("school").annotate(**counts)
        if row["school"] is not None
    }
    result[MUNICIPALITY] = counted(people.aggregate(**counts))
    return result


def needs_training(on: dt.date, since: dt.date | None = None,
                   staff: QuerySet[Staff] | None = None) -> QuerySet[Staff]:
    """Working staff not yet trained since the roadmap began (who is left to train)."""
    since = since or roadmap_start(on)
    base = staff if staff is not None else Staff.objects.all()
    return (base.filter(working_on(on)).exclude(trained_between(since, on))
            .select_related("school").order_by("category", "school__short_name", "last_name"))


# ------------------------------------------------------------------------------ targets


def targets_of(roadmap: Roadmap) -> dict[tuple[int, str], float]:
    """(year, group) → the roadmap's coverage target, per cent (one query)."""
    return {(t.year, t.group): float(t.value) for t in roadmap.training_targets.all()}


def _target_in(targets: dict[tuple[int, str], float], roadmap: Roadmap, year: int,
               group: str) -> float | None:
    if (year, group) in targets:
        return targets[(year, group)]
    if year > roadmap.year_end:
        # The roadmap in force after its last year (no next one yet): its last target holds.
        earlier = [y for (y, g) in targets if g == group and y <= year]
        return targets[(max(earlier), group)] if earlier else None
    return None


def training_target(group: str, on: dt.date) -> float | None:
    """THE training target of a staff group on a date: what the indicators, the dashboard,
    the notes and the training page all ask.

    ``group`` — a staff category (``department``, ``school_admin``, ``teacher``) or a role
    (``class_teacher``, ``specialist``, ``tutor``); the target is the one the roadmap in
    force on ``on`` sets for ``on.year`` (after its last year, its last year's target);
    None when that roadmap sets none. Two queries."""
    roadmap = Roadmap.objects.in_force(on)
    if roadmap is None:
        return None
    return _target_in(targets_of(roadmap), roadmap, on.year, group)


def training_targets(on: dt.date) -> dict[str, float]:
    """Every group's target on a date, from the roadmap in force (two queries)."""
    roadmap = Roadmap.objects.in_force(on)
    if roadmap is None:
        return {}
    targets = targets_of(roadmap)
    found = {group: _target_in(targets, roadmap, on.year, group) for group in TrainingGroup.values}
    return {group: value for group, value in found.items() if value is not None}


def target_for(year: int, group: str = TrainingGroup.TEACHER) -> float | None:
    """The target of a calendar year (on its last day), for screens that ask by year."""
    return training_target(group, dt.date(year, 12, 31))


@transaction.atomic
def save_training_targets(roadmap: Roadmap, values: dict[tuple[int, str], Decimal | None]) -> int:
    """Set a roadmap's targets (None removes one); returns how many rows changed.

    Years outside the roadmap are refused by the caller's form; the database keeps one
    target per roadmap, year and group and refuses values outside 0–100."""
    existing = {(t.year, t.group): t for t in
                TrainingTarget.objects.select_for_update().filter(roadmap=roadmap)}
    changed = 0
    for (year, group), value in values.items():
        current = existing.get((year, group))
        if value is None:
            if current is not None:
                current.delete()
                changed += 1
        elif current is None:
            TrainingTarget.objects.create(roadmap=roadmap, year=year, group=group, value=value)
            changed += 1
        elif current.value != value:
            current.value = value
            current.save(update_fields=["value"])
            changed += 1
    return changed


# ------------------------------------------------------------------ the plan-schedule check


@dataclass(frozen=True)
class PlanCheck:
    """How far the plan-schedule carries one staff category by the end of a year."""

    year: int
    group: str
    planned: int  # cumulative within the roadmap, people
    staff: int  # working now (the denominator the target is judged on)
    target: float | None

    @property
    def label(self) -> str:
        return TrainingGroup(self.group).label

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.planned / self.staff, 1) if self.staff else None

    @property
    def short(self) -> bool:
        """The plan cannot reach the target even if every planned person is trained."""
        return self.target is not None and self.percent is not None and self.percent < self.target


def plan_check(roadmap: Roadmap, on: dt.date | None = None) -> list[PlanCheck]:
    """The plan-schedule against the roadmap's targets, per year and staff category.

    For each year the people planned for training from the roadmap's first year to that
    year (municipal lines; where a year has none, the sum of the schools' lines) are set
    against the staff of the category working on ``on`` (today): «по плану-графику к концу
    2022 г. — 59,4 % педагогов при цели 60 %» is a shortfall nobody should discover in
    December. Three queries."""
    on = on or timezone.localdate()
    targets = targets_of(roadmap)
    municipal: dict[tuple[int, str], int] = {}
    schools: dict[tuple[int, str], int] = defaultdict(int)
    for item in TrainingPlanItem.objects.filter(year__gte=roadmap.year_start,
                                                year__lte=roadmap.year_end):
        if item.school_id is None:
            municipal[(item.year, item.category)] = item.planned
        else:
            schools[(item.year, item.category)] += item.planned
    staff = dict(Staff.objects.filter(working_on(on)).values("category")
                 .annotate(n=Count("pk")).values_list("category", "n"))
    checks = []
    for category, _label in Staff.Category.choices:
        cumulative = 0
        for year in roadmap.years:
            cumulative += municipal.get((year, category), schools.get((year, category), 0))
            checks.append(PlanCheck(year, category, cumulative, staff.get(category, 0),
                                    _target_in(targets, roadmap, year, category)))
    return checks


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
        target = training_target(category, on)
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
                 f"Обучено с {since:%d.%m.%Y} (накопительно)", "Охват, %", "Цель, %",
                 "План-график, чел.", "Итог"], summary),
            "По ОО": (["ОО", "Категория", "Работает", "Обучено (накопительно)", "Охват, %",
                       "План-график, чел."], by_school),
            "Курсы": (["Программа", "Организация", "Часов", "Начало", "Окончание",
                       f"Завершили в {year} г."], courses),
            "Кому предстоит обучение": (["Категория", "Место работы", "ФИО", "Должность"], left),
        },
        title=f"Отчёт о результатах обучения по вопросам профориентации за {year} год",
    )
