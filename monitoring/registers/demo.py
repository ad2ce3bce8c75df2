"""Demo data of the registers, from 2020/2021 to today: fictional, deterministic.

Past cohorts of graduates are added (fictional students with their classes of each year)
so that register 5 has admissions and later statuses; employers are made-up
organisations with checksum-valid but invented ИНН. Every record is dated no later than
today; past half-years are accepted by ИМЦ, the previous one is partly submitted,
returned or accepted, the current one is open.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from monitoring.dataversion import bump

from ..models import AcademicYear, Enrollment, School, Sex, Student, User
from .base import PeriodResolver
from .catalogs import (
    Competition,
    DiagnosticMethod,
    Direction,
    Employer,
    GrowthPointCentre,
    Institution,
    Profile,
    Program,
    ProjectoriaLesson,
    Specialty,
    Subject,
    Technoclass,
    TicketStage,
)
from .labour import SpecialistDemand, TargetedTrainingOffer
from .profminimum import FIRST_DAY as PROFMINIMUM_FROM
from .profminimum import ProfminimumHours, ProfminimumLevel
from .records import (
    AdditionalEducation,
    Admission,
    CompetitionParticipation,
    Diagnostic,
    EmployerAgreement,
    EmployerEvent,
    EmployerInteraction,
    GraduateStatus,
    GrowthPointParticipation,
    ProfileStudy,
    ProjectoriaParticipation,
    ProjectoriaSession,
    TechnoclassParticipation,
    TicketParticipation,
)
from .submissions import Submission, SubmissionEvent
from .validators import _INN_10, _check_digit

FIRST_YEAR = 2020
REASON = "демонстрационные данные"

EMPLOYERS = [  # fictional organisations of the district's industries (invented ИНН)
    ("ООО «Северный шельф»", Employer.Industry.OIL_GAS, True),
    ("АО «Островная энергетика»", Employer.Industry.ENERGY, True),
    ("ГБУЗ «Восточная районная больница»", Employer.Industry.HEALTH, True),
    ("ООО «Рыболовецкая артель «Ныйский залив»", Employer.Industry.FISHERY, True),
    ("ООО «Островные перевозки»", Employer.Industry.TRANSPORT, True),
    ("ООО «Цифровой остров»", Employer.Industry.OTHER, False),
]
#: what a joint event with an employer of each industry is about
EVENT_TOPICS = {
    Employer.Industry.OIL_GAS: ["Профессии нефтегазовой отрасли", "Как добывают нефть на шельфе"],
    Employer.Industry.ENERGY: ["Как работает электростанция", "Профессия электромонтёра"],
    Employer.Industry.HEALTH: ["Один день в больнице", "Профессия медицинской сестры"],
    Employer.Industry.FISHERY: ["Профессии рыбного промысла", "Как устроено рыболовное судно"],
    Employer.Industry.TRANSPORT: ["Водитель и механик", "Профессии транспорта и логистики"],
}
#: what each employer needs people for (ОКСО codes; colleges' and universities' levels)
EMPLOYER_SPECIALTIES = {
    "ООО «Северный шельф»": ["21.02.01", "21.02.02", "15.01.05", "21.03.01", "21.05.02"],
    "АО «Островная энергетика»": ["13.02.11", "13.03.02", "20.03.01"],
    "ГБУЗ «Восточная районная больница»": ["34.02.01", "31.02.01", "31.05.01"],
    "ООО «Рыболовецкая артель «Ныйский залив»": ["35.02.09", "26.02.05", "35.03.08"],
    "ООО «Островные перевозки»": ["23.02.07", "23.03.03"],
    "ООО «Цифровой остров»": ["09.02.07", "09.03.01"],
}
#: where each specialty is taught (institutions' short names in the reference list)
TAUGHT_AT = {
    "08.02.01": ["Сахалинский техникум отраслевых технологий и сервиса"],
    "09.02.07": ["Сахалинский техникум отраслевых технологий и сервиса"],
    "13.02.11": ["Сахалинский индустриальный техникум"],
    "15.01.05": ["Сахалинский индустриальный техникум"],
    "21.02.01": ["Сахалинский индустриальный техникум"],
    "21.02.02": ["Сахалинский индустриальный техникум"],
    "23.02.07": ["Сахалинский техникум отраслевых технологий и сервиса"],
    "26.02.05": ["Сахалинский индустриальный техникум"],
    "31.02.01": ["Сахалинский базовый медицинский колледж"],
    "34.02.01": ["Сахалинский базовый медицинский колледж"],
    "35.02.09": ["Сахалинский техникум отраслевых технологий и сервиса"],
    "38.02.01": ["Сахалинский техникум отраслевых технологий и сервиса"],
    "43.02.15": ["Сахалинский техникум отраслевых технологий и сервиса"],
    "05.03.06": ["СахГУ"],
    "08.03.01": ["ТОГУ"],
    "09.03.01": ["СахГУ", "ТОГУ", "ДВФУ"],
    "13.03.02": ["ТОГУ", "ДВФУ"],
    "20.03.01": ["ТОГУ"],
    "21.03.01": ["РГУ нефти и газа им. И.М. Губкина", "ДВФУ"],
    "21.05.02": ["ДВФУ"],
    "23.03.03": ["ДВГУПС"],
    "31.05.01": ["ДВГМУ"],
    "35.03.08": ["ДВФУ", "МГУ им. адм. Г.И. Невельского"],
    "37.03.01": ["СахГУ"],
    "38.03.01": ["СахГУ", "ДВФУ"],
    "40.03.01": ["СахГУ", "ДВФУ"],
    "44.03.01": ["СахГУ"],
    "44.03.05": ["СахГУ"],
}
PROGRAMS = [
    ("Робототехника", "technical", "ДДТ пгт Ноглики"),
    ("Основы программирования", "technical", "ОО"),
    ("Юный эколог", "science", "ОО"),
    ("Химия вокруг нас", "science", "ОО"),
    ("Медиастудия", "social", "ДДТ пгт Ноглики"),
    ("Школа вожатого", "social", "ДДТ пгт Ноглики"),
    ("Туристы-краеведы Сахалина", "tourism", "ДДТ пгт Ноглики"),
    ("Основы дизайна", "art", "ДДТ пгт Ноглики"),
]
LESSON_TOPICS = [
    "Профессии нефтегазовой отрасли", "Энергетика будущего", "Как работает больница",
    "Морские профессии", "Цифровые профессии", "Профессии агропромышленного комплекса",
    "Строители городов", "Профессии транспорта и логистики",
]
SCHOOL_PROFILES = {"sosh1": "tech", "sosh2": "science", "gymn": "socioeconomic", "val": "universal"}
COURSES = ["Робототехника", "3D-моделирование", "Шахматы", "Программирование", "Медиацентр",
           "Промышленный дизайн", "Основы безопасности"]
TRIAL_PROFESSIONS = ["оператор по добыче нефти и газа", "медицинская сестра", "сварщик",
                     "программист", "повар", "электромонтёр", "судоводитель"]


def _inn(index: int) -> str:
    base = [int(c) for c in f"651700{index + 100:03d}"]
    return "".join(map(str, base)) + str(_check_digit(base, _INN_10))


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


class Recorder:
    """Collects records with their half-year and snapshot, then saves them in bulk with
    history, each school's records in the name of its demo coordinator."""

    def __init__(self, today: dt.date, enrollments, authors: dict[int, User | None]) -> None:
        self.today = today
        self.periods = PeriodResolver()
        self.enrollments = enrollments
        self.authors = authors
        self.pending: dict[type, list] = defaultdict(list)

    def add(self, model, school: School, day: dt.date, student: Student | None = None, **values):
        if day > self.today:
            return None
        period = self.periods(day)
        record = model(school=school, date=day, period=period,
                       academic_year_id=period.academic_year_id,
                       author=self.authors.get(school.pk), **values)
        if student is not None:
            record.student = student
            record.take_snapshot(self.enrollments.get((student.pk, period.academic_year_id)))
        self.pending[model].append(record)
        return record

    def flush(self, *models) -> None:
        for model in models or list(self.pending):
            by_author: dict[int | None, list] = defaultdict(list)
            for record in self.pending.pop(model, []):
                by_author[record.author_id].append(record)
            for records in by_author.values():
                bulk_create_with_history(records, model, batch_size=1000,
                                         default_user=records[0].author,
                                         default_change_reason=REASON)
        bump()


@transaction.atomic
def build_register_demo(rng: random.Random, schools: list[School],
                        person: Callable[[random.Random, str], tuple[str, str, str]]) -> None:
    if EmployerEvent.objects.exists() or Diagnostic.objects.exists():
        return  # already built: running seed_demo again changes nothing
    today = timezone.localdate()
    current = AcademicYear.objects.current()
    years = [AcademicYear.objects.get_or_create(start_year=y)[0]
             for y in range(FIRST_YEAR, current.start_year + 1)]
    general = [s for s in schools if s.kind != School.Kind.ADDITIONAL]
    _graduate_cohorts(rng, general, years, person)

    enrollments = {(e.student_id, e.academic_year_id): e
                   for e in Enrollment.objects.filter(student__school__in=general)}
    pupils: dict[tuple[int, int], list[tuple[Student, Enrollment]]] = defaultdict(list)
    students = {s.pk: s for s in Student.objects.filter(school__in=general)}
    for (student_id, year_id), enrollment in enrollments.items():
        pupils[(students[student_id].school_id, year_id)].append((students[student_id], enrollment))
    for group in pupils.values():
        group.sort(key=lambda pair: (pair[1].grade, pair[1].class_letter, pair[0].pk))

    coordinators = {s.pk: u for u in User.objects.filter(username__in=["koordinator", "koordinator2"])
                    for s in u.schools.all()}
    recorder = Recorder(today, enrollments, coordinators)
    refs = _references(rng, schools, years)

    for year in years:
        start = year.starts_on
        for school in general:
            group = pupils.get((school.pk, year.pk), [])
            _year_of_school(rng, recorder, refs, school, year, start, group)
    recorder.flush()
    for year in [y for y in years if y.start_year >= PROFMINIMUM_FROM.year]:
        for school in general:
            _profminimum(rng, recorder, school, year, pupils.get((school.pk, year.pk), []), today)
    recorder.flush()
    _admissions(rng, recorder, refs, general, students, enrollments, today)
    _labour_market(rng, refs, years, today)
    _submissions(rng, schools, coordinators, today)


def _graduate_cohorts(rng, schools, years, person) -> None:
    """Fictional graduates of past years: 11th grade, and 9th-graders who went to college."""
    by_start = {y.start_year: y for y in years}
    students, grades = [], []
    for school in schools:
        top = 9 if school.kind == School.Kind.BASIC else 11
        for graduation in range(FIRST_YEAR, years[-1].start_year):
            cohorts = [(top, 9 if top == 11 else 7)] + ([(9, 3)] if top == 11 else [])
            for grade, size in cohorts:
                for _ in range(size):
                    sex = rng.choice([Sex.MALE, Sex.FEMALE])
                    last, first, middle = person(rng, sex)
                    birth = dt.date(graduation - grade - 6, 1, 1) + dt.timedelta(days=rng.randrange(365))
                    students.append(Student(
                        school=school, last_name=last, first_name=first, middle_name=middle,
                        birth_date=birth, sex=sex, has_ovz=rng.random() < 0.08,
                        status=Student.Status.GRADUATED))
                    grades.append((graduation, grade))
    seen, unique = set(), []
    for student, grade in zip(students, grades, strict=True):
        key = (student.school_id, student.last_name, student.first_name, student.middle_name,
               student.birth_date)
        # Graduates are older than every current student: only the batch itself can repeat.
        if key not in seen:
            seen.add(key)
            unique.append((student, grade))
    Student.objects.bulk_create([s for s, _ in unique])
    bump()
    Enrollment.objects.bulk_create(
        Enrollment(student=student, academic_year=by_start[graduation - back],
                   grade=grade - back, class_letter="А" if grade == 11 else "")
        for student, (graduation, grade) in unique
        for back in range(grade)
        if graduation - back in by_start
    )


class Refs(SimpleNamespace):
    """The reference entries the demo records point to."""


def _references(rng, schools, years) -> Refs:
    refs = Refs()
    refs.employers = []
    for index, (name, industry, in_district) in enumerate(EMPLOYERS):
        employer, _ = Employer.objects.get_or_create(
            name=name, defaults={"inn": _inn(index), "industry": industry,
                                 "in_district": in_district})
        refs.employers.append(employer)
    directions = {d.code: d for d in Direction.objects.all()}
    refs.programs = [Program.objects.get_or_create(
        name=name, defaults={"direction": directions[code], "provider": provider,
                             "orientation": Program.Orientation.PROFILE})[0]
        for name, code, provider in PROGRAMS if code in directions]
    refs.profiles = {p.code: p for p in Profile.objects.all()}
    refs.subjects = {s.name: s for s in Subject.objects.all()}
    refs.methods = list(DiagnosticMethod.objects.order_by("pk"))
    refs.competitions = list(Competition.objects.order_by("pk"))
    refs.institutions = list(Institution.objects.order_by("pk"))
    refs.specialties = [s for s in Specialty.objects.order_by("code") if s.code in TAUGHT_AT]
    by_short = {i.short_name: i for i in refs.institutions}
    refs.taught_at = {code: [by_short[n] for n in names if n in by_short]
                      for code, names in TAUGHT_AT.items()}
    refs.needs = {e.pk: set(EMPLOYER_SPECIALTIES.get(e.name, ())) for e in refs.employers}
    refs.stages = {s.code: s for s in TicketStage.objects.all()}
    refs.centres = {c.school_id: c for c in GrowthPointCentre.objects.all()}
    refs.technoclasses = {}
    by_code = {s.code: s for s in schools}
    for code, name, profile, partner, opened in [
        ("sosh1", "Нефтегазовый технокласс", "tech", 0, 2021),
        ("gymn", "IT-технокласс", "tech", 5, 2022),
    ]:
        if code in by_code:
            technoclass, _ = Technoclass.objects.get_or_create(
                school=by_code[code], name=name,
                defaults={"profile": refs.profiles.get(profile), "partner": refs.employers[partner],
                          "opened_year": opened})
            refs.technoclasses[by_code[code].pk] = technoclass
    refs.lessons = {}
    for year in years:
        lessons = []
        for index, month in enumerate((10, 12, 2, 4)):
            day = dt.date(year.start_year + (month < 9), month, 12 + index)
            topic = LESSON_TOPICS[(year.start_year * 4 + index) % len(LESSON_TOPICS)]
            lessons.append(ProjectoriaLesson.objects.get_or_create(date=day, topic=topic)[0])
        refs.lessons[year.pk] = lessons
    return refs


def _year_of_school(rng, rec: Recorder, refs: Refs, school, year, start, group) -> None:
    first_half = (start, dt.date(start.year, 12, 20))
    second_half = (dt.date(start.year + 1, 1, 15), dt.date(start.year + 1, 5, 25))

    def grades(low, high):
        return [(s, e) for s, e in group if low <= e.grade <= high]

    # 1. Joint events with employers: named participants, and events known by their count.
    named: list[tuple[EmployerEvent, list]] = []
    for half in (first_half, second_half):
        for _ in range(rng.randint(1, 2)):
            employer = rng.choice(refs.employers[:5])
            kind = rng.choice([EmployerEvent.Kind.EXCURSION, EmployerEvent.Kind.TRIAL,
                               EmployerEvent.Kind.MASTER_CLASS, EmployerEvent.Kind.MEETING])
            topic = rng.choice(EVENT_TOPICS.get(employer.industry, ["Профессии предприятия"]))
            title = f"{EmployerEvent.Kind(kind).label.capitalize()} «{topic}»"
            event = rec.add(EmployerEvent, school, _day(rng, *half), employer=employer,
                            kind=kind, title=title)
            older = grades(7, 11)
            if event is None:
                continue
            if school.code in {"val", "nysh"} or not older:
                event.participants_count = rng.randint(8, 20)
                event.participants_ovz = rng.randint(0, 2)
            else:
                named.append((event, rng.sample(older, min(len(older), rng.randint(10, 18)))))
    if year.start_year in (2021, 2023) and start <= rec.today:
        for kind in (EmployerAgreement.Kind.COOPERATION, rng.choice(
                [EmployerAgreement.Kind.TARGETED, EmployerAgreement.Kind.CONSULTING,
                 EmployerAgreement.Kind.TUTORING, EmployerAgreement.Kind.SPECIALISTS])):
            day = _day(rng, start, dt.date(start.year, 11, 30))
            rec.add(EmployerAgreement, school, day, employer=rng.choice(refs.employers[:5]),
                    kind=kind, number=f"{rng.randint(1, 60)}/{day.year}",
                    valid_until=dt.date(day.year + 2, 8, 31), subject="Профориентационная работа")
    rec.flush(EmployerEvent)  # the participants below need the events' ids
    for event, participants in named:
        for student, _ in participants:
            rec.add(EmployerInteraction, school, event.date, student, event=event)

    # 2. Additional education: a quarter of grades 5–11.
    for student, _ in grades(5, 11):
        if rng.random() < 0.25:
            rec.add(AdditionalEducation, school, _day(rng, start, start + dt.timedelta(days=30)),
                    student, program=rng.choice(refs.programs))
    # 3. Profile study in grades 10–11, in-depth mathematics in the gymnasium's 8–9.
    profile = refs.profiles.get(SCHOOL_PROFILES.get(school.code, "universal"))
    for student, enrollment in grades(8, 11):
        if enrollment.grade >= 10 and profile is not None:
            rec.add(ProfileStudy, school, start, student, profile=profile,
                    subject=refs.subjects.get("математика" if profile.code == "tech" else "биология"))
        elif school.code == "gymn" and refs.subjects.get("математика"):
            rec.add(ProfileStudy, school, start, student, subject=refs.subjects["математика"])
    # 4. Diagnostics: most of grades 6–11, once a year.
    for student, enrollment in grades(6, 11):
        if rng.random() < 0.6 and refs.methods:
            method = refs.methods[0] if enrollment.grade <= 9 else rng.choice(refs.methods[:6])
            rec.add(Diagnostic, school, _day(rng, dt.date(start.year, 10, 1), dt.date(start.year, 11, 30)),
                    student, method=method, result=rng.choice(
                        ["интерес к технике", "социальная сфера", "естественные науки",
                         "творческие профессии", "работа с информацией"]))
    # 6. Competitions and conferences.
    for student, _ in grades(7, 11):
        if rng.random() < (0.25 if student.has_ovz else 0.08) and refs.competitions:
            abilympics = [c for c in refs.competitions if c.kind == Competition.Kind.ABILYMPICS]
            competition = (rng.choice(abilympics) if student.has_ovz and abilympics
                           else rng.choice(refs.competitions))
            rec.add(CompetitionParticipation, school, _day(rng, *second_half), student,
                    competition=competition,
                    result=rng.choices(["participant", "prize", "winner"], [70, 22, 8])[0])
    # 7. Technoclasses.
    technoclass = refs.technoclasses.get(school.pk)
    if technoclass is not None and year.start_year >= (technoclass.opened_year or 0):
        for student, _ in grades(8, 9)[:15]:
            rec.add(TechnoclassParticipation, school, start + dt.timedelta(days=14), student,
                    technoclass=technoclass)
    # 8. «Точка роста».
    centre = refs.centres.get(school.pk)
    if centre is not None and year.start_year >= (centre.opened_year or 0):
        for student, _ in grades(5, 11):
            if rng.random() < 0.4:
                rec.add(GrowthPointParticipation, school, start + dt.timedelta(days=20), student,
                        centre=centre, activity=rng.choice(["lessons", "extracurricular", "additional"]),
                        course=rng.choice(COURSES))
    # 9. «ПроеКТОриЯ»: two lessons with named participants (8–11), the others by class counts.
    for index, lesson in enumerate(refs.lessons[year.pk]):
        if index < 2:
            for student, _ in grades(8, 11):
                if rng.random() < 0.85:
                    rec.add(ProjectoriaParticipation, school, lesson.date, student, lesson=lesson)
        else:
            classes = defaultdict(list)
            for student, enrollment in grades(6, 9):
                classes[f"{enrollment.grade}{enrollment.class_letter}"].append(student)
            for audience, members in classes.items():
                rec.add(ProjectoriaSession, school, lesson.date, lesson=lesson, audience=audience,
                        participants_count=len(members),
                        participants_ovz=sum(1 for s in members if s.has_ovz))
    # 10. «Билет в будущее»: registration, diagnostics, for some a trial and recommendations.
    for student, _ in grades(6, 11):
        if rng.random() < 0.3 and refs.stages:
            day = _day(rng, dt.date(start.year, 9, 20), dt.date(start.year, 11, 1))
            rec.add(TicketParticipation, school, day, student, stage=refs.stages["registration"])
            rec.add(TicketParticipation, school, day + dt.timedelta(days=7), student,
                    stage=refs.stages["diagnostics"])
            if rng.random() < 0.5:
                trial = _day(rng, *second_half)
                profession = rng.choice(TRIAL_PROFESSIONS)
                rec.add(TicketParticipation, school, trial, student, stage=refs.stages["trial"],
                        details=profession)
                rec.add(TicketParticipation, school, trial + dt.timedelta(days=10), student,
                        stage=refs.stages["recommendations"], details=profession)


#: the level of профминимум each demo school chose, for the past years and the current one
PROFMINIMUM_LEVELS = {"sosh1": ("main", "main"), "gymn": ("main", "advanced"),
                      "sosh2": ("basic", "main")}
HORIZONS = "«Россия — мои горизонты»"


def _profminimum(rng, rec: Recorder, school, year, group, today) -> None:
    """Register 11 from 2023/2024: the school's level in September; past years imported
    from the school's journal as monthly totals, the current one entered by class every
    Thursday; class hours, parents' meetings, lessons, profile subjects and trials as
    half-year totals."""
    start = year.start_year
    current = start == AcademicYear.objects.for_date(today).start_year
    level = PROFMINIMUM_LEVELS.get(school.code, ("basic", "basic"))[current]
    rec.add(ProfminimumLevel, school, dt.date(start, 9, 1 + rng.randrange(5)), level=level,
            order=f"№ {rng.randint(90, 160)}-од")
    thursdays = [dt.date(start, 9, 1) + dt.timedelta(days=(3 - dt.date(start, 9, 1).weekday()) % 7
                                                     + 7 * week) for week in range(38)]
    holidays = [(dt.date(start, 10, 27), dt.date(start, 11, 4)),
                (dt.date(start, 12, 28), dt.date(start + 1, 1, 11)),
                (dt.date(start + 1, 3, 23), dt.date(start + 1, 3, 31))]
    lessons = [d for d in thursdays if d <= dt.date(start + 1, 5, 22)
               and not any(a <= d <= b for a, b in holidays)]
    halves = (dt.date(start, 12, 25), dt.date(start + 1, 5, 25))
    for student, enrollment in group:
        if not 6 <= enrollment.grade <= 11:
            continue
        attends = 0.97 if rng.random() < 0.8 else 0.75  # a few miss many lessons
        if current:
            for day in lessons:
                if rng.random() < attends:
                    rec.add(ProfminimumHours, school, day, student, direction="horizons", hours=1,
                            activity=HORIZONS)
        else:
            by_month: dict[tuple[int, int], int] = defaultdict(int)
            for day in lessons:
                by_month[(day.year, day.month)] += rng.random() < attends
            for (y, m), hours in by_month.items():
                if hours:
                    rec.add(ProfminimumHours, school, dt.date(y, m, 25), student,
                            direction="horizons", hours=hours,
                            activity=f"{HORIZONS}: итог месяца")
        for day in halves:
            half = [("upbringing", rng.randint(3, 6), "Классные часы профориентационной "
                                                      "направленности"),
                    ("parents", 1, "Родительское собрание по профориентации")]
            if level != "basic":
                half.append(("lessons", rng.randint(6, 10), "Уроки с профориентационным "
                                                              "содержанием"))
            if enrollment.grade >= 10 and school.code in SCHOOL_PROFILES:
                half.append(("profile", rng.randint(4, 8), "Профильные предметы: практикум"))
            if level == "advanced":
                half.append(("trials", rng.randint(3, 6), "Практико-ориентированный модуль"))
            for direction, hours, activity in half:
                rec.add(ProfminimumHours, school, day, student, direction=direction,
                        hours=hours, activity=f"{activity}: итог полугодия")


def _admissions(rng, rec: Recorder, refs: Refs, schools, students, enrollments, today) -> None:
    """Register 5: where past graduates went, and what became of them year by year."""
    last: dict[int, Enrollment] = {}
    for enrollment in sorted(enrollments.values(), key=lambda e: e.academic_year_id):
        last[enrollment.student_id] = enrollment
    years = {y.pk: y for y in AcademicYear.objects.all()}
    profiles = {r.student_id: r.profile for r in ProfileStudy.objects.filter(
        profile__isnull=False).select_related("profile").order_by("date")}
    spo = [s for s in refs.specialties if s.level == "spo" and refs.taught_at.get(s.code)]
    vo = [s for s in refs.specialties if s.level == "vo" and refs.taught_at.get(s.code)]
    admissions = []
    for student in students.values():
        if student.status != Student.Status.GRADUATED or student.pk not in last:
            continue
        final = last[student.pk]
        final.academic_year = years[final.academic_year_id]
        graduation = final.academic_year.start_year + 1
        if rng.random() > (0.85 if final.grade == 11 else 0.95):
            continue
        higher = final.grade == 11 and rng.random() < 0.5 and vo
        # A specialty, then a college or university that teaches it; targeted study only
        # with an employer of the district that needs that specialty.
        specialty = rng.choice(vo if higher else spo)
        institution = rng.choice(refs.taught_at[specialty.code])
        sponsors = [e for e in refs.employers if e.in_district and specialty.code in refs.needs[e.pk]]
        basis = rng.choices(["budget", "contract", "targeted"], [70, 20, 10 if sponsors else 0])[0]
        school = next(s for s in schools if s.pk == student.school_id)
        admission = rec.add(
            Admission, school, dt.date(graduation, 8, 25), student,
            graduation_year=graduation, graduation_grade=final.grade, institution=institution,
            specialty=specialty, basis=basis, study_form="full",
            target_employer=rng.choice(sponsors) if basis == "targeted" else None)
        if admission is not None:
            admission.derive(profile=profiles.get(student.pk), last_enrollment=final)
            admissions.append((admission, final.grade, higher))
    rec.flush(Admission)
    for admission, grade, higher in admissions:
        duration = 4 if higher or grade == 9 else 3
        for after in range(1, today.year - admission.graduation_year + 1):
            day = dt.date(admission.graduation_year + after - 1, 10, 1)
            if after < duration:
                status = "expelled" if rng.random() < 0.05 else "studying"
            else:
                status = rng.choices(["employed", "completed"], [65, 35])[0]
            fitting = [e for e in refs.employers if admission.specialty.code in refs.needs[e.pk]]
            employer = (rng.choice(fitting) if status == "employed" and fitting
                        and rng.random() < 0.7 else None)
            record = rec.add(GraduateStatus, admission.school, day, admission.student,
                             admission=admission, status=status, employer=employer,
                             employed_in_district=(employer.in_district if employer else
                                                   (rng.random() < 0.4 if status == "employed" else None)))
            if record is None or status != "studying":
                break  # the path ends with the last known status
    rec.flush(GraduateStatus)


def _labour_market(rng, refs: Refs, years, today) -> None:
    if SpecialistDemand.objects.exists():
        return
    imc = User.objects.filter(username="imc").first()
    by_code = {s.code: s for s in refs.specialties}
    demand, offers = [], []
    for year in range(FIRST_YEAR + 1, today.year + 1):
        # The district's employers ask for the specialties they work with.
        for employer in refs.employers[:5]:
            for code in sorted(refs.needs[employer.pk]):
                specialty = by_code.get(code)
                if specialty is None or rng.random() < 0.4:
                    continue
                demand.append(SpecialistDemand(
                    year=year, territory="municipality", specialty=specialty,
                    level=specialty.level, number=rng.randint(2, 12), author=imc,
                    source=rng.choice(["employment_centre", "employer"]), employer=employer))
        demand.append(SpecialistDemand(year=year, territory="region", profession="медицинская сестра",
                                       level="spo", number=rng.randint(40, 90), source="forecast",
                                       author=imc))
        # Targeted training: each of the largest employers sponsors one of its specialties
        # at a college or university that teaches it.
        for employer in refs.employers[:3]:
            codes = sorted(c for c in refs.needs[employer.pk] if refs.taught_at.get(c) and c in by_code)
            specialty = by_code[rng.choice(codes)]
            offers.append(TargetedTrainingOffer(
                year=year, employer=employer, specialty=specialty, places=rng.randint(1, 5),
                institution=rng.choice(refs.taught_at[specialty.code]), author=imc))
    bulk_create_with_history(demand, SpecialistDemand, default_user=imc, default_change_reason=REASON)
    bulk_create_with_history(offers, TargetedTrainingOffer, default_user=imc,
                             default_change_reason=REASON)


def _submissions(rng, schools, coordinators, today) -> None:
    """Past half-years accepted, the previous one in every state, the current one open."""
    from ..models import Period

    imc = User.objects.filter(username="imc").first()
    current = Period.objects.for_date(today)
    previous = current.previous()
    periods = [p for p in Period.objects.select_related("academic_year")
               .filter(academic_year__start_year__gte=FIRST_YEAR)
               if p.starts_on < previous.starts_on]
    previous_states = ["returned", "submitted", "accepted", "draft", "submitted", "accepted"]
    for period in [*periods, previous]:
        due = dt.datetime.combine(period.submission_due, dt.time(10, 0),
                                  tzinfo=timezone.get_current_timezone())
        for index, school in enumerate(schools):
            state = "accepted" if period != previous else previous_states[index % len(previous_states)]
            if state == "draft":
                continue
            author = coordinators.get(school.pk)
            submission = Submission.objects.create(
                school=school, period=period, state=state, submitted_at=due - dt.timedelta(days=3),
                decided_at=due if state in ("accepted", "returned") else None,
                comment="Нет данных о диагностике 9 классов: дополните реестр 4."
                if state == "returned" else "")
            steps = [("draft", "submitted", "сдано ОО", author, "", due - dt.timedelta(days=3))]
            if state == "accepted":
                steps.append(("submitted", "accepted", "принято ИМЦ, данные закрыты", imc, "", due))
            if state == "returned":
                steps.append(("submitted", "returned", "возвращено ИМЦ на доработку", imc,
                              submission.comment, due))
            for from_state, to_state, action, user, comment, at in steps:
                event = SubmissionEvent.objects.create(
                    submission=submission, from_state=from_state, to_state=to_state,
                    action=action, user=user, comment=comment)
                SubmissionEvent.objects.filter(pk=event.pk).update(at=at)
