"""Checks of what people type: ИНН and ОКСО codes, a student's birth date."""

from __future__ import annotations

import datetime as dt
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


#: the youngest a schoolchild can be (grade 1 starts at six and a half; five leaves room)
STUDENT_MIN_AGE = 5
#: the oldest a student of the portal's first academic year can have been (grade 11 at
#: twenty, an ОВЗ student who started late)
STUDENT_MAX_AGE = 21


def birth_date_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why a birth date cannot be a schoolchild's (05.05.2031, 01.01.1950), or None."""
    from django.utils import timezone

    from ..reference import FIRST_ACADEMIC_YEAR

    today = today or timezone.localdate()
    latest = today.replace(year=today.year - STUDENT_MIN_AGE, day=min(today.day, 28))
    earliest = dt.date(FIRST_ACADEMIC_YEAR - STUDENT_MAX_AGE, 1, 1)
    if day > today:
        return f"дата рождения {day:%d.%m.%Y} ещё не наступила: проверьте год"
    if day > latest:
        return (f"дата рождения {day:%d.%m.%Y}: обучающемуся меньше {STUDENT_MIN_AGE} лет — "
                "проверьте год")
    if day < earliest:
        return (f"дата рождения {day:%d.%m.%Y} раньше {earliest:%d.%m.%Y}: такого возраста "
                "обучающихся не бывает — проверьте год")
    return None
