"""Demo data of the analysis side: training courses and the plan-schedule for both roadmap
periods, indicator targets, the chain (recommendations answered by the roadmap demo's
decisions, whose effect is computed a year later; one left unanswered and flagged) and the
closed academic years.

Called by ``manage.py seed_demo`` after the monitoring and roadmap demos; deterministic and
safe to run again (nothing is added twice)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from monitoring.models import Period, School, Staff, User
from roadmap.models import Decision, TrainingCourse, TrainingParticipation, TrainingPlanItem

from . import reference
from .archive import close_year, year_is_over
from .chain import answer_with_decision, check_decision, close_recommendation
from .models import (
    Indicator,
    Recommendation,
    RecommendationAck,
    ReportJob,
    Target,
    YearClosure,
)

A = Recommendation.Audience
#: recommendations to schools and teachers: (audience, school code or None for every school,
#: text, what the school has marked: None, "acknowledged" or "done")
RECOMMENDATIONS = [
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
# The 2024–2026 roadmap counts training from 01.01.2024: its own courses.
NEXT_COURSES = [
    ("Профминимум: урочная и внеурочная профориентационная деятельность", 36, 2024, 3),
    ("Курс «Россия — мои горизонты»: методика проведения занятий", 24, 2024, 10),
    ("Педагог-навигатор в единой модели профориентации", 72, 2025, 4),
    ("Профессиональные пробы и практико-ориентированный модуль", 36, 2026, 3),
]
#: plan-schedule shares of each category per year; 2024–2026 falls short of 65 % in 2025
#: on purpose (30 + 28 %), so the training page shows the warning it exists for
PLAN_SHARES = {2021: 0.25, 2022: 0.35, 2023: 0.4, 2024: 0.30, 2025: 0.28, 2026: 0.42}

# Municipal targets per year for the indicators the demo dashboard colours.
TARGETS = {
    "unique_reach": 55, "diagnostics_share": 45, "ticket_share": 20,
    "additional_education_share": 15, "competitions_share": 10, "admitted_in_region": 50,
    "admitted_by_profile": 40, "normative_documents": 100, "measures_on_time": 90,
}
PARENTS = [
    (Recommendation.Audience.PARENTS, "Обсудите с ребёнком результаты профориентационной "
     "диагностики и посетите консультацию педагога-психолога школы."),
    (Recommendation.Audience.STUDENTS, "Пройдите профессиональные пробы проекта «Билет в "
     "будущее» и обсудите результаты с классным руководителем."),
]


def _courses(courses, group_of) -> int:
    made = 0
    for index, (title, hours, year, month) in enumerate(courses):
        course = TrainingCourse.objects.create(
            title=title, provider="ГАУ ДПО «Институт развития образования Сахалинской области»",
            hours=hours, starts_on=dt.date(year, month, 1), ends_on=dt.date(year, month, 20),
            form="online" if index % 2 else "offline",
        )
        for person in group_of(index):
            TrainingParticipation.objects.get_or_create(
                course=course, staff=person,
                defaults={"completed_on": course.ends_on,
                          "certificate_number": f"ПК-{year}-{person.pk:04d}"})
        made += 1
    return made


def _training(rng: random.Random, today: dt.date) -> int:
    people = list(Staff.objects.filter(is_working=True).order_by("pk"))
    rng.shuffle(people)
    created = 0
    if not TrainingCourse.objects.filter(starts_on__year__lt=2024).exists():
        thirds = [people[: len(people) // 3], people[len(people) // 3: 2 * len(people) // 3]]
        created += _courses(COURSES, lambda i: thirds[i % 2][i::3] if i < 4 else people[-5:])
    if not TrainingCourse.objects.filter(starts_on__year__gte=2024).exists():
        quarter = max(1, len(people) // 4)
        quarters = [people[:quarter], people[quarter:2 * quarter][::2],
                    people[2 * quarter:3 * quarter], people[3 * quarter:][::2]]
        due = [c for c in NEXT_COURSES if dt.date(c[2], c[3], 20) <= today]
        created += _courses(due, lambda i: quarters[i])
    for year, share in PLAN_SHARES.items():
        for category, _ in Staff.Category.choices:
            total = Staff.objects.filter(category=category, is_working=True).count()
            TrainingPlanItem.objects.get_or_create(
                year=year, category=category, school=None,
                defaults={"planned": max(1, round(total * share))})
    return created


def _published(text: str, audience: str, day: dt.date, **extra) -> Recommendation:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))
    recommendation = Recommendation.objects.create(
        audience=audience, text=text, status=Recommendation.Status.PUBLISHED,
        source=Recommendation.Source.MANUAL, **extra)
    Recommendation.objects.filter(pk=recommendation.pk).update(published_at=at, created_at=at)
    recommendation.refresh_from_db()
    return recommendation


def _chain(today: dt.date) -> str:
    """Each decision of the roadmap demo answers a recommendation published on the 4.3
    schedule before it (February); the effect of decisions older than a year is computed;
    each September's recommendation is closed with a reason; one (March 2026) is left
    unanswered and is flagged."""
    if Recommendation.objects.filter(source=Recommendation.Source.MANUAL,
                                     decision__isnull=False).exists():
        return "цепочка уже внесена"
    imc = User.objects.filter(username="imc").first()
    names = dict(Indicator.objects.values_list("code", "name"))
    answered = checked = 0
    for decision in Decision.objects.prefetch_related("indicators").order_by("date"):
        code = next(iter(i.indicator_code for i in decision.indicators.all()), "")
        published = dt.date(decision.date.year, 2, 20)
        half = f"{decision.date.year - 1}/{decision.date.year}-1"
        recommendation = _published(
            f"Принять меры по показателю «{names.get(code, code)}»: значение ниже целевого по "
            "итогам I полугодия; предусмотреть управленческое решение.",
            Recommendation.Audience.HEADS, published, indicator_code=code, period_code=half,
            author=imc)
        answer_with_decision(recommendation, decision, imc)
        answered += 1
        if decision.date <= today - dt.timedelta(days=365):
            check_decision(decision, imc, on=decision.date.replace(year=decision.date.year + 1)
                           + dt.timedelta(days=60))
            checked += 1
    for index, (audience, text) in enumerate(PARENTS):
        _published(text, audience, dt.date(today.year, 2, 20 + index), author=imc,
                   period_code=f"{today.year - 1}/{today.year}-1")
    for year in range(2021, today.year + 1):
        autumn = dt.date(year, 9, 28)
        if autumn > today:
            continue
        plans = _published(
            f"Включить в планы работы ОО на {year}/{year + 1} учебный год мероприятия по "
            "профориентации с учётом итогов мониторингов (диагностика, профпробы, «Билет в "
            "будущее»).", Recommendation.Audience.HEADS, autumn,
            period_code=f"{year - 1}/{year}", author=imc, indicator_code="ticket_share")
        close_recommendation(plans, "Учтено ОО в планах работы на учебный год; отдельное "
                                    "управленческое решение не требуется.", imc)
    if today >= dt.date(2026, 3, 2):
        _published("Включить в план-график повышения квалификации педагогов, не прошедших "
                   "обучение по единой модели профориентации.", Recommendation.Audience.HEADS,
                   dt.date(2026, 3, 2), period_code="2025/2026-1", author=imc,
                   indicator_code="training_teacher")
    return (f"рекомендаций с ответом-решением: {answered}, эффект решений рассчитан: "
            f"{checked}")


def _closures(today: dt.date) -> int:
    """ИМЦ closes each finished academic year in mid-September; after 2024/2025 was closed a
    school added a diagnostic it had forgotten (ИМЦ lifted the lock), so the archive shows a
    correction."""
    imc = User.objects.filter(username="imc").first()
    made = 0
    for start in range(2023, today.year):
        code = f"{start}/{start + 1}"
        if year_is_over(code, today) and not YearClosure.objects.filter(academic_year=code).exists():
            closure = close_year(code, imc, today)
            closed_at = timezone.make_aware(dt.datetime(start + 1, 9, 15, 16, 0))
            YearClosure.objects.filter(pk=closure.pk).update(closed_at=min(closed_at, timezone.now()))
            made += 1
            if code == "2024/2025":
                _late_correction(start)
    return made


def _late_correction(start: int) -> None:
    from monitoring.models import Enrollment
    from monitoring.registers.catalogs import DiagnosticMethod
    from monitoring.registers.records import Diagnostic

    method = DiagnosticMethod.objects.order_by("pk").first()
    diagnosed = Diagnostic.objects.filter(academic_year__start_year=start).values("student")
    enrollment = (Enrollment.objects.filter(academic_year__start_year=start, grade__gte=8)
                  .exclude(student__in=diagnosed).select_related("student__school")
                  .order_by("student__school__short_name", "pk").first())
    if method is not None and enrollment is not None:
        student = enrollment.student
        Diagnostic.objects.create(school=student.school, student=student, method=method,
                                  date=dt.date(start + 1, 3, 12),
                                  result="внесено после закрытия года (демонстрация)")


@transaction.atomic
def build_demo(stdout=None) -> str:
    reference.load()
    rng = random.Random(52)
    today = timezone.localdate()
    created = _training(rng, today)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=TARGETS)}
    for year in range(2021, today.year + 1):
        for code, value in TARGETS.items():
            if code in indicators:
                grown = value if code in {"normative_documents", "measures_on_time"} else value + 5 * (year - 2021)
                Target.objects.get_or_create(indicator=indicators[code], year=year, school=None,
                                             defaults={"value": min(grown, 100)})
    chain = _chain(today)
    closures = _closures(today)
    published = _recommendations()
    note = _approved_note()
    return (f"курсы повышения квалификации: {created} новых; цели показателей на "
            f"2021–{today.year}; {chain}; закрыто учебных лет: {closures}; рекомендаций "
            f"опубликовано: {published}; справка для родителей: {note}")


def _recommendations() -> int:
    """Recommendations to schools and teachers with the schools' marks, and a draft."""
    if Recommendation.objects.filter(audience=A.TEACHERS).exists():
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
