"""Demo data of the analysis side: training courses, the plan-schedule, targets, targeted
recommendations (published, acknowledged, done, a draft) and an approved half-year note,
so that a newcomer sees the coordinator's inbox and the public page for parents working.

Called by ``manage.py seed_demo`` after the monitoring demo; deterministic and safe to
run again (nothing is added twice)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from monitoring.models import Period, School, Staff, User
from roadmap.models import TrainingCourse, TrainingParticipation, TrainingPlanItem

from . import reference
from .models import Indicator, Recommendation, RecommendationAck, ReportJob, Target

A = Recommendation.Audience
#: (audience, school code or None for every school, text, what the first coordinator's
#: school has marked: None, "acknowledged" or "done")
RECOMMENDATIONS = [
    (A.PARENTS, None,
     "Обсудите с ребёнком результаты профориентационной диагностики: какие занятия ему "
     "интересны и в чём он силён. Посетите консультацию педагога-психолога школы и "
     "загляните вместе на открытые уроки «ПроеКТОриЯ» о профессиях нашего района — "
     "нефтегазовой отрасли, энергетики, медицины, рыбного хозяйства.", None),
    (A.STUDENTS, None,
     "Пройдите профориентационную диагностику на платформе «Билет в будущее» и запишитесь "
     "на профессиональную пробу. Если вас интересует целевое обучение, узнайте у "
     "классного руководителя, какие предприятия района оплачивают учёбу и ждут выпускников.",
     None),
    (A.TEACHERS, None,
     "Включить просмотр открытых уроков «ПроеКТОриЯ» в планы классных часов 6–9 классов "
     "(не реже одного урока в четверть) и отмечать участников в реестре 9.", None),
    (A.HEADS, "sosh1",
     "Организовать профориентационную диагностику обучающихся 8–9 классов до конца "
     "полугодия: охват диагностикой ниже целевого значения.", "acknowledged"),
    (A.HEADS, "sosh2",
     "Заключить договор о сотрудничестве с предприятием района для профессиональных проб "
     "обучающихся 10–11 классов.", "done"),
]

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
    published = _recommendations()
    note = _approved_note()
    return (f"курсы повышения квалификации: {created} новых; цели показателей на "
            f"2021–{timezone.localdate().year}; рекомендаций опубликовано: {published}; "
            f"справка для родителей: {note}")


def _recommendations() -> int:
    """Published recommendations (general ones reach /parents/), a draft, and marks."""
    if Recommendation.objects.exists():
        return Recommendation.objects.published().count()
    imc = User.objects.filter(username="imc").first()
    schools = {s.code: s for s in School.objects.all()}
    period = Period.objects.current().previous()
    now = timezone.now()
    for audience, code, text, mark in RECOMMENDATIONS:
        school = schools.get(code) if code else None
        recommendation = Recommendation.objects.create(
            school=school, audience=audience, period_code=period.code, text=text, author=imc,
            status=Recommendation.Status.PUBLISHED, published_at=now)
        coordinator = User.objects.filter(schools=school).first() if school else None
        if mark and school is not None:
            RecommendationAck.objects.create(
                recommendation=recommendation, school=school, status=mark,
                comment="Запланировано на совещании при директоре." if mark == "acknowledged"
                else "Договор заключён, пробы проведены.",
                acknowledged_at=now, acknowledged_by=coordinator,
                done_at=now if mark == "done" else None,
                done_by=coordinator if mark == "done" else None)
    Recommendation.objects.create(
        audience=A.HEADS, period_code=period.code, author=imc,
        text="Черновик: рассмотреть на совещании руководителей ОО итоги участия в проекте "
             "«Билет в будущее» за полугодие.")
    return Recommendation.objects.published().count()


def _approved_note() -> str:
    """The municipal note of the last finished half-year, built now and approved for parents."""
    from .jobs import create_job, run_job

    if ReportJob.objects.public_notes().exists():
        return "уже опубликована"
    imc = User.objects.filter(username="imc").first()
    period = Period.objects.current().previous()
    job = create_job(ReportJob.Kind.HALF_YEAR_NOTE, period.code, None, imc,
                     {"formats": ["docx", "xlsx"]})
    job = run_job(job.pk)
    if job is None or job.status != ReportJob.Status.DONE:
        return "не сформирована"
    ReportJob.objects.filter(pk=job.pk).update(approved=True, approved_by=imc,
                                               approved_at=timezone.now())
    return f"{period} (DOCX, XLSX)"
