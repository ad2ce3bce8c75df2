"""The indicator catalogue in the database, for passports and targets (idempotent)."""

from __future__ import annotations

from django.db import transaction

from .indicators.service import definitions
from .models import Indicator, Target

SYNCED = ("name", "unit", "group", "numerator", "denominator", "source", "higher_is_better",
          "expectation", "order")


@transaction.atomic
def load(stdout=None) -> str:
    """Create or update an Indicator row per catalogue entry.

    The fields computed from code are overwritten; what ИМЦ keeps (base value, method of
    collection, responsible, is_active) is left as edited."""
    existing = {i.code: i for i in Indicator.objects.all()}
    created = updated = 0
    for definition in definitions():
        values = {name: getattr(definition, name) for name in SYNCED}
        indicator = existing.get(definition.code)
        if indicator is None:
            Indicator.objects.create(code=definition.code, **values)
            created += 1
        elif any(getattr(indicator, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.save()
            updated += 1
    targets = preload_training_targets()
    from .indicators.risks import bind_default_risks

    risks = bind_default_risks()
    return (f"показателей в каталоге: {len(definitions())} (новых: {created}, обновлено: "
            f"{updated}); цели охвата обучением 25/60/100 %: новых {targets}; "
            f"риски, привязанные к показателям: {risks}")


def preload_training_targets() -> int:
    """The roadmap's coverage targets for each staff category and role (measure 5.2), as
    municipal targets of the training indicators; targets ИМЦ already set are left alone."""
    from roadmap.services.training import COVERAGE_TARGETS

    created = 0
    for definition in definitions():
        if not (definition.category or definition.role):
            continue
        indicator = Indicator.objects.get(code=definition.code)
        for year, value in COVERAGE_TARGETS.items():
            _, is_new = Target.objects.get_or_create(
                indicator=indicator, year=year, school=None,
                defaults={"value": value, "comment": "Дорожная карта 2021–2023, мероприятие 5.2"},
            )
            created += is_new
    return created
