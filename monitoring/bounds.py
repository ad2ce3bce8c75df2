"""Bounds of the numbers a request may carry: years, periods, target values.

A URL like ``?year=99999``, ``?period=1000/1001-1`` or a target «NaN» / «1e400» must get
a Russian «неверный запрос» (400) or a form error — never a 500, and never a row created
for an absurd year. Views call :func:`year_param`; services validate with
:func:`check_year` and :func:`check_number`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import BadRequest

#: The years the portal can hold (AcademicYear.start_year has the same validators).
YEAR_MIN, YEAR_MAX = 2000, 2100


class PortalBadRequest(BadRequest):
    """A 400 whose message is written for the user (shown on the Russian 400 page)."""


def check_year(year: int, what: str = "Год") -> int:
    """``year`` if the portal can hold it; ValueError with a Russian message otherwise."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"{what} {year} вне допустимого диапазона: от {YEAR_MIN} до {YEAR_MAX}.")
    return year


def id_param(value: str | None) -> int | None:
    """An id from a query parameter, or None: ASCII digits only («²» and «٣» are digits to
    ``str.isdigit`` and not to ``int``), and no longer than an id can be (a 30-digit number
    overflows PostgreSQL's bigint: a 500, not a filter)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def year_param(value: str | None, default: int) -> int:
    """A year from a query parameter: ``default`` when absent, 400 when not a sensible year."""
    text = (value or "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise PortalBadRequest(f"Год «{text[:20]}» указан неверно: ожидается год, например 2023.")
    try:
        return check_year(int(text))
    except ValueError as exc:
        raise PortalBadRequest(str(exc)) from None


def check_number(text: str, *, max_digits: int, decimal_places: int) -> Decimal:
    """A decimal a DecimalField(max_digits, decimal_places) can store; ValueError with a
    Russian message for «NaN», «Infinity», «1e400» and other text."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"«{text[:20]}» — не число") from None
    if not value.is_finite():
        raise ValueError(f"«{text[:20]}» — не число")
    limit = Decimal(10) ** (max_digits - decimal_places)
    if abs(value) >= limit:
        raise ValueError(f"значение {text[:20]} слишком велико (допускается меньше {limit})")
    return value.quantize(Decimal(1).scaleb(-decimal_places))
