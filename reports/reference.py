"""The indicator catalogue in the database, for passports and targets (idempotent)."""

from __future__ import annotations

from django.db import transaction

from .indicators.service import definitions
from .models import Indicator

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
    from .indicators.risks import bind_default_risks

    risks = bind_default_risks()
    # The training targets are not indicator targets: each roadmap keeps its own per year
    # and staff group (roadmap.models.TrainingTarget, preloaded from the roadmap's file).
    return (f"показателей в каталоге: {len(definitions())} (новых: {created}, обновлено: "
            f"{updated}); риски, привязанные к показателям: {risks}")
