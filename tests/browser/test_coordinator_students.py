"""A coordinator's first minutes in the portal, in a real browser."""

from __future__ import annotations

import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_sees_own_students_and_not_another_schools(
    page, coordinator_a, student_a, student_b
):
    login(page, "coord_a")
    assert "Школа А" in page.content()

    page.get_by_role("link", name="Обучающиеся").first.click()
    page.wait_for_url("**/monitoring/students/")
    table = page.locator("table").inner_text()
    assert "Образцова Анна Сергеевна" in table
    assert "Примеров" not in table

    page.get_by_label("Поиск по ФИО").fill("образц")
    page.get_by_role("button", name="Найти").click()
    assert "Образцова" in page.locator("table").inner_text()

    response = page.goto(f"/monitoring/students/{student_b.pk}/")
    assert response.status == 404
    assert "Страница не найдена" in page.content()
    assert "Примеров" not in page.content()
