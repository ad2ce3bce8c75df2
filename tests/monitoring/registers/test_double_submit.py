"""A double click, a second tab, two colleagues at once: every register and list saves a
record once, and the second request gets a Russian message, never a server error.

On any database: two posts one after the other, and a post whose record another request
saves between this one's check and its save (the database's unique rule decides). On
PostgreSQL, with real threads: two form posts that both pass the check before either
saves, and two confirmations of the same import at the same moment."""

from __future__ import annotations

import re
import shutil
import threading

import pytest
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from monitoring import importing
from monitoring.models import Student
from monitoring.registers.base import DUPLICATE
from monitoring.registers.registry import registry
from monitoring.views_generic import SAVED_TWICE

from .cases import CASES
from .corpus import N, Sheet, grid, targets, upload, write_xlsx

ALL = [entry.slug for entry in registry]


def form_data(ctx, slug: str) -> dict:
    data = dict(CASES[slug].form(ctx))
    if "student" in registry.get(slug).form_fields:
        data["student"] = ctx.student.pk
    return data


def add_url(slug: str) -> str:
    return reverse("monitoring:register_add", args=[slug])


def keeper_client(request, slug):
    return request.getfixturevalue("client_a" if CASES[slug].keeper == "coordinator" else "client_imc")


@pytest.mark.parametrize("slug", ALL)
def test_the_same_form_posted_twice_saves_once(request, ctx, slug):
    model = registry.get(slug).model
    client = keeper_client(request, slug)
    before = model.objects.count()
    first = client.post(add_url(slug), form_data(ctx, slug))
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(add_url(slug), form_data(ctx, slug))
    assert second.status_code == 200 and DUPLICATE in second.content.decode()
    assert model.objects.count() == before + 1


@pytest.mark.parametrize("slug", ALL)
def test_a_record_saved_by_another_request_between_check_and_save_is_a_message(request, ctx, slug):
    """The window a double click hits: the form found no duplicate, then another request
    saved the same record just before this one's INSERT. The database's rule refuses it."""
    model = registry.get(slug).model
    client = keeper_client(request, slug)

    def other_request_saves_first(sender, instance, **kwargs):
        if instance.pk is None:
            twin = type(instance).objects.model(**{
                f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
                if not f.primary_key})
            type(instance).objects.bulk_create([twin])

    pre_save.connect(other_request_saves_first, sender=model)
    try:
        response = client.post(add_url(slug), form_data(ctx, slug))
    finally:
        pre_save.disconnect(other_request_saves_first, sender=model)
    page = response.content.decode()
    assert response.status_code == 200, page[:2000]
    assert DUPLICATE in page or SAVED_TWICE in page


def test_a_new_student_saved_twice_is_a_message_not_a_server_error(client_a, school_a):
    data = {"last_name": "Новикова", "first_name": "Вера", "middle_name": "", "birth_date": "01.02.2012",
            "sex": "Ж", "grade": 6, "class_letter": "а", "status": "studying"}
    assert client_a.post(reverse("monitoring:student_add"), data).status_code == 302
    again = client_a.post(reverse("monitoring:student_add"), data)
    assert again.status_code == 200
    assert "уже есть обучающийся с такими ФИО и датой рождения" in again.content.decode()
    assert Student.objects.count() == 1


def test_mass_entry_posted_twice_records_each_student_once(ctx, client_a):
    from monitoring.registers.records import Diagnostic

    url = reverse("monitoring:register_mass", args=["diagnostics"])
    data = {"klass": "7А", "students": [ctx.student.pk], "date": ctx.day, "method": ctx.method.pk}
    assert client_a.post(url, data).status_code == 302
    again = client_a.post(url, data, follow=True)
    assert "Уже были записаны и пропущены" in again.content.decode()
    assert Diagnostic.objects.count() == 1


# ------------------------------------------------------------- PostgreSQL, threads


def run_together(*calls):
    """Start the calls in threads at the same moment; each thread has its own database
    connection, as two requests of two gunicorn workers would."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    failures: list = []

    def work(index, call):
        try:
            start.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    return results


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def keeper(request, slug):
    return request.getfixturevalue("coordinator_a" if CASES[slug].keeper == "coordinator" else "imc")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("slug", ALL)
def test_two_posts_of_the_same_form_at_once_save_once(request, ctx, slug):
    model = registry.get(slug).model
    user = keeper(request, slug)
    before = model.objects.count()
    both_checked = threading.Barrier(2)

    def wait_for_the_other(sender, instance, **kwargs):
        # Both requests have passed the form's duplicate check; now both save.
        if instance.pk is None and threading.current_thread() is not threading.main_thread():
            both_checked.wait(timeout=30)

    pre_save.connect(wait_for_the_other, sender=model)
    try:
        first, second = run_together(
            lambda: client_of(user).post(add_url(slug), form_data(ctx, slug)),
            lambda: client_of(user).post(add_url(slug), form_data(ctx, slug)))
    finally:
        pre_save.disconnect(wait_for_the_other, sender=model)
    assert sorted([first.status_code, second.status_code]) == [200, 302]
    refused = first if first.status_code == 200 else second
    assert DUPLICATE in refused.content.decode() or SAVED_TWICE in refused.content.decode()
    assert model.objects.count() == before + 1


IMPORTS = [*ALL, "students", "staff"]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", IMPORTS)
def test_two_confirmations_of_one_import_at_once_save_it_once(request, ctx, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    target = targets()[name]
    user = request.getfixturevalue("imc" if target.client == "client_imc" else "coordinator_a")
    rows = target.rows(ctx, N)
    headers = list(dict.fromkeys(h for row in rows for h in row))
    content = write_xlsx([Sheet("Данные", [headers, *grid(headers, rows)])])
    page = client_of(user).post(target.import_url, {"file": upload(content, "список.xlsx")}).content.decode()
    assert f"новых: {N}," in page, page[page.find("Строк:"):][:2000]
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    school = re.search(r'name="school" value="(\d*)"', page).group(1)
    # Two tabs with the same checked file: two tokens for one table.
    folder = importing.preview_dir(user)
    twin = "f" * 32
    shutil.copy(folder / f"{token}.json", folder / f"{twin}.json")
    before = target.model.objects.count()

    responses = run_together(
        lambda: client_of(user).post(target.import_url, {"token": token, "school": school}),
        lambda: client_of(user).post(target.import_url, {"token": twin, "school": school}))
    assert [r.status_code for r in responses] == [302, 302]
    assert target.model.objects.count() == before + N
