"""Sorting of every list by its columns: django-filter's OrderingFilter, one «sort»
parameter, header links that sort up then down and keep the filters.

``ObjectListView`` adds the filter to whatever filter set a list declares
(:func:`with_ordering`); lists that are not object lists (report jobs, recommendations)
use :class:`SortableListMixin`. A column sorts by the fields ``Col.ordering`` names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django_filters import OrderingFilter

if TYPE_CHECKING:
    from .views_generic import Col

SORT_PARAM = "sort"


class ColumnOrderingFilter(OrderingFilter):
    """django-filter's OrderingFilter where one parameter may sort by several fields (ФИО is
    last name, first name, patronymic) and an unknown value is ignored, not an error (a
    stale bookmark must still show the list). The primary key breaks ties, so pages of a
    sorted list never repeat or skip a row."""

    def __init__(self, *args: Any, columns: dict[str, tuple[str, ...]], **kwargs: Any) -> None:
        self.columns = columns
        kwargs["fields"] = [(param, param) for param in columns]
        kwargs.setdefault("label", "Сортировка")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering: list[str] = []
        for param in value:
            descending = param.startswith("-")
            fields = self.columns.get(param.lstrip("-"), ())
            ordering += [f"-{f}" if descending else f for f in fields]
        return qs.order_by(*ordering, "pk") if ordering else qs


def sort_columns(model: type, columns: Sequence[Col]) -> dict[str, tuple[str, ...]]:
    """{parameter: fields} of the columns that can be sorted; the parameter is the first
    field, so a URL reads «?sort=-date»."""
    result = {}
    for column in columns:
        fields = column.ordering(model)
        if fields:
            result[fields[0]] = fields
    return result


def clean_sort(data, columns: dict[str, tuple[str, ...]]):
    """The query without a sort value no column has (instead of an empty, invalid list)."""
    value = data.get(SORT_PARAM)
    if value is not None and value.lstrip("-") not in columns:
        data = data.copy()
        data.pop(SORT_PARAM)
    return data


@cache
def with_ordering(filterset_class: type, columns: tuple[tuple[str, tuple[str, ...]], ...]) -> type:
    """The filter set plus a «sort» OrderingFilter over the list's sortable columns."""
    ordering = ColumnOrderingFilter(columns=dict(columns))
    meta = type("Meta", (getattr(filterset_class, "Meta", object),), {})
    return type(filterset_class.__name__, (filterset_class,),
                {SORT_PARAM: ordering, "Meta": meta})


class SortableListMixin:
    """Sorting for a list that is not an ``ObjectListView`` (report jobs, recommendations):
    the same «sort» OrderingFilter and the same header links. ``sort_columns`` lists
    (header, fields) in the table's order; fields None: the column does not sort."""

    sort_columns: list[tuple[str, tuple[str, ...] | None]] = []

    def sortable(self) -> dict[str, tuple[str, ...]]:
        return {fields[0]: fields for _, fields in self.sort_columns if fields}

    def sort(self, queryset):
        columns = self.sortable()
        value = clean_sort(self.request.GET, columns).get(SORT_PARAM)
        return ColumnOrderingFilter(columns=columns).filter(queryset, [value] if value else [])

    def headers(self) -> list[Header]:
        return sort_headers(self.request, [(title, fields[0] if fields else None)
                                           for title, fields in self.sort_columns])

    def page_query(self) -> str:
        """The query without the page: what pagination links keep (filters, sorting)."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()


@dataclass(frozen=True)
class Header:
    """A column header of a list; ``url`` re-sorts the list by it (None: not sortable)."""

    title: str
    url: str | None = None
    direction: str | None = None  # "asc" / "desc" when the list is sorted by this column

    @property
    def next_label(self) -> str:
        return "по убыванию" if self.direction == "asc" else "по возрастанию"


def sort_headers(request, titles_and_params: Sequence[tuple[str, str | None]]) -> list[Header]:
    """Headers with links that sort by each sortable column: a first click sorts up, the
    next one down; filters and everything else in the query are kept, the page is not."""
    current = request.GET.get(SORT_PARAM, "")
    headers = []
    for title, param in titles_and_params:
        if not param:
            headers.append(Header(title))
            continue
        direction = "asc" if current == param else "desc" if current == f"-{param}" else None
        query = request.GET.copy()
        query.pop("page", None)
        query[SORT_PARAM] = f"-{param}" if direction == "asc" else param
        headers.append(Header(title, f"?{query.urlencode()}", direction))
    return headers
