"""A small hand-built district whose every indicator value is worked out by hand.

School A (has a «Точка роста» centre): s1 7 кл. girl with ОВЗ, s2 10 кл. boy, s3 11 кл.
girl, s4 3 кл. boy. School B: s5 9 кл. boy with ОВЗ, s6 6 кл. girl. Academic year 2022/2023;
activities in its first half (September–December 2022), admissions in July 2023.
"""

from __future__ import annotations

import datetime as dt

import pytest

from monitoring.models import AcademicYear, Enrollment, Sex, Student
from monitoring.registers import catalogs as c
from monitoring.registers import records as r

D = dt.date(2022, 10, 15)  # inside 2022/2023-1


def student(school, name, grade, sex, ovz=False, year=2022):
    s = Student.objects.create(school=school, last_name=name, first_name="Тест",
                               birth_date=dt.date(2022 - 6 - grade, 5, 5), sex=sex, has_ovz=ovz)
    Enrollment.objects.create(student=s, academic_year=AcademicYear.objects.get_or_create(
        start_year=year)[0], grade=grade, class_letter="А")
    return s


@pytest.fixture
def world(school_a, school_b):
    school_a.has_growth_point = True
    school_a.save()
    s1 = student(school_a, "Первая", 7, Sex.FEMALE, ovz=True)
    s2 = student(school_a, "Второй", 10, Sex.MALE)
    s3 = student(school_a, "Третья", 11, Sex.FEMALE)
    s4 = student(school_a, "Четвёртый", 3, Sex.MALE)
    s5 = student(school_b, "Пятый", 9, Sex.MALE, ovz=True)
    s6 = student(school_b, "Шестая", 6, Sex.FEMALE)

    direction = c.Direction.objects.get_or_create(code="tech", defaults={"name": "Техническая"})[0]
    program = c.Program.objects.get_or_create(name="Робототехника", direction=direction)[0]
    method = c.DiagnosticMethod.objects.get_or_create(name="Опросник Климова")[0]
    skills = c.Competition.objects.get_or_create(name="Юниор-профи", level="regional", kind="skills")[0]
    conference = c.Competition.objects.get_or_create(name="Шаг в будущее", level="municipal",
                                              kind="conference")[0]
    employer = c.Employer.objects.get_or_create(name="ООО «Тестнефть»", industry="oil_gas")[0]
    profile = c.Profile.objects.filter(name="технологический").first() or c.Profile.objects.create(name="технологический")
    subject = c.Subject.objects.get_or_create(name="Физика")[0]
    technoclass = c.Technoclass.objects.get_or_create(school=school_a, name="Нефтегазовый класс")[0]
    centre = c.GrowthPointCentre.objects.get_or_create(school=school_a, name="Точка роста СОШ А")[0]
    lesson = c.ProjectoriaLesson.objects.get_or_create(date=D, topic="Профессии будущего")[0]
    stage = c.TicketStage.objects.get_or_create(code="trial", defaults={"name": "Профпроба"})[0]
    college = c.Institution.objects.get_or_create(name="Сахалинский техникум", level="spo",
                                           in_sakhalin=True)[0]
    university = c.Institution.objects.get_or_create(name="Далёкий университет", level="vo",
                                              region="Москва", in_sakhalin=False)[0]
    specialty = c.Specialty.objects.get_or_create(code="21.02.01", defaults={"name": "Разработка месторождений"})[0]

    def rec(model, s, **extra):
        return model.objects.create(school=s.school, student=s, date=extra.pop("date", D), **extra)

    rec(r.Diagnostic, s1, method=method)
    rec(r.Diagnostic, s2, method=method)
    rec(r.Diagnostic, s5, method=method)
    rec(r.AdditionalEducation, s1, program=program)
    rec(r.CompetitionParticipation, s2, competition=skills, result="winner")
    rec(r.CompetitionParticipation, s1, competition=conference, result="participant")
    rec(r.TicketParticipation, s2, stage=stage)
    event = r.EmployerEvent.objects.create(school=school_a, date=D, employer=employer,
                                           kind="excursion", title="Экскурсия на промысел")
    rec(r.EmployerInteraction, s1, event=event)
    rec(r.ProjectoriaParticipation, s4, lesson=lesson)
    r.ProjectoriaSession.objects.create(school=school_b, date=D, lesson=lesson, audience="6А",
                                        participants_count=20, participants_ovz=1)
    rec(r.TechnoclassParticipation, s2, technoclass=technoclass)
    rec(r.GrowthPointParticipation, s3, centre=centre, activity="lessons", course="3D")
    rec(r.ProfileStudy, s2, profile=profile)
    rec(r.ProfileStudy, s3, subject=subject)
    r.EmployerAgreement.objects.create(school=school_a, date=dt.date(2022, 3, 1),
                                       employer=employer, kind="cooperation",
                                       valid_until=dt.date(2023, 12, 31))
    r.EmployerAgreement.objects.create(school=school_b, date=dt.date(2021, 3, 1),
                                       employer=employer, kind="cooperation",
                                       valid_until=dt.date(2021, 12, 31))
    admitted = dt.date(2023, 7, 20)
    a3 = rec(r.Admission, s3, date=admitted, institution=college, specialty=specialty,
             basis="targeted", target_employer=employer, by_profile=True)
    rec(r.Admission, s5, date=admitted, institution=university, specialty=specialty,
        basis="contract", by_profile=False)
    rec(r.GraduateStatus, s3, date=dt.date(2025, 7, 1), admission=a3, status="employed",
        employer=employer, employed_in_district=True)
    return {"s1": s1, "s2": s2, "s3": s3, "s4": s4, "s5": s5, "s6": s6}
