"""«Отметить выполнение»: the execution form with evidence, as ИМЦ uses it."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap.deadlines import OccurrenceState
from roadmap.models import Document, DocumentKind, Execution

from .conftest import make_document, measure, minimal_pdf
from .test_documents import EXE


def form_data(**extra):
    return {"occurrence_key": "2021-01", "date": "28.01.2021", "status": "done",
            "comment": "", "reason": "", "new_status": "approved", **extra}


def test_imc_marks_1_1_done_with_an_uploaded_order(client_imc, imc, approved):
    item = measure(approved, "1.1")
    url = reverse("roadmap:execution_add", args=[item.pk])
    page = client_imc.get(url, {"occurrence": "2021-01"}).content.decode()
    assert "Отметить выполнение: мероприятие 1.1" in page
    assert 'value="2021-01" selected' in page

    response = client_imc.post(url, form_data(
        new_file=SimpleUploadedFile("Приказ № 5.pdf", minimal_pdf()),
        new_kind=DocumentKind.ORDER, new_number="5", new_title="Об утверждении дорожной карты",
    ))
    assert response.status_code == 302
    assert response["Location"] == f"{item.get_absolute_url()}#occurrence-2021-01"
    execution = Execution.objects.get()
    assert (execution.date, execution.status, execution.author) == (date(2021, 1, 28), "done", imc)
    document = execution.documents.get()
    # the new document is in the registry, dated by the execution, linked to the measure
    assert (document.number, document.date, document.file_format) == ("5", date(2021, 1, 28), "pdf")
    assert list(document.measures.all()) == [item]

    measure_page = client_imc.get(item.get_absolute_url()).content.decode()
    assert "Приказ № 5 от 28.01.2021" in measure_page
    assert 'data-state="done"' in measure_page
    board = client_imc.get(approved.get_absolute_url()).content.decode()
    row = board.split('data-measure="1.1"')[1].split("</tr>")[0]
    assert "январь 2021: выполнено" in row


def test_existing_registry_document_as_evidence(client_imc, approved):
    order = make_document(title="Об утверждении Положения", day=date(2021, 5, 20))
    item = measure(approved, "1.2")
    client_imc.post(reverse("roadmap:execution_add", args=[item.pk]),
                    form_data(occurrence_key="2021-05", date="20.05.2021", documents=[order.pk]))
    assert list(Execution.objects.get().documents.all()) == [order]
    assert list(order.measures.all()) == [item]


def test_not_needed_needs_a_reason_and_an_optional_occurrence(client_imc, approved):
    item = measure(approved, "1.3")
    url = reverse("roadmap:execution_add", args=[item.pk])
    page = client_imc.post(url, form_data(occurrence_key="2022", date="01.12.2022",
                                          status="not_needed")).content.decode()
    assert "Укажите, почему исполнение не потребовалось." in page
    client_imc.post(url, form_data(occurrence_key="2022", date="01.12.2022",
                                   status="not_needed", reason="Изменений не потребовалось"))
    execution = Execution.objects.get()
    assert execution.reason == "Изменений не потребовалось"
    mandatory = measure(approved, "3.1")
    page = client_imc.post(reverse("roadmap:execution_add", args=[mandatory.pk]), form_data(
        occurrence_key="2022", date="01.12.2022", status="not_needed", reason="нет"
    )).content.decode()
    assert "этот срок обязательный" in page
    assert Execution.objects.count() == 1


def test_renamed_executable_in_the_execution_form_saves_nothing(client_imc, approved):
    item = measure(approved, "1.1")
    page = client_imc.post(reverse("roadmap:execution_add", args=[item.pk]), form_data(
        new_file=SimpleUploadedFile("приказ.pdf", EXE), new_kind=DocumentKind.ORDER,
        new_title="Приказ",
    )).content.decode()
    assert "исполняемая программа, а не документ" in page
    assert not Execution.objects.exists() and not Document.objects.exists()


def test_a_new_document_needs_its_kind_and_title(client_imc, approved):
    item = measure(approved, "1.1")
    page = client_imc.post(reverse("roadmap:execution_add", args=[item.pk]), form_data(
        new_file=SimpleUploadedFile("приказ.pdf", minimal_pdf()),
    )).content.decode()
    assert "Укажите вид документа." in page and "Укажите наименование документа." in page
    assert not Execution.objects.exists()


def test_editing_an_execution_keeps_documents_the_editor_cannot_change(client_imc, approved):
    item = measure(approved, "1.1")
    client_imc.post(reverse("roadmap:execution_add", args=[item.pk]),
                    form_data(status="in_progress", comment="проект готов"))
    execution = Execution.objects.get()
    response = client_imc.post(reverse("roadmap:execution_edit", args=[execution.pk]),
                               form_data(comment="утверждено"))
    assert response.status_code == 302
    execution.refresh_from_db()
    assert (execution.status, execution.comment) == ("done", "утверждено")


def test_head_and_coordinator_cannot_mark_executions(client_head, client_a, approved):
    item = measure(approved, "1.1")
    url = reverse("roadmap:execution_add", args=[item.pk])
    for client in (client_head, client_a):
        assert client.get(url).status_code == 403
        assert client.post(url, form_data()).status_code == 403
    assert not Execution.objects.exists()
    page = client_head.get(item.get_absolute_url()).content.decode()
    assert "Отметить выполнение" not in page


def test_board_state_filter_and_date(client_head, approved):
    url = approved.get_absolute_url()
    page = client_head.get(url, {"on": "2021-06-01", "state": OccurrenceState.OVERDUE}).content.decode()
    shown = {n for n in ("1.1", "1.2", "1.3", "2.1", "6.1") if f'data-measure="{n}"' in page}
    assert shown == {"1.1", "1.2", "2.1"}
    assert "просрочено: 5" in page
    assert "На 01.06.2021" in page


def test_a_new_mark_proposes_done_today(client_imc, approved):
    from django.utils import timezone

    item = measure(approved, "1.1")
    page = client_imc.get(reverse("roadmap:execution_add", args=[item.pk])).content.decode()
    assert '<option value="done" selected>' in page
    assert f'value="{timezone.localdate():%d.%m.%Y}"' in page
