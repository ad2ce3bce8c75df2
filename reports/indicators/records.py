"""Which register records count for a span: one rule for the indicators, the register
summaries and the notes, so that they always give the same figures."""

from __future__ import annotations

from functools import cache

from django.db.models import Q

from .scope import Span, SpanKind, span_for_date


@cache
def yearly_models() -> frozenset[type]:
    from monitoring.registers.registry import registry

    return frozenset(entry.model for entry in registry if entry.yearly)


def in_span(model: type, span: Span) -> Q:
    """A record counts in a span when it is dated in it. A record of a yearly register (a
    program, a profile, a technoclass, a «Точка роста» course — entered once, usually in
    September) holds for its whole academic year, as the half-year submission counts it:
    it counts in every span of that year from its date on."""
    if model in yearly_models():
        first_year = span_for_date(span.start, SpanKind.ACADEMIC_YEAR).start.year
        return Q(date__lte=span.end, academic_year__start_year__gte=first_year)
    return Q(date__gte=span.start, date__lte=span.end)
