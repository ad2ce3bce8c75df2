"""Absurd years, periods and numbers in a URL or a form get a Russian 400 or a form error,
never a 500, and a page read creates no rows; school data is scoped on every page."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from monitoring.models import AcademicYear, Period
from reports import reference
from reports.models import Target
from roadmap.models import Roadmap


@pytest.fixture
def catalogue(db):
    reference.load()


@pytest.mark.parametrize("url", [
    "/reports/labour-market/?year=99999",
    "/reports/labour-market/?year=NaN",
    "/reports/labour-market/?year=1e400",
    "/reports/targets/?year=99999",
    "/reports/targets/?year=-1",
    "/reports/training/?year=1000",
    "/reports/training/?year=²⁰²²",  # digits to str.isdigit, not to int
    "/reports/targets/diagnostics_share/99999/",
])
def test_out_of_range_parameters_are_a_russian_400(client_imc, catalogue, url):
    response = client_imc.get(url)
    assert response.status_code == 400, url
    page = response.content.decode()
    assert "Неверный запрос" in page
    assert "указан неверно" in page or "вне допустимого диапазона" in page


@pytest.mark.parametrize("school", ["²", "٣", "9" * 30, "-1", "1 OR 1=1"])
def test_a_recommendations_filter_by_an_absurd_school_shows_the_list(client_imc, catalogue,
                                                                     school):
    response = client_imc.get(reverse("reports:recommendation_list"), {"school": school})
    assert response.status_code == 200


def test_a_measure_on_an_absurd_date_is_a_russian_400(client_imc, municipality):
    call_command("load_roadmap", stdout=io.StringIO())
    roadmap = Roadmap.objects.get()
    assert client_imc.get(f"{roadmap.get_absolute_url()}?on=01.01.9999").status_code < 500
    measure = roadmap.measures.first().get_absolute_url()
    assert client_imc.get(f"{measure}?on=01.06.2022").status_code == 200
    response = client_imc.get(f"{measure}?on=01.01.9999")
    assert response.status_code == 400
    assert "Дата относится к году 9999" in response.content.decode()


def test_a_get_with_an_absurd_period_creates_nothing(client_imc, catalogue):
    client_imc.get("/monitoring/submissions/")  # the current half-year exists from now on
    years, periods = AcademicYear.objects.count(), Period.objects.count()
    page = client_imc.get("/monitoring/submissions/?period=1000/1001-1")
    assert page.status_code == 200
    assert "вне допустимого диапазона" in page.content.decode()
    future = client_imc.get("/monitoring/submissions/?period=2090/2091-1")
    assert "нет данных" in future.content.decode()
    dashboard = client_imc.get("/reports/dashboard/?period=1000/1001-1")
    assert dashboard.status_code == 200
    assert "вне допустимого диапазона" in dashboard.content.decode()
    assert (AcademicYear.objects.count(), Period.objects.count()) == (years, periods)
    assert not AcademicYear.objects.filter(start_year__in=[1000, 2090]).exists()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e400", "-sNaN", "99999999999"])
def test_a_target_that_is_not_a_number_is_a_form_error(client_imc, catalogue, value, school_a):
    before = set(Target.objects.values_list("pk", "value"))
    url = reverse("reports:targets") + "?year=2022"
    response = client_imc.post(url, {"year": 2022, "target-diagnostics_share": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "не число" in page or "слишком велико" in page
    assert set(Target.objects.values_list("pk", "value")) == before
    school_url = reverse("reports:school_targets", args=["diagnostics_share", 2022])
    response = client_imc.post(school_url, {f"school-{school_a.pk}": value})
    assert response.status_code == 200
    assert "не число" in response.content.decode() or "слишком велико" in response.content.decode()
    assert set(Target.objects.values_list("pk", "value")) == before


def test_school_targets_show_a_coordinator_only_own_schools(
    catalogue, client_a, client_imc, school_a, school_b
):
    url = reverse("reports:school_targets", args=["diagnostics_share", 2022])
    client_imc.post(url, {f"school-{school_a.pk}": "40", f"school-{school_b.pk}": "70"})
    assert Target.objects.get(school=school_b).value == Decimal("70")
    page = client_a.get(url).content.decode()
    assert "Школа А" in page and "Школа Б" not in page and "70" not in page
    # Nor can a coordinator write another school's target (permission, then scope).
    assert client_a.post(url, {f"school-{school_b.pk}": "1"}).status_code == 403
    assert Target.objects.get(school=school_b).value == Decimal("70")
