"""The indicator catalogue as code: each indicator's passport and how it is computed.

An indicator's compute function returns, for a span and a breakdown, one
:class:`Measure` per school (keyed by school id) and one for the municipality (key
``None``) — always in a fixed number of aggregate queries, never a loop over rows, so a
dashboard costs the same on ten schools or two hundred."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .scope import Breakdown, Span

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
    #: the staff category for training coverage (targets per category), else ""
    category: str = ""
    #: the roadmap's expectation, e.g. "ежегодное увеличение"
    expectation: str = ""
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
