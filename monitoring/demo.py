"""The demo municipality: the district's schools (reference data) with fictional people,
and the registers' records of every year since 2020/2021.

Surnames are made-up words («Образцова», «Примеров», «Вымыслова» …) so that nobody can
mistake a demo student for a real child; the data is deterministic (a seeded generator).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from . import reference
from .models import AcademicYear, Enrollment, Municipality, School, Sex, Staff, Student, User
from .roles import Role

SURNAMES = [("Образцов", "Образцова"), ("Примеров", "Примерова"), ("Вымыслов", "Вымыслова"),
            ("Тестов", "Тестова"), ("Макетов", "Макетова"), ("Шаблонов", "Шаблонова"),
            ("Эталонов", "Эталонова"), ("Пробный", "Пробная"), ("Выдумкин", "Выдумкина"),
            ("Условный", "Условная"), ("Демонстров", "Демонстрова"), ("Черновиков", "Черновикова")]
BOYS = ["Артём", "Максим", "Иван", "Михаил", "Кирилл", "Даниил", "Егор", "Тимофей", "Лев"]
GIRLS = ["Анна", "Мария", "София", "Алиса", "Виктория", "Полина", "Ева", "Дарья", "Вера"]
PATRONYMICS = [("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"),
               ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"), ("", "")]

DEMO_PASSWORD = "demo-nogliki-2024"


@dataclass
class DemoLogin:
    role: str
    username: str
    password: str
    note: str


def _person(rng: random.Random, sex: str) -> tuple[str, str, str]:
    male, female = rng.choice(SURNAMES)
    p_male, p_female = rng.choice(PATRONYMICS)
    if sex == Sex.MALE:
        return male, rng.choice(BOYS), p_male
    return female, rng.choice(GIRLS), p_female


@transaction.atomic
def build_demo(*, students_per_class: int = 12, seed: int = 2021) -> list[DemoLogin]:
    """Create (or complete) the demo municipality; safe to run again."""
    rng = random.Random(seed)
    reference.load()
    municipality = Municipality.objects.order_by("pk").first()
    year = AcademicYear.objects.current()
    schools = list(School.objects.filter(municipality=municipality).order_by("pk"))

    for school in schools:
        if school.kind == School.Kind.ADDITIONAL or school.students.exists():
            continue
        top_grade = 9 if school.kind == School.Kind.BASIC else 11
        letters = ["А", "Б"] if school.code in {"sosh1", "sosh2", "gymn"} else [""]
        students, grades = [], []
        seen: set[tuple] = set()
        for grade in range(1, top_grade + 1):
            for letter in letters:
                for _ in range(students_per_class):
                    sex = rng.choice([Sex.MALE, Sex.FEMALE])
                    last, first, middle = _person(rng, sex)
                    age = 6 + grade
                    birth = dt.date(year.start_year - age, 1, 1) + dt.timedelta(
                        days=rng.randrange(365)
                    )
                    if (last, first, middle, birth) in seen:
                        continue
                    seen.add((last, first, middle, birth))
                    students.append(Student(
                        school=school, last_name=last, first_name=first, middle_name=middle,
                        birth_date=birth, sex=sex, has_ovz=rng.random() < 0.08,
                        is_disabled=rng.random() < 0.02,
                    ))
                    grades.append((grade, letter))
        Student.objects.bulk_create(students)
        # Each student is followed back through the years: last year one grade lower.
        years = {y.start_year: y for y in AcademicYear.objects.all()}
        Enrollment.objects.bulk_create(
            Enrollment(student=s, academic_year=years[year.start_year - back],
                       grade=g - back, class_letter=letter)
            for s, (g, letter) in zip(students, grades, strict=True)
            for back in range(g)
            if year.start_year - back in years
        )

    _demo_staff(rng, municipality, schools)
    logins = _demo_users(schools)
    # The ten registers from 2020/2021 to today (monitoring/registers/demo.py).
    from .registers.demo import build_register_demo

    build_register_demo(rng, schools, _person)
    return logins


def _demo_staff(rng: random.Random, municipality: Municipality, schools: list[School]) -> None:
    for school in schools:
        if school.staff.exists():
            continue
        size = 6 if school.kind == School.Kind.ADDITIONAL else 14
        used: set[tuple] = set()
        for index in range(size):
            sex = rng.choice([Sex.MALE, Sex.FEMALE])
            last, first, middle = _person(rng, sex)
            if (last, first, middle) in used:
                continue
            used.add((last, first, middle))
            admin = index < 2
            Staff.objects.create(
                municipality=municipality, school=school, last_name=last, first_name=first,
                middle_name=middle or "Демоевич" if sex == Sex.MALE else middle or "Демоевна",
                position="заместитель директора" if admin else rng.choice(
                    ["учитель математики", "учитель физики", "учитель русского языка",
                     "педагог-психолог", "социальный педагог", "учитель технологии",
                     "педагог дополнительного образования"]),
                category=Staff.Category.SCHOOL_ADMIN if admin else Staff.Category.TEACHER,
                is_class_teacher=not admin and rng.random() < 0.5,
                is_specialist=not admin and rng.random() < 0.2,
                is_tutor=not admin and rng.random() < 0.1,
            )
    if not Staff.objects.filter(school__isnull=True).exists():
        for last, first, middle, position in [
            ("Ведомственная", "Ирина", "Петровна", "ведущий консультант"),
            ("Методистова", "Елена", "Олеговна", "методист ИМЦ"),
        ]:
            Staff.objects.create(
                municipality=municipality, school=None, last_name=last, first_name=first,
                middle_name=middle, position=position, category=Staff.Category.DEPARTMENT,
            )


def _demo_users(schools: list[School]) -> list[DemoLogin]:
    specs = [
        (Role.COORDINATOR, "koordinator", "Координатор", "Демо", [schools[0]],
         f"координатор ОО «{schools[0]}»"),
        (Role.COORDINATOR, "koordinator2", "Координатор", "Второй", [schools[1]],
         f"координатор ОО «{schools[1]}»"),
        (Role.IMC, "imc", "Специалист", "ИМЦ", [], "специалист ИМЦ"),
        (Role.HEAD, "nachalnik", "Начальник", "Отдела", [], "начальник отдела образования"),
        (Role.ADMIN, "admin", "Администратор", "Портала", [], "администратор"),
    ]
    logins = []
    for role, username, first, last, user_schools, note in specs:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=str(role))])
        user.schools.set(user_schools)
        logins.append(DemoLogin(str(role), username, DEMO_PASSWORD, note))
    return logins
