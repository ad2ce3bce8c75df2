"""Evaluating the catalogue: values, targets, statuses and changes for a scope.

Each indicator is computed by its method (``IndicatorDef.basis``): a calendar year of
people is the academic year that ends in it; an annual target is judged only on an
annual value — the one that is complete at the end of the span (``annual_span``) — and
«ежегодное увеличение» is judged by comparing that annual value with the year before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from monitoring.models import School

from .registry import CATALOGUE, MUNICIPALITY, IndicatorDef, Measure, Values
from .scope import ALL, Breakdown, Span
from .targets import GrowthStatus, TargetStatus, growth_status, target_status


@dataclass
class IndicatorValue:
    definition: IndicatorDef
    school_id: int | None
    measure: Measure
    target: float | None = None
    previous: Measure | None = None
    year_earlier: Measure | None = None
    #: the annual value judged against the target at the end of the span (None: the span
    #: closes no year of this indicator, see ``IndicatorDef.annual_span``)
    annual: Measure | None = None
    annual_span: Span | None = None
    #: the same annual span a year earlier («ежегодное увеличение»)
    annual_before: Measure | None = None
    #: the span the value is for
    span: Span | None = None

    @property
    def value(self) -> float | None:
        return self.measure.value

    @property
    def annual_value(self) -> float | None:
        return self.annual.value if self.annual is not None else None

    @property
    def annual_differs(self) -> bool:
        """The status judges another span than the value's (a II half-year judges its
        academic year): dashboards and notes then show that annual value too."""
        return self.annual_span is not None and self.annual_span != self.span

    @property
    def status(self) -> TargetStatus | None:
        """The annual value against the annual target; None where either is missing or
        the year is not over at the end of the span."""
        if self.annual is None:
            return None
        return target_status(self.annual.value, self.target, self.definition.higher_is_better)

    @property
    def growth(self) -> GrowthStatus | None:
        """«Ежегодное увеличение» judged: the annual value against the year before."""
        if not self.definition.expects_growth or self.annual is None or self.annual_before is None:
            return None
        return growth_status(self.annual.value, self.annual_before.value,
                             self.definition.higher_is_better)

    @property
    def pending(self) -> str:
        """Why a target is shown without a status: «оценивается по итогам учебного года»."""
        return self.definition.pending if self.annual is None and self.target is not None else ""

    @staticmethod
    def _delta(now: float | None, before: Measure | None) -> float | None:
        if now is None or before is None or before.value is None:
            return None
        return round(now - before.value, 1)

    @property
    def change(self) -> float | None:
        """Against the previous span (half-year, academic or calendar year)."""
        return self._delta(self.value, self.previous)

    @property
    def change_year(self) -> float | None:
        """Against the same span a year earlier (the seasonal comparison)."""
        return self._delta(self.value, self.year_earlier)


@dataclass
class Evaluation:
    span: Span
    breakdown: Breakdown
    definitions: list[IndicatorDef]
    schools: list[School]
    values: dict[tuple[str, int | None], IndicatorValue] = field(default_factory=dict)

    def municipal(self) -> list[IndicatorValue]:
        return [self.values[(d.code, MUNICIPALITY)] for d in self.definitions]

    def for_school(self, school_id: int) -> list[IndicatorValue]:
        return [self.values[(d.code, school_id)] for d in self.definitions]

    def get(self, code: str, school_id: int | None = MUNICIPALITY) -> IndicatorValue:
        return self.values[(code, school_id)]

    def matrix(self) -> list[tuple[School, list[IndicatorValue]]]:
        return [(school, self.for_school(school.pk)) for school in self.schools]


def definitions(codes: Iterable[str] | None = None) -> list[IndicatorDef]:
    from . import catalogue  # noqa: F401 - registers the indicators

    if codes is None:
        return sorted(CATALOGUE.values(), key=lambda d: d.order)
    unknown = [c for c in codes if c not in CATALOGUE]
    if unknown:
        raise KeyError(f"Неизвестные показатели: {', '.join(unknown)}")
    return [CATALOGUE[c] for c in codes]


def targets_for(years: int | Iterable[int], codes: Iterable[str]
                ) -> dict[tuple[str, int | None, int], float]:
    """{(indicator code, school id or None, year): target} in one query."""
    from reports.models import Target

    years = [years] if isinstance(years, int) else sorted(set(years))
    return {
        (t["indicator__code"], t["school_id"], t["year"]): float(t["value"])
        for t in Target.objects.filter(year__in=years, indicator__code__in=list(codes)).values(
            "indicator__code", "school_id", "year", "value"
        )
    }


def training_targets_for(span: Span, defs: Iterable[IndicatorDef]
                         ) -> dict[tuple[str, None, int], float]:
    """The municipal targets of the training indicators: the roadmap in force on the span's
    end sets them per year and staff group — a category or a role
    (``roadmap.services.training.training_target``), not the Target table — the next
    roadmap brings its own. Keyed like :func:`targets_for`."""
    from roadmap.services.training import training_targets

    groups = {d.code: (d.category or d.role, d.target_year(span)) for d in defs
              if d.category or d.role}
    if not groups:
        return {}
    targets = training_targets(span.end)
    return {(code, MUNICIPALITY, year): targets[group] for code, (group, year) in groups.items()
            if group in targets}


def evaluate(span: Span, breakdown: Breakdown = ALL, *, codes: Iterable[str] | None = None,
             schools: Iterable[School] | None = None, history: bool = True) -> Evaluation:
    """Every indicator for the span, per school and for the municipality.

    The cost is a fixed number of queries per indicator whatever the data size: the span,
    the annual value judged at its end when that is another span (a II half-year's
    academic year), and with history the previous span, the same span a year earlier and,
    for «ежегодное увеличение», the annual value a year earlier."""
    defs = definitions(codes)
    school_list = list(schools) if schools is not None else list(
        School.objects.filter(is_active=True).order_by("short_name")
    )
    evaluation = Evaluation(span, breakdown, defs, school_list)
    targets = targets_for({d.target_year(span) for d in defs}, [d.code for d in defs])
    targets.update(training_targets_for(span, defs))
    keys = [MUNICIPALITY, *(s.pk for s in school_list)]
    for definition in defs:
        use = breakdown if definition.breakdowns else ALL

        def compute(each: Span, definition=definition, use=use) -> Values:
            return definition.compute(definition.counting_span(each), use)

        now = compute(span)
        annual_span = definition.annual_span(span)
        annual = None if annual_span is None else now if annual_span == span else compute(annual_span)
        before = compute(span.previous()) if history else {}
        earlier = compute(span.year_earlier()) if history else {}
        annual_before = None
        if history and annual_span is not None and definition.expects_growth:
            annual_before = earlier if annual_span == span else compute(annual_span.year_earlier())
        year = definition.target_year(span)
        for key in keys:
            target = targets.get((definition.code, key, year))
            if target is None and key is not MUNICIPALITY and definition.unit == "%":
                # A municipal share is every school's target too; a municipal count (so
                # many events, so many parents) is the district's sum, not each school's.
                target = targets.get((definition.code, MUNICIPALITY, year))
            empty = _empty(definition)
            evaluation.values[(definition.code, key)] = IndicatorValue(
                definition, key, now.get(key, empty), target,
                before.get(key, empty) if history else None,
                earlier.get(key, empty) if history else None,
                annual.get(key, empty) if annual is not None else None,
                annual_span,
                annual_before.get(key, empty) if annual_before is not None else None,
                span,
            )
    return evaluation


def _empty(definition: IndicatorDef) -> Measure:
    """Nothing recorded: a count of 0, or a share of 0 of nobody (shown as «—»)."""
    return Measure(0, 0) if definition.unit == "%" else Measure(0, percent=False)
