"""Staff training of the generated region (``manage.py seed_region``): courses each
year, participants drawn from the region's staff so that coverage grows year by year,
and the municipal plan-schedule. Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random

from monitoring.dataversion import bump
from monitoring.models import Staff

from .models import TrainingCourse, TrainingParticipation, TrainingPlanItem

COURSES = [
    ("Организация профориентационной работы в общеобразовательной организации", 36),
    ("Педагог-навигатор: сопровождение профессионального самоопределения", 72),
    ("Профориентация обучающихся с ОВЗ и инвалидностью", 36),
    ("Проект «Билет в будущее»: методика профессиональных проб", 24),
    ("Единая модель профориентации: профминимум", 36),
    ("Классный час «Россия — мои горизонты»: методика проведения", 16),
]
PROVIDER = "Институт развития образования Примерного края (вымышленный)"
# Of the staff not yet trained, this share is trained each year.
YEARLY_SHARE = 0.3


def build_region(seed: int, today: dt.date) -> str:
    rng = random.Random(f"{seed}-training")
    staff = list(Staff.objects.filter(is_working=True).order_by("pk")
                 .values_list("pk", "category"))
    if not staff:
        return "сотрудников нет — обучение не создано"
    first_year = today.year - 2
    untrained = [pk for pk, _ in staff]
    rng.shuffle(untrained)
    participations: list[TrainingParticipation] = []
    courses = 0
    for year in range(first_year, today.year + 1):
        chosen = untrained[: round(len(untrained) * YEARLY_SHARE)]
        untrained = untrained[len(chosen):]
        # A course a month from February to November, each taking its share of the year's
        # trainees; only courses already finished by today have graduates.
        months = [m for m in range(2, 12) if dt.date(year, m, 20) <= today] or [2]
        for index, month in enumerate(months):
            title, hours = COURSES[(year + index) % len(COURSES)]
            course = TrainingCourse.objects.create(
                title=f"{title} ({year})", provider=PROVIDER, hours=hours,
                starts_on=dt.date(year, month, 1), ends_on=dt.date(year, month, 20),
                form=rng.choice(["offline", "online", "mixed"]))
            courses += 1
            group = chosen[index::len(months)]
            done = course.ends_on <= today
            participations += [
                TrainingParticipation(course=course, staff_id=pk,
                                      completed_on=course.ends_on if done else None,
                                      certificate_number=f"ПК-{year}-{pk:06d}" if done else "")
                for pk in group
            ]
        for category, _ in Staff.Category.choices:
            total = sum(1 for _, c in staff if c == category)
            TrainingPlanItem.objects.get_or_create(
                year=year, category=category, school=None,
                defaults={"planned": max(1, round(total * YEARLY_SHARE))})
    TrainingParticipation.objects.bulk_create(participations, batch_size=2000)
    bump()
    return f"курсов повышения квалификации: {courses}, обучений сотрудников: {len(participations)}"
