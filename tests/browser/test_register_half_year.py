"""End of a half-year, in a real browser: the coordinator loads a register from Excel, is
shown the one bad row, fixes the file, saves it and submits the half-year; the ИМЦ
specialist accepts it, and the school's data is closed."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from django.utils import timezone

from monitoring.models import Period
from monitoring.registers.catalogs import DiagnosticMethod
from monitoring.registers.records import Diagnostic
from monitoring.registers.submissions import Submission

from ..conftest import make_student
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["ФИО обучающегося", "Дата рождения", "Класс", "Дата", "Методика"]


def write_file(path, rows) -> str:
    book = openpyxl.Workbook()
    book.active.title = "Данные"
    for row in [HEADERS, *rows]:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_coordinator_imports_fixes_and_submits_then_imc_accepts(
        page, browser, live_server, tmp_path, school_a, coordinator_a, imc):
    method = DiagnosticMethod.objects.create(name="Методика «Карта интересов»")
    anna = make_student(school_a)
    ivan = make_student(school_a, last="Примеров", first="Иван", middle="", birth=dt.date(2011, 6, 5),
                        letter="Б")
    today = timezone.localdate().strftime("%d.%m.%Y")
    good = [anna.full_name, "14.03.2011", "7А", today, method.name]
    bad = [ivan.full_name, "05.06.2011", "7Б", "31.02.2025", method.name]

    login(page, "coord_a")
    page.goto("/monitoring/registers/diagnostics/")
    page.get_by_role("link", name="Загрузить из Excel").click()
    page.get_by_label("Файл: .xlsx, .xls, .ods или .csv").set_input_files(write_file(tmp_path / "первый.xlsx", [good, bad]))
    page.get_by_role("button", name="Проверить файл").click()
    errors = page.locator("#import-errors")
    assert "Файл не загружен" in errors.inner_text()
    assert "Строка 3, столбец «Дата», значение «31.02.2025»: дата не распознана" in errors.inner_text()
    assert page.get_by_role("button", name="Сохранить").count() == 0
    assert not Diagnostic.objects.exists()

    bad[3] = today
    page.get_by_label("Файл: .xlsx, .xls, .ods или .csv").set_input_files(write_file(tmp_path / "исправленный.xlsx", [good, bad]))
    page.get_by_role("button", name="Проверить файл").click()
    assert "новых: 2" in page.content()
    page.get_by_role("button", name="Сохранить 2 строки").click()
    page.wait_for_url("**/monitoring/registers/diagnostics/")
    assert "загружен" in page.locator(".alert-success").inner_text()
    table = page.locator("table").inner_text()
    assert anna.full_name in table and ivan.full_name in table

    page.goto("/")
    period = Period.objects.current()
    card = page.locator(".half-year").filter(has_text=f"Сдача данных: {period}")
    assert "4. Охват профориентационной диагностикой" in card.inner_text()
    card.get_by_label("Подтверждаю").check()
    card.get_by_label("Сдаю досрочно").check()  # the half-year is still running
    card.get_by_role("button", name="Сдать данные").click()
    assert "сданы в ИМЦ" in page.locator(".alert-success").inner_text()
    card = page.locator(".half-year").filter(has_text=f"Сдача данных: {period}")
    assert card.locator(".submission-state").inner_text() == "сдано"

    imc_context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    imc_page = imc_context.new_page()
    imc_page.set_default_timeout(15000)
    try:
        login(imc_page, "imc")
        imc_page.goto(f"/monitoring/submissions/?period={period.code}")
        row = imc_page.locator(f"#school-{school_a.pk}")
        assert "сдано" in row.inner_text()
        row.get_by_label("досрочно").check()
        row.get_by_role("button", name="Принять").click()
        assert "приняты и закрыты для изменений" in imc_page.locator(".alert-success").inner_text()
        assert "принято" in imc_page.locator(f"#school-{school_a.pk}").inner_text()
    finally:
        imc_context.close()

    assert Submission.objects.get(school=school_a, period=period).state == "accepted"
    page.goto("/")
    assert "Данные приняты ИМЦ" in page.content()
    record = Diagnostic.objects.get(student=anna)
    page.goto(f"/monitoring/registers/diagnostics/{record.pk}/edit/")
    assert "приняты ИМЦ и закрыты для изменений" in page.content()
