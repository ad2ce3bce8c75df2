"""One generator per registry entry: what a school records in an academic year.

A generator is a small function over a :class:`SchoolYear` (or a :class:`RegionYear`
for the municipal lists) that calls ``ctx.record(...)`` for each row; the context fills
what every record carries (school, date, academic year and half-year, author, the
student's class and ОВЗ at that time). Adding a register is adding one function here
with ``@generates("<slug>")`` — a test fails while a registry entry has none.

The seasons follow a school year: yearly registers (programs, profiles, technoclasses,
«Точка роста») in September, diagnostics in October–November and March–April,
«ПроеКТОриЯ» every week of term, «Билет в будущее» registration in autumn and trials in
spring, joint events with employers through the year, admissions in July–August,
graduates' statuses each October, профминимум's half-year totals from 2023/2024."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..registers.profminimum import FIRST_DAY as PROFMINIMUM_FROM
from ..registers.records import (
    Admission,
    EmployerAgreement,
    EmployerEvent,
    GraduateStatus,
    GrowthPointParticipation,
)
from ..registers.registry import Register
from .catalogs import COURSES, TRIAL_PROFESSIONS, Refs
from .people import Pupil, SchoolPlan, stamp
from .writer import BulkWriter

Generator = Callable[[Any], None]
GENERATORS: dict[str, Generator] = {}


def generates(slug: str) -> Callable[[Generator], Generator]:
    """Declare the generator of a registry entry. Generators run in declaration order, so
    one may use what an earlier one made (participants after their events)."""

    def register(function: Generator) -> Generator:
        if slug in GENERATORS:
            raise ValueError(f"генератор реестра «{slug}» уже объявлен")
        GENERATORS[slug] = function
        return function

    return register


class Periods:
    """Half-year and academic-year ids by date."""

    def __init__(self, periods: dict[tuple[int, int], tuple[int, int]]) -> None:
        self.periods = periods  # (start year, half) → (period id, academic year id)

    def __call__(self, day: dt.date) -> tuple[int, int]:
        start = day.year if day.month >= 9 else day.year - 1
        return self.periods[(start, 1 if day.month >= 9 else 2)]


class SchoolYear:
    """What a generator sees: one school in one academic year."""

    def __init__(self, entry: Register, plan: SchoolPlan, year: int, *, rng: random.Random,
                 refs: Refs, writer: BulkWriter, periods: Periods, today: dt.date,
                 made: dict[str, list[tuple[int, dict]]],
                 classes: dict[int, list[tuple[Pupil, int, str]]]) -> None:
        self.entry, self.plan, self.year, self.rng = entry, plan, year, rng
        self.refs, self.writer, self.periods, self.today = refs, writer, periods, today
        self._made = made
        self._classes = classes
        self.start = dt.date(year, 9, 1)

    # -- what the school has
    def pupils(self, low: int = 1, high: int = 11) -> list[Pupil]:
        """Students enrolled this year in grades low–high, by class."""
        return [p for p, grade, _ in self._classes.get(self.year, []) if low <= grade <= high]

    def classes(self, low: int = 1, high: int = 11) -> dict[str, list[Pupil]]:
        found: dict[str, list[Pupil]] = defaultdict(list)
        for pupil, grade, letter in self._classes.get(self.year, []):
            if low <= grade <= high:
                found[f"{grade}{letter}"].append(pupil)
        return dict(found)

    def made(self, slug: str) -> list[tuple[int, dict]]:
        """Rows already generated for this school (any year) by the entry ``slug``."""
        return self._made[slug]

    # -- dates
    def date(self, month: int, day: int) -> dt.date:
        """A day of this academic year (September–December of its first calendar year)."""
        return dt.date(self.year + (month < 9), month, day)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    # -- writing
    def record(self, pupil: Pupil | None, day: dt.date, **values: Any) -> int | None:
        """A row of this entry's register; None when the day is still to come."""
        if day > self.today:
            return None
        period_id, year_id = self.periods(day)
        values.update(school_id=self.plan.id, date=day, period_id=period_id,
                      academic_year_id=year_id, author_id=self.plan.coordinator_id,
                      created_at=stamp(day, 15), updated_at=stamp(day, 15))
        if pupil is not None:
            grade, letter = pupil.classes.get(day.year if day.month >= 9 else day.year - 1,
                                              (None, ""))
            values.update(student_id=pupil.id, grade=grade, class_letter=letter,
                          has_ovz=pupil.ovz)
        pk = self.writer.add(self.entry.model, **values)
        self._made[self.entry.slug].append((pk, values))
        return pk


class RegionYear:
    """What a municipal list's generator sees: the region in a calendar year."""

    def __init__(self, entry: Register, year: int, *, rng: random.Random, refs: Refs,
                 writer: BulkWriter, author_id: int | None) -> None:
        self.entry, self.year, self.rng, self.refs, self.writer = entry, year, rng, refs, writer
        self.author_id = author_id

    def record(self, **values: Any) -> int:
        moment = stamp(dt.date(self.year, 2, 1))
        return self.writer.add(self.entry.model, year=self.year, author_id=self.author_id,
                               created_at=moment, updated_at=moment, **values)


# ------------------------------------------------------------------- register 1


@generates("employer-events")
def employer_events(ctx: SchoolYear) -> None:
    """Excursions, trials and master classes through the year; small schools count
    their participants, larger ones name them (register 1)."""
    kinds = [EmployerEvent.Kind.EXCURSION, EmployerEvent.Kind.TRIAL,
             EmployerEvent.Kind.MASTER_CLASS, EmployerEvent.Kind.MEETING,
             EmployerEvent.Kind.OPEN_DAY]
    for _ in range(2 + len(ctx.pupils()) // 200):
        employer, _ = ctx.rng.choice(ctx.refs.employers)
        kind = ctx.rng.choice(kinds)
        day = ctx.day(ctx.date(10, 1), ctx.date(5, 20))
        named = len(ctx.pupils(7, 11)) >= 20 and ctx.rng.random() < 0.7
        count = None if named else ctx.rng.randint(8, 30)
        ctx.record(None, day, employer_id=employer, kind=kind,
                   title=f"{EmployerEvent.Kind(kind).label.capitalize()} № {ctx.rng.randint(1, 99)}",
                   participants_count=count,
                   participants_ovz=None if named else ctx.rng.randint(0, 2))


@generates("employers")
def employer_interactions(ctx: SchoolYear) -> None:
    older = ctx.pupils(7, 11)
    for event_id, event in ctx.made("employer-events"):
        if event["academic_year_id"] != ctx.periods(ctx.start)[1]:
            continue
        if event["participants_count"] is not None:
            continue
        for pupil in ctx.rng.sample(older, min(len(older), ctx.rng.randint(12, 28))):
            ctx.record(pupil, event["date"], event_id=event_id)


@generates("employer-agreements")
def employer_agreements(ctx: SchoolYear) -> None:
    """Agreements are signed in September–October, a few each year."""
    for _ in range(ctx.rng.randint(0, 2)):
        employer, _ = ctx.rng.choice(ctx.refs.employers)
        day = ctx.day(ctx.date(9, 5), ctx.date(10, 31))
        ctx.record(None, day, employer_id=employer, kind=ctx.rng.choice(
            list(EmployerAgreement.Kind.values)), number=f"{ctx.rng.randint(1, 90)}/{day.year}",
            valid_until=dt.date(day.year + 2, 8, 31), subject="Профориентационная работа")


# ------------------------------------------------------------------- registers 2–4


@generates("additional-education")
def additional_education(ctx: SchoolYear) -> None:
    """A yearly register: enrolment in September."""
    for pupil in ctx.pupils(5, 11):
        if ctx.rng.random() < 0.25:
            ctx.record(pupil, ctx.day(ctx.date(9, 1), ctx.date(9, 30)),
                       program_id=ctx.rng.choice(ctx.refs.programs))


@generates("profile-study")
def profile_study(ctx: SchoolYear) -> None:
    profile = ctx.refs.profiles.get(ctx.plan.profile_code)
    maths = ctx.refs.subjects.get("математика")
    for pupil in ctx.pupils(10, 11):
        if profile is not None:
            ctx.record(pupil, ctx.date(9, 1), profile_id=profile.pk,
                       subject_id=maths if profile.code == "tech" else None)
    if ctx.plan.kind == "gymn" and maths:
        for pupil in ctx.pupils(8, 9):
            ctx.record(pupil, ctx.date(9, 1), subject_id=maths)


@generates("diagnostics")
def diagnostics(ctx: SchoolYear) -> None:
    """Most of grades 6–11 in October–November; grades 8–9 again in March–April."""
    methods = ctx.refs.methods
    for pupil in ctx.pupils(6, 11):
        if ctx.rng.random() < 0.6:
            ctx.record(pupil, ctx.day(ctx.date(10, 1), ctx.date(11, 30)), method_id=methods[0],
                       result=ctx.rng.choice(["интерес к технике", "социальная сфера",
                                              "естественные науки", "творческие профессии"]))
    for pupil in ctx.pupils(8, 9):
        if ctx.rng.random() < 0.3:
            ctx.record(pupil, ctx.day(ctx.date(3, 1), ctx.date(4, 30)),
                       method_id=ctx.rng.choice(methods[1:] or methods),
                       result="рекомендован профиль 10 класса")


# ------------------------------------------------------------------- register 5


@generates("admissions")
def admissions(ctx: SchoolYear) -> None:
    """Graduates who finished grade 11 (or left after grade 9) this year, admitted in
    July–August."""
    refs = ctx.refs
    spo = [s for s in refs.specialties if s.level == "spo"]
    vo = [s for s in refs.specialties if s.level == "vo"]
    colleges = [i for i in refs.institutions if i.level == "spo"]
    universities = [i for i in refs.institutions if i.level == "vo"] or colleges
    profile = refs.profiles.get(ctx.plan.profile_code)
    district = [pk for pk, in_district in refs.employers if in_district]
    for pupil in ctx.plan.pupils:
        if pupil.left_after is None or pupil.left_after[0] != ctx.year:
            continue
        grade = pupil.left_after[1]
        if ctx.rng.random() > (0.85 if grade == 11 else 0.95):
            continue
        higher = grade == 11 and ctx.rng.random() < 0.5 and bool(vo)
        institution = ctx.rng.choice(universities if higher else colleges)
        specialty = ctx.rng.choice(vo if higher else spo)
        basis = ctx.rng.choices(list(Admission.Basis.values), [70, 20, 10])[0]
        matches = profile.matches(specialty) if (profile and grade == 11) else None
        ctx.record(pupil, ctx.day(ctx.date(7, 1), ctx.date(8, 25)), graduation_year=ctx.year + 1,
                   graduation_grade=grade, institution_id=institution.pk, level=specialty.level,
                   specialty_id=specialty.pk, study_form=Admission.StudyForm.FULL_TIME,
                   basis=basis, by_profile=matches, in_sakhalin=institution.in_sakhalin,
                   target_employer_id=ctx.rng.choice(district) if basis == "targeted" else None)


@generates("graduate-statuses")
def graduate_statuses(ctx: SchoolYear) -> None:
    """Each October, the path of the graduates admitted in an earlier summer."""
    ended = {values["admission_id"] for _, values in ctx.made("graduate-statuses")
             if values["status"] != GraduateStatus.Status.STUDYING}
    for admission_id, admission in ctx.made("admissions"):
        after = ctx.year + 1 - admission["graduation_year"]
        if after < 1 or admission_id in ended:
            continue
        pupil = Pupil(admission["student_id"], "", admission["has_ovz"], {})
        duration = 4 if admission["level"] == "vo" or admission["graduation_grade"] == 9 else 3
        if after < duration:
            status = "expelled" if ctx.rng.random() < 0.05 else "studying"
        else:
            status = ctx.rng.choices(["employed", "completed"], [65, 35])[0]
        employer = None
        if status == "employed" and ctx.rng.random() < 0.7:
            employer = ctx.rng.choice(ctx.refs.employers)
        ctx.record(pupil, ctx.date(10, 1), admission_id=admission_id, status=status,
                   employer_id=employer[0] if employer else None,
                   employed_in_district=(employer[1] if employer else
                                         (ctx.rng.random() < 0.4 if status == "employed" else None)))


# --------------------------------------------------------------- registers 6–10


@generates("competitions")
def competitions(ctx: SchoolYear) -> None:
    abilympics = [c for c in ctx.refs.competitions if c.kind == "abilympics"]
    for pupil in ctx.pupils(7, 11):
        if ctx.rng.random() < (0.25 if pupil.ovz else 0.08):
            competition = (ctx.rng.choice(abilympics) if pupil.ovz and abilympics
                           else ctx.rng.choice(ctx.refs.competitions))
            ctx.record(pupil, ctx.day(ctx.date(11, 1), ctx.date(4, 30)),
                       competition_id=competition.pk,
                       result=ctx.rng.choices(["participant", "prize", "winner"], [70, 22, 8])[0])


@generates("technoclasses")
def technoclasses(ctx: SchoolYear) -> None:
    if ctx.plan.technoclass_id is None:
        return
    for pupil in ctx.pupils(8, 9)[:25]:
        ctx.record(pupil, ctx.day(ctx.date(9, 10), ctx.date(9, 20)),
                   technoclass_id=ctx.plan.technoclass_id)


@generates("growth-points")
def growth_points(ctx: SchoolYear) -> None:
    if ctx.plan.centre_id is None:
        return
    activities = list(GrowthPointParticipation.Activity.values)
    for pupil in ctx.pupils(5, 11):
        if ctx.rng.random() < 0.4:
            ctx.record(pupil, ctx.day(ctx.date(9, 15), ctx.date(9, 30)),
                       centre_id=ctx.plan.centre_id, activity=ctx.rng.choice(activities),
                       course=ctx.rng.choice(COURSES))


@generates("proektoria")
def proektoria(ctx: SchoolYear) -> None:
    """Every week of term two classes of grades 6–11 watch the lesson, by name."""
    classes = sorted(ctx.classes(6, 11).items())
    if not classes:
        return
    for week, (lesson_id, day) in enumerate(ctx.refs.lessons.get(ctx.year, [])):
        for turn in range(min(2, len(classes))):
            _, members = classes[(2 * week + turn) % len(classes)]
            for pupil in members:
                if ctx.rng.random() < 0.9:
                    ctx.record(pupil, day, lesson_id=lesson_id)


@generates("proektoria-sessions")
def proektoria_sessions(ctx: SchoolYear) -> None:
    """Younger classes (grades 3–5) watch every fourth lesson, counted, not named."""
    classes = sorted(ctx.classes(3, 5).items())
    for lesson_id, day in ctx.refs.lessons.get(ctx.year, [])[::4]:
        for audience, members in classes:
            ctx.record(None, day, lesson_id=lesson_id, audience=audience,
                       participants_count=len(members),
                       participants_ovz=sum(1 for p in members if p.ovz))


@generates("ticket-to-future")
def ticket_to_future(ctx: SchoolYear) -> None:
    """Registration and diagnostics in autumn; for half of them a trial in spring."""
    stages = ctx.refs.stages
    for pupil in ctx.pupils(6, 11):
        if ctx.rng.random() >= 0.3:
            continue
        day = ctx.day(ctx.date(9, 15), ctx.date(10, 15))
        ctx.record(pupil, day, stage_id=stages["registration"])
        ctx.record(pupil, day + dt.timedelta(days=7), stage_id=stages["diagnostics"])
        if ctx.rng.random() < 0.5:
            trial = ctx.day(ctx.date(2, 1), ctx.date(4, 30))
            profession = ctx.rng.choice(TRIAL_PROFESSIONS)
            ctx.record(pupil, trial, stage_id=stages["trial"], details=profession)
            ctx.record(pupil, trial + dt.timedelta(days=10), stage_id=stages["recommendations"],
                       details=profession)


# ------------------------------------------------------------------ register 11


def _own_rng(ctx: SchoolYear) -> random.Random:
    # Its own generator: register 11 leaves the other registers' figures as they were.
    return random.Random(f"{ctx.plan.id}-{ctx.year}-profminimum")


@generates("profminimum-levels")
def profminimum_levels(ctx: SchoolYear) -> None:
    """From 2023/2024 each school records its level in September."""
    if ctx.start < PROFMINIMUM_FROM:
        return
    rng = _own_rng(ctx)
    level = rng.choices(["basic", "main", "advanced"], weights=[6, 3, 1])[0]
    ctx.record(None, ctx.date(9, rng.randint(1, 5)), level=level,
               order=f"№ {rng.randint(90, 160)}-од")


@generates("profminimum")
def profminimum(ctx: SchoolYear) -> None:
    """Cheaply, as a school imports its journal: each half-year's totals per student of
    grades 6–11 — «Россия — мои горизонты», class hours, a parents' meeting."""
    if ctx.start < PROFMINIMUM_FROM:
        return
    rng = _own_rng(ctx)
    for pupil in ctx.pupils(6, 11):
        for day, weeks in ((ctx.date(12, 25), 15), (ctx.date(5, 25), 17)):
            for direction, hours, activity in (
                    ("horizons", weeks - rng.randint(0, 3), "«Россия — мои горизонты»"),
                    ("upbringing", rng.randint(3, 6), "Классные часы"),
                    ("parents", 1, "Родительское собрание")):
                ctx.record(pupil, day, direction=direction, hours=hours,
                           activity=f"{activity}: итог полугодия")


# ------------------------------------------------------------- labour market


@generates("labour-demand")
def labour_demand(ctx: RegionYear) -> None:
    spo = [s for s in ctx.refs.specialties if s.level == "spo"]
    for specialty in ctx.rng.sample(spo, min(20, len(spo))):
        employer = ctx.rng.choice(ctx.refs.employers)[0] if ctx.rng.random() < 0.6 else None
        ctx.record(territory="municipality", specialty_id=specialty.pk, level=specialty.level,
                   number=ctx.rng.randint(5, 60), employer_id=employer,
                   source=ctx.rng.choice(["employment_centre", "employer"]))
    for profession in ("медицинская сестра", "учитель", "оператор по добыче нефти и газа"):
        ctx.record(territory="region", profession=profession, level="spo",
                   number=ctx.rng.randint(40, 300), source="forecast")


@generates("targeted-offers")
def targeted_offers(ctx: RegionYear) -> None:
    for employer, _ in ctx.rng.sample(ctx.refs.employers, min(12, len(ctx.refs.employers))):
        specialty = ctx.rng.choice(ctx.refs.specialties)
        same_level = [i for i in ctx.refs.institutions if i.level == specialty.level]
        ctx.record(employer_id=employer, specialty_id=specialty.pk, places=ctx.rng.randint(1, 8),
                   institution_id=ctx.rng.choice(same_level).pk if same_level else None)
