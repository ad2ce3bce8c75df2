"""Russian text for screens, messages and documents: numerals agreeing with nouns, numbers
with a decimal comma, percentages, changes between periods and dates with the month in the
genitive.

Everything the portal says about a count goes through these helpers — a page («22 записи»,
«Сохранить 3 строки»), a message, a note («21 обучающийся», «12,5 %», «1 сентября 2022 г.»)
— so a number and its noun agree the same way everywhere. It lives in the lowest app so
that every app may use it; ``reports.text`` re-exports it, and templates use the filters
of ``{% load numerals %}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

Forms = tuple[str, str, str]
Gender = Literal["m", "f", "n", "pl"]

# The three forms a Russian noun takes after a numeral: 1 / 2–4 / 5–20, 0.
STUDENTS: Forms = ("обучающийся", "обучающихся", "обучающихся")
PEOPLE: Forms = ("человек", "человека", "человек")
SCHOOLS: Forms = ("школа", "школы", "школ")
ORGANISATIONS: Forms = ("организация", "организации", "организаций")
EVENTS: Forms = ("мероприятие", "мероприятия", "мероприятий")
INDICATORS: Forms = ("показатель", "показателя", "показателей")
# Dative («по 1 показателю», «по 5 показателям») and prepositional («в 2 школах»).
INDICATORS_DAT: Forms = ("показателю", "показателям", "показателям")
INDICATORS_GEN: Forms = ("показателя", "показателей", "показателей")
SCHOOLS_PREP: Forms = ("школе", "школах", "школах")
# Genitive («обучение 1 человека», «2 человек», «5 человек»).
PEOPLE_GEN: Forms = ("человека", "человек", "человек")
TEACHERS: Forms = ("педагог", "педагога", "педагогов")
STAFF: Forms = ("сотрудник", "сотрудника", "сотрудников")
UNITS: Forms = ("единица", "единицы", "единиц")
PERCENT_POINTS: Forms = ("п.п.", "п.п.", "п.п.")
RECORDS: Forms = ("запись", "записи", "записей")
ROWS: Forms = ("строка", "строки", "строк")
# Accusative («Сохранить 1 строку»).
ROWS_ACC: Forms = ("строку", "строки", "строк")
VIEWINGS: Forms = ("участие", "участия", "участий")
GRADUATES: Forms = ("выпускник", "выпускника", "выпускников")

#: «тот же обучающийся», «та же потребность», «то же мероприятие»
SAME: dict[str, str] = {"m": "тот же", "f": "та же", "n": "то же", "pl": "те же"}

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)

_CHANGE_VERBS: dict[str, tuple[str, str, str]] = {
    # gender of the subject: (grew, fell, stayed)
    "m": ("увеличился", "уменьшился", "не изменился"),
    "f": ("увеличилась", "уменьшилась", "не изменилась"),
    "n": ("увеличилось", "уменьшилось", "не изменилось"),
    "pl": ("увеличились", "уменьшились", "не изменились"),
}


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun form that agrees with the integer ``n``: 1 → one, 2–4 → few, else many.

    The last two digits decide: 11–14 always take ``many`` («11 обучающихся»,
    «112 обучающихся»), while 21, 101 take ``one`` and 22–24 take ``few``."""
    n = abs(int(n))
    if n % 100 in range(11, 15):
        return many
    last = n % 10
    if last == 1:
        return one
    if last in (2, 3, 4):
        return few
    return many


def count_phrase(n: int, forms: Forms) -> str:
    """«1 обучающийся», «2 обучающихся», «21 школа», «1 234 мероприятия»."""
    return f"{format_number(n)} {plural(n, *forms)}"


def parse_forms(text: str) -> Forms:
    """«запись,записи,записей» → the three forms (a template filter's argument)."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"Ожидаются три формы через запятую, например «запись,записи,записей»: {text!r}")
    return parts[0], parts[1], parts[2]


def same_as(noun: str, gender: Gender) -> str:
    """«тот же обучающийся», «та же потребность», «то же мероприятие»."""
    return f"{SAME[gender]} {noun}"


def format_number(value: float | int | Decimal | None, digits: int = 0) -> str:
    """A number as Russian documents write it: a decimal comma, thousands grouped by a
    space from 10 000 on (four-digit numbers are not split), ``digits`` after the comma,
    a real minus sign. Integers are written without a fractional part."""
    if value is None:
        return "—"
    if digits == 0 or isinstance(value, int):
        whole, fraction = str(abs(round(float(value)))), ""
    else:
        whole, _, fraction = f"{abs(float(value)):.{digits}f}".partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,d}".replace(",", " ")
    negative = float(value) < 0 and (whole.strip("0") or fraction.strip("0"))
    return ("−" if negative else "") + whole + ("," + fraction if fraction else "")


def format_decimal(value: float | int | Decimal | None, digits: int = 1) -> str:
    """A value with up to ``digits`` decimals, trailing zeros dropped: 12,5 · 12 · 0,25."""
    if value is None:
        return "—"
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return format_number(int(rounded))
    text = format_number(rounded, digits)
    return text.rstrip("0").rstrip(",") if "," in text else text


def format_percent(value: float | int | Decimal | None, digits: int = 1) -> str:
    """«12,5 %», «50 %», «0,3 %»: a decimal comma and a space before the sign."""
    if value is None:
        return "—"
    return f"{format_decimal(value, digits)} %"


def percent_of(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero."""
    if not whole:
        return None
    return 100.0 * part / whole


def change_phrase(current: float, previous: float | None, forms: Forms | None = None,
                  gender: Gender = "n", digits: int = 0, unit: str | None = None) -> str:
    """How a value changed, for a sentence whose subject has the given gender.

    «увеличилось на 3 обучающихся (на 12,5 %)», «уменьшилось на 1 обучающегося»…
    — counts take the genitive after «на» only in the plural forms, so the noun is
    chosen with :func:`plural` on the difference; with ``unit`` (e.g. «п.п.») the
    difference is written as a decimal. Returns «не изменилось» for no change and
    «данных за предыдущий период нет» when there is nothing to compare with."""
    grew, fell, same = _CHANGE_VERBS[gender]
    if previous is None:
        return "данных для сравнения нет"
    delta = float(current) - float(previous)
    precision = max(digits, 1) if unit is not None else digits
    if round(abs(delta), precision) == 0:
        return same
    verb = grew if delta > 0 else fell
    amount = abs(delta)
    if unit is not None:
        what = f"{format_decimal(amount, max(digits, 1))} {unit}"
    elif forms is not None:
        # «на 1 обучающегося» / «на 2 обучающихся»: after «на» the accusative, which for
        # animate nouns equals the genitive; the singular form is then the genitive one.
        what = _accusative_count(round(amount) if digits == 0 else amount, forms, digits)
    else:
        what = format_decimal(amount, max(digits, 1)) if digits else format_number(round(amount))
    relative = ""
    if previous and unit is None:
        relative = f" (на {format_percent(100.0 * amount / abs(float(previous)))})"
    return f"{verb} на {what}{relative}"


# The accusative singular after «на» differs from the nominative for animate nouns.
_ACCUSATIVE_ONE = {
    "обучающийся": "обучающегося",
    "человек": "человека",
    "педагог": "педагога",
    "сотрудник": "сотрудника",
    "школа": "школу",
    "организация": "организацию",
    "единица": "единицу",
}


def _accusative_count(amount: float, forms: Forms, digits: int) -> str:
    if digits and amount != int(amount):
        # «на 2,5 обучающихся»: a fraction always takes the genitive singular/plural form.
        return f"{format_decimal(amount, digits)} {forms[1]}"
    n = round(amount)
    noun = plural(n, *forms)
    if noun == forms[0]:
        noun = _ACCUSATIVE_ONE.get(noun, noun)
    return f"{format_number(n)} {noun}"


def signed(value: float | int | None, digits: int = 0) -> str:
    """A change for a table cell: «+3», «−2», «0», «+2,5»."""
    if value is None:
        return "—"
    if digits == 0:
        value = round(value)
        if value == 0:
            return "0"
        return ("+" if value > 0 else "") + format_number(value)
    text = format_decimal(value, digits)
    if float(value) > 0:
        return "+" + text
    return text


def format_date(day: dt.date) -> str:
    """«1 сентября 2022 г.» — the day, the month in the genitive, the year."""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def format_date_short(day: dt.date | None) -> str:
    """«01.09.2022», the portal's дд.мм.гггг."""
    return day.strftime("%d.%m.%Y") if day else ""


def period_label(code: str) -> str:
    """«2022/2023-1» → «I полугодие 2022/2023 учебного года»; «2022/2023» → «2022/2023 учебный год»."""
    code = code.strip()
    if "-" in code:
        years, half = code.rsplit("-", 1)
        roman = {"1": "I", "2": "II"}.get(half, half)
        return f"{roman} полугодие {years} учебного года"
    return f"{code} учебный год"
