"""The reference entries generated records point to: fictional employers, programs,
the weekly «ПроеКТОриЯ» lessons, each school's technoclass and «Точка роста» centre.
The standard lists (methods, stages, institutions, specialties …) come from
``load_reference_data``."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ..registers.catalogs import (
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
from ..registers.validators import _INN_10, _check_digit
from .people import SchoolPlan, stamp
from .writer import BulkWriter

EMPLOYER_KINDS = [
    ("ООО «Примерная нефтегазовая компания»", Employer.Industry.OIL_GAS),
    ("АО «Условная энергосеть»", Employer.Industry.ENERGY),
    ("ГБУЗ «Образцовая районная больница»", Employer.Industry.HEALTH),
    ("ООО «Вымышленный рыбокомбинат»", Employer.Industry.FISHERY),
    ("ООО «Макетные перевозки»", Employer.Industry.TRANSPORT),
    ("ООО «Шаблонстрой»", Employer.Industry.CONSTRUCTION),
    ("ООО «Тестовый агрохолдинг»", Employer.Industry.AGRICULTURE),
    ("ООО «Эталонный цифровой центр»", Employer.Industry.OTHER),
]
PROGRAMS = [("Робототехника", "technical"), ("Основы программирования", "technical"),
            ("3D-моделирование", "technical"), ("Юный эколог", "science"),
            ("Химия вокруг нас", "science"), ("Медиастудия", "social"),
            ("Школа вожатого", "social"), ("Туристы-краеведы", "tourism"),
            ("Основы дизайна", "art"), ("Юный инженер-энергетик", "technical"),
            ("Медицинский класс: первая помощь", "science"), ("Предпринимательство", "social")]
LESSON_TOPICS = ["Профессии нефтегазовой отрасли", "Энергетика будущего",
                 "Как работает больница", "Морские профессии", "Цифровые профессии",
                 "Профессии агропромышленного комплекса", "Строители городов",
                 "Профессии транспорта и логистики", "Профессии в культуре",
                 "Финансовая грамотность и профессии", "Профессии в науке",
                 "Профессии спасателей", "Педагогические профессии", "Рыбная отрасль",
                 "Профессии лесного хозяйства"]
COURSES = ["Робототехника", "3D-моделирование", "Шахматы", "Программирование", "Медиацентр",
           "Промышленный дизайн", "Основы безопасности"]
TRIAL_PROFESSIONS = ["оператор по добыче нефти и газа", "медицинская сестра", "сварщик",
                     "программист", "повар", "электромонтёр", "судоводитель", "лаборант"]


@dataclass
class Refs:
    employers: list[tuple[int, bool]] = field(default_factory=list)  # (id, in district)
    programs: list[int] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)
    methods: list[int] = field(default_factory=list)
    competitions: list[Competition] = field(default_factory=list)
    institutions: list[Institution] = field(default_factory=list)
    specialties: list[Specialty] = field(default_factory=list)
    stages: dict[str, int] = field(default_factory=dict)
    #: academic year start → [(lesson id, date)], one lesson a week in term
    lessons: dict[int, list[tuple[int, dt.date]]] = field(default_factory=dict)


def _inn(index: int) -> str:
    base = [int(c) for c in f"659{index + 100:06d}"]
    return "".join(map(str, base)) + str(_check_digit(base, _INN_10))


def term_weeks(start_year: int) -> list[dt.date]:
    """Thursdays of the school term: September to late May, without the holidays."""
    day = dt.date(start_year, 9, 1)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    weeks = []
    while day <= dt.date(start_year + 1, 5, 25):
        holiday = (dt.date(start_year, 10, 27) <= day <= dt.date(start_year, 11, 5)
                   or dt.date(start_year, 12, 28) <= day <= dt.date(start_year + 1, 1, 10)
                   or dt.date(start_year + 1, 3, 23) <= day <= dt.date(start_year + 1, 3, 31))
        if not holiday:
            weeks.append(day)
        day += dt.timedelta(days=7)
    return weeks


def build_refs(writer: BulkWriter, rng: random.Random, plans: list[SchoolPlan],
               years: list[int]) -> Refs:
    refs = Refs()
    for index in range(len(EMPLOYER_KINDS) * 5):
        name, industry = EMPLOYER_KINDS[index % len(EMPLOYER_KINDS)]
        in_district = index % 7 != 6
        pk = writer.add(Employer, name=f"{name[:-1]} № {index // len(EMPLOYER_KINDS) + 1}»",
                        inn=_inn(index), industry=industry, in_district=in_district,
                        address="", is_active=True)
        refs.employers.append((pk, in_district))
    directions = {d.code: d.pk for d in Direction.objects.all()}
    for name, direction in PROGRAMS:
        if direction in directions:
            refs.programs.append(writer.add(
                Program, name=f"{name} (региональная программа)", direction_id=directions[direction],
                orientation=Program.Orientation.PROFILE, provider="ОО", is_active=True))
    refs.profiles = {p.code: p for p in Profile.objects.all()}
    refs.subjects = {s.name: s.pk for s in Subject.objects.all()}
    refs.methods = list(DiagnosticMethod.objects.order_by("pk").values_list("pk", flat=True))
    refs.competitions = list(Competition.objects.order_by("pk"))
    refs.institutions = list(Institution.objects.order_by("pk"))
    refs.specialties = list(Specialty.objects.order_by("code"))
    refs.stages = {s.code: s.pk for s in TicketStage.objects.all()}
    for year in years:
        refs.lessons[year] = [
            (writer.add(ProjectoriaLesson, date=day,
                        topic=f"{LESSON_TOPICS[n % len(LESSON_TOPICS)]} (урок {n + 1})",
                        is_active=True), day)
            for n, day in enumerate(term_weeks(year))
        ]
    for plan in plans:
        if plan.technoclass:
            partner = refs.employers[plan.index % len(refs.employers)][0]
            plan.technoclass_id = writer.add(
                Technoclass, school_id=plan.id, name=f"Технокласс «Инженеры будущего» ({plan.code})",
                profile=refs.profiles.get("tech"), partner_id=partner, opened_year=years[0] - 1,
                is_active=True)
        if plan.has_growth_point:
            plan.centre_id = writer.add(
                GrowthPointCentre, school_id=plan.id, name=f"Центр «Точка роста» ({plan.short_name})",
                kind=rng.choice(list(GrowthPointCentre.Kind.values)), opened_year=years[0] - 2,
                is_active=True)
    return refs


__all__ = ["COURSES", "TRIAL_PROFESSIONS", "Refs", "build_refs", "stamp", "term_weeks"]
