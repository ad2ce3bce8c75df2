"""The demo municipality: the district's schools (reference data) with fictional people,
and the registers' records of every year since 2020/2021.

Names are common Russian first names, patronymics and surnames put together at random, so
the lists read like a real school's while no combination stands for a real child or
teacher; the data is deterministic (a seeded generator).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from monitoring.dataversion import bump

from . import reference
from .models import AcademicYear, Enrollment, Municipality, School, Sex, Staff, Student, User
from .roles import Role

SURNAMES = [("Кузнецов", "Кузнецова"), ("Соколов", "Соколова"), ("Лебедев", "Лебедева"),
            ("Новиков", "Новикова"), ("Морозов", "Морозова"), ("Волков", "Волкова"),
            ("Алексеев", "Алексеева"), ("Степанов", "Степанова"), ("Павлов", "Павлова"),
            ("Семёнов", "Семёнова"), ("Голубев", "Голубева"), ("Виноградов", "Виноградова"),
            ("Богданов", "Богданова"), ("Воробьёв", "Воробьёва"), ("Фёдоров", "Фёдорова"),
            ("Михайлов", "Михайлова"), ("Беляев", "Беляева"), ("Тарасов", "Тарасова"),
            ("Белов", "Белова"), ("Комаров", "Комарова"), ("Орлов", "Орлова"),
            ("Киселёв", "Киселёва"), ("Макаров", "Макарова"), ("Андреев", "Андреева"),
            ("Ковалёв", "Ковалёва"), ("Ильин", "Ильина"), ("Гусев", "Гусева"),
            ("Титов", "Титова"), ("Кузьмин", "Кузьмина"), ("Кудрявцев", "Кудрявцева")]
BOYS = ["Артём", "Максим", "Иван", "Михаил", "Кирилл", "Даниил", "Егор", "Тимофей", "Лев",
        "Александр", "Дмитрий", "Никита", "Роман", "Матвей", "Сергей"]
GIRLS = ["Анна", "Мария", "София", "Алиса", "Виктория", "Полина", "Ева", "Дарья", "Вера",
         "Ксения", "Екатерина", "Варвара", "Анастасия", "Елизавета", "Милана"]
PATRONYMICS = [("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"),
               ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"),
               ("Александрович", "Александровна"), ("Дмитриевич", "Дмитриевна"),
               ("Викторович", "Викторовна"), ("Николаевич", "Николаевна"),
               ("Евгеньевич", "Евгеньевна"), ("Павлович", "Павловна")]

#: the department's people as the demo shows them («Кому звонить» in the help)
DEPARTMENT = [
    ("Гордеева", "Елена", "Олеговна", "методист ИМЦ", "imc@nogliki-edu.local"),
    ("Белова", "Ирина", "Петровна", "ведущий консультант отдела образования",
     "belova@nogliki-edu.local"),
]
#: the demo logins: (role, login, first name, patronymic, surname, position, e-mail)
USERS = [
    (Role.COORDINATOR, "koordinator", "Ольга", "Викторовна", "Лебедева",
     "заместитель директора по воспитательной работе", "koordinator@nogliki-edu.local"),
    (Role.COORDINATOR, "koordinator2", "Ирина", "Николаевна", "Ковалёва",
     "заместитель директора по учебной работе", "koordinator2@nogliki-edu.local"),
    (Role.IMC, "imc", "Елена", "Олеговна", "Гордеева", "методист ИМЦ", "imc@nogliki-edu.local"),
    (Role.HEAD, "nachalnik", "Наталья", "Сергеевна", "Руденко", "начальник отдела образования",
     "nachalnik@nogliki-edu.local"),
    (Role.ADMIN, "admin", "Алексей", "Павлович", "Ким", "администратор портала",
     "admin@nogliki-edu.local"),
]

DEMO_PASSWORD = "demo-nogliki-2024"


@dataclass
class DemoLogin:
    role: str
    username: str
    password: str
    note: str


def _person(rng: random.Random, sex: str) -> tuple[str, str, str]:
    """A fictional person: a surname, a first name and a patronymic of the same sex."""
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
        bump()
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
                middle_name=middle,
                position="заместитель директора" if admin else rng.choice(
                    ["учитель математики", "учитель физики", "учитель русского языка",
                     "педагог-психолог", "социальный педагог", "учитель технологии",
                     "педагог дополнительного образования"]),
                category=Staff.Category.SCHOOL_ADMIN if admin else Staff.Category.TEACHER,
                is_class_teacher=not admin and rng.random() < 0.5,
                is_specialist=not admin and rng.random() < 0.2,
                is_tutor=not admin and rng.random() < 0.1,
            )
    if not Staff.objects.filter(school__isnull=True, email__endswith="@nogliki-edu.local").exists():
        for last, first, middle, position, email in DEPARTMENT:
            Staff.objects.create(
                municipality=municipality, school=None, last_name=last, first_name=first,
                middle_name=middle, position=position, category=Staff.Category.DEPARTMENT,
                email=email,
            )


def _demo_users(schools: list[School]) -> list[DemoLogin]:
    notes = {"koordinator": f"координатор ОО «{schools[0]}»",
             "koordinator2": f"координатор ОО «{schools[1]}»",
             "imc": "специалист ИМЦ", "nachalnik": "начальник отдела образования",
             "admin": "администратор"}
    own = {"koordinator": [schools[0]], "koordinator2": [schools[1]]}
    logins = []
    for role, username, first, middle, last, position, email in USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
        user.first_name, user.middle_name, user.last_name = first, middle, last
        user.position, user.email = position, email
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=str(role))])
        user.schools.set(own.get(username, []))
        logins.append(DemoLogin(str(role), username, DEMO_PASSWORD, notes[username]))
    return logins
