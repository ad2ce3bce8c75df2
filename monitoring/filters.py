from __future__ import annotations

import django_filters
from django.db.models import OuterRef, Q, Subquery

from .models import GRADE_MAX, GRADE_MIN, AcademicYear, Enrollment, School, Sex, Staff, Student

YES_NO = [("1", "да"), ("0", "нет")]


NAME_FIELDS = ("last_name", "first_name", "middle_name")


def spellings(word: str) -> set[str]:
    """The usual spellings of a Cyrillic word: as typed, lower, Capitalised, UPPER, each
    with е and ё. SQLite compares only ASCII case-insensitively (``icontains`` of «обр»
    misses «Образцова»), so a search tries each of them."""
    forms = {word, word.lower(), word.capitalize(), word.upper()}
    return forms | {f.replace("е", "ё").replace("Е", "Ё") for f in forms} | {
        f.replace("ё", "е").replace("Ё", "Е") for f in forms
    }


def name_search(queryset, value: str, fields: tuple[str, ...] = NAME_FIELDS):
    """Every word of the query must match a part of the name: «иван петр» finds Иванов Пётр.

    ``fields`` lets other lists search the same way, e.g. a register record by its
    student's name and its own text fields."""
    for word in value.split():
        condition = Q()
        for variant in spellings(word):
            for name in fields:
                condition |= Q(**{f"{name}__icontains": variant})
        queryset = queryset.filter(condition)
    return queryset


def style_form(form) -> None:
    """Bootstrap classes on every widget of a filter form (compact, for a filter bar)."""
    for field in form.fields.values():
        widget = field.widget
        if widget.__class__.__name__.endswith("Select"):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs.setdefault("class", css)


class StyledFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            style_form(form)
            form._styled = True
        return form


class ScopedFilterSet(StyledFilterSet):
    """Filter sets whose school choices are the user's own schools."""

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        if "school" in self.filters and request is not None:
            schools = School.objects.for_user(request.user)
            self.filters["school"].queryset = schools
            if not request.user.sees_all_schools and len(request.user.school_ids) < 2:
                del self.filters["school"]


def with_enrollment(queryset, year: AcademicYear):
    """Annotate students with their grade and letter in ``year`` (one query, no N+1)."""
    enrollment = Enrollment.objects.filter(student=OuterRef("pk"), academic_year=year)
    return queryset.annotate(
        grade=Subquery(enrollment.values("grade")[:1]),
        class_letter=Subquery(enrollment.values("class_letter")[:1]),
    )


class StudentFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="Поиск по ФИО", method="search")
    school = django_filters.ModelChoiceFilter(label="ОО", queryset=School.objects.none())
    grade = django_filters.ChoiceFilter(
        label="Класс", choices=[(g, str(g)) for g in range(GRADE_MIN, GRADE_MAX + 1)]
    )
    class_letter = django_filters.CharFilter(label="Литера", method="filter_letter")
    sex = django_filters.ChoiceFilter(label="Пол", choices=Sex.choices)
    has_ovz = django_filters.ChoiceFilter(label="ОВЗ", choices=YES_NO, method="filter_bool")
    is_disabled = django_filters.ChoiceFilter(
        label="Ребёнок-инвалид", choices=YES_NO, method="filter_bool"
    )
    status = django_filters.ChoiceFilter(label="Статус", choices=Student.Status.choices)

    class Meta:
        model = Student
        fields = ["q", "school", "grade", "class_letter", "sex", "has_ovz", "is_disabled",
                  "status"]

    def search(self, queryset, name, value):
        return name_search(queryset, value)

    def filter_letter(self, queryset, name, value):
        return queryset.filter(class_letter__iexact=value.strip())

    def filter_bool(self, queryset, name, value):
        return queryset.filter(**{name: value == "1"})


class StaffFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="Поиск по ФИО или должности", method="search")
    school = django_filters.ModelChoiceFilter(label="ОО", queryset=School.objects.none())
    category = django_filters.ChoiceFilter(label="Категория", choices=Staff.Category.choices)
    role = django_filters.ChoiceFilter(
        label="Роль",
        choices=[("is_class_teacher", "классный руководитель"),
                 ("is_specialist", "узкий специалист"), ("is_tutor", "тьютор")],
        method="filter_role",
    )
    is_working = django_filters.ChoiceFilter(
        label="Работает", choices=YES_NO, method="filter_working"
    )

    class Meta:
        model = Staff
        fields = ["q", "school", "category", "role", "is_working"]

    def search(self, queryset, name, value):
        by_name = name_search(queryset, value)
        return by_name | queryset.filter(position__icontains=value.strip())

    def filter_role(self, queryset, name, value):
        return queryset.filter(**{value: True})

    def filter_working(self, queryset, name, value):
        return queryset.filter(is_working=value == "1")


class SchoolFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="Поиск", field_name="short_name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="Тип", choices=School.Kind.choices)
    has_growth_point = django_filters.BooleanFilter(label="«Точка роста»")

    class Meta:
        model = School
        fields = ["q", "kind", "has_growth_point"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
