"""Reference data of the municipality: the municipality itself, its schools, the years,
and the registers' reference lists (``monitoring/registers/reference.py``).

``manage.py load_reference_data`` calls ``load()`` of every app that has a
``reference`` module, in INSTALLED_APPS order; each is idempotent."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import AcademicYear, Municipality, School

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "municipality-nogliki.json"
FIRST_ACADEMIC_YEAR = 2020  # the roadmap starts in January 2021, i.e. in 2020/2021


@transaction.atomic
def load(stdout=None) -> str:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    municipality, _ = Municipality.objects.update_or_create(
        name=data["municipality"]["name"], defaults=data["municipality"]
    )
    created = 0
    for school in data["schools"]:
        _, is_new = School.objects.update_or_create(
            code=school["code"], defaults={**school, "municipality": municipality}
        )
        created += is_new
    current = AcademicYear.objects.current()
    for start in range(FIRST_ACADEMIC_YEAR, current.start_year + 1):
        AcademicYear.objects.get_or_create(start_year=start)
    from .registers.reference import load_catalogs

    catalogs = load_catalogs()
    return f"{catalogs}; муниципалитет и {len(data['schools'])} ОО (новых: {created}), учебные годы с {FIRST_ACADEMIC_YEAR}/{FIRST_ACADEMIC_YEAR + 1}"
