"""Targets and statuses, dashboards, and the indicators command."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from monitoring.registers import records as r
from reports import reference
from reports.indicators.targets import TargetStatus, target_status
from reports.models import Indicator, Target

from ..conftest import read_xlsx


@pytest.mark.parametrize(
    ("value", "target", "higher", "status"),
    [
        (60.0, 60, True, TargetStatus.ACHIEVED),
        (60.1, 60, True, TargetStatus.ACHIEVED),
        (54.0, 60, True, TargetStatus.CLOSE),      # 90 % of the target is "close"
        (53.9, 60, True, TargetStatus.MISSED),
        (10.0, 10, False, TargetStatus.ACHIEVED),
        (10.9, 10, False, TargetStatus.CLOSE),
        (11.1, 10, False, TargetStatus.MISSED),
        (None, 10, True, None),
        (5.0, None, True, None),
    ],
)
def test_target_status(value, target, higher, status):
    assert target_status(value, target, higher) == status


@pytest.fixture
def catalogue(db):
    reference.load()
    return {i.code: i for i in Indicator.objects.all()}


def test_catalogue_sync_is_idempotent_and_keeps_passport_edits(catalogue):
    indicator = catalogue["diagnostics_share"]
    indicator.collection_method = "Опрос классных руководителей, ежегодно"
    indicator.save()
    assert "обновлено: 0" in reference.load()
    indicator.refresh_from_db()
    assert indicator.collection_method == "Опрос классных руководителей, ежегодно"


def page_status(html: str, code: str) -> str:
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'data-status="(\w+)"', row).group(1)


def test_dashboard_shows_value_and_status_against_target(world, catalogue, client_imc):
    # Targets of people are set per year and judged on the academic year ending in it.
    Target.objects.create(indicator=catalogue["diagnostics_share"], year=2023, value=55)
    Target.objects.create(indicator=catalogue["ticket_share"], year=2023, value=40)
    html = client_imc.get(reverse("reports:municipal_dashboard") + "?period=2022/2023").content.decode()
    assert page_status(html, "diagnostics_share") == "achieved"   # 60.0 ≥ 55
    assert page_status(html, "ticket_share") == "missed"          # 20.0 < 36
    assert page_status(html, "unique_reach") == "none"


def test_a_half_year_is_not_judged_against_the_annual_target(world, catalogue, client_imc):
    Target.objects.create(indicator=catalogue["ticket_share"], year=2023, value=40)
    first = client_imc.get(reverse("reports:municipal_dashboard") + "?period=2022/2023-1").content.decode()
    assert page_status(first, "ticket_share") == "pending"
    assert "оценивается по итогам учебного года" in first
    # The II half-year closes the academic year: its annual value is judged and shown.
    second = client_imc.get(reverse("reports:municipal_dashboard") + "?period=2022/2023-2").content.decode()
    assert page_status(second, "ticket_share") == "missed"
    row = re.search(r'<tr data-code="ticket_share">(.*?)</tr>', second, re.S).group(1)
    assert "за 2022/2023 учебный год: 20.0 %" in row or "за 2022/2023 учебный год: 20,0 %" in row


def test_dashboard_number_equals_the_register(world, catalogue, client_head, school_a):
    # The head reads 2 of 3 pupils of grades 6–11 in school A: the register holds 2 records.
    students = r.Diagnostic.objects.filter(school=school_a).values("student").distinct().count()
    assert students == 2
    html = client_head.get(reverse("reports:municipal_dashboard") + "?period=2022/2023-1").content.decode()
    row = re.search(r'<tr data-code="diagnostics_share">.*?<td class="num">([\d,.]+)',
                    html, re.S).group(1)
    assert row == "60"  # as the notes write it: trailing zeros dropped
    matrix = html.split('id="schools-matrix"')[1]
    assert re.search(r"Школа А</a></th>.*?66,7|66.7", matrix, re.S)


def test_per_school_target_overrides_the_municipal_one(world, catalogue, school_a):
    from reports.indicators.scope import parse_span
    from reports.indicators.service import evaluate

    Target.objects.create(indicator=catalogue["diagnostics_share"], year=2023, value=50)
    Target.objects.create(indicator=catalogue["diagnostics_share"], year=2023, school=school_a, value=70)
    evaluation = evaluate(parse_span("2022/2023"), codes=["diagnostics_share"], history=False)
    assert evaluation.get("diagnostics_share", school_a.pk).status == TargetStatus.CLOSE  # 66.7 ≥ 90 % of 70
    assert evaluation.get("diagnostics_share").status == TargetStatus.ACHIEVED            # 60 vs 50


def test_dashboard_export_has_every_indicator(world, catalogue, client_imc):
    response = client_imc.get(reverse("reports:municipal_dashboard") + "?period=2022/2023-1&export=xlsx")
    book = read_xlsx(response.content)
    names = [row[0].value for row in book["Показатели"].iter_rows(min_row=3)]
    assert len(names) == Indicator.objects.count()
    dynamics = [[c.value for c in row] for row in book["Динамика"].iter_rows(min_row=3)]
    assert dynamics[-1] == ["2022/2023-1", 83.3]


def test_municipal_dashboard_runs_a_fixed_number_of_queries(world, catalogue, client_imc,
                                                            school_a, django_assert_max_num_queries):
    from .world import student

    url = reverse("reports:municipal_dashboard") + "?period=2022/2023-1"
    # Computed afresh both times: the cache is empty at first, and the 40 records below
    # change the data version (tests/reports/test_indicator_queries.py: the budgets).
    with django_assert_max_num_queries(355) as small:
        client_imc.get(url)
    method = r.Diagnostic.objects.first().method
    for i in range(40):
        s = student(school_a, f"Добавочный{i}", 1 + i % 11, "М")
        r.Diagnostic.objects.create(school=school_a, student=s, date=r.Diagnostic.objects.first().date,
                                    method=method)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client_imc.get(url)


def test_coordinator_sees_own_school_and_municipal_average_only(world, catalogue, client_a,
                                                               client_b, school_a):
    response = client_a.get(reverse("reports:municipal_dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:school_dashboard", args=[school_a.pk])
    html = client_a.get(reverse("reports:school_dashboard", args=[school_a.pk]) + "?period=2022/2023-1").content.decode()
    assert "Школа А" in html and "Школа Б" not in html
    assert client_b.get(reverse("reports:school_dashboard", args=[school_a.pk])).status_code == 404


def test_imc_sets_targets_and_the_head_cannot(catalogue, client_imc, client_head):
    url = reverse("reports:targets") + "?year=2022"
    response = client_imc.post(url, {"year": 2022, "target-diagnostics_share": "55,5",
                                     "target-ticket_share": ""})
    assert response.status_code == 302
    assert Target.objects.get(indicator__code="diagnostics_share", year=2022).value == 55.5
    bad = client_imc.post(url, {"year": 2022, "target-diagnostics_share": "много"})
    assert "«много» — не число" in bad.content.decode()
    assert client_head.post(url, {"year": 2022, "target-diagnostics_share": "1"}).status_code == 403
    assert Target.objects.get(indicator__code="diagnostics_share", year=2022).value == 55.5


def test_indicators_command_prints_csv(world, catalogue, school_a):
    out = io.StringIO()
    call_command("indicators", year=2022, period="2022/2023-1", format="csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["code", "name", "scope", "period", "value", "target", "status", "growth"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["diagnostics_share"][2:5] == ["municipality", "2022/2023-1", "60.0"]
    out = io.StringIO()
    call_command("indicators", year=2022, period="2022/2023-1", school="a", format="csv", stdout=out)
    by_code = {row[0]: row for row in csv.reader(io.StringIO(out.getvalue()))}
    assert by_code["diagnostics_share"][2] == "a" and by_code["diagnostics_share"][4] == "66.7"


def test_indicators_command_xlsx_and_errors(world, catalogue, tmp_path):
    from django.core.management import CommandError

    target = tmp_path / "ind.xlsx"
    call_command("indicators", year=2022, format="xlsx", out=str(target), stdout=io.StringIO())
    sheet = read_xlsx(target.read_bytes())["Показатели"]
    assert [c.value for c in sheet[1]] == ["code", "name", "scope", "period", "value", "target",
                                           "status", "growth"]
    with pytest.raises(CommandError, match="не найдена"):
        call_command("indicators", year=2022, school="nope")
    with pytest.raises(CommandError, match="указан неверно"):
        call_command("indicators", year=2022, period="2022-1")


def test_imc_drafts_recommendations_from_missed_targets(world, catalogue, client_imc, client_head,
                                                        school_a, school_b):
    from reports.models import Recommendation

    Target.objects.create(indicator=catalogue["diagnostics_share"], year=2023, value=70)
    url = reverse("reports:draft_recommendations")
    assert client_head.post(url, {"period": "2022/2023"}).status_code == 403
    response = client_imc.post(url, {"period": "2022/2023"})
    assert response.status_code == 302
    drafts = Recommendation.objects.filter(indicator_code="diagnostics_share")
    # Municipality (60 %) and both schools (66,7 % and 50 %) are below 70 % for 2022/2023.
    assert {d.school_id for d in drafts} == {None, school_a.pk, school_b.pk}
    assert set(drafts.values_list("status", flat=True)) == {Recommendation.Status.DRAFT}
    # The district's gap goes to the department, a school's to its head.
    assert set(drafts.filter(school=None).values_list("audience", flat=True)) >= {"department"}
    assert set(drafts.exclude(school=None).values_list("audience", flat=True)) == {"heads"}
    # Running it again — a double click — drafts nothing new.
    count = Recommendation.objects.count()
    client_imc.post(url, {"period": "2022/2023"})
    assert Recommendation.objects.count() == count
    # The I half-year closes no academic year: nothing is judged, nothing drafted.
    page = client_imc.post(url, {"period": "2022/2023-1"}, follow=True).content.decode()
    assert "проектов рекомендаций нет" in page and Recommendation.objects.count() == count


def _cells(html: str, code: str) -> list[str]:
    """The figures of an indicator's row: the school's, the municipality's, the target…"""
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)


def _municipal_cell(html: str, code: str) -> str:
    return _cells(html, code)[1]


def test_school_page_shows_own_figures_at_once_and_fetches_the_municipal_column(
        world, catalogue, client_a, client_b, client_imc, school_a):
    from .world import student

    url = reverse("reports:school_dashboard", args=[school_a.pk]) + "?period=2022/2023-1"
    # Nobody computed the municipal figures yet: the page comes with the school's own
    # (2 of 3 pupils: 66,7 %) and asks for the municipality's apart.
    first = client_a.get(url).content.decode()
    assert "66,7" in _cells(first, "diagnostics_share")[0]
    cell = _municipal_cell(first, "diagnostics_share")
    assert 'data-municipal="diagnostics_share"' in cell and "60" not in cell
    assert 'id="municipal-status"' in first and 'data-wait="municipal"' in first
    assert "portal/municipal" in first
    column = client_a.get(url + "&part=municipal")
    assert column.status_code == 200 and column["Content-Type"] == "application/json"
    data = column.json()
    assert data["cells"]["diagnostics_share"] == "60"
    assert data["chart"]["series"][1]["label"] == "Муниципалитет"
    assert 60.0 in data["chart"]["series"][1]["data"]
    # Computed once, they are on the page from then on.
    again = client_a.get(url).content.decode()
    assert "60" in _municipal_cell(again, "diagnostics_share")
    assert 'id="municipal-status"' not in again and "data-wait" not in again
    # Another school's coordinator reaches neither the page nor its municipal part.
    assert client_b.get(url + "&part=municipal").status_code == 404
    # A new record changes the figures: the page is computed afresh, own figures first
    # (3 of 4 pupils now: 75 %), the municipality again apart (4 of 6: 66,7 %).
    method = r.Diagnostic.objects.first().method
    r.Diagnostic.objects.create(school=school_a, student=student(school_a, "Новикова", 8, "Ж"),
                                date=r.Diagnostic.objects.first().date, method=method)
    after = client_a.get(url).content.decode()
    assert "75" in _cells(after, "diagnostics_share")[0]
    assert 'data-municipal="diagnostics_share"' in _municipal_cell(after, "diagnostics_share")
    # Without scripts the page with both columns is one link away.
    whole = client_a.get(url + "&municipal=1").content.decode()
    assert "66,7" in _municipal_cell(whole, "diagnostics_share")
    assert 'id="municipal-status"' not in whole


def test_school_page_after_the_municipal_dashboard_needs_no_second_request(
        world, catalogue, client_a, client_imc, school_a):
    period = "?period=2022/2023-1"
    client_imc.get(reverse("reports:municipal_dashboard") + period)
    html = client_a.get(reverse("reports:school_dashboard", args=[school_a.pk]) + period).content.decode()
    assert "60" in _municipal_cell(html, "diagnostics_share")
    assert 'id="municipal-status"' not in html


def test_school_page_export_carries_the_municipal_column(world, catalogue, client_a, school_a):
    url = reverse("reports:school_dashboard", args=[school_a.pk]) + "?period=2022/2023-1&export=xlsx"
    book = read_xlsx(client_a.get(url).content)
    sheet = book["Показатели ОО"]
    header = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=3)}
    name = catalogue["diagnostics_share"].name
    assert rows[name][header.index("Муниципалитет")] == 60
    assert rows[name][header.index("Школа А")] == 66.7
