"""What the public page for parents may show, and nothing else: no personal data.

``labour_market()`` gives the most needed specialties and the targeted-training offers of
the latest year ИМЦ has entered (the page leaves the section out when there are none)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabourMarketItem:
    """One line of the public labour-market section: a specialty in demand, or an offer of
    targeted training by an employer."""

    title: str
    kind: str  # «востребованная специальность» / «целевое обучение»
    details: str = ""
    employer: str = ""


def labour_market(limit: int = 10) -> list[LabourMarketItem]:
    """Demand for specialists and targeted-training offers for the public page."""
    from django.db.models import Max

    from monitoring.registers.labour import SpecialistDemand, TargetedTrainingOffer

    from .indicators.labour import most_needed

    years = [SpecialistDemand.objects.aggregate(y=Max("year"))["y"],
             TargetedTrainingOffer.objects.aggregate(y=Max("year"))["y"]]
    years = [y for y in years if y]
    if not years:
        return []
    year = max(years)
    items = [
        LabourMarketItem(title, "востребованная специальность",
                         f"потребность в {year} году: {number} чел.")
        for title, number in most_needed(year, limit)
    ]
    offers = (TargetedTrainingOffer.objects.filter(year=year)
              .select_related("employer", "specialty", "institution")
              .order_by("-places", "employer__name")[:limit])
    for offer in offers:
        where = f", {offer.institution}" if offer.institution_id else ""
        items.append(LabourMarketItem(
            offer.specialty.label, "целевое обучение",
            f"мест: {offer.places}{where}", offer.employer.name,
        ))
    return items
