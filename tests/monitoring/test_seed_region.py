"""The region generator (``manage.py seed_region``): every register filled in its season,
the same region for the same seed, and never run over real data by mistake."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.utils import timezone

from monitoring.models import Enrollment, School, Student, User
from monitoring.region import GENERATORS, REGION_PASSWORD, missing_generators
from monitoring.region.people import ALL_SURNAMES
from monitoring.registers.registry import registry
from monitoring.registers.submissions import Submission
from reports.models import Target
from roadmap.models import TrainingParticipation


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_region", stdout=out, **{"schools": 3, "students": 300, **options})
    return out.getvalue()


def months(slug: str) -> set[int]:
    return {d.month for d in registry.get(slug).model.objects.values_list("date", flat=True)}


def test_every_registry_entry_has_a_generator():
    # A new register (e.g. «профминимум») needs one function in monitoring/region/registers.py
    # decorated with @generates("<slug>").
    assert missing_generators() == []
    assert set(GENERATORS) <= {entry.slug for entry in registry}


def test_a_small_region_fills_every_register_in_its_season(db, settings):
    settings.DEBUG = True
    summary = seed()
    assert "Регион создан" in summary and REGION_PASSWORD in summary

    assert School.objects.filter(code__startswith="r").count() == 3
    current = Enrollment.objects.filter(academic_year__start_year=timezone.localdate().year
                                        if timezone.localdate().month >= 9
                                        else timezone.localdate().year - 1)
    assert 270 <= current.count() <= 330  # «--students 300» is the current enrolment
    for entry in registry:
        assert entry.model.objects.exists(), f"реестр «{entry.slug}» пуст"
    today = timezone.localdate()
    for entry in registry:
        if entry.school_scoped:
            assert not entry.model.objects.filter(date__gt=today).exists(), entry.slug

    # The seasons of a school year.
    assert months("admissions") <= {7, 8}
    assert months("graduate-statuses") == {10}
    for yearly in ("additional-education", "profile-study", "technoclasses", "growth-points"):
        assert months(yearly) == {9}, yearly
    assert months("diagnostics") <= {10, 11, 3, 4} and {10, 11} & months("diagnostics")
    assert months("proektoria").isdisjoint({6, 7, 8})
    lesson_days = set(registry.get("proektoria").model.objects.values_list("date", flat=True))
    assert {d.weekday() for d in lesson_days} == {3}  # weekly, on Thursdays
    assert len(lesson_days) >= 40  # every week of term across the years
    assert months("ticket-to-future") <= {9, 10, 2, 3, 4, 5}

    # Fictional people only, with the snapshot of their class at the record's time.
    made_up = {name for pair in ALL_SURNAMES for name in pair}
    assert set(Student.objects.values_list("last_name", flat=True)) <= made_up
    record = registry.get("diagnostics").model.objects.select_related("student").first()
    enrollment = Enrollment.objects.get(student=record.student, academic_year=record.academic_year)
    assert (record.grade, record.class_letter) == (enrollment.grade, enrollment.class_letter)

    # The completing lists of the other apps, and submissions in every state.
    assert TrainingParticipation.objects.exists() and Target.objects.filter(school__isnull=False).exists()
    assert set(Submission.objects.values_list("state", flat=True)) >= {"accepted", "returned"}


def test_each_school_has_a_coordinator_who_sees_only_that_school(db, settings):
    settings.DEBUG = True
    seed(schools=2, students=100)
    first, second = School.objects.filter(code__in=["r001", "r002"]).order_by("code")
    client = Client()
    # Through the login page, as a person signs in (the lockout backend needs the request).
    response = client.post("/login/", {"username": "koord-r001", "password": REGION_PASSWORD})
    assert response.status_code == 302
    assert client.get(f"/reports/dashboard/school/{first.pk}/").status_code == 200
    assert client.get(f"/reports/dashboard/school/{second.pk}/").status_code == 404
    assert User.objects.filter(username__in=["imc1", "imc6", "head1", "head4"]).count() == 4


def fingerprint(seed_value: int) -> tuple:
    """The generated region in a rollback: names, classes and every register's rows."""
    with transaction.atomic():
        seed(schools=2, students=120, seed=seed_value)
        people = sorted(Student.objects.values_list("last_name", "first_name", "birth_date", "sex"))
        rows = {
            entry.slug: sorted(entry.model.objects.values_list(
                *(("date", "grade", "has_ovz", "student__last_name") if entry.per_student
                  else ("date",) if entry.school_scoped else ("year",))))
            for entry in registry
        }
        transaction.set_rollback(True)
    return people, rows


def test_the_same_seed_gives_the_same_region(db, settings):
    settings.DEBUG = True
    first = fingerprint(7)
    assert fingerprint(7) == first
    assert fingerprint(8) != first


def test_refuses_a_database_with_data_unless_forced(db, settings):
    settings.DEBUG = True
    seed(schools=1, students=50)
    with pytest.raises(CommandError, match="--force"):
        seed(schools=1, students=50)
    seed(schools=2, students=60, force=True)  # everything replaced, nothing added twice
    assert School.objects.filter(code__startswith="r").count() == 2
    assert User.objects.filter(username="koord-r002").count() == 1


def test_refuses_a_production_configuration(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        seed()
    assert not Student.objects.exists()

