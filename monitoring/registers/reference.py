"""Load the registers' reference lists from ``fixtures/registers-reference.json``.

Idempotent: entries are matched by their code (or name) and updated in place, so running
it again changes nothing and never duplicates; entries ИМЦ added in the administration
section are left alone."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..models import School
from .catalogs import (
    Competition,
    DiagnosticMethod,
    Direction,
    GrowthPointCentre,
    Institution,
    Profile,
    Specialty,
    Subject,
    TicketStage,
)

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "registers-reference.json"


@transaction.atomic
def load_catalogs() -> str:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    created = 0
    for item in data["directions"]:
        created += Direction.objects.update_or_create(code=item["code"], defaults=item)[1]
    for item in data["profiles"]:
        created += Profile.objects.update_or_create(code=item["code"], defaults=item)[1]
    for name in data["subjects"]:
        created += Subject.objects.get_or_create(name=name)[1]
    for item in data["diagnostic_methods"]:
        created += DiagnosticMethod.objects.update_or_create(name=item["name"], defaults=item)[1]
    for item in data["competitions"]:
        created += Competition.objects.update_or_create(name=item["name"], defaults=item)[1]
    for item in data["institutions"]:
        created += Institution.objects.update_or_create(name=item["name"], defaults=item)[1]
    for code, name in data["specialties"]:
        created += Specialty.objects.update_or_create(code=code, defaults={"name": name})[1]
    for item in data["ticket_stages"]:
        created += TicketStage.objects.update_or_create(code=item["code"], defaults=item)[1]
    created += _growth_point_centres()
    return f"справочники реестров (новых записей: {created})"


def _growth_point_centres() -> int:
    """A centre for every school the municipality lists as having «Точка роста»."""
    created = 0
    for school in School.objects.filter(has_growth_point=True):
        _, is_new = GrowthPointCentre.objects.get_or_create(
            school=school,
            defaults={"name": f"Центр «Точка роста» ({school.short_name})",
                      "opened_year": school.growth_point_opened},
        )
        created += is_new
    return created
