"""«Отчёт о выполнении дорожной карты» as XLSX and DOCX: both files are parsed back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from roadmap.models import Execution

from ..conftest import read_xlsx
from .conftest import make_document, make_meeting, measure
from .test_roadmap_fixture import EXPECTED_DEADLINES

NUMBERS = [number for number, _ in EXPECTED_DEADLINES]


@pytest.fixture
def executed(approved):
    order = make_document(title="Об утверждении дорожной карты", number="5", day=date(2021, 1, 28))
    execution = Execution.objects.create(measure=measure(approved, "1.1"), occurrence_key="2021-01",
                                         date=date(2021, 1, 28), status="done")
    execution.documents.add(order)
    draft = make_document(title="Черновик положения", status="draft", day=date(2021, 5, 10))
    in_progress = Execution.objects.create(measure=measure(approved, "1.2"),
                                           occurrence_key="2021-05", date=date(2021, 5, 10),
                                           status="in_progress", comment="проект готов")
    in_progress.documents.add(draft)
    make_meeting(date(2021, 4, 12), [measure(approved, "6.1")], topic="Итоги мониторинга")
    return approved


def xlsx_rows(content: bytes) -> tuple[list[tuple], list[tuple]]:
    workbook = read_xlsx(content)
    return (list(workbook["Отчёт"].iter_rows(values_only=True)),
            list(workbook["Итоги"].iter_rows(values_only=True)))


def test_xlsx_report_has_every_measure_with_states_and_evidence(client_imc, executed):
    response = client_imc.get(reverse("roadmap:report_xlsx", args=[executed.pk]), {"on": "2021-06-01"})
    assert response.status_code == 200
    assert "01.06.2021.xlsx" in response["Content-Disposition"]
    rows, totals = xlsx_rows(response.content)
    assert rows[0][0] == "Отчёт о выполнении дорожной карты"
    assert rows[2][0] == "Состояние на 01.06.2021"
    header = rows[4]
    assert header[:4] == ("Раздел", "№ п/п", "Мероприятие", "Сроки исполнения (как в документе)")
    data = [dict(zip(header, row, strict=True)) for row in rows[5:]]
    assert sorted({r["№ п/п"] for r in data}, key=NUMBERS.index) == NUMBERS
    deadlines = {r["№ п/п"]: r["Сроки исполнения (как в документе)"] for r in data}
    assert deadlines == dict(EXPECTED_DEADLINES)
    first = next(r for r in data if r["№ п/п"] == "1.1")
    assert (first["Состояние на дату"], first["Даты исполнения"]) == ("выполнено", "28.01.2021 — выполнено")
    assert "Приказ № 5 от 28.01.2021 «Об утверждении дорожной карты»" in first["Подтверждающие документы, совещания"]
    assert first["Ответственный"] == "ИМЦ отдела образования Дискулцу Л.Ю."
    second = next(r for r in data if r["№ п/п"] == "1.2")
    assert second["Состояние на дату"] == "просрочено"
    meeting = next(r for r in data if r["№ п/п"] == "6.1" and r["Наступление срока"] == "2021 год, 1-е из 2")
    assert "Совещание 12.04.2021 «Итоги мониторинга»" in meeting["Подтверждающие документы, совещания"]
    assert next(r for r in data if r["№ п/п"] == "4.3")["Наступление срока"] == "сроки не заданы (нет графика)"
    assert totals[1] == ("Состояние", "Наступлений сроков")
    assert dict(totals[2:8]) == {"просрочено": 4, "скоро срок": 0, "в работе": 12,
                                 "запланировано": 20, "выполнено": 2, "не потребовалось": 0}
    assert totals[8] == ("Всего", 38)


def test_docx_report_has_every_measure(client_head, executed):
    response = client_head.get(reverse("roadmap:report_docx", args=[executed.pk]), {"on": "2021-06-01"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = WordDocument(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Отчёт о выполнении дорожной карты" in text and "Состояние на 01.06.2021" in text
    totals, *sections, signature = document.tables
    assert [c.text for c in totals.rows[1].cells] == ["просрочено", "4"]
    assert len(sections) == 6
    assert "Начальник отдела образования" in signature.rows[0].cells[0].text
    # The department's official style, as the notes: Times New Roman 14, measures on
    # landscape pages, the department as the author.
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert any(s.page_width > s.page_height for s in document.sections)
    assert document.core_properties.author != "python-docx"
    assert document.core_properties.created.year >= 2024
    found = {}
    for table in sections:
        assert [c.text.replace("\xa0", " ") for c in table.rows[0].cells][:3] == [
            "№ п/п", "Мероприятие", "Сроки исполнения"]
        for row in table.rows[1:]:
            # No-break spaces keep «№ 5» on one line; read as spaces.
            cells = [c.text.replace("\xa0", " ") for c in row.cells]
            found[cells[0]] = cells
    assert list(found) == NUMBERS
    assert {n: cells[2] for n, cells in found.items()} == dict(EXPECTED_DEADLINES)
    assert "январь 2021 (до 31.01.2021): выполнено" in found["1.1"][4]
    assert "Приказ № 5 от 28.01.2021" in found["1.1"][5]
    assert found["1.2"][4] == "май 2021 (до 31.05.2021): просрочено"


def test_coordinators_report_leaves_out_documents_they_may_not_see(client_a, client_imc, executed):
    url = reverse("roadmap:report_xlsx", args=[executed.pk])
    for client, sees_draft in ((client_imc, True), (client_a, False)):
        rows, _ = xlsx_rows(client.get(url, {"on": "2021-06-01"}).content)
        cells = " ".join(str(c) for row in rows for c in row if c)
        assert ("Черновик положения" in cells) is sees_draft
        assert "Приказ № 5 от 28.01.2021" in cells
