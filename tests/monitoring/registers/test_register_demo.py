"""The demo data gives every register records in every academic year, all fictional."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db.models import Count

from monitoring.models import AcademicYear, Student
from monitoring.registers.catalogs import Employer
from monitoring.registers.registry import registry
from monitoring.registers.submissions import Submission
from monitoring.registers.validators import inn_is_valid


def owed_years(entry, past: set[int]) -> set[int]:
    """The years some school owes the register (a register begun later, from its start)."""
    from monitoring.models import Period, School

    owner = registry.get(entry.parent) if entry.parent else entry
    schools = list(School.objects.all())
    return {period.academic_year.start_year
            for period in Period.objects.filter(academic_year__start_year__in=past)
            .select_related("academic_year")
            if any(owner.owed_by(school, period) for school in schools)}


def expected_years(entry, past: set[int]) -> set[int]:
    if entry.school_scoped:
        past = owed_years(entry, past)
    if entry.slug == "employer-agreements":
        return {2021, 2023}  # agreements are signed every other year
    if entry.slug in {"graduate-statuses", "technoclasses"} or not entry.school_scoped:
        return past - {2020}  # statuses follow admissions; technoclasses and sources from 2021
    return past


def test_demo_fills_every_register_for_every_year_and_stays_fictional(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", students_per_class=2, stdout=io.StringIO())
    current = AcademicYear.objects.current().start_year
    past_years = set(range(2020, current))
    for entry in registry:
        if entry.school_scoped:
            years = set(entry.model.objects.values_list("academic_year__start_year", flat=True))
        else:
            years = set(entry.model.objects.values_list("year", flat=True))
        assert expected_years(entry, past_years) <= years, (entry.slug, sorted(years))
    graduates = Student.objects.filter(status=Student.Status.GRADUATED)
    assert graduates.exists() and graduates.filter(admission__isnull=False).exists()
    from monitoring.demo import SURNAMES

    made_up = {name for pair in SURNAMES for name in pair}
    assert set(Student.objects.values_list("last_name", flat=True)) <= made_up
    from monitoring.registers.demo import EMPLOYERS

    fictional = {name for name, _, _ in EMPLOYERS}
    assert all(e.name in fictional and inn_is_valid(e.inn) for e in Employer.objects.all())
    states = dict(Submission.objects.values_list("state").annotate(n=Count("pk")))
    assert states["accepted"] > 10 and states.get("returned") and states.get("submitted")

    counts = {entry.slug: entry.model.objects.count() for entry in registry}
    call_command("seed_demo", students_per_class=2, stdout=io.StringIO())
    assert {entry.slug: entry.model.objects.count() for entry in registry} == counts
