"""Section VI: was a management decision effective? Its target indicators — stored by
code in the roadmap app — measured before the decision and after it, by the catalogue."""

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


def windows(decision_date: dt.date, checked_on: dt.date | None = None) -> Window:
    """«До» — the last half-year finished before the decision; «после» — the last one
    finished by the check (today when the check has no date)."""
    check = checked_on or timezone.localdate()
    before = span_for_date(decision_date, SpanKind.HALF).previous()
    after = span_for_date(check, SpanKind.HALF).previous()
    if after.start <= before.start:
        after = span_for_date(check, SpanKind.HALF)
    return Window(before, after)


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
            )
        row.save()
    return unknown
