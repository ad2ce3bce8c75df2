"""The labour market against the graduates: admissions by specialty, the demand for
specialists and the targeted-training offers of the same year, with the gap."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from monitoring.registers.catalogs import Specialty
from monitoring.registers.labour import SpecialistDemand, TargetedTrainingOffer
from monitoring.registers.records import Admission


@dataclass
class SpecialtyRow:
    specialty: Specialty
    admitted: int = 0
    admitted_targeted: int = 0
    demand_municipal: int = 0
    demand_regional: int = 0
    offers: int = 0

    @property
    def demand(self) -> int:
        return self.demand_municipal + self.demand_regional

    @property
    def gap(self) -> int:
        """Specialists needed but not being trained: demand minus admissions (≥ 0)."""
        return max(self.demand - self.admitted, 0)

    @property
    def targeted_gap(self) -> int:
        """Targeted places offered but not taken."""
        return max(self.offers - self.admitted_targeted, 0)


@dataclass
class ProfessionRow:
    """Demand entered by a profession's name, without a specialty code: no admission can
    be matched to it, so all of it is the gap (it is not dropped from the totals)."""

    profession: str
    demand_municipal: int = 0
    demand_regional: int = 0

    @property
    def demand(self) -> int:
        return self.demand_municipal + self.demand_regional

    @property
    def gap(self) -> int:
        return self.demand


@dataclass
class LabourMarket:
    year: int
    rows: list[SpecialtyRow]
    uncoded: list[ProfessionRow]

    @property
    def professions_without_code(self) -> list[tuple[str, int]]:
        return [(row.profession, row.demand) for row in self.uncoded]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "admitted": sum(r.admitted for r in self.rows),
            "admitted_targeted": sum(r.admitted_targeted for r in self.rows),
            "demand": sum(r.demand for r in self.rows) + sum(r.demand for r in self.uncoded),
            "offers": sum(r.offers for r in self.rows),
            "gap": sum(r.gap for r in self.rows) + sum(r.gap for r in self.uncoded),
            "targeted_gap": sum(r.targeted_gap for r in self.rows),
        }


def labour_market(year: int, school=None) -> LabourMarket:
    """Four grouped queries and one for the specialties' names, whatever the data size.

    ``year`` is the calendar year of admission and of the demand and offers. Demand entered
    without a specialty code stays in the demand and the gap, as rows of its own."""
    admissions = Admission.objects.filter(date__year=year)
    if school is not None:
        admissions = admissions.filter(school=school)
    admitted = {
        row["specialty"]: row for row in admissions.values("specialty").annotate(
            n=Count("student", distinct=True),
            targeted=Count("student", distinct=True, filter=Q(basis=Admission.Basis.TARGETED)),
        )
    }
    demand = {
        row["specialty"]: row for row in SpecialistDemand.objects.filter(
            year=year, specialty__isnull=False
        ).values("specialty").annotate(
            municipal=Sum("number", filter=Q(territory=SpecialistDemand.Territory.MUNICIPALITY)),
            regional=Sum("number", filter=Q(territory=SpecialistDemand.Territory.REGION)),
        )
    }
    offers = dict(
        TargetedTrainingOffer.objects.filter(year=year).values("specialty")
        .annotate(n=Sum("places")).values_list("specialty", "n")
    )
    specialties = Specialty.objects.in_bulk(set(admitted) | set(demand) | set(offers))
    rows = []
    for pk, specialty in specialties.items():
        row = SpecialtyRow(specialty)
        if pk in admitted:
            row.admitted, row.admitted_targeted = admitted[pk]["n"], admitted[pk]["targeted"]
        if pk in demand:
            row.demand_municipal = demand[pk]["municipal"] or 0
            row.demand_regional = demand[pk]["regional"] or 0
        row.offers = offers.get(pk) or 0
        rows.append(row)
    rows.sort(key=lambda r: (-r.demand, -r.admitted, r.specialty.code))
    uncoded = [
        ProfessionRow(row["profession"], row["municipal"] or 0, row["regional"] or 0)
        for row in SpecialistDemand.objects.filter(year=year, specialty__isnull=True)
        .values("profession").annotate(
            municipal=Sum("number", filter=Q(territory=SpecialistDemand.Territory.MUNICIPALITY)),
            regional=Sum("number", filter=Q(territory=SpecialistDemand.Territory.REGION)),
            n=Sum("number"),
        ).order_by("-n", "profession")
    ]
    return LabourMarket(year, rows, uncoded)


def most_needed(year: int, limit: int = 10) -> list[tuple[str, int]]:
    """The specialties and professions with the largest demand (for the parents' page)."""
    market = labour_market(year)
    named = [(r.specialty.label, r.demand) for r in market.rows if r.demand]
    named += list(market.professions_without_code)
    return sorted(named, key=lambda item: -item[1])[:limit]
