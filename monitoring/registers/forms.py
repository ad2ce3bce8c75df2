"""Forms of the registers: one record, and many records at once (mass entry).

The school is never a form field: it is the coordinator's school or the one chosen
before the form (see ``views.SchoolChoiceMixin``), and every list a form offers —
students, events, technoclasses — is limited to that school."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..bounds import id_param
from ..filters import NAME_FIELDS, spellings, with_enrollment
from ..models import AcademicYear, Period, School, Student
from .base import DUPLICATE
from .catalogs import GrowthPointCentre, Technoclass
from .locks import is_locked, lock_message

#: a school's own reference lists: when it has one entry, the form picks it
SCHOOL_OWNED = (GrowthPointCentre, Technoclass)

#: Above this many students of the school, the student picker lists only the chosen one
#: and loads the rest as one types (``StudentPicker.load_url``): a region's large school
#: has 6,000, and writing 6,000 options cost ~445 ms of a form page, half a megabyte, and
#: as many DOM nodes in the browser. The district's schools (tens to a few hundred
#: students) keep the whole list, which also works without JavaScript.
STUDENT_LIST_LIMIT = 1000
#: how many students the picker's endpoint returns for one query
STUDENT_PICK_LIMIT = 50
#: what the picker says under a list it loads as one types, and without JavaScript (where
#: the list holds only the chosen student): the way that still works, if the register has it
STUDENT_LOAD_HELP = "Начните вводить класс или фамилию — список подгружается по мере ввода."
STUDENT_NOSCRIPT_NOTE = "Для выбора из большого списка включите JavaScript или выберите класс в массовом вводе."
STUDENT_NOSCRIPT_NOTE_NO_MASS = ("Для выбора из большого списка включите JavaScript "
                                 "или загрузите записи из Excel.")

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


def student_label(student: Student) -> str:
    """How a student reads in a choice list: name and birth date (namesakes differ by it)."""
    return f"{student.full_name} ({student.birth_date:%d.%m.%Y})"


#: a word of the query that names a class: «7а», «7», «10Б», «7-а», «7«А»»
CLASS_WORD = re.compile(r"\W*(\d{1,2})\W*([^\W\d_]{0,3})\W*")


def search_students(school: School | None, query: str):
    """The school's students matching what one types into the picker, in the list's order.

    Like the full list's search in the browser: every word must match, either the class
    («7а»: grade and letter; «7»: the grade) or the start of the last, first or middle
    name, whatever the case — «7а обр» finds Образцову of 7А. A one-letter word may
    also be the class letter («7 а обр»)."""
    students = students_of(school)
    for word in query.split()[:6]:
        condition = Q()
        klass = CLASS_WORD.fullmatch(word)
        if klass:
            grade, letter = klass.groups()
            condition = Q(grade=int(grade))
            if letter:
                condition &= Q(class_letter__in=spellings(letter))
        else:
            for variant in spellings(word):
                for name in NAME_FIELDS:
                    condition |= Q(**{f"{name}__istartswith": variant})
            if len(word) == 1 and word.isalpha():
                condition |= Q(class_letter__in=spellings(word))
        students = students.filter(condition)
    return students


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
    """A school's students grouped by class — class first, then name: «7а обр».

    With ``load_url`` (a school above ``STUDENT_LIST_LIMIT``) the list holds only the
    chosen student; ``portal/student-picker.js`` loads the others from that URL as one
    types, and without JavaScript a note under the list says what to do instead."""

    placeholder = "Начните вводить класс или фамилию"
    load_url: str | None = None
    noscript_note = STUDENT_NOSCRIPT_NOTE

    def load_from(self, url: str, noscript_note: str = STUDENT_NOSCRIPT_NOTE) -> None:
        self.load_url = url
        self.noscript_note = noscript_note
        self.attrs["data-load-url"] = url

    def chosen_choices(self, value: list[str]) -> Iterator[tuple[Any, str]]:
        """The empty choice and the chosen student(s) only: the one query of the list is
        limited to their ids (of this school: a posted id of another school shows none)."""
        iterator = self.choices  # the field's ModelChoiceIterator: its queryset and labels
        if iterator.field.empty_label is not None:
            yield "", iterator.field.empty_label
        ids = [pk for pk in map(id_param, value) if pk is not None]
        if ids:
            for student in iterator.queryset.filter(pk__in=ids):
                yield iterator.choice(student)

    def optgroups(self, name, value, attrs=None):
        groups: list = []
        by_label: dict[str, list] = {}
        chosen = {str(v) for v in value}
        choices = self.chosen_choices(value) if self.load_url else self.choices
        for index, (option_value, label) in enumerate(choices):
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

    def render(self, name, value, attrs=None, renderer=None) -> str:
        html = super().render(name, value, attrs, renderer)
        if self.load_url:
            # Without JavaScript the list holds only the chosen student: say so, honestly.
            html += format_html('<noscript><div class="form-text text-danger">{}</div></noscript>',
                                self.noscript_note)
        return mark_safe(html)


class StudentChoiceField(forms.ModelChoiceField):
    widget = StudentPicker

    def label_from_instance(self, obj: Student) -> str:
        return student_label(obj)

    def load_as_typed(self, school: School, mass_entry: bool = True) -> None:
        """Offer the school's students from the picker's endpoint instead of in the page.
        Validation is the same: the queryset stays the school's students."""
        url = f"{reverse('monitoring:student_pick')}?{urlencode({'school': school.pk})}"
        self.widget.load_from(url, STUDENT_NOSCRIPT_NOTE if mass_entry else STUDENT_NOSCRIPT_NOTE_NO_MASS)
        self.help_text = STUDENT_LOAD_HELP


class RecordForm(forms.ModelForm):
    """Base of every register form: lists limited to the school, the lock and duplicate
    checks done here so that every path through a form obeys them."""

    #: whether the register also has mass entry by class (set by the registry): without
    #: JavaScript a large school's student picker points there
    mass_entry: bool = False

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
                self.fields[name] = picker = StudentChoiceField(
                    queryset=students_of(school), label=field.label,
                    empty_label="— выберите обучающегося —",
                    help_text="Сначала класс, затем фамилия: например, «7а обр».",
                    error_messages={"invalid_choice": "Выберите обучающегося из списка.",
                                    "required": "Выберите обучающегося."},
                )
                if (school is not None and Student.objects.filter(school=school).count()
                        > STUDENT_LIST_LIMIT):
                    picker.load_as_typed(school, mass_entry=self.mass_entry)
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
