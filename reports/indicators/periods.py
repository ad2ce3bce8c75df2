"""Periods as people pick and read them: the grouped choice of half-years, academic years
and calendar years, Russian short names («I полугодие 2025/26»), and the period a page
opens on — the latest one that has data, never an empty page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from .records import in_span
from .scope import Span, SpanKind, parse_span, span_for_date

#: the first academic year the portal offers (the roadmap's data start in 2020/2021)
FIRST_START_YEAR = 2020
#: how many half-years back a page looks for data before giving up on an empty default
LOOK_BACK = 8


def short_label(span: Span) -> str:
    """«I полугодие 2025/26», «2025/26 учебный год», «2025 год»."""
    if span.kind == SpanKind.CALENDAR_YEAR:
        return f"{span.code} год"
    years = span.code.split("-")[0]
    start, end = years.split("/")
    academic = f"{start}/{end[2:]}"
    if span.kind == SpanKind.ACADEMIC_YEAR:
        return f"{academic} учебный год"
    half = "I" if span.code.endswith("-1") else "II"
    return f"{half} полугодие {academic}"


def label_of(code: str) -> str:
    """The short Russian name of a period code; the code itself when it is not one."""
    try:
        return short_label(parse_span(code))
    except ValueError:
        return code


def span_choices(today: dt.date | None = None, first: int = FIRST_START_YEAR,
                 extra: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """The grouped choices of a period picker, newest first, only periods already begun.
    ``extra`` (a valid code outside the range, e.g. from an old link) is added to its group."""
    today = today or timezone.localdate()
    current = span_for_date(today, SpanKind.ACADEMIC_YEAR).start.year
    halves, academic, calendar = [], [], []
    for start in range(current, first - 1, -1):
        for half in (2, 1):
            span = parse_span(f"{start}/{start + 1}-{half}")
            if span.start <= today:
                halves.append(span)
        academic.append(parse_span(f"{start}/{start + 1}"))
    for year in range(today.year, first - 1, -1):
        calendar.append(parse_span(str(year)))
    groups = {SpanKind.HALF: halves, SpanKind.ACADEMIC_YEAR: academic,
              SpanKind.CALENDAR_YEAR: calendar}
    if extra:
        try:
            span = parse_span(extra)
        except ValueError:
            span = None
        if span is not None and span not in groups[span.kind]:
            groups[span.kind].append(span)
    titles = {SpanKind.HALF: "Полугодия", SpanKind.ACADEMIC_YEAR: "Учебные годы",
              SpanKind.CALENDAR_YEAR: "Календарные годы"}
    return [(titles[kind], [(s.code, short_label(s)) for s in spans])
            for kind, spans in groups.items()]


def latest_span_with_data(querysets: Iterable, today: dt.date | None = None) -> Span:
    """The half-year a page opens on: the last finished one if it has records in any of
    ``querysets`` (register records), else the latest earlier one that has; the current
    half-year when only it has data; the last finished one when there is none at all.

    Each step is an EXISTS per register, stopping at the first hit."""
    today = today or timezone.localdate()
    querysets = list(querysets)
    current = span_for_date(today, SpanKind.HALF)

    def has_data(span: Span) -> bool:
        return any(qs.filter(in_span(qs.model, span)).exists() for qs in querysets)

    span = current.previous()
    for _ in range(LOOK_BACK):
        if has_data(span):
            return span
        span = span.previous()
    return current if has_data(current) else current.previous()
