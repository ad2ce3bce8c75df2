"""Checks of identifiers that people type: ИНН and ОКСО codes."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_INN_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """The ИНН checksum of the Federal Tax Service: 10 digits (organisation) or 12 (person)."""
    if not re.fullmatch(r"\d{10}|\d{12}", value or ""):
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return _check_digit(digits, _INN_10) == digits[9]
    return (_check_digit(digits, _INN_11) == digits[10]
            and _check_digit(digits, _INN_12) == digits[11])


def validate_inn(value: str) -> None:
    if not re.fullmatch(r"\d{10}|\d{12}", value or ""):
        raise ValidationError(
            "ИНН состоит из 10 цифр (организация) или 12 цифр (индивидуальный предприниматель).",
            code="inn_format",
        )
    if not inn_is_valid(value):
        raise ValidationError(
            "ИНН не прошёл проверку контрольной суммы: проверьте, не перепутаны ли цифры.",
            code="inn_checksum",
        )


OKSO_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")


def validate_okso_code(value: str) -> None:
    if not OKSO_CODE_RE.match(value or ""):
        raise ValidationError(
            "Код специальности по ОКСО записывается как 00.00.00, например 21.02.01.",
            code="okso_format",
        )
