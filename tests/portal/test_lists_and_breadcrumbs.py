"""Lists sort by their columns; every page says where it is (breadcrumbs from the URL)."""

from __future__ import annotations

import datetime as dt
import re

from monitoring.registers import catalogs as c
from monitoring.registers import records as r

from ..conftest import make_student


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<td><a href="/monitoring/students/\d+/">([^<]+)</a></td>', html)


def test_a_click_on_a_header_sorts_the_list_up_then_down(client_a, school_a):
    make_student(school_a, "Борисова", birth=dt.date(2012, 1, 1))
    make_student(school_a, "Алексеева", birth=dt.date(2010, 1, 1))
    make_student(school_a, "Васильева", birth=dt.date(2011, 1, 1))
    html = client_a.get("/monitoring/students/").content.decode()
    # The ФИО header is a link that sorts by surname.
    assert 'href="?sort=last_name"' in html
    up = client_a.get("/monitoring/students/?sort=birth_date").content.decode()
    assert [n.split()[0] for n in names_in_order(up)] == ["Алексеева", "Васильева", "Борисова"]
    assert 'aria-sort="ascending"' in up and 'href="?sort=-birth_date"' in up
    down = client_a.get("/monitoring/students/?sort=-birth_date").content.decode()
    assert [n.split()[0] for n in names_in_order(down)] == ["Борисова", "Васильева", "Алексеева"]


def test_sorting_keeps_the_filters_and_a_stale_sort_is_ignored(client_a, school_a):
    make_student(school_a, "Борисова", grade=7)
    make_student(school_a, "Алексеева", grade=8)
    html = client_a.get("/monitoring/students/?grade=7&sort=last_name").content.decode()
    assert names_in_order(html) == ["Борисова Анна Сергеевна"]
    # A header keeps the filter while changing the order.
    assert 'href="?grade=7&amp;sort=-last_name"' in html
    # An unknown column (an old bookmark) shows the list in its usual order, not nothing.
    html = client_a.get("/monitoring/students/?sort=password").content.decode()
    assert len(names_in_order(html)) == 2


def test_every_register_list_sorts_by_date_and_by_the_student(client_a, school_a):
    method = c.DiagnosticMethod.objects.create(name="Опросник Климова")
    for last, day in [("Яковлева", dt.date(2026, 10, 5)), ("Андреева", dt.date(2026, 10, 20))]:
        r.Diagnostic.objects.create(school=school_a, student=make_student(school_a, last),
                                    date=day, method=method)
    html = client_a.get("/monitoring/registers/diagnostics/?sort=date").content.decode()
    rows = re.findall(r'<td><a href="/monitoring/registers/diagnostics/\d+/">([^<]+)</a>', html)
    assert [n.split()[0] for n in rows] == ["Яковлева", "Андреева"]
    html = client_a.get("/monitoring/registers/diagnostics/?sort=student__last_name").content.decode()
    rows = re.findall(r'<td><a href="/monitoring/registers/diagnostics/\d+/">([^<]+)</a>', html)
    assert [n.split()[0] for n in rows] == ["Андреева", "Яковлева"]


def test_recommendations_and_jobs_sort_too(client_imc, imc, school_a):
    from reports.models import Recommendation

    Recommendation.objects.create(audience="parents", text="Б — вторая", author=imc)
    Recommendation.objects.create(audience="heads", text="А — первая", author=imc)
    html = client_imc.get("/reports/recommendations/?sort=text").content.decode()
    assert html.index("А — первая") < html.index("Б — вторая")
    html = client_imc.get("/reports/recommendations/?sort=-text").content.decode()
    assert html.index("Б — вторая") < html.index("А — первая")
    assert 'href="?sort=created_at"' in client_imc.get("/reports/").content.decode()


def crumbs(html: str) -> list[str]:
    nav = html.split('aria-label="Вы здесь"')[1].split("</ol>")[0]
    return [re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', nav, re.S)]


def test_breadcrumbs_follow_the_url_down_to_the_record(client_a, school_a):
    method = c.DiagnosticMethod.objects.create(name="Опросник Климова")
    record = r.Diagnostic.objects.create(school=school_a, student=make_student(school_a),
                                         date=dt.date(2026, 10, 5), method=method)
    html = client_a.get(f"/monitoring/registers/diagnostics/{record.pk}/edit/").content.decode()
    trail = crumbs(html)
    assert trail[:3] == ["Главная", "Реестры", "4. Охват профориентационной диагностикой"]
    assert trail[3] == str(record)[:47] or trail[3].startswith(str(record)[:20])
    assert trail[-1].startswith("Изменение")
    # The links go up the URL.
    assert 'href="/monitoring/registers/diagnostics/"' in html.split('aria-label="Вы здесь"')[1]


def test_breadcrumbs_never_name_what_the_user_may_not_see(client_b, school_a, school_b):
    student = make_student(school_a, "Тайнова")
    response = client_b.get(f"/monitoring/students/{student.pk}/edit/")
    assert response.status_code == 404
    assert "Тайнова" not in response.content.decode()


def test_pages_outside_lists_are_named_too(client_imc, db):
    html = client_imc.get("/reports/dashboard/?period=2022/2023-1").content.decode()
    assert crumbs(html) == ["Главная", "Отчёты и справки", "Показатели"]
    # The home page has none.
    assert 'aria-label="Вы здесь"' not in client_imc.get("/").content.decode()
