"""A value against its target: достигнуто / близко / не достигнуто."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

#: "близко" means within this share of the target (10 %).
CLOSE_MARGIN = 0.10


class TargetStatus(StrEnum):
    ACHIEVED = "achieved"
    CLOSE = "close"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return {"achieved": "достигнуто", "close": "близко", "missed": "не достигнуто"}[self.value]

    @property
    def colour(self) -> str:
        return {"achieved": "success", "close": "warning", "missed": "danger"}[self.value]


def target_status(value: float | None, target: float | Decimal | None,
                  higher_is_better: bool = True) -> TargetStatus | None:
    """Compare a value with its target; None when either is unknown."""
    if value is None or target is None:
        return None
    value, target = float(value), float(target)
    if higher_is_better:
        if value >= target:
            return TargetStatus.ACHIEVED
        return TargetStatus.CLOSE if value >= target * (1 - CLOSE_MARGIN) else TargetStatus.MISSED
    if value <= target:
        return TargetStatus.ACHIEVED
    return TargetStatus.CLOSE if value <= target * (1 + CLOSE_MARGIN) else TargetStatus.MISSED


class GrowthStatus(StrEnum):
    """«Ежегодное увеличение» judged: the annual value against the year before."""

    GROWN = "grown"
    NOT_GROWN = "not_grown"

    @property
    def label(self) -> str:
        return {"grown": "рост достигнут", "not_grown": "роста нет"}[self.value]

    @property
    def colour(self) -> str:
        return {"grown": "success", "not_grown": "danger"}[self.value]


def growth_status(value: float | None, before: float | None,
                  higher_is_better: bool = True) -> GrowthStatus | None:
    """Grown when the annual value is better than the year before's (strictly: keeping
    the same value is not the increase the roadmap asks for); None when either is unknown
    or both are zero."""
    if value is None or before is None or (value == 0 and before == 0):
        return None  # nothing recorded in either year: nothing to judge
    better = value > before if higher_is_better else value < before
    return GrowthStatus.GROWN if better else GrowthStatus.NOT_GROWN
