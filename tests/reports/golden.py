"""The golden district: three schools over two academic years, small enough that every
indicator can be worked out by hand (test_golden_district.py writes each value down).

Schools: A (СОШ with a «Точка роста» centre opened in 2020), B (СОШ), C (ООШ).

People (ФИО + birth date make a person) and their classes:

=====  ======  ============  ============  =====================================
who    school  2021/2022     2022/2023     notes
=====  ======  ============  ============  =====================================
a1     A       7             8             girl with ОВЗ
a2     A       10            11            boy
a3     A       11            —             girl, graduates in June 2022
b1     B       9             —             boy with ОВЗ, graduates after grade 9
b2     B       6             7             girl
c1     C       8             9             girl
n1     A       —             1             boy, a first-grader
P      B and C —             7 at B, 7 at C  moved from B to C in November 2022:
                                             two student records, one person
=====  ======  ============  ============  =====================================

Records of 2021/2022: diagnostics a1 (10.10.2021), a2 and b1 (10.03.2022); additional
education a1 in a profile program, b2 in a general one (not counted); profile study a2
(profile) and a3 (subject); a3 winner of a skills competition (01.04.2022); «Билет в
будущее» c1 (01.02.2022); an excursion of A (15.02.2022) with a2; technoclass a2;
«Точка роста» a1; «ПроеКТОриЯ» 10.04.2022: a3 by name, a class of B counted (15);
admissions 20.07.2022: a3 (11th grade, targeted, by profile, in the region), b1 (9th
grade, contract, outside the region); an agreement of A valid 01.03.2021–30.06.2022.

Records of the I half-year 2022/2023: diagnostics a1 (10.10.2022) and P at B
(20.09.2022); «Билет в будущее» P at C and c1 (20.11.2022); additional education a1
(profile), n1 (general); profile study a2; «Точка роста» a1; b2 at a conference
(01.12.2022); a master class of B (05.10.2022) with b2, an excursion of A (11.11.2022)
counted, not named (25); «ПроеКТОриЯ» 20.10.2022: a1 by name, a class of C counted (20);
a3 employed in the district (15.11.2022); an agreement of B from 01.09.2022; parents
informed: 100 (01.03.2022, municipal), 40 (01.10.2022, school A).

Профминимум, 2023/2024 (the model starts on 01.09.2023: earlier spans have no value): a1
(grade 9 at A), b2 (grade 8 at B) and a new girl a4 (grade 7 at A) are the grades 6–11; A
chose the «основной» level (60 h), B chose none (базовый, 40 h). a1: six lessons of 10 h
(урочная) and a diagnostic (10.10.2023, 1 h внеурочная) — 61 h, reached. b2: three
«Россия — мои горизонты» of 12 h, a trial of 2 h (20.03.2024) in register 11 and a «Билет в
будущее» trial the same day (not counted again), a «Билет в будущее» trial on 15.03.2024
(2 h) and a skills contest the same day (not counted again) — 40 h, reached. a4: four
class hours of 11 h (воспитательная) — 44 h, short of A's 60.

Staff: department d1 (trained 01.06.2021), d2; A: teacher t1 class teacher (trained
01.05.2021), teacher t2 class teacher, teacher t3 specialist (trained 01.11.2022),
admin h1 tutor (trained 01.03.2022); B: teacher t4 class teacher and tutor (trained
15.01.2023), teacher t5 left on 30.06.2022 (trained 01.04.2021); C: admin h2.

Roadmap 2021–2023 (approved): 1.1 «Май 2022» done 20.05.2022; 1.2 «Октябрь 2022» done late
10.11.2022; 1.3 «Март 2022» never done. Required documents: an order with «дорожной карты»
(an order of 20.01.2021 satisfies it) and a regulation (one of 01.10.2022). Training targets
25 % (2021), 60 % (2022), 100 % (2023) for every staff group."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from monitoring.models import AcademicYear, Enrollment, School, Sex, Staff, Student
from monitoring.registers import catalogs as c
from monitoring.registers import records as r

D = dt.date


def _person(school, last, first, birth, sex, ovz=False):
    return Student.objects.create(school=school, last_name=last, first_name=first,
                                  middle_name="Тестович" if sex == Sex.MALE else "Тестовна",
                                  birth_date=birth, sex=sex, has_ovz=ovz)


def _enrol(student, start_year, grade):
    year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
    Enrollment.objects.create(student=student, academic_year=year, grade=grade, class_letter="А")


def _rec(model, student, date, **fields):
    return model.objects.create(school=student.school, student=student, date=date, **fields)


def _staff(school, last, category, trained_on=None, **flags):
    from roadmap.models import TrainingCourse, TrainingParticipation

    person = Staff.objects.create(
        municipality=school.municipality if school else _staff.municipality, school=school,
        last_name=last, first_name="Мария", middle_name="Ивановна", position="педагог",
        category=category, **flags)
    if trained_on is not None:
        course, _ = TrainingCourse.objects.get_or_create(
            title="Профориентация в школе", provider="ИРОСО", hours=36,
            starts_on=D(2021, 1, 10), ends_on=D(2021, 1, 20))
        TrainingParticipation.objects.create(course=course, staff=person, completed_on=trained_on)
    return person


def _roadmap():
    from roadmap.models import (
        Document,
        Execution,
        Measure,
        RequiredDocument,
        Roadmap,
        Section,
        TrainingGroup,
        TrainingTarget,
    )

    roadmap = Roadmap.objects.create(title="Дорожная карта 2021–2023", slug="golden",
                                     year_start=2021, year_end=2023, status="approved")
    section = Section.objects.create(roadmap=roadmap, number="I", title="Целеполагание")
    measures = {
        number: Measure.objects.create(roadmap=roadmap, section=section, number=number,
                                       text=f"Мероприятие {number}", deadline_text=deadline)
        for number, deadline in [("1.1", "Май 2022"), ("1.2", "Октябрь 2022"),
                                 ("1.3", "Март 2022")]
    }
    Execution.objects.create(measure=measures["1.1"], occurrence_key="2022-05",
                             date=D(2022, 5, 20), status="done")
    Execution.objects.create(measure=measures["1.2"], occurrence_key="2022-10",
                             date=D(2022, 11, 10), status="done")
    RequiredDocument.objects.create(roadmap=roadmap, kind="order", title="Приказ об утверждении",
                                    title_pattern="дорожной карты", order=1)
    RequiredDocument.objects.create(roadmap=roadmap, kind="regulation", title="Положение",
                                    order=2)
    Document.objects.create(kind="order", date=D(2021, 1, 20), status="approved",
                            title="Об утверждении дорожной карты")
    Document.objects.create(kind="regulation", date=D(2022, 10, 1), status="approved",
                            title="Положение о профориентации")
    # Measure 5.2's coverage targets, kept by the roadmap per year and staff group.
    for year, value in {2021: 25, 2022: 60, 2023: 100}.items():
        for group in TrainingGroup.values:
            TrainingTarget.objects.create(roadmap=roadmap, year=year, group=group, value=value)
    return roadmap


def _profminimum(A, B, a1, b2, stage, skills):
    """2023/2024, профминимум (see the module's docstring)."""
    from monitoring.registers.profminimum import ProfminimumHours, ProfminimumLevel

    a4 = _person(A, "Зайцева", "Зоя", D(2016, 9, 9), Sex.FEMALE)
    for student, grade in [(a1, 9), (b2, 8), (a4, 7)]:
        _enrol(student, 2023, grade)
    ProfminimumLevel.objects.create(school=A, date=D(2023, 9, 1), level="main")
    for week in range(6):
        _rec(ProfminimumHours, a1, D(2023, 9, 4) + dt.timedelta(weeks=week), direction="lessons",
             hours=10, activity="Урок с профориентационным содержанием")
    _rec(r.Diagnostic, a1, D(2023, 10, 10),
         method=c.DiagnosticMethod.objects.get(name="Опросник Климова"))
    for week in range(3):
        _rec(ProfminimumHours, b2, D(2023, 9, 7) + dt.timedelta(weeks=week), direction="horizons",
             hours=12, activity="«Россия — мои горизонты»")
    _rec(ProfminimumHours, b2, D(2024, 3, 20), direction="trials", hours=2, activity="Профпроба")
    _rec(r.TicketParticipation, b2, D(2024, 3, 20), stage=stage)  # the same day: not again
    _rec(r.TicketParticipation, b2, D(2024, 3, 15), stage=stage)
    _rec(r.CompetitionParticipation, b2, D(2024, 3, 15), competition=skills)  # the trial's day
    for week in range(4):
        _rec(ProfminimumHours, a4, D(2023, 9, 8) + dt.timedelta(weeks=week),
             direction="upbringing", hours=11, activity="Классный час")


@pytest.fixture
def golden(municipality):
    from roadmap.models import InformationWork

    A = School.objects.create(municipality=municipality, code="ga", name="СОШ А", short_name="СОШ А",
                              has_growth_point=True, growth_point_opened=2020)
    B = School.objects.create(municipality=municipality, code="gb", name="СОШ Б", short_name="СОШ Б")
    C = School.objects.create(municipality=municipality, code="gc", name="ООШ В", short_name="ООШ В",
                              kind=School.Kind.BASIC)
    F, M = Sex.FEMALE, Sex.MALE
    a1 = _person(A, "Аистова", "Анна", D(2014, 1, 1), F, ovz=True)
    a2 = _person(A, "Бобров", "Борис", D(2011, 2, 2), M)
    a3 = _person(A, "Воронова", "Вера", D(2004, 3, 3), F)
    b1 = _person(B, "Голубев", "Глеб", D(2006, 4, 4), M, ovz=True)
    b2 = _person(B, "Дроздова", "Дина", D(2015, 5, 5), F)
    c1 = _person(C, "Ежова", "Елена", D(2013, 6, 6), F)
    n1 = _person(A, "Жуков", "Жан", D(2016, 7, 7), M)
    p_b = _person(B, "Переходов", "Пётр", D(2015, 8, 8), M)
    p_c = _person(C, "Переходов", "Пётр", D(2015, 8, 8), M)  # the same person at C
    for student, grades in [(a1, (7, 8)), (a2, (10, 11)), (a3, (11, None)), (b1, (9, None)),
                            (b2, (6, 7)), (c1, (8, 9)), (n1, (None, 1)), (p_b, (None, 7)),
                            (p_c, (None, 7))]:
        for start, grade in zip((2021, 2022), grades, strict=True):
            if grade is not None:
                _enrol(student, start, grade)

    direction = c.Direction.objects.get_or_create(code="tech", defaults={"name": "Техническая"})[0]
    robotics = c.Program.objects.create(name="Робототехника (золотой)", direction=direction,
                                        orientation="profile")
    chess = c.Program.objects.create(name="Шахматы (золотой)", direction=direction,
                                     orientation="general")
    method = c.DiagnosticMethod.objects.get_or_create(name="Опросник Климова")[0]
    skills = c.Competition.objects.create(name="Юниор-профи (золотой)", level="regional", kind="skills")
    conference = c.Competition.objects.create(name="Шаг в будущее (золотой)", level="municipal",
                                              kind="conference")
    employer = c.Employer.objects.create(name="ООО «Золотая нефть»", industry="oil_gas")
    profile = c.Profile.objects.create(name="технологический (золотой)", code="gold-tech",
                                       okso_groups="21")
    subject = c.Subject.objects.get_or_create(name="Физика")[0]
    technoclass = c.Technoclass.objects.create(school=A, name="Нефтегазовый класс")
    centre = c.GrowthPointCentre.objects.create(school=A, name="Точка роста СОШ А")
    lesson1 = c.ProjectoriaLesson.objects.create(date=D(2022, 4, 10), topic="Профессии моря")
    lesson2 = c.ProjectoriaLesson.objects.create(date=D(2022, 10, 20), topic="Профессии будущего")
    stage = c.TicketStage.objects.get_or_create(code="trial", defaults={"name": "Профпроба"})[0]
    college = c.Institution.objects.create(name="Сахалинский техникум (золотой)", level="spo",
                                           in_sakhalin=True)
    university = c.Institution.objects.create(name="Далёкий университет (золотой)", level="vo",
                                              region="Москва", in_sakhalin=False)
    specialty = c.Specialty.objects.get_or_create(code="21.02.01",
                                                  defaults={"name": "Разработка месторождений"})[0]

    # 2021/2022
    _rec(r.Diagnostic, a1, D(2021, 10, 10), method=method)
    _rec(r.Diagnostic, a2, D(2022, 3, 10), method=method)
    _rec(r.Diagnostic, b1, D(2022, 3, 10), method=method)
    _rec(r.AdditionalEducation, a1, D(2021, 9, 15), program=robotics)
    _rec(r.AdditionalEducation, b2, D(2021, 9, 15), program=chess)
    _rec(r.ProfileStudy, a2, D(2021, 9, 1), profile=profile)
    _rec(r.ProfileStudy, a3, D(2021, 9, 1), subject=subject)
    _rec(r.CompetitionParticipation, a3, D(2022, 4, 1), competition=skills, result="winner")
    _rec(r.TicketParticipation, c1, D(2022, 2, 1), stage=stage)
    excursion = r.EmployerEvent.objects.create(school=A, date=D(2022, 2, 15), employer=employer,
                                               kind="excursion", title="Экскурсия на промысел")
    r.EmployerInteraction.objects.create(school=A, student=a2, event=excursion, date=excursion.date)
    _rec(r.TechnoclassParticipation, a2, D(2021, 9, 20), technoclass=technoclass)
    _rec(r.GrowthPointParticipation, a1, D(2021, 9, 20), centre=centre, activity="lessons",
         course="3D-моделирование")
    _rec(r.ProjectoriaParticipation, a3, lesson1.date, lesson=lesson1)
    r.ProjectoriaSession.objects.create(school=B, date=lesson1.date, lesson=lesson1,
                                        audience="5–9 классы", participants_count=15)
    admitted_a3 = _rec(r.Admission, a3, D(2022, 7, 20), institution=college, specialty=specialty,
                       basis="targeted", target_employer=employer, by_profile=True)
    _rec(r.Admission, b1, D(2022, 7, 20), institution=university, specialty=specialty,
         basis="contract")
    r.EmployerAgreement.objects.create(school=A, date=D(2021, 3, 1), employer=employer,
                                       kind="cooperation", valid_until=D(2022, 6, 30))

    # I half-year 2022/2023
    _rec(r.Diagnostic, a1, D(2022, 10, 10), method=method)
    _rec(r.Diagnostic, p_b, D(2022, 9, 20), method=method)
    _rec(r.TicketParticipation, p_c, D(2022, 11, 20), stage=stage)
    _rec(r.TicketParticipation, c1, D(2022, 11, 20), stage=stage)
    _rec(r.AdditionalEducation, a1, D(2022, 9, 15), program=robotics)
    _rec(r.AdditionalEducation, n1, D(2022, 9, 15), program=chess)
    _rec(r.ProfileStudy, a2, D(2022, 9, 1), profile=profile)
    _rec(r.GrowthPointParticipation, a1, D(2022, 9, 20), centre=centre, activity="lessons",
         course="3D-моделирование")
    _rec(r.CompetitionParticipation, b2, D(2022, 12, 1), competition=conference)
    master_class = r.EmployerEvent.objects.create(school=B, date=D(2022, 10, 5), employer=employer,
                                                  kind="master_class", title="Мастер-класс")
    r.EmployerInteraction.objects.create(school=B, student=b2, event=master_class,
                                         date=master_class.date)
    r.EmployerEvent.objects.create(school=A, date=D(2022, 11, 11), employer=employer,
                                   kind="excursion", title="Экскурсия классом",
                                   participants_count=25)
    _rec(r.ProjectoriaParticipation, a1, lesson2.date, lesson=lesson2)
    r.ProjectoriaSession.objects.create(school=C, date=lesson2.date, lesson=lesson2,
                                        audience="7 класс", participants_count=20)
    _rec(r.GraduateStatus, a3, D(2022, 11, 15), admission=admitted_a3, status="employed",
         employer=employer, employed_in_district=True)
    r.EmployerAgreement.objects.create(school=B, date=D(2022, 9, 1), employer=employer,
                                       kind="targeted")
    InformationWork.objects.create(kind="parents_offline", date=D(2022, 3, 1), title="Собрание",
                                   audience="parents", reach=100)
    InformationWork.objects.create(kind="parents_offline", date=D(2022, 10, 1), title="Собрание",
                                   audience="parents", reach=40, school=A)

    _profminimum(A, B, a1, b2, stage, skills)

    _staff.municipality = municipality
    teacher, admin, department = (Staff.Category.TEACHER, Staff.Category.SCHOOL_ADMIN,
                                  Staff.Category.DEPARTMENT)
    _staff(None, "Дьякова", department, D(2021, 6, 1))
    _staff(None, "Дуднева", department)
    _staff(A, "Тимофеева", teacher, D(2021, 5, 1), is_class_teacher=True)
    _staff(A, "Тихонова", teacher, is_class_teacher=True)
    _staff(A, "Титова", teacher, D(2022, 11, 1), is_specialist=True)
    _staff(A, "Харитонова", admin, D(2022, 3, 1), is_tutor=True)
    _staff(B, "Тарасова", teacher, D(2023, 1, 15), is_class_teacher=True, is_tutor=True)
    _staff(B, "Трофимова", teacher, D(2021, 4, 1), is_working=False, left_on=D(2022, 6, 30))
    _staff(C, "Хохлова", admin)
    _roadmap()
    return SimpleNamespace(A=A, B=B, C=C, people=[a1, a2, a3, b1, b2, c1, n1, p_b, p_c])
