"""In a real browser: the coordinator finds a student among hundreds by class, then name
(«7а обр») — in the page's list, or, in a large school, loaded as one types — and the
import preview of a hostile file keeps the page's width.

Set LOOK_DIR to a folder to keep screenshots of both screens at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt
import io
import os

import openpyxl
import pytest
from django.utils import timezone

from monitoring.registers import forms as register_forms
from monitoring.registers.catalogs import DiagnosticMethod
from monitoring.registers.records import Diagnostic

from ..conftest import make_student
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def look(page, name: str) -> None:
    folder = os.environ.get("LOOK_DIR")
    if not folder:
        return
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(folder, f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_coordinator_picks_a_student_by_class_then_name(page, school_a, coordinator_a):
    from playwright.sync_api import expect

    method = DiagnosticMethod.objects.create(name="Методика «Карта интересов»")
    for n in range(40):  # a school's worth of namesakes-by-letter in other classes
        make_student(school_a, last=f"Обручева{n}", first="Ольга", middle="", grade=5 + n % 4,
                     letter="АБ"[n % 2], birth=dt.date(2011, 1, 1) + dt.timedelta(days=n))
    anna = make_student(school_a)  # Образцова Анна Сергеевна, 7А
    login(page, "coord_a")
    page.goto("/monitoring/registers/diagnostics/add/")
    page.locator(".ts-control").first.click()
    page.keyboard.type("7а обр")
    # The list filters as one types: wait until it has settled on «7а обр».
    expect(page.locator(".ts-dropdown .option", has_text="Обручева0 ")).to_have_count(0)
    expect(page.locator(".ts-dropdown .option", has_text="Образцова Анна Сергеевна")).to_have_count(1)
    texts = page.locator(".ts-dropdown .option:visible").all_inner_texts()
    assert texts and all("Обр" in t for t in texts)
    assert any("Образцова Анна Сергеевна" in t for t in texts)
    assert not any("Обручева0 " in t for t in texts)  # 5А is not 7А
    look(page, "student-picker")
    page.locator(".ts-dropdown .option", has_text="Образцова Анна Сергеевна").click()
    page.get_by_label("Дата").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.get_by_label("Методика").select_option(label=method.name)
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url("**/monitoring/registers/diagnostics/*/")
    assert Diagnostic.objects.get().student == anna


def test_a_large_schools_picker_loads_students_as_one_types(page, monkeypatch, school_a,
                                                            coordinator_a):
    from playwright.sync_api import expect

    # The live server runs in this process: a school of more than 5 students is «large».
    monkeypatch.setattr(register_forms, "STUDENT_LIST_LIMIT", 5)
    method = DiagnosticMethod.objects.create(name="Методика «Карта интересов»")
    for n in range(12):
        make_student(school_a, last=f"Обручева{n}", first="Ольга", middle="", grade=5 + n % 4,
                     letter="АБ"[n % 2], birth=dt.date(2011, 1, 1) + dt.timedelta(days=n))
    anna = make_student(school_a)  # Образцова Анна Сергеевна, 7А
    login(page, "coord_a")
    page.goto("/monitoring/registers/diagnostics/add/")
    select = page.locator("select#id_student")
    assert "/monitoring/students/pick/" in select.get_attribute("data-load-url")
    assert select.locator("option").count() == 1  # only the empty choice is in the page
    expect(page.get_by_text("список подгружается по мере ввода")).to_be_visible()
    page.locator(".ts-control").first.click()
    # On focus the start of the list arrives, grouped by class.
    expect(page.locator(".ts-dropdown .optgroup-header", has_text="5А")).to_have_count(1)
    page.keyboard.type("7а обр")
    expect(page.locator(".ts-dropdown .option", has_text="Обручева0 ")).to_have_count(0)  # 5А
    option = page.locator(".ts-dropdown .option", has_text="Образцова Анна Сергеевна (14.03.2011)")
    expect(option).to_have_count(1)
    expect(page.locator(".ts-dropdown .optgroup-header:visible")).to_have_text(["7А"])
    option.click()
    page.get_by_label("Дата").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.get_by_label("Методика").select_option(label=method.name)
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url("**/monitoring/registers/diagnostics/*/")
    assert Diagnostic.objects.get().student == anna


def test_a_hostile_file_keeps_the_preview_readable(page, tmp_path, school_a, coordinator_a):
    DiagnosticMethod.objects.create(name="Методика «Карта интересов»")
    make_student(school_a)
    day = timezone.localdate().strftime("%d.%m.%Y")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Данные"
    sheet.append(["Сведения для мониторинга"])
    sheet.append(["ФИО обучающегося", "Дата рождения", "Класс", "Дата", "Методика", "Примечание"])
    sheet.append([1, 2, 3, 4, 5, 6])
    sheet.append(["Образцова Анна Сергеевна", "14.03.11", "7 «А»", day, "Методика «Карта интересов»",
                  "ы" * 5000])
    sheet.append(["Образцова Анна Сергеевна", "14.03.2011", "7А", day, "Методика «Карта интересов»",
                  "שלום\u202eевтсдерс"])
    sheet.append(["Итого: 2"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "список.xlsx"
    path.write_bytes(buffer.getvalue())

    login(page, "coord_a")
    page.goto("/monitoring/registers/diagnostics/import/")
    page.get_by_label("Файл: .xlsx, .xls, .ods или .csv").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    errors = page.locator("#import-errors").inner_text()
    assert "Строка 4, столбец «Примечание»" in errors and "слишком длинное значение" in errors
    assert "Строка 5, столбец «Примечание»" in errors and "U+202E" in errors
    notices = page.locator("#import-notices").inner_text()
    assert "номера столбцов" in notices and "строка итогов" in notices
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        # No line of the preview widens the page beyond the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    look(page, "import-preview")
    assert not Diagnostic.objects.exists()
