"""Section VI: was a management decision effective? Its target indicators — stored by
code in the roadmap app — measured before the decision and after it, by the catalogue.

«До» and «после» are the same half-year (I or II) of different academic years: autumn
against autumn, spring against spring. Adjacent half-years would read a seasonal rise
(diagnostics in the autumn, admissions in the summer) as the decision's effect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .registry import CATALOGUE
from .scope import Span, SpanKind, span_for_date
from .service import definitions, evaluate


@dataclass(frozen=True)
class Window:
    before: Span
    after: Span
    #: whether «после» had ended by the check (else the values after are preliminary)
    complete: bool = True


def windows(decision_date: dt.date, checked_on: dt.date | None = None) -> Window:
    """«До» — the last half-year finished before the decision; «после» — the same
    half-year of a later academic year: the latest one finished by the check (today when
    the check has no date), or, while none has finished, the first one after the
    decision (marked incomplete)."""
    check = checked_on or timezone.localdate()
    before = span_for_date(decision_date, SpanKind.HALF).previous()
    after = _year_later(before)
    while _year_later(after).end <= check:
        after = _year_later(after)
    return Window(before, after, complete=after.end <= check)


def _year_later(span: Span) -> Span:
    """The same half-year of the next academic year."""
    return span_for_date(span.start.replace(year=span.start.year + 1), SpanKind.HALF)


@transaction.atomic
def measure_decision(decision) -> list[str]:
    """Fill each target indicator's title, values before and after, and the target of the
    «after» year where ИМЦ left it empty. Returns the codes the catalogue does not know."""
    definitions()  # the catalogue is registered
    rows = list(decision.indicators.all())
    known = [r for r in rows if r.indicator_code in CATALOGUE]
    unknown = [r.indicator_code for r in rows if r.indicator_code not in CATALOGUE]
    if not known:
        return unknown
    window = windows(decision.date, decision.checked_on)
    codes = sorted({r.indicator_code for r in known})
    before = evaluate(window.before, codes=codes, schools=[], history=False)
    after = evaluate(window.after, codes=codes, schools=[], history=False)
    for row in known:
        definition = CATALOGUE[row.indicator_code]
        row.indicator_title = definition.name
        row.value_before = before.get(row.indicator_code).value
        now = after.get(row.indicator_code)
        row.value_after = now.value
        if row.target is None and now.target is not None:
            row.target = now.target
        if row.value_before is not None and row.value_after is not None:
            better = (row.value_after > row.value_before) == definition.higher_is_better
            same = row.value_after == row.value_before
            row.conclusion = (
                f"{window.before.label}: {row.value_before}, {window.after.label}: "
                f"{row.value_after} {definition.unit} — "
                + ("без изменений" if same else "улучшение" if better else "ухудшение")
                + ("" if window.complete else
                   f" (предварительно: {window.after.label} ещё не завершено)")
            )
        row.save()
    return unknown
