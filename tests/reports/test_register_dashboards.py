"""A summary page per register: counts by school, grade, ОВЗ, sex — as the register holds."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from monitoring.registers.registry import registry

from ..conftest import read_xlsx
from .world import student

H1 = "?period=2022/2023-1"


def cells(html: str, school: str) -> list[str]:
    row = re.search(rf"<tr><td>{school}</td>(.*?)</tr>", html, re.S).group(1)
    return re.findall(r'<td class="text-end">(\d+)</td>', row)


def test_diagnostics_summary_matches_the_register(world, client_imc):
    html = client_imc.get(reverse("reports:register_dashboard", args=["diagnostics"]) + H1).content.decode()
    assert cells(html, "Школа А") == ["2", "2", "1"]   # records, students, of them with ОВЗ
    assert cells(html, "Школа Б") == ["1", "1", "1"]
    assert "Юношей: 2, девушек: 1." in html


@pytest.mark.parametrize("slug", [e.slug for e in registry if e.is_register])
def test_every_register_has_a_summary_page_and_export(world, client_imc, slug):
    url = reverse("reports:register_dashboard", args=[slug]) + H1
    assert client_imc.get(url).status_code == 200
    book = read_xlsx(client_imc.get(url + "&export=xlsx").content)
    assert "По ОО" in book.sheetnames


def test_coordinator_sees_only_own_school(world, client_a):
    html = client_a.get(reverse("reports:register_dashboard", args=["diagnostics"]) + H1).content.decode()
    assert "Школа А" in html and "Школа Б" not in html


def test_unknown_register_is_not_found(client_imc, db):
    assert client_imc.get(reverse("reports:register_dashboard", args=["nope"])).status_code == 404


def test_register_summary_runs_a_fixed_number_of_queries(world, client_imc, school_a,
                                                         django_assert_max_num_queries):
    from monitoring.registers.records import Diagnostic

    url = reverse("reports:register_dashboard", args=["diagnostics"]) + H1
    with django_assert_max_num_queries(30) as small:
        client_imc.get(url)
    first = Diagnostic.objects.first()
    for i in range(30):
        Diagnostic.objects.create(school=school_a, student=student(school_a, f"Ещё{i}", 7, "Ж"),
                                  date=first.date, method=first.method)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client_imc.get(url)


def total_cells(html: str) -> list[str]:
    row = re.search(r"<tfoot[^>]*><tr><td>Всего</td>(.*?)</tr>", html, re.S).group(1)
    return re.findall(r'<td class="text-end">(\d+)</td>', row)


def test_the_summary_follows_every_write_and_counts_a_moved_student_once(world, client_imc,
                                                                      school_a, school_b):
    """The summary is kept in the cache under the data version: a record added, then the
    same person recorded at a second school (a move: the same ФИО and birth date) — the
    schools' rows count him at each, the total once."""
    from monitoring.models import Student
    from monitoring.registers.records import Diagnostic

    url = reverse("reports:register_dashboard", args=["diagnostics"]) + H1
    assert total_cells(client_imc.get(url).content.decode()) == ["3", "3", "2"]
    first = Diagnostic.objects.first()
    moved = student(school_a, "Переехавшая", 8, "Ж")
    Diagnostic.objects.create(school=school_a, student=moved, date=first.date, method=first.method)
    html = client_imc.get(url).content.decode()
    assert cells(html, "Школа А") == ["3", "3", "1"]
    assert total_cells(html) == ["4", "4", "2"]

    again = Student.objects.create(school=school_b, last_name=moved.last_name,
                                   first_name=moved.first_name, middle_name=moved.middle_name,
                                   birth_date=moved.birth_date, sex=moved.sex)
    Diagnostic.objects.create(school=school_b, student=again, date=first.date, method=first.method)
    html = client_imc.get(url).content.decode()
    assert cells(html, "Школа Б") == ["2", "2", "1"]
    assert total_cells(html) == ["5", "4", "2"]  # five records, four people


def test_the_worker_computes_each_register_summary_ahead(world, client_imc, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.dataversion import bump
    from reports.indicators.warm import warm_dashboards

    url = reverse("reports:register_dashboard", args=["diagnostics"])
    bump()
    with CaptureQueriesContext(connection) as cold:
        before = client_imc.get(url).content.decode()
    bump()
    warm_dashboards()
    with CaptureQueriesContext(connection) as warm:
        after = client_imc.get(url).content.decode()
    for school in ("Школа А", "Школа Б"):
        assert cells(after, school) == cells(before, school)
    assert total_cells(after) == total_cells(before)
    assert re.search(r"Юношей: \d+, девушек: \d+", after)[0] == re.search(
        r"Юношей: \d+, девушек: \d+", before)[0]
    # The half-year it opens with is still looked up (a record or none per half-year);
    # nothing of the register is counted.
    def counting(queries) -> list[str]:
        return [q["sql"] for q in queries.captured_queries
                if "monitoring_diagnostic" in q["sql"] and "COUNT(" in q["sql"]]

    assert counting(cold) and not counting(warm)
