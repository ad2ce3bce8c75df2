"""Register 11: профминимум — the unified model of career guidance (Единая модель
профориентации) that every school has implemented in grades 6–11 since 01.09.2023.

``ProfminimumHours``  hours of one student in one of the model's seven directions on a
                      date: the weekly lesson «Россия — мои горизонты» of a class (mass
                      entry), a parents' meeting, a trial … (register 11).
``ProfminimumLevel``  the level the school chose for an academic year — базовый (at least
                      40 hours a year), основной (60) or продвинутый (80): one per school
                      and year, kept by the database.

Hours are also counted from the registers that already hold the activity
(``FROM_OTHER_REGISTERS``): a «Билет в будущее» trial, a professional-skills contest, a
diagnostic … are not typed twice. ``reports/indicators/profminimum.py`` adds them up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .base import SchoolRecord, StudentRecord, record_indexes

#: the federal model starts with the 2023/2024 academic year: a school owes the register
#: and the indicators count hours from then on (earlier records, a pilot, are kept)
FIRST_DAY = dt.date(2023, 9, 1)
GRADES = (6, 11)
#: a record's hours at most: a month's or a half-year's total of one direction
MAX_HOURS = 40


class Direction(models.TextChoices):
    """The seven directions of the model, in the order of its methodological recommendations."""

    LESSONS = "lessons", "урочная деятельность"
    HORIZONS = "horizons", "внеурочная деятельность («Россия — мои горизонты»)"
    UPBRINGING = "upbringing", "воспитательная работа"
    ADDITIONAL = "additional", "дополнительное образование"
    PROFILE = "profile", "профильные и предпрофессиональные классы"
    PARENTS = "parents", "взаимодействие с родителями"
    TRIALS = "trials", "профессиональные пробы, практико-ориентированный модуль"


class Level(models.TextChoices):
    BASIC = "basic", "базовый"
    MAIN = "main", "основной"
    ADVANCED = "advanced", "продвинутый"


#: the hours a year a student of grades 6–11 needs at each level
LEVEL_HOURS = {Level.BASIC: 40, Level.MAIN: 60, Level.ADVANCED: 80}
#: a school that has not recorded its choice works at least at the basic level
DEFAULT_LEVEL = Level.BASIC


@dataclass(frozen=True)
class OtherRegister:
    """Hours a record of another register counts for: a fixed number in one direction."""

    slug: str
    model_name: str
    hours: int
    direction: str
    #: which of the register's records count (None: all)
    condition: Q | None = None
    what: str = ""


#: Where the model's activity is already recorded, and how many hours a record counts.
#: A day's hours are counted once: where the register of профминимум has a record of the
#: same student, date and direction, it alone counts; where two other registers hold the
#: same day and direction (a trial recorded in «Билет в будущее» and with an employer),
#: the first in this list counts.
FROM_OTHER_REGISTERS = (
    OtherRegister("ticket-to-future", "TicketParticipation", 2, Direction.TRIALS,
                  Q(stage__code="trial"), "профессиональная проба «Билета в будущее»"),
    OtherRegister("ticket-to-future", "TicketParticipation", 2, Direction.UPBRINGING,
                  Q(stage__code="event"), "мероприятие «Билета в будущее» (выставка, фестиваль)"),
    OtherRegister("employers", "EmployerInteraction", 2, Direction.TRIALS,
                  Q(event__kind__in=["trial", "excursion"]),
                  "профессиональная проба или экскурсия на предприятии"),
    OtherRegister("competitions", "CompetitionParticipation", 2, Direction.TRIALS, None,
                  "конкурс профессионального мастерства, конференция"),
    OtherRegister("diagnostics", "Diagnostic", 1, Direction.HORIZONS, None,
                  "профориентационная диагностика"),
)


class ProfminimumHours(StudentRecord):
    """Register 11: hours of профминимум a student had on a date, in one direction."""

    direction = models.CharField("направление", max_length=16, choices=Direction.choices,
                                 default=Direction.HORIZONS)
    hours = models.PositiveSmallIntegerField(
        "часов", default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)],
        help_text="Академических часов: занятие «Россия — мои горизонты» — 1 час; итог за "
                  "месяц или полугодие из журнала — одной записью с датой его последнего дня.")
    activity = models.CharField(
        "занятие, мероприятие", max_length=300, blank=True,
        help_text="Например: «Россия — мои горизонты»: Россия индустриальная.")

    identity_fields = ("student", "date", "direction", "activity")

    class Meta(StudentRecord.Meta):
        verbose_name = "часы профминимума"
        verbose_name_plural = "профминимум: часы обучающихся"
        indexes = [
            *record_indexes("r11"),
            # The hours other registers count are dropped where register 11 holds the
            # student's day in that direction: the indicators probe it once per record
            # (tens of thousands in a region's year), from this index alone.
            models.Index(fields=["student", "date", "direction"], name="r11_same_day"),
        ]

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.get_direction_display()}, {self.hours} ч"



class ProfminimumLevel(SchoolRecord):
    """The level of профминимум a school chose for an academic year (its order's date)."""

    level = models.CharField("уровень", max_length=16, choices=Level.choices)
    order = models.CharField("приказ ОО", max_length=100, blank=True,
                             help_text="Номер приказа о выборе уровня, например № 112-од.")

    identity_fields = ("academic_year",)

    class Meta(SchoolRecord.Meta):
        verbose_name = "уровень профминимума ОО"
        verbose_name_plural = "профминимум: уровни ОО"
        indexes = record_indexes("r11l", student=False)

    def __str__(self) -> str:
        return f"{self.get_level_display()} уровень ({self.date:%d.%m.%Y})"

    @property
    def hours(self) -> int:
        return LEVEL_HOURS[self.level]

