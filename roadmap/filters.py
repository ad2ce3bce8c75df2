"""List filters of the roadmap's registries (documents, meetings, decisions, …)."""

from __future__ import annotations

import django_filters
from django.utils import timezone

from monitoring.filters import ScopedFilterSet, StyledFilterSet
from monitoring.models import School

from .models import (
    Decision,
    Document,
    DocumentKind,
    InformationWork,
    Measure,
    Meeting,
    MeetingKind,
    MeetingLevel,
    Risk,
    Roadmap,
    normalize_search,
)

FIRST_YEAR = 2020


def year_choices() -> list[tuple[int, str]]:
    return [(y, str(y)) for y in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


def search_words(queryset, value: str):
    """Every word must be in the normalised ``search_text`` (case and ё/е ignored on both
    SQLite and PostgreSQL)."""
    for word in normalize_search(value).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class YearFilterMixin(django_filters.FilterSet):
    # ChoiceFilter (not TypedChoiceFilter) so the list starts with «Все».
    year = django_filters.ChoiceFilter(label="Год", field_name="date__year", choices=year_choices)


class DocumentFilterSet(YearFilterMixin, ScopedFilterSet):
    q = django_filters.CharFilter(label="Поиск по названию или номеру", method="search")
    kind = django_filters.ChoiceFilter(label="Вид", choices=DocumentKind.choices)
    status = django_filters.ChoiceFilter(label="Статус", choices=Document.Status.choices)
    school = django_filters.ModelChoiceFilter(
        label="ОО", queryset=School.objects.none(), null_label="Муниципальные"
    )
    measure = django_filters.ModelChoiceFilter(
        label="Мероприятие", field_name="measures", queryset=Measure.objects.none()
    )

    class Meta:
        model = Document
        fields = ["q", "kind", "status", "school", "year", "measure"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "measure" in self.filters and self.request is not None:
            roadmap = Roadmap.objects.for_user(self.request.user).current()
            self.filters["measure"].queryset = Measure.objects.filter(roadmap=roadmap).order_by(
                "position"
            )
        if self.request is not None and not self.request.user.sees_all_schools:
            # Coordinators see approved documents only: a status filter would be empty talk.
            self.filters.pop("status", None)

    def search(self, queryset, name, value):
        return search_words(queryset, value)


class MeetingFilterSet(YearFilterMixin, StyledFilterSet):
    q = django_filters.CharFilter(label="Поиск по теме", method="search")
    kind = django_filters.ChoiceFilter(label="Вид", choices=MeetingKind.choices)
    level = django_filters.ChoiceFilter(label="Уровень", choices=MeetingLevel.choices)
    status = django_filters.ChoiceFilter(label="Состояние", choices=Meeting.Status.choices)

    class Meta:
        model = Meeting
        fields = ["q", "year", "kind", "level", "status"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        return search_words(queryset, value)


class DecisionFilterSet(YearFilterMixin, StyledFilterSet):
    roadmap = django_filters.ModelChoiceFilter(label="Дорожная карта",
                                               queryset=Roadmap.objects.all())
    effect = django_filters.ChoiceFilter(label="Эффективность", choices=Decision.Effect.choices,
                                         null_label="ещё не проверена")

    class Meta:
        model = Decision
        fields = ["roadmap", "year", "effect"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class InformationWorkFilterSet(YearFilterMixin, StyledFilterSet):
    kind = django_filters.ChoiceFilter(label="Вид", choices=InformationWork.Kind.choices)
    audience = django_filters.ChoiceFilter(label="Аудитория",
                                           choices=InformationWork.Audience.choices)
    school = django_filters.ModelChoiceFilter(label="ОО", queryset=School.objects.all(),
                                              null_label="Муниципальные")

    class Meta:
        model = InformationWork
        fields = ["year", "kind", "audience", "school"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class RiskFilterSet(StyledFilterSet):
    roadmap = django_filters.ModelChoiceFilter(label="Дорожная карта",
                                               queryset=Roadmap.objects.all())

    class Meta:
        model = Risk
        fields = ["roadmap"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class RoadmapFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(label="Статус", choices=Roadmap.Status.choices)

    class Meta:
        model = Roadmap
        fields = ["status"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
