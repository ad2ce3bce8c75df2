"""The indicator catalogue as code: each indicator's passport and how it is computed.

An indicator's compute function returns, for a span and a breakdown, one
:class:`Measure` per school (keyed by school id) and one for the municipality (key
``None``) — always in a fixed number of aggregate queries, never a loop over rows, so a
dashboard costs the same on ten schools or two hundred.

A compute function keeps the signature ``(span, breakdown) -> Values``. Built from the
helpers of :mod:`.counting` (``student_share``, ``student_count``, ``grouped``, ``people``,
``population``), it follows the scope the service asks for — every school, the
municipality alone, or one school's page — without a line of its own; one that returns
every school anyway still works. The service caches what it returns per (span, breakdown,
scope) under the data version (:mod:`.cache`), so a new indicator is cached and invalidated
like the others the moment it is declared with ``@indicator``.

What a half-year, an academic year and a calendar year mean for an indicator is its
**basis** (:class:`Basis`): one written method per kind of indicator, stated in the
passport (:attr:`IndicatorDef.method`), applied by :mod:`.service` and proved by the
golden test on a hand-built district."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from .scope import Breakdown, Span, SpanKind

MUNICIPALITY = None


@dataclass(frozen=True)
class Measure:
    numerator: float | None
    denominator: float | None = None
    percent: bool = True

    @property
    def value(self) -> float | None:
        if not self.percent:
            return self.numerator
        if self.numerator is None or not self.denominator:
            return None
        return round(100.0 * self.numerator / self.denominator, 1)


Values = dict[int | None, Measure]
Compute = Callable[[Span, Breakdown], Values]


class Basis(StrEnum):
    """How an indicator counts over time — the three methods of the catalogue."""

    #: people (students, graduates) counted per academic year
    STUDENTS = "students"
    #: dated events, documents, measures, information work, counted by their dates
    EVENTS = "events"
    #: a state on the last day of the span (staff trained so far, documents in force)
    STATE = "state"


BASIS_METHOD = {
    Basis.STUDENTS: (
        "Полугодие — обучающиеся с записью, датированной в полугодии (записи реестров 2, 3, "
        "7, 8 о занятиях в учебном году действуют весь учебный год с даты записи); учебный "
        "год — с записью за учебный год; календарный год — значение учебного года, который "
        "заканчивается в этом году (2022 год = 2021/2022 учебный год): обучающиеся двух "
        "учебных лет не суммируются. Знаменатель — обучающиеся по спискам классов того же "
        "учебного года. Один человек (ФИО и дата рождения) считается один раз во всём "
        "муниципалитете, даже если за год сменил школу. Целевое значение на год N "
        "сравнивается со значением за учебный год, заканчивающийся в году N (во II полугодии "
        "и за учебный или календарный год); значение I полугодия с годовой целью не сравнивается."
    ),
    Basis.EVENTS: (
        "Полугодие, учебный и календарный год — события с датой в периоде. Целевое значение "
        "на год N сравнивается со значением за календарный год N (за год и в I полугодии, "
        "которое заканчивается 31 декабря)."
    ),
    Basis.STATE: (
        "Значение на последний день периода. Целевое значение на год N сравнивается со "
        "значением на 31 декабря года N (за календарный год и в I полугодии)."
    ),
}

#: what a dashboard or a note says where an annual target is not judged in the span
PENDING = {
    Basis.STUDENTS: "оценивается по итогам учебного года",
    Basis.EVENTS: "оценивается по итогам календарного года",
    Basis.STATE: "оценивается на 31 декабря",
}


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    numerator: str
    denominator: str
    compute: Compute
    group: str
    source: str
    higher_is_better: bool = True
    breakdowns: bool = True
    #: False: a figure of the municipality alone (the roadmap's own documents and
    #: deadlines) — no school has a value, so a school's page does not compute it
    per_school: bool = True
    #: the staff category for training coverage (targets per category), else ""
    category: str = ""
    #: the staff role for training coverage (class teachers, specialists, tutors), else ""
    role: str = ""
    #: the roadmap's expectation, e.g. "ежегодное увеличение"
    expectation: str = ""
    basis: Basis = Basis.STUDENTS
    #: what the indicator's own method adds to its basis (definitions, exclusions)
    note: str = ""
    order: int = 0
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def short_name(self) -> str:
        """A name that fits a table column or a chart label (short_names.py)."""
        from .short_names import SHORT_NAMES

        return SHORT_NAMES.get(self.code, self.name)

    @property
    def formula(self) -> str:
        if self.unit == "%":
            return f"{self.numerator} ÷ {self.denominator} × 100 %"
        return self.numerator

    @property
    def method(self) -> str:
        """The passport's method in words: what counts in each kind of span, and when
        the annual target is judged."""
        return " ".join(part for part in (self.note, BASIS_METHOD[self.basis]) if part)

    @property
    def expects_growth(self) -> bool:
        """The roadmap expects a yearly increase («ежегодное увеличение»): judged by
        comparing the annual value with that of the year before."""
        return self.expectation.startswith("ежегодное увеличение")

    @property
    def pending(self) -> str:
        return PENDING[self.basis]

    def counting_span(self, span: Span) -> Span:
        """The span the figures are computed for: a calendar year of people is the
        academic year that ends in it; everything else is counted in the span itself."""
        if self.basis is Basis.STUDENTS and span.kind == SpanKind.CALENDAR_YEAR:
            return span.academic()
        return span

    def target_year(self, span: Span) -> int:
        """The year whose target applies: for people, the year the academic year ends in
        (a I half-year 2022/2023-1 works towards the 2023 target); for events and states,
        the calendar year the span ends in."""
        if self.basis is Basis.STUDENTS:
            return span.academic().end.year
        return span.end.year

    def annual_span(self, span: Span) -> Span | None:
        """The annual value that is complete at the end of ``span`` and judged against
        the target there; None when the span closes no year of this indicator (a I
        half-year for people, a II half-year or an academic year for events)."""
        if self.basis is Basis.STUDENTS:
            if span.kind != SpanKind.HALF:
                return span
            return span.academic() if span.ends_an_academic_year else None
        if self.basis is Basis.EVENTS:
            if span.kind == SpanKind.CALENDAR_YEAR:
                return span
            return span.calendar() if span.kind == SpanKind.HALF and span.ends_a_calendar_year else None
        return span if span.ends_a_calendar_year else None


CATALOGUE: dict[str, IndicatorDef] = {}


def indicator(**passport) -> Callable[[Compute], Compute]:
    """Declare an indicator: ``@indicator(code=..., name=..., ...)`` over its compute."""

    def register(compute: Compute) -> Compute:
        definition = IndicatorDef(compute=compute, order=len(CATALOGUE), **passport)
        if definition.code in CATALOGUE:
            raise ValueError(f"indicator {definition.code} declared twice")
        CATALOGUE[definition.code] = definition
        return compute

    return register
