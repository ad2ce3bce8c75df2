"""Admissions against the demand for specialists and targeted-training offers."""

from __future__ import annotations

from django.urls import reverse

from monitoring.registers.catalogs import Employer, Specialty
from monitoring.registers.labour import SpecialistDemand, TargetedTrainingOffer
from reports.indicators.labour import labour_market, most_needed

from ..conftest import read_xlsx


def add_market(employer: Employer) -> tuple[Specialty, Specialty]:
    drilling = Specialty.objects.get(code="21.02.01")
    nurse = Specialty.objects.get_or_create(code="34.02.01", defaults={"name": "Сестринское дело"})[0]
    SpecialistDemand.objects.create(year=2023, territory="municipality", specialty=drilling,
                                    number=5, source="employer", employer=employer)
    SpecialistDemand.objects.create(year=2023, territory="region", specialty=drilling,
                                    number=10, source="forecast")
    SpecialistDemand.objects.create(year=2023, territory="municipality", specialty=nurse,
                                    number=3, source="employment_centre")
    SpecialistDemand.objects.create(year=2023, territory="municipality", profession="водитель",
                                    number=4, source="employment_centre")
    TargetedTrainingOffer.objects.create(year=2023, employer=employer, specialty=drilling, places=3)
    return drilling, nurse


def test_gap_between_demand_and_admissions(world):
    add_market(Employer.objects.get())
    market = labour_market(2023)
    rows = {r.specialty.code: r for r in market.rows}
    # Both graduates (s3 targeted, s5 contract) were admitted to 21.02.01.
    assert (rows["21.02.01"].admitted, rows["21.02.01"].admitted_targeted) == (2, 1)
    assert rows["21.02.01"].demand == 15 and rows["21.02.01"].gap == 13
    assert rows["21.02.01"].offers == 3 and rows["21.02.01"].targeted_gap == 2
    assert rows["34.02.01"].admitted == 0 and rows["34.02.01"].gap == 3
    assert market.professions_without_code == [("водитель", 4)]
    # Demand without a specialty code stays in the demand and in the gap (4 drivers).
    assert market.totals["demand"] == 15 + 3 + 4
    assert market.totals["gap"] == 13 + 3 + 4
    assert most_needed(2023)[0] == (Specialty.objects.get(code="21.02.01").label, 15)


def test_labour_market_page_and_export(world, client_imc, client_a, school_b):
    add_market(Employer.objects.get())
    html = client_imc.get(reverse("reports:labour_market") + "?year=2023").content.decode()
    assert "21.02.01" in html and "34.02.01" in html
    book = read_xlsx(client_imc.get(reverse("reports:labour_market") + "?year=2023&export=xlsx").content)
    codes = [row[0].value for row in book.active.iter_rows(min_row=3)]
    assert codes[:2] == ["21.02.01", "34.02.01"]
    assert "водитель" in html and "без кода ОКСО" in html
    # The coordinator of school A sees only own graduates: s3, not B's s5.
    html = client_a.get(reverse("reports:labour_market") + "?year=2023").content.decode()
    assert '<td class="text-end">1</td>' in html.split("21.02.01")[1][:200]


def test_parents_page_shows_needed_specialties_and_offers_without_names(world, client):
    add_market(Employer.objects.get())
    html = client.get("/parents/").content.decode()
    assert "21.02.01" in html and "ООО «Тестнефть»" in html and "мест: 3" in html
    for student in world.values():
        assert student.last_name not in html
