"""List filters of the registers, built from the registry: the common ones (school,
academic year, half-year, grade, ОВЗ, text) plus a register's own."""

from __future__ import annotations

from typing import Any

import django_filters

from ..filters import NAME_FIELDS, YES_NO, ScopedFilterSet, name_search
from ..models import GRADE_MAX, GRADE_MIN, AcademicYear, Period, School

STUDENT_NAME_FIELDS = tuple(f"student__{name}" for name in NAME_FIELDS)


class RecordFilterSet(ScopedFilterSet):
    """Filters of a school's dated records (events, agreements, sessions)."""

    q = django_filters.CharFilter(label="Поиск", method="search")
    school = django_filters.ModelChoiceFilter(label="ОО", queryset=School.objects.none())
    academic_year = django_filters.ModelChoiceFilter(
        label="Учебный год", queryset=AcademicYear.objects.order_by("-start_year"))
    half = django_filters.ChoiceFilter(label="Полугодие", choices=Period.Half.choices,
                                       method="filter_half")

    #: text fields the search looks in, set by the factory from the registry entry
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        return name_search(queryset, value, self.search_fields) if self.search_fields else queryset

    def filter_half(self, queryset, name, value):
        return queryset.filter(period__half=value)

    def filter_bool(self, queryset, name, value):
        return queryset.filter(**{name: value == "1"})


class StudentRecordFilterSet(RecordFilterSet):
    """Filters of a per-student register: the above plus grade and ОВЗ at that time."""

    q = django_filters.CharFilter(label="Поиск по ФИО и тексту", method="search")
    grade = django_filters.ChoiceFilter(
        label="Класс", choices=[(g, str(g)) for g in range(GRADE_MIN, GRADE_MAX + 1)])
    has_ovz = django_filters.ChoiceFilter(label="ОВЗ", choices=YES_NO, method="filter_bool")

    def search(self, queryset, name, value):
        # A word may be in the name or in the register's own text; every word must match.
        fields = STUDENT_NAME_FIELDS + self.search_fields
        return name_search(queryset, value, fields)


class MunicipalFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search")
    year = django_filters.NumberFilter(label="Год")

    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        return name_search(queryset, value, self.search_fields) if self.search_fields else queryset


def make_filterset(register) -> type[django_filters.FilterSet]:
    """The filter set of a registry entry: the base for its kind plus its own filters."""
    base = {"student": StudentRecordFilterSet, "school": RecordFilterSet,
            "municipal": MunicipalFilterSet}[register.kind]
    attrs: dict[str, Any] = dict(register.filters)
    attrs["search_fields"] = register.search_fields
    names = [*base.base_filters, *register.filters]
    attrs["Meta"] = type("Meta", (), {"model": register.model, "fields": names})
    return type(f"{register.model.__name__}FilterSet", (base,), attrs)


def choice_filter(label: str, choices, field_name: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, field_name=field_name)


def reference_filter(label: str, queryset, field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(label=label, queryset=queryset, field_name=field_name)

