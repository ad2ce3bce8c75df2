"""Evaluating the catalogue: values, targets, statuses and changes for a scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from monitoring.models import School

from .registry import CATALOGUE, MUNICIPALITY, IndicatorDef, Measure
from .scope import ALL, Breakdown, Span
from .targets import TargetStatus, target_status


@dataclass
class IndicatorValue:
    definition: IndicatorDef
    school_id: int | None
    measure: Measure
    target: float | None = None
    previous: Measure | None = None
    year_earlier: Measure | None = None

    @property
    def value(self) -> float | None:
        return self.measure.value

    @property
    def status(self) -> TargetStatus | None:
        return target_status(self.value, self.target, self.definition.higher_is_better)

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
        """Against the same span a year earlier."""
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


def targets_for(year: int, codes: Iterable[str]) -> dict[tuple[str, int | None], float]:
    from reports.models import Target

    return {
        (t["indicator__code"], t["school_id"]): float(t["value"])
        for t in Target.objects.filter(year=year, indicator__code__in=list(codes)).values(
            "indicator__code", "school_id", "value"
        )
    }


def training_targets_for(span: Span, defs: Iterable[IndicatorDef]) -> dict[tuple[str, None], float]:
    """The municipal targets of the training indicators: the roadmap in force on the span's
    end sets them per year and staff group (``roadmap.services.training.training_target``),
    not the Target table — the next roadmap brings its own."""
    from roadmap.services.training import training_targets

    groups = {d.code: d.category for d in defs if d.category}
    if not groups:
        return {}
    targets = training_targets(span.end)
    return {(code, MUNICIPALITY): targets[group] for code, group in groups.items()
            if group in targets}


def evaluate(span: Span, breakdown: Breakdown = ALL, *, codes: Iterable[str] | None = None,
             schools: Iterable[School] | None = None, history: bool = True) -> Evaluation:
    """Every indicator for the span, per school and for the municipality.

    The cost is a fixed number of queries per indicator (times three with history:
    this span, the previous one, the same span a year earlier), whatever the data size."""
    defs = definitions(codes)
    school_list = list(schools) if schools is not None else list(
        School.objects.filter(is_active=True).order_by("short_name")
    )
    evaluation = Evaluation(span, breakdown, defs, school_list)
    targets = targets_for(span.target_year, [d.code for d in defs])
    targets.update(training_targets_for(span, defs))
    keys = [MUNICIPALITY, *(s.pk for s in school_list)]
    for definition in defs:
        use = breakdown if definition.breakdowns else ALL
        now = definition.compute(span, use)
        before = definition.compute(span.previous(), use) if history else {}
        earlier = definition.compute(span.year_earlier(), use) if history else {}
        for key in keys:
            target = targets.get((definition.code, key))
            if target is None and key is not MUNICIPALITY:
                target = targets.get((definition.code, MUNICIPALITY))
            evaluation.values[(definition.code, key)] = IndicatorValue(
                definition, key, now.get(key, _empty(definition)), target,
                before.get(key, _empty(definition)) if history else None,
                earlier.get(key, _empty(definition)) if history else None,
            )
    return evaluation


def _empty(definition: IndicatorDef) -> Measure:
    """Nothing recorded: a count of 0, or a share of 0 of nobody (shown as «—»)."""
    return Measure(0, 0) if definition.unit == "%" else Measure(0, percent=False)

