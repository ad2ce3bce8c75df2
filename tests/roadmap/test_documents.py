"""The documents registry: uploads checked by content and size, files only through a
permission-checked download, search and filters, and the completeness of the normative base."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap import services
from roadmap.models import Document, DocumentKind, RequiredDocument

from .conftest import make_document, measure, minimal_docx, minimal_pdf

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 300


def post_document(client, content: bytes, name: str, **extra):
    data = {"kind": DocumentKind.ORDER, "number": "12", "date": "28.01.2021",
            "title": "Об утверждении дорожной карты", "status": "approved",
            "upload": SimpleUploadedFile(name, content), **extra}
    return client.post(reverse("roadmap:document_add"), data)


def test_imc_uploads_a_pdf_and_it_is_stored_privately(client_imc, imc, settings):
    response = post_document(client_imc, minimal_pdf(), "Приказ № 12.pdf")
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.file_format, document.file_name, document.uploaded_by) == (
        "pdf", "Приказ № 12.pdf", imc)
    # stored under a random name outside MEDIA_URL's reach, never with a public URL
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".pdf")
    assert "Приказ" not in document.file.name
    with pytest.raises(ValueError, match="только через проверку прав"):
        document.file.url  # noqa: B018
    assert client_imc.get(f"/media/private/{document.file.name}").status_code == 404
    download = client_imc.get(reverse("roadmap:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == minimal_pdf()


def test_a_docx_named_pdf_is_stored_as_docx(client_imc):
    post_document(client_imc, minimal_docx(), "положение.pdf")
    document = Document.objects.get()
    assert document.file_format == "docx" and document.download_name == "положение.docx"


def test_renamed_executable_is_refused_with_a_russian_message(client_imc):
    response = post_document(client_imc, EXE, "приказ.pdf")
    assert response.status_code == 200
    assert "Файл «приказ.pdf» — исполняемая программа, а не документ." in response.content.decode()
    assert not Document.objects.exists()


def test_text_file_is_refused(client_imc):
    response = post_document(client_imc, "Приказ № 12".encode(), "приказ.docx")
    assert "не является документом PDF, DOCX, XLSX или ODT" in response.content.decode()
    assert not Document.objects.exists()


def test_oversized_file_is_refused(client_imc, settings):
    settings.UPLOAD_MAX_MB = 1
    big = minimal_pdf() + b"%" + b"0" * (1024 * 1024)
    response = post_document(client_imc, big, "скан.pdf")
    assert "Файл «скан.pdf» слишком большой: 1,0 МБ, допускается не больше 1 МБ." in (
        response.content.decode())
    assert not Document.objects.exists()


@pytest.fixture
def documents(school_a, school_b):
    def with_file(document):
        services.attach_file(document, SimpleUploadedFile("f.pdf", minimal_pdf()),
                             services.check_document_file(SimpleUploadedFile("f.pdf", minimal_pdf())))
        document.save()
        return document

    return {
        "municipal": with_file(make_document(title="Муниципальный приказ")),
        "own": with_file(make_document(title="Приказ школы А", school=school_a)),
        "other": with_file(make_document(title="Приказ школы Б", school=school_b)),
        "draft": with_file(make_document(title="Проект положения", status="draft")),
        "repealed": with_file(make_document(title="Старый регламент", status="repealed")),
    }


@pytest.mark.parametrize(
    ("name", "coordinator_sees"),
    [("municipal", True), ("own", True), ("other", False), ("draft", False), ("repealed", False)],
)
def test_coordinator_gets_only_published_municipal_or_own_documents(
    documents, client_a, client_head, name, coordinator_sees
):
    document = documents[name]
    for url_name in ("roadmap:document_detail", "roadmap:document_download"):
        url = reverse(url_name, args=[document.pk])
        assert client_a.get(url).status_code == (200 if coordinator_sees else 404)
        assert client_head.get(url).status_code == 200
    listing = client_a.get(reverse("roadmap:document_list")).content.decode()
    assert (document.title in listing) is coordinator_sees


def test_search_ignores_case_and_yo_and_filters_combine(client_imc, school_a):
    make_document(title="Положение о методах сбора информации", kind=DocumentKind.REGULATION)
    make_document(title="Приказ об утверждении показателей", day=date(2022, 3, 1))
    make_document(title="Отчёт за 2021 год", kind=DocumentKind.REPORT, school=school_a)
    url = reverse("roadmap:document_list")

    def titles(**query):
        page = client_imc.get(url, query).content.decode()
        return {t for t in ("методах сбора", "показателей", "Отчёт за 2021") if t in page}

    assert titles(q="МЕТОДАХ") == {"методах сбора"}
    assert titles(q="отчет") == {"Отчёт за 2021"}
    assert titles(kind=DocumentKind.ORDER) == {"показателей"}
    assert titles(year=2022) == {"показателей"}
    assert titles(school=school_a.pk) == {"Отчёт за 2021"}
    assert titles(status="approved", kind=DocumentKind.REGULATION) == {"методах сбора"}


def test_deleting_a_document_removes_its_file(client_imc):
    post_document(client_imc, minimal_pdf(), "приказ.pdf")
    document = Document.objects.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    client_imc.post(reverse("roadmap:document_delete", args=[document.pk]))
    assert not Document.objects.exists() and not storage.exists(name)


# ------------------------------------------------------------------ completeness


def test_approved_roadmap_has_the_checklist_of_seven_documents(approved):
    items = list(RequiredDocument.objects.filter(roadmap=approved).select_related("measure"))
    assert [(i.kind, i.measure.number) for i in items] == [
        ("order", "1.1"), ("regulation", "1.2"), ("order", "2.1"), ("rules", "2.2"),
        ("regulation", "2.3"), ("plan_schedule", "5.2"), ("order", "5.3"),
    ]


def test_completeness_with_the_list_of_what_is_missing(approved):
    result = services.normative_documents_completeness(approved, date(2021, 12, 31))
    assert (result.value, result.present, result.required) == (0.0, 0, 7)

    make_document(title="Об утверждении дорожной карты развития", day=date(2021, 1, 28))
    make_document(kind=DocumentKind.REGULATION, title="Положение о сборе данных",
                  day=date(2021, 5, 20), measures=[measure(approved, "2.3")])
    make_document(kind=DocumentKind.RULES, title="Регламент оценки развития системы",
                  day=date(2022, 6, 1))
    make_document(kind=DocumentKind.PLAN_SCHEDULE, title="План-график повышения квалификации",
                  status="draft")
    make_document(kind=DocumentKind.ORDER, title="О назначении ответственного специалиста",
                  day=date(2021, 5, 10), status="repealed")

    on_2021 = services.normative_documents_completeness(approved, date(2021, 12, 31))
    assert (on_2021.present, on_2021.value) == (2, 28.6)
    assert [i.measure.number for i in on_2021.missing] == ["1.2", "2.1", "2.2", "5.2", "5.3"]
    on_2022 = services.normative_documents_completeness(approved, date(2022, 12, 31))
    assert on_2022.value == 42.9
    # the draft and the repealed order do not count; before the roadmap's order nothing does
    assert services.normative_documents_completeness(approved, date(2021, 1, 1)).value == 0.0


def test_repealed_document_counts_until_it_is_repealed(approved):
    make_document(title="Об утверждении дорожной карты", day=date(2021, 1, 28),
                  status="repealed").__class__.objects.update(repealed_on=date(2022, 1, 1))
    assert services.normative_documents_completeness(approved, date(2021, 6, 1)).present == 1
    assert services.normative_documents_completeness(approved, date(2022, 6, 1)).present == 0


def test_checklist_page(client_imc, client_a, approved):
    make_document(title="Об утверждении дорожной карты", day=date(2021, 1, 28))
    url = reverse("roadmap:checklist", args=[approved.pk])
    page = client_imc.get(url, {"on": "2021-12-31"}).content.decode()
    assert "14,3%" in page and "1 из 7" in page
    assert "Положение по развитию муниципальной системы" in page.split('id="missing"')[1]
    assert client_a.get(url).status_code == 403


def test_checklist_line_added_in_the_browser(client_imc, approved):
    response = client_imc.post(reverse("roadmap:requireddocument_add", args=[approved.pk]), {
        "kind": DocumentKind.GUIDELINES, "title": "Методические рекомендации по планам работы",
        "title_pattern": "рекомендации", "measure": measure(approved, "4.3").pk, "order": 8,
    })
    assert response.status_code == 302
    assert services.normative_documents_completeness(approved).required == 8


def test_registry_export_is_what_the_filter_selects(client_imc, client_a, school_a, school_b):
    from ..conftest import read_xlsx

    make_document(title="Положение о методах сбора информации", kind=DocumentKind.REGULATION)
    make_document(title="Приказ школы Б", school=school_b)
    make_document(title="=HYPERLINK(\"http://x\")", school=school_a)
    url = reverse("roadmap:document_list")

    def exported(client, **query):
        workbook = read_xlsx(client.get(url, {**query, "export": "xlsx"}).content)
        rows = list(workbook.active.iter_rows(values_only=True))
        return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]

    header, rows = exported(client_imc, kind=DocumentKind.REGULATION)
    assert header == ("Вид", "Номер", "Дата", "Наименование", "ОО", "Статус", "Мероприятия", "Файл")
    assert [(r["Вид"], r["Дата"], r["ОО"]) for r in rows] == [("положение", "28.01.2021", "муниципальный")]
    _, rows = exported(client_a)
    titles = {r["Наименование"] for r in rows}
    assert "Приказ школы Б" not in titles
    assert "'=HYPERLINK(\"http://x\")" in titles  # a formula typed as a title stays text


def test_year_filter_starts_with_all(client_imc):
    page = client_imc.get(reverse("roadmap:document_list")).content.decode()
    year_select = page.split('name="year"')[1].split("</select>")[0]
    assert year_select.split("<option")[1].startswith(' value="" selected>Все')


def test_replacing_the_file_removes_the_old_one(client_imc, django_capture_on_commit_callbacks):
    post_document(client_imc, minimal_pdf(), "проект.pdf")
    document = Document.objects.get()
    storage, old = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_imc.post(reverse("roadmap:document_edit", args=[document.pk]), {
            "kind": DocumentKind.ORDER, "number": "12", "date": "28.01.2021",
            "title": "Об утверждении дорожной карты", "status": "approved",
            "upload": SimpleUploadedFile("подписанный.docx", minimal_docx()),
        })
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file_format == "docx" and storage.exists(document.file.name)
    assert not storage.exists(old)
