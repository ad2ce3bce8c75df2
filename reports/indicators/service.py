"""Evaluating the catalogue: values, targets, statuses and changes for a scope.

Each indicator is computed by its method (``IndicatorDef.basis``): a calendar year of
people is the academic year that ends in it; an annual target is judged only on an
annual value — the one that is complete at the end of the span (``annual_span``) — and
«ежегодное увеличение» is judged by comparing that annual value with the year before."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field

from monitoring.models import School

from . import cache
from .cache import computing
from .counting import EVERY_SCHOOL, TOTAL, scoped
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
    #: whether the municipal values are there (a school's page asks for them only where
    #: they are computed already: ``evaluate(municipal_if_cached=True)``)
    municipal_ready: bool = True

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
             schools: Iterable[School] | None = None, history: bool = True,
             municipal_history: bool = True, with_targets: bool = True,
             municipal_if_cached: bool = False, year_earlier: bool = True) -> Evaluation:
    """Every indicator for the span, per school and for the municipality.

    The figures are read from the cache when the data has not changed since they were
    computed (:mod:`.cache`); what is missing is computed in a fixed number of queries per
    indicator whatever the data size: the span, the annual value judged at its end when
    that is another span (a II half-year's academic year), and with history the previous
    span, the same span a year earlier and, for «ежегодное увеличение», the annual value a
    year earlier. One school (``schools=[school]``) is computed for that school alone, the
    municipality for its value only unless ``municipal_history`` (a school's dashboard
    shows the municipal value beside the school's, nothing more). With ``municipal_if_cached``
    one school's evaluation takes the municipal values only if they are in the cache —
    nothing of the region is computed, and ``Evaluation.municipal_ready`` says whether
    they were there (a school's page then asks for them apart: a coordinator's own
    figures never wait for the region's). ``year_earlier=False`` leaves out the same span a
    year earlier (``change_year``) where a page does not show it."""
    defs = definitions(codes)
    school_list = list(schools) if schools is not None else list(
        School.objects.filter(is_active=True).order_by("short_name")
    )
    evaluation = Evaluation(span, breakdown, defs, school_list)
    keys = [MUNICIPALITY, *(s.pk for s in school_list)]
    cached_only = False  # the municipal values of one school's page only if cached
    if schools is None or len(school_list) > 1:
        wants, history_wants = [EVERY_SCHOOL], [EVERY_SCHOOL]
    else:
        own = [school_list[0].pk] if school_list else []
        cached_only = municipal_if_cached and bool(own)
        if cached_only:
            wants, history_wants = own, own
        else:
            wants = [*own, TOTAL]
            history_wants = [*own, TOTAL] if municipal_history or not own else own
    with computing():
        targets = {}
        if with_targets:  # a dynamics chart shows values only
            targets = targets_for({d.target_year(span) for d in defs}, [d.code for d in defs])
            targets.update(training_targets_for(span, defs))
        figures = _Figures()
        plans = []
        for definition in defs:
            plan = _Plan(definition, breakdown if definition.breakdowns else ALL, span,
                         history, wants, history_wants, year_earlier)
            plans.append(plan)
            figures.ask(plan)
        figures.fetch()
        if cached_only:
            evaluation.municipal_ready = all(figures.has_municipal(plan) for plan in plans)
        builders = {plan.definition.code: _Builder(plan, figures, targets, history)
                    for plan in plans}
    # Each value is made when asked: a page that shows the municipality and one chart
    # makes 230 of the 6,000 a region's matrix holds (the matrix itself is cached).
    evaluation.values = _Values(
        lambda code, key: builders[code].value(key),
        [(d.code, key) for d in defs for key in keys],
    )
    return evaluation


class _Values(dict):
    """{(code, school id or None): IndicatorValue}, each made on first use; iterating
    makes them all."""

    def __init__(self, make, keys: list[tuple[str, int | None]]) -> None:
        super().__init__()
        self._make, self._keys, self._known = make, keys, set(keys)

    def __missing__(self, key):
        if key not in self._known:
            raise KeyError(key)
        value = self[key] = self._make(*key)
        return value

    def _all(self) -> None:
        for key in self._keys:
            self[key]  # made by __missing__

    def __iter__(self):
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key) -> bool:
        return key in self._known

    def __reduce__(self):
        # Pickled (a job, a cache) as the plain dict of every value.
        self._all()
        return dict, (dict(super().items()),)

    def get(self, key, default=None):
        return self[key] if key in self._known else default

    def items(self):
        self._all()
        return super().items()

    def values(self):
        self._all()
        return super().values()

    def keys(self):
        self._all()
        return super().keys()


@dataclass
class _Plan:
    """The spans one indicator needs in an evaluation, and for which scopes."""

    definition: IndicatorDef
    use: Breakdown
    span: Span
    history: bool
    wants: list
    history_wants: list
    year_earlier: bool = True
    spans: dict[str, Span | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        definition, span = self.definition, self.span
        annual_span = definition.annual_span(span)
        self.spans = {"now": span, "annual": annual_span}
        if self.history:
            self.spans["before"] = span.previous()
            if self.year_earlier:
                self.spans["earlier"] = span.year_earlier()
            if annual_span is not None and definition.expects_growth:
                self.spans["annual_before"] = annual_span.year_earlier()

    def needs(self) -> list[tuple[Span, list]]:
        return [(each, self.wants if role == "now" else self.history_wants)
                for role, each in self.spans.items() if each is not None]

    def parts(self, each: Span, scope) -> tuple:
        use = self.use
        counting = self.definition.counting_span(each)
        return ("v", self.definition.code, counting.code,
                f"{use.ovz}-{use.grade_band}-{use.sex}", scope)


class _Figures:
    """Values of (indicator, span, breakdown, scope): read from the cache in one call,
    the missing ones computed once and written back in one call."""

    def __init__(self) -> None:
        self.asked: list[tuple[_Plan, Span, list]] = []
        self.known: dict[tuple, Values] = {}

    def ask(self, plan: _Plan) -> None:
        for each, wants in plan.needs():
            self.asked.append((plan, each, wants))

    def missing(self) -> list[tuple]:
        return [plan.parts(each, scope) for plan, each, wants in self.asked for scope in wants
                if plan.parts(each, EVERY_SCHOOL) not in self.known
                and plan.parts(each, scope) not in self.known]

    def fetch(self) -> None:
        # One school's evaluation reads the municipality's own values too wherever they
        # are cached (its page shows them when they are); computed only where asked.
        parts = sorted({plan.parts(each, scope) for plan, each, wants in self.asked
                        for scope in {EVERY_SCHOOL, *wants,
                                      *(() if EVERY_SCHOOL in wants else (TOTAL,))}}, key=str)
        self.known.update(cache.get_many(parts))  # see _Stored
        missing = self.missing()
        if not missing:
            return
        # Single flight: when the same figures are being computed by another request (ten
        # heads opening the dashboard after a write), wait for them instead of computing
        # them again beside it on the same cores.
        with cache.single_flight(("flight", *sorted(map(str, missing)))) as first:
            if not first:
                self.known.update(cache.get_many(parts))
            self._compute()

    def _compute(self) -> None:
        computed: dict[tuple, Values] = {}
        for plan, each, wants in self.asked:
            every = plan.parts(each, EVERY_SCHOOL)
            for scope in wants:
                key = plan.parts(each, scope)
                if every in self.known or key in self.known:
                    continue  # every school and the municipality answer any scope
                if scope not in (EVERY_SCHOOL, TOTAL) and not plan.definition.per_school:
                    self.known[key] = computed[key] = {}  # no school has a value of its own
                    continue
                with scoped(scope):
                    values = plan.definition.compute(plan.definition.counting_span(each),
                                                     plan.use)
                if scope != EVERY_SCHOOL and _complete(values, scope):
                    # A compute that does not follow the scope (training coverage, the
                    # roadmap's own figures) gave everything: kept for every scope.
                    key = every
                self.known[key] = computed[key] = values
        cache.set_many({key: _Stored.of(values) for key, values in computed.items()})

    def has_municipal(self, plan: _Plan) -> bool:
        """Whether the municipal value of the plan's span is known (cached or computed)."""
        return any(plan.parts(plan.span, scope) in self.known for scope in (EVERY_SCHOOL, TOTAL))

    def values(self, plan: _Plan, each: Span | None) -> Values | None:
        if each is None:
            return None
        every = self.known.get(plan.parts(each, EVERY_SCHOOL))
        if every is not None:
            return every
        merged: Values = _Packed()
        for scope in dict.fromkeys((*plan.wants, *plan.history_wants, TOTAL)):
            found = self.known.get(plan.parts(each, scope), {})
            if type(found) is _Stored:
                found = found.packed()
            elif type(found) is not dict:
                return found  # «no value for anyone» (профминимум before its model)
            merged.update(found)
        return merged


class _Stored:
    """A scope's values as the cache keeps them: the municipal value apart, and the
    schools' values pickled once more into one blob opened only when a school's value
    is asked. The municipal dashboard reads 200 figures of 200 schools each and shows
    the municipal values of all and the schools' of one (the matrix is cached as it is
    rendered): the 40,000 schools' values stay bytes."""

    __slots__ = ("_schools", "blob", "municipal")

    def __init__(self, municipal: tuple | None, blob: bytes) -> None:
        self.municipal, self.blob, self._schools = municipal, blob, None

    @classmethod
    def of(cls, values: Values) -> Values:
        if type(values) is not dict:  # «no value for anyone» (_NoValue) is kept as it is
            return values
        packed = _Packed.of(values)
        municipal = dict.pop(packed, MUNICIPALITY, None)
        return cls(municipal, pickle.dumps(dict(packed), pickle.HIGHEST_PROTOCOL))

    def __reduce__(self):
        return _Stored, (self.municipal, self.blob)

    def packed(self) -> _Packed:
        """Every value: {school id or None: (numerator, denominator, percent)}."""
        if self._schools is None:
            self._schools = _Packed(pickle.loads(self.blob))
            if self.municipal is not None:
                dict.__setitem__(self._schools, MUNICIPALITY, self.municipal)
        return self._schools

    def get(self, key, default=None):
        if key is MUNICIPALITY:
            return default if self.municipal is None else _measure(self.municipal)
        return self.packed().get(key, default)


class _Packed(dict):
    """Values as plain tuples: {school id or None: (numerator, denominator, percent)} —
    which Python's cycle collector stops following, instead of 40,000 ``Measure``
    objects a region's dashboard would unpickle (and walk) on every request; a
    ``Measure`` is made only for a value asked (``get``)."""

    @classmethod
    def of(cls, values: Values) -> Values:
        if type(values) is not dict:  # «no value for anyone» (_NoValue) is kept as it is
            return values
        packed = cls()
        for key, measure in values.items():
            packed[key] = (measure.numerator, measure.denominator, measure.percent)
        return packed

    def __getitem__(self, key) -> Measure:
        return _measure(dict.__getitem__(self, key))

    def get(self, key, default=None):
        found = dict.get(self, key)
        return default if found is None else _measure(found)


def _measure(found) -> Measure:
    return Measure(*found) if type(found) is tuple else found


def _complete(values: Values, scope) -> bool:
    """Whether a compute asked for one school or the municipality answered for all."""
    if scope == TOTAL:
        return any(key is not MUNICIPALITY for key in values)
    return MUNICIPALITY in values


class _Builder:
    """The values of one indicator for any key, from the figures of its spans."""

    def __init__(self, plan: _Plan, figures: _Figures, targets: dict, history: bool) -> None:
        self.plan, self.targets, self.history = plan, targets, history
        span = plan.span
        self.now = figures.values(plan, span)
        self.annual_span = plan.spans["annual"]
        self.annual = figures.values(plan, self.annual_span)
        self.before = figures.values(plan, plan.spans.get("before")) or {}
        self.earlier = figures.values(plan, plan.spans.get("earlier"))
        self.annual_before = figures.values(plan, plan.spans.get("annual_before"))
        self.year = plan.definition.target_year(span)
        self.empty = _empty(plan.definition)
        self.municipal_history = bool({EVERY_SCHOOL, TOTAL} & set(plan.history_wants))

    def value(self, key: int | None) -> IndicatorValue:
        definition, span, empty = self.plan.definition, self.plan.span, self.empty
        target = self.targets.get((definition.code, key, self.year))
        if target is None and key is not MUNICIPALITY and definition.unit == "%":
            # A municipal share is every school's target too; a municipal count (so
            # many events, so many parents) is the district's sum, not each school's.
            target = self.targets.get((definition.code, MUNICIPALITY, self.year))
        known = self.history and (key is not MUNICIPALITY or self.municipal_history)
        annual_span = self.annual_span
        own_annual = self.annual if (key is not MUNICIPALITY or self.municipal_history
                                     or annual_span == span) else None
        annual_before = self.annual_before
        return IndicatorValue(
            definition, key, self.now.get(key, empty), target,
            self.before.get(key, empty) if known else None,
            self.earlier.get(key, empty) if known and self.earlier is not None else None,
            own_annual.get(key, empty) if own_annual is not None else None,
            annual_span if own_annual is not None or annual_span is None else None,
            annual_before.get(key, empty) if annual_before is not None and known else None,
            span,
        )


def _empty(definition: IndicatorDef) -> Measure:
    """Nothing recorded: a count of 0, or a share of 0 of nobody (shown as «—»)."""
    return Measure(0, 0) if definition.unit == "%" else Measure(0, percent=False)
