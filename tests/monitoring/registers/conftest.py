"""Fixtures of the register tests: a few reference entries and school A's own lists.

``ctx`` gathers them so that each register's case (``cases.py``) can build a form, a
record and an import row from the same things a coordinator would pick."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Period, School, Student
from monitoring.registers.catalogs import (
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
from monitoring.registers.records import Admission, EmployerEvent
from monitoring.registers.submissions import Submission

from ...conftest import read_xlsx


@dataclass
class Ctx:
    today: dt.date
    school: School
    other: School
    student: Student
    employer: Employer
    program: Program
    profile: Profile
    subject: Subject
    method: DiagnosticMethod
    competition: Competition
    institution: Institution
    specialty: Specialty
    college: Institution
    college_specialty: Specialty
    stage: TicketStage
    lesson: ProjectoriaLesson
    technoclass: Technoclass
    centre: GrowthPointCentre
    event: EmployerEvent
    admission: Admission
    author: object

    @property
    def day(self) -> str:
        return self.today.strftime("%d.%m.%Y")


@pytest.fixture
def ctx(db, school_a, school_b, student_a, coordinator_a) -> Ctx:
    today = timezone.localdate()
    direction = Direction.objects.create(code="technical", name="техническая")
    employer = Employer.objects.create(name="ООО «Пример-Нефть»", inn="6517000008",
                                       industry=Employer.Industry.OIL_GAS)
    profile = Profile.objects.create(code="tech", name="технологический", okso_groups="09, 21")
    institution = Institution.objects.create(
        name="ФГБОУ ВО «Сахалинский государственный университет»", short_name="СахГУ",
        level="vo", city="Южно-Сахалинск", in_sakhalin=True)
    specialty = Specialty.objects.create(code="21.03.01", name="Нефтегазовое дело")
    event = EmployerEvent.objects.create(
        school=school_a, date=today, employer=employer, kind=EmployerEvent.Kind.EXCURSION,
        title="Экскурсия на промысел", author=coordinator_a)
    admission = Admission.objects.create(
        school=school_a, student=student_a, date=today, institution=institution,
        specialty=specialty, author=coordinator_a)
    for school in (school_a, school_b):
        Technoclass.objects.create(school=school, name="Нефтегазовый технокласс", profile=profile,
                                   partner=employer)
        GrowthPointCentre.objects.create(school=school, name=f"Точка роста {school.code}")
    return Ctx(
        today=today, school=school_a, other=school_b, student=student_a, employer=employer,
        program=Program.objects.create(name="Робототехника", direction=direction),
        profile=profile,
        subject=Subject.objects.create(name="математика"),
        method=DiagnosticMethod.objects.create(name="Методика «Карта интересов»"),
        competition=Competition.objects.create(
            name="Муниципальная научно-практическая конференция школьников",
            level=Competition.Level.MUNICIPAL, kind=Competition.Kind.CONFERENCE),
        institution=institution, specialty=specialty,
        college=Institution.objects.create(
            name="ГБПОУ «Сахалинский индустриальный техникум»", short_name="СИТ", level="spo",
            city="Оха", in_sakhalin=True),
        college_specialty=Specialty.objects.create(
            code="21.02.01", name="Разработка и эксплуатация нефтяных и газовых месторождений"),
        stage=TicketStage.objects.create(code="trial", name="профессиональная проба", order=4),
        lesson=ProjectoriaLesson.objects.create(date=today, topic="Профессии будущего"),
        technoclass=Technoclass.objects.get(school=school_a),
        centre=GrowthPointCentre.objects.get(school=school_a),
        event=event, admission=admission, author=coordinator_a,
    )


def lock(school: School, day: dt.date | None = None) -> Submission:
    """ИМЦ has accepted the school's half-year (as the services would leave it)."""
    period = Period.objects.for_date(day or timezone.localdate())
    submission, _ = Submission.objects.update_or_create(
        school=school, period=period, defaults={"state": Submission.State.ACCEPTED})
    return submission


def upload_file(rows: list[list], name: str = "реестр.xlsx") -> SimpleUploadedFile:
    from ...conftest import xlsx_upload

    return xlsx_upload(rows, name=name)


def filled_template(client, slug: str, rows: list[dict]) -> SimpleUploadedFile:
    """Download the register's template, fill its data sheet by header, as a school would."""
    book = read_xlsx(client.get(reverse("monitoring:register_template", args=[slug])).content)
    sheet = book["Данные"]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, 2):
        unknown = set(row) - set(headers)
        assert not unknown, f"no such template column: {unknown}"
        for column, header in enumerate(headers, 1):
            sheet.cell(row=number, column=column, value=row.get(header))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("шаблон.xlsx", buffer.getvalue())


def preview(client, slug: str, file, **extra):
    return client.post(reverse("monitoring:register_import", args=[slug]), {"file": file, **extra})


def confirm(client, slug: str, response):
    page = response.content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page)
    assert token, "the preview offers no confirmation: " + _errors(page)
    data = {"token": token.group(1)}
    school = re.search(r'name="school" value="(\d+)"', page)
    if school:
        data["school"] = school.group(1)
    return client.post(reverse("monitoring:register_import", args=[slug]), data)


def _errors(page: str) -> str:
    found = re.search(r'id="import-errors">(.*?)</div>', page, re.S)
    if found:
        return re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", found.group(1)))
    found = re.search(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</', page, re.S)
    return found.group(1) if found else page[:500]
