"""A constraint shape several models share: one row per key for the municipality (no
school) and one per key for each school — NULL never equals NULL in a plain unique
constraint, so the two cases are two conditional constraints."""

from __future__ import annotations

from django.db import models


def unique_per_school_or_municipality(
    fields: list[str], *, school: str = "school", municipal_name: str, school_name: str,
    municipal_message: str, school_message: str,
) -> list[models.UniqueConstraint]:
    return [
        models.UniqueConstraint(
            fields=fields, condition=models.Q(**{f"{school}__isnull": True}),
            name=municipal_name, violation_error_message=municipal_message,
        ),
        models.UniqueConstraint(
            fields=[*fields, school], condition=models.Q(**{f"{school}__isnull": False}),
            name=school_name, violation_error_message=school_message,
        ),
    ]
