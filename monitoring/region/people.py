"""The fictional region's organisations and people: municipality, schools with their
students (followed across the academic years, with past graduates), staff and accounts.

Every name is made up in the demo's manner («Образцова», «Примеров» …, towns such as
«Примерск»), so that nobody can take a generated student for a real child."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from ..demo import BOYS, GIRLS, PATRONYMICS, SURNAMES
from ..models import Enrollment, Municipality, School, Sex, Staff, Student, User
from ..roles import Role
from .writer import BulkWriter

# More made-up surnames than the demo needs: a school of 1,500 must not run out of names.
MORE_SURNAMES = [("Модельный", "Модельная"), ("Типовой", "Типовая"), ("Заготовкин", "Заготовкина"),
                 ("Эскизов", "Эскизова"), ("Набросков", "Наброскова"),
                 ("Пилотный", "Пилотная"), ("Опытов", "Опытова"), ("Проектов", "Проектова"),
                 ("Образчиков", "Образчикова"), ("Вариантов", "Вариантова"),
                 ("Сценариев", "Сценариева"), ("Макетный", "Макетная")]
ALL_SURNAMES = SURNAMES + MORE_SURNAMES
MORE_BOYS = ["Фёдор", "Глеб", "Матвей", "Савелий", "Роман"]
MORE_GIRLS = ["Ксения", "Арина", "Злата", "Милана", "Ульяна"]
TOWNS = ["Примерск", "Образцово", "Макетовка", "Шаблонино", "Эталонск", "Условное",
         "Черновиково", "Выдумкино", "Тестовка", "Вымыслово", "Пробное", "Эскизово"]
LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФ"
CLASS_SIZE = 25
# Of a grade 9, this share stays for grades 10–11; the rest leave for colleges (СПО).
STAY_SHARE = 0.55

REGION_PASSWORD = "region-nogliki-2026"  # fictional accounts of a generated database


@dataclass(slots=True)
class Pupil:
    id: int
    sex: str
    ovz: bool
    #: academic year start → (grade, class letter)
    classes: dict[int, tuple[int, str]]
    #: the last academic year at this school and the grade finished then (graduates)
    left_after: tuple[int, int] | None = None


@dataclass
class SchoolPlan:
    index: int
    id: int
    code: str
    short_name: str
    kind: str
    size: int
    has_growth_point: bool
    technoclass: bool
    profile_code: str
    coordinator_id: int = 0
    technoclass_id: int | None = None
    centre_id: int | None = None
    pupils: list[Pupil] = field(default_factory=list)

    @property
    def top_grade(self) -> int:
        return {School.Kind.BASIC: 9, School.Kind.PRIMARY: 4,
                School.Kind.ADDITIONAL: 0}.get(self.kind, 11)


def person(rng: random.Random, sex: str) -> tuple[str, str, str]:
    male, female = rng.choice(ALL_SURNAMES)
    p_male, p_female = rng.choice(PATRONYMICS[:-1])
    if sex == Sex.MALE:
        return male, rng.choice(BOYS + MORE_BOYS), p_male
    return female, rng.choice(GIRLS + MORE_GIRLS), p_female


def stamp(day: dt.date, hour: int = 12) -> dt.datetime:
    """A fixed moment of a day, so that a seed gives the same rows whenever it runs."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def plan_schools(rng: random.Random, count: int, students: int) -> list[tuple[str, int, bool, bool, str]]:
    """Kind, size, «Точка роста», technoclass and profile of each school.

    Sizes are skewed as in a real region: a few large town schools, many small rural
    ones. The first school is always a large secondary school with every feature, so a
    small run (3 schools) still fills every register."""
    kinds = []
    for index in range(count):
        if index == 0:
            kinds.append(School.Kind.SECONDARY)
            continue
        roll = rng.random()
        kinds.append(School.Kind.SECONDARY if roll < 0.68 else School.Kind.BASIC if roll < 0.80
                     else School.Kind.GYMNASIUM if roll < 0.88 else School.Kind.PRIMARY
                     if roll < 0.94 else School.Kind.BOARDING if roll < 0.97
                     else School.Kind.ADDITIONAL)
    weights = [0.0 if k == School.Kind.ADDITIONAL else rng.lognormvariate(0, 0.8) * (
        0.35 if k == School.Kind.PRIMARY else 1.0) for k in kinds]
    weights[0] = max(weights) or 1.0
    total = sum(weights)
    plans = []
    profiles = ["tech", "science", "socioeconomic", "humanities", "universal", "agro"]
    for index, (kind, weight) in enumerate(zip(kinds, weights, strict=True)):
        size = round(students * weight / total)
        growth = index == 0 or (kind != School.Kind.ADDITIONAL and rng.random() < 0.45)
        techno = index == 0 or (kind in (School.Kind.SECONDARY, School.Kind.GYMNASIUM)
                                and rng.random() < 0.2)
        plans.append((kind, size, growth, techno, profiles[index % len(profiles)]))
    return plans


def build_people(writer: BulkWriter, rng: random.Random, *, schools: int, students: int,
                 year_ids: dict[int, int], municipality: Municipality
                 ) -> tuple[list[SchoolPlan], dict[Role, list[int]]]:
    """Schools, their students with a class in every year of the window, staff and users
    (a coordinator per school, six ИМЦ specialists and four heads, for the load test)."""
    years = sorted(year_ids)
    password = make_password(REGION_PASSWORD)  # hashed once: hashing 200 times takes minutes
    joined = stamp(dt.date(years[0], 8, 25))
    group_ids = {role: Group.objects.get(name=str(role)).pk for role in Role}
    plans: list[SchoolPlan] = []
    for index, (kind, size, growth, techno, profile) in enumerate(
            plan_schools(rng, schools, students)):
        town = TOWNS[index % len(TOWNS)]
        number = index // len(TOWNS) + 1
        label = {School.Kind.SECONDARY: "СОШ", School.Kind.BASIC: "ООШ",
                 School.Kind.GYMNASIUM: "Гимназия", School.Kind.PRIMARY: "НОШ",
                 School.Kind.BOARDING: "Школа-интернат",
                 School.Kind.ADDITIONAL: "ДДТ"}[kind]
        short = f"{label} № {number} {town}"
        code = f"r{index + 1:03d}"
        school_id = writer.add(
            School, municipality=municipality, code=code, short_name=short,
            name=f"Муниципальное учреждение «{short}» (вымышленное, для замеров)", kind=kind,
            has_growth_point=growth, growth_point_opened=(years[0] - 2) if growth else None,
            address=f"{town}, ул. Примерная, {number}", director="", is_active=True)
        plan = SchoolPlan(index, school_id, code, short, kind, size, growth, techno, profile)
        plan.coordinator_id = writer.add(
            User, username=f"koord-{code}", password=password, first_name="Координатор",
            last_name=short, middle_name="", email="", is_staff=False, is_active=True,
            is_superuser=False, date_joined=joined, position="координатор ОО")
        writer.add(User.schools.through, user_id=plan.coordinator_id, school_id=school_id)
        writer.add(User.groups.through, user_id=plan.coordinator_id,
                   group_id=group_ids[Role.COORDINATOR])
        _students(writer, random.Random(f"{rng.random()}-{index}"), plan, year_ids)
        _staff(writer, random.Random(f"staff-{index}-{rng.random()}"), plan, municipality, joined)
        plans.append(plan)
    officials: dict[Role, list[int]] = {Role.IMC: [], Role.HEAD: []}
    for role, prefix, count, title in ((Role.IMC, "imc", 6, "Специалист ИМЦ"),
                                       (Role.HEAD, "head", 4, "Начальник отдела")):
        for number in range(1, count + 1):
            user_id = writer.add(
                User, username=f"{prefix}{number}", password=password, first_name=title,
                last_name=f"№ {number}", middle_name="", email="", is_superuser=False,
                is_staff=role == Role.IMC, is_active=True, date_joined=joined, position=title)
            writer.add(User.groups.through, user_id=user_id, group_id=group_ids[role])
            officials[role].append(user_id)
    for last, first, middle, position in [("Ведомственная", "Ирина", "Петровна", "ведущий консультант"),
                                          ("Методистова", "Елена", "Олеговна", "методист ИМЦ"),
                                          ("Регионова", "Ольга", "Игоревна", "главный специалист")]:
        writer.add(Staff, municipality=municipality, school=None, last_name=last,
                   first_name=first, middle_name=middle, position=position,
                   category=Staff.Category.DEPARTMENT, created_at=joined, updated_at=joined)
    return plans, officials


def _students(writer: BulkWriter, rng: random.Random, plan: SchoolPlan,
              year_ids: dict[int, int]) -> None:
    """The school's students of the current year, followed back a grade a year, and the
    graduates of the window's earlier years (their admissions fill register 5)."""
    years = sorted(year_ids)
    current = years[-1]
    top = plan.top_grade
    if top == 0 or plan.size == 0:
        return
    upper = top if top <= 9 else 9
    per_grade = plan.size / (upper + (2 * STAY_SHARE if top == 11 else 0))
    cohorts: list[tuple[int, int, int]] = []  # (grade in the current year, count, last grade)
    for grade in range(1, upper + 1):
        cohorts.append((grade, round(per_grade), top))
    if top == 11:
        for grade in (10, 11):
            cohorts.append((grade, round(per_grade * STAY_SHARE), 11))
        for grade in range(12, 12 + len(years) - 1):  # finished grade 11 in an earlier year
            cohorts.append((grade, round(per_grade * STAY_SHARE), 11))
    # Finished grade 9 in an earlier year and left (all of them in a basic school).
    for back in range(1, len(years)):
        left = per_grade * (1 if top == 9 else 1 - STAY_SHARE) if top >= 9 else 0
        cohorts.append((9 + back, round(left), 9))
    # Primary schools' grade 4 moves on to another school: nobody to follow there.
    seen: set[tuple] = set()
    for current_grade, count, last_grade in cohorts:
        classes = min(len(LETTERS), max(1, math.ceil(count / CLASS_SIZE)))
        for number in range(count):
            sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
            last, first, middle = person(rng, sex)
            birth = dt.date(current - 6 - current_grade, 1, 1) + dt.timedelta(days=rng.randrange(365))
            while (last, first, middle, birth) in seen:
                birth += dt.timedelta(days=1)
            seen.add((last, first, middle, birth))
            letter = LETTERS[number % classes] if classes > 1 else ""
            history = {}
            for year in years:
                grade = current_grade - (current - year)
                if 1 <= grade <= last_grade:
                    history[year] = (grade, letter)
            if not history:
                continue
            finished = max(history)
            graduated = history[finished][0] == last_grade and finished < current
            ovz = rng.random() < 0.08
            pupil_id = writer.add(
                Student, school_id=plan.id, last_name=last, first_name=first, middle_name=middle,
                birth_date=birth, sex=sex, has_ovz=ovz, is_disabled=ovz and rng.random() < 0.25,
                status=Student.Status.GRADUATED if graduated else Student.Status.STUDYING,
                created_at=stamp(dt.date(years[0], 9, 1)), updated_at=stamp(dt.date(years[0], 9, 1)))
            for year, (grade, klass) in history.items():
                writer.add(Enrollment, student_id=pupil_id, academic_year_id=year_ids[year],
                           grade=grade, class_letter=klass)
            plan.pupils.append(Pupil(pupil_id, sex, ovz, history,
                                     (finished, last_grade) if graduated else None))


def _staff(writer: BulkWriter, rng: random.Random, plan: SchoolPlan, municipality: Municipality,
           joined: dt.datetime) -> None:
    admins = 2 if plan.size < 300 else 3
    teachers = max(5, plan.size // 11)
    used: set[tuple] = set()
    positions = ["учитель математики", "учитель физики", "учитель русского языка",
                 "учитель начальных классов", "педагог-психолог", "социальный педагог",
                 "учитель технологии", "педагог дополнительного образования", "учитель биологии"]
    for number in range(admins + teachers):
        sex = Sex.MALE if rng.random() < 0.3 else Sex.FEMALE
        last, first, middle = person(rng, sex)
        while (last, first, middle) in used:  # staff are told apart by name within a school
            last, first, middle = person(rng, sex)
        used.add((last, first, middle))
        admin = number < admins
        writer.add(Staff, municipality=municipality, school_id=plan.id, last_name=last,
                   first_name=first, middle_name=middle,
                   position="заместитель директора" if admin else rng.choice(positions),
                   category=Staff.Category.SCHOOL_ADMIN if admin else Staff.Category.TEACHER,
                   is_class_teacher=not admin and rng.random() < 0.45,
                   is_specialist=not admin and rng.random() < 0.1,
                   is_tutor=not admin and rng.random() < 0.05,
                   email="", is_working=True, created_at=joined, updated_at=joined)

