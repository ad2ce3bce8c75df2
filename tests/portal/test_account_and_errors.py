"""Password reset by e-mail, the Russian error pages, the favicon, the help section."""

from __future__ import annotations

import re

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from ..conftest import PASSWORD, make_student


def test_login_page_offers_password_reset(client):
    html = client.get("/login/").content.decode()
    assert 'href="/password/reset/"' in html and "Забыли пароль?" in html


def test_forgotten_password_is_reset_through_a_russian_letter(client, coordinator_a):
    coordinator_a.email = "coord@school.example"
    coordinator_a.save()
    response = client.post("/password/reset/", {"email": "coord@school.example"})
    assert response.status_code == 302 and response["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["coord@school.example"]
    assert letter.subject.startswith("Восстановление пароля на портале")
    assert "Чтобы задать новый пароль, откройте ссылку" in letter.body
    assert f"учётной записи «{coordinator_a.username}»" in letter.body
    link = re.search(rf"{re.escape(settings.SITE_ROOT.rstrip('/'))}(/password/reset/\S+/)", letter.body)
    assert link, letter.body
    # The link leads to a form that sets the new password; the old one stops working.
    form = client.get(link.group(1), follow=True)
    assert "Новый пароль" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Новый-пароль-2026",
                                                    "new_password2": "Новый-пароль-2026"})
    assert done["Location"] == "/password/reset/complete/"
    assert signs_in(coordinator_a.username, "Новый-пароль-2026")
    assert not signs_in(coordinator_a.username, PASSWORD)
    # The link works once.
    again = client.get(link.group(1), follow=True).content.decode()
    assert "Ссылка недействительна" in again


def test_an_unknown_address_gets_no_letter_and_no_hint(client, coordinator_a):
    response = client.post("/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert "Проверьте почту" in response.content.decode()
    assert mail.outbox == []


def test_another_schools_record_is_a_russian_404_without_djangos_wording(client_b, school_a):
    student = make_student(school_a)
    response = client_b.get(f"/monitoring/students/{student.pk}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Страница не найдена" in html
    assert "Не найден ни один" not in html and "matches the given query" not in html


def test_a_404_the_portal_explains_keeps_its_reason(client_imc, db):
    response = client_imc.get("/monitoring/registers/no-such-register/")
    assert response.status_code == 404 and "Нет такого реестра." in response.content.decode()


def test_403_and_an_expired_form_are_explained_in_russian(client_a, coordinator_a, db):
    response = client_a.get("/roadmap/meetings/")
    assert response.status_code == 403 and "Доступ запрещён" in response.content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator_a)
    response = strict.post("/password/", {"old_password": "x"})
    assert response.status_code == 403
    assert "Форма устарела" in response.content.decode()


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("portal/favicon.ico")
    assert 'rel="icon"' in client.get("/login/").content.decode()


def test_help_opens_on_the_users_role_and_lists_whom_to_call(client_a, client_imc, db):
    from monitoring.models import Municipality, Staff

    Staff.objects.create(municipality=Municipality.objects.first(), school=None,
                         last_name="Гордеева", first_name="Елена", middle_name="Олеговна",
                         position="методист ИМЦ", category="department",
                         email="imc@nogliki-edu.example")
    html = client_a.get("/help/").content.decode()
    assert "<h1 class=\"h3\">Координатору ОО</h1>" in html
    assert "<h2" in html and "Сдача данных за полугодие" in html  # Markdown rendered
    assert "Гордеева Елена Олеговна" in html and "mailto:imc@nogliki-edu.example" in html
    assert "<h1 class=\"h3\">Специалисту ИМЦ</h1>" in client_imc.get("/help/").content.decode()
    assert client_a.get("/help/nope/").status_code == 404


def test_a_registers_help_comes_from_the_registry(client_a, db):
    from monitoring.registers.registry import registry

    entry = registry.get("diagnostics")
    html = client_a.get("/help/registers/diagnostics/").content.decode()
    assert entry.description in html
    # The Excel columns as the template's instruction sheet lists them.
    assert "ФИО" in html and "Методика" in html
    assert entry.template_notes[0][:40] in html
    assert client_a.get("/help/registers/nope/").status_code == 404


def test_pages_load_scripts_only_from_files(client_imc, db):
    """The Content-Security-Policy allows no inline script: data go in JSON blocks."""
    for url in ["/", "/reports/dashboard/?period=2022/2023-1", "/reports/labour-market/",
                "/reports/registers/diagnostics/?period=2022/2023-1", "/monitoring/students/"]:
        html = client_imc.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all('type="application/json"' in attrs for attrs in scripts), (url, scripts)
        assert not re.search(r"\son[a-z]+=\"", html), url


def signs_in(username: str, password: str) -> bool:
    """Through the login page, as a person signs in (the lockout backend needs the request)."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302
