"""The import engine of the registers, on top of ``monitoring.importing``.

What it adds to :class:`~monitoring.importing.PortalResource`:

* every row is cleaned once, before import-export walks the rows: columns, the date and
  its half-year, the student, the lock, the register's own references;
* everything a row refers to — students and their classes of every year, reference lists,
  half-years, locks, the existing records of the years in the file — is loaded once per
  import into dictionaries, so a file of ten thousand rows costs a handful of queries;
* rows are saved in bulk with their history (``monitoring.history.create_with_history``),
  and the preview (a dry run) writes nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from import_export.widgets import Widget
from simple_history.utils import bulk_update_with_history

from monitoring.dataversion import bump
from monitoring.history import create_with_history

from ..importing import (
    Column,
    DateWidget,
    ImportFileError,
    LookupWidget,
    PortalResource,
    TextWidget,
    cell_text,
    header_place,
    normalize_text,
    parse_class,
)
from ..models import AcademicYear, Enrollment, Period, School, Student
from .base import PeriodResolver, date_range_error
from .locks import lock_reason, locked_pairs

STUDENT_NAME = "ФИО обучающегося"
#: columns that find the student rather than set a field of the record
STUDENT_COLUMNS = frozenset({"student__full_name", "student__last_name", "student__first_name",
                             "student__middle_name", "student__birth_date", "class_name"})


class StudentFinder:
    """A school's students and their classes of every year, loaded once.

    A student is found by ФИО + birth date, or by class + ФИО when that is unambiguous.
    Only the importing school's students are loaded, so another school's student is
    simply not found."""

    def __init__(self, school: School) -> None:
        self.school = school
        self.by_name: dict[str, list[Student]] = defaultdict(list)
        self.by_short_name: dict[str, list[Student]] = defaultdict(list)
        self.enrollments: dict[tuple[int, int], Enrollment] = {}
        self.last_enrollment: dict[int, Enrollment] = {}
        for student in Student.objects.filter(school=school):
            self.by_name[normalize_text(student.full_name)].append(student)
            self.by_short_name[normalize_text(f"{student.last_name} {student.first_name}")].append(student)
        for enrollment in (Enrollment.objects.filter(student__school=school)
                           .select_related("academic_year")
                           .order_by("academic_year__start_year")):
            self.enrollments[(enrollment.student_id, enrollment.academic_year_id)] = enrollment
            self.last_enrollment[enrollment.student_id] = enrollment

    def candidates(self, name: str) -> list[Student]:
        key = normalize_text(name)
        found = self.by_name.get(key)
        if found:
            return found
        # «Образцова Анна» without the patronymic the portal holds.
        return self.by_short_name.get(key, []) if len(key.split()) == 2 else []

    def find(self, name: str, birth: dt.date | None, klass: tuple[int, str] | None,
             year: AcademicYear | None) -> Student:
        if not name:
            raise ValueError("обязательное поле не заполнено")
        if birth is None and klass is None:
            raise ValueError("укажите дату рождения или класс обучающегося, чтобы найти его в списке ОО")
        people = self.candidates(name)
        if birth is not None:
            matches = [s for s in people if s.birth_date == birth]
            if len(matches) == 1:
                return matches[0]
            raise ValueError(
                f"обучающийся с датой рождения {birth:%d.%m.%Y} не найден среди обучающихся "
                f"ОО «{self.school}»; проверьте ФИО и дату рождения или сначала загрузите список "
                "обучающихся"
            )
        grade, letter = klass
        matches = [s for s in people if self._in_class(s, grade, letter, year)]
        class_name = f"{grade}{letter}"
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(
                f"в {class_name} классе ОО «{self.school}» нет обучающегося с таким ФИО; "
                "проверьте ФИО и класс или укажите дату рождения"
            )
        raise ValueError(
            f"в {class_name} классе несколько обучающихся с таким ФИО: укажите дату рождения"
        )

    def _in_class(self, student: Student, grade: int, letter: str, year) -> bool:
        enrollment = self.enrollments.get((student.pk, year.pk)) if year else None
        if enrollment is None:
            return False
        return enrollment.grade == grade and (not letter or enrollment.class_letter == letter)

    def enrollment(self, student: Student, year: AcademicYear) -> Enrollment | None:
        return self.enrollments.get((student.pk, year.pk))


class NullableYesNoWidget(Widget):
    """да / нет, and blank for "not known — let the portal work it out"."""

    truthy = {"да", "д", "1", "+", "true", "yes", "истина"}
    falsy = {"нет", "н", "0", "-", "false", "no", "ложь"}

    def clean(self, value, row=None, **kwargs) -> bool | None:
        text = normalize_text(cell_text(value))
        if not text:
            return None
        if text in self.truthy:
            return True
        if text in self.falsy:
            return False
        raise ValueError("ожидается «да», «нет» или пустая ячейка")

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else ("да" if value else "нет")


class RecordResource(PortalResource):
    """Base of every register import: rows cleaned once, saved in bulk with history.

    A subclass declares its :class:`Column` fields and its model (whose
    ``identity_fields`` say when a row is an existing record); hooks
    :meth:`clean_extra` and :meth:`derive` add what a register needs."""

    row_noun = "запись"
    school_scoped = True
    #: model attributes that identify a record but are set by the engine
    engine_fields = ("school", "academic_year", "period")

    class Meta(PortalResource.Meta):
        use_bulk = True
        batch_size = None  # everything is written at the end, in one transaction
        import_id_fields = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cleaned: dict[int, tuple[dict[str, Any], dict[str, list[str]]]] = {}
        self._current_row = 0
        self._saved: list[Any] = []
        self.periods: PeriodResolver | None = None
        self.locked: set[tuple[int, int]] = set()

    # -- what a subclass may extend
    def prepare(self) -> None:
        super().prepare()
        self.periods = PeriodResolver()
        if self.school is not None:
            self.locked = locked_pairs([self.school.pk])

    def clean_extra(self, values: dict[str, Any], errors: dict[str, list[str]],
                    row: dict) -> None:
        """Register-specific cleaning: resolve events, defaults from references …"""

    def derive(self, instance) -> None:
        """Fill the derived fields of an instance about to be saved."""
        if hasattr(instance, "derive"):
            instance.derive()

    def existing(self):
        model = self._meta.model
        years = {v.get("academic_year") for v, _ in self._cleaned.values()} - {None}
        found = model.objects.filter(school=self.school)
        return found.filter(academic_year__in=years) if years else found.none()

    # -- cleaning, once per row
    def data_columns(self) -> list[Column]:
        return [c for c in self.columns() if c.attribute not in STUDENT_COLUMNS]

    def clean_row(self, row: dict) -> tuple[dict[str, Any], dict[str, list[str]]]:
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for column in self.data_columns():
            if column.column_name not in row and not column.required:
                continue  # a column the file does not have leaves the record's value alone
            try:
                values[column.attribute] = column.clean(row)
            except ValueError as exc:
                errors[column.attribute] = [str(exc)]
        self.clean_date(values, errors)
        self.clean_student(row, values, errors)
        if not errors:
            self.clean_extra(values, errors, row)
        return values, errors

    def clean_student(self, row: dict, values: dict[str, Any],
                      errors: dict[str, list[str]]) -> None:
        """Per-student registers find the row's student here."""

    def clean_date(self, values: dict[str, Any], errors: dict[str, list[str]]) -> None:
        day = values.get("date")
        if day is None or "date" in errors:
            return
        problem = date_range_error(day)
        if problem:
            errors["date"] = [problem]
            return
        period = self.periods(day)
        values["period"], values["academic_year"] = period, period.academic_year
        if self.school is not None and (self.school.pk, period.pk) in self.locked:
            # Not an error yet: an exported list of a closed half-year re-imports as
            # «без изменений»; only a row that would add or change a record is refused.
            values["_locked"] = lock_reason(self.school, period, self.user)

    def identity_from(self, values: dict[str, Any]) -> tuple | None:
        parts: list[Any] = []
        model = self._meta.model
        for name in model.identity_fields:
            field = model._meta.get_field(name)
            # A column the file does not have means the field's empty value, as saved.
            value = values.get(name) if name in values or field.is_relation else field.get_default()
            if value is None and not field.null and not field.is_relation:
                value = field.get_default()
            if field.is_relation:
                if value is None:
                    parts.append(None)
                elif value.pk is None:
                    from .base import identity_of

                    parts.append(("new", identity_of(value)))
                else:
                    parts.append(value.pk)
            else:
                parts.append(normalize_text(value) if isinstance(value, str) else value)
        return tuple(parts)

    def instance_identity(self, instance) -> tuple:
        from .base import identity_of

        return identity_of(instance)

    # -- import-export hooks
    def before_import(self, dataset, **kwargs) -> None:
        self.prepare()
        self._cleaned = {}
        for index, row in enumerate(dataset.dict, 1):
            self._cleaned[index] = self.clean_row(dict(row))
        self._existing = {self.instance_identity(obj): obj for obj in self.existing()}
        self._first_row_of, self._duplicates = {}, {}
        for index, (values, errors) in self._cleaned.items():
            if errors:
                continue  # the row fails with its own errors; it duplicates nothing
            key = self.identity_from(values)
            if key in self._first_row_of:
                self._duplicates[index] = self._first_row_of[key]
            else:
                self._first_row_of[key] = index

    def before_import_row(self, row, **kwargs) -> None:
        self._current_row = kwargs.get("row_number", 0)
        super().before_import_row(row, **kwargs)

    def get_instance(self, instance_loader, row):
        values, errors = self._cleaned.get(self._current_row, ({}, {}))
        if errors:
            return None
        instance = self._existing.get(self.identity_from(values))
        if instance is not None:
            self._originals[id(instance)] = self.comparable(instance)
            self._originals[id(instance)]["__period__"] = getattr(instance, "period_id", None)
        return instance

    def comparable(self, instance) -> dict[str, Any]:
        compared = {}
        for column in self.data_columns():
            field = _model_field(instance, column.attribute)
            if field is not None:
                compared[column.column_name] = getattr(instance, field.attname)
        return compared

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        if new and hasattr(instance, "author_id"):
            instance.author = self.user if getattr(self.user, "pk", None) else None

    def import_instance(self, instance, row, **kwargs) -> None:
        values, errors = self._cleaned.get(kwargs.get("row_number", self._current_row), ({}, {}))
        for attribute, value in values.items():
            field = _model_field(instance, attribute)
            if field is None:
                continue
            if value is None and not field.null and not field.is_relation:
                value = field.get_default()  # a blank optional cell: the field's empty value
            setattr(instance, attribute, value)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        if not import_validation_errors and instance.pk is not None:
            # Compare what would be saved: a blank cell of a derived column (level, «по
            # профилю») is derived again, so it is not a change.
            self.derive(instance)
        if super().skip_row(instance, original, row, import_validation_errors):
            return True
        if import_validation_errors is not None and not import_validation_errors:
            reason = self._lock_of(instance)
            if reason:
                import_validation_errors["date"] = [reason]
        return False

    def _lock_of(self, instance) -> str | None:
        """Why a new or changed record may not be saved: its half-year (or, for a record
        moved to another date, the one it leaves) is accepted and closed."""
        values, _ = self._cleaned.get(self._current_row, ({}, {}))
        if values.get("_locked"):
            return values["_locked"]
        original = self._originals.get(id(instance), {}).get("__period__")
        if self.school is not None and original and (self.school.pk, original) in self.locked:
            return lock_reason(self.school, Period.objects.select_related("academic_year")
                               .get(pk=original), self.user)
        return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            # References were resolved from preloaded lists: checking each foreign key
            # again would cost a query per key per row.
            exclude = [f.name for f in instance._meta.fields if f.is_relation or f.primary_key]
            try:
                instance.full_clean(exclude=exclude, validate_unique=False,
                                    validate_constraints=False)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        self.derive(instance)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None) -> None:
        if dry_run or not self.create_instances:
            self.create_instances.clear()  # the preview writes nothing
            return
        try:
            # A savepoint: if the database refuses (a record another request has just
            # saved), PostgreSQL can still answer the report's next queries.
            with transaction.atomic():
                self.save_related(self.create_instances)
                created = create_with_history(
                    self.create_instances, self._meta.model, batch_size=500,
                    user=self._history_user(), reason="загрузка из Excel",
                )
                bump()  # bulk_create sends no post_save: the figures' version is raised here
            self._saved.extend(obj.pk for obj in created)
        except Exception as exc:  # reported as the file's error; everything is rolled back
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None) -> None:
        if dry_run or not self.update_instances:
            self.update_instances.clear()
            return
        try:
            now = timezone.now()
            for instance in self.update_instances:
                instance.updated_at = now
            fields = [f.name for f in self._meta.model._meta.concrete_fields
                      if not f.primary_key and f.name not in {"created_at", "author", "school"}]
            with transaction.atomic():
                bulk_update_with_history(
                    self.update_instances, self._meta.model, fields, batch_size=500,
                    default_user=self._history_user(), default_change_reason="загрузка из Excel",
                )
                bump()
            self._saved.extend(obj.pk for obj in self.update_instances)
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.update_instances.clear()

    def save_related(self, instances: list) -> None:
        """Save objects the new records point to and the import created (events)."""

    def saved_ids(self, result) -> list[Any]:
        return list(self._saved)

    def _history_user(self):
        return self.user if getattr(self.user, "pk", None) else None


def _model_field(instance, attribute: str):
    try:
        field = instance._meta.get_field(attribute)
    except Exception:
        return None
    return field if field.concrete else None


class StudentRecordResource(RecordResource):
    """Base of the per-student registers: the student columns, found in the school."""

    row_noun = "запись об обучающемся"

    student_name = Column(
        "student__full_name", STUDENT_NAME, TextWidget(300), required=True,
        aliases=("ФИО", "Ф.И.О.", "Обучающийся", "ФИО ученика", "Ученик", "ФИО обучающегося (полностью)"),
        example="Образцова Анна Сергеевна",
        help_text="Фамилия, имя и отчество, как в списке обучающихся ОО.",
    )
    last_name = Column("student__last_name", "Фамилия", TextWidget(100), in_template=False)
    first_name = Column("student__first_name", "Имя", TextWidget(100), in_template=False)
    middle_name = Column("student__middle_name", "Отчество", TextWidget(100), in_template=False)
    birth_date = Column(
        "student__birth_date", "Дата рождения", DateWidget(), example="14.03.2011",
        help_text="дд.мм.гггг. По ФИО и дате рождения портал находит обучающегося в списке ОО.",
    )
    class_name = Column(
        "class_name", "Класс", TextWidget(10), example="7А",
        help_text="Класс на дату записи, например 7А. Если дата рождения не указана, "
                  "обучающийся ищется по классу и ФИО.",
    )

    def prepare(self) -> None:
        super().prepare()
        self.students = StudentFinder(self.school)
        self.current_year = AcademicYear.objects.current()

    def check_headers(self, found: set[str], header_row: int, filename: str,
                      sheet: str = "") -> None:
        if STUDENT_NAME not in found and {"Фамилия", "Имя"} <= found:
            found = found | {STUDENT_NAME}  # separate name columns are joined per row
        super().check_headers(found, header_row, filename, sheet)
        if "Дата рождения" not in found and "Класс" not in found:
            raise ImportFileError(
                f"В файле «{filename}» нет столбца «Дата рождения» или «Класс» "
                f"({header_place(sheet, header_row)}): по ним портал находит обучающегося. "
                "Добавьте хотя бы один из них или скачайте шаблон."
            )

    def clean_student(self, row: dict, values: dict[str, Any],
                      errors: dict[str, list[str]]) -> None:
        name = cell_text(row.get(STUDENT_NAME))
        if not name and cell_text(row.get("Фамилия")):
            name = " ".join(cell_text(row.get(k)) for k in ("Фамилия", "Имя", "Отчество")).strip()
        try:
            birth = DateWidget().clean(row.get("Дата рождения"))
        except ValueError as exc:
            errors["student__birth_date"] = [str(exc)]
            return
        try:
            klass = parse_class(row.get("Класс"))
        except ValueError as exc:
            if birth is None:
                errors["class_name"] = [str(exc)]
                return
            klass = None  # the birth date finds the student; the portal knows the class
        # A row whose date did not parse is still checked for its student, in this year.
        year = values.get("academic_year") or self.current_year
        try:
            student = self.students.find(name, birth, klass, year)
        except ValueError as exc:
            errors["student__full_name"] = [str(exc)]
            return
        values["student"] = student
        values["_class"] = klass

    def derive(self, instance) -> None:
        if instance.pk is None:
            klass = self._cleaned.get(self._current_row, ({}, {}))[0].get("_class")
            instance.take_snapshot(
                self.students.enrollment(instance.student, instance.academic_year),
                fallback=klass,
            )
            instance._snapshot_key = (instance.student_id, instance.academic_year_id)
        super().derive(instance)

    def describe(self, row: dict) -> str:
        name = cell_text(row.get(STUDENT_NAME)) or " ".join(
            cell_text(row.get(k)) for k in ("Фамилия", "Имя", "Отчество")).strip()
        klass = cell_text(row.get("Класс"))
        rest = [self.shown(c, row) for c in self.data_columns()[:2]]
        head = f"{name}, {klass}" if klass else name
        return " — ".join(p for p in [head, " ".join(r for r in rest if r)] if p)


def lookup(what: str, queryset_of, *keys: str, render_attr: str = "name") -> LookupWidget:
    """A reference column resolved from one list loaded per import.

    ``what`` is the genitive after «такого/такой»: «методики», «предприятия» …"""
    return LookupWidget(what, render_attr, source=queryset_of, keys=keys or (render_attr,),
                        not_found=f"{what} нет в справочнике портала (см. лист «Справочники» шаблона)")
