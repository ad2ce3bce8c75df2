"""Demo data of the analysis side: training courses, the plan-schedule and targets.

Called by ``manage.py seed_demo`` after the monitoring demo; deterministic and safe to
run again (nothing is added twice)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from monitoring.models import Staff
from roadmap.models import TrainingCourse, TrainingParticipation, TrainingPlanItem

from . import reference
from .models import Indicator, Target

COURSES = [
    ("Организация профориентационной работы в общеобразовательной организации", 36, 2021, 3),
    ("Педагог-навигатор: сопровождение профессионального самоопределения", 72, 2021, 10),
    ("Профориентация обучающихся с ОВЗ и инвалидностью", 36, 2022, 4),
    ("Проект «Билет в будущее»: методика профессиональных проб", 24, 2022, 10),
    ("Единая модель профориентации: профминимум", 36, 2023, 9),
]

# Municipal targets per year for the indicators the demo dashboard colours.
TARGETS = {
    "unique_reach": 55, "diagnostics_share": 45, "ticket_share": 20,
    "additional_education_share": 15, "competitions_share": 10, "admitted_in_region": 50,
    "admitted_by_profile": 40, "normative_documents": 100, "measures_on_time": 90,
}


@transaction.atomic
def build_demo(stdout=None) -> str:
    reference.load()
    rng = random.Random(52)
    created = 0
    if not TrainingCourse.objects.exists():
        people = list(Staff.objects.filter(is_working=True).order_by("pk"))
        rng.shuffle(people)
        chunks = [people[: len(people) // 3], people[len(people) // 3: 2 * len(people) // 3]]
        for index, (title, hours, year, month) in enumerate(COURSES):
            course = TrainingCourse.objects.create(
                title=title, provider="ГАУ ДПО «Институт развития образования Сахалинской области»",
                hours=hours, starts_on=dt.date(year, month, 1), ends_on=dt.date(year, month, 20),
                form="online" if index % 2 else "offline",
            )
            group = chunks[index % 2][index::3] if index < 4 else people[-5:]
            for person in group:
                TrainingParticipation.objects.get_or_create(
                    course=course, staff=person,
                    defaults={"completed_on": course.ends_on,
                              "certificate_number": f"ПК-{year}-{person.pk:04d}"},
                )
            created += 1
        for year, share in ((2021, 0.25), (2022, 0.35), (2023, 0.4)):
            for category, _ in Staff.Category.choices:
                total = Staff.objects.filter(category=category, is_working=True).count()
                TrainingPlanItem.objects.get_or_create(
                    year=year, category=category, school=None,
                    defaults={"planned": max(1, round(total * share))},
                )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=TARGETS)}
    for year in range(2021, timezone.localdate().year + 1):
        for code, value in TARGETS.items():
            if code in indicators:
                grown = value if code in {"normative_documents", "measures_on_time"} else value + 5 * (year - 2021)
                Target.objects.get_or_create(indicator=indicators[code], year=year, school=None,
                                             defaults={"value": min(grown, 100)})
    return f"курсы повышения квалификации: {created} новых; цели показателей на 2021–{timezone.localdate().year}"
