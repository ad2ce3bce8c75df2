"""Every roadmap URL for every role: ИМЦ edits everything, the head reads everything, a
coordinator reads the roadmap and the published documents and nothing else; anonymous
visitors are sent to the login page. A new URL without a row here fails the meta-test."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from monitoring.models import User
from roadmap import services
from roadmap.models import (
    Decision,
    DecisionAction,
    Execution,
    InformationWork,
    Measure,
    Roadmap,
    ScheduleDate,
)

from ..conftest import client_for
from .conftest import make_document, make_meeting, measure, minimal_pdf

ROLES = ("anonymous", "no_role", "coordinator", "head", "imc")
READ = {"anonymous": 302, "no_role": 403, "coordinator": 200, "head": 200, "imc": 200}
MUNICIPAL = {**READ, "coordinator": 403}
EDIT = {**MUNICIPAL, "head": 403}
REDIRECT = {**READ, "coordinator": 302, "head": 302, "imc": 302}

#: url name → (object the URL takes, expected status per role)
URLS: dict[str, tuple[str | None, dict[str, int]]] = {
    "current": (None, REDIRECT),
    "roadmap_list": (None, READ),
    "roadmap_add": (None, EDIT),
    "roadmap_detail": ("roadmap", READ),
    "roadmap_edit": ("roadmap", EDIT),
    "roadmap_delete": ("roadmap", EDIT),
    "roadmap_copy": ("roadmap", EDIT),
    "roadmap_approve": ("roadmap", EDIT),
    "passport": ("roadmap", READ),
    "passport_edit": ("roadmap", EDIT),
    "report_xlsx": ("roadmap", READ),
    "report_docx": ("roadmap", READ),
    "checklist": ("roadmap", MUNICIPAL),
    "requireddocument_add": ("roadmap", EDIT),
    "requireddocument_edit": ("required", EDIT),
    "requireddocument_delete": ("required", EDIT),
    "section_add": ("roadmap", EDIT),
    "section_edit": ("section", EDIT),
    "section_delete": ("section", EDIT),
    "measure_add": ("roadmap", EDIT),
    "measure_detail": ("measure", READ),
    "measure_edit": ("measure", EDIT),
    "measure_delete": ("measure", EDIT),
    "scheduledate_add": ("scheduled_measure", EDIT),
    "scheduledate_delete": ("schedule", EDIT),
    "execution_add": ("measure", EDIT),
    "execution_edit": ("execution", EDIT),
    "execution_delete": ("execution", EDIT),
    "document_list": (None, READ),
    "document_add": (None, EDIT),
    "document_detail": ("document", READ),
    "document_edit": ("document", EDIT),
    "document_delete": ("document", EDIT),
    "document_download": ("document", READ),
    "meeting_list": (None, MUNICIPAL),
    "meeting_calendar": (None, MUNICIPAL),
    "meeting_add": (None, EDIT),
    "meeting_detail": ("meeting", MUNICIPAL),
    "meeting_edit": ("meeting", EDIT),
    "meeting_delete": ("meeting", EDIT),
    "decision_list": (None, MUNICIPAL),
    "decision_add": (None, EDIT),
    "decision_detail": ("decision", MUNICIPAL),
    "decision_edit": ("decision", EDIT),
    "decision_delete": ("decision", EDIT),
    "information_list": (None, MUNICIPAL),
    "information_add": (None, EDIT),
    "information_detail": ("information", MUNICIPAL),
    "information_edit": ("information", EDIT),
    "information_delete": ("information", EDIT),
    "risk_list": (None, MUNICIPAL),
    "risk_add": (None, EDIT),
    "risk_detail": ("risk", MUNICIPAL),
    "risk_edit": ("risk", EDIT),
    "risk_delete": ("risk", EDIT),
}

#: URLs that show one roadmap's content: a coordinator must not reach a draft's
DRAFT_READABLE = ["roadmap_detail", "passport", "report_xlsx", "report_docx", "measure_detail"]


def roadmap_url_names() -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "roadmap":
            names |= {p.name for p in pattern.url_patterns if isinstance(p, URLPattern)}
    return names


def test_every_roadmap_url_has_a_row_in_the_permission_table():
    assert roadmap_url_names() == set(URLS)


@pytest.fixture
def objects(approved, imc):
    document = make_document(measures=[measure(approved, "1.1")])
    upload = SimpleUploadedFile("приказ.pdf", minimal_pdf())
    services.attach_file(document, upload, services.check_document_file(upload))
    document.save()
    meeting = make_meeting(date(2022, 4, 1), [measure(approved, "6.1")])
    decision = Decision.objects.create(roadmap=approved, date=date(2022, 4, 5), title="Решение",
                                       basis_meeting=meeting)
    DecisionAction.objects.create(decision=decision, text="Провести семинар", due=date(2022, 6, 1))
    scheduled = measure(approved, "4.3")
    return {
        "roadmap": approved,
        "required": approved.required_documents.first(),
        "section": approved.sections.first(),
        "measure": measure(approved, "1.1"),
        "scheduled_measure": scheduled,
        "schedule": ScheduleDate.objects.create(measure=scheduled, date=date(2022, 3, 15)),
        "execution": Execution.objects.create(measure=measure(approved, "1.1"),
                                              occurrence_key="2021-01", date=date(2021, 1, 28),
                                              status="done"),
        "document": document,
        "meeting": meeting,
        "decision": decision,
        "information": InformationWork.objects.create(
            kind="hotline", date=date(2022, 3, 1), title="Горячая линия", audience="parents"),
        "risk": approved.risks.first(),
    }


@pytest.fixture
def clients(coordinator_a, head, imc):
    no_role = User.objects.create_user(username="nobody", password="x-long-password-1")
    return {"anonymous": Client(), "no_role": client_for(no_role),
            "coordinator": client_for(coordinator_a), "head": client_for(head),
            "imc": client_for(imc)}


def url_of(name: str, objects: dict) -> str:
    key = URLS[name][0]
    return reverse(f"roadmap:{name}", args=[objects[key].pk] if key else [])


@pytest.mark.parametrize("name", sorted(URLS))
def test_get_of_every_url_for_every_role(name, objects, clients):
    url = url_of(name, objects)
    for role in ROLES:
        response = clients[role].get(url)
        assert response.status_code == URLS[name][1][role], (name, role)
        if role == "anonymous":
            assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("name", sorted(n for n, (_, e) in URLS.items() if e is EDIT))
def test_readers_cannot_change_anything(name, objects, clients):
    snapshot = {model: list(model.objects.values()) for model in
                (Roadmap, Measure, Execution, Decision, InformationWork)}
    for role in ("coordinator", "head"):
        response = clients[role].post(url_of(name, objects), {"title": "Взлом", "text": "x"})
        assert response.status_code == 403, (name, role)
    assert {m: list(m.objects.values()) for m in snapshot} == snapshot


@pytest.mark.parametrize("name", DRAFT_READABLE)
def test_coordinator_does_not_see_a_draft_roadmap(name, objects, clients):
    Roadmap.objects.filter(pk=objects["roadmap"].pk).update(status=Roadmap.Status.DRAFT)
    assert clients["coordinator"].get(url_of(name, objects)).status_code == 404
    assert clients["head"].get(url_of(name, objects)).status_code == 200


def test_current_roadmap_opens_the_board(objects, clients):
    response = clients["coordinator"].get(reverse("roadmap:current"))
    assert response["Location"] == objects["roadmap"].get_absolute_url()


def test_roles_hold_the_permissions_of_roadmap_roles(db):
    perms = {g.name: {p.codename for p in g.permissions.filter(content_type__app_label="roadmap")}
             for g in Group.objects.all()}
    assert "add_execution" in perms["Специалист ИМЦ"]
    assert "view_meeting" in perms["Начальник отдела образования"]
    assert "change_measure" not in perms["Начальник отдела образования"]
    assert perms["Координатор ОО"] == {
        "view_roadmap", "view_passport", "view_section", "view_measure", "view_scheduledate",
        "view_execution", "view_document",
        # staff training (5.2): courses, the plan and the roadmap's targets; participants are
        # scoped to the school
        "view_trainingcourse", "view_trainingparticipation", "view_trainingplanitem",
        "view_trainingtarget",
    }


def test_navigation_shows_roadmap_entries_by_role(clients, objects):
    nav = clients["coordinator"].get(reverse("home")).content.decode().split("</nav>")[0]
    assert "Дорожная карта" in nav and "Документы" in nav and "Совещания" not in nav
    nav = clients["head"].get(reverse("home")).content.decode().split("</nav>")[0]
    assert "Дорожная карта" in nav and "Совещания" in nav


def test_admin_has_every_roadmap_model_with_russian_names(client, portal_admin, objects):
    from django.apps import apps
    from django.contrib import admin

    client.force_login(portal_admin)
    for model in apps.get_app_config("roadmap").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert model in admin.site._registry, f"{model.__name__} is not in the admin"
        assert any("а" <= ch <= "я" for ch in str(model._meta.verbose_name)), model
        meta = model._meta
        assert client.get(reverse(f"admin:roadmap_{meta.model_name}_changelist")).status_code == 200
    document = objects["document"]
    page = client.get(reverse("admin:roadmap_document_change", args=[document.pk]))
    assert page.status_code == 200 and document.download_url in page.content.decode()
