"""A fictional region at any size, for benchmarks and load tests (``manage.py seed_region``).

``build_region(RegionSpec(schools=200, students=100_000, years=3))`` writes a region of
schools in one fictional municipality: students with their classes in every academic year
of the window (ending with the current one) and the graduates of its earlier years, staff,
an account per school's coordinator and the ИМЦ and head accounts of the load test, and
every register and completing list of ``monitoring.registers.registry`` with the seasons
of a school year (``region/registers.py``: one small generator per registry entry), the
half-year submissions and their history. The other apps add their part through their own
``region`` modules (staff training in ``roadmap``, targets in ``reports``).

Deterministic for a seed on a given day. Fast: rows are dicts written by COPY on
PostgreSQL and batched INSERTs on SQLite (``region/writer.py``); no history rows.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from ..models import AcademicYear, Municipality, Period
from ..registers.registry import registry
from ..registers.submissions import Submission, SubmissionEvent
from ..roles import Role
from .catalogs import build_refs
from .people import REGION_PASSWORD, SchoolPlan, build_people, stamp
from .registers import GENERATORS, Periods, RegionYear, SchoolYear, generates
from .writer import BulkWriter

__all__ = ["GENERATORS", "REGION_PASSWORD", "RegionSpec", "build_region", "generates",
           "missing_generators", "region_municipality"]

MUNICIPALITY_NAME = "Примерный край (вымышленный регион для замеров)"
# Schools are written and their rows flushed in groups: memory stays flat at any size.
SCHOOLS_PER_FLUSH = 10


@dataclass(frozen=True)
class RegionSpec:
    schools: int = 200
    students: int = 100_000
    years: int = 3
    seed: int = 2026
    today: dt.date | None = None


def region_municipality() -> Municipality:
    """The fictional region's municipality. Made before any reference data, so that the
    roadmap's department staff belong to it and the district's own schools are not
    loaded beside the generated ones."""
    municipality, _ = Municipality.objects.get_or_create(
        name=MUNICIPALITY_NAME,
        defaults={"short_name": "Примерный край", "region": "Примерный край (вымышленный)",
                  "department_name": "Министерство образования Примерного края (вымышленное)"})
    return municipality


def missing_generators() -> list[str]:
    """Registry entries the generator cannot fill yet (a test keeps this empty)."""
    return [entry.slug for entry in registry if entry.slug not in GENERATORS]


def build_region(spec: RegionSpec, log: Callable[[str], None] = lambda text: None
                 ) -> dict[str, int]:
    """Write the region; returns the number of rows written per table."""
    missing = missing_generators()
    if missing:
        raise ValueError("Нет генератора для реестров: " + ", ".join(missing))
    started = time.perf_counter()
    today = spec.today or timezone.localdate()
    current = AcademicYear.objects.for_date(today).start_year
    years = list(range(current - spec.years + 1, current + 1))
    year_ids = {y: AcademicYear.objects.get_or_create(start_year=y)[0].pk for y in years}
    periods = Periods({(p.academic_year.start_year, p.half): (p.pk, p.academic_year_id)
                       for p in Period.objects.select_related("academic_year")
                       .filter(academic_year__start_year__in=years)})
    municipality = region_municipality()
    rng = random.Random(spec.seed)
    writer = BulkWriter()
    plans, officials = build_people(writer, rng, schools=spec.schools, students=spec.students,
                                    year_ids=year_ids, municipality=municipality)
    refs = build_refs(writer, rng, plans, years)
    writer.flush()
    log(f"ОО, обучающиеся, сотрудники, учётные записи: {time.perf_counter() - started:.0f} с")

    for number, plan in enumerate(plans, 1):
        _school_registers(plan, spec.seed, years, refs, writer, periods, today)
        plan.pupils = []  # no longer needed: keep memory flat
        if number % SCHOOLS_PER_FLUSH == 0:
            writer.flush()
            log(f"  реестры ОО: {number} из {len(plans)} ({time.perf_counter() - started:.0f} с)")
    imc = officials[Role.IMC][0] if officials[Role.IMC] else None
    for year in range(years[0] + 1, today.year + 1):
        for entry in registry:
            if entry.kind == "municipal":
                GENERATORS[entry.slug](RegionYear(
                    entry, year, rng=random.Random(f"{spec.seed}-{entry.slug}-{year}"),
                    refs=refs, writer=writer, author_id=imc))
    _submissions(writer, plans, years, today, imc)
    writer.finish()
    log(f"Реестры и списки записаны: {time.perf_counter() - started:.0f} с")
    return {model._meta.label: count for model, count in writer.written.items()}


def _school_registers(plan: SchoolPlan, seed: int, years: list[int], refs, writer: BulkWriter,
                      periods: Periods, today: dt.date) -> None:
    rng = random.Random(f"{seed}-registers-{plan.index}")
    classes: dict[int, list] = defaultdict(list)
    for pupil in plan.pupils:
        for year, (grade, letter) in pupil.classes.items():
            classes[year].append((pupil, grade, letter))
    for members in classes.values():
        members.sort(key=lambda item: (item[1], item[2], item[0].id))
    made: dict[str, list] = defaultdict(list)
    for year in years:
        for slug, generator in GENERATORS.items():
            entry = registry.get(slug)
            if entry.kind == "municipal" or not _owes(plan, entry):
                continue
            generator(SchoolYear(entry, plan, year, rng=rng, refs=refs, writer=writer,
                                 periods=periods, today=today, made=made, classes=classes))


def _owes(plan: SchoolPlan, entry) -> bool:
    """Additional-education organisations keep no student registers (as ``owed_by``)."""
    return plan.kind != "dod"


def _submissions(writer: BulkWriter, plans: list[SchoolPlan], years: list[int],
                 today: dt.date, imc: int | None) -> None:
    """Past half-years accepted by ИМЦ; the previous one in every state; the current open."""
    current = Period.objects.for_date(today)
    previous = current.previous()
    states = ["submitted", "accepted", "returned", "draft", "accepted", "submitted"]
    for period in Period.objects.select_related("academic_year").filter(
            academic_year__start_year__in=years).order_by("academic_year__start_year", "half"):
        if period.starts_on >= current.starts_on:
            continue
        due = stamp(period.submission_due, 1)
        for plan in plans:
            state = "accepted" if period.pk != previous.pk else states[plan.index % len(states)]
            if state == "draft":
                continue
            comment = ("Нет данных о диагностике 9 классов: дополните реестр 4."
                       if state == "returned" else "")
            submitted = due - dt.timedelta(days=3)
            pk = writer.add(Submission, school_id=plan.id, period_id=period.pk, state=state,
                            comment=comment, submitted_at=submitted,
                            decided_at=due if state in ("accepted", "returned") else None,
                            updated_at=due)
            writer.add(SubmissionEvent, submission_id=pk, from_state="draft",
                       to_state="submitted", action="сдано ОО", user_id=plan.coordinator_id,
                       at=submitted, comment="")
            if state in ("accepted", "returned"):
                writer.add(SubmissionEvent, submission_id=pk, from_state="submitted",
                           to_state=state, user_id=imc, at=due, comment=comment,
                           action="принято ИМЦ, данные закрыты" if state == "accepted"
                           else "возвращено ИМЦ на доработку")
