"""Russian numerals in templates, through the one helper of :mod:`monitoring.text`.

``{{ n|count:"запись,записи,записей" }}`` → «22 записи»;
``{{ n|plural:"строку,строки,строк" }}`` → the noun alone («Сохранить {{ n }} {{ n|plural:… }}»).
"""

from __future__ import annotations

from django import template

from monitoring.text import count_phrase, parse_forms
from monitoring.text import plural as plural_form

register = template.Library()


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@register.filter
def plural(value, forms: str) -> str:
    """The noun form agreeing with the number: 1 запись, 2 записи, 5 записей."""
    n = _number(value)
    one, few, many = parse_forms(forms)
    return many if n is None else plural_form(n, one, few, many)


@register.filter
def count(value, forms: str) -> str:
    """The number with its noun: «1 запись», «22 записи», «1 234 записи»."""
    n = _number(value)
    if n is None:
        return ""
    return count_phrase(n, parse_forms(forms))
