"""Measures closed by the portal's own products.

A measure whose ``product`` is set is fulfilled by what the portal already holds: an
approved analytical report closes 4.1 for the year it reports on, a management decision
with an order closes 5.1 for its year, and so on. Each product kind has a *provider*: a
function that, for a roadmap's measures of that kind, returns the dated evidence — one
query per kind whatever the number of measures. The board (``services.board``) assigns the
evidence to occurrences; a manual execution still overrides (it records who and why).

Providers of the kinds the roadmap app holds are registered below; ``reports`` registers
«recommendations» from its ``AppConfig.ready`` (the roadmap never imports ``reports``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone

from .deadlines import Occurrence
from .models import (
    Decision,
    Document,
    GeneratedKind,
    InformationWork,
    Measure,
    ProductKind,
    TrainingParticipation,
    TrainingPlanItem,
)


@dataclass(frozen=True)
class ProductEvent:
    """A product that fulfils a measure for ``year``: what, when it appeared, where to see it."""

    year: int
    date: date
    label: str
    url: str = ""


#: (measures of one kind, first year, last year) → {measure pk: events}
Provider = Callable[[Sequence[Measure], int, int], dict[int, list[ProductEvent]]]

_PROVIDERS: dict[str, Provider] = {}

#: kinds that are a continuing activity: a span «2021–2023» needs evidence in every year
#: (a decision each year, training each year); a document closes its span once.
CONTINUING = {ProductKind.MONITORING, ProductKind.MONITORING_REPORT, ProductKind.CLUSTER_ANALYSIS,
              ProductKind.RECOMMENDATIONS, ProductKind.DECISIONS, ProductKind.TRAINING,
              ProductKind.INFORMATION_WORK}


def register_product(kind: str, provider: Provider | None) -> Provider | None:
    """Register (None: remove) the provider of a product kind; returns the previous one."""
    previous = _PROVIDERS.get(kind)
    if provider is None:
        _PROVIDERS.pop(kind, None)
    else:
        _PROVIDERS[kind] = provider
    return previous


def events_for(measures: Iterable[Measure], year_start: int, year_end: int
               ) -> dict[int, list[ProductEvent]]:
    """Evidence of every measure that has a product, one provider call per kind used."""
    by_kind: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures:
        if measure.product:
            by_kind[measure.product].append(measure)
    events: dict[int, list[ProductEvent]] = defaultdict(list)
    for kind, items in by_kind.items():
        provider = _PROVIDERS.get(kind)
        if provider is None:
            continue
        for measure_pk, found in provider(items, year_start, year_end).items():
            events[measure_pk].extend(found)
    for found in events.values():
        found.sort(key=lambda e: (e.year, e.date, e.label))
    return events


def assign_products(occurrences: Sequence[Occurrence], events: Sequence[ProductEvent],
                    *, span: bool = False) -> tuple[dict[str, list[ProductEvent]], dict[str, date]]:
    """Which evidence closes which occurrence, and on what date.

    An event fulfils the occurrences whose calendar years include its ``year``, earliest
    due first, one occurrence per event (two meetings close «не менее 2 раз в год», one
    does not). A span («2021–2023») is a continuing activity: it is closed only when every
    one of its years has evidence, on the date of the last year's first event; before that
    its evidence is shown, but the occurrence stays open."""
    evidence: dict[str, list[ProductEvent]] = defaultdict(list)
    closed: dict[str, date] = {}
    if span:
        return _assign_span(occurrences, events)
    pending = sorted(occurrences, key=lambda o: (o.due, o.start, o.key))
    for event in sorted(events, key=lambda e: (e.year, e.date)):
        for occurrence in pending:
            if occurrence.key in closed:
                continue
            if occurrence.start.year <= event.year <= occurrence.due.year:
                evidence[occurrence.key].append(event)
                closed[occurrence.key] = event.date
                break
    return evidence, closed


def _assign_span(occurrences: Sequence[Occurrence], events: Sequence[ProductEvent]
                 ) -> tuple[dict[str, list[ProductEvent]], dict[str, date]]:
    evidence: dict[str, list[ProductEvent]] = defaultdict(list)
    closed: dict[str, date] = {}
    for occurrence in occurrences:
        years = range(occurrence.start.year, occurrence.due.year + 1)
        firsts: dict[int, date] = {}
        for event in sorted(events, key=lambda e: (e.year, e.date)):
            if event.year in years:
                evidence[occurrence.key].append(event)
                firsts.setdefault(event.year, event.date)
        if all(year in firsts for year in years):
            closed[occurrence.key] = max(firsts.values())
    return evidence, closed


def missing_years(occurrence: Occurrence, events: Sequence[ProductEvent]) -> list[int]:
    """The years of a span occurrence that have no evidence yet."""
    have = {e.year for e in events}
    return [y for y in range(occurrence.start.year, occurrence.due.year + 1) if y not in have]


# ------------------------------------------------------------------ the roadmap's providers


def _short(text: str, limit: int = 90) -> str:
    """A title cut to a line, with «…» where it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _by_measure(measures: Sequence[Measure], make: Callable[[Measure], list[ProductEvent]]
                ) -> dict[int, list[ProductEvent]]:
    return {m.pk: make(m) for m in measures}


def _documents(measures, year_start, year_end):
    """Approved registry documents linked to the measure close it for the year of their date."""
    links = Document.measures.through.objects.filter(
        measure__in=measures, document__status=Document.Status.APPROVED,
        document__date__year__gte=year_start, document__date__year__lte=year_end + 1,
    ).values_list("measure_id", "document_id", "document__date", "document__kind",
                  "document__number", "document__title")
    events: dict[int, list[ProductEvent]] = defaultdict(list)
    for measure_id, pk, day, _kind, number, title in links:
        numbered = f"№ {number} " if number else ""
        events[measure_id].append(ProductEvent(
            day.year, day, f"документ {numbered}от {day:%d.%m.%Y} «{_short(title)}»",
            reverse("roadmap:document_detail", args=[pk]),
        ))
    return events


def _generated(kind: str):
    def provider(measures, year_start, year_end):
        documents = Document.objects.filter(
            generated_kind=kind, status=Document.Status.APPROVED, school__isnull=True,
            date__year__gte=year_start,
        ).order_by("date", "pk")
        found = [ProductEvent(d.fulfils_year, d.date,
                              f"{d.get_kind_display()} {d.period_code} утверждён(а) в реестр "
                              f"{d.date:%d.%m.%Y}", d.get_absolute_url())
                 for d in documents if year_start <= d.fulfils_year <= year_end]
        return _by_measure(measures, lambda m: list(found))
    return provider


def _dated_rows(queryset, year_start: int, year_end: int, what: str, url_name: str
                ) -> dict[int, list[ProductEvent]]:
    """Rows linked to the measures (``measure``), dated (``date``), titled (``title``): each
    fulfils the year of its date."""
    rows = (queryset.filter(date__year__gte=year_start, date__year__lte=year_end)
            .order_by("date", "pk").values_list("measure_id", "pk", "date", "title"))
    events: dict[int, list[ProductEvent]] = defaultdict(list)
    for measure_id, pk, day, title in rows:
        events[measure_id].append(ProductEvent(
            day.year, day, f"{what}{day:%d.%m.%Y} «{_short(title)}»",
            reverse(url_name, args=[pk])))
    return events


def _decisions(measures, year_start, year_end):
    """A management decision with its order closes the year of the decision."""
    return _dated_rows(Decision.objects.filter(measure__in=measures, order__isnull=False),
                       year_start, year_end, "решение от ", "roadmap:decision_detail")


def _training(measures, year_start, year_end):
    """A year of the plan-schedule with someone trained in it: the date of the first
    completed course of that year (the yearly report is built from these records)."""
    planned = set(TrainingPlanItem.objects.filter(year__gte=year_start, year__lte=year_end)
                  .values_list("year", flat=True))
    firsts = (TrainingParticipation.objects.filter(
        completed_on__year__gte=year_start, completed_on__year__lte=year_end)
        .values("completed_on__year").annotate(first=Min("completed_on"), n=Count("staff", distinct=True))
        .order_by("completed_on__year"))
    found = [ProductEvent(row["completed_on__year"], row["first"],
                          f"план-график на {row['completed_on__year']} г.; обучено "
                          f"{row['n']} чел. (первое окончание {row['first']:%d.%m.%Y})",
                          reverse("reports:training_overview") + f"?year={row['completed_on__year']}")
             for row in firsts if row["completed_on__year"] in planned]
    return _by_measure(measures, lambda m: list(found))


def _information_work(measures, year_start, year_end):
    """Information work for students and parents linked to the measure (5.3)."""
    return _dated_rows(InformationWork.objects.filter(measure__in=measures), year_start,
                       year_end, "", "roadmap:information_detail")


def _monitoring(measures, year_start, year_end):
    """3.1 for a year: every active school's data for both half-years of the academic year
    ending that year accepted by ИМЦ, on the date of the last acceptance."""
    from monitoring.models import School
    from monitoring.registers.submissions import Submission

    schools = School.objects.filter(is_active=True).count()
    rows = (Submission.objects.filter(
        state=Submission.State.ACCEPTED, school__is_active=True,
        period__academic_year__start_year__gte=year_start - 1,
        period__academic_year__start_year__lte=year_end - 1,
    ).values("period__academic_year__start_year")
        .annotate(n=Count("pk"), last=Max("decided_at")).order_by())
    found = []
    for row in rows:
        if schools and row["n"] >= 2 * schools:
            year = row["period__academic_year__start_year"] + 1
            day = timezone.localtime(row["last"]).date() if row["last"] else date(year, 9, 10)
            found.append(ProductEvent(year, day, f"данные {year - 1}/{year} приняты у всех ОО",
                                      reverse("monitoring:submission_list")))
    return _by_measure(measures, lambda m: list(found))


register_product(ProductKind.DOCUMENTS, _documents)
register_product(ProductKind.MONITORING_REPORT, _generated(GeneratedKind.MONITORING_REPORT))
register_product(ProductKind.CLUSTER_ANALYSIS, _generated(GeneratedKind.CLUSTER_ANALYSIS))
register_product(ProductKind.DECISIONS, _decisions)
register_product(ProductKind.TRAINING, _training)
register_product(ProductKind.INFORMATION_WORK, _information_work)
register_product(ProductKind.MONITORING, _monitoring)

