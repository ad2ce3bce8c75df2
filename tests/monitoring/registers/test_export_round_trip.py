"""Every list's Excel export re-imports as «без изменений» — also for a half-year ИМЦ has
accepted and closed, also for students who have no class this year, also when a name
differs from the portal's only by spaces or ё/е."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import AcademicYear, Enrollment, Student
from monitoring.registers.registry import registry

from ...conftest import make_staff, make_student, read_xlsx
from .cases import CASES, new_student
from .conftest import lock

ALL = list(CASES)
#: (list, accepted half-year?): municipal lists have no half-years to accept
ROUND_TRIPS = [pytest.param(slug, locked, id=f"{slug}-{'accepted_half_year' if locked else 'open'}")
               for slug in ALL for locked in (False, True)
               if not locked or registry.get(slug).school_scoped]


def keeper_client(request, slug):
    return request.getfixturevalue("client_a" if CASES[slug].keeper == "coordinator" else "client_imc")


def reimport(client, list_url: str, import_url: str, name: str = "выгрузка.xlsx") -> str:
    exported = client.get(list_url + "?export=xlsx")
    assert exported.status_code == 200
    file = SimpleUploadedFile(name, exported.content)
    return client.post(import_url, {"file": file}).content.decode()


def _unchanged(page: str, count: int) -> None:
    summary = page[page.find("Строк:"):][:2500]
    assert f"Строк: {count};" in page and f"без изменений: {count}," in page, summary
    assert "с ошибками: 0" in page and "сохранять нечего" in page, summary
    assert 'name="token"' not in page


@pytest.mark.parametrize(("slug", "locked"), ROUND_TRIPS)
def test_a_lists_export_imports_back_unchanged(request, ctx, slug, locked):
    entry, case = registry.get(slug), CASES[slug]
    students = [ctx.student, new_student(ctx, 31), new_student(ctx, 32)]
    for n, student in enumerate(students):
        case.make(ctx, student, n + 1)
    count = entry.model.objects.count()
    if locked:
        lock(ctx.school)
    client = keeper_client(request, slug)
    page = reimport(client, reverse("monitoring:register_list", args=[slug]),
                    reverse("monitoring:register_import", args=[slug]))
    _unchanged(page, count)


def test_a_changed_row_of_an_accepted_half_year_is_refused_and_the_rest_is_unchanged(ctx, client_a):
    for n, student in enumerate([ctx.student, new_student(ctx, 41)]):
        CASES["diagnostics"].make(ctx, student, n)
    lock(ctx.school)
    exported = client_a.get(reverse("monitoring:register_list", args=["diagnostics"]) + "?export=xlsx")
    book = read_xlsx(exported.content)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("Результат, рекомендации") + 1, value="изменено")
    buffer = io.BytesIO()
    book.save(buffer)
    page = client_a.post(reverse("monitoring:register_import", args=["diagnostics"]),
                         {"file": SimpleUploadedFile("правка.xlsx", buffer.getvalue())}).content.decode()
    assert "без изменений: 1," in page and "с ошибками: 1" in page
    assert "Строка 2, столбец «Дата»" in page and "приняты ИМЦ и закрыты для изменений" in page


def test_the_class_list_exports_and_imports_back_unchanged(client_a, school_a, year):
    make_student(school_a)
    make_student(school_a, last="Семёнова", first="Алёна", middle="", birth=dt.date(2012, 5, 6),
                 grade=6, letter="Б")
    graduate = make_student(school_a, last="Выпускников", first="Илья", birth=dt.date(2008, 1, 2),
                            grade=11, letter="")
    # Graduated last year: no class in this one — the list shows an empty class.
    Enrollment.objects.filter(student=graduate).update(
        academic_year=AcademicYear.objects.get_or_create(start_year=year.start_year - 1)[0])
    Student.objects.filter(pk=graduate.pk).update(status=Student.Status.GRADUATED)
    before = list(Student.objects.values().order_by("pk"))
    page = reimport(client_a, reverse("monitoring:student_list"), reverse("monitoring:student_import"))
    _unchanged(page, 3)
    assert list(Student.objects.values().order_by("pk")) == before


def test_spaces_and_yo_never_make_a_change(client_a, school_a):
    from ...conftest import xlsx_upload

    make_student(school_a, last="Семёнова", first="Алёна", middle="Петровна", birth=dt.date(2012, 5, 6),
                 grade=6, letter="Б")
    rows = [["Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Класс", "Литера"],
            ["  Семенова ", "Алена", "Петровна  ", "06.05.2012", "ж", "6", "б"]]
    page = client_a.post(reverse("monitoring:student_import"), {"file": xlsx_upload(rows)}).content.decode()
    assert "без изменений: 1," in page and "сохранять нечего" in page
    student = Student.objects.get()
    assert (student.last_name, student.first_name) == ("Семёнова", "Алёна")  # kept as it was


def test_the_staff_list_exports_and_imports_back_unchanged(client_a, school_a):
    make_staff(school_a)
    make_staff(school_a, last="Сидорова", first_name="Алёна", is_class_teacher=True)
    page = reimport(client_a, reverse("monitoring:staff_list"), reverse("monitoring:staff_import"))
    _unchanged(page, 2)


@pytest.mark.parametrize("slug", ALL)
def test_a_lists_export_reads_it_in_a_fixed_number_of_queries(request, ctx, slug):
    """The export joins only what its columns read (a list page also joins the school and
    more, objects built per row and thrown away), and never one query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    entry, case = registry.get(slug), CASES[slug]
    client = keeper_client(request, slug)
    url = reverse("monitoring:register_list", args=[slug]) + "?export=xlsx"
    case.make(ctx, ctx.student, 1)
    client.get(url)  # the session, the permissions
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 6):
        case.make(ctx, new_student(ctx, 40 + n), n)
    with CaptureQueriesContext(connection) as five:
        book = read_xlsx(client.get(url).content)
    assert len(five) == len(one), [q["sql"][:120] for q in five.captured_queries]
    assert book.active.max_row == 1 + entry.model.objects.count()
