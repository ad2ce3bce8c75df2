"""Reference lists and the rules the records keep by themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from monitoring.models import Period, School
from monitoring.registers.catalogs import (
    Competition,
    Direction,
    Employer,
    GrowthPointCentre,
    Institution,
    Profile,
    Specialty,
    TicketStage,
)
from monitoring.registers.reference import load_catalogs
from monitoring.registers.validators import inn_is_valid, validate_inn


@pytest.mark.parametrize("inn", ["6517000008", "6517000015", "650123456708"])
def test_valid_inns(inn):
    assert inn_is_valid(inn)
    validate_inn(inn)


@pytest.mark.parametrize(("inn", "message"), [
    ("6517000009", "контрольной суммы"),
    ("650123456709", "контрольной суммы"),
    ("65170000", "10 цифр"),
    ("65170000AB", "10 цифр"),
])
def test_invalid_inns_are_explained(inn, message):
    with pytest.raises(ValidationError, match=message):
        validate_inn(inn)


def test_employer_with_a_bad_inn_is_refused_and_without_one_is_allowed(db):
    employer = Employer(name="ООО «Опечатка»", inn="6517000009", industry="other")
    with pytest.raises(ValidationError) as error:
        employer.full_clean()
    assert "ИНН не прошёл проверку контрольной суммы" in str(error.value)
    Employer.objects.create(name="ИП без ИНН", inn="", industry="trade")
    Employer.objects.create(name="Ещё одно без ИНН", industry="trade")  # blank ИНН is not unique
    assert Employer.objects.filter(inn__isnull=True).count() == 2


def test_specialty_level_and_group_come_from_the_okso_code(db):
    assert Specialty(code="21.02.01", name="x").level == "spo"
    assert Specialty(code="15.01.05", name="x").level == "spo"
    assert Specialty(code="21.03.01", name="x").level == "vo"
    assert Specialty(code="31.05.01", name="x").group == "31"
    with pytest.raises(ValidationError, match=r"00\.00\.00"):
        Specialty(code="21-02-01", name="Без точек").full_clean()


def test_profiles_say_which_specialties_are_theirs(db):
    tech = Profile(code="tech", name="технологический", okso_groups="09, 21")
    universal = Profile(code="universal", name="универсальный", okso_groups="")
    assert tech.matches(Specialty(code="21.02.02", name="x")) is True
    assert tech.matches(Specialty(code="44.03.01", name="x")) is False
    assert universal.matches(Specialty(code="21.02.02", name="x")) is None


def test_reference_lists_load_once_and_again_change_nothing(db, municipality):
    School.objects.create(municipality=municipality, code="tr", name="С точкой", short_name="С точкой",
                          has_growth_point=True, growth_point_opened=2021)
    load_catalogs()
    counts = [model.objects.count() for model in (Direction, Profile, Competition, Institution,
                                                   Specialty, TicketStage, GrowthPointCentre)]
    assert counts[0] == 6 and counts[1] == 6  # six directions, six profiles
    assert {p.name for p in Profile.objects.all()} >= {"технологический", "естественно-научный",
                                                       "гуманитарный", "социально-экономический",
                                                       "универсальный", "агротехнологический"}
    assert Competition.objects.filter(kind="abilympics").exists()
    assert GrowthPointCentre.objects.get().opened_year == 2021
    assert "новых записей: 0" in load_catalogs()
    assert [model.objects.count() for model in (Direction, Profile, Competition, Institution,
                                                Specialty, TicketStage, GrowthPointCentre)] == counts


def test_a_record_takes_its_half_year_from_its_date(ctx):
    from monitoring.registers.records import Diagnostic

    record = Diagnostic.objects.create(school=ctx.school, student=ctx.student, method=ctx.method,
                                       date=dt.date(2023, 3, 15))
    assert record.period.code == "2022/2023-2" and record.academic_year.start_year == 2022
    assert (record.grade, record.class_letter) == (None, "")  # no class known for that year
    record.date = dt.date(2022, 10, 1)
    record.save()
    assert record.period == Period.objects.get_by_code("2022/2023-1")


def test_a_graduates_status_needs_an_employer_or_the_district(ctx):
    from monitoring.registers.records import GraduateStatus

    status = GraduateStatus(school=ctx.school, student=ctx.student, admission=ctx.admission,
                            date=ctx.today, status="employed")
    with pytest.raises(ValidationError, match="Укажите работодателя"):
        status.full_clean()
    status.employer = ctx.employer
    status.full_clean()
    status.save()
    assert status.employed_in_district is True  # from the employer
