"""Forms of the registers: one record, and many records at once (mass entry).

The school is never a form field: it is the coordinator's school or the one chosen
before the form (see ``views.SchoolChoiceMixin``), and every list a form offers —
students, events, technoclasses — is limited to that school."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F, Q

from ..filters import with_enrollment
from ..models import AcademicYear, Period, School, Student
from .base import DUPLICATE
from .catalogs import GrowthPointCentre, Technoclass
from .locks import is_locked, lock_message

#: a school's own reference lists: when it has one entry, the form picks it
SCHOOL_OWNED = (GrowthPointCentre, Technoclass)

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "дд.мм.гггг", "autocomplete": "off"},
                              format="%d.%m.%Y")


def students_of(school: School | None):
    """The school's students, current class first, graduates after, for a choice list."""
    if school is None:
        return Student.objects.none()
    # What the list shows of each (a large school has 6,000): the rest is read when used.
    students = with_enrollment(
        Student.objects.filter(school=school).only(
            "school", "last_name", "first_name", "middle_name", "birth_date", "status"),
        AcademicYear.objects.current())
    return students.order_by(F("grade").asc(nulls_last=True), "class_letter", "last_name",
                             "first_name", "middle_name")


def class_of(student: Student) -> str:
    grade = getattr(student, "grade", None)
    return f"{grade}{getattr(student, 'class_letter', '') or ''}" if grade else student.get_status_display()


class SearchableSelect(forms.Select):
    """A long list one can type into. Without JavaScript it is a plain list; with it,
    Tom Select (vendored, static/vendor/tom-select) filters as one types. No inline
    script: the page loads ``portal/student-picker.js`` through the form's media."""

    placeholder = "Начните вводить"

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/tom-select.complete.min.js", "portal/student-picker.js"]

    def __init__(self, attrs: dict | None = None, choices=()) -> None:
        super().__init__({"data-searchable": "1", "autocomplete": "off",
                          "data-placeholder": self.placeholder, **(attrs or {})}, choices)


class StudentPicker(SearchableSelect):
    """A school's students grouped by class — class first, then name: «7а обр»."""

    placeholder = "Начните вводить класс или фамилию"

    def optgroups(self, name, value, attrs=None):
        groups: list = []
        by_label: dict[str, list] = {}
        chosen = {str(v) for v in value}
        for index, (option_value, label) in enumerate(self.choices):
            instance = getattr(option_value, "instance", None)
            group = class_of(instance) if instance is not None else ""
            if group not in by_label:
                by_label[group] = []
                groups.append((group or None, by_label[group], index))
            option = self.create_option(name, option_value, label, str(option_value) in chosen,
                                        index, attrs=attrs)
            if instance is not None:
                option["attrs"]["data-klass"] = group
            by_label[group].append(option)
        return groups


class StudentChoiceField(forms.ModelChoiceField):
    widget = StudentPicker

    def label_from_instance(self, obj: Student) -> str:
        return f"{obj.full_name} ({obj.birth_date:%d.%m.%Y})"


class RecordForm(forms.ModelForm):
    """Base of every register form: lists limited to the school, the lock and duplicate
    checks done here so that every path through a form obeys them."""

    def __init__(self, *args: Any, school: School | None = None, user=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.school = school
        self.user = user
        if school is not None and hasattr(self.instance, "school_id"):
            self.instance.school = school
        self._original_period_id = getattr(self.instance, "period_id", None) if self.instance.pk else None
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DATE_WIDGET
            if (not isinstance(field, forms.ModelChoiceField)
                    or isinstance(field, forms.ModelMultipleChoiceField)):
                continue  # the mass form's ticks are limited to the class by the view
            field.error_messages["invalid_choice"] = "Выберите значение из списка."
            model = field.queryset.model
            if model is Student:
                self.fields[name] = StudentChoiceField(
                    queryset=students_of(school), label=field.label,
                    empty_label="— выберите обучающегося —",
                    help_text="Сначала класс, затем фамилия: например, «7а обр».",
                    error_messages={"invalid_choice": "Выберите обучающегося из списка.",
                                    "required": "Выберите обучающегося."},
                )
                continue
            queryset = field.queryset
            if any(f.name == "school" for f in model._meta.fields):
                queryset = queryset.filter(school=school) if school else queryset.none()
                if model in SCHOOL_OWNED and not self.instance.pk and self.initial.get(name) is None:
                    only = list(queryset.filter(is_active=True)[:2])
                    if len(only) == 1:
                        self.initial[name] = only[0].pk  # the school's one centre, one class
            if any(f.name == "is_active" for f in model._meta.fields):
                current = getattr(self.instance, f"{name}_id", None)
                queryset = queryset.filter(Q(is_active=True) | Q(pk=current))
            field.queryset = queryset
        if "date" in self.fields and "lesson" in self.fields:
            self.fields["date"].required = False  # the lesson's own date by default
            self.fields["date"].help_text = "Пусто — дата урока."

    def record_date(self, data: dict[str, Any]):
        """The date the record will have: typed, or the event's or the lesson's."""
        day = data.get("date")
        for name in ("event", "lesson"):
            if day is None and data.get(name) is not None:
                day = data[name].date
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = " ".join(value.split())  # what the database's rule compares
        # The lock first: in an accepted half-year nothing else about the record matters.
        school_id = getattr(self.instance, "school_id", None)
        day = self.record_date(data) if school_id else None
        periods = {self._original_period_id}
        if day is not None:
            periods.add(Period.objects.for_date(day).pk)
        for period_id in periods - {None}:
            if is_locked(school_id, period_id):
                period = Period.objects.select_related("academic_year").get(pk=period_id)
                raise forms.ValidationError(lock_message(self.instance.school, period, self.user))
        return data

    def _update_errors(self, errors: ValidationError) -> None:
        # A record's own checks may name a field this form does not show (the date of
        # a participant is the event's): the user reads it above the form instead of
        # the page failing.
        if hasattr(errors, "error_dict"):
            shown: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                key = name if name == NON_FIELD_ERRORS or name in self.fields else NON_FIELD_ERRORS
                shown.setdefault(key, []).extend(messages)
            errors = ValidationError(shown)
        super()._update_errors(errors)

    def _post_clean(self) -> None:
        super()._post_clean()
        if self._errors:
            return
        instance = self.instance
        if getattr(instance, "date", None) and hasattr(instance, "period_id"):
            instance.assign_period(Period.objects.for_date(instance.date))
        if instance.identity_fields and instance.duplicates().exists():
            self.add_error(None, DUPLICATE)

    def save(self, commit: bool = True):
        instance = super().save(commit=False)
        if instance.pk is None and hasattr(instance, "author_id") and getattr(self.user, "pk", None):
            instance.author = self.user
        if commit:
            instance.save()
        return instance


class GraduateStatusForm(RecordForm):
    """A status belongs to an admission; its student is the admission's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["admission"]
        field.widget = SearchableSelect(choices=field.choices)
        field.queryset = field.queryset.select_related("student", "institution", "specialty")
        field.label_from_instance = lambda a: (
            f"{a.student.full_name} — {a.institution}, {a.specialty.code} ({a.date:%Y})")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("admission") is not None:
            self.instance.student = data["admission"].student
        return data


class MassEntryForm(RecordForm):
    """The register's own fields once, for every ticked student of a class."""

    students = forms.ModelMultipleChoiceField(
        label="Обучающиеся", queryset=Student.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Отметьте хотя бы одного обучающегося.",
                        "invalid_choice": "Обучающийся не найден в выбранном классе."},
    )

    def __init__(self, *args: Any, class_students=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = class_students if class_students is not None else Student.objects.none()
        self.fields["students"].label_from_instance = lambda s: f"{s.full_name} ({s.birth_date:%d.%m.%Y})"

    def _post_clean(self) -> None:
        # One record per student is built by the view; the lock was checked in clean().
        forms.ModelForm._post_clean(self)
        if self._errors:
            return
        instance = self.instance
        if getattr(instance, "date", None):
            instance.assign_period(Period.objects.select_related("academic_year").get(
                pk=Period.objects.for_date(instance.date).pk))
