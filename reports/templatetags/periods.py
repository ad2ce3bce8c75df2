"""Period codes as people read them: «2025/2026-1» → «I полугодие 2025/26»."""

from __future__ import annotations

from django import template

from ..indicators.periods import label_of

register = template.Library()


@register.filter
def period_label(code: str) -> str:
    return label_of(code) if code else ""
