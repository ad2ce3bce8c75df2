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
