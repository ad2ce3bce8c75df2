"""Targets of the generated region (``manage.py seed_region``): municipal targets of the
main indicators for each year, rising a little every year, and a school target of unique
reach for every school. Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random

from monitoring.dataversion import bump
from monitoring.models import School

from .demo import TARGETS
from .models import Indicator, Target


def build_region(seed: int, today: dt.date) -> str:
    rng = random.Random(f"{seed}-targets")
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=TARGETS)}
    schools = list(School.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    targets: list[Target] = []
    for year in range(today.year - 2, today.year + 1):
        for code, value in TARGETS.items():
            if code not in indicators:
                continue
            fixed = code in {"normative_documents", "measures_on_time"}
            grown = value if fixed else min(100, value + 5 * (year - 2021))
            if not Target.objects.filter(indicator=indicators[code], year=year,
                                         school=None).exists():
                targets.append(Target(indicator=indicators[code], year=year, value=grown,
                                      comment="цель вымышленного региона"))
        if "unique_reach" in indicators:
            targets += [Target(indicator=indicators["unique_reach"], year=year, school_id=pk,
                               value=rng.randint(45, 80), comment="цель ОО вымышленного региона")
                        for pk in schools]
    Target.objects.bulk_create(targets, batch_size=2000)
    bump()
    return f"целевых значений показателей: {len(targets)}"
