"""Formatting every page shares: numbers the Russian way (decimal comma, a real minus
sign «−» as printed documents use, not a hyphen) and signed changes («+3,5», «−14,2»)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()

MINUS = "\u2212"


def _plain(value: float | int | Decimal) -> str:
    number = float(value)
    decimals = 0 if number == int(number) else 1
    return formats.number_format(round(abs(number), 1), decimal_pos=decimals, use_l10n=True,
                                 force_grouping=abs(number) >= 10000)


@register.filter
def num(value, empty: str = "—") -> str:
    """A figure: «83,3», «1 204», «−2»; ``empty`` (default «—») when there is none."""
    if value is None or value == "":
        return empty
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return (MINUS if number < 0 else "") + _plain(number)


@register.filter
def signed(value, empty: str = "") -> str:
    """A change: «+3,5», «−14,2», «0»; ``empty`` when there is nothing to compare with."""
    if value is None or value == "":
        return empty
    number = float(value)
    if number == 0:
        return "0"
    return ("+" if number > 0 else MINUS) + _plain(number)
