"""Roles, navigation, home pages and the demo data set."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from monitoring.models import Student, User
from monitoring.roles import Role


def test_the_four_roles_exist_with_permissions(db):
    groups = {g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()}
              for g in Group.objects.prefetch_related("permissions__content_type")}
    assert set(groups) >= {r.value for r in Role}
    assert "monitoring.add_student" in groups["Координатор ОО"]
    assert "monitoring.change_school" not in groups["Координатор ОО"]
    assert "monitoring.view_student" in groups["Начальник отдела образования"]
    assert "monitoring.change_student" not in groups["Начальник отдела образования"]
    assert "monitoring.change_period" in groups["Специалист ИМЦ"]
    assert "monitoring.delete_user" in groups["Администратор"]


def test_login_page_is_russian(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Вход в портал" in page and "Пароль" in page and 'lang="ru"' in page


def test_wrong_password_is_explained_in_russian(client, coordinator_a):
    page = client.post(reverse("login"), {"username": "coord_a", "password": "x"}).content.decode()
    assert "Неверное имя пользователя или пароль" in page


def test_coordinator_home_shows_own_school_counts(client_a, student_a, student_b, school_a):
    page = client_a.get(reverse("home")).content.decode()
    assert school_a.short_name in page and "Школа Б" not in page
    assert "Загрузить список классов" in page


def test_municipal_home_lists_every_school(client_head, school_a, school_b, student_a):
    page = client_head.get(reverse("home")).content.decode()
    assert "Школа А" in page and "Школа Б" in page


@pytest.mark.parametrize(
    ("role_client", "visible", "hidden"),
    [
        ("client_a", ["Обучающиеся", "Сотрудники"], []),
        ("client_head", ["Обучающиеся", "Школы"], []),
    ],
)
def test_navigation_by_role(request, role_client, visible, hidden):
    page = request.getfixturevalue(role_client).get(reverse("home")).content.decode()
    nav = page.split("</nav>")[0]
    for title in visible:
        assert title in nav
    for title in hidden:
        assert title not in nav


def test_password_change(client_a, coordinator_a):
    response = client_a.post(reverse("password_change"), {
        "old_password": "pass-for-tests-123", "new_password1": "Nov0e-slozhnoe-2024",
        "new_password2": "Nov0e-slozhnoe-2024",
    })
    assert response.status_code == 302
    coordinator_a.refresh_from_db()
    assert coordinator_a.check_password("Nov0e-slozhnoe-2024")


def test_admin_has_every_model_with_russian_names(client, portal_admin):
    from django.contrib import admin

    client.force_login(portal_admin)
    from django.apps import apps

    for model in apps.get_app_config("monitoring").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert model in admin.site._registry, f"{model.__name__} is not in the admin"
        assert any("а" <= ch <= "я" for ch in str(model._meta.verbose_name)), model
        url = reverse(f"admin:monitoring_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200


def test_seed_demo_builds_fictional_municipality(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", students_per_class=2)
    out = capsys.readouterr().out
    for login in ["koordinator", "imc", "nachalnik", "admin"]:
        assert f"логин: {login}" in out
    assert Student.objects.count() > 20
    # Fictional people: every surname comes from the demo's list (put together at random).
    from monitoring.demo import SURNAMES

    made_up = {name for pair in SURNAMES for name in pair}
    assert set(Student.objects.values_list("last_name", flat=True)) <= made_up
    coordinator = User.objects.get(username="koordinator")
    assert coordinator.is_coordinator and len(coordinator.school_ids) == 1
    # Running it again changes nothing.
    count = Student.objects.count()
    call_command("seed_demo", students_per_class=2)
    assert Student.objects.count() == count


def test_seed_demo_refuses_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("seed_demo")
