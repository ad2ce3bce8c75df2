"""The abstract records every register is made of.

``SchoolRecord``   a dated record of a school: school, academic year and half-year (both
                   derived from the date), author, timestamps, change history. Events
                   and agreements of register 1 are school records.
``StudentRecord``  a school record about one student, with the student's grade, class
                   letter and ОВЗ status *at that time*, copied when the record is made,
                   so that a later change of class or status never rewrites the past.
``MunicipalRecord`` a yearly record of the municipality (labour-market sources), kept by
                   ИМЦ and read by everyone with a role.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Lower, Replace
from django.db.models.signals import class_prepared
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..models import AcademicYear, Enrollment, Period, School, Student
from ..querysets import SchoolScopedQuerySet

if TYPE_CHECKING:
    from ..models import User

_UNSET: Any = object()

DUPLICATE = ("Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и "
             "измените, если нужно.")


def first_record_date() -> dt.date:
    from ..reference import FIRST_ACADEMIC_YEAR

    return dt.date(FIRST_ACADEMIC_YEAR, 9, 1)


def last_record_date(today: dt.date | None = None) -> dt.date:
    """The latest date a record may have: today and ``RECORD_FUTURE_DAYS`` more.

    Records are facts — a lesson watched, a diagnostic taken — so a date months ahead is
    a typo (15.03.2027 typed on 30.11.2026), and mass entry for a lesson two weeks away
    would record children who have not watched it yet."""
    if today is None:
        return _bounds(int(time.time() // 60), settings.RECORD_FUTURE_DAYS)[1]
    return today + dt.timedelta(days=settings.RECORD_FUTURE_DAYS)


@functools.lru_cache(maxsize=4)
def _bounds(minute: int, margin: int) -> tuple[dt.date, dt.date]:
    # An import checks the date of every row twice: asking the clock (and the time zone)
    # once a minute instead of 20,000 times is a tenth of its time.
    return first_record_date(), last_record_date(timezone.localdate())


def identity_of(obj: models.Model) -> tuple:
    """The key that makes a record the same record, from the model's ``identity_fields``.

    Texts are compared as people read them (case, ё/е, spaces ignored); a related object
    not saved yet (an event an import is about to create) stands in by its own key."""
    from ..importing import normalize_text

    parts: list[Any] = []
    for name in type(obj).identity_fields:
        field = obj._meta.get_field(name)
        if field.is_relation:
            pk = getattr(obj, field.attname)
            if pk is None and field.is_cached(obj) and getattr(obj, name) is not None:
                parts.append(("new", identity_of(getattr(obj, name))))
            else:
                parts.append(pk)
        else:
            value = getattr(obj, name)
            parts.append(normalize_text(value) if isinstance(value, str) else value)
    return tuple(parts)


def same_identity(record: models.Model) -> models.QuerySet:
    """Other rows with the record's ``identity_fields`` (texts compared ignoring case)."""
    lookup: dict[str, Any] = {}
    for name in type(record).identity_fields:
        field = record._meta.get_field(name)
        value = getattr(record, field.attname)
        if isinstance(value, str):
            lookup[f"{name}__iexact"] = value.strip()
        else:
            lookup[field.attname] = value
    found = type(record)._default_manager.filter(**lookup)
    return found.exclude(pk=record.pk) if record.pk else found


# ------------------------------------------------------------- identity in the database


def identity_expressions(model: type[models.Model]) -> list[Any]:
    """The record's identity as the database compares it: texts in lower case with ё as
    е (as ``identity_of`` compares them), an empty reference as 0 (NULL never equals
    NULL in a unique index), and the school for a school's own events and agreements."""
    parts: list[Any] = []
    if issubclass(model, SchoolRecord) and "student" not in model.identity_fields:
        parts.append(models.F("school"))
    for name in model.identity_fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField):
            parts.append(Replace(Lower(name), models.Value("ё"), models.Value("е")))
        elif field.null:
            parts.append(Coalesce(name, models.Value(0)))
        else:
            parts.append(models.F(name))
    return parts


def identity_constraint_name(model: type[models.Model]) -> str:
    return f"{model._meta.db_table}_identity"


@receiver(class_prepared)
def add_identity_constraint(sender: type[models.Model], **kwargs: Any) -> None:
    """Every record model's ``identity_fields`` become a unique rule in the database.

    The identity is declared once, on the model; the forms and imports check it in
    Python for a friendly message, and this index is the truth when two requests race
    (a double click, two confirmations of one file). A new register gets it for free."""
    if (not issubclass(sender, SchoolRecord | MunicipalRecord) or sender._meta.abstract
            or not sender.identity_fields):
        return
    name = identity_constraint_name(sender)
    if any(c.name == name for c in sender._meta.constraints):
        return
    sender._meta.constraints = [*sender._meta.constraints, models.UniqueConstraint(
        *identity_expressions(sender), name=name, violation_error_message=DUPLICATE)]
    # Migrations read a model's constraints from what its Meta declared.
    sender._meta.original_attrs["constraints"] = sender._meta.constraints


def tidy_identity_text(record: models.Model) -> None:
    """«Экскурсия  на промысел » is stored as «Экскурсия на промысел», so that the
    database's rule sees what a person sees."""
    for name in type(record).identity_fields:
        value = getattr(record, name, None)
        if isinstance(value, str):
            setattr(record, name, " ".join(value.split()))


def register_url(record: models.Model, action: str = "detail") -> str:
    from .registry import registry

    slug = registry.for_model(type(record)).slug
    return reverse(f"monitoring:register_{action}", args=[slug, record.pk])


def date_range_error(day: dt.date) -> str | None:
    first, last = _bounds(int(time.time() // 60), settings.RECORD_FUTURE_DAYS)
    if day < first:
        return f"дата раньше {first:%d.%m.%Y}: портал ведёт данные с {first.year}/{first.year + 1} учебного года"
    if day > last:
        return (f"дата {day:%d.%m.%Y} ещё не наступила: в реестр вносят то, что уже было "
                f"(не позже {last:%d.%m.%Y}); проверьте год и месяц")
    return None


class PeriodResolver:
    """Half-years by date, loaded once: an import of thousands of rows asks the database
    only for a half-year it has not seen yet."""

    def __init__(self) -> None:
        self._periods = {
            (p.academic_year.start_year, p.half): p
            for p in Period.objects.select_related("academic_year")
        }

    def __call__(self, day: dt.date) -> Period:
        start = day.year if day.month >= 9 else day.year - 1
        half = Period.Half.FIRST if day.month >= 9 else Period.Half.SECOND
        period = self._periods.get((start, half))
        if period is None:
            period = Period.objects.select_related("academic_year").get(
                pk=Period.objects.for_date(day).pk
            )
            self._periods[(start, half)] = period
        return period


class RecordQuerySet(SchoolScopedQuerySet):
    """Records of schools: scoped by ``for_user`` like every school's data."""


def record_indexes(prefix: str, *, student: bool = True, yearly: bool = False
                   ) -> list[models.Index]:
    """The indexes behind the list filters (school + year + date order, half-year, grade)
    and behind the indicators, which read every school's records of a span: by date, or
    for a yearly register (a record holds for its academic year) by academic year and
    date. On PostgreSQL the span's index also carries the columns the indicators count
    (student, grade, ОВЗ, school), so they are read from the index alone.

    Index names are limited to 30 characters, so each register passes a short prefix."""
    indexes = [
        models.Index(fields=["school", "academic_year", "-date"], name=f"{prefix}_school_year"),
        models.Index(fields=["school", "period"], name=f"{prefix}_school_period"),
    ]
    if student:
        indexes.append(models.Index(fields=["academic_year", "grade"], name=f"{prefix}_year_grade"))
    carried = ["school", "student", "grade", "has_ovz"] if student else ["school"]
    if yearly:
        indexes.append(models.Index(fields=["academic_year", "date"], include=carried,
                                    name=f"{prefix}_span_year"))
    else:
        indexes.append(models.Index(fields=["date"], include=carried, name=f"{prefix}_span_date"))
    return indexes


class SchoolRecord(models.Model):
    """A dated record of a school. The school is set by the server, never by a form."""

    school = models.ForeignKey(School, models.PROTECT, related_name="+", verbose_name="ОО")
    date = models.DateField("дата")
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", editable=False, verbose_name="учебный год"
    )
    period = models.ForeignKey(
        Period, models.PROTECT, related_name="+", editable=False, verbose_name="полугодие"
    )
    comment = models.CharField("примечание", max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name="автор записи",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords(inherit=True, verbose_name="история изменений")

    #: the fields that make two records the same (re-import, duplicate checks)
    identity_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["-date", "-pk"]

    def save(self, *args, **kwargs) -> None:
        self.prepare_save()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return register_url(self)

    def prepare_save(self) -> None:
        """Derive what the record stores but nobody types (the half-year of the date)."""
        tidy_identity_text(self)
        if self.date and (not self.period_id or self.period_is_stale()):
            self.assign_period(Period.objects.for_date(self.date))
        self.derive()

    def derive(self) -> None:
        """Fill what can be derived from what was typed (imports call it too)."""

    def clean(self) -> None:
        super().clean()
        if self.date:
            problem = date_range_error(self.date)
            if problem:
                raise ValidationError({"date": problem[:1].upper() + problem[1:] + "."})

    def duplicates(self) -> models.QuerySet:
        """Other records of the school with the same identity (checked by forms)."""
        return same_identity(self).filter(school_id=self.school_id)

    def assign_period(self, period: Period) -> None:
        self.period = period
        self.academic_year_id = period.academic_year_id

    def period_is_stale(self) -> bool:
        period = self.period
        return not period.contains(self.date)

    @property
    def half_label(self) -> str:
        return "I" if self.period.half == Period.Half.FIRST else "II"

    def is_locked(self) -> bool:
        from .locks import is_locked

        return bool(self.pk) and is_locked(self.school_id, self.period_id)


class StudentRecord(SchoolRecord):
    """A school record about one student, with the grade and ОВЗ status of that time."""

    student = models.ForeignKey(Student, models.PROTECT, verbose_name="обучающийся")
    grade = models.PositiveSmallIntegerField(
        "класс на момент записи", null=True, blank=True, editable=False
    )
    class_letter = models.CharField("литера на момент записи", max_length=3, blank=True,
                                    editable=False)
    has_ovz = models.BooleanField("ОВЗ на момент записи", default=False, editable=False)

    class Meta(SchoolRecord.Meta):
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._snapshot_key = (
            instance.__dict__.get("student_id"), instance.__dict__.get("academic_year_id")
        )
        return instance

    def prepare_save(self) -> None:
        tidy_identity_text(self)
        if self.date and (not self.period_id or self.period_is_stale()):
            self.assign_period(Period.objects.for_date(self.date))
        # The snapshot is taken once, and again only if the record moves to another
        # student or academic year: later changes of class or ОВЗ never rewrite it.
        if getattr(self, "_snapshot_key", None) != (self.student_id, self.academic_year_id):
            self.take_snapshot()
            self._snapshot_key = (self.student_id, self.academic_year_id)
        self.derive()

    def take_snapshot(self, enrollment: Enrollment | None = _UNSET,
                      fallback: tuple[int, str] | None = None) -> None:
        """Copy the grade and ОВЗ status the student had in the record's academic year.

        ``enrollment`` may be passed preloaded (imports); ``fallback`` is the class named
        in an import file, used when the portal holds no class for that year."""
        if enrollment is _UNSET:
            enrollment = Enrollment.objects.filter(
                student_id=self.student_id, academic_year_id=self.academic_year_id
            ).first()
        if enrollment is not None:
            self.grade, self.class_letter = enrollment.grade, enrollment.class_letter
        elif fallback is not None:
            self.grade, self.class_letter = fallback
        else:
            self.grade, self.class_letter = None, ""
        self.has_ovz = self.student.has_ovz

    @property
    def class_name(self) -> str:
        return f"{self.grade}{self.class_letter}" if self.grade else ""


class MunicipalQuerySet(models.QuerySet):
    """Municipal data: every portal role reads it; who may change it is a permission."""

    def for_user(self, user: User) -> MunicipalQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_schools or user.is_coordinator:
            return self
        return self.none()


class MunicipalRecord(models.Model):
    year = models.PositiveSmallIntegerField("год")
    comment = models.CharField("примечание", max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name="автор записи",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = MunicipalQuerySet.as_manager()
    history = HistoricalRecords(inherit=True, verbose_name="история изменений")

    identity_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["-year", "-pk"]

    def save(self, *args, **kwargs) -> None:
        tidy_identity_text(self)
        self.derive()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return register_url(self)

    def derive(self) -> None:
        """Fill what can be derived from what was typed (imports call it too)."""

    def duplicates(self) -> models.QuerySet:
        return same_identity(self)

    def clean(self) -> None:
        super().clean()
        today = timezone.localdate()
        if self.year and not 2000 <= self.year <= today.year + 10:
            raise ValidationError({"year": f"Год — от 2000 до {today.year + 10}."})
