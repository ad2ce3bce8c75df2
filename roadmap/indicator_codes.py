"""Indicator codes the roadmap stores as data, checked against the catalogue.

A decision aims at indicators and a risk is watched through one; the catalogue that knows
the codes lives in ``reports`` (a higher app), so ``roadmap`` cannot import it. Instead
``reports`` registers its catalogue here when the apps are ready
(``reports.apps.ReportsConfig.ready``), and the roadmap's models and forms ask this module.
A code the catalogue does not know («no_such_code») is refused with a Russian message
rather than saved and silently never computed."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

#: returns {code: Russian name} of every indicator in the catalogue
CatalogueSource = Callable[[], dict[str, str]]

_source: CatalogueSource | None = None


def register_catalogue(source: CatalogueSource | None) -> CatalogueSource | None:
    """Set the function that lists the catalogue; returns the previous one."""
    global _source
    previous, _source = _source, source
    return previous


def catalogue() -> dict[str, str]:
    """Code → name of every known indicator (empty when no catalogue is registered)."""
    return _source() if _source is not None else {}


def indicator_choices() -> list[tuple[str, str]]:
    """Choices for a select: the indicator's Russian name, in the catalogue's order (the
    code is the value sent, never shown: a person chooses by name)."""
    return list(catalogue().items())


def validate_indicator_code(value: str) -> None:
    """Refuse a code the catalogue does not know (blank codes are left to ``blank``)."""
    if not value:
        return
    known = catalogue()
    if known and value not in known:
        raise ValidationError(
            f"Показателя с кодом «{value}» нет в каталоге показателей. Выберите показатель "
            "из списка («Анализ → Показатели → Паспорта показателей»).",
            code="unknown_indicator",
        )
