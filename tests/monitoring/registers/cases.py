"""What each registry entry needs in a test: a form, a record, an import row, a wrong
reference. Tests are parametrised over the registry and read their data from here; the
meta-test fails when an entry has no case, so a new register cannot go untested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from monitoring.registers import labour, records

from ...conftest import make_student

STUDENT_ROW_KEYS = ("ФИО обучающегося", "Дата рождения", "Класс")


def student_row(student, klass: str = "7А") -> dict[str, Any]:
    return {"ФИО обучающегося": student.full_name,
            "Дата рождения": student.birth_date.strftime("%d.%m.%Y"), "Класс": klass}


@dataclass
class Case:
    #: POST data of the create form (without the student for per-student registers)
    form: Callable[[Any], dict[str, Any]]
    #: a saved record of school A about ``student`` (extra records use new students)
    make: Callable[[Any, Any, int], Any]
    #: an import row, by template header (without the student columns)
    row: Callable[[Any], dict[str, Any]]
    #: a column and a value that no reference list holds
    bad_reference: tuple[str, str]
    #: who keeps the list: "coordinator" (school data) or "imc" (labour market)
    keeper: str = "coordinator"
    #: a field the edit test changes, and its new value
    edit: tuple[str, Any] = ("comment", "Исправлено координатором")
    extra_form: dict[str, Any] = field(default_factory=dict)
    #: lists without students: what makes the n-th row of a file another record
    vary: Callable[[Any, int], dict[str, Any]] | None = None
    #: what a student needs before a row about him imports (an admission for a status)
    prepare: Callable[[Any, Any, int], Any] | None = None
    #: the date of a file's i-th row where rows of nearby days would be one record (a
    #: list with one record per school and academic year); None: today minus i days
    day: Callable[[Any, int], dt.date] | None = None


def _school(ctx, **values):
    return {"school": ctx.school, "author": ctx.author, **values}


def _new_admission(ctx, student, n):
    if student == ctx.student:
        return ctx.admission
    return records.Admission.objects.create(**_school(ctx, student=student, date=ctx.today,
                                                      institution=ctx.institution,
                                                      specialty=ctx.specialty))


CASES: dict[str, Case] = {
    "employers": Case(
        form=lambda c: {"event": c.event.pk},
        make=lambda c, s, n: records.EmployerInteraction.objects.create(**_school(c, student=s, event=c.event)),
        row=lambda c: {"Дата": c.day, "Предприятие": c.employer.name,
                       "Вид мероприятия": "экскурсия на предприятие",
                       "Название мероприятия": c.event.title},
        bad_reference=("Предприятие", "ООО «Несуществующее»"),
    ),
    "employer-events": Case(
        form=lambda c: {"date": c.day, "employer": c.employer.pk, "kind": "master_class",
                        "title": "Мастер-класс сварщиков", "participants_count": 12,
                        "participants_ovz": 1},
        make=lambda c, s, n: records.EmployerEvent.objects.create(**_school(
            c, date=c.today, employer=c.employer, kind="trial", title=f"Профпроба {n}")),
        row=lambda c: {"Дата": c.day, "Предприятие": c.employer.inn, "Вид мероприятия": "мастер-класс",
                       "Название мероприятия": "Мастер-класс сварщиков", "Число участников": "12"},
        bad_reference=("Вид мероприятия", "пикник"),
        vary=lambda c, n: {"Название мероприятия": f"Мастер-класс сварщиков № {n}"},
    ),
    "employer-agreements": Case(
        form=lambda c: {"date": c.day, "employer": c.employer.pk, "kind": "cooperation",
                        "number": "1/П"},
        make=lambda c, s, n: records.EmployerAgreement.objects.create(**_school(
            c, date=c.today - dt.timedelta(days=n), employer=c.employer, kind="targeted")),
        row=lambda c: {"Дата": c.day, "Предприятие": c.employer.name,
                       "Вид договора": "целевое обучение", "Номер договора": "7"},
        bad_reference=("Вид договора", "аренда"),
        vary=lambda c, n: {"Дата": (c.today - dt.timedelta(days=n)).strftime("%d.%m.%Y")},
    ),
    "additional-education": Case(
        form=lambda c: {"date": c.day, "program": c.program.pk},
        make=lambda c, s, n: records.AdditionalEducation.objects.create(**_school(
            c, student=s, date=c.today, program=c.program)),
        row=lambda c: {"Дата": c.day, "Программа": c.program.name},
        bad_reference=("Программа", "Кройка и шитьё"),
    ),
    "profile-study": Case(
        form=lambda c: {"date": c.day, "profile": c.profile.pk, "subject": c.subject.pk},
        make=lambda c, s, n: records.ProfileStudy.objects.create(**_school(
            c, student=s, date=c.today, profile=c.profile, subject=c.subject)),
        row=lambda c: {"Дата": c.day, "Профиль": "технологический",
                       "Предмет на углублённом уровне": "Математика"},
        bad_reference=("Профиль", "космический"),
    ),
    "diagnostics": Case(
        form=lambda c: {"date": c.day, "method": c.method.pk, "result": "человек — техника"},
        make=lambda c, s, n: records.Diagnostic.objects.create(**_school(
            c, student=s, date=c.today, method=c.method)),
        row=lambda c: {"Дата": c.day, "Методика": c.method.name,
                       "Результат, рекомендации": "человек — техника"},
        bad_reference=("Методика", "Гадание на кофейной гуще"),
    ),
    "admissions": Case(
        form=lambda c: {"date": c.day, "institution": c.college.pk,
                        "specialty": c.college_specialty.pk, "study_form": "full",
                        "basis": "budget", "by_profile": "unknown"},
        make=_new_admission,
        row=lambda c: {"Дата": c.day, "Учебное заведение": "СИТ", "Специальность": "21.02.01",
                       "Основа обучения": "бюджет", "Форма обучения": "очная"},
        bad_reference=("Специальность", "99.99.99"),
    ),
    "graduate-statuses": Case(
        form=lambda c: {"admission": c.admission.pk, "date": c.day, "status": "studying"},
        make=lambda c, s, n: records.GraduateStatus.objects.create(**_school(
            c, student=s, date=c.today, status="studying",
            admission=c.admission if s == c.student else _new_admission(c, s, n))),
        row=lambda c: {"Дата": c.day, "Статус": "учится"},
        bad_reference=("Статус", "на луне"),
        prepare=lambda c, s, n: _new_admission(c, s, n),
    ),
    "competitions": Case(
        form=lambda c: {"date": c.day, "competition": c.competition.pk, "result": "prize",
                        "nomination": "Экология"},
        make=lambda c, s, n: records.CompetitionParticipation.objects.create(**_school(
            c, student=s, date=c.today, competition=c.competition, result="winner")),
        row=lambda c: {"Дата": c.day, "Конкурс, конференция": c.competition.name,
                       "Результат": "призёр", "Компетенция, номинация": "Экология"},
        bad_reference=("Результат", "почётный гость"),
    ),
    "technoclasses": Case(
        form=lambda c: {"date": c.day, "technoclass": c.technoclass.pk},
        make=lambda c, s, n: records.TechnoclassParticipation.objects.create(**_school(
            c, student=s, date=c.today, technoclass=c.technoclass)),
        row=lambda c: {"Дата": c.day, "Технокласс": c.technoclass.name},
        bad_reference=("Технокласс", "Космический технокласс"),
    ),
    "growth-points": Case(
        form=lambda c: {"date": c.day, "centre": c.centre.pk, "activity": "extracurricular",
                        "course": "Робототехника"},
        make=lambda c, s, n: records.GrowthPointParticipation.objects.create(**_school(
            c, student=s, date=c.today, centre=c.centre, activity="lessons", course="Информатика")),
        row=lambda c: {"Дата": c.day, "Вид занятий": "внеурочная деятельность",
                       "Курс, программа": "Робототехника"},
        bad_reference=("Вид занятий", "каникулы"),
    ),
    "proektoria": Case(
        form=lambda c: {"lesson": c.lesson.pk, "date": c.day},
        make=lambda c, s, n: records.ProjectoriaParticipation.objects.create(**_school(
            c, student=s, date=c.today, lesson=c.lesson)),
        row=lambda c: {"Урок": c.lesson.topic},
        bad_reference=("Урок", "Урок, которого не было"),
    ),
    "proektoria-sessions": Case(
        form=lambda c: {"lesson": c.lesson.pk, "date": c.day, "audience": "8Б",
                        "participants_count": 21, "participants_ovz": 2},
        make=lambda c, s, n: records.ProjectoriaSession.objects.create(**_school(
            c, lesson=c.lesson, date=c.today, audience=f"{1 + n % 11}{n}", participants_count=20)),
        row=lambda c: {"Урок": c.lesson.label, "Класс(ы)": "8Б", "Число участников": "21"},
        bad_reference=("Урок", "Урок, которого не было"),
        vary=lambda c, n: {"Класс(ы)": f"{5 + n}В"},
    ),
    "ticket-to-future": Case(
        form=lambda c: {"date": c.day, "stage": c.stage.pk, "details": "сварщик"},
        make=lambda c, s, n: records.TicketParticipation.objects.create(**_school(
            c, student=s, date=c.today, stage=c.stage, details="оператор")),
        row=lambda c: {"Дата": c.day, "Этап": "профессиональная проба",
                       "Профессия, направление, рекомендации": "сварщик"},
        bad_reference=("Этап", "этап-призрак"),
    ),
    "labour-demand": Case(
        keeper="imc",
        form=lambda c: {"year": c.today.year, "territory": "municipality",
                        "specialty": c.specialty.pk, "number": 12, "source": "employer",
                        "employer": c.employer.pk},
        make=lambda c, s, n: labour.SpecialistDemand.objects.create(
            year=c.today.year, territory="region", profession=f"профессия {n}", number=3,
            source="forecast", author=c.author),
        row=lambda c: {"Год": str(c.today.year), "Территория": "муниципалитет",
                       "Специальность по ОКСО": "21.03.01", "Потребность, человек": "12",
                       "Источник": "заявка работодателя", "Работодатель": c.employer.name},
        bad_reference=("Источник", "слухи"),
        edit=("number", 15),
        vary=lambda c, n: {"Профессия, должность": f"оператор установки № {n}"},
    ),
    "targeted-offers": Case(
        keeper="imc",
        form=lambda c: {"year": c.today.year, "employer": c.employer.pk,
                        "specialty": c.specialty.pk, "institution": c.institution.pk,
                        "places": 3},
        make=lambda c, s, n: labour.TargetedTrainingOffer.objects.create(
            year=c.today.year - n, employer=c.employer, specialty=c.specialty, places=2,
            author=c.author),
        row=lambda c: {"Год": str(c.today.year), "Работодатель": c.employer.name,
                       "Специальность": c.specialty.label, "Учебное заведение": "СахГУ",
                       "Мест": "3"},
        bad_reference=("Работодатель", "ООО «Несуществующее»"),
        edit=("places", 5),
        vary=lambda c, n: {"Год": str(c.today.year - n)},
    ),
}


def new_student(ctx, n: int):
    return make_student(ctx.school, last=f"Учеников{n}", first="Пётр", middle="",
                        birth=dt.date(2010, 1, 1) + dt.timedelta(days=n), grade=1 + n % 11,
                        letter="Б")


# A register added after the ten brings its cases in a module of its own, ``case_<slug>.py``
# next to this one (a ``CASES`` dict by slug: the register and its lists), so that adding
# it edits no shared test.
def _own_cases() -> None:
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("case_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        for slug, case in module.CASES.items():
            if slug in CASES:
                raise ValueError(f"случай реестра «{slug}» объявлен дважды")
            CASES[slug] = case


_own_cases()
