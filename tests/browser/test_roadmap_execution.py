"""An ИМЦ specialist marks measure 1.1 done with an uploaded order; the board shows it done."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from roadmap.models import Execution, Roadmap

from ..roadmap.conftest import minimal_pdf
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roadmap(municipality) -> Roadmap:
    call_command("load_roadmap", stdout=io.StringIO())
    return Roadmap.objects.get()


def test_imc_marks_1_1_done_with_an_uploaded_order(page, imc, roadmap, tmp_path):
    order = tmp_path / "Приказ об утверждении дорожной карты.pdf"
    order.write_bytes(minimal_pdf("Prikaz N 5 ot 28.01.2021"))

    login(page, "imc")
    page.get_by_role("link", name="Дорожная карта").first.click()
    page.wait_for_url(f"**/roadmap/plans/{roadmap.pk}/")
    row = page.locator('tr[data-measure="1.1"]')
    assert "январь 2021: просрочено" in row.inner_text()

    row.get_by_role("link", name="1.1", exact=True).click()
    page.get_by_role("link", name="Отметить выполнение").click()
    page.get_by_label("Дата исполнения").fill("28.01.2021")
    page.get_by_label(re.compile(r"^\s*Статус\s*\*?\s*$")).select_option(label="выполнено")
    page.get_by_label("Файл документа").set_input_files(str(order))
    page.get_by_label("Вид документа").select_option(label="приказ")
    page.get_by_label("Номер").fill("5")
    page.get_by_label("Наименование документа").fill("Об утверждении дорожной карты 2021–2023")
    page.get_by_role("button", name="Сохранить отметку").click()

    page.wait_for_url("**/roadmap/measures/**")
    occurrence = page.locator('tr[data-occurrence="2021-01"]')
    assert "выполнено" in occurrence.locator(".badge").inner_text()
    assert "Приказ № 5 от 28.01.2021" in occurrence.inner_text()

    page.get_by_role("link", name="Доска").click()
    badge = page.locator('tr[data-measure="1.1"] .occurrence-badge')
    assert badge.inner_text() == "январь 2021: выполнено"
    assert badge.get_attribute("data-state") == "done"
    assert "text-bg-success" in badge.get_attribute("class")

    execution = Execution.objects.get()
    assert execution.documents.get().file_format == "pdf"
